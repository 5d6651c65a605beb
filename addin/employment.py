"""Domain layer: UK employer costs of a salary (NIC, pension, levy, benefits) and perm/contractor equivalents."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import namedtuple
from datetime import date, datetime
from functools import cache, lru_cache
from numbers import Real
from time import time
from types import MappingProxyType

from .data import _Table, default_folder
from .errors import InvalidValueError, UnknownNameError
from .memo import memoised

TYPE_CHECKING = False  # the stdlib idiom, as in data.py: annotations only, no typing import at run time
if TYPE_CHECKING:
    from collections.abc import Mapping
    from importlib.resources.abc import Traversable
    from pathlib import Path

_COLUMNS = (
    "tax_year", "start", "end", "nic_rate_pct", "nic_secondary_threshold",
    "pension_min_rate_pct", "pension_lower", "pension_upper",
    "levy_rate_pct", "levy_pay_bill_threshold", "employment_allowance",
)
_INF = math.inf
_BASES = ("qualifying", "full")
_PARTS = ("nic", "pension", "levy", "benefits")  # the order _parts returns them in
_COMPONENTS = ("total", "salary") + _PARTS
# Patterns, compiled by re on first use rather than at import.
_LABEL = r"(\d{4})/(\d{2})"
# What people type for a tax year: 2026/27, 2026-27, 2026/2027, 2026 (the year it starts).
_TYPED = r"(\d{4})(?:\s*[/\-\u2010-\u2015]\s*(\d{2}|\d{4}))?"


# Records are read-only named tuples, like data.py's: dataclasses would cost ~10 ms at import.
class TaxYear(namedtuple("TaxYear", ("label",) + _COLUMNS[1:])):
    """One row of tax_years.csv: a tax year's statutory employer figures (£ a year; _pct in percent)."""

    __slots__ = ()


class EmployerCost(namedtuple("EmployerCost", "salary nic pension levy benefits total")):
    """An employer's yearly cost of one salary by component, in £ a year; total is their sum."""

    __slots__ = ()


def _load(folder: Traversable | Path) -> Mapping[str, TaxYear]:
    t = _Table(folder, "tax_years", _COLUMNS)
    years: dict[str, TaxYear] = {}
    seen: dict = {}

    def day(line: int, row: dict, column: str) -> date:
        try:
            return date.fromisoformat(row[column])
        except ValueError:
            t.fail(line, f"{column} {row[column]!r} is not a date like 2026-04-06")

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
        start, end = day(line, row, "start"), day(line, row, "end")
        if start != date(first, 4, 6) or end != date(first + 1, 4, 5):
            t.fail(line, f"{label} must run from {first}-04-06 to {first + 1}-04-05")
        lower = t.number(line, row, "pension_lower", positive=False)
        upper = t.number(line, row, "pension_upper")
        if lower >= upper:
            t.fail(line, f"pension_lower {row['pension_lower']} must be below pension_upper {row['pension_upper']}")
        years[label] = TaxYear(
            label, start, end,
            pct(line, row, "nic_rate_pct"),
            t.number(line, row, "nic_secondary_threshold", positive=False),
            pct(line, row, "pension_min_rate_pct"), lower, upper,
            pct(line, row, "levy_rate_pct"),
            t.number(line, row, "levy_pay_bill_threshold", positive=False),
            t.number(line, row, "employment_allowance", positive=False),
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
        raise _invalid("date", day, "must be a date")
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
        raise _invalid("tax year", value, 'must be a label like "2026/27" or a year like 2026')
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


def _invalid(what: str, value, rule: str) -> InvalidValueError:
    return InvalidValueError(f'Invalid {what} "{value}": {rule}.')


def _number(value, what: str) -> float:
    """Return ``value`` as a finite float (numeric text accepted); raises InvalidValueError."""
    # int first: the Real check is an ABC lookup, slow next to the sums it guards.
    if value.__class__ is int or (isinstance(value, Real) and not isinstance(value, bool)):
        try:
            number = float(value)
        except OverflowError:
            raise _invalid(what, value, "must be a finite number") from None
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise _invalid(what, value, "must be a number") from None
    else:
        raise _invalid(what, value, "must be a number")
    if not math.isfinite(number):
        raise _invalid(what, value, "must be a finite number")
    return number


#: The largest sum of money (£) any input may be: no salary, day rate or cost comes near
#: it, a larger one is a slip, and below it every result stays finite and exact to the penny.
MAX_MONEY = 1e9


def money(value, what: str) -> float:
    """Return a sum of money as a float of pounds, from 0 to MAX_MONEY; raises InvalidValueError.

    >>> money("85000", "salary")
    85000.0
    """
    number = value if value.__class__ is float else _number(value, what)
    if not 0.0 <= number <= MAX_MONEY:
        raise _invalid(what, value, "must be a sum of money from 0 to £1,000,000,000")
    return number



def fraction(value, what: str) -> float:
    """Return a rate as a float from 0 to 1 (numeric text accepted); raises InvalidValueError."""
    number = _number(value, what)
    if not 0.0 <= number <= 1.0:
        # 15 typed for 15% is the usual slip: say what it should be.
        example = (f"{number:g}% is {number / 100:g}" if 1.0 < number <= 100.0 else "0.03 for 3%")
        shown = f"{value:g}" if isinstance(value, float) else value
        raise _invalid(what, shown, f"must be a fraction from 0 to 1 ({example})")
    return number


def days_a_year(value, what: str = "days") -> float:
    """Return a number of days a year, from 1 to 366, as a float; raises InvalidValueError."""
    number = value if value.__class__ is float else _number(value, what)
    if not 1.0 <= number <= 366.0:
        raise _invalid(what, value, "must be from 1 to 366 days a year")
    return number


def _switch(value, what: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, Real) and value in (0, 1):
        return bool(value)
    raise _invalid(what, value, "must be TRUE or FALSE (or 1 or 0)")


def _choice(value, kind: str, choices: tuple[str, ...]) -> str:
    key = value.strip().casefold() if isinstance(value, str) else value
    if key not in choices:
        raise UnknownNameError(kind, value, choices=choices)
    return key


@memoised(256)
def _terms(tax_year, pension_rate, pension_basis, benefits_rate, levy) -> tuple[float, ...]:
    """Return (nic_rate, nic_from, pension_rate, pension_from, pension_to, levy_rate, benefits_rate).

    Rates are fractions, thresholds £ a year. Options are checked here, once per distinct set,
    so that a call with options already seen is one cache hit.
    """
    year = _bundled()[_year_label(tax_year)]
    pension_rate = fraction(pension_rate, "pension rate")
    benefits_rate = fraction(benefits_rate, "benefits rate")
    if _choice(pension_basis, "pension basis", _BASES) == "full":
        pension_from, pension_to = 0.0, _INF
    else:
        pension_from, pension_to = year.pension_lower, year.pension_upper
    levy_rate = year.levy_rate_pct / 100 if _switch(levy, "levy") else 0.0
    return (year.nic_rate_pct / 100, year.nic_secondary_threshold, pension_rate,
            pension_from, pension_to, levy_rate, benefits_rate)


def _terms_for(tax_year, pension_rate, pension_basis, benefits_rate, levy) -> tuple[float, ...]:
    if tax_year is None:
        tax_year = _current_label()
    return _terms(tax_year, pension_rate, pension_basis, benefits_rate, levy)


def _total(salary: float, terms: tuple[float, ...]) -> float:
    nic_rate, nic_from, pension_rate, pension_from, pension_to, levy_rate, benefits_rate = terms
    nic = (salary - nic_from) * nic_rate if salary > nic_from else 0.0
    pension = ((salary if salary < pension_to else pension_to) - pension_from) * pension_rate \
        if salary > pension_from else 0.0
    return salary + nic + pension + levy_rate * salary + benefits_rate * salary


def employer_cost(salary, tax_year=None, pension_rate=0.03, pension_basis="qualifying",
                  benefits_rate=0.0, levy=False, component="total") -> float:
    """Return an employer's yearly cost of ``salary`` (£ a year), or one component of it, in £ a year.

    NIC is 15% above £5,000; pension is ``pension_rate`` of qualifying earnings (£6,240 to
    £50,270) or, with ``pension_basis="full"``, of the whole salary; benefits are
    ``benefits_rate`` x salary; the 0.5% Apprenticeship Levy is added when ``levy`` is true.
    ``component`` is total, salary, nic, pension, levy or benefits. Figures are those of
    ``tax_year`` (default: the current one). Not rounded.

    Raises InvalidValueError for a bad number or rate, UnknownNameError for an unknown tax
    year, pension basis or component.

    >>> round(employer_cost(85000, "2026/27"), 2), employer_cost(85000, "2026/27", component="nic")
    (98320.9, 12000.0)
    """
    if salary.__class__ is not float or not 0.0 <= salary <= MAX_MONEY:
        salary = money(salary, "salary")
    terms = _terms_for(tax_year, pension_rate, pension_basis, benefits_rate, levy)
    if component == "total":
        return _total(salary, terms)
    part = _choice(component, "component", _COMPONENTS)
    if part == "total":
        return _total(salary, terms)
    if part == "salary":
        return salary
    return _parts(salary, terms)[_PARTS.index(part)]


def _parts(salary: float, terms: tuple[float, ...]) -> tuple[float, float, float, float]:
    """Return (nic, pension, levy, benefits) of ``salary``, in £ a year."""
    nic_rate, nic_from, pension_rate, pension_from, pension_to, levy_rate, benefits_rate = terms
    nic = (salary - nic_from) * nic_rate if salary > nic_from else 0.0
    pension = ((salary if salary < pension_to else pension_to) - pension_from) * pension_rate \
        if salary > pension_from else 0.0
    return nic, pension, levy_rate * salary, benefits_rate * salary


def _breakdown(salary: float, terms: tuple[float, ...]) -> EmployerCost:
    nic, pension, levy, benefits = _parts(salary, terms)
    # Summed in _total's order, so the total is the very float employer_cost returns.
    return EmployerCost(salary, nic, pension, levy, benefits, salary + nic + pension + levy + benefits)


def employer_cost_breakdown(salary, tax_year=None, pension_rate=0.03, pension_basis="qualifying",
                            benefits_rate=0.0, levy=False) -> EmployerCost:
    """Return every component of ``employer_cost`` and their total, in £ a year.

    Takes and raises as employer_cost.

    >>> employer_cost_breakdown(30000, "2026/27").nic
    3750.0
    """
    return _breakdown(money(salary, "salary"),
                      _terms_for(tax_year, pension_rate, pension_basis, benefits_rate, levy))


def contractor_cost(day_rate, days=220, fee_rate=0.0) -> float:
    """Return a contractor's yearly cost in £: ``day_rate`` (£) x ``days`` x (1 + ``fee_rate``).

    Raises InvalidValueError for a negative rate, days outside 1 to 366 or a fee rate outside 0 to 1.

    >>> contractor_cost(650)
    143000.0
    """
    return money(day_rate, "day rate") * days_a_year(days) * (1.0 + fraction(fee_rate, "fee rate"))


@lru_cache(maxsize=256)
def _pieces(terms: tuple[float, ...]) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]:
    """Return the salaries where the straight pieces of the cost curve start (lowest first, the
    first at 0), the costs there and the slopes of the pieces."""
    nic_rate, nic_from, pension_rate, pension_from, pension_to, levy_rate, benefits_rate = terms
    starts = tuple(sorted({0.0, nic_from, pension_from, pension_to} - {_INF}))
    costs = tuple(_total(start, terms) for start in starts)
    slopes = tuple(1.0 + levy_rate + benefits_rate + (nic_rate if start >= nic_from else 0.0)
                   + (pension_rate if pension_from <= start < pension_to else 0.0) for start in starts)
    return starts, costs, slopes


def perm_equivalent(day_rate, days=220, tax_year=None, pension_rate=0.03, pension_basis="qualifying",
                    benefits_rate=0.0, levy=False) -> float:
    """Return the salary (£ a year) whose employer_cost equals contractor_cost(day_rate, days).

    Exact: the cost rises in straight pieces between the NIC and pension thresholds, so the
    piece holding the contractor cost is found and its line solved. Not rounded. Raises as
    employer_cost and contractor_cost.

    >>> round(perm_equivalent(650, tax_year="2026/27"), 2)
    123851.39
    """
    target = contractor_cost(day_rate, days)
    terms = _terms_for(tax_year, pension_rate, pension_basis, benefits_rate, levy)
    starts, costs, slopes = _pieces(terms)
    # costs[0] is 0 and the target is never negative, so i is never below 0.
    i = bisect_right(costs, target) - 1
    return starts[i] + (target - costs[i]) / slopes[i]


def dayrate_equivalent(salary, days=220, tax_year=None, pension_rate=0.03, pension_basis="qualifying",
                       benefits_rate=0.0, levy=False) -> float:
    """Return the day rate (£ a day) that costs as much over ``days`` as employing at ``salary``.

    Raises as employer_cost, and InvalidValueError for days outside 1 to 366.

    >>> round(dayrate_equivalent(123851.39, tax_year="2026/27"), 2)
    650.0
    """
    return employer_cost(salary, tax_year, pension_rate, pension_basis, benefits_rate, levy) / days_a_year(days)


def employment_allowance(tax_year=None) -> float:
    """Return the Employment Allowance of ``tax_year`` (default: current), £ a year per eligible employer.

    A company-level reduction of its employer NIC bill; employer_cost never subtracts it.
    Raises UnknownNameError for an unknown tax year.

    >>> employment_allowance("2026/27")
    10500.0
    """
    return _bundled()[_year_label(_current_label() if tax_year is None else tax_year)].employment_allowance
