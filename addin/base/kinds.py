"""Base layer: every output field's kind, declared once (money, rate, ratio, fte, count,
date, month, text), and what the kind decides: its rounding, its JSON value, its text in
the command's summary and its number format in a workbook.

The JSON of every command, the `budget` text summary, the template and the report derive
from these two tables (and the Plan's columns, each of a kind: planning/columns.py), so a Bonus of 12.5% is 0.125 in JSON, "12.5%" in text and on the
sheet, and never rounded as if it were money.
"""

from __future__ import annotations

from collections import namedtuple
from datetime import date, datetime

from .pence import rounded


class Kind(namedtuple("Kind", "name places excel meaning")):
    """A kind of output field: ``places`` it is rounded to (half up; None: not a number),
    its ``excel`` number format and what a value of it means."""

    __slots__ = ()


KINDS = {k.name: k for k in (
    Kind("money", 2, "£#,##0.00", "pounds, to the penny"),
    Kind("rate", 4, "0.0#%", "a fraction shown as a percentage: 0.125 is 12.5%"),
    Kind("ratio", 4, "0.0000", "a plain ratio, e.g. a compa-ratio (1 is the band's mid)"),
    Kind("fte", 3, "General", "full-time equivalents: 1 is full time (General shows 20.9, 1 and 0.75 as they are)"),
    Kind("count", 0, "0", "a whole number of rows, days or people"),
    Kind("date", None, "d mmm yyyy", "a day, YYYY-MM-DD in JSON"),
    Kind("month", None, "mmm yyyy", "a month, named by its first or last day"),
    Kind("text", None, None, "words, as typed or as worded"),
)}

#: The kind of each output field, by the name it has in JSON (the Plan's columns declare
#: their own: planning/columns.py).
FIELDS = {
    # The budget summary.
    "company": "text", "fy_start": "date", "fy_end": "date", "tax_year": "text",
    "scenario": "text", "rows": "count", "priced": "count", "problems": "count",
    "review": "count", "outside_year": "count", "outside_our_band": "count", "row": "count", "problem": "text",
    "warning": "text", "fy_cost": "money", "fy_nic": "money", "employment_allowance": "money",
    "net_fy_cost": "money", "hire_fees": "money", "visa_costs": "money",
    "plan_levy": "money", "other_costs": "money", "other_cost": "money", "levy_pay": "money", "pay_bill": "money", "annual_cost": "money",
    "fte_year_end": "fte", "share": "rate", "month": "text", "start": "date", "end": "date",
    "total": "money", "fte": "fte", "Permanent": "money", "Contractor": "money",
    "Q1": "money", "Q2": "money", "Q3": "money", "Q4": "money",
    "horizon_months": "count", "horizon_end": "date", "horizon_cost": "money",
    "horizon_nic": "money",
    # The other commands.
    "low": "money", "mid": "money", "high": "money", "point": "money", "pay": "money",
    "compa_ratio": "ratio", "band_position": "ratio", "percentile": "ratio",
    "mid_ratio": "ratio", "min_position": "ratio", "mid_position": "ratio",
    "max_position": "ratio",
    "score": "ratio", "days": "count", "billable_days": "count", "day_rate": "money",
    "day_cost": "money", "fee_rate": "rate", "pension_rate": "rate", "benefits_rate": "rate",
    "bonus_rate": "rate", "bik_rate": "rate", "allowance_rate": "rate",
    "sacrifice_rate": "rate", "agency_fee": "rate", "on_cost_rate": "rate",
    "salary": "money", "nic": "money", "pension": "money", "levy": "money",
    "benefits": "money", "bonus": "money", "allowances": "money", "bik": "money",
    "class1a": "money", "sacrifice": "money", "employer_cost": "money",
    "break_even_day_rate": "money", "break_even_day_rate_inside": "money",
    # Editions: their age, the faults of a check, two editions side by side.
    "age_months": "count", "line": "count", "low_change": "rate", "mid_change": "rate",
    "high_change": "rate",
}


def kind_of(field: str, default: str = "money") -> Kind:
    """Return the Kind of the output field ``field``; an undeclared field is ``default``."""
    return KINDS[FIELDS.get(field, default)]


def excel_format(kind: str) -> str | None:
    """Return the number format a workbook gives a cell of ``kind`` (None: General)."""
    return KINDS[kind].excel


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def json_value(value: object, kind: Kind) -> object:
    """Return ``value`` as JSON gives a field of ``kind``: a number rounded half up to the
    kind's places (a whole number as an int for counts), a date as YYYY-MM-DD; anything
    else as it is.

    >>> json_value(0.125, KINDS["rate"]), json_value(1.090909, KINDS["ratio"])
    (0.125, 1.0909)
    """
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    if type(value) is not float or kind.places is None or not abs(value) < 1e15:
        return value  # text, an int, or a float too large for pennies (1e308 typed)
    if kind.places == 0 and float(value).is_integer():
        return int(value)
    if round(value, kind.places) == value:
        # Already at its places (most figures: money is made to the penny): its shortest
        # repr has no more places, so the half-up rule gives it back unchanged, without
        # the Decimal arithmetic a 100,000-row plan would do millions of times.
        return value
    return float(rounded(value, kind.places))


def text_value(value: object, kind: Kind) -> str:
    """Return ``value`` as the command's text shows a field of ``kind``.

    >>> text_value(143502.15, KINDS["money"]), text_value(0.125, KINDS["rate"])
    ('£143,502.15', '12.5%')
    >>> text_value(2.5, KINDS["fte"]), text_value(date(2026, 4, 1), KINDS["date"])
    ('2.5', '1 Apr 2026')
    """
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return (f"{value:%b %Y}" if kind.name == "month"
                else f"{value.day} {value:%b %Y}")  # no %-d on Windows
    if not _is_number(value) or kind.places is None:
        return str(value)
    if kind.name == "money":
        return f"£{rounded(value, 2):,}"
    if kind.name == "rate":
        return f"{rounded(value * 100, kind.places - 2).normalize():f}%"
    number = rounded(value, kind.places)
    return f"{number.normalize():f}" if kind.name == "fte" and number else f"{number}"
