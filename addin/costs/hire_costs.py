"""Domain layer: what a UK hire also costs: what a sponsor pays to sponsor a Skilled Worker
(sponsorship_charges.csv), the Apprenticeship Levy of a plan against the employer's whole
pay bill, and the legal minimum employer pension a "full" basis must not fall below."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import namedtuple
from datetime import date
from functools import cache

from ..base.datafile import Table, bundled_folder
from ..base.errors import InvalidValueError
from . import employment
from .statutory import year

_COLUMNS = ("effective_from", "sponsor", "isc_first_year", "isc_half_year", "cos_fee")
SPONSORS = ("medium or large", "small or charitable")
#: The longest a Skilled Worker's certificate (and so its charge) can run, in years.
MAX_YEARS = 5.0


class Charges(namedtuple("Charges", "effective_from isc_first_year isc_half_year cos_fee")):
    """The charges on a certificate assigned from ``effective_from``, £ (see provenance)."""

    __slots__ = ()


@cache
def _charges() -> dict[str, tuple[tuple[date, ...], tuple[Charges, ...]]]:
    """Return, by sponsor size, the dates each set of charges applies from (earliest
    first) and the charges."""
    t = Table(bundled_folder(), "sponsorship_charges", _COLUMNS)
    out: dict[str, dict[date, Charges]] = {s: {} for s in SPONSORS}
    for line, row in t.rows:
        try:
            day = date.fromisoformat(row["effective_from"])
        except ValueError:
            t.fail(line, f"effective_from {row['effective_from']!r} is not a date like 2025-12-16")
        size = row["sponsor"]
        if size not in out:
            t.fail(line, f"sponsor {size!r} must be one of {', '.join(SPONSORS)}")
        if day in out[size]:
            t.fail(line, f"{size} from {day.isoformat()} is given twice")
        out[size][day] = Charges(day, *(t.number(line, row, c) for c in _COLUMNS[2:]))
    return {s: (tuple(sorted(d)), tuple(d[k] for k in sorted(d))) for s, d in out.items()}


def charges(day: date, small: bool) -> Charges:
    """Return the charges on a certificate assigned on ``day`` by a small or charitable
    sponsor (``small``) or a medium or large one; raises InvalidValueError before the
    earliest held.

    >>> charges(date(2026, 4, 1), small=False)[1:]
    (1320.0, 660.0, 525.0)
    """
    days, rows = _charges()[SPONSORS[small]]
    i = bisect_right(days, day) - 1
    if i < 0:
        raise InvalidValueError(f"A visa sponsored from {day.isoformat()} is before the "
                                f"sponsorship charges held (from {days[0].isoformat()}): "
                                f"clear Visa or move the Start.")
    return rows[i]


def certificate_years(value: float) -> float:
    """Return a certificate's length in years, above 0 and at most 5; raises InvalidValueError."""
    if not 0 < value <= MAX_YEARS:
        raise InvalidValueError(f"Visa certificate years {value:g} must be more than 0 and at "
                                f"most {MAX_YEARS:g} (a Skilled Worker's longest certificate).")
    return value


def visa_cost(day: date, small: bool, years: float) -> float:
    """Return the sponsor's charges in £ on a certificate of ``years`` assigned on ``day``:
    the Immigration Skills Charge (the first 12 months, then each further 6 months or part
    of them) plus the Certificate of Sponsorship fee.

    >>> visa_cost(date(2026, 4, 1), small=False, years=3)  # 1,320 + 4 x 660 + 525
    4485.0
    >>> visa_cost(date(2026, 4, 1), small=True, years=1.25)  # 480 + 240 + 525
    1245.0
    """
    c = charges(day, small)
    halves = max(0, math.ceil((certificate_years(years) * 12 - 12) / 6 - 1e-9))
    return c.isc_first_year + halves * c.isc_half_year + c.cos_fee


def levy_allowance(tax_year: str) -> float:
    """Return the year's Apprenticeship Levy allowance in £: the levy rate x the pay bill
    above which the levy is payable (0.5% x £3,000,000 = £15,000)."""
    y = year(tax_year)
    return y.levy_rate_pct / 100 * y.levy_pay_bill_threshold


def levy(pay_bill: float, tax_year: str) -> float:
    """Return the Apprenticeship Levy in £ on a year's ``pay_bill`` (£): the levy rate x
    the pay bill less the allowance, never below 0; not rounded.

    >>> levy(3_500_000, "2026/27"), levy(2_500_000, "2026/27")
    (2500.0, 0.0)
    """
    # Worked as the template's Summary works it: rate x pay bill - rate x threshold.
    rate = year(tax_year).levy_rate_pct / 100
    return max(0.0, rate * pay_bill - levy_allowance(tax_year))


def levy_pay(salary: float, tax_year: str, bonus_rate: float = 0.0,
             allowance_rate: float = 0.0, sacrifice_rate: float = 0.0) -> float:
    """Return the pay of ``salary`` (£ a year) the levy is worked on, £ a year: its Class 1
    earnings (pay after sacrifice, bonus, cash allowances and sacrificed pay above the
    year's NIC-free limit: employment's model); not rounded.

    >>> levy_pay(50000.0, "2026/27", bonus_rate=0.1)
    55000.0
    """
    terms = employment._terms_for(tax_year, 0.0, "full", 0.0, False, bonus_rate, 0.0,
                                  allowance_rate, sacrifice_rate)
    return employment._earnings(salary, terms[-1])[0]


def pension_minimum(salary: float, tax_year: str, bonus_rate: float = 0.0,
                    allowance_rate: float = 0.0) -> float:
    """Return the legal minimum employer pension on ``salary`` (£ a year), £ a year: the
    year's minimum rate of qualifying earnings (salary, bonus and cash allowances between
    the year's lower and upper levels); not rounded.

    >>> round(pension_minimum(30000.0, "2026/27", bonus_rate=0.5), 2)  # 3% x (45,000 - 6,240)
    1162.8
    """
    y = year(tax_year)
    pay = salary + bonus_rate * salary + allowance_rate * salary
    return y.pension_min_rate_pct / 100 * max(0.0, min(pay, y.pension_upper) - y.pension_lower)
