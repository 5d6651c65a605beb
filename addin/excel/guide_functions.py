"""Excel layer: the guide's worksheet functions: bands, day rates, premiums, estimates,
the guide's lists, a figure's source and whole tables."""

from __future__ import annotations

from typing import Literal

from ..base.errors import GuideError, InvalidValueError, NotInGuideError
from ..guide import pay
from .arguments import (
    _AGAINST_DOC,
    _BANDS_DOC,
    _NAMES_DOC,
    _doc,
    _given,
    _grid,
    _height,
    _mapped,
    _one,
    _OnFirstUse,
    _our_bands,
    _scalar_failure,
    _spread_band,
    func,
)

employment = _OnFirstUse("..costs.employment", globals())
against_ours = _OnFirstUse("..guide.against_ours", globals())


def _listed(values: tuple[str, ...]) -> object:
    """Return ``Literal[values]``: Lite and Server (xlwings 0.35.3+) show it as the argument's
    dropdown in Excel's formula bar, and do not check a value against it (the engine reads
    aliases and years as before). xlwings declares such an argument one text value
    (scalar), which a range cannot fill: only arguments that take one cell get a list."""
    return Literal[values]


# The guide's lists, from the data (read here, at import, because a Literal needs its values
# when the function is declared; the first call would read them anyway).
_ROLE = _listed(pay.roles())
_LEVELLED_ROLE = _listed(tuple(r for r in pay.roles() if pay.levels(r)))
_SKILL_ROLE = _listed(pay.skill_roles())
_LEVEL = _listed(pay.level_names())
_REGION = _listed(pay.regions())


def _levels(role) -> tuple[str, ...]:
    """A role's levels; leadership roles have none, which a list cell cannot show."""
    levels = pay.levels(role)
    if not levels:
        raise NotInGuideError(f'The guide gives "{role}" one range and no levels: use LEADERSHIP_BAND.')
    return levels


def _vertical(names, *args):
    """Return ``names(*args)`` as a vertical list, or the runtime's failure."""
    try:
        return [[v] for v in names(*args)]
    except GuideError as e:
        return _scalar_failure(e)


@func
@_doc("role", "Role, e.g. \"AI Engineer\" (GUIDE_ROLES lists them).")
@_doc("level", "Level, e.g. \"Senior\", or years of experience.")
@_doc("region", "\"UK National\" (default), \"London\", \"Remote UK\" or a guide city.")
@_doc("point", "Omit for low, mid, high; or \"low\", \"mid\", \"high\" or 0 to 1.")
@_doc("bands", _BANDS_DOC)
@_doc("against", _AGAINST_DOC)
def SALARY_BAND(role, level, region=None, point=None, bands=None, against=None):
    """Permanent salary band in £ a year (25th-75th percentile) from the salary guide."""
    if bands is None and against is None:  # the guide's alone: the hot path as before
        return _spread_band(lambda r, lv, rg: pay.salary_band(r, lv, **_given(region=rg)),
                            point, role=role, level=level, region=region)
    try:
        ours = None if bands is None else _our_bands(bands)
    except GuideError as e:
        return _scalar_failure(e)
    # Our band (Min, Mid, Max as low, mid, high) or the market's of the level ours maps to.
    return _spread_band(lambda r, lv, rg, ag: against_ours.band(r, lv, rg, ours, ag), point,
                        role=role, level=level, region=region, against=against)


@func
@_doc("role", "Role, e.g. \"LLM Engineer\" (GUIDE_ROLES(\"dayrate\") lists them).")
@_doc("level", "\"Mid-Level\", \"Senior\" or \"Lead/Principal\".")
@_doc("ir35", "\"outside\" (default) or \"inside\" (TRUE): inside is the contractor's effective rate.")
@_doc("point", "Omit for low, mid, high; or \"low\", \"mid\", \"high\" or 0 to 1.")
@_doc("bands", _NAMES_DOC)
def DAYRATE(role, level, ir35=None, point=None, bands=None):
    """Contractor day rate in £ a day from the salary guide; inside IR35, the contractor's effective rate."""
    # The client's cost of an inside engagement adds the fee-payer's NIC: CONTRACTOR_COST(..., "inside").
    def lookup(r, lv, s):
        return pay.day_rate(r, lv, **_given(ir35=s))

    if bands is not None:  # our names as the guide's; the rate is the guide's (ours are salaries)
        try:
            lookup = _mapped(lookup, bands)
        except GuideError as e:
            return _scalar_failure(e)
    return _spread_band(lookup, point, role=role, level=level, ir35=ir35)


@func
@_doc("role", "Leadership role, e.g. \"Director of AI\".")
@_doc("region", "\"UK\" (default) or \"London\".")
@_doc("point", "Omit for low, mid, high; or \"low\", \"mid\", \"high\" or 0 to 1.")
def LEADERSHIP_BAND(role, region=None, point=None):
    """Leadership salary band in £ a year from the salary guide."""
    return _spread_band(lambda r, rg: pay.leadership_band(r, **_given(region=rg)),
                        point, role=role, region=region)


@func
@_doc("role", "Role with a premium-skills list, e.g. \"LLM Engineer\".")
@_doc("skill", "Skill name or keyword, e.g. \"RAG\" (GUIDE_SKILLS lists them).")
@_doc("point", "Omit for low, mid, high; or \"low\", \"mid\", \"high\" or 0 to 1.")
def SKILL_PREMIUM(role, skill, point=None):
    """Salary premium of a skill as a fraction (0.15 is +15%) from the salary guide."""
    return _spread_band(pay.skill_premium, point, role=role, skill=skill)


@func
@_doc("role", "Role with a salary table, e.g. \"LLM Engineer\".")
@_doc("level", "Level, e.g. \"Senior\", or years of experience.")
@_doc("region", "\"UK National\" (default), \"London\", \"Remote UK\" or a guide city.")
@_doc("skills", "Skills, e.g. \"RAG, fine-tuning\" or a range; in a column call, each row's own.")
@_doc("stage", "Company stage: \"Early Startup\", \"Scale-up\" or \"Enterprise\"; omit for market.")
@_doc("point", "Omit for low, mid, high; or \"low\", \"mid\", \"high\" or 0 to 1.")
@_doc("bands", _NAMES_DOC)
def SALARY_ESTIMATE(role, level, region=None, skills=None, stage=None, point=None, bands=None):
    """Salary band in £ a year x (1 + skill premiums) x the company stage's % of market."""
    def estimate(r, lv, rg, sk, st):
        return pay.salary_estimate(r, lv, skills=sk, **_given(region=rg, stage=st))

    try:
        per_row = _skills_rows(skills, _height(role, level, region, stage, point))
        estimate = _mapped(estimate, bands, region=2)
    except GuideError as e:
        return _scalar_failure(e)
    return _spread_band(estimate, point, role=role, level=level, region=region,
                        skills=per_row, stage=stage)


def _skills(cells: list) -> object:
    """Return the skill names in ``cells`` (one row of a range), or the GuideError of the row."""
    for c in cells:
        if isinstance(c, GuideError):
            return c
    try:
        return pay.split_skills(cells)
    except GuideError as e:
        return e


def _skills_rows(skills: object, rows: int) -> list[list]:
    """Return the Skills argument as a one-column range of skill tuples, one per row.

    A call of one row reads every cell of a Skills range as that row's skills; a column
    call of n rows reads row i of an n-row Skills range (its cells) as row i's skills, and a
    one-row Skills range as every row's.
    """
    grid = _grid(skills)
    if rows == 1 or len(grid) == 1:
        return [[_skills([c for row in grid for c in row])]]
    if len(grid) != rows:
        raise InvalidValueError(f"skills has {len(grid)} rows where other columns have {rows}.")
    return [[_skills(row)] for row in grid]


def _vertical_of(names, **cells):
    """Return ``names(**options)`` as a vertical list, each option one cell taken raw (an
    error cell gives its error, #N/A as #N/A; an empty cell None)."""
    try:
        options = {k: _one(v, k) for k, v in cells.items()}
    except GuideError as e:
        return _scalar_failure(e)
    return _vertical(lambda: names(**options))


@func
@_doc("kind", "\"salary\", \"dayrate\" or \"leadership\"; omit for every role.")
def GUIDE_ROLES(kind=None):
    """The guide's roles, as a vertical list."""
    return _vertical_of(pay.roles, kind=kind)


@func
@_doc("role", "Role, e.g. \"AI Engineer\".")
def GUIDE_LEVELS(role: _LEVELLED_ROLE):
    """A role's levels as the guide names them, as a vertical list."""
    return _vertical_of(_levels, role=role)


@func
def GUIDE_REGIONS():
    """Regions with salary figures, cities included, as a vertical list."""
    return _vertical(pay.regions)


@func
@_doc("role", "Role with a premium-skills list, e.g. \"LLM Engineer\".")
def GUIDE_SKILLS(role: _SKILL_ROLE):
    """A role's premium skills as the guide prints them, as a vertical list."""
    return _vertical_of(pay.skills, role=role)


@func
@_doc("role", "Role; omit for the guide's edition.")
@_doc("level", "Level or years; omit for the role's section.")
@_doc("region", "Region; omit for UK National.")
@_doc("tax_year", "A tax year, e.g. \"2029/30\", alone: the standing of its figures.")
@_doc("bands", "Our bands (optional): the Our bands table, header row first; our band's source, then the market's.")
def GUIDE_SOURCE(role: _ROLE = None, level: _LEVEL = None, region: _REGION = None,
                 tax_year=None, bands=None):
    """Where a figure comes from: the guide edition, section, and quoted or derived."""
    try:
        ty = _one(tax_year, "tax_year")
        if _given(ty=ty):  # a statutory year's figures: enacted, announced or assumed
            label = employment.resolve_tax_year(ty)
            return f"Tax year {label}: {employment.standing_words(label)}"
        options = _given(role=_one(role, "role"), level=_one(level, "level"),
                         region=_one(region, "region"))
        if "role" in options:
            ours = None if bands is None else _our_bands(bands)
            return pay.source(**options) if ours is None else _our_source(ours, **options)
        line = pay.source(**options)
        note = employment.tax_year_note()
        age = pay.current_edition().provenance.age()  # months from its as-of date to today
        return " ".join(x for x in (line + ".", age, employment.standing_summary(), note) if x)
    except GuideError as e:
        return _scalar_failure(e)


def _our_source(ours, role, level=None, region=None) -> str:
    """Return where our band for ``role`` and ``level`` comes from (none held: nothing),
    then the market's figure of the guide's names ours map to."""
    mine, role, level = against_ours.mapped(ours, role, level, region)
    market = pay.source(**_given(role=role, level=level, region=region))
    return market if mine is None else f"{mine.source}; market: {market}"


@func
@_doc("name", "Table, e.g. \"salary_bands\", \"day_rates\", \"skill_premiums\", \"stages\".")
def GUIDE_TABLE(name):
    """A whole table of the guide with its header row (units in the headers)."""
    from ..guide.tables import (
        guide_table,  # plain rows, no pandas: works in xlwings Lite
    )

    try:
        header, rows = guide_table(_one(name, "name"))
    except GuideError as e:
        return _scalar_failure(e)
    return [list(header)] + [list(row) for row in rows]
