"""Domain layer: every table of the guide as a header row and plain rows, units in the headers.

One declaration serves the Excel function GUIDE_TABLE (plain rows, no pandas, so it works
in xlwings Lite) and the notebook helpers of addin.frames (the same rows as DataFrames).
Figures are as the guide prints them (percentages in percent, "_pct"); "mid" columns are
(low + high) / 2, the rule every band follows (data/provenance.toml, rules.mid).
"""

from __future__ import annotations

from ..base.errors import UnknownNameError
from .data import Tables
from .edition import current_edition
from .names import fold


def _mid(r) -> float:
    return (r.low + r.high) / 2


def _band(r) -> tuple:
    return (r.low, _mid(r), r.high, r.open_top)


def _roles(g: Tables):
    header = ("role", "kind", "salary_section")
    return header, [(r, k, g.sections[r] or None) for r, k in g.roles.items()]


def _levels(g: Tables):
    header = ("role", "level", "rank", "years_min", "years_max")
    return header, [(role, x.name, x.rank, x.years_min, x.years_max)
                    for role, lv in g.levels.items() for x in lv]


def _regions(g: Tables):
    return ("region", "kind"), list(g.regions.items())


def _salary_bands(g: Tables):
    header = ("role", "level", "region", "low_gbp_year", "mid_gbp_year", "high_gbp_year", "open_top")
    return header, [(role, level, region, *_band(r)) for (role, level, region), r in g.salary.items()]


def _leadership_bands(g: Tables):
    header = ("role", "region", "low_gbp_year", "mid_gbp_year", "high_gbp_year", "open_top")
    return header, [(role, region, *_band(r)) for (role, region), r in g.leadership.items()]


def _leadership_equity(g: Tables):
    header = ("role", "equity_bonus_low_pct", "equity_bonus_high_pct", "open_top")
    return header, [(role, r.low, r.high, r.open_top) for role, r in g.equity.items()]


def _day_rates(g: Tables):
    header = ("role", "level", "low_gbp_day_outside_ir35", "mid_gbp_day_outside_ir35",
              "high_gbp_day_outside_ir35")
    return header, [(role, level, r.low, _mid(r), r.high) for (role, level), r in g.day_rates.items()]


def _ir35(g: Tables):
    header = ("status", "reduction_min_pct", "reduction_max_pct")
    return header, [(status, r.low, r.high) for status, r in g.ir35.items()]


def _skill_premiums(g: Tables):
    header = ("role", "skill", "premium_low_pct", "premium_high_pct")
    return header, [(role, skill, r.low, r.high)
                    for role, table in g.skills.items() for skill, r in table.items()]


def _london_comparison(g: Tables):
    header = ("location", "discount_min_pct", "discount_max_pct", "typical_senior_low_gbp_year",
              "typical_senior_high_gbp_year", "notes")
    return header, [(x.name, x.discount_min, x.discount_max, x.typical.low, x.typical.high,
                     x.notes or None) for x in g.locations.values()]


def _stages(g: Tables):
    header = ("stage", "base_low_pct_of_market", "base_high_pct_of_market", "equity", "bonus",
              "benefits", "risk_profile")
    return header, [(x.name, x.base.low, x.base.high, x.equity, x.bonus, x.benefits, x.risk_profile)
                    for x in g.stages.values()]


def _insights(g: Tables):
    header = ("section", "insight", "low", "high", "open_top", "unit")
    return header, [(i.section, i.insight, i.figure.low, i.figure.high, i.figure.open_top, i.unit)
                    for i in g.insights]


#: Table name -> builder of (header, rows); the names are those of the data/*.csv files.
TABLES = {
    "roles": _roles, "levels": _levels, "regions": _regions, "salary_bands": _salary_bands,
    "leadership_bands": _leadership_bands, "leadership_equity": _leadership_equity,
    "day_rates": _day_rates, "ir35": _ir35, "skill_premiums": _skill_premiums,
    "london_comparison": _london_comparison, "stages": _stages, "insights": _insights,
}


def table_names() -> tuple[str, ...]:
    """Return the names of the guide's tables, as GUIDE_TABLE and guide_table take them."""
    return tuple(TABLES)


def guide_table(name: object) -> tuple[tuple[str, ...], list[tuple]]:
    """Return (header, rows) of one table of the edition in use; None where it prints nothing.

    ``name`` is a table name ("salary_bands", "day rates"...; case, spaces and dashes are
    forgiven). Money is in £ (the header says a year or a day), percentages in percent.
    Raises UnknownNameError for another name.

    >>> header, rows = guide_table("Day rates")
    >>> header[:3], rows[0][:3]
    (('role', 'level', 'low_gbp_day_outside_ir35'), ('MLOps Engineer', 'Mid-Level', 450.0))
    """
    keys = {fold(n): n for n in TABLES}
    found = keys.get(fold(name)) if isinstance(name, str) else None
    if found is None:
        from .names import suggest

        raise UnknownNameError("guide table", name, suggest(str(name), keys),
                               hint="The tables are " + ", ".join(TABLES) + ".")
    header, rows = TABLES[found](current_edition().tables)
    return header, rows
