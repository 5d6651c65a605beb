"""Excel layer: PLAN_SCENARIO, the whole Plan priced at one scenario (the template Summary's
Low, Mid and High columns: one call a column, none a row)."""

from __future__ import annotations

from ..base.errors import GuideError, InvalidValueError
from ..base.memo import memoised
from .arguments import (
    _doc,
    _docs,
    _grid,
    _one,
    _OnFirstUse,
    _our_bands,
    _scalar_failure,
    func,
)
from .plan_functions import SETTING_DOCS, _plan_rows

assumptions = _OnFirstUse("..planning.assumptions", globals())
plan = _OnFirstUse("..planning.plan", globals())
pricing = _OnFirstUse("..planning.pricing", globals())
scenarios = _OnFirstUse("..planning.scenarios", globals())

# The settings' descriptions are PLAN_ROW's (the scenario is the column's own).
_BEFORE = [d for d in SETTING_DOCS if d[0] in ("fy_start", "tax_year")]
_AFTER = [d for d in SETTING_DOCS if d[0] not in ("fy_start", "tax_year", "scenario")]


@memoised(4096)
def _figures(row, a) -> object:
    """Return pricing.row_figures of a row: a recalculation after one Plan edit prices that
    row again, not the whole plan."""
    return pricing.row_figures(row, a)


def _as_on_plan(rows: list, results: list) -> list:
    """Return the filled rows (PlanRow; a row holding an error cell, which PLAN_ROW refuses,
    left out), each one without its PLAN_ROW result (Check and Rate empty: no formula;
    Check an error: a blocked spill) refused, as the Summary leaves it out."""
    out = []
    for r, (check, rate) in zip(rows, results):
        if isinstance(r, GuideError) or r.is_blank():
            continue
        if isinstance(check, GuideError) or (check is None and rate is None):
            r = r._replace(problem="This row has inputs but no PLAN_ROW result: the Summary "
                                   "leaves it out.")
        out.append(r)
    return out


@func
@_doc("rows", "The Plan's input cells, ID to Notes, every row of the table.")
@_doc("results", "The Plan's Check and Rate cells of the same rows.")
@_docs(_BEFORE)
@_doc("scenario", "The scenario: Low, Mid, High or a point from 0 to 1.")
@_docs(_AFTER)
@_doc("claim_ea", "Assumptions: claim Employment Allowance (Yes or No).")
@_doc("headers", "The Plan's input headers (ID to Notes): checked, as rows are read by position.")
@_doc("bands", "Our bands (optional): the Our bands table, header row first.")
def PLAN_SCENARIO(rows, results, fy_start=None, tax_year=None, scenario=None, price_from=None,
                  pension_rate=None, pension_basis=None, bonus_rate=None, benefits_rate=None,
                  bik_rate=None, allowance_rate=None, sacrifice_rate=None, levy=None,
                  billable_days=None, agency_fee=None, recruitment_fee=None, review_month=None,
                  review_uplift=None, small_sponsor=None, visa_years=None, pay_bill=None,
                  other_cost=None, months=None, claim_ea=None, headers=None, bands=None):
    """The Plan's key figures at a scenario, one a row, as the Summary lists them."""
    settings = dict(locals())
    try:
        moved = None if headers is None else plan.column_problem(_grid(headers)[0])
        if moved:
            raise InvalidValueError(moved)
        found = _plan_rows(rows)
        shown = [(cells + [None, None])[:2] for cells in _grid(results)]
        if len(shown) != len(found):
            raise InvalidValueError(f"results has {len(shown)} rows where rows has "
                                         f"{len(found)}.")
        given = {name: _one(settings[name], name) for name in assumptions.ROW_SETTINGS}
        a = assumptions.Assumptions(**given, claim_ea=_one(claim_ea, "claim_ea")).checked()
        if bands is not None:  # as PLAN_ROW reads them
            a = a._replace(bands=_our_bands(bands))
        s = scenarios.summary_at(_as_on_plan(found, shown), a, _figures)
    except GuideError as e:
        return _scalar_failure(e)
    return [[s[f.key]] for f in scenarios.SIDE_BY_SIDE]
