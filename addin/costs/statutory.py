"""Domain layer: UK statutory employer figures by tax year and their standing (tax_years.csv,
tax_year_standing.csv, sacrifice_caps.csv)."""

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
_CAP_COLUMNS = ("effective_from", "nic_free_sacrifice", "standing", "note", "source")
_STANDING_COLUMNS = ("tax_year", "figures", "standing", "note", "source")
#: A figure's standing: in law, stated by the government but not yet law, or assumed.
STANDINGS = ("enacted", "announced", "assumed")
#: Each group of tax_years.csv figures that carries one standing, and the columns it covers.
FIGURE_GROUPS = MappingProxyType({
    "nic_rate": ("nic_rate_pct", "class1a_rate_pct"),
    "nic_threshold": ("nic_secondary_threshold",),
    "pension_rate": ("pension_min_rate_pct",),
    "pension_band": ("pension_lower", "pension_upper"),
    "levy": ("levy_rate_pct", "levy_pay_bill_threshold"),
    "employment_allowance": ("employment_allowance",),
})
#: The words each group (and the sacrifice cap) is shown under.
FIGURE_WORDS = MappingProxyType({
    "nic_rate": "Employer NIC rate", "nic_threshold": "NIC secondary threshold",
    "pension_rate": "Pension minimum rate", "pension_band": "Qualifying-earnings band",
    "levy": "Apprenticeship Levy", "employment_allowance": "Employment Allowance",
    "sacrifice_cap": "NIC-free sacrifice cap",
})
# Patterns, compiled by re on first use rather than at import.
_LABEL = r"(\d{4})/(\d{2})"
# What people type for a tax year: 2026/27, 2026-27, 2026/2027, 2026 (the year it starts).
_TYPED = r"(\d{4})(?:\s*[/\-\u2010-\u2015]\s*(\d{2}|\d{4}))?"


# Records are read-only named tuples, like data.py's: dataclasses would cost ~10 ms at import.
class Standing(namedtuple("Standing", "figures standing note source")):
    """The standing of one group of a tax year's figures (FIGURE_GROUPS, or "sacrifice_cap"):
    one of STANDINGS, the note that cites it or says what is assumed, and its source key
    in provenance.toml's [statutory.sources]."""

    __slots__ = ()


class TaxYear(namedtuple("TaxYear", ("label",) + _COLUMNS[1:] + ("sacrifice_nic_free", "standing"))):
    """One row of tax_years.csv: a tax year's statutory employer figures (£ a year; _pct in percent).

    sacrifice_nic_free is the salary sacrificed into pension that is free of NIC, £ a year
    (sacrifice_caps.csv; inf where no cap is in force). standing is a Standing per group of
    figures (tax_year_standing.csv), in FIGURE_GROUPS order, then the cap's when one is in force.
    """

    __slots__ = ()

    @property
    def enacted(self) -> bool:
        """Return True when every figure of the year is enacted."""
        return all(s.standing == "enacted" for s in self.standing)

    def not_enacted(self) -> tuple[Standing, ...]:
        """Return the standings of the year's figures that are announced or assumed."""
        return tuple(s for s in self.standing if s.standing != "enacted")


def _day(t: _Table, line: int, row: dict, column: str) -> date:
    try:
        return date.fromisoformat(row[column])
    except ValueError:
        t.fail(line, f"{column} {row[column]!r} is not a date like 2026-04-06")


def _standing(t: _Table, line: int, row: dict, figures: str) -> Standing:
    standing = row["standing"]
    if standing not in STANDINGS:
        t.fail(line, f"standing {standing!r} must be one of {', '.join(STANDINGS)}")
    return Standing(figures, standing, t.text(line, row, "note"), t.text(line, row, "source"))


def _standings(folder: Traversable | Path, labels: set[str]) -> dict[str, tuple[Standing, ...]]:
    """Return each tax year's Standing per figure group, in FIGURE_GROUPS order."""
    t = _Table(folder, "tax_year_standing", _STANDING_COLUMNS)
    found: dict[str, dict[str, Standing]] = {}
    seen: dict = {}
    for line, row in t.rows:
        label, figures = t.text(line, row, "tax_year"), t.text(line, row, "figures")
        t.unique(seen, (label, figures), line)
        if label not in labels:
            t.fail(line, f"tax_year {label!r} is not in tax_years.csv")
        if figures not in FIGURE_GROUPS:
            t.fail(line, f"figures {figures!r} must be one of {', '.join(FIGURE_GROUPS)}")
        found.setdefault(label, {})[figures] = _standing(t, line, row, figures)
    for label in sorted(labels):
        missing = [g for g in FIGURE_GROUPS if g not in found.get(label, {})]
        if missing:
            t.fail(1, f"{label} has no standing for {', '.join(missing)}: every figure says "
                      f"whether it is enacted, announced or assumed")
    return {label: tuple(groups[g] for g in FIGURE_GROUPS) for label, groups in found.items()}


def _caps(folder: Traversable | Path) -> tuple[tuple[date, ...], tuple[tuple[float, Standing], ...]]:
    """Return the dates each NIC-free sacrifice cap applies from (earliest first) and the caps
    (£ a year) with their standing."""
    t = _Table(folder, "sacrifice_caps", _CAP_COLUMNS)
    caps: dict[date, tuple[float, Standing]] = {}
    seen: dict = {}
    for line, row in t.rows:
        start = _day(t, line, row, "effective_from")
        t.unique(seen, start, line)
        if (start.month, start.day) != (4, 6):
            t.fail(line, f"effective_from {row['effective_from']!r} must be a 6 April (a tax year's start)")
        caps[start] = (t.number(line, row, "nic_free_sacrifice", positive=False),
                       _standing(t, line, row, "sacrifice_cap"))
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
        cap, cap_standing = cap_values[i] if i >= 0 else (math.inf, None)
        years[label] = TaxYear(
            label, start, end,
            pct(line, row, "nic_rate_pct"),
            t.number(line, row, "nic_secondary_threshold", positive=False),
            pct(line, row, "pension_min_rate_pct"), lower, upper,
            pct(line, row, "levy_rate_pct"),
            t.number(line, row, "levy_pay_bill_threshold", positive=False),
            t.number(line, row, "employment_allowance", positive=False),
            pct(line, row, "class1a_rate_pct"),
            cap, (cap_standing,) if cap_standing else (),
        )
    if not years:
        t.fail(1, "has no tax years")
    # Standings are checked against the years once the years themselves are sound.
    standings = _standings(folder, set(years))
    years = {label: y._replace(standing=standings[label] + y.standing) for label, y in years.items()}
    return MappingProxyType(dict(sorted(years.items())))


def standing_words(tax_year) -> str:
    """Return ``tax_year``'s standing in words: "every figure enacted", or each figure that
    is not, with its standing and the note that cites it or says what is assumed.

    >>> standing_words("2026/27")
    'every figure enacted'
    """
    y = year(tax_year)
    if y.enacted:
        return "every figure enacted"
    return ". ".join(f"{FIGURE_WORDS[s.figures]} ({s.standing}): {s.note}" for s in y.not_enacted()) + "."


def standing_summary() -> str:
    """Return one line on which tax years held are wholly enacted and which are not.

    >>> standing_summary().startswith("Tax years 2025/26 to 2026/27: enacted")
    True
    """
    runs: list[list] = []  # [first, last, enacted] runs of consecutive years alike
    for label, y in _bundled().items():
        if runs and runs[-1][2] == y.enacted:
            runs[-1][1] = label
        else:
            runs.append([label, label, y.enacted])
    return "Tax years " + "; ".join(
        f"{a}{'' if a == b else ' to ' + b}: "
        f"{'enacted' if ok else 'some figures announced or assumed'}"
        for a, b, ok in runs) + "."


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

    >>> known_tax_years()[:3]
    ('2025/26', '2026/27', '2027/28')
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

    >>> tax_year_note(date(2031, 5, 1)).startswith("Tax year 2031/32 is not in the data")
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
