"""Planning layer: the one rule that prices a plan row, for the template and `budget` alike.

``row_figures`` prices a row; the budget command calls it and so does the template,
through PLAN_ROW (one call a filled row, returning every calculated cell of the row):

* Rate: the Override rate if given; else, at the scenario's point, the guide's day rate
  (contractors, with their IR35 status), its leadership band (permanent leadership roles)
  or its salary estimate with the row's skills at market rate (other permanent roles),
  aged to the row's start by the Market movement (pay_timing.py; never an Override).
* Annual cost: a permanent row costs ``employer_cost_breakdown(Rate x FTE, ...)`` with
  its bonus (the row's Bonus, else the Assumptions' target; "Guide" on a leadership role:
  the guide's equity/bonus percentage), because NIC and pension thresholds apply to the
  pay actually earned; a contractor costs ``contractor_cost(Rate, billable days x FTE,
  agency fee, IR35 status)``.
* Pay review (permanent rows): the review recurs every year in its month; a row in post
  before a review month gets the uplift from that month on (Rate x (1 + uplift), to the
  penny), and again at each later review in the horizon, compounding.
* Tax year: each month is priced with the annual figures of the tax year it falls in
  (Assumptions.month_tax_years), or all with the Tax year set; a row in post in a month
  whose year the data does not hold is a problem, never priced with another year.
* Bonus month (pay_timing.py): the bonus part of the annual cost in force (the bonus with
  its NIC, levy and qualifying pension) is taken out of the spread and paid in the bonus
  month (or a leaver's End month), pro rata to time in post; the annual figures are
  unchanged.
* Hire fee (permanent rows that are Open, Offer or blank): the fee rate x Rate x FTE, once,
  in the start month when it falls in the horizon.
* Horizon: 12 to 60 months from the fiscal-year start (Assumptions.months). Each month
  costs the annual cost in force / 12 x the days the position is active in the month / the
  days in the month, Start to End inclusive, plus the fee in its month; a fiscal year's
  cost is the sum of its twelve months, its NIC likewise, and the horizon's the sum of its
  fiscal years'. FY cost and FY NIC are the first fiscal year's.
* Risk-adjusted cost (modelled, risk.py): the horizon's cost with the row priced from its
  start slipped by its Status, times the offer acceptance rate (Open rows) and less the
  seat's expected vacancy from attrition with a backfill lag (permanent rows); the horizon
  cost when the risk settings are off.
* Pennies (pence.py): money is rounded half up where it becomes money (the rate at the
  scenario's point, Rate x FTE, a reviewed salary, a fee, an annual cost and its NIC), and
  each fiscal year's months are its cost's pennies allocated by largest remainder (phasing).

A row with a problem is priced at nothing and counted: the totals say how many rows they
leave out, and nothing is dropped silently. An Override rate whose unit cannot be right
(a contractor's day rate above the ceiling, a salary below the floor, checks.plan_checks)
is a problem; one far outside its band is priced and flagged (review_warning).
"""

from __future__ import annotations

from collections import namedtuple
from functools import cache, lru_cache, partial

from ..base import inputs
from ..base.errors import GuideError, InvalidValueError
from ..base.pence import to_penny
from ..costs import employment, hire_costs
from ..guide import pay
from ..guide.checks import plan_checks
from ..guide.names import is_blank
from . import columns, pay_timing, price_from, risk
from .assumptions import Assumptions
from .phasing import active_months, add_months, fiscal_months, phase_pence, year_pence
from .plan import CONTRACTOR, FILLED, GUIDE_BONUS, PlanRow, excel_serial
from .row_inputs import joined, pounds, read_row


class RowFigures(namedtuple("RowFigures", columns.FIGURE_FIELDS,
                            defaults=(None,) * len(columns.FIGURE_FIELDS))):
    """What one plan row prices at: the one rule that the template's PLAN_ROW and the
    budget command both call. Fields in column order (columns.COLUMNS; ``months``,
    ``later_nic`` and ``later_year_end`` spread over several columns: columns.SPREAD).

    ``check`` is "" or the row's problems in words (then every figure is None); ``rate``
    is £ a year (permanent, full time) or £ a day (contractor); with an Override rate,
    ``compa_ratio`` and ``band_position`` place it in the guide band the row would price
    from without it (None without an override, or where the guide has no band);
    ``annual_cost`` and ``annual_nic`` (employer NIC, permanent rows) are £ a year;
    ``reviewed_cost`` the annual cost from the first pay review on (None where none applies
    in the horizon); ``fee`` the hire fee and ``visa_cost`` the visa charges (in the start
    month, when it falls in the horizon); ``fy_cost``, ``fy_nic`` and ``other_cost`` the
    first fiscal year's cost, employer NIC and other cost per head, ``horizon_cost`` and
    ``horizon_nic`` the whole horizon's, ``months`` each month's cost (as many as the
    horizon), all in £; ``type``, ``role``, ``fte``, ``start`` and ``end`` are the inputs
    as read (None where they could not be read); ``year_end_cost`` the annual cost in force
    on the first fiscal year's last day (in its last month in post), ``later_nic`` and
    ``later_year_end`` the NIC and that cost of each later fiscal year (None: not in post
    in it); ``risk_cost`` the horizon cost risk-adjusted (modelled: risk.py), the horizon
    cost itself with the risk settings off.
    """

    __slots__ = ()

    def cells(self) -> list:
        """Return the row's values in column order as a sheet shows them (PLAN_ROW's
        result): "" for nothing, dates as Excel serial numbers, the months spread out."""
        values = []
        for field, date_kind in _CELLS:
            value = getattr(self, field)
            if field in _SPREAD:  # as many as the horizon needs, the rest blank
                values += value or ()
                values += _BLANKS[:_SPREAD[field] - len(value or ())]
            else:
                values.append(excel_serial(value) if date_kind else value)
        return ["" if v is None else v for v in values]


#: RowFigures' fields in PLAN_ROW's result order, each with whether it is a date.
_CELLS = tuple((f, any(c.kind == "date" for c in columns.CALCULATED if c.field == f))
               for f in columns.FIGURE_FIELDS)
#: The fields spread over several columns, with how many (columns.SPREAD).
_SPREAD = {f: len(headers) for f, headers in columns.SPREAD.items()}
_BLANKS = (None,) * max(_SPREAD.values())
#: How many cells PLAN_ROW returns for a row.
WIDTH = columns.WIDTH
#: A month's annual figures where the row is not in post: (cost, NIC, levy pay, pension).
_NOT_IN_POST = (0.0, 0.0, 0.0, 0.0)
#: The inputs as read (RowFigures' fields of the read-back columns, but the year-end cost).
_READ = ("type", "role", "fte", "start", "end")


def _failed(check: str, read=(None,) * 5) -> RowFigures:
    return RowFigures(check=check, **dict(zip(_READ, read)))


def review_warning(f: RowFigures) -> str:
    """Return why a priced row is one to review: its pension on the full basis under the
    legal minimum (hire_costs.pension_minimum), or its Override rate's compa-ratio below or
    above the bounds (checks.plan_checks; provenance rule rows_to_review); "" when none."""
    if f.pension_short:
        return (f"Pension on the full basis is £{f.pension_short:,.2f} a year under the legal "
                f"minimum (the tax year's minimum rate of qualifying earnings, bonus "
                f"included): raise the pension rate or use the Qualifying basis.")
    compa = f.compa_ratio
    if compa is None:
        return ""
    checks = plan_checks()
    unit = "a day" if f.type == CONTRACTOR else "a year"
    if compa < checks.review_below:
        return (f"Override rate {pounds(f.rate)} {unit} is {compa:.2f} x its band's mid, "
                f"under {checks.review_below:g}: check the rate and its unit.")
    if compa > checks.review_above:
        return (f"Override rate {pounds(f.rate)} {unit} is {compa:.2f} x its band's mid, "
                f"over {checks.review_above:g}: check the rate and its unit.")
    return ""


def row_problem(role, level, location, type, ir35, start, end, fte, skills, override,
                bands=None) -> str:
    """Return "" when a plan row can be priced, else its problems in words (one line).

    Arguments are the Plan's cells as Excel or a CSV gives them: text, numbers, None for
    blank; dates as date, datetime or Excel serial numbers. A blank row (every argument
    empty) has no problem. Checks: Role, Level and Location are known to the guide (the
    engine's own messages, with its suggestions); Type is Permanent or Contractor; IR35
    is Inside or Outside for contractors and blank otherwise; Start is a date, End is
    blank or a date not before Start; FTE is blank (1) or more than 0 and at most 1; an
    Override rate is a number above 0 and lets a row price where the guide has no figure
    (a leadership contractor, a junior day rate), though never with an unknown name; a
    contractor's is a day rate no higher than the ceiling, a permanent row's a full-time
    salary no lower than the floor (checks.plan_checks). With ``bands`` (our bands,
    guide/our_bands.OurBands) a level of ours (L5) is checked as the guide's it maps to.

    >>> row_problem("AI Engineer", "Senior", "London", "Permanent", None, 46296.0, None, None, None, None)
    ''
    >>> row_problem("AI Engineer", "Senior", "London", "Permanent", None, 46296.0, 46200.0, 1, None, None)
    'End 2026-06-27 is before Start 2026-10-01.'
    """
    args = (role, level, location, type, ir35, start, end, fte, skills, override)
    if all(is_blank(v) for v in args):
        return ""
    a = default_assumptions() if bands is None else default_assumptions()._replace(bands=bands)
    return row_figures(PlanRow(role=role, level=level, location=location, type=type, ir35=ir35,
                               start=start, end=end, fte=fte, skills=skills, override=override),
                       a).check


def _permanent(rate: float, v: dict, a: Assumptions):
    """Return a permanent row's (cost, salaries, hire fee in the horizon, short): ``cost(salary,
    tax_year)`` its (annual cost, NIC, levy pay, pension) in £ a year; ``salaries`` its
    full-time salary (``rate``, £ a year) and after each pay review it gets (reviews);
    ``short(pension, tax_year)`` the pension under the legal minimum."""
    share = v["fte"]
    bonus = a.bonus_rate if v["bonus"] is None else v["bonus"]
    if bonus == GUIDE_BONUS:
        bonus = pay.leadership_equity(v["role"]).at(a.scenario)

    def cost(salary, tax_year, bonus=bonus):
        # Salary x FTE is pay, money: rounded to the penny before it is costed, and the
        # cost rounded where it becomes money (pence.py).
        c = employment.employer_cost_breakdown(
            to_penny(salary * share), tax_year, a.pension_rate, a.pension_basis.lower(),
            a.benefits_rate, a.levy, bonus, a.bik_rate, a.allowance_rate, a.sacrifice_rate)
        pay = hire_costs.levy_pay(to_penny(salary * share), tax_year, bonus,
                                  a.allowance_rate, a.sacrifice_rate)
        return to_penny(c.total), to_penny(c.nic), to_penny(pay), to_penny(c.pension)

    def short(pension, tax_year):
        # The full basis is a scheme's choice, never below the law's minimum (flagged).
        if a.pension_basis != "Full":
            return 0.0
        least = to_penny(hire_costs.pension_minimum(to_penny(rate * share), tax_year, bonus,
                                                    a.allowance_rate))
        return to_penny(least - pension) if least > pension else 0.0

    salaries = [rate]
    for _review in reviews(v["start"], v["end"], a) if a.review_month else ():
        # Each review lifts the salary then in force (compounding); 105,000 x 1.035 is
        # 108,674.99999... in binary: the reviewed salary is money.
        lifted = to_penny(salaries[-1] * (1 + a.review_uplift))
        if lifted * share > inputs.MAX_MONEY:
            raise InvalidValueError(f"The pay review takes the salary to £{lifted * share:,.0f}, "
                                    f"over £1,000,000,000: check the Override rate.")
        salaries.append(lifted)
    fee = 0.0
    if v["status"] != FILLED and a.fy_start <= v["start"] <= a.horizon_end:
        rate_of_fee = a.recruitment_fee if v["hire_fee"] is None else v["hire_fee"]
        fee = to_penny(rate_of_fee * to_penny(rate * share))
    return cost, salaries, fee, short


def reviews(start, end, a: Assumptions) -> tuple:
    """Return the first days of the pay reviews a permanent row from ``start`` to ``end``
    (None: no end) gets: each one in the horizon after its start, while it is in post."""
    return tuple(d for d in a.review_dates if start < d and (end is None or end >= d))


@cache
def default_assumptions() -> Assumptions:
    """Return the template's default assumptions, checked."""
    return Assumptions().checked()


def row_figures(row: PlanRow, a: Assumptions) -> RowFigures:
    """Return what ``row`` prices at with checked assumptions ``a`` (see Assumptions.checked).

    >>> f = row_figures(PlanRow(role="AI Engineer", level="Senior", location="London",
    ...                 type="Permanent", start=date(2026, 10, 1)), Assumptions().checked())
    >>> f.rate, round(f.annual_cost, 2), f.annual_nic, round(f.fy_cost, 2)
    (110000.0, 127070.9, 15750.0, 63535.45)
    """
    refused = row.reader_problem()  # below the table, or an ID without inputs: both engines
    if refused:
        return _failed(refused)
    row, ours, unmapped = price_from.map_row(row, a.bands)  # our level (L5) as the guide's
    problems, v = read_row(row, a.billable_days)
    read = tuple(v[f] for f in _READ)
    if problems or unmapped:  # our bands' problem alone: the guide's errors would repeat it
        return _failed(unmapped or joined(problems), read)
    ours = price_from.ours_for(ours, v)
    start, end = v["start"], v["end"]
    n, years = a.months, a.month_tax_years
    # The tax years of the months the row is in post (none: the first month's, for its
    # annual figures); a year the data does not hold is a problem, never the latest year.
    if years[0] == years[-1]:  # the months run in order: one year prices them all
        active, needed = None, [years[0]]
    else:
        active = active_months(start, end, a.fy_start, n)
        needed = _years_in_post(years, active)
    missing = [y for y in needed if y not in employment.tax_years()]
    if missing:
        return _failed(_not_held(missing[0], years, active or (True,) * n, a), read)
    try:
        rate, source, compa, place, aged = _rate(v, ours, a)
        compa_ours, place_ours = price_from.against_ours(rate, ours)
        cost, salaries, fee, short = _costs(rate, v, row, a)
        timed = a.bonus_month is not None and v["type"] != CONTRACTOR  # the bonus in its month
        first = cost(rate, needed[0])
        # The visa's charges are paid once, when the certificate is assigned (the Start),
        # at the rates then in force; a start outside the horizon pays in another year.
        visa = to_penny(hire_costs.visa_cost(start, a.small_sponsor, a.visa_years)) \
            if v["visa"] and a.fy_start <= start <= a.horizon_end else 0.0
        paid = {}
        if len(needed) == 1 and len(salaries) == 1 and not timed:  # one annual cost throughout
            annual, nic, pay = first[:3]
            in_force, shown_review = None, None
        else:
            active = active or active_months(start, end, a.fy_start, n)
            in_force = _in_force(cost, salaries, years, active, a, start, end,
                                 {(0, needed[0]): first})
            spread, paid = _bonus_paid(in_force, cost, salaries, years, active, a, start, end) \
                if timed else (in_force, {})
            annual, nic, pay, _pension = zip(*(f or _NOT_IN_POST for f in spread))
            shown_review = _first_review(in_force, start, end, a) if len(salaries) > 1 else None
        short_fall = short(first[3], needed[0])
    except GuideError as e:
        return _failed(joined([e.render("plan")]), read)
    figures = _figures(a, v, read, first, annual, nic, pay, in_force, active, paid,
                       dict(check="", rate=rate, priced_from=source, compa_ratio=compa,
                            band_position=place, compa_ours=compa_ours, place_ours=place_ours,
                            annual_cost=first[0], annual_nic=first[1], reviewed_cost=shown_review,
                            fee=fee, visa_cost=visa, pension_short=short_fall,
                            rate_aged=pay_timing.aged_words(a.market_movement, aged,
                                                            v["override"] is not None)))
    return risk.adjusted(figures, row, v["status"], v["type"], a, row_figures)


def _figures(a: Assumptions, v: dict, read: tuple, first: tuple, annual, nic, pay,
             in_force: list | None, active: tuple | None, paid: dict, known: dict) -> RowFigures:
    """Return a priced row's figures: its months (the annual cost in force each month,
    ``annual``, one figure or one a month, phased; the fee and visa in the start month; the
    other cost per head; a bonus paid in its month, ``paid``: pay_timing.bonus_payments),
    each fiscal year's cost and NIC and the horizon's, and the annual cost in force at each
    fiscal year's end (``in_force``: each month's (cost, NIC, levy pay, pension), None
    where not in post; None: ``first`` throughout)."""
    start, end, n = v["start"], v["end"], a.months
    pence = phase_pence(annual, start, end, a.fy_start, n=n,
                        once=to_penny(known["fee"] + known["visa_cost"]))
    # Other cost per head: its own pennies a month (so its line adds up), added to each.
    other = phase_pence(12 * a.other_cost, start, end, a.fy_start, n=n) if a.other_cost else ()
    pence = [p + o for p, o in zip(pence, other)] if other else pence
    fiscal = range(0, n, 12)  # each fiscal year's first month
    nics = year_pence(nic, start, end, a.fy_start, n=n) if _any(nic) else [0] * len(fiscal)
    levy_pay = _first_year(pay, start, end, a) if _any(pay) else 0
    for k, (cost, bonus_nic, bonus_pay) in paid.items():  # whole pence, added exactly
        pence[k] += cost
        nics[k // 12] += bonus_nic
        levy_pay += bonus_pay if k < 12 else 0
    if in_force is None and n == 12:  # one year, one annual cost (the common case: fast)
        ends = (first[0],)
    elif in_force is None:  # the same annual cost in each month in post
        active = active or active_months(start, end, a.fy_start, n)
        ends = [first[0] if any(active[k:k + 12]) else None for k in fiscal]
    else:  # the cost in force in each fiscal year's last month in post
        ends = [next((f[0] for f in reversed(in_force[k:k + 12]) if f), None) for k in fiscal]
    fy = sum(pence[:12]) / 100 if n > 12 else sum(pence) / 100
    return RowFigures(
        **known, fy_cost=fy, fy_nic=nics[0] / 100,
        horizon_cost=sum(pence) / 100 if n > 12 else fy, horizon_nic=sum(nics) / 100,
        risk_cost=sum(pence) / 100 if n > 12 else fy,  # risk.adjusted adjusts it when on
        other_cost=sum(other[:12]) / 100, months=tuple([p / 100 for p in pence]),
        type=read[0], role=read[1], fte=read[2], start=read[3], end=read[4],
        year_end_cost=first[0] if ends[0] is None else ends[0],
        levy_pay=levy_pay / 100,
        later_nic=tuple([p / 100 for p in nics[1:]]) if n > 12 else (),
        later_year_end=tuple(ends[1:]))


@lru_cache(maxsize=4096)  # a plan repeats its starts and ends
def _years_in_post(years: tuple, active: tuple) -> list:
    """Return the tax years, in order, of the months a row is in post (``active``); none:
    the first month's, for its annual figures."""
    return sorted({y for y, on in zip(years, active) if on} or {years[0]})


def _first_year(annual, start, end, a: Assumptions) -> int:
    """Return the first fiscal year's cost in pence of ``annual`` (one figure, or one a
    month of the horizon): the levy pay is worked on the first year alone."""
    return year_pence(annual[:12] if isinstance(annual, tuple) else annual, start, end,
                      a.fy_start)[0]


def _rate(v: dict, ours, a: Assumptions) -> tuple:
    """Return a row's (Rate, what it is priced from, compa-ratio, band position, age
    factor): the Override rate; else our band's point (price_from.start_rate: never aged,
    not the market's) or the guide band's aged to the row's start (pay_timing), £ a year or
    a day, to the penny. The ratios place an Override in the aged guide band (None without
    one)."""
    rate, band = v["override"], v["band"]  # no band: the override stands in for it
    aged = pay_timing.age_factor(a.market_movement, v["start"], band.mid) \
        if band is not None else 1.0
    if rate is None:
        rate, source = price_from.start_rate(band, ours, v, a)
        if source != price_from.FROM_MARKET:
            return rate, source, None, None, 1.0
        return to_penny(band.at(a.scenario) * aged), source, None, None, aged
    if band is None:
        return rate, price_from.FROM_OVERRIDE, None, None, aged
    # An Override is never aged: it is placed in the aged band (a band scales as one).
    return (rate, price_from.FROM_OVERRIDE, band.compa_ratio(rate / aged),
            band.position(rate / aged), aged)


def _bonus_paid(in_force: list, cost, salaries: list, years: tuple, active: tuple,
                a: Assumptions, start, end) -> tuple[list, dict]:
    """Return a permanent row's annual figures in force each month without its bonus (as
    _in_force's), and the bonus paid in its month (pay_timing.bonus_payments): the bonus
    part of the annual cost in force is the cost with the bonus less the cost without it."""
    spread = _in_force(partial(cost, bonus=0.0), salaries, years, active, a, start, end, {})

    def part(k):  # (cost, NIC, levy pay) of the bonus, £ a year, in force in month k
        return tuple(to_penny(w - wo) for w, wo in zip(in_force[k][:3], spread[k][:3]))

    if all(f is None or f[:3] == g[:3] for f, g in zip(in_force, spread)):
        return in_force, {}  # no bonus
    months = fiscal_months(a.fy_start, a.months)
    return spread, pay_timing.bonus_payments(months, start, end, a.bonus_month, part)


def _any(figure) -> bool:
    """Return True when an annual figure (one, or one a month) is ever above 0."""
    return any(figure) if isinstance(figure, tuple) else bool(figure)


def _costs(rate: float, v: dict, row: PlanRow, a: Assumptions):
    """Return a row's (cost, salaries, fee, short) as _permanent does; a contractor has one
    rate, no NIC, review, fee or pension."""
    if v["type"] != CONTRACTOR:
        return _permanent(rate, v, a)
    # Inside IR35 the fee-payer's levy is on the whole fee (employment's model).
    pay = to_penny(rate * a.billable_days * v["fte"]) if v["ir35"] == inputs.INSIDE else 0.0

    def cost(_rate, tax_year):
        # Inside IR35 the fee-payer's employer NIC (and levy) come on top of the fees.
        return to_penny(employment.contractor_cost(
            rate, a.billable_days * v["fte"], a.agency_fee, ir35=row.ir35,
            tax_year=tax_year, levy=a.levy)), 0.0, pay, 0.0
    return cost, [rate], 0.0, lambda _pension, _tax_year: 0.0


def _in_force(cost, salaries: list, years: tuple, active: tuple, a: Assumptions,
              start, end, done: dict) -> list:
    """Return each month's annual (cost, NIC, levy pay, pension) in force: the salary after
    the reviews so far (``salaries``: before any, after each), with the month's tax year;
    None where the row is not in post. Each pair of review count and year is costed once
    (``done``: those costed already)."""
    lifts = reviews(start, end, a) if len(salaries) > 1 else ()
    keys = _month_keys(lifts, years, active, a.fy_start)
    for key in dict.fromkeys(keys):
        if key is not None and key not in done:
            done[key] = cost(salaries[key[0]], key[1])
    return [done[k] if k is not None else None for k in keys]


@lru_cache(maxsize=4096)  # a plan repeats its starts, ends and so its reviews
def _month_keys(lifts: tuple, years: tuple, active: tuple, fy_start) -> tuple:
    """Return each month's (pay reviews so far, tax year), None where not in post."""
    out, level, pending = [], 0, list(lifts)
    for month, year, on in zip(fiscal_months(fy_start, len(years)), years, active):
        while pending and pending[0] <= month:  # the reviews run in order
            del pending[0]
            level += 1
        out.append((level, year) if on else None)
    return tuple(out)


def _first_review(in_force: list, start, end, a: Assumptions):
    """Return the annual cost in £ from the first pay review on, in that month's tax year
    (the After review column), None where the row gets none in the horizon."""
    lifts = reviews(start, end, a)
    if not lifts:
        return None
    first = lifts[0]
    return in_force[(first.year - a.fy_start.year) * 12 + first.month - a.fy_start.month][0]


def _not_held(label: str, years: tuple, active: tuple, a: Assumptions) -> str:
    """Return the problem of a row in post in a month of tax year ``label``, not in the data."""
    held = employment.known_tax_years()
    k = next((k for k, (y, on) in enumerate(zip(years, active)) if y == label and on), 0)
    return (f"Tax year {label} is not in the data (it holds {held[0]} to {held[-1]}): the "
            f"months from {add_months(a.fy_start, k):%b %Y} cannot be priced. Set a Tax year "
            f"to price every month with one year held, or add {label} to data/tax_years.csv.")
