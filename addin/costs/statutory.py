"""Domain layer: UK statutory employer figures by tax year (tax_years.csv, sacrifice_caps.csv)."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import namedtuple
from datetime import date, datetime
from functools import cache
from numbers import Real
from time import time
from types import MappingProxyType

from ..base.datafile import Table as _Table
from ..base.datafile import bundled_folder as default_folder
from ..base.errors import InvalidValueError, UnknownNameError
from ..base.memo import memoised

TYPE_CHECKING = False  # the stdlib idiom, as in data.py: annotations only, no typing import at run time
if TYPE_CHECKING:
    from collections.abc import Mapping
    from importlib.resources.abc import Traversable
    from pathlib import Path

_COLUMNS = (
    "tax_year", "start", "end", "nic_rate_pct", "nic_secondary_threshold",
    "pension_min_rate_pct", "pension_lower", "pension_upper",
    "levy_rate_pct", "levy_pay_bill_threshold", "employment_allowance", "class1a_rate_pct",
)
_CAP_COLUMNS = ("effective_from", "nic_free_sacrifice")
# Patterns, compiled by re on first use rather than at import.
_LABEL = r"(\d{4})/(\d{2})"
# What people type for a tax year: 2026/27, 2026-27, 2026/2027, 2026 (the year it starts).
_TYPED = r"(\d{4})(?:\s*[/\-\u2010-\u2015]\s*(\d{2}|\d{4}))?"


# Records are read-only named tuples, like data.py's: dataclasses would cost ~10 ms at import.
class TaxYear(namedtuple("TaxYear", ("label",) + _COLUMNS[1:] + ("sacrifice_nic_free",))):
    """One row of tax_years.csv: a tax year's statutory employer figures (£ a year; _pct in percent).

    sacrifice_nic_free is the salary sacrificed into pension that is free of NIC, £ a year
    (sacrifice_caps.csv; inf where no cap is in force).
    """

    __slots__ = ()


def _day(t: _Table, line: int, row: dict, column: str) -> date:
    try:
        return date.fromisoformat(row[column])
    except ValueError:
        t.fail(line, f"{column} {row[column]!r} is not a date like 2026-04-06")


def _caps(folder: Traversable | Path) -> tuple[tuple[date, ...], tuple[float, ...]]:
    """Return the dates each NIC-free sacrifice cap applies from (earliest first) and the caps."""
    t = _Table(folder, "sacrifice_caps", _CAP_COLUMNS)
    caps: dict[date, float] = {}
    seen: dict = {}
    for line, row in t.rows:
        start = _day(t, line, row, "effective_from")
        t.unique(seen, start, line)
        if (start.month, start.day) != (4, 6):
            t.fail(line, f"effective_from {row['effective_from']!r} must be a 6 April (a tax year's start)")
        caps[start] = t.number(line, row, "nic_free_sacrifice", positive=False)
    starts = tuple(sorted(caps))
    return starts, tuple(caps[s] for s in starts)


def _load(folder: Traversable | Path) -> Mapping[str, TaxYear]:
    t = _Table(folder, "tax_years", _COLUMNS)
    cap_starts, cap_values = _caps(folder)
    years: dict[str, TaxYear] = {}
    seen: dict = {}

    def pct(line: int, row: dict, column: str) -> float:
        value = t.number(line, row, column)
        if value > 100:
            t.fail(line, f"{column} {row[column]!r} is above 100")
        return value

    for line, row in t.rows:
        label = t.text(line, row, "tax_year")
        t.unique(seen, label, line)
        m = re.fullmatch(_LABEL, label)
        if not m or int(m[2]) != (int(m[1]) + 1) % 100:
            t.fail(line, f"tax_year {label!r} must look like 2026/27")
        first = int(m[1])
        start, end = _day(t, line, row, "start"), _day(t, line, row, "end")
        if start != date(first, 4, 6) or end != date(first + 1, 4, 5):
            t.fail(line, f"{label} must run from {first}-04-06 to {first + 1}-04-05")
        lower = t.number(line, row, "pension_lower", positive=False)
        upper = t.number(line, row, "pension_upper")
        if lower >= upper:
            t.fail(line, f"pension_lower {row['pension_lower']} must be below pension_upper {row['pension_upper']}")
        # The cap in force is the one dated at or before the year's start; none means no cap.
        i = bisect_right(cap_starts, start) - 1
        years[label] = TaxYear(
            label, start, end,
            pct(line, row, "nic_rate_pct"),
            t.number(line, row, "nic_secondary_threshold", positive=False),
            pct(line, row, "pension_min_rate_pct"), lower, upper,
            pct(line, row, "levy_rate_pct"),
            t.number(line, row, "levy_pay_bill_threshold", positive=False),
            t.number(line, row, "employment_allowance", positive=False),
            pct(line, row, "class1a_rate_pct"),
            cap_values[i] if i >= 0 else math.inf,
        )
    if not years:
        t.fail(1, "has no tax years")
    return MappingProxyType(dict(sorted(years.items())))


@cache
def _bundled() -> Mapping[str, TaxYear]:
    return _load(default_folder())


def tax_years(folder: Traversable | Path | None = None) -> Mapping[str, TaxYear]:
    """Return the statutory figures of each tax year in ``folder`` (default: bundled), by label, earliest first.

    The bundled table is read once, on first use. Raises DataError naming the file and line.

    >>> tax_years()["2026/27"].nic_secondary_threshold
    5000.0
    """
    return _bundled() if folder is None else _load(folder)


def known_tax_years() -> tuple[str, ...]:
    """Return the labels of the tax years the bundled data covers, earliest first.

    >>> known_tax_years()
    ('2025/26', '2026/27')
    """
    return tuple(_bundled())


def tax_year_for(day: date | None = None) -> str:
    """Return the label of the tax year (6 April to 5 April) containing ``day``, default today.

    Calendar arithmetic only: the year need not be in the data. Raises InvalidValueError
    if ``day`` is not a date.

    >>> tax_year_for(date(2026, 4, 5)), tax_year_for(date(2026, 4, 6))
    ('2025/26', '2026/27')
    """
    if day is None:
        day = date.today()
    elif not isinstance(day, date):
        raise InvalidValueError(f'Invalid date "{day}": must be a date.')
    first = day.year if (day.month, day.day) >= (4, 6) else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


@memoised(64)
def _year_label(value) -> str:
    years = _bundled()
    if isinstance(value, str):
        m = re.fullmatch(_TYPED, value.strip())
        first = int(m[1]) if m else None
        if m and m[2] is not None and int(m[2]) != (first + 1 if len(m[2]) == 4 else (first + 1) % 100):
            first = None
    elif isinstance(value, Real) and not isinstance(value, bool):
        # Excel sends every number as a float: 2026.0 is the tax year 2026/27.
        number = float(value)
        first = int(number) if math.isfinite(number) and number.is_integer() else None
    else:
        raise InvalidValueError(f'Invalid tax year "{value}": must be a label like "2026/27" or a year like 2026.')
    label = None if first is None else f"{first}/{(first + 1) % 100:02d}"
    if label not in years:
        raise UnknownNameError("tax year", value, choices=tuple(years))
    return label


def resolve_tax_year(value=None, *, today: date | None = None) -> str:
    """Return the label of the tax year ``value`` names; None means the year containing ``today`` (default: today).

    Accepts "2026/27", "2026-27", "2026/2027", "2026" and 2026 or 2026.0 (the year it starts).
    Raises UnknownNameError listing the known years, or InvalidValueError for a non-label.

    >>> resolve_tax_year("2026-27"), resolve_tax_year(2025.0), resolve_tax_year(today=date(2026, 5, 1))
    ('2026/27', '2025/26', '2026/27')
    """
    return default_tax_year(today) if value is None else _year_label(value)


def default_tax_year(today: date | None = None) -> str:
    """Return the tax year an omitted tax year means: the one containing ``today`` (default:
    today) when the data holds it, else the nearest year held (the latest, once the data is
    out of date), so that the product never expires; tax_year_note says so.

    >>> default_tax_year(date(2031, 1, 1)) == known_tax_years()[-1]
    True
    """
    label = tax_year_for(today)
    held = known_tax_years()
    if label in held:
        return label
    return held[-1] if label > held[-1] else held[0]


def tax_year_note(today: date | None = None) -> str:
    """Return "" when today's tax year is in the data, else one line saying which year an
    omitted tax year uses instead.

    >>> tax_year_note(date(2031, 1, 1)).startswith("Tax year 2030/31 is not in the data")
    True
    """
    label, used = tax_year_for(today), default_tax_year(today)
    if label == used:
        return ""
    return (f"Tax year {label} is not in the data: an omitted tax year means {used}, the "
            f"{'latest' if used > label else 'earliest'} held (data/tax_years.csv).")


# The default year's label and the POSIX seconds today's tax year runs from and to (local midnights).
# date.today() costs more than a whole employer_cost call, so the default is kept here.
_current = ("", 0.0, 0.0)


def _current_label() -> str:
    global _current
    label, since, until = _current
    now = time()
    if not since <= now < until:
        calendar = tax_year_for(date.fromtimestamp(now))
        label = default_tax_year(date.fromtimestamp(now))
        first = int(calendar[:4])
        since, until = datetime(first, 4, 6).timestamp(), datetime(first + 1, 4, 6).timestamp()
        _current = (label, since, until)
    return label


def year(tax_year=None) -> TaxYear:
    """Return the statutory figures of ``tax_year`` (default: the current one, as default_tax_year).

    Raises UnknownNameError for an unknown tax year, InvalidValueError for a non-label.

    >>> year("2026/27").class1a_rate_pct, year("2026/27").sacrifice_nic_free
    (15.0, inf)
    """
    return _bundled()[_year_label(_current_label() if tax_year is None else tax_year)]


def employment_allowance(tax_year=None) -> float:
    """Return the Employment Allowance of ``tax_year`` (default: current), £ a year per eligible employer.

    A company-level reduction of its employer NIC bill; employer_cost never subtracts it.
    Raises UnknownNameError for an unknown tax year.

    >>> employment_allowance("2026/27")
    10500.0
    """
    return year(tax_year).employment_allowance
