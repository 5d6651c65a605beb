"""Planning layer: a headcount plan priced row by row (pricing.row_figures) and summed up.

A row with a problem is priced at nothing and counted: the totals say how many rows they
leave out, and nothing is dropped silently.
"""

from __future__ import annotations

from collections import namedtuple
from datetime import date
from math import fsum
from typing import Iterator

from ..base.inputs import squeeze
from ..base.pence import allocate, to_penny
from ..costs import employment, hire_costs
from ..guide import pay
from ..guide.names import is_blank
from .assumptions import Assumptions
from .columns import FIGURE_FIELDS, IN, OUT, ROW, SPREAD
from .pay_timing import MONTH_NAMES, pay_words
from .phasing import month_bounds, month_labels
from .plan import FIELDS, INPUT_HEADERS, TYPES, PlanRow, iso_text
from .pricing import RowFigures, review_warning, row_figures
from .risk import plain, team_key


class PricedRow(namedtuple("PricedRow", "row figures")):
    """A plan row with what it prices at (``figures``, a RowFigures: its problem, rate,
    costs, months and the inputs as read, each also an attribute here: ``r.fy_cost`` is
    ``r.figures.fy_cost``). A row with a problem has None for every figure.
    """

    __slots__ = ()

    @property
    def priced(self) -> bool:
        """Return True when the row priced cleanly and counts in the totals."""
        return not self.check


# Each RowFigures field reads through on PricedRow: properties, as a plan of 100,000 rows
# reads them millions of times.
for _i, _name in enumerate(RowFigures._fields):
    setattr(PricedRow, _name, property(lambda self, i=_i: self[1][i]))


class Budget(namedtuple("Budget", "rows summary assumptions")):
    """A priced plan: every non-blank row (PricedRow), the summary dict and the assumptions."""

    __slots__ = ()

    def row_dicts(self) -> list[dict]:
        """Return each row keyed by the Plan's headers (months by label), as JSON-ready values."""
        return list(self.each_row_dict())

    def each_row_dict(self) -> Iterator[dict]:
        """Yield the row_dicts one at a time: a 100,000-row plan's JSON streams them."""
        a = self.assumptions
        labels = month_labels(a.fy_start, a.months)
        return (row_dict(r, labels) for r in self.rows)


def price_row(row: PlanRow, assumptions: Assumptions) -> PricedRow:
    """Return a row priced with checked ``assumptions`` (see Assumptions.checked).

    >>> a = Assumptions().checked()
    >>> r = price_row(PlanRow(role="AI Engineer", level="Senior", location="London",
    ...               type="Permanent", start=date(2026, 10, 1)), a)
    >>> r.rate, round(r.annual_cost, 2), round(r.fy_cost, 2)
    (110000.0, 127070.9, 63535.45)
    """
    return PricedRow(row, row_figures(row, assumptions))


def price_plan(rows, assumptions: Assumptions | None = None) -> Budget:
    """Return the Budget of ``rows`` (PlanRow): blank rows skipped, every other row kept.

    ``assumptions`` default to the template's. Raises InvalidValueError or UnknownNameError
    for bad assumptions; a bad row never raises, it carries its problem.
    """
    a = (assumptions or Assumptions()).checked()
    priced = [price_row(r, a) for r in rows if not r.is_blank()]
    return Budget(priced, summarise(priced, a), a)


def _in_post(f: RowFigures, day: date) -> bool:
    return f.start <= day and (f.end is None or f.end >= day)


def _sum(values) -> float:
    """Return the sum in £ of figures that are each whole pence, to the penny: fsum's
    error on the floats of pennies is far below half a penny."""
    return round(fsum(values) * 100) / 100


def summarise(rows: list[PricedRow], a: Assumptions) -> dict:
    """Return the budget summary as a JSON-ready dict (money in £, FTE in full-time units).

    Keys: company, fy_start, fy_end, tax_year, scenario, market_movement (a fraction a
    year), bonus_month ("" when spread) and pay_timing (both in words, pay_timing.py);
    rows, priced, problems (rows left out of every total) and problem_rows (row, ID, problem); review (priced rows whose
    Override rate is far outside its band: pricing.review_warning) and review_rows (row,
    ID, warning); outside_year (priced rows wholly before or after the fiscal year, which
    cost nothing in it); outside_our_band (priced permanent rows whose Rate is outside our
    band, Min to Max: price_from.py; None when no bands are held); fy_cost (sum of the rows' FY
    costs), risk_horizon_cost (the rows' modelled risk-adjusted costs over the
    horizon: risk.py), fy_nic (their employer NIC inside the year), employment_allowance (the
    smaller of the tax year's allowance and fy_nic, when claimed, else 0), plan_levy (see
    plan_levy), net_fy_cost; hire_fees and visa_costs (the hire fees and visa sponsorship
    charges inside fy_cost); annual_cost (annual run-rate: the annual
    cost in force of every position in post on the year's last day) and fte_year_end;
    by_type (fy_cost, share, annual_cost, fte_year_end); by_quarter; months (cost by type,
    total and FTE at each month end); by_team; by_role.
    """
    ok = [r for r in rows if not r.figures.check]
    figs = [r.figures for r in ok]  # read as fields: a 100,000-row plan reads them millions of times
    fy_end = a.fy_end
    # Every row figure is whole pence (pricing rounds where money is made): each total is
    # their exact sum to the penny, so it equals the sum of the figures shown under it.
    fy_cost = _sum(f.fy_cost for f in figs)
    fy_nic = _sum(f.fy_nic for f in figs)
    # The allowance of the first tax year held that prices the year (an employer claims it
    # once a tax year; no year held: nothing is priced, so nothing to set it against).
    held = [y for y in a.month_tax_years if y in employment.tax_years()]
    allowance = (min(employment.employment_allowance(held[0]), fy_nic)
                 if a.claim_ea and held else 0.0)
    at_end = [f for f in figs if _in_post(f, fy_end)]
    review = [{"row": r.row.line, IN.id: r.row.id, "warning": w}
              for r, w in ((r, review_warning(r.figures)) for r in ok) if w]
    levy = plan_levy(_sum(f.levy_pay for f in figs), a)
    months, total = _months(figs, a)
    by_team, by_role = _by_team_and_role(ok, a.teams)
    return {
        "company": a.company,
        "fy_start": a.fy_start.isoformat(),
        "fy_end": fy_end.isoformat(),
        "tax_year": a.tax_year_words(),
        "scenario": a.scenario,
        "market_movement": a.market_movement,
        "bonus_month": "" if a.bonus_month is None else MONTH_NAMES[a.bonus_month - 1],
        "pay_timing": pay_words(a),
        "rows": len(rows),
        "priced": len(ok),
        "problems": len(rows) - len(ok),
        "problem_rows": [{"row": r.row.line, IN.id: r.row.id, "problem": r.check}
                         for r in rows if not r.priced],
        "review": len(review),
        "review_rows": review,
        "outside_year": sum(1 for f in figs if f.start > a.horizon_end
                            or (f.end is not None and f.end < a.fy_start)),
        "outside_our_band": None if a.bands is None else sum(
            1 for f in figs if f.place_ours is not None and not 0 <= f.place_ours <= 1),
        "fy_cost": fy_cost,
        "risk_horizon_cost": _sum(f.risk_cost for f in figs),
        "fy_nic": fy_nic,
        "employment_allowance": allowance,
        "plan_levy": levy,
        "net_fy_cost": _sum((fy_cost, -allowance, levy)),
        # Charged in the start month: those of the first fiscal year (the horizon's
        # later years have theirs in fiscal_years).
        "hire_fees": _sum(f.fee for f in figs if f.start <= fy_end),
        "visa_costs": _sum(f.visa_cost for f in figs if f.start <= fy_end),
        "other_costs": _sum(f.other_cost for f in figs),
        "annual_cost": _sum(f.year_end_cost for f in at_end),
        "fte_year_end": sum(f.fte for f in at_end),
        "by_type": _by_type(figs, at_end, fy_cost),
        "by_quarter": {f"Q{q + 1}": sum(total[3 * q:3 * q + 3]) / 100 for q in range(4)},
        "months": months,
        "by_team": by_team,
        "by_role": by_role,
        **horizon_summary(figs, a, total),
    }


def horizon_summary(figs: list[RowFigures], a: Assumptions, total: list[int]) -> dict:
    """Return the horizon's part of the summary: horizon_months, horizon_end, horizon_cost
    and horizon_nic (£, the sum of the fiscal years'), and fiscal_years: each one's start,
    end, fy_cost (the sum of its months), fy_nic, hire_fees and visa_costs (charged in it),
    annual_cost (the annual cost in force of every position in post on its last day, £ a
    year) and fte_year_end. ``total`` is each month's cost in pence."""
    years = []
    for k, (first, last) in enumerate(a.fiscal_years):
        started = [f for f in figs if first <= f.start <= last]
        at_end = [(f, f.year_end_cost if k == 0 else f.later_year_end[k - 1])
                  for f in figs if _in_post(f, last)]
        years.append({
            "start": first.isoformat(), "end": last.isoformat(),
            "fy_cost": sum(total[12 * k:12 * k + 12]) / 100,
            "fy_nic": _sum(f.fy_nic if k == 0 else f.later_nic[k - 1] for f in figs),
            "hire_fees": _sum(f.fee for f in started),
            "visa_costs": _sum(f.visa_cost for f in started),
            "annual_cost": _sum(cost for _f, cost in at_end),
            "fte_year_end": sum(f.fte for f, _cost in at_end),
        })
    return {
        "horizon_months": a.months,
        "horizon_end": a.horizon_end.isoformat(),
        "horizon_cost": sum(total) / 100,
        "horizon_nic": _sum(y["fy_nic"] for y in years),
        "fiscal_years": years,
    }


def plan_levy(levy_pay: float, a: Assumptions) -> float:
    """Return the Apprenticeship Levy in £ that the plan adds to the employer's, given the
    pay bill outside it (a.pay_bill; None: 0, the levy is per head or none): the levy on the
    pay bill outside it plus the plan's ``levy_pay`` (£, its pay the levy is worked on in
    the fiscal year) less the levy on the pay bill outside it alone, each to the penny.

    >>> a = Assumptions(pay_bill=2_500_000).checked()
    >>> plan_levy(1_000_000, a)  # 0.5% x 3.5m - 15,000; 2.5m pays none
    2500.0
    """
    # The rate and allowance of the tax year the fiscal year's first month falls in (or
    # the Tax year set), as the Employment Allowance's: one levy year for the fiscal year.
    year = a.month_tax_years[0]
    if a.pay_bill is None or year not in employment.tax_years():
        return 0.0
    return _sum((to_penny(hire_costs.levy(a.pay_bill + levy_pay, year)),
                 -to_penny(hire_costs.levy(a.pay_bill, year))))


def _by_type(figs: list[RowFigures], at_end: list[RowFigures], fy_cost: float) -> dict:
    """Return, by Type, the FY cost in £, its share of ``fy_cost`` (a fraction), the annual
    cost in £ and the FTE of the positions in post at the year's end (``at_end``)."""
    by_type = {}
    for t in TYPES:
        cost = _sum(f.fy_cost for f in figs if f.type == t)
        by_type[t] = {
            "fy_cost": cost,
            "share": 0.0,
            "annual_cost": _sum(f.year_end_cost for f in at_end if f.type == t),
            "fte_year_end": sum(f.fte for f in at_end if f.type == t),
        }
    if fy_cost:
        # Shares to 0.01% (a rate's places), allocated by largest remainder: they add up
        # to 100% as shown.
        total_p = round(fy_cost * 100)
        parts = allocate(10000, [round(v["fy_cost"] * 100) * 10000 for v in by_type.values()],
                         total_p)
        for v, part in zip(by_type.values(), parts):
            v["share"] = part / 10000
    return by_type


def _months(figs: list[RowFigures], a: Assumptions) -> tuple[list[dict], list[int]]:
    """Return (each month of the horizon: its cost by type and total in £ and the FTE in post
    at its end; and each month's total in pence)."""
    n = a.months
    bounds = month_bounds(a.fy_start, n)
    # Each month's cost by type, in pence (a column of whole-penny figures summed).
    cost = {t: [round(fsum(col) * 100) for col in zip(*(f.months for f in figs if f.type == t))]
            or [0] * n for t in TYPES}
    total = [sum(c) for c in zip(*cost.values())]
    fte = [0.0] * n
    lasts = [last for _first, last in bounds]
    for f in figs:  # FTE in post at each month's end
        start, end = f.start, f.end
        for k, last in enumerate(lasts):
            if start <= last and (end is None or end >= last):
                fte[k] += f.fte
    months = []
    for k, (start, last) in enumerate(bounds):
        entry = {"month": start.strftime("%b %Y"), "start": start.isoformat(),
                 "end": last.isoformat()}
        entry.update({t: cost[t][k] / 100 for t in TYPES})
        entry.update(total=total[k] / 100, fte=fte[k])
        months.append(entry)
    return months, total


def _by_team_and_role(ok: list[PricedRow], teams: tuple) -> tuple[dict, dict]:
    """Return the FY cost in £ by team (the Assumptions' ``teams`` first, each under its
    first spelling) and by role (in the guide's order) of the priced rows ``ok``."""
    keys = {}  # a team as typed -> its key: a plan repeats its teams

    def key(team):
        k = keys.get(team)
        if k is None:
            k = keys[team] = team_key(team)
        return k

    shown = {}  # team key -> its first spelling: the Assumptions' list first, then the rows'
    for t in list(teams) + [r.row.team for r in ok]:
        shown.setdefault(key(t), squeeze(str(plain(t))) if not is_blank(t) else "")
    by_team = {shown[key(t)]: 0 for t in teams}  # in pence until the end
    by_role: dict[str, int] = {}
    for r in ok:
        f = r.figures
        team = shown[key(r.row.team)]
        by_team[team] = by_team.get(team, 0) + round(f.fy_cost * 100)
        by_role[f.role] = by_role.get(f.role, 0) + round(f.fy_cost * 100)
    roles = pay.roles()
    return ({t: p / 100 for t, p in by_team.items()},
            {r: p / 100 for r, p in sorted(by_role.items(), key=lambda kv: roles.index(kv[0]))})


_NOTHING = (None,) * len(max(SPREAD.values(), key=len))


def row_dict(r: PricedRow, labels: tuple[str, ...]) -> dict:
    """Return a priced row keyed by the Plan's headers (columns.COLUMNS; "Row" is its sheet
    row or CSV line), the calculated ones as PLAN_ROW returns them (the months under their
    ``labels``), dates as YYYY-MM-DD."""
    out = {ROW: r.row.line}
    row, f = r.row, r.figures
    for header, field in zip(INPUT_HEADERS, FIELDS):
        out[header] = iso_text(getattr(row, field))
    for field in FIGURE_FIELDS:
        if field == "months":
            out.update(zip(labels, f.months or (None,) * len(labels)))
        elif field in SPREAD:  # the later fiscal years': as many as the horizon has
            later = -(-len(labels) // 12) - 1  # fiscal years after the first
            out.update(zip(SPREAD[field][:later], getattr(f, field) or _NOTHING))
        else:
            out[getattr(OUT, field)] = iso_text(getattr(f, field))
    return out
