"""Guide layer: reads an edition's CSV tables, validates them and returns frozen records."""

from __future__ import annotations

from collections import namedtuple
from types import MappingProxyType

from ..base.datafile import Range, Table

TYPE_CHECKING = False  # the stdlib idiom: annotations only, no typing import at run time
if TYPE_CHECKING:
    from collections.abc import Mapping
    from importlib.resources.abc import Traversable
    from pathlib import Path

__all__ = ["INSIGHT_UNITS", "TABLE_FILES", "Alias", "Insight", "Level", "Location", "Range", "Stage",
           "Tables", "load_tables"]


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


_TABLES_FIELDS = (
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
)


class Tables(namedtuple("Tables", _TABLES_FIELDS)):
    """Every table of an edition, validated and read-only (mappings are MappingProxyType)."""

    __slots__ = ()


_frozen = MappingProxyType

#: The CSV files an edition's tables are read from (load_tables), by name without ".csv".
TABLE_FILES = ("roles", "levels", "regions", "salary_bands", "leadership_bands",
               "leadership_equity", "day_rates", "ir35", "skill_premiums", "london_comparison",
               "stages", "insights", "aliases")


def _roles(folder) -> tuple[dict, dict]:
    t = Table(folder, "roles", ("role", "kind", "section"))
    roles, sections, seen = {}, {}, {}
    for line, row in t.rows:
        with t:
            role = t.text(line, row, "role")
            t.unique(seen, role, line)
            kind = t.text(line, row, "kind")
            if kind not in ("engineer", "leadership"):
                t.fail(line, f"kind must be engineer or leadership, found {kind!r}")
            roles[role], sections[role] = kind, row["section"]
    return roles, sections


def _known_role(roles: dict, t: Table, line: int, row: dict, kind: str | None = None) -> str:
    role = t.text(line, row, "role")
    if role not in roles or (kind and roles[role] != kind):
        what = {"engineer": "an engineer role", "leadership": "a leadership role"}.get(kind, "a role")
        t.fail(line, f"role {role!r} is not {what} in roles.csv")
    return role


def _levels(folder, roles: dict) -> dict[str, tuple[Level, ...]]:
    t = Table(folder, "levels", ("role", "level", "rank", "years_min", "years_max"))
    levels: dict[str, list[Level]] = {}
    seen = {}
    for line, row in t.rows:
        with t:
            role = _known_role(roles, t, line, row, "engineer")
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
    return {r: tuple(v) for r, v in levels.items()}


def _regions(folder) -> dict[str, str]:
    t = Table(folder, "regions", ("region", "kind"))
    regions, seen = {}, {}
    for line, row in t.rows:
        with t:
            region = t.text(line, row, "region")
            t.unique(seen, region, line)
            if row["kind"] not in ("table", "city"):
                t.fail(line, f"kind must be table or city, found {row['kind']!r}")
            regions[region] = row["kind"]
    return regions


def _salary(folder, roles: dict, sections: dict, levels: dict, regions: dict) -> dict:
    t = Table(folder, "salary_bands", ("role", "level", "region", "low", "high", "open_top"))
    table_regions = [r for r, k in regions.items() if k == "table"]
    salary, seen = {}, {}
    for line, row in t.rows:
        with t:
            role = _known_role(roles, t, line, row, "engineer")
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
    return salary


def _leadership(folder, roles: dict) -> tuple[dict, dict]:
    t = Table(folder, "leadership_bands", ("role", "region", "low", "high", "open_top"))
    leadership, seen = {}, {}
    for line, row in t.rows:
        with t:
            role = _known_role(roles, t, line, row, "leadership")
            if row["region"] not in ("UK", "London"):
                t.fail(line, f"region must be UK or London, found {row['region']!r}")
            t.unique(seen, (role, row["region"]), line)
            leadership[(role, row["region"])] = t.band(line, row, open_top="open_top")

    t = Table(folder, "leadership_equity", ("role", "low_pct", "high_pct", "open_top"))
    equity, seen = {}, {}
    for line, row in t.rows:
        with t:
            role = _known_role(roles, t, line, row, "leadership")
            t.unique(seen, role, line)
            equity[role] = t.band(line, row, "low_pct", "high_pct", open_top="open_top")
    for role, kind in roles.items():
        if kind == "leadership" and not all(
            k in leadership for k in ((role, "UK"), (role, "London"))
        ) or (kind == "leadership" and role not in equity):
            t.fail(0, f"{role} needs UK and London ranges and an equity/bonus range")
    return leadership, equity


def _day_rates(folder, roles: dict) -> tuple[dict, tuple[str, ...], dict]:
    t = Table(folder, "day_rates", ("role", "level", "low", "high"))
    day_rates, seen, day_levels = {}, {}, []
    for line, row in t.rows:
        with t:
            role = _known_role(roles, t, line, row, "engineer")
            level = t.text(line, row, "level")
            if level not in day_levels:
                day_levels.append(level)
            t.unique(seen, (role, level), line)
            day_rates[(role, level)] = t.band(line, row)
    for role in {r for r, _ in day_rates}:
        for level in day_levels:
            if (role, level) not in day_rates:
                t.fail(0, f"missing day rate {role} / {level}")

    t = Table(folder, "ir35", ("status", "reduction_min_pct", "reduction_max_pct"))
    ir35, seen = {}, {}
    for line, row in t.rows:
        with t:
            status = t.text(line, row, "status")
            t.unique(seen, status, line)
            ir35[status] = t.band(line, row, "reduction_min_pct", "reduction_max_pct", positive=False)
    if set(ir35) != {"inside", "outside"}:
        t.fail(0, "needs exactly the statuses inside and outside")
    return day_rates, tuple(day_levels), ir35


def _skills(folder, roles: dict) -> dict[str, dict[str, Range]]:
    t = Table(folder, "skill_premiums", ("role", "skill", "low_pct", "high_pct"))
    skills: dict[str, dict[str, Range]] = {}
    seen = {}
    for line, row in t.rows:
        with t:
            role = _known_role(roles, t, line, row, "engineer")
            skill = t.text(line, row, "skill")
            t.unique(seen, (role, skill), line)
            skills.setdefault(role, {})[skill] = t.band(line, row, "low_pct", "high_pct")
    return skills


def _locations(folder, regions: dict) -> dict[str, Location]:
    t = Table(folder, "london_comparison",
              ("location", "discount_min_pct", "discount_max_pct", "typical_low", "typical_high", "notes"))
    locations, seen = {}, {}
    for line, row in t.rows:
        with t:
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
    return locations


def _stages(folder) -> dict[str, Stage]:
    t = Table(folder, "stages",
              ("stage", "base_low_pct", "base_high_pct", "equity", "bonus", "benefits", "risk_profile"))
    stages, seen = {}, {}
    for line, row in t.rows:
        with t:
            name = t.text(line, row, "stage")
            t.unique(seen, name, line)
            stages[name] = Stage(name, t.band(line, row, "base_low_pct", "base_high_pct"),
                                 row["equity"], row["bonus"], row["benefits"], row["risk_profile"])
    return stages


#: The units a headline figure may be in (insights.csv), as provenance.toml defines them.
INSIGHT_UNITS = ("GBP per year", "GBP per day", "percent")


def _insights(folder) -> tuple[Insight, ...]:
    t = Table(folder, "insights", ("section", "insight", "low", "high", "open_top", "unit"))
    insights = []
    for line, row in t.rows:
        with t:
            if row["unit"] not in INSIGHT_UNITS:
                t.fail(line, f"unit must be {', '.join(INSIGHT_UNITS)}, found {row['unit']!r}")
            insights.append(Insight(t.text(line, row, "section"), t.text(line, row, "insight"),
                                    t.band(line, row, open_top="open_top"), row["unit"]))
    return tuple(insights)


def _aliases(folder, targets: Mapping[str, set], skills: dict) -> tuple[Alias, ...]:
    t = Table(folder, "aliases", ("kind", "role", "alias", "name"))
    aliases = []
    for line, row in t.rows:
        with t:
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
    return tuple(aliases)


def load_tables(folder: Traversable | Path) -> Tables:
    """Read and validate every table of the edition in ``folder``.

    Raises DataError naming the file and line of the first broken row.
    """
    roles, sections = _roles(folder)
    levels = _levels(folder, roles)
    regions = _regions(folder)
    salary = _salary(folder, roles, sections, levels, regions)
    leadership, equity = _leadership(folder, roles)
    day_rates, day_levels, ir35 = _day_rates(folder, roles)
    skills = _skills(folder, roles)
    locations = _locations(folder, regions)
    stages = _stages(folder)
    insights = _insights(folder)
    targets = {
        "role": set(roles), "region": set(regions), "stage": set(stages),
        "level": {x.name for lv in levels.values() for x in lv} | set(day_levels) | {"@top"},
    }
    aliases = _aliases(folder, targets, skills)
    return Tables(
        roles=_frozen(roles), sections=_frozen(sections), levels=_frozen(levels),
        regions=_frozen(regions), salary=_frozen(salary), leadership=_frozen(leadership),
        equity=_frozen(equity), day_rates=_frozen(day_rates), day_rate_levels=day_levels,
        ir35=_frozen(ir35), skills=_frozen({r: _frozen(s) for r, s in skills.items()}),
        locations=_frozen(locations), stages=_frozen(stages), insights=insights,
        aliases=aliases,
    )
