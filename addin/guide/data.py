"""Data layer: reads the bundled CSV tables once, validates them and returns frozen records."""

from __future__ import annotations

import io
import os
import sys

# csv.reader is _csv.reader (the default dialect is Excel's): importing the csv module
# around it costs about 30 ms in Pyodide, which compiles its standard library from source.
from _csv import reader as csv_reader
from collections import namedtuple
from functools import cache
from types import MappingProxyType

from ..base.errors import DataError

TYPE_CHECKING = False  # the stdlib idiom: annotations only, no typing import at run time
if TYPE_CHECKING:
    from collections.abc import Mapping
    from importlib.resources.abc import Traversable
    from pathlib import Path

#: The guide edition the bundled data transcribes, separate from the package version.
GUIDE_EDITION = "UK AI & ML Engineering Salary Guide 2026 (Q4 2025 to January 2026)"


class Range(namedtuple("Range", "low high open_top", defaults=(False,))):
    """A printed range in the table's unit (pounds, or percent for _pct columns), open_top for "+"."""

    __slots__ = ()


class Level(namedtuple("Level", "name rank years_min years_max")):
    """One level of a role's salary table, with its year range (None where not printed)."""

    __slots__ = ()


class Location(namedtuple("Location", "name discount_min discount_max typical notes")):
    """A row of the London-vs-regional table; discounts in percent (10 for -10%)."""

    __slots__ = ()


class Stage(namedtuple("Stage", "name base equity bonus benefits risk_profile")):
    """A company stage; base is the base salary in percent of market."""

    __slots__ = ()


class Insight(namedtuple("Insight", "section insight figure unit")):
    """A headline figure from the cover or the executive summary."""

    __slots__ = ()


class Alias(namedtuple("Alias", "kind role alias name line")):
    """A name users type and the guide name it stands for (role scopes skill aliases)."""

    __slots__ = ()


_GUIDE_FIELDS = (
    "roles",  # role -> kind ("engineer" or "leadership")
    "sections",  # role -> salary section ("" for day-rate-only roles)
    "levels",  # role -> its salary-table levels, junior first
    "regions",  # region -> "table" or "city"
    "salary",  # (role, level, region) -> Range in pounds a year
    "leadership",  # (role, "UK" or "London") -> Range in pounds a year
    "equity",  # leadership role -> Range in percent of base
    "day_rates",  # (role, level) -> Range in pounds a day, outside IR35
    "day_rate_levels",  # the day-rate table's levels, junior first
    "ir35",  # "inside"/"outside" -> reduction Range in percent
    "skills",  # role -> skill -> premium Range in percent
    "locations",  # London-vs-regional rows by location
    "stages",  # startup-vs-enterprise rows by stage
    "insights",  # headline figures
    "aliases",  # names users type
    "folder",  # where the tables were read from
)


class Guide(namedtuple("Guide", _GUIDE_FIELDS)):
    """Every table of the guide, validated and read-only (mappings are MappingProxyType)."""

    __slots__ = ()


class _BundledFile(namedtuple("_BundledFile", "name")):
    """A file of the bundled data folder, read through the package loader's resource API."""

    __slots__ = ()

    def read_text(self, encoding: str = "utf-8") -> str:
        """Return the file's text; raises FileNotFoundError when it is missing (OSError in a zip)."""
        # What pkgutil.get_data("addin", "data/NAME") does: the package's own loader reads
        # the file, from a folder, a zip or Pyodide alike.
        package = sys.modules["addin"]  # the data folder sits in the top package
        path = os.path.join(os.path.dirname(package.__file__), "data", self.name)
        return package.__spec__.loader.get_data(path).decode(encoding)


class _BundledFolder:
    """The data folder inside the installed package, as ``folder / name`` with read_text().

    The package's own loader reads the files, as pkgutil.get_data and importlib.resources
    do, so they read from a wheel install, a zip and Pyodide alike; importing either module
    would cost 20 ms or more of xlwings Lite's start-up (Pyodide compiles it from source).
    """

    __slots__ = ()

    def __truediv__(self, name: str) -> _BundledFile:
        return _BundledFile(name)


def default_folder() -> _BundledFolder:
    """Return the bundled data folder (inside the installed package)."""
    return _BundledFolder()


class _Table:
    """Rows of one CSV file with line numbers, and parsers that name the file and line."""

    def __init__(self, folder: Traversable | Path, name: str, columns: tuple[str, ...]):
        self.file = f"{name}.csv"
        try:
            text = (folder / self.file).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise DataError(self.file, 0, "file is missing") from None
        reader = csv_reader(io.StringIO(text))
        header = next(reader, None)
        if header is None or tuple(header) != columns:
            raise DataError(self.file, 1, f"header must be {','.join(columns)}, found {header}")
        self.rows: list[tuple[int, dict[str, str]]] = []
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) != len(columns):
                self.fail(line, f"expected {len(columns)} fields, found {len(row)}")
            self.rows.append((line, {c: v.strip() for c, v in zip(columns, row)}))

    def fail(self, line: int, problem: str):
        raise DataError(self.file, line, problem)

    def text(self, line: int, row: dict, column: str) -> str:
        if not row[column]:
            self.fail(line, f"{column} is empty")
        return row[column]

    def number(self, line: int, row: dict, column: str, *, positive=True, optional=False):
        raw = row[column]
        if optional and raw == "":
            return None
        try:
            value = float(raw)
        except ValueError:
            self.fail(line, f"{column} {raw!r} is not a number")
        if value != value or value in (float("inf"), float("-inf")):
            self.fail(line, f"{column} {raw!r} is not a finite number")
        if value < 0 or (positive and value == 0):
            self.fail(line, f"{column} {raw!r} must be {'positive' if positive else 'zero or more'}")
        return value

    def flag(self, line: int, row: dict, column: str) -> bool:
        raw = row[column].lower()
        if raw not in ("true", "false"):
            self.fail(line, f"{column} must be true or false, found {row[column]!r}")
        return raw == "true"

    def band(self, line, row, low="low", high="high", *, positive=True, open_top=None):
        lo = self.number(line, row, low, positive=positive)
        hi = self.number(line, row, high, positive=positive)
        if lo > hi:
            self.fail(line, f"{low} {row[low]} is above {high} {row[high]}")
        top = self.flag(line, row, open_top) if open_top else False
        return Range(lo, hi, top)

    def unique(self, seen: dict, key, line: int):
        if key in seen:
            self.fail(line, f"duplicate key {key!r} (first on line {seen[key]})")
        seen[key] = line


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(mapping)


def load(folder: Traversable | Path | None = None) -> Guide:
    """Read and validate every table in ``folder`` (default: the bundled data).

    Raises DataError naming the file and line of the first broken row.
    """
    folder = default_folder() if folder is None else folder

    t = _Table(folder, "roles", ("role", "kind", "section"))
    roles, sections, seen = {}, {}, {}
    for line, row in t.rows:
        role = t.text(line, row, "role")
        t.unique(seen, role, line)
        kind = t.text(line, row, "kind")
        if kind not in ("engineer", "leadership"):
            t.fail(line, f"kind must be engineer or leadership, found {kind!r}")
        roles[role], sections[role] = kind, row["section"]

    def known_role(table: _Table, line: int, row: dict, kind: str | None = None) -> str:
        role = table.text(line, row, "role")
        if role not in roles or (kind and roles[role] != kind):
            table.fail(line, f"role {role!r} is not a{' ' + kind if kind else ''} role in roles.csv")
        return role

    t = _Table(folder, "levels", ("role", "level", "rank", "years_min", "years_max"))
    levels: dict[str, list[Level]] = {}
    seen = {}
    for line, row in t.rows:
        role = known_role(t, line, row, "engineer")
        name = t.text(line, row, "level")
        t.unique(seen, (role, name), line)
        lo = t.number(line, row, "years_min", positive=False, optional=True)
        hi = t.number(line, row, "years_max", optional=True)
        if lo is not None and hi is not None and lo >= hi:
            t.fail(line, "years_min must be below years_max")
        rank = int(t.number(line, row, "rank"))
        levels.setdefault(role, []).append(Level(name, rank, lo, hi))
    for role, lv in levels.items():
        if [x.rank for x in lv] != list(range(1, len(lv) + 1)):
            t.fail(0, f"ranks of {role} must run 1, 2, 3... in file order")

    t = _Table(folder, "regions", ("region", "kind"))
    regions, seen = {}, {}
    for line, row in t.rows:
        region = t.text(line, row, "region")
        t.unique(seen, region, line)
        if row["kind"] not in ("table", "city"):
            t.fail(line, f"kind must be table or city, found {row['kind']!r}")
        regions[region] = row["kind"]
    table_regions = [r for r, k in regions.items() if k == "table"]

    t = _Table(folder, "salary_bands", ("role", "level", "region", "low", "high", "open_top"))
    salary, seen = {}, {}
    for line, row in t.rows:
        role = known_role(t, line, row, "engineer")
        level, region = row["level"], row["region"]
        if level not in {x.name for x in levels.get(role, ())}:
            t.fail(line, f"level {level!r} is not a level of {role} in levels.csv")
        if region not in table_regions:
            t.fail(line, f"region {region!r} is not a table region in regions.csv")
        t.unique(seen, (role, level, region), line)
        salary[(role, level, region)] = t.band(line, row, open_top="open_top")
    for role, lv in levels.items():
        for level in lv:
            for region in table_regions:
                if (role, level.name, region) not in salary:
                    t.fail(0, f"missing {role} / {level.name} / {region}")
    for role, section in sections.items():
        if roles[role] == "engineer" and bool(section) != (role in levels):
            t.fail(0, f"{role}: a salary section in roles.csv needs a salary table, and vice versa")

    t = _Table(folder, "leadership_bands", ("role", "region", "low", "high", "open_top"))
    leadership, seen = {}, {}
    for line, row in t.rows:
        role = known_role(t, line, row, "leadership")
        if row["region"] not in ("UK", "London"):
            t.fail(line, f"region must be UK or London, found {row['region']!r}")
        t.unique(seen, (role, row["region"]), line)
        leadership[(role, row["region"])] = t.band(line, row, open_top="open_top")

    t = _Table(folder, "leadership_equity", ("role", "low_pct", "high_pct", "open_top"))
    equity, seen = {}, {}
    for line, row in t.rows:
        role = known_role(t, line, row, "leadership")
        t.unique(seen, role, line)
        equity[role] = t.band(line, row, "low_pct", "high_pct", open_top="open_top")
    for role, kind in roles.items():
        if kind == "leadership" and not all(
            k in leadership for k in ((role, "UK"), (role, "London"))
        ) or (kind == "leadership" and role not in equity):
            t.fail(0, f"{role} needs UK and London ranges and an equity/bonus range")

    t = _Table(folder, "day_rates", ("role", "level", "low", "high"))
    day_rates, seen, day_levels = {}, {}, []
    for line, row in t.rows:
        role = known_role(t, line, row, "engineer")
        level = t.text(line, row, "level")
        if level not in day_levels:
            day_levels.append(level)
        t.unique(seen, (role, level), line)
        day_rates[(role, level)] = t.band(line, row)
    for role in {r for r, _ in day_rates}:
        for level in day_levels:
            if (role, level) not in day_rates:
                t.fail(0, f"missing day rate {role} / {level}")

    t = _Table(folder, "ir35", ("status", "reduction_min_pct", "reduction_max_pct"))
    ir35, seen = {}, {}
    for line, row in t.rows:
        status = t.text(line, row, "status")
        t.unique(seen, status, line)
        ir35[status] = t.band(line, row, "reduction_min_pct", "reduction_max_pct", positive=False)
    if set(ir35) != {"inside", "outside"}:
        t.fail(0, "needs exactly the statuses inside and outside")

    t = _Table(folder, "skill_premiums", ("role", "skill", "low_pct", "high_pct"))
    skills: dict[str, dict[str, Range]] = {}
    seen = {}
    for line, row in t.rows:
        role = known_role(t, line, row, "engineer")
        skill = t.text(line, row, "skill")
        t.unique(seen, (role, skill), line)
        skills.setdefault(role, {})[skill] = t.band(line, row, "low_pct", "high_pct")

    t = _Table(folder, "london_comparison",
               ("location", "discount_min_pct", "discount_max_pct", "typical_low", "typical_high", "notes"))
    locations, seen = {}, {}
    for line, row in t.rows:
        name = t.text(line, row, "location")
        t.unique(seen, name, line)
        d = t.band(line, row, "discount_min_pct", "discount_max_pct", positive=False)
        if d.high >= 100:
            t.fail(line, "a discount must be below 100%")
        locations[name] = Location(name, d.low, d.high, t.band(line, row, "typical_low", "typical_high"), row["notes"])
    for region, kind in regions.items():
        if kind == "city" and region not in locations:
            t.fail(0, f"city {region!r} of regions.csv has no row here")
    if "London" not in locations:
        t.fail(0, "needs the London baseline row")

    t = _Table(folder, "stages",
               ("stage", "base_low_pct", "base_high_pct", "equity", "bonus", "benefits", "risk_profile"))
    stages, seen = {}, {}
    for line, row in t.rows:
        name = t.text(line, row, "stage")
        t.unique(seen, name, line)
        stages[name] = Stage(name, t.band(line, row, "base_low_pct", "base_high_pct"),
                             row["equity"], row["bonus"], row["benefits"], row["risk_profile"])

    t = _Table(folder, "insights", ("section", "insight", "low", "high", "open_top", "unit"))
    insights = tuple(
        Insight(t.text(line, row, "section"), t.text(line, row, "insight"),
                t.band(line, row, open_top="open_top"), t.text(line, row, "unit"))
        for line, row in t.rows
    )

    t = _Table(folder, "aliases", ("kind", "role", "alias", "name"))
    targets = {
        "role": set(roles), "region": set(regions), "stage": set(stages),
        "level": {x.name for lv in levels.values() for x in lv} | set(day_levels) | {"@top"},
    }
    aliases = []
    for line, row in t.rows:
        kind, name, role = row["kind"], t.text(line, row, "name"), row["role"]
        alias = t.text(line, row, "alias")
        if kind == "skill":
            if name not in skills.get(role, {}):
                t.fail(line, f"skill alias {alias!r} points to {name!r}, not a skill of {role!r}")
        elif kind not in targets:
            t.fail(line, f"kind must be one of {', '.join(sorted(targets))} or skill, found {kind!r}")
        elif name not in targets[kind]:
            t.fail(line, f"{kind} alias {alias!r} points to unknown {kind} {name!r}")
        aliases.append(Alias(kind, role, alias, name, line))

    return Guide(
        roles=_frozen(roles), sections=_frozen(sections),
        levels=_frozen({r: tuple(v) for r, v in levels.items()}),
        regions=_frozen(regions), salary=_frozen(salary), leadership=_frozen(leadership),
        equity=_frozen(equity), day_rates=_frozen(day_rates), day_rate_levels=tuple(day_levels),
        ir35=_frozen(ir35), skills=_frozen({r: _frozen(s) for r, s in skills.items()}),
        locations=_frozen(locations), stages=_frozen(stages), insights=insights,
        aliases=tuple(aliases), folder=folder,
    )


def provenance(g: Guide) -> Mapping[str, object]:
    """Return provenance.toml of the guide's data folder as a dict (read on each call)."""
    import tomllib  # only the source line and the CLI need it

    return tomllib.loads((g.folder / "provenance.toml").read_text(encoding="utf-8"))


@cache
def guide() -> Guide:
    """Return the bundled guide, loaded and validated on first use."""
    return load()


class PlanChecks(namedtuple("PlanChecks", "day_rate_ceiling salary_floor review_below review_above")):
    """The bounds a plan row's rate is checked against (plan_checks.csv; provenance.toml rules
    unit_slips and rows_to_review): a contractor's day rate above ``day_rate_ceiling`` (£ a
    day) or a salary below ``salary_floor`` (£ a year) is a slip; a compa-ratio below
    ``review_below`` or above ``review_above`` a row to review."""

    __slots__ = ()


_CHECKS = ("day_rate_ceiling_x_highest_day_rate", "salary_floor_x_lowest_salary",
           "review_compa_ratio_below", "review_compa_ratio_above")


def load_plan_checks(g: Guide) -> PlanChecks:
    """Read plan_checks.csv of ``g``'s folder: the bounds, worked from ``g``'s own extremes
    (its highest day rate, its lowest printed salary). Raises DataError."""
    t = _Table(g.folder, "plan_checks", ("check", "value"))
    values, seen = {}, {}
    for line, row in t.rows:
        name = t.text(line, row, "check")
        t.unique(seen, name, line)
        if name not in _CHECKS:
            t.fail(line, f"check must be one of {', '.join(_CHECKS)}, found {name!r}")
        values[name] = t.number(line, row, "value")
    missing = [c for c in _CHECKS if c not in values]
    if missing:
        t.fail(0, f"missing {', '.join(missing)}")
    below, above = values[_CHECKS[2]], values[_CHECKS[3]]
    if not below < 1 < above:
        t.fail(0, "the compa-ratios to review must be below 1 and above 1")
    ceiling = values[_CHECKS[0]] * max(r.high for r in g.day_rates.values())
    floor = values[_CHECKS[1]] * min(r.low for r in g.salary.values())
    if floor <= ceiling:  # a figure must never be both a plausible salary and day rate
        t.fail(0, f"the salary floor £{floor:,.0f} must be above the day-rate ceiling "
                  f"£{ceiling:,.0f}")
    return PlanChecks(ceiling, floor, below, above)


@cache
def plan_checks() -> PlanChecks:
    """Return the bundled plan checks, loaded once."""
    return load_plan_checks(guide())
