"""Excel layer: the worksheet functions for classic xlwings, xlwings Lite and xlwings Server.

Put ``addin.udfs`` in xlwings' "UDF Modules". This is the only module that imports
xlwings; it coerces Excel's arguments, spreads whole columns over the engine and maps
the engine's errors to what each runtime can show. It imports neither pandas nor openpyxl.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Literal

import xlwings as xw

from ..base import inputs
from ..base.errors import GuideError, InvalidValueError, NotInGuideError
from ..base.memo import memoised
from ..guide import pay
from ..guide.names import is_blank


class _OnFirstUse:
    """A module of ours imported on its first attribute lookup, which then takes this
    object's place in this module. xlwings Lite compiles the package from source at each
    start: the plan and cost functions' modules are compiled when one is first called."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __getattr__(self, attr: str):
        module = import_module(self.name, __package__)
        globals()[self.name.rpartition(".")[2]] = module
        return getattr(module, attr)


assumptions = _OnFirstUse("..planning.assumptions")
employment = _OnFirstUse("..costs.employment")
plan = _OnFirstUse("..planning.plan")
position = _OnFirstUse("..guide.position")
pricing = _OnFirstUse("..planning.pricing")

__all__ = [  # what `from addin.udfs import *` gives an xlwings Lite main.py: the functions
    "SALARY_BAND", "DAYRATE", "LEADERSHIP_BAND", "SKILL_PREMIUM", "SALARY_ESTIMATE",
    "GUIDE_ROLES", "GUIDE_LEVELS", "GUIDE_REGIONS", "GUIDE_SKILLS", "GUIDE_SOURCE",
    "EMPLOYER_COST", "CONTRACTOR_COST", "PERM_EQUIVALENT", "DAYRATE_EQUIVALENT", "PLAN_CHECK",
    "PLAN_ROW", "EMPLOYMENT_ALLOWANCE", "COMPA_RATIO", "BAND_POSITION", "MARKET_PERCENTILE",
    "SALARY_PERCENTILE", "GUIDE_TABLE",
]

CATEGORY = "UK AI Pay"
# Classic xlwings (Windows COM) cannot return error values: it shows the message as text.
# Office.js runtimes (Lite, Server) get Excel error values; xlwings turns a raised error
# into #VALUE! with the message on the cell's error flag.
CLASSIC = sys.platform.startswith("win") and not getattr(xw, "on_server", False)
NOT_FOUND, BAD_VALUE = "#N/A", "#VALUE!"

func = xw.func(category=CATEGORY)


def _doc(name: str, text: str):
    """One argument's description, taken raw: a cell or a range as Excel sends it.

    xlwings' own cleaning costs about 60 us an argument and 50 us a cell of a column
    (benchmarks/bench_udfs.py); _cell cleans the raw values instead, in a few us.
    """
    return xw.arg(name, "raw", doc=text)


def _docs(pairs):
    """Return a decorator giving several arguments their descriptions, (name, text) in order."""
    def decorate(f):
        for name, text in reversed(pairs):
            f = _doc(name, text)(f)
        return f
    return decorate


# Error cells as classic xlwings hands them over raw (pywin32's COM error codes).
_COM_ERRORS = {-2146826281: "#DIV/0!", -2146826246: NOT_FOUND, -2146826259: "#NAME?",
               -2146826288: "#NULL!", -2146826252: "#NUM!", -2146826265: "#REF!",
               -2146826273: BAD_VALUE}


def _error_cell(shown: str) -> GuideError:
    """The error of a cell holding an Excel error: #N/A passes through as #N/A (so IFNA
    works on the result), any other error value gives #VALUE! with its name. The error
    keeps the value's name (``excel_error``) for a Plan row's message."""
    if shown in (NOT_FOUND, "NotAvailable"):
        error = NotInGuideError("A cell holds #N/A: the value it looks up is missing.")
        shown = NOT_FOUND
    else:
        error = InvalidValueError(f"A cell holds the Excel error {shown}: fix that cell first.")
    error.excel_error = shown
    return error


def _cell(value: object) -> object:
    """Return one cell's value as the engine takes it: None for an empty cell, the basic
    value of an Office.js rich value, and a GuideError for an error cell."""
    if value is None or isinstance(value, (str, float, int)):
        if value.__class__ is int and CLASSIC and value in _COM_ERRORS:
            return _error_cell(_COM_ERRORS[value])
        return None if value == "" else value
    if isinstance(value, dict):  # Office.js rich values (runtime 1.4)
        if value.get("type") == "Error":
            return _error_cell(value.get("basicValue") or value.get("errorType", "error"))
        return value.get("basicValue")
    if type(value).__name__ == "JsNull":  # Pyodide >= 0.28 sends empty cells as JS null
        return None
    return value  # e.g. a datetime from classic xlwings


def _cells(value: object, name: str) -> list:
    """Return the cleaned values of a cell or a one-column range, top to bottom."""
    if not isinstance(value, (list, tuple)):
        return [_cell(value)]
    if value and all(isinstance(row, (list, tuple)) and len(row) == 1 for row in value):
        return [_cell(row[0]) for row in value]
    grid = _grid(value)
    raise InvalidValueError(f"{name} must be one cell or one column, not a {len(grid)} x "
                            f"{len(grid[0])} range.")


def _rows(**columns) -> tuple[int, list[tuple]]:
    """Spread one-cell arguments over the length of the column arguments.

    Returns (rows, argument tuples); raises InvalidValueError when two columns differ.
    """
    cols = {name: _cells(value, name) for name, value in columns.items()}
    n = max(len(c) for c in cols.values())
    for name, c in cols.items():
        if len(c) not in (1, n):
            raise InvalidValueError(f"{name} has {len(c)} rows where other columns have {n}.")
    lists = [c * n if len(c) == 1 else c for c in cols.values()]
    return n, list(zip(*lists))


def _grid(value: object) -> list[list]:
    """Return a cell or a range of any shape as rows of cleaned cells (error cells as their
    GuideError)."""
    if not isinstance(value, (list, tuple)):
        rows = [[value]]
    elif not any(isinstance(row, (list, tuple)) for row in value):
        rows = [value]  # xlwings hands a one-row range over as that row
    else:
        rows = value
    return [[_cell(c) for c in (row if isinstance(row, (list, tuple)) else [row])] for row in rows]


def _height(*values) -> int:
    """Return the number of rows of the tallest argument (a cell is one row)."""
    return max(len(v) if isinstance(v, (list, tuple)) else 1 for v in values)


def _checked(compute):
    """Wrap ``compute`` so that a row holding an Excel error cell fails with that error."""
    def call(*args):
        for arg in args:
            if isinstance(arg, GuideError):
                raise arg
        return compute(*args)
    return call


def _given(**options) -> dict:
    """Return the options that are not empty: an empty cell or an omitted argument takes
    the engine's own default."""
    return {k: v for k, v in options.items() if not is_blank(v)}


def _failure(error: GuideError) -> object:
    """What a rejected cell shows: the message (classic) or an Excel error value."""
    if CLASSIC:
        return str(error)
    return NOT_FOUND if isinstance(error, LookupError) else BAD_VALUE


def _scalar_failure(error: GuideError) -> object:
    if CLASSIC:
        return str(error)
    if isinstance(error, LookupError):
        return [[NOT_FOUND]]
    raise error  # xlwings shows it as #VALUE! with this one-line message


def _spread(compute, width: int, **columns):
    """Apply ``compute`` to each row of arguments; one cell in, one result out.

    ``compute`` returns a number or a list of ``width`` numbers. A rejected row shows its
    failure in every column of that row; a rejected single call follows the runtime rule.
    """
    try:
        n, rows = _rows(**columns)
    except GuideError as e:
        return _scalar_failure(e)
    compute = _checked(compute)
    if n == 1:
        try:
            out = compute(*rows[0])
        except GuideError as e:
            return _scalar_failure(e)
        return [out] if isinstance(out, list) else out
    results = []
    for args in rows:
        try:
            out = compute(*args)
        except GuideError as e:
            out = [_failure(e)] * width
        results.append(out if isinstance(out, list) else [out])
    return results


def _spread_band(lookup, point, **columns):
    """Spread a band lookup: [low, mid, high] per row when ``point`` is omitted, else the
    value at each row's point. ``lookup`` takes the ``columns`` in order."""
    try:
        whole = all(is_blank(p) for p in _cells(point, "point"))
    except GuideError as e:
        return _scalar_failure(e)

    def compute(*args):
        *names, p = args
        band = lookup(*names)
        if whole:
            return [band.low, band.mid, band.high]
        if is_blank(p):
            raise InvalidValueError("point is empty in this row: give a point in every row or none.")
        return band.at(p)

    return _spread(compute, 3 if whole else 1, **columns, point=point)


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
def SALARY_BAND(role, level, region=None, point=None):
    """Permanent salary band in £ a year (25th-75th percentile) from the UK AI & ML Salary Guide 2026."""
    return _spread_band(lambda r, lv, rg: pay.salary_band(r, lv, **_given(region=rg)),
                        point, role=role, level=level, region=region)


@func
@_doc("role", "Role, e.g. \"LLM Engineer\" (GUIDE_ROLES(\"dayrate\") lists them).")
@_doc("level", "\"Mid-Level\", \"Senior\" or \"Lead/Principal\".")
@_doc("ir35", "\"outside\" (default) or \"inside\" (TRUE): inside is the contractor's effective rate.")
@_doc("point", "Omit for low, mid, high; or \"low\", \"mid\", \"high\" or 0 to 1.")
def DAYRATE(role, level, ir35=None, point=None):
    """Contractor day rate in £ a day from the UK AI & ML Salary Guide 2026; inside IR35, the contractor's effective rate."""
    # The client's cost of an inside engagement adds the fee-payer's NIC: CONTRACTOR_COST(..., "inside").
    return _spread_band(lambda r, lv, s: pay.day_rate(r, lv, **_given(ir35=s)),
                        point, role=role, level=level, ir35=ir35)


@func
@_doc("role", "Leadership role, e.g. \"Director of AI\".")
@_doc("region", "\"UK\" (default) or \"London\".")
@_doc("point", "Omit for low, mid, high; or \"low\", \"mid\", \"high\" or 0 to 1.")
def LEADERSHIP_BAND(role, region=None, point=None):
    """Leadership salary band in £ a year from the UK AI & ML Salary Guide 2026."""
    return _spread_band(lambda r, rg: pay.leadership_band(r, **_given(region=rg)),
                        point, role=role, region=region)


@func
@_doc("role", "Role with a premium-skills list, e.g. \"LLM Engineer\".")
@_doc("skill", "Skill name or keyword, e.g. \"RAG\" (GUIDE_SKILLS lists them).")
@_doc("point", "Omit for low, mid, high; or \"low\", \"mid\", \"high\" or 0 to 1.")
def SKILL_PREMIUM(role, skill, point=None):
    """Salary premium of a skill as a fraction (0.15 is +15%) from the UK AI & ML Salary Guide 2026."""
    return _spread_band(pay.skill_premium, point, role=role, skill=skill)


@func
@_doc("role", "Role with a salary table, e.g. \"LLM Engineer\".")
@_doc("level", "Level, e.g. \"Senior\", or years of experience.")
@_doc("region", "\"UK National\" (default), \"London\", \"Remote UK\" or a guide city.")
@_doc("skills", "Skills, e.g. \"RAG, fine-tuning\" or a range; in a column call, each row's own.")
@_doc("stage", "Company stage: \"Early Startup\", \"Scale-up\" or \"Enterprise\"; omit for market.")
@_doc("point", "Omit for low, mid, high; or \"low\", \"mid\", \"high\" or 0 to 1.")
def SALARY_ESTIMATE(role, level, region=None, skills=None, stage=None, point=None):
    """Salary band in £ a year x (1 + skill premiums) x the company stage's % of market."""
    def estimate(r, lv, rg, sk, st):
        return pay.salary_estimate(r, lv, skills=sk, **_given(region=rg, stage=st))

    try:
        per_row = _skills_rows(skills, _height(role, level, region, stage, point))
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
def GUIDE_SOURCE(role: _ROLE = None, level: _LEVEL = None, region: _REGION = None,
                 tax_year=None):
    """Where a figure comes from: the guide edition, section, and quoted or derived."""
    try:
        ty = _one(tax_year, "tax_year")
        if not is_blank(ty):  # a statutory year's figures: enacted, announced or assumed
            label = employment.resolve_tax_year(ty)
            return f"Tax year {label}: {employment.standing_words(label)}"
        options = _given(role=_one(role, "role"), level=_one(level, "level"),
                         region=_one(region, "region"))
        line = pay.source(**options)
        if "role" in options:
            return line
        note = employment.tax_year_note()
        return " ".join(x for x in (line + ".", employment.standing_summary(), note) if x)
    except GuideError as e:
        return _scalar_failure(e)


def _cost_options(tax_year, pension_rate, pension_basis, benefits_rate, levy, bonus_rate=None,
                  bik_rate=None, allowance_rate=None, sacrifice_rate=None) -> dict:
    return _given(tax_year=tax_year, pension_rate=pension_rate, pension_basis=pension_basis,
                  benefits_rate=benefits_rate, levy=levy, bonus_rate=bonus_rate, bik_rate=bik_rate,
                  allowance_rate=allowance_rate, sacrifice_rate=sacrifice_rate)


# The employer options added after the original ones, in argument order (appended, so that
# existing formulas keep their meaning).
_PAY_DOCS = (
    ("bonus_rate", "Bonus as a fraction of salary (default 0): NIC and levy apply."),
    ("bik_rate", "Benefits in kind as a fraction of salary (default 0): Class 1A NIC applies."),
    ("allowance_rate", "Cash allowances as a fraction of salary (default 0): NIC and levy apply."),
    ("sacrifice_rate", "Share of salary sacrificed into the pension (default 0): no NIC on it."),
)


_pay_docs = _docs(_PAY_DOCS)


@func
@_doc("salary", "Annual salary in £ (a cell or a column).")
@_doc("tax_year", "UK tax year, e.g. \"2026/27\"; omit for the current one.")
@_doc("pension_rate", "Employer pension rate, 0 to 1 (default 0.03).")
@_doc("pension_basis", "\"qualifying\" (default, £6,240 to £50,270) or \"full\" salary.")
@_doc("benefits_rate", "NIC-free benefits (e.g. extra pension) as a fraction of salary (default 0).")
@_doc("levy", "TRUE if the employer pays the Apprenticeship Levy (pay bill over £3m).")
@_doc("component", "\"total\" (default), \"salary\", \"nic\", \"pension\", \"levy\", \"benefits\", "
      "\"bonus\", \"allowances\", \"bik\", \"class1a\" or \"sacrifice\".")
@_pay_docs
def EMPLOYER_COST(salary, tax_year=None, pension_rate=None, pension_basis=None,
                  benefits_rate=None, levy=None, component=None, bonus_rate=None, bik_rate=None,
                  allowance_rate=None, sacrifice_rate=None):
    """Annual cost to the employer in £: salary + bonus + employer NIC + pension (+ benefits, levy)."""
    def cost(s, ty, pr, pb, br, lv, comp, bo, bk, al, sc):
        return employment.employer_cost(s, **_cost_options(ty, pr, pb, br, lv, bo, bk, al, sc),
                                        **_given(component=comp))

    return _spread(cost, 1, salary=salary, tax_year=tax_year, pension_rate=pension_rate,
                   pension_basis=pension_basis, benefits_rate=benefits_rate, levy=levy,
                   component=component, bonus_rate=bonus_rate, bik_rate=bik_rate,
                   allowance_rate=allowance_rate, sacrifice_rate=sacrifice_rate)


@func
@_doc("day_rate", "Day rate in £ (inside IR35: the contractor's effective rate, as DAYRATE gives it).")
@_doc("days", "Billable days a year, 1 to 366 (default 220).")
@_doc("fee_rate", "Agency fee as a fraction of the rate (default 0).")
@_doc("ir35", "\"outside\" (default) or \"inside\" (TRUE): inside adds the fee-payer's employer NIC.")
@_doc("tax_year", "UK tax year of the NIC rate inside IR35; omit for the current one.")
@_doc("levy", "TRUE if the fee-payer pays the Apprenticeship Levy (inside IR35).")
def CONTRACTOR_COST(day_rate, days=None, fee_rate=None, ir35=None, tax_year=None, levy=None):
    """Annual cost of a contractor in £: day rate x days x (1 + on-costs inside IR35 + agency fee)."""
    def cost(r, d, f, st, ty, lv):
        return employment.contractor_cost(r, **_given(days=d, fee_rate=f, ir35=st, tax_year=ty, levy=lv))

    return _spread(cost, 1, day_rate=day_rate, days=days, fee_rate=fee_rate, ir35=ir35,
                   tax_year=tax_year, levy=levy)


_EQUIVALENT_DOCS = (
    ("days", "Billable days a year, 1 to 366 (default 220)."),
    ("tax_year", "UK tax year, e.g. \"2026/27\"; omit for the current one."),
    ("pension_rate", "Employer pension rate, 0 to 1 (default 0.03)."),
    ("pension_basis", "\"qualifying\" (default) or \"full\" salary."),
    ("benefits_rate", "NIC-free benefits as a fraction of salary (default 0)."),
    ("levy", "TRUE if the employer pays the Apprenticeship Levy."),
    ("fee_rate", "Agency fee on the day rate, a fraction (default 0)."),
    ("ir35", "\"outside\" (default) or \"inside\" (TRUE): inside adds the fee-payer's employer NIC."),
) + _PAY_DOCS


_equivalent_docs = _docs(_EQUIVALENT_DOCS)


def _spread_equivalent(solve, amount: dict, days, tax_year, pension_rate, pension_basis,
                       benefits_rate, levy, fee_rate, ir35, bonus_rate, bik_rate, allowance_rate,
                       sacrifice_rate):
    """Spread a break-even solver over an amount column and the cost options."""
    def compute(value, d, ty, pr, pb, br, lv, f, st, bo, bk, al, sc):
        return solve(value, **_given(days=d, fee_rate=f, ir35=st),
                     **_cost_options(ty, pr, pb, br, lv, bo, bk, al, sc))

    return _spread(compute, 1, **amount, days=days, tax_year=tax_year,
                   pension_rate=pension_rate, pension_basis=pension_basis,
                   benefits_rate=benefits_rate, levy=levy, fee_rate=fee_rate, ir35=ir35,
                   bonus_rate=bonus_rate, bik_rate=bik_rate, allowance_rate=allowance_rate,
                   sacrifice_rate=sacrifice_rate)


@func
@_doc("day_rate", "Contractor day rate in £ (inside IR35: the effective rate).")
@_equivalent_docs
def PERM_EQUIVALENT(day_rate, days=None, tax_year=None, pension_rate=None, pension_basis=None,
                    benefits_rate=None, levy=None, fee_rate=None, ir35=None, bonus_rate=None,
                    bik_rate=None, allowance_rate=None, sacrifice_rate=None):
    """Salary in £ a year whose employer cost equals the contractor's annual cost (fees and on-costs included)."""
    return _spread_equivalent(employment.perm_equivalent, {"day_rate": day_rate}, days,
                              tax_year, pension_rate, pension_basis, benefits_rate, levy, fee_rate,
                              ir35, bonus_rate, bik_rate, allowance_rate, sacrifice_rate)


@func
@_doc("salary", "Annual salary in £.")
@_equivalent_docs
def DAYRATE_EQUIVALENT(salary, days=None, tax_year=None, pension_rate=None, pension_basis=None,
                       benefits_rate=None, levy=None, fee_rate=None, ir35=None, bonus_rate=None,
                       bik_rate=None, allowance_rate=None, sacrifice_rate=None):
    """Day rate in £ whose annual contractor cost (fees and on-costs included) equals the salary's employer cost."""
    return _spread_equivalent(employment.dayrate_equivalent, {"salary": salary}, days,
                              tax_year, pension_rate, pension_basis, benefits_rate, levy, fee_rate,
                              ir35, bonus_rate, bik_rate, allowance_rate, sacrifice_rate)


@func
@_doc("role", "Role.")
@_doc("level", "Level.")
@_doc("location", "Region or city.")
@_doc("hire_type", "\"Permanent\" or \"Contractor\".")
@_doc("ir35", "\"Inside\" or \"Outside\" (contractors).")
@_doc("start", "Start date.")
@_doc("end", "End date (optional).")
@_doc("fte", "FTE, above 0 up to 1 (default 1).")
@_doc("skills", "Skills, comma-separated (optional).")
@_doc("override", "Override rate (optional).")
def PLAN_CHECK(role, level, location, hire_type, ir35=None, start=None, end=None, fte=None,
               skills=None, override=None):
    """Empty when a plan row prices cleanly, otherwise the problem in words."""
    return _spread(pricing.row_problem, 1, role=role, level=level, location=location,
                   hire_type=hire_type, ir35=ir35, start=start, end=end, fte=fte, skills=skills,
                   override=override)


@memoised(64)
def _assumptions(*values) -> object:
    """Return the checked Assumptions of the template's cells, or the GuideError they raise."""
    try:
        return assumptions.Assumptions(**dict(zip(assumptions.ROW_SETTINGS, values))).checked()
    except GuideError as e:
        return e


def _one(value: object, name: str) -> object:
    """Return the cleaned value of an argument that must be one cell; raises its error."""
    cells = _cells(value, name)
    if len(cells) != 1:
        raise InvalidValueError(f"{name} must be one cell, not {len(cells)}.")
    if isinstance(cells[0], GuideError):
        raise cells[0]
    return cells[0]


def _plan_rows(row) -> list:
    """Return the PlanRows of a range of Plan inputs, one per range row; a row holding an
    error cell gives that error instead."""
    grid = _grid(row)
    width = len(plan.INPUT_HEADERS)
    if any(len(cells) != width for cells in grid):
        older = " This Plan is from an older template: keep the code it came with, or move " \
                "its inputs into a new one (ukaipay upgrade OLD.xlsx -o NEW.xlsx)." \
            if len(grid[0]) == 14 else ""
        raise InvalidValueError(f"row must be the Plan's {width} input columns "
                                f"({plan.INPUT_HEADERS[0]} to {plan.INPUT_HEADERS[-1]}).{older}")
    out = []
    for cells in grid:
        error = next((i for i, c in enumerate(cells) if isinstance(c, GuideError)), None)
        if error is None:
            out.append(plan.PlanRow(*cells))
        else:  # worded as `budget` words it (plan.error_cell)
            shown = getattr(cells[error], "excel_error", "error")
            out.append(InvalidValueError(plan.error_cell(plan.INPUT_HEADERS[error], shown)))
    return out


@func
@_doc("row", "The Plan row's input cells, ID to Notes (or several rows).")
@_doc("fy_start", "Assumptions: fiscal year start.")
@_doc("tax_year", "Assumptions: tax year.")
@_doc("scenario", "Assumptions: scenario (Low, Mid, High or 0 to 1).")
@_doc("pension_rate", "Assumptions: employer pension rate.")
@_doc("pension_basis", "Assumptions: pension basis (Qualifying or Full).")
@_doc("bonus_rate", "Assumptions: bonus target, a fraction of salary.")
@_doc("benefits_rate", "Assumptions: NIC-free benefits rate.")
@_doc("bik_rate", "Assumptions: benefits in kind rate (Class 1A NIC).")
@_doc("allowance_rate", "Assumptions: cash allowances rate (Class 1 NIC, levy).")
@_doc("sacrifice_rate", "Assumptions: pension salary sacrifice, a fraction of salary.")
@_doc("levy", "Assumptions: Apprenticeship Levy (Yes or No).")
@_doc("billable_days", "Assumptions: contractor billable days.")
@_doc("agency_fee", "Assumptions: agency fee rate.")
@_doc("recruitment_fee", "Assumptions: recruitment fee rate of a permanent hire.")
@_doc("review_month", "Assumptions: pay review month (blank: none).")
@_doc("review_uplift", "Assumptions: pay review uplift, a fraction of salary.")
@_doc("headers", "The Plan's input headers (ID to Notes): checked, as rows are read by position.")
def PLAN_ROW(row, fy_start=None, tax_year=None, scenario=None, pension_rate=None,
             pension_basis=None, bonus_rate=None, benefits_rate=None, bik_rate=None,
             allowance_rate=None, sacrifice_rate=None, levy=None, billable_days=None,
             agency_fee=None, recruitment_fee=None, review_month=None, review_uplift=None,
             headers=None):
    """A Plan row priced: its problem, rate, costs in £, its twelve months, the inputs as read."""
    settings = dict(locals())  # the arguments: ROW_SETTINGS, in order, then headers
    try:
        rows = _plan_rows(row)
        moved = None if headers is None else plan.column_problem(_grid(headers)[0])
    except GuideError as e:
        return _scalar_failure(e)
    if moved:  # `budget` refuses such a workbook in the same words
        return [[moved] + [""] * (pricing.WIDTH - 1) for _ in rows]
    try:
        a = _assumptions(*(_one(settings[name], name) for name in assumptions.ROW_SETTINGS))
    except GuideError as e:
        a = e
    out = []
    for r in rows:
        if isinstance(r, GuideError):
            out.append([str(r)] + [""] * (pricing.WIDTH - 1))
        elif r.is_blank():
            out.append([""] * pricing.WIDTH)
        elif isinstance(a, GuideError):
            out.append([f"Assumptions: {a}"] + [""] * (pricing.WIDTH - 1))
        else:
            out.append(pricing.row_figures(r, a).cells())
    return out


@func
@_doc("tax_year", "UK tax year, e.g. \"2026/27\"; omit for the current one.")
@_doc("claim", "Yes (default) if the employer claims it; No gives 0.")
def EMPLOYMENT_ALLOWANCE(tax_year=None, claim=None):
    """The Employment Allowance in £ a year for the tax year, or 0 when not claimed."""
    def allowance(ty, c):
        if not is_blank(c) and not inputs.yes_no(c, "Claim Employment Allowance"):
            return 0.0
        return employment.employment_allowance(**_given(tax_year=ty))

    return _spread(allowance, 1, tax_year=tax_year, claim=claim)


# Market position: where a salary or day rate sits against its band.

_POSITION_DOCS = (
    ("role", "Role, e.g. \"AI Engineer\", or a leadership role."),
    ("level", "Level or years; leave empty for a leadership role."),
    ("region", "\"UK National\" (default), \"London\", \"Remote UK\" or a city; \"UK\" or \"London\" for leadership."),
)


_position_docs = _docs(_POSITION_DOCS)


def _spread_position(measure, first: dict, role, level, region, **ir35):
    """Spread one market-position measure over its first argument and the band's names."""
    return _spread(measure, 1, **first, role=role, level=level, region=region, **ir35)


@func
@_doc("pay", "Salary in £ a year, or a day rate in £ when ir35 is given.")
@_position_docs
@_doc("ir35", "Omit for a salary; \"outside\" or \"inside\" (TRUE) makes pay a day rate.")
def COMPA_RATIO(pay, role, level=None, region=None, ir35=None):
    """Pay / the mid of its guide band: 1.00 is the middle of the market band."""
    return _spread_position(position.compa_ratio, {"pay": pay}, role, level, region, ir35=ir35)


@func
@_doc("pay", "Salary in £ a year, or a day rate in £ when ir35 is given.")
@_position_docs
@_doc("ir35", "Omit for a salary; \"outside\" or \"inside\" (TRUE) makes pay a day rate.")
def BAND_POSITION(pay, role, level=None, region=None, ir35=None):
    """Where pay sits in its guide band: 0 at the low (25th percentile), 1 at the high (75th)."""
    return _spread_position(position.band_position, {"pay": pay}, role, level, region, ir35=ir35)


@func
@_doc("pay", "Salary in £ a year.")
@_position_docs
def MARKET_PERCENTILE(pay, role, level=None, region=None):
    """Modelled percentile (0 to 100) of a salary: lognormal through the band's 25th and 75th."""
    return _spread_position(position.market_percentile, {"pay": pay}, role, level, region)


@func
@_doc("p", "Percentile, 1 to 99 (e.g. 10 or 90).")
@_position_docs
def SALARY_PERCENTILE(p, role, level=None, region=None):
    """Modelled salary in £ a year at percentile p: lognormal through the band's 25th and 75th."""
    return _spread_position(position.salary_percentile, {"p": p}, role, level, region)


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
