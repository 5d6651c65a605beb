"""Domain layer: salary bands, day rates, leadership bands, skill premiums and stage factors."""

from __future__ import annotations

import math
from datetime import date

from ..base import inputs
from ..base.errors import InvalidValueError, NotInGuideError, UnknownNameError
from ..base.memo import memoised
from .band import Band
from .data import Level
from .edition import current_edition
from .names import fold, is_blank

SALARY, DAYRATE, LEADERSHIP = "salary", "dayrate", "leadership"
GBP_YEAR, GBP_DAY, FRACTION = "GBP/year", "GBP/day", "fraction"
_cached = memoised(4096)  # distinct argument tuples kept per lookup; a plan has far fewer


def guide():
    """Return the tables of the edition in use (data.Tables)."""
    return current_edition().tables


def index():
    """Return the name indexes of the edition in use (names.Index)."""
    return current_edition().index


def _salary_role(name: object) -> str:
    g, idx = guide(), index()
    role = idx.roles.get(name)
    if role not in g.levels:
        if g.roles[role] == "leadership":
            raise NotInGuideError(
                f'"{role}" is a leadership role: use {{LEADERSHIP_BAND}}, which has UK and London '
                f"ranges.", role)
        raise NotInGuideError(
            f"The guide gives only contractor day rates for {role}, no salary table: use "
            f"{{DAYRATE}}.", role)
    return role


#: The most years of experience a Level may give: a career's length. A larger number is a
#: typing slip or a date (Excel sends a date as a day count such as 46296), never a level.
MAX_YEARS = 50


def _years_level(levels: tuple[Level, ...], years: float, role: str) -> str:
    if math.isnan(years) or math.isinf(years):
        raise InvalidValueError(f"Years of experience {years!r} is not a number.")
    if years < 0:
        raise InvalidValueError(f"Years of experience cannot be negative ({years:g}).")
    if years > MAX_YEARS:
        raise InvalidValueError(
            f"Level {years:g} is not a number of years (0 to {MAX_YEARS}): a date or a typing "
            f"slip? Give a level name such as Senior, or the years of experience.")
    for level in levels:
        if level.years_min is None:
            continue
        if years >= level.years_min and (level.years_max is None or years < level.years_max):
            return level.name
    raise NotInGuideError(f"No {role} level covers {years:g} years.")


def _salary_level(role: str, level: object) -> str:
    if isinstance(level, date):  # a datetime too: classic xlwings and openpyxl send dates so
        raise InvalidValueError(f"Level {level.isoformat()[:10]} is a date: give a level name "
                                f"such as Senior, or the years of experience.")
    if isinstance(level, (int, float)) and not isinstance(level, bool):
        # Clamped first: a Python integer beyond float range would overflow float().
        years = float(max(min(level, 10**6), -10**6)) if isinstance(level, int) else level
        return _years_level(guide().levels[role], years, role)
    if isinstance(level, str):
        try:
            years = float(level)
        except ValueError:
            return index().levels[role].get(level)
        return _years_level(guide().levels[role], years, role)
    return index().levels[role].get(level)


def _city_band(band, discount_min: float, discount_max: float):
    # The larger discount lowers the low end, the smaller one the high end (percent).
    return band.low * (100 - discount_max) / 100, band.high * (100 - discount_min) / 100


@_cached
def salary_band(role: str, level: object, region: str = "UK National") -> Band:
    """Return the permanent salary band in pounds a year.

    ``level`` is a level name or alias, or a number of years. ``region`` is UK National,
    London, Remote UK, or a city of the guide's regional table (derived from London).
    Raises UnknownNameError, NotInGuideError or InvalidValueError.

    >>> salary_band("AI Engineer", "Senior", "London").mid
    110000.0
    """
    ed = current_edition()
    g = ed.tables
    role = _salary_role(role)
    level = _salary_level(role, level)
    region = _region(region)
    section = g.sections[role]
    if g.regions[region] == "table":
        r = g.salary[(role, level, region)]
        return Band(r.low, r.high, r.open_top, GBP_YEAR,
                    f"{ed.name}, {section}, {level}, {region}: quoted")
    london = g.salary[(role, level, "London")]
    loc = g.locations[region]
    low, high = _city_band(london, loc.discount_min, loc.discount_max)
    return Band(low, high, london.open_top, GBP_YEAR,
                f"{ed.name}, {section}, {level}, London x (1 - {loc.discount_max:g}%) to "
                        f"x (1 - {loc.discount_min:g}%) from {ed.section('london_comparison')}: "
                        f"derived")


def _region(name: object) -> str:
    idx = index()
    if isinstance(name, str):
        found = idx.regions.find(name)
        if found is not None:
            return found
    err = idx.regions.unknown(name)
    if not err.suggestions:
        raise NotInGuideError(
            f'The guide has no figures for "{name}": use "UK National" or "Remote UK" for other '
            f"places, or one of {', '.join(guide().regions)}."
        )
    raise err


def _ir35(status: object) -> str:
    """Return "inside" or "outside" as inputs.ir35 reads ``status``."""
    return inputs.ir35(status).lower()


@_cached
def day_rate(role: str, level: str, ir35: object = "outside") -> Band:
    """Return the contractor day rate band in pounds a day.

    Outside IR35 is the guide's range; inside is outside low x 0.80 to high x 0.85 (the
    15-20% reduction at its widest). ``ir35`` is "inside"/"outside" or True (inside).
    Raises UnknownNameError, NotInGuideError or InvalidValueError.

    >>> day_rate("LLM Engineer", "Lead", True).mid
    870.0
    """
    ed = current_edition()
    g = ed.tables
    role = ed.index.roles.get(role)
    if (role, g.day_rate_levels[0]) not in g.day_rates:
        raise NotInGuideError(f'The guide has no contractor day rates for "{role}".')
    level = _day_level(level)
    status = _ir35(ir35)
    r = g.day_rates[(role, level)]

    def where() -> str:
        return f"{ed.name}, {ed.section('day_rates')}, {role}, {level}"

    if status == "outside":
        return Band(r.low, r.high, False, GBP_DAY, f"{where()}, outside IR35: quoted")
    cut = g.ir35["inside"]
    return Band(r.low * (100 - cut.high) / 100, r.high * (100 - cut.low) / 100, False, GBP_DAY,
                f"{where()}, inside IR35 = outside low x {(100 - cut.high) / 100:g} to "
                        f"high x {(100 - cut.low) / 100:g} (the {cut.low:g}-{cut.high:g}% "
                        f"reduction): derived")


def _day_level(level: object) -> str:
    g, idx = guide(), index()
    years = level
    if isinstance(level, str):  # "5" typed on the command line or as text in a cell
        try:
            years = float(level)
        except ValueError:
            pass
    if isinstance(years, (int, float)) and not isinstance(years, bool):
        raise InvalidValueError(
            f"Day rates take a level name ({', '.join(g.day_rate_levels)}), not years "
            f"({years:g}): the guide gives no year ranges for contractors."
        )
    if isinstance(level, str):
        found = idx.day_levels.find(level)
        if found is not None:
            return found
        if any(ix.find(level) for ix in idx.levels.values()):
            raise NotInGuideError(
                f"The guide has no {level.strip()} contractor day rates; day rates are for "
                f"{', '.join(g.day_rate_levels)}."
            )
    raise idx.day_levels.unknown(level)


def _leadership_role(name: object) -> str:
    role = index().roles.get(name)
    if guide().roles[role] != "leadership":
        raise NotInGuideError(
            f'"{role}" is not a leadership role: use {{SALARY_BAND}} or {{DAYRATE}} for it.', role)
    return role


@_cached
def leadership_band(role: str, region: str = "UK") -> Band:
    """Return a leadership salary band in pounds a year, for region "UK" or "London".

    Raises UnknownNameError or NotInGuideError (the guide has no remote or city figures
    for leadership roles).

    >>> leadership_band("Director of AI", "London").high
    250000.0
    """
    ed = current_edition()
    role = _leadership_role(role)
    column = _leadership_column(region)
    r = ed.tables.leadership[(role, column)]
    return Band(r.low, r.high, r.open_top, GBP_YEAR,
                f"{ed.name}, {ed.section('leadership')}, {role}, {column} Range: quoted")


def _leadership_column(region: object) -> str:
    column = {"UK National": "UK", "London": "London"}.get(_region(region))
    if column is None:
        raise NotInGuideError(
            f'The guide gives leadership ranges for "UK" and "London" only, not "{region}".'
        )
    return column


@_cached
def leadership_equity(role: str) -> Band:
    """Return a leadership role's equity/bonus as a fraction of base salary (0.10 for 10%)."""
    ed = current_edition()
    role = _leadership_role(role)
    r = ed.tables.equity[role]
    return Band(r.low / 100, r.high / 100, r.open_top, FRACTION,
                f"{ed.name}, {ed.section('leadership')}, {role}, Equity/Bonus: quoted")


def _skill_role(name: object) -> str:
    g = guide()
    role = index().roles.get(name)
    if role not in g.skills:
        listed = ", ".join(g.skills)
        raise NotInGuideError(f"The guide lists premium skills only for {listed}, not {role}.")
    return role


@_cached
def skill_premium(role: str, skill: str) -> Band:
    """Return a skill's salary premium for a role as fractions (0.15 for +15%).

    ``skill`` is the guide's name, an alias or a keyword ("RAG", "fine-tuning").
    Raises UnknownNameError, or AmbiguousNameError when a keyword matches two skills.

    >>> skill_premium("LLM Engineer", "fine-tuning").mid
    0.2
    """
    ed = current_edition()
    role = _skill_role(role)
    skill = ed.index.skill(role, skill)
    r = ed.tables.skills[role][skill]
    section = ed.tables.sections[role]
    return Band(r.low / 100, r.high / 100, False, FRACTION,
                f"{ed.name}, {section}, premium skill {skill}: quoted")


@_cached
def stage_factor(stage: str) -> Band:
    """Return a company stage's base salary as a fraction of market (0.90 to 1.00 for a scale-up).

    >>> stage_factor("Scale-up").low
    0.9
    """
    ed = current_edition()
    name = ed.index.stages.get(stage)
    r = ed.tables.stages[name].base
    return Band(r.low / 100, r.high / 100, False, FRACTION,
                f"{ed.name}, {ed.section('stages')}, {name}, Base Salary: quoted")


def split_skills(skills: object) -> tuple[str, ...]:
    """Return skill names from comma-separated text or an iterable of cells (blanks dropped)."""
    if skills is None:
        return ()
    if isinstance(skills, str):
        items = skills.split(",")
    elif isinstance(skills, (list, tuple)):
        items = [c for row in skills for c in (row if isinstance(row, (list, tuple)) else [row])]
        items = [p for c in items if c is not None for p in (c.split(",") if isinstance(c, str) else [c])]
    else:
        raise InvalidValueError(f"Skills {skills!r} must be text such as \"RAG, fine-tuning\".")
    out = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidValueError(f"Skill {item!r} is not a skill name.")
        if item.strip():
            out.append(item.strip())
    return tuple(out)


def salary_estimate(role: str, level: object, region: str = "UK National",
                    skills: object = None, stage: str | None = None) -> Band:
    """Return the salary band x (1 + the skills' premiums) x the stage's base-% of market.

    In pounds a year; low uses every low factor and high every high factor. No stage
    means market rate. Raises what the underlying lookups raise.

    >>> salary_estimate("LLM Engineer", "Senior", "London", "RAG, fine-tuning", "Scale-up").low
    128700.0
    """
    if is_blank(stage):
        stage = None
    return _estimate(role, level, region, split_skills(skills), stage)


@_cached
def _estimate(role, level, region, skills: tuple[str, ...], stage) -> Band:
    g = guide()
    base = salary_band(role, level, region)
    role = _salary_role(role)
    table = g.skills[_skill_role(role)]
    premiums = {index().skill(role, name): None for name in skills}  # a skill counts once
    # Percent arithmetic keeps whole-pound results exact (110000 x 130 / 100 x 90 / 100).
    up_low = 100 + sum(table[s].low for s in premiums)
    up_high = 100 + sum(table[s].high for s in premiums)
    parts = []
    if premiums:
        parts.append("+ premiums " + ", ".join(premiums))
    market = g.stages[index().stages.get(stage)].base if stage is not None else None
    if market is not None:
        parts.append(f"x {index().stages.get(stage)} base % of market")
    low = base.low * up_low / 100 * (market.low if market else 100) / 100
    high = base.high * up_high / 100 * (market.high if market else 100) / 100
    if not parts:
        return Band(low, high, base.open_top, GBP_YEAR, base.source)
    return Band(low, high, base.open_top, GBP_YEAR,
                "; ".join([base.source, *parts]) + ": derived")


def salary_names(role: object, level: object, region: object = "UK National") -> tuple[str, str, str]:
    """Return the guide's (role, level, region) that salary_band matches for these inputs.

    >>> salary_names("ai eng", 2.5, "uk")
    ('AI Engineer', 'Mid-Level', 'UK National')
    """
    role = _salary_role(role)
    return role, _salary_level(role, level), _region(region)


def day_rate_names(role: object, level: object, ir35: object = "outside") -> tuple[str, str, str]:
    """Return the guide's (role, level, "inside" or "outside") that day_rate matches."""
    return index().roles.get(role), _day_level(level), _ir35(ir35)


def leadership_names(role: object, region: object = "UK") -> tuple[str, str]:
    """Return the guide's (role, "UK" or "London") that leadership_band matches."""
    return _leadership_role(role), _leadership_column(region)


def skill_names(role: object, skill: object) -> tuple[str, str]:
    """Return the guide's (role, skill) that skill_premium matches."""
    role = _skill_role(role)
    return role, index().skill(role, skill)


def roles(kind: str | None = None) -> tuple[str, ...]:
    """Return role names: all, or those with a "salary", "dayrate" or "leadership" table."""
    g = guide()
    if is_blank(kind):
        return tuple(g.roles)
    key = fold(kind) if isinstance(kind, str) else ""
    if key == SALARY:
        return tuple(g.levels)
    if key in (DAYRATE, "dayrates", "contractor"):
        return tuple(dict.fromkeys(r for r, _ in g.day_rates))
    if key == LEADERSHIP:
        return tuple(r for r, k in g.roles.items() if k == "leadership")
    raise UnknownNameError("role kind", kind, choices=(SALARY, DAYRATE, LEADERSHIP))


def levels(role: str) -> tuple[str, ...]:
    """Return a role's levels as the guide names them, junior first (day-rate levels for
    day-rate-only roles; empty for leadership roles, which have no levels)."""
    g = guide()
    name = index().roles.get(role)
    if name in g.levels:
        return tuple(x.name for x in g.levels[name])
    if (name, g.day_rate_levels[0]) in g.day_rates:
        return g.day_rate_levels
    return ()


def level_names() -> tuple[str, ...]:
    """Return every level name of the salary tables and then of the day-rate table, once each."""
    g = guide()
    return tuple(dict.fromkeys([x.name for table in g.levels.values() for x in table]
                               + list(g.day_rate_levels)))


def skill_roles() -> tuple[str, ...]:
    """Return the roles that have a premium-skills list."""
    return tuple(guide().skills)


def day_rate_levels() -> tuple[str, ...]:
    """Return the levels of the day-rate table."""
    return guide().day_rate_levels


def regions() -> tuple[str, ...]:
    """Return the regions: the salary tables' columns, then the guide's cities."""
    return tuple(guide().regions)


def skills(role: str) -> tuple[str, ...]:
    """Return a role's premium skills as printed."""
    return tuple(guide().skills[_skill_role(role)])


def stages() -> tuple[str, ...]:
    """Return the company stages of the startup-vs-enterprise table."""
    return tuple(guide().stages)


def source(role: object = None, level: object = None, region: object = None) -> str:
    """Return one line of provenance: edition, then the section (quoted or derived)."""
    ed = current_edition()
    g, p = ed.tables, ed.provenance
    head = f"{p.title} ({p.period}, {p.percentiles}, as of {p.as_of}; {p.publisher})"
    if is_blank(role):
        if "percentile_model" in p.document.get("rules", {}):
            head += "; other percentiles modelled (lognormal)"
        return head
    name = index().roles.get(role)
    if g.roles[name] == "leadership":
        return leadership_band(name, region or "UK").source
    if name not in g.levels:
        return day_rate(name, level or g.day_rate_levels[-1]).source
    if is_blank(level):
        return f"{ed.name}, {g.sections[name]}: quoted"
    return salary_band(name, level, region or "UK National").source
