"""Excel layer: the Plan's worksheet functions: PLAN_CHECK (a row's problem in words) and
PLAN_ROW (a row priced under the Assumptions)."""

from __future__ import annotations

from functools import partial

from ..base.errors import GuideError, InvalidValueError
from ..base.memo import memoised
from .arguments import (
    _BANDS_DOC,
    _doc,
    _docs,
    _grid,
    _one,
    _OnFirstUse,
    _our_bands,
    _scalar_failure,
    _spread,
    func,
)

assumptions = _OnFirstUse("..planning.assumptions", globals())
plan = _OnFirstUse("..planning.plan", globals())
pricing = _OnFirstUse("..planning.pricing", globals())


# PLAN_CHECK's arguments stay as they are, whatever the Plan's columns (planning/columns.py):
# templates built by 0.1 call it with these cells in this order.
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
@_doc("bands", _BANDS_DOC)
def PLAN_CHECK(role, level, location, hire_type, ir35=None, start=None, end=None, fte=None,
               skills=None, override=None, bands=None):
    """Empty when a plan row prices cleanly, otherwise the problem in words."""
    check = pricing.row_problem
    if bands is not None:  # a level of ours is checked as PLAN_ROW with these bands checks it
        try:
            ours = _our_bands(bands)
        except GuideError as e:
            return _scalar_failure(e)
        check = partial(pricing.row_problem, bands=ours)
    return _spread(check, 1, role=role, level=level, location=location,
                   hire_type=hire_type, ir35=ir35, start=start, end=end, fte=fte, skills=skills,
                   override=override)


def setting_value(value: object, name: str) -> object:
    """Return a setting's cleaned value: one cell, or the Teams table's rows (hashable)."""
    if name == "team_attrition":
        rows = _grid(value)
        bad = next((c for row in rows for c in row if isinstance(c, GuideError)), None)
        if bad is not None:
            raise bad
        return tuple(tuple(row) for row in rows)
    return _one(value, name)


@memoised(64)
def _assumptions(*values) -> object:
    """Return the checked Assumptions of the template's cells, or the GuideError they raise."""
    try:
        return assumptions.Assumptions(**dict(zip(assumptions.ROW_SETTINGS, values))).checked()
    except GuideError as e:
        return e



def _plan_rows(row) -> list:
    """Return the PlanRows of a range of Plan inputs, one per range row; a row holding an
    error cell gives that error instead."""
    grid = _grid(row)
    width = len(plan.INPUT_HEADERS)
    if any(len(cells) != width for cells in grid):
        # A template from before the optional columns existed has that many fewer inputs.
        older = " This Plan is from an older template: keep the code it came with, or move " \
                "its inputs into a new one (ukaipay upgrade OLD.xlsx -o NEW.xlsx)." \
            if len(grid[0]) < width else ""
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


#: Each setting argument's description, in ROW_SETTINGS order (PLAN_ROW's and PLAN_SCENARIO's).
SETTING_DOCS = (
    ("fy_start", "Assumptions: fiscal year start."),
    ("tax_year", "Assumptions: tax year."),
    ("scenario", "Assumptions: scenario (Low, Mid, High or 0 to 1)."),
    ("price_from", "Assumptions: price from (Market or Ours)."),
    ("pension_rate", "Assumptions: employer pension rate."),
    ("pension_basis", "Assumptions: pension basis (Qualifying or Full)."),
    ("bonus_rate", "Assumptions: bonus target, a fraction of salary."),
    ("benefits_rate", "Assumptions: NIC-free benefits rate."),
    ("bik_rate", "Assumptions: benefits in kind rate (Class 1A NIC)."),
    ("allowance_rate", "Assumptions: cash allowances rate (Class 1 NIC, levy)."),
    ("sacrifice_rate", "Assumptions: pension salary sacrifice, a fraction of salary."),
    ("levy", "Assumptions: Apprenticeship Levy (Yes or No)."),
    ("billable_days", "Assumptions: contractor billable days."),
    ("agency_fee", "Assumptions: agency fee rate."),
    ("recruitment_fee", "Assumptions: recruitment fee rate of a permanent hire."),
    ("review_month", "Assumptions: pay review month (blank: none)."),
    ("review_uplift", "Assumptions: pay review uplift, a fraction of salary."),
    ("small_sponsor", "Assumptions: small or charitable sponsor (Yes or No)."),
    ("visa_years", "Assumptions: a Visa row's certificate of sponsorship, in years."),
    ("pay_bill", "Assumptions: the pay bill outside the plan, £ (blank: none)."),
    ("other_cost", "Assumptions: other cost per head, £ a month."),
    ("months", "Assumptions: the horizon, 12 to 60 months (default 12)."),
    ("slip_open", "Assumptions: start slip of Open rows, whole months (modelled risk)."),
    ("slip_offer", "Assumptions: start slip of Offer rows, whole months (modelled risk)."),
    ("acceptance", "Assumptions: offer acceptance rate of Open rows (modelled risk)."),
    ("attrition", "Assumptions: annual attrition, plan-wide (modelled risk)."),
    ("backfill_lag", "Assumptions: backfill lag, whole months (modelled risk)."),
    ("team_attrition", "Assumptions: the Teams table, each team and its annual attrition."),
    ("bonus_month", "Assumptions: bonus month (blank: spread over the months)."),
    ("market_movement", "Assumptions: assumed annual market movement of the guide's figures."),
)


@func
@_doc("row", "The Plan row's input cells, ID to Notes (or several rows).")
@_docs(SETTING_DOCS)
@_doc("headers", "The Plan's input headers (ID to Notes): checked, as rows are read by position.")
@_doc("bands", "Our bands (optional): the Our bands table, header row first.")
def PLAN_ROW(row, fy_start=None, tax_year=None, scenario=None, price_from=None, pension_rate=None,
             pension_basis=None, bonus_rate=None, benefits_rate=None, bik_rate=None,
             allowance_rate=None, sacrifice_rate=None, levy=None, billable_days=None,
             agency_fee=None, recruitment_fee=None, review_month=None, review_uplift=None,
             small_sponsor=None, visa_years=None, pay_bill=None, other_cost=None, months=None,
             slip_open=None, slip_offer=None, acceptance=None, attrition=None,
             backfill_lag=None, team_attrition=None, bonus_month=None, market_movement=None,
             headers=None, bands=None):
    """A Plan row priced: its problem, rate, costs in £, its months, the inputs as read."""
    settings = dict(locals())  # the arguments: ROW_SETTINGS, in order, then headers, bands
    try:
        rows = _plan_rows(row)
        moved = None if headers is None else plan.column_problem(_grid(headers)[0])
    except GuideError as e:
        return _scalar_failure(e)
    if moved:  # `budget` refuses such a workbook in the same words
        return [[moved] + [""] * (pricing.WIDTH - 1) for _ in rows]
    try:
        a = _assumptions(*(setting_value(settings[name], name) for name in assumptions.ROW_SETTINGS))
        if bands is not None and not isinstance(a, GuideError):
            a = a._replace(bands=_our_bands(bands))
    except GuideError as e:
        a = e
    out = []
    for r in rows:
        if isinstance(r, GuideError):
            out.append([str(r)] + [""] * (pricing.WIDTH - 1))
        elif r.is_blank():
            out.append([""] * pricing.WIDTH)
        elif isinstance(a, GuideError):
            said = str(a) if str(a).startswith("Our bands") else f"Assumptions: {a}"
            out.append([said] + [""] * (pricing.WIDTH - 1))
        else:
            out.append(pricing.row_figures(r, a).cells())
    return out

