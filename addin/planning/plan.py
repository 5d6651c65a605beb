"""Planning layer: a plan's rows as typed (columns.py declares its columns) and how a cell is read.

Every front end reads a plan cell through this module (the template's PLAN_ROW, a CSV,
a filled workbook), whose readers apply addin.inputs' spelling rules, so "Yes", TRUE and
"yes ", or a date and its Excel serial number, mean the same thing everywhere.
"""

from __future__ import annotations

from collections import namedtuple
from datetime import date, datetime

from ..base import inputs
from ..base.errors import InvalidValueError
from ..base.inputs import CONTRACTOR, EXCEL_EPOCH, INSIDE, OUTSIDE, PERMANENT
from ..guide.names import fold, is_blank
from . import columns
from .columns import IN

TYPES = (PERMANENT, CONTRACTOR)
IR35_STATUSES = (INSIDE, OUTSIDE)
OPEN, OFFER, FILLED = "Open", "Offer", "Filled"
STATUSES = (OPEN, OFFER, FILLED)
SCENARIOS = ("Low", "Mid", "High")
PENSION_BASES = ("Qualifying", "Full")
YES_NO = ("Yes", "No")
#: The Bonus cell's word for "the guide's equity/bonus percentage" (leadership roles).
GUIDE_BONUS = "Guide"

#: The Plan sheet's inputs in column order (columns.COLUMNS); a CSV plan uses the same headers.
INPUT_HEADERS = columns.INPUT_HEADERS
FIELDS = columns.INPUT_FIELDS
#: The inputs that price a row (ID, Team, Status and Notes alone do not).
PRICED_FIELDS = tuple(c.field for c in columns.INPUTS if c.priced)
#: The inputs that hold dates.
DATE_HEADERS = tuple(c.header for c in columns.INPUTS if c.kind == "date")
#: Columns a template from before they existed lacks: read as blank.
OPTIONAL_HEADERS = tuple(c.header for c in columns.INPUTS if c.optional)


class PlanRow(namedtuple("PlanRow", FIELDS + ("line", "problem"),
                         defaults=(None,) * (len(FIELDS) + 2))):
    """One position of a plan, as typed: each field is the cell's value (None when blank).

    ``line`` is where the row came from (the sheet row or the CSV line), for messages;
    ``problem`` is what the reader found wrong with the row as a whole (e.g. below the
    template's table), None when nothing.
    """

    __slots__ = ()

    @classmethod
    def from_record(cls, record: dict, line: int | None = None) -> "PlanRow":
        """Return a row from a mapping keyed by the Plan's input headers (missing keys blank)."""
        return cls(*(record.get(h) for h in INPUT_HEADERS), line)

    def is_blank(self) -> bool:
        """Return True when every cell of the row is empty (the row is skipped)."""
        return all(is_blank(v) for v in self[:len(FIELDS)])

    def reader_problem(self) -> str | None:
        """Return the row's problem as a whole, before pricing: the reader's, or a row that
        has an ID, Team, Status or Notes but no input that prices it; None when none.

        >>> PlanRow(id="P7", notes="hire").reader_problem()
        'ID P7 has no inputs: fill in Role, Level, Type and Start, or clear the row.'
        """
        if self.problem:
            return self.problem
        if all(is_blank(getattr(self, f)) for f in PRICED_FIELDS) and not self.is_blank():
            filled = [h for h, v in ((IN.team, self.team), (IN.status, self.status),
                                     (IN.notes, self.notes)) if not is_blank(v)]
            what = f"ID {self.id} has" if not is_blank(self.id) else \
                f"This row has {' and '.join(filled)} but"
            return f"{what} no inputs: fill in Role, Level, Type and Start, or clear the row."
        return None


class ExcelError(str):
    """A cell holding an Excel error value; the text is the error's name ("#N/A")."""

    __slots__ = ()


#: The error values Office.js reads as text (range.values): what a Lite script's cells hold.
EXCEL_ERRORS = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!",
                          "#DATA!", "#SPILL!", "#CALC!"))


def as_excel_error(value: object) -> object:
    """Return ``value``, or an ExcelError where it is an error value read as text."""
    return ExcelError(value) if isinstance(value, str) and value in EXCEL_ERRORS else value


def error_cell(header: str, shown: str) -> str:
    """Return the problem of a row whose ``header`` cell holds the Excel error ``shown``:
    the row is left out (in the template and in `budget` alike), whichever cell it is.

    >>> error_cell("Team", "#N/A")
    'Team holds the Excel error #N/A: fix that cell (or clear it) to price the row.'
    """
    return f"{header} holds the Excel error {shown}: fix that cell (or clear it) to price the row."


def column_problem(headers) -> str | None:
    """Return why the Plan's input columns, headed ``headers`` from column A on, cannot be
    read as the template's (moved, swapped or inserted columns), or None when they can.
    PLAN_ROW reads a row by position and `budget` by header: both refuse in these words.

    >>> column_problem(INPUT_HEADERS) is None
    True
    """
    found = [inputs.squeeze(h) if isinstance(h, str) else h for h in headers]
    for i, want in enumerate(INPUT_HEADERS):
        got = found[i] if i < len(found) else None
        if got != want:
            shown = "empty" if is_blank(got) else f'headed "{got}"'
            # No apostrophes: a message cuts a long 'quoted' stretch (errors.one_line).
            return (f'Column {chr(ord("A") + i)} of the Plan is {shown} where the template '
                    f'has "{want}": its input columns were moved or inserted. Put them back in '
                    f"the order of the template ({', '.join(INPUT_HEADERS)}), or copy the rows "
                    f"into a fresh template (ukaipay template).")
    return None


def repeated_ids(rows) -> list[str]:
    """Return one warning line per ID that more than one row uses (IDs compared folded).

    A repeated ID is a warning, not a problem: both rows still count (as in the template),
    but the reader is told, since one is often a pasted duplicate.
    """
    seen: dict[str, list] = {}
    for r in rows:
        if not is_blank(r.id) and not r.is_blank():
            seen.setdefault(fold(str(r.id)), []).append(r)
    out = []
    for same in seen.values():
        if len(same) > 1:
            lines = ", ".join(str(r.line) for r in same if r.line is not None)
            where = f" (rows {lines})" if lines else ""
            out.append(f"ID {same[0].id} is used by {len(same)} rows{where}: each counts in "
                       f"the totals; give each position its own ID.")
    return out


def shown(value: object) -> str:
    """Return a cell's value as a message quotes it: text in quotes, anything else as is."""
    return f'"{value}"' if isinstance(value, str) else f"{value!r}"


def as_date(value: object, what: str = "Date") -> date | None:
    """Return a cell's date (inputs.day: a date, a datetime's day, an Excel serial number,
    ISO or day/month/year text); None when blank. Raises InvalidValueError otherwise.

    >>> as_date(46296.0), as_date(datetime(2026, 10, 1, 9, 30)), as_date("1/10/2026")
    (datetime.date(2026, 10, 1), datetime.date(2026, 10, 1), datetime.date(2026, 10, 1))
    """
    if is_blank(value):
        return None
    found = inputs.day(value)
    if found is not None:
        return found
    if isinstance(value, str):
        raise InvalidValueError(f'{what} "{value}" is not a date: enter a date such as '
                                f"2026-10-01 or 1/10/2026 (day/month/year).")
    raise InvalidValueError(f"{what} {value!r} is not a date.")


def setting_date(value: object, what: str) -> date | None:
    """Return a setting's date: as ``as_date``, or YYYY-MM text for the month's first day
    (as the command line gives a month); None when blank."""
    if isinstance(value, str) and len(inputs.squeeze(value)) == 7:
        value = inputs.squeeze(value) + "-01"
    return as_date(value, what)


def iso_text(value: object) -> object:
    """Return a date or datetime as YYYY-MM-DD text (how a CSV or JSON writes a cell's
    date); any other value as it is."""
    return value.isoformat()[:10] if isinstance(value, (date, datetime)) else value


def excel_serial(day: date | None) -> float | None:
    """Return ``day`` as an Excel serial number (days since 30 December 1899), None for None.

    >>> excel_serial(date(2026, 10, 1))
    46296.0
    """
    return None if day is None else float((day - EXCEL_EPOCH).days)


def fte(value: object) -> float:
    """Return a row's FTE from 0 (excluded) to 1; blank is 1. Raises InvalidValueError."""
    if is_blank(value):
        return 1.0
    number = inputs.number(value)
    if number is None:
        raise InvalidValueError(f"FTE {shown(value)} is not a number: use 1 for full time, "
                                f"0.5 for half.")
    if not 0 < number <= 1:
        raise InvalidValueError(f"FTE {number:g} must be more than 0 and at most 1 "
                                f"(1 is full time, 0.5 half time).")
    return number


def override(value: object, limit: float) -> float | None:
    """Return an Override rate in £ (a salary a year or a day rate), None when blank;
    raises InvalidValueError unless above 0 and at most ``limit``."""
    if is_blank(value):
        return None
    amount = inputs.money(value)
    if amount is None or not 0 < amount <= limit:
        raise InvalidValueError(f"Override rate {shown(value)} must be a number above 0 and at "
                                f"most £{limit:,.0f} (a salary in £ a year, or a day rate in £).")
    return amount


def row_rate(value: object, what: str) -> float | None:
    """Return a row's rate cell (Bonus, Hire fee) as a fraction from 0 to 1, None when blank.

    Raises InvalidValueError for anything else; 15 for 15% is named as the slip it is.
    """
    if is_blank(value):
        return None
    number = inputs.rate(value)
    if number is None:
        raise InvalidValueError(f"{what} {shown(value)} is not a rate: enter a percentage "
                                f"such as 15%, or leave it blank.")
    if not 0 <= number <= 1:
        hint = f" ({number:g}% is {number / 100:g})" if 1 < number <= 100 else ""
        raise InvalidValueError(f"{what} {number:g} must be from 0% to 100%{hint}.")
    return number


def choice(value: object, what: str, choices: tuple[str, ...]) -> str:
    """Return the choice ``value`` names (case and surrounding spaces aside); raises
    InvalidValueError when blank or none."""
    if is_blank(value):
        raise InvalidValueError(f"{what} is missing: choose {' or '.join(choices)}.")
    if isinstance(value, str):
        for c in choices:
            if inputs.squeeze(value).casefold() == c.casefold():
                return c
    raise InvalidValueError(f'{what} "{value}" must be {" or ".join(choices)}.')
