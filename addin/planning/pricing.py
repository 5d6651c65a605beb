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
* Pay review (permanent rows that started before the review month, when that month falls
  in the fiscal year): from the review month on, the annual cost of Rate x (1 + uplift).
* Tax year: each month is priced with the annual figures of the tax year it falls in
  (Assumptions.month_tax_years), or all twelve with the Tax year set; a row in post in a
  month whose year the data does not hold is a problem, never priced with another year.
* Bonus month (pay_timing.py): the bonus part of the annual cost (the bonus with its NIC,
  levy and qualifying pension) is taken out of the spread and paid in the bonus month
  (or a leaver's End month), pro rata to time in post; the annual figures are unchanged.
* Hire fee (permanent rows that are Open, Offer or blank): the fee rate x Rate x FTE, once,
  in the start month when it falls in the fiscal year.
* Each fiscal month costs the annual cost in force / 12 x the days the position is active
  in the month / the days in the month, Start to End inclusive, plus the fee in its
  month; the FY cost is the sum of the twelve months, the FY NIC likewise.
* Pennies (pence.py): money is rounded half up where it becomes money (the rate at the
  scenario's point, Rate x FTE, a reviewed salary, a fee, an annual cost and its NIC), and
  the twelve months are the FY cost's pennies allocated by largest remainder (phasing).

A row with a problem is priced at nothing and counted: the totals say how many rows they
leave out, and nothing is dropped silently. An Override rate whose unit cannot be right
(a contractor's day rate above the ceiling, a salary below the floor, checks.plan_checks)
is a problem; one far outside its band is priced and flagged (review_warning).
"""

from __future__ import annotations

from collections import namedtuple
from functools import cache

from ..base import inputs
from ..base.errors import GuideError, InvalidValueError
from ..base.pence import to_penny
from ..costs import employment, hire_costs
from ..guide import pay
from ..guide.names import is_blank
from . import columns, pay_timing
from .assumptions import Assumptions
from .checks import plan_checks
from .phasing import active_months, add_months, phase_pence, year_pence
from .plan import CONTRACTOR, FILLED, GUIDE_BONUS, PlanRow, excel_serial
from .row_inputs import joined, pounds, read_row

_NONE = (None,) * 12


class RowFigures(namedtuple("RowFigures", columns.FIGURE_FIELDS,
                            defaults=(None,) * len(columns.FIGURE_FIELDS))):
    """What one plan row prices at: the one rule that the template's PLAN_ROW and the
    budget command both call. Fields in column order (columns.COLUMNS; ``months`` is
    twelve columns).

    ``check`` is "" or the row's problems in words (then every figure is None); ``rate``
    is £ a year (permanent, full time) or £ a day (contractor); with an Override rate,
    ``compa_ratio`` and ``band_position`` place it in the guide band the row would price
    from without it (None without an override, or where the guide has no band);
    ``annual_cost`` and ``annual_nic`` (employer NIC, permanent rows) are £ a year;
    ``reviewed_cost`` the annual cost from the pay review on (None where it does not apply
    in the year); ``fee`` the hire fee charged in the fiscal year, ``fy_cost`` and
    ``fy_nic`` the year's cost and employer NIC, ``months`` the twelve months' costs, all
    in £; ``type``, ``role``, ``fte``, ``start`` and ``end`` are the inputs as read (None
    where they could not be read); ``year_end_cost`` the annual cost in force on the
    fiscal year's last day.
    """

    __slots__ = ()

    def cells(self) -> list:
        """Return the row's values in column order as a sheet shows them (PLAN_ROW's
        result): "" for nothing, dates as Excel serial numbers, the months spread out."""
        values = []
        for field, date_kind in _CELLS:
            value = getattr(self, field)
            if field == "months":
                values += value or _NONE
            else:
                values.append(excel_serial(value) if date_kind else value)
        return ["" if v is None else v for v in values]


#: RowFigures' fields in PLAN_ROW's result order, each with whether it is a date.
_CELLS = tuple((f, any(c.kind == "date" for c in columns.CALCULATED if c.field == f))
               for f in columns.FIGURE_FIELDS)
#: How many cells PLAN_ROW returns for a row.
WIDTH = columns.WIDTH
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


def row_problem(role, level, location, type, ir35, start, end, fte, skills, override) -> str:
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
    salary no lower than the floor (checks.plan_checks).

    >>> row_problem("AI Engineer", "Senior", "London", "Permanent", None, 46296.0, None, None, None, None)
    ''
    >>> row_problem("AI Engineer", "Senior", "London", "Permanent", None, 46296.0, 46200.0, 1, None, None)
    'End 2026-06-27 is before Start 2026-10-01.'
    """
    args = (role, level, location, type, ir35, start, end, fte, skills, override)
    if all(is_blank(v) for v in args):
        return ""
    return row_figures(PlanRow(role=role, level=level, location=location, type=type, ir35=ir35,
                               start=start, end=end, fte=fte, skills=skills, override=override),
                       default_assumptions()).check


def _permanent(rate: float, v: dict, a: Assumptions, tax_year: str) -> tuple:
    """Return a permanent row's (annual cost, annual NIC, reviewed cost, reviewed NIC,
    review month, hire fee in the year, levy pay, reviewed levy pay, the pension short of
    the legal minimum, the bonus parts of the annual and the reviewed cost) with
    ``tax_year``'s figures, the reviewed ones None where no review applies; a bonus part is
    (cost, NIC, levy pay) in £ a year where the bonus is paid in its month, else None.

    ``rate`` is its full-time salary in £ a year and ``v`` its read inputs.
    """
    share, start, end = v["fte"], v["start"], v["end"]
    bonus = a.bonus_rate if v["bonus"] is None else v["bonus"]
    if bonus == GUIDE_BONUS:
        bonus = pay.leadership_equity(v["role"]).at(a.scenario)

    def cost(salary, bonus=bonus):
        # Salary x FTE is pay, money: rounded to the penny before it is costed, and the
        # cost rounded where it becomes money (pence.py).
        c = employment.employer_cost_breakdown(
            to_penny(salary * share), tax_year, a.pension_rate, a.pension_basis.lower(),
            a.benefits_rate, a.levy, bonus, a.bik_rate, a.allowance_rate, a.sacrifice_rate)
        pay = hire_costs.levy_pay(to_penny(salary * share), tax_year, bonus,
                                  a.allowance_rate, a.sacrifice_rate)
        return to_penny(c.total), to_penny(c.nic), to_penny(pay), to_penny(c.pension)

    def bonus_part(salary, full):
        # Paid in its month (pay_timing): the cost with the bonus less the cost without it.
        if a.bonus_month is None or not bonus:
            return None
        return tuple(to_penny(w - wo) for w, wo in zip(full[:3], cost(salary, 0.0)))

    def short(pension):
        # The full basis is a scheme's choice, never below the law's minimum (flagged).
        if a.pension_basis != "Full":
            return 0.0
        least = to_penny(hire_costs.pension_minimum(to_penny(rate * share), tax_year, bonus,
                                                    a.allowance_rate))
        return to_penny(least - pension) if least > pension else 0.0

    now = cost(rate)
    reviewed = reviewed_nic = reviewed_pay = review = later = None
    fy_end = a.fy_end
    if (a.review_month is not None and start < a.review_month <= fy_end
            and (end is None or end >= a.review_month)):
        # 105,000 x 1.035 is 108,674.99999... in binary: the reviewed salary is money.
        lifted = to_penny(rate * (1 + a.review_uplift))
        if lifted * share > inputs.MAX_MONEY:
            raise InvalidValueError(f"The pay review takes the salary to £{lifted * share:,.0f}, "
                                    f"over £1,000,000,000: check the Override rate.")
        reviewed, reviewed_nic, reviewed_pay, _pension = cost(lifted)
        review, later = a.review_month, bonus_part(lifted, (reviewed, reviewed_nic, reviewed_pay))
    fee = 0.0
    if v["status"] != FILLED and a.fy_start <= start <= fy_end:
        rate_of_fee = a.recruitment_fee if v["hire_fee"] is None else v["hire_fee"]
        fee = to_penny(rate_of_fee * to_penny(rate * share))
    return (*now[:2], reviewed, reviewed_nic, review, fee, now[2], reviewed_pay,
            short(now[3]), bonus_part(rate, now), later)


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
    problems, v = read_row(row, a.billable_days)
    read = tuple(v[f] for f in _READ)
    if problems:
        return _failed(joined(problems), read)
    start, end = v["start"], v["end"]
    years = a.month_tax_years
    # The tax years of the months the row is in post (none: the first month's, for its
    # annual figures); a year the data does not hold is a problem, never the latest year.
    if years[0] == years[-1]:  # the months run in order: one year prices them all
        active, needed = (True,) * 12, [years[0]]
    else:
        active = active_months(start, end, a.fy_start)
        needed = sorted({y for y, on in zip(years, active) if on} or {years[0]})
    missing = [y for y in needed if y not in employment.tax_years()]
    if missing:
        return _failed(_not_held(missing[0], years, active, a), read)
    try:
        rate, compa, place, aged = _rate(v, a)
        by_year = {y: _annual(rate, v, row, a, y) for y in needed}
        # The visa's charges are paid once, when the certificate is assigned (the Start),
        # at the rates then in force; a start outside the year pays in another year.
        visa = to_penny(hire_costs.visa_cost(start, a.small_sponsor, a.visa_years)) \
            if v["visa"] and a.fy_start <= start <= a.fy_end else 0.0
    except GuideError as e:
        return _failed(joined([e.render("plan")]), read)
    first, last = by_year[needed[0]], by_year[needed[-1]]
    spread = by_year if a.bonus_month is None else {  # the bonus paid in its month
        y: pay_timing.without_bonus(f) for y, f in by_year.items()}
    annual, nic, reviewed, reviewed_nic, review_from, fee, pay, reviewed_pay = spread[needed[0]][:8]
    shown_review = first[2]
    if len(needed) > 1:
        # Each month priced with its own tax year's annual figures (0 where not in post).
        annual, nic, reviewed, reviewed_nic, pay, reviewed_pay = (
            tuple(spread[y][i] if y in spread and spread[y][i] is not None else 0.0
                  for y in years) for i in (0, 1, 2, 3, 6, 7))
        review_from = next((f[4] for f in by_year.values() if f[4] is not None), None)
        if review_from is None:
            reviewed = reviewed_nic = reviewed_pay = None
        else:
            shown_review = by_year[years[_month_index(a, review_from)]][2]
    pence = phase_pence(annual, start, end, a.fy_start, reviewed=reviewed,
                        review_from=review_from, once=to_penny(fee + visa))
    # Other cost per head: its own pennies a month (so its line adds up), added to each.
    other = phase_pence(12 * a.other_cost, start, end, a.fy_start) if a.other_cost else ()
    pence = [p + o for p, o in zip(pence, other)] if other else pence
    paid = _bonus_paid(by_year, years, start, end, review_from, a)
    for k, (cost, _nic, _pay) in paid.items():
        pence[k] += cost
    months = tuple(p / 100 for p in pence)
    fy = sum(pence) / 100  # whole pence, added exactly
    fy_nic = (year_pence(nic, start, end, a.fy_start, reviewed=reviewed_nic,
                         review_from=review_from) + sum(p[1] for p in paid.values())) / 100 \
        if first[1] or last[1] else 0.0
    return RowFigures(check="", rate=rate, compa_ratio=compa, band_position=place,
                      annual_cost=first[0], annual_nic=first[1], reviewed_cost=shown_review,
                      fee=fee, visa_cost=visa, other_cost=sum(other) / 100, fy_cost=fy,
                      fy_nic=fy_nic, months=months, **dict(zip(_READ, read)),
                      year_end_cost=last[0] if last[2] is None else last[2],
                      levy_pay=(year_pence(pay, start, end, a.fy_start, reviewed=reviewed_pay,
                                           review_from=review_from)
                                + sum(p[2] for p in paid.values())) / 100
                      if first[6] or last[6] else 0.0,
                      rate_aged=pay_timing.aged_words(a.market_movement, aged,
                                                      v["override"] is not None),
                      pension_short=first[8])


def _rate(v: dict, a: Assumptions) -> tuple:
    """Return a row's (Rate, compa-ratio, band position, age factor): the Override rate, or
    the guide band's figure at the scenario's point aged to the row's start (pay_timing),
    £ a year or a day; the ratios place an Override in the aged band (None without one)."""
    rate, band = v["override"], v["band"]  # no band: the override stands in for it
    aged = pay_timing.age_factor(a.market_movement, v["start"], band.mid) \
        if band is not None else 1.0
    if rate is None:
        return to_penny(band.at(a.scenario) * aged), None, None, aged
    if band is None:
        return rate, None, None, aged
    # An Override is never aged: it is placed in the aged band (a band scales as one).
    return rate, band.compa_ratio(rate / aged), band.position(rate / aged), aged


def _annual(rate: float, v: dict, row: PlanRow, a: Assumptions, tax_year: str) -> tuple:
    """Return a row's (annual cost, annual NIC, reviewed cost, reviewed NIC, review month,
    hire fee, levy pay, reviewed levy pay, pension short, the bonus parts of the annual and
    the reviewed cost) with ``tax_year``'s figures (see _permanent; a contractor has no
    NIC, review, fee, pension or bonus)."""
    if v["type"] == CONTRACTOR:
        # Inside IR35 the fee-payer's employer NIC (and levy) come on top of the fees.
        annual = to_penny(employment.contractor_cost(
            rate, a.billable_days * v["fte"], a.agency_fee, ir35=row.ir35,
            tax_year=tax_year, levy=a.levy))
        # Inside IR35 the fee-payer's levy is on the whole fee (employment's model).
        pay = to_penny(rate * a.billable_days * v["fte"]) if v["ir35"] == inputs.INSIDE else 0.0
        return annual, 0.0, None, None, None, 0.0, pay, None, 0.0, None, None
    return _permanent(rate, v, a, tax_year)


def _bonus_paid(by_year: dict, years: tuple, start, end, review_from, a: Assumptions) -> dict:
    """Return the bonus paid in each month it falls in (pay_timing.bonus_payments): {month
    index: (cost, NIC, levy pay) in pence}; empty when the bonus is spread or there is none."""
    if a.bonus_month is None or not any(f[9] for f in by_year.values()):
        return {}
    months = tuple(add_months(a.fy_start, k) for k in range(len(years)))

    def in_force(k):
        f = by_year[years[k]]  # a month paid is one in post: its year is priced
        return f[10] if review_from is not None and months[k] >= review_from and f[10] \
            else f[9] or (0.0, 0.0, 0.0)

    return pay_timing.bonus_payments(months, start, end, a.bonus_month, in_force)


def _month_index(a: Assumptions, month) -> int:
    """Return the index of the fiscal month starting on ``month`` (the first of a month)."""
    return (month.year - a.fy_start.year) * 12 + month.month - a.fy_start.month


def _not_held(label: str, years: tuple, active: tuple, a: Assumptions) -> str:
    """Return the problem of a row in post in a month of tax year ``label``, not in the data."""
    held = employment.known_tax_years()
    k = next((k for k, (y, on) in enumerate(zip(years, active)) if y == label and on), 0)
    return (f"Tax year {label} is not in the data (it holds {held[0]} to {held[-1]}): the "
            f"months from {add_months(a.fy_start, k):%b %Y} cannot be priced. Set a Tax year "
            f"to price every month with one year held, or add {label} to data/tax_years.csv.")
