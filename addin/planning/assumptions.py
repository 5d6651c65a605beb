"""Planning layer: a plan's settings (the template's Assumptions sheet), declared once.

``SETTINGS`` is the one list of them: the template's Assumptions rows and defined names,
PLAN_ROW's arguments, the reader of a filled template and the `budget` command's options
all derive from it, and ``Assumptions.checked`` reads every one of them, whichever front
end it came from.
"""

from __future__ import annotations

from collections import namedtuple
from datetime import date, timedelta
from functools import lru_cache

from ..base import inputs
from ..base.errors import InvalidValueError, UnknownNameError
from ..base.inputs import yes_no
from ..costs import employment, hire_costs
from ..guide.band import parse_point
from ..guide.names import is_blank
from . import pay_timing, price_from, risk
from .phasing import (
    FEWEST_MONTHS,
    MOST_MONTHS,
    add_months,
    fiscal_years,
    month_tax_years,
)
from .plan import PENSION_BASES, setting_date


class Setting(namedtuple("Setting", "field name label kind row help flag default newer",
                         defaults=(None, False))):
    """One setting: its Assumptions ``field``, the template's defined ``name``, the sheet's
    ``label``, its ``kind`` (text, date, month, tax_year, scenario, basis, rate, yes_no,
    days, years, money, months, whole_months, team_rates, month_name, movement), whether it
    prices a row (a PLAN_ROW argument), the sheet's ``help``, the command line's ``flag``
    (None: no option), its ``default`` (a blank cell's value) and whether it is ``newer``
    than the first templates (which lack it: its default applies)."""

    __slots__ = ()


_YEARS = employment.known_tax_years()
SETTINGS = (
    Setting("company", "Company", "Company", "text", False,
            "Your company's name, shown on the Summary.", "--company", default=""),
    Setting("fy_start", "FYStart", "Fiscal year start", "date", True,
            "First day of the fiscal year: the 1st of a month. The Plan has one column per "
            "month.", "--fy-start", default=date(2026, 4, 1)),
    Setting("tax_year", "TaxYear", "Tax year", "tax_year", True,
            f"Blank: each month is priced with the NIC, pension and levy figures of the UK "
            f"tax year it falls in (the data holds {_YEARS[0]} to {_YEARS[-1]}; a later "
            f"month is a problem, never the latest year silently). A year typed here prices "
            f"every month with that one year.", "--tax-year", default=None),
    Setting("scenario", "Scenario", "Scenario", "scenario", True,
            "Point of the guide's band for every row: Low (25th percentile), Mid or High "
            "(75th), or a point from 0 to 1.", "--scenario", default="Mid"),
    Setting("price_from", "PriceFrom", "Price from", "price_from", True,
            "Market: Open and Offer rows without an Override rate are priced at the guide's "
            "band. Ours: at our band (the Our bands sheet, or --bands FILE) where we hold one "
            "for the row's role and level, else the guide's; each row's Priced from says which.",
            "--price-from", default="Market", newer=True),
    Setting("pension_rate", "PensionRate", "Employer pension rate", "rate", True,
            "Employer contribution; 3% is the auto-enrolment minimum.", "--pension-rate",
            default=0.03),
    Setting("pension_basis", "PensionBasis", "Pension basis", "basis", True,
            "Qualifying earnings (£6,240 to £50,270 in 2026/27, bonus included) or Full "
            "(basic) salary.", "--pension-basis", default="Qualifying"),
    Setting("bonus_rate", "BonusRate", "Bonus target", "rate", True,
            "Bonus as a share of salary, permanent rows without their own Bonus: employer NIC "
            "and the levy apply to it. Guidance by company stage is on the Guide sheet.",
            "--bonus-rate", default=0.0, newer=True),
    Setting("benefits_rate", "BenefitsRate", "Benefits rate (no NIC)", "rate", True,
            "NIC-free benefits as a share of salary (e.g. extra employer pension).",
            "--benefits-rate", default=0.0),
    Setting("bik_rate", "BikRate", "Benefits in kind rate", "rate", True,
            "Taxable benefits in kind (e.g. health cover) as a share of salary: Class 1A NIC "
            "applies.", "--bik-rate", default=0.0, newer=True),
    Setting("allowance_rate", "AllowanceRate", "Cash allowances rate", "rate", True,
            "Cash allowances as a share of salary: Class 1 NIC and the levy apply.",
            "--allowance-rate", default=0.0, newer=True),
    Setting("sacrifice_rate", "SacrificeRate", "Pension salary sacrifice", "rate", True,
            "Share of salary sacrificed into pension: the employer saves NIC on it (from "
            "April 2029 on at most £2,000 a year).", "--sacrifice-rate", default=0.0, newer=True),
    Setting("levy", "Levy", "Apprenticeship Levy", "yes_no", True,
            "Yes if your pay bill outside the plan is already over £3m: adds 0.5% of each "
            "salary, and of inside-IR35 fees. Otherwise give the pay bill outside the plan "
            "(below) instead.", "--levy", default=False),
    Setting("billable_days", "BillableDays", "Contractor billable days", "days", True,
            "Days a full-time contractor bills in a year.", "--days", default=220.0),
    Setting("agency_fee", "AgencyFee", "Agency fee rate", "rate", True,
            "Agency margin on contractors' day rates. Inside IR35 the fee-payer's employer NIC "
            "(and levy) are added to the fees as well.", "--agency-fee", default=0.0),
    Setting("recruitment_fee", "RecruitmentFee", "Recruitment fee rate", "rate", True,
            "A permanent hire's agency fee, a share of its first-year base salary (Rate x "
            "FTE), charged once in the start month for Open and Offer rows (never Filled); a "
            "row's Hire fee replaces it. UK agencies typically charge 15% to 25% (modelled: "
            "not a guide figure).", "--recruitment-fee", default=0.0, newer=True),
    Setting("review_month", "ReviewMonth", "Pay review month", "month", True,
            "First month of the pay review (its 1st day): permanent positions that started "
            "before it cost their reviewed salary from it on. Blank: no review.",
            "--review-month", default=None, newer=True),
    Setting("review_uplift", "ReviewUplift", "Pay review uplift", "rate", True,
            "Salary rise at the review, e.g. 3%: bonus, NIC, pension and levy follow the new "
            "salary. Contractors' rates are not reviewed.", "--review-uplift",
            default=0.0, newer=True),
    Setting("small_sponsor", "SmallSponsor", "Small or charitable sponsor", "yes_no", True,
            "Yes if your company is a small sponsor (two of: turnover up to £15m, assets up to "
            "£7.5m, 50 staff or fewer) or a charity: a lower Immigration Skills Charge "
            "(£480 a year against £1,320 from 16 December 2025).", "--small-sponsor",
            default=False, newer=True),
    Setting("visa_years", "VisaYears", "Visa certificate years", "years", True,
            "Length of a Visa row's certificate of sponsorship, which its Immigration Skills "
            "Charge covers upfront (a Skilled Worker's runs at most 5 years; default 5, so the "
            "charge is never short).", "--visa-years", default=5.0, newer=True),
    Setting("pay_bill", "PayBill", "Pay bill outside the plan", "money", True,
            "The year's pay bill of everyone not in the Plan, £. Given, the Summary works the "
            "plan's Apprenticeship Levy against the whole pay bill (0.5% above the £15,000 "
            "allowance, so only over £3m), with Apprenticeship Levy No; blank: no such line.",
            "--pay-bill", default=None, newer=True),
    Setting("other_cost", "OtherCost", "Other cost per head (a month)", "money", True,
            "Equipment, software and space for each position in post (permanent or "
            "contractor, whatever its FTE), £ a month: spread over the days in post like pay, "
            "and shown on its own line. Modelled: not a guide figure.", "--other-cost",
            default=0.0, newer=True),
    Setting("months", "Horizon", "Horizon (months)", "months", True,
            f"How many months the plan covers from the fiscal year start: a whole number from "
            f"{FEWEST_MONTHS} to {MOST_MONTHS}. The Summary gives each fiscal year and the "
            f"horizon's total; a row's FY cost and FY NIC are the first fiscal year's.",
            "--months", default=FEWEST_MONTHS, newer=True),
    Setting("slip_open", "SlipOpen", "Start slip, Open rows (months)", "whole_months", True,
            "Whole months an Open row's hire is expected to start after its typed Start (0 to "
            "24; 0: off): the risk-adjusted cost prices the row from the later start; its "
            "Start and cost as entered stay as typed. Modelled. For reference, UK data: "
            f"{risk.UK_FIGURES}, before any notice period.", "--slip-open", default=0,
            newer=True),
    Setting("slip_offer", "SlipOffer", "Start slip, Offer rows (months)", "whole_months", True,
            "Whole months an Offer row's hire is expected to start after its typed Start (0 to "
            "24; 0: off), e.g. for a notice period. Modelled.", "--slip-offer", default=0,
            newer=True),
    Setting("acceptance", "Acceptance", "Offer acceptance rate (Open rows)", "rate", True,
            "Share of Open rows' offers expected to be accepted: an Open row's risk-adjusted "
            "cost is this share of its cost (100%: off). Modelled; UK data gives 84% (see "
            "the Open rows' start slip).", "--acceptance", default=1.0, newer=True),
    Setting("attrition", "Attrition", "Annual attrition (plan-wide)", "rate", True,
            "Share of permanent staff expected to leave in a year, for teams without a rate "
            "of their own on the Teams table (0%: off). With a backfill lag, a seat is "
            "modelled vacant attrition x lag / 12 of the time, ramping up from its start.",
            "--attrition", default=0.0, newer=True),
    Setting("backfill_lag", "BackfillLag", "Backfill lag (months)", "whole_months", True,
            "Whole months a leaver's seat stays empty before the backfill starts (0 to 24; 0: "
            "attrition costs nothing). Modelled; UK data: a median of 40 days to fill a "
            "vacancy (see the Open rows' start slip).", "--backfill-lag", default=0, newer=True),
    Setting("team_attrition", "TeamAttrition", "Attrition by team", "team_rates", True,
            "Each team's annual attrition (on the Assumptions sheet, beside the team in the "
            "Teams table; on the command line TEAM=RATE pairs, e.g. "
            "\"Research=20%,Platform=10%\"); a team without one takes the plan-wide rate.", "--team-attrition", default=(), newer=True),
    Setting("bonus_month", "BonusMonth", "Bonus month", "month_name", True,
            "Blank: each row's bonus is spread over the months with its pay. A month (March, "
            "or 3): the bonus for the twelve months to it is paid in it, pro rata to time in "
            "post (a leaver's share in the End month), with its NIC, levy and qualifying "
            "pension: when the money is spent, never how much in a full year. Modelled.",
            "--bonus-month", default=None, newer=True),
    Setting("market_movement", "MarketMovement", "Market movement", "movement", True,
            "Assumed annual pay movement, -50% to 50% (default 0: the guide's figures as "
            "given): ages each guide figure from the guide's as-of month to the row's start, "
            "compounding, shown \"aged\" with the rate. Override rates are never aged. "
            "Assumed: not a guide figure.", "--market-movement", default=0.0, newer=True),
    Setting("claim_ea", "ClaimEA", "Claim Employment Allowance", "yes_no", False,
            "Yes if the company can claim it: the Summary takes it off the year's employer "
            "NIC.", "--claim-ea", default=False),
)
#: The settings that price a row: PLAN_ROW's arguments after the row's cells, in order.
ROW_SETTINGS = tuple(s.field for s in SETTINGS if s.row)


class Assumptions(namedtuple("Assumptions", [s.field for s in SETTINGS] + ["teams", "bands"],
                             defaults=[s.default for s in SETTINGS] + [(), None])):
    """The plan-wide settings of the template's Assumptions sheet, with its defaults.

    ``fy_start`` is the first day of a month; ``tax_year`` None (each month priced with
    its own tax year) or a label such as "2026/27" that prices every month;
    ``scenario`` Low, Mid, High or a band point from 0 to 1; rates are fractions (0.03
    for 3%) of each permanent salary: ``bonus_rate`` the bonus target, ``benefits_rate``
    NIC-free benefits, ``bik_rate`` benefits in kind (Class 1A NIC), ``allowance_rate``
    cash allowances (Class 1 NIC and levy), ``sacrifice_rate`` pension salary sacrifice,
    ``recruitment_fee`` a permanent hire's agency fee; ``review_month`` (the first day of
    a month, or None) and ``review_uplift`` give the pay review, which recurs every year in
    that month; ``months`` the horizon, 12 to 60 months; ``levy`` and ``claim_ea``
    (claim the Employment Allowance) are booleans; ``teams`` names the teams the Summary
    lists first; ``bands`` our own pay bands (guide/our_bands.OurBands, None: none held)
    and ``price_from`` "Market" or "Ours" (price_from.py); ``slip_open``, ``slip_offer``, ``acceptance``,
    ``attrition``, ``backfill_lag`` and ``team_attrition`` ((team, rate) pairs) price the
    modelled risk-adjusted cost (risk.py); ``bonus_month`` (1 to 12, or None: spread) and
    ``market_movement`` (a fraction a year, -0.5 to 0.5) time pay (pay_timing.py).
    """

    __slots__ = ()
    #: Settings a template from before they existed lacks: their defaults apply.
    NEWER = tuple(s.field for s in SETTINGS if s.newer)

    def checked(self) -> "Assumptions":
        """Return the assumptions normalised; raise InvalidValueError or UnknownNameError.

        A blank setting (None or spaces, as an empty cell) takes its default, in the
        template's PLAN_ROW and in `budget` alike.

        >>> Assumptions(tax_year="2026-27", scenario="mid").checked().tax_year
        '2026/27'
        """
        a = self._replace(**{field: default for field, default in self._field_defaults.items()
                             if is_blank(getattr(self, field))})
        fy_start = setting_date(a.fy_start, "Fiscal year start")
        if fy_start.day != 1:
            raise InvalidValueError(
                f"Fiscal year start {fy_start.isoformat()} must be the first day of a month.")
        months = horizon_months(a.months)
        # Its months (and the day after them) must fit in the calendar.
        if fy_start.year * 12 + fy_start.month - 1 + months > 9999 * 12 + 11:
            what = "year" if months == FEWEST_MONTHS else f"horizon of {months} months"
            raise InvalidValueError(f"Fiscal year start {fy_start.isoformat()} is too late: "
                                    f"the {what} must end by 9999.")
        scenario = a.scenario
        parse_point(scenario)
        if inputs.word(scenario) in ("low", "mid", "high"):
            scenario = inputs.word(scenario).capitalize()
        basis = a.pension_basis
        if inputs.word(basis) not in ("qualifying", "full"):
            raise UnknownNameError("pension basis", basis, choices=PENSION_BASES)
        review = setting_date(a.review_month, "Pay review month")
        uplift = employment.fraction(a.review_uplift, "pay review uplift")
        if uplift and review is None:
            raise InvalidValueError(f"Pay review uplift {uplift:.4g} needs a pay review month: "
                                    f"enter the month the new salaries start, or clear it.")
        rate = employment.fraction
        return Assumptions(
            company="" if is_blank(a.company) else str(a.company).strip(),
            fy_start=fy_start,
            tax_year=None if a.tax_year is None else employment.resolve_tax_year(a.tax_year),
            scenario=scenario,
            pension_rate=rate(a.pension_rate, "pension rate"),
            pension_basis=inputs.word(basis).capitalize(),
            benefits_rate=rate(a.benefits_rate, "benefits rate"),
            levy=yes_no(a.levy, "Apprenticeship Levy"),
            billable_days=employment.days_a_year(a.billable_days, "contractor billable days"),
            agency_fee=rate(a.agency_fee, "agency fee rate"),
            claim_ea=yes_no(a.claim_ea, "Claim Employment Allowance"),
            teams=tuple(str(t).strip() for t in a.teams if not is_blank(t)),
            bonus_rate=rate(a.bonus_rate, "bonus rate"),
            bik_rate=rate(a.bik_rate, "benefits in kind rate"),
            allowance_rate=rate(a.allowance_rate, "cash allowances rate"),
            sacrifice_rate=rate(a.sacrifice_rate, "salary sacrifice rate"),
            recruitment_fee=rate(a.recruitment_fee, "recruitment fee rate"),
            review_month=None if review is None or not uplift else review.replace(day=1),
            review_uplift=uplift,
            small_sponsor=yes_no(a.small_sponsor, "Small or charitable sponsor"),
            visa_years=hire_costs.certificate_years(
                employment.money(a.visa_years, "visa certificate years")),
            pay_bill=_pay_bill(a),
            other_cost=employment.money(a.other_cost, "other cost per head"),
            months=months, price_from=price_from.read(a.price_from),
            bands=price_from.bands(a.bands),
            slip_open=risk.whole_months(a.slip_open, "start slip for Open rows"),
            slip_offer=risk.whole_months(a.slip_offer, "start slip for Offer rows"),
            acceptance=rate(a.acceptance, "offer acceptance rate"),
            attrition=rate(a.attrition, "annual attrition"),
            backfill_lag=risk.whole_months(a.backfill_lag, "backfill lag"),
            team_attrition=risk.team_rates(a.team_attrition, rate),
            bonus_month=pay_timing.bonus_month(a.bonus_month),
            market_movement=pay_timing.market_movement(a.market_movement))

    @property
    def month_tax_years(self) -> tuple[str, ...]:
        """Return the tax year that prices each month of the horizon: the set Tax year for
        all, else the one each month falls in (phasing.month_tax_years)."""
        if self.tax_year:
            return (self.tax_year,) * self.months
        return month_tax_years(self.fy_start, self.months)

    @property
    def fiscal_years(self) -> tuple[tuple[date, date], ...]:
        """Return each fiscal year of the horizon: its first and last days."""
        return fiscal_years(self.fy_start, self.months)

    @property
    def horizon_end(self) -> date:
        """Return the last day of the horizon."""
        return _horizon_end(self.fy_start, self.months)

    @property
    def review_dates(self) -> tuple[date, ...]:
        """Return the first days of the months of the pay reviews in the horizon: the review
        month and each anniversary of it, the review recurring every year.

        >>> Assumptions(review_month=date(2027, 4, 1), review_uplift=0.03,
        ...             months=36).checked().review_dates
        (datetime.date(2027, 4, 1), datetime.date(2028, 4, 1))
        """
        return _review_dates(self.review_month, self.fy_start, self.months)

    def tax_year_words(self) -> str:
        """Return which tax years price the plan, in words: "2026/27" for a fiscal year in
        one; each year with its months when it spans two; a set year says it is set; a year
        the data does not hold, or whose figures are not all enacted, says so.

        >>> Assumptions(fy_start=date(2026, 4, 1)).tax_year_words()
        '2026/27'
        >>> Assumptions(tax_year="2025/26").tax_year_words()
        '2025/26, set: every month priced with it'
        """
        if self.tax_year:
            return f"{self.tax_year}, set: every month priced with it"
        years = self.month_tax_years
        held = employment.tax_years()
        parts = []
        for label in dict.fromkeys(years):
            first, last = years.index(label), len(years) - 1 - years[::-1].index(label)
            notes = []
            if len(set(years)) > 1:
                notes.append(f"{add_months(self.fy_start, first):%b %Y} to "
                             f"{add_months(self.fy_start, last):%b %Y}")
            if label not in held:
                notes.append("not in the data")
            elif not held[label].enacted:
                notes.append("some figures announced or assumed")
            parts.append(f"{label} ({', '.join(notes)})" if notes else label)
        return " and ".join(parts) + (", each month in its own" if len(parts) > 1 else "")

    @property
    def fy_end(self) -> date:
        """Return the last day of the fiscal year."""
        return add_months(self.fy_start, 12) - timedelta(days=1)


@lru_cache(maxsize=64)  # asked for every row a plan prices
def _horizon_end(fy_start: date, months: int) -> date:
    return add_months(fy_start, months) - timedelta(days=1)


@lru_cache(maxsize=64)
def _review_dates(first: date | None, fy_start: date, months: int) -> tuple[date, ...]:
    if first is None:
        return ()
    end = _horizon_end(fy_start, months)
    return tuple(d for d in (add_months(first, 12 * k) for k in range(months // 12 + 1))
                 if fy_start <= d <= end)


def horizon_months(value) -> int:
    """Return the horizon in months, a whole number from 12 to 60; raises InvalidValueError.

    >>> horizon_months("36")
    36
    """
    number = value if value.__class__ is int else inputs.number(value)
    if number is None or number != int(number) or not FEWEST_MONTHS <= number <= MOST_MONTHS:
        shown = f"{value:g}" if isinstance(value, float) else value
        raise InvalidValueError(f'Invalid horizon (months) "{shown}": must be a whole number of '
                                f"months from {FEWEST_MONTHS} to {MOST_MONTHS}.")
    return int(number)


def _pay_bill(a: Assumptions) -> float | None:
    """Return the pay bill outside the plan in £ (None: not given); raises InvalidValueError
    where the Apprenticeship Levy per head is switched on as well (it would count twice)."""
    if is_blank(a.pay_bill):
        return None
    if yes_no(a.levy, "Apprenticeship Levy"):
        raise InvalidValueError("Pay bill outside the plan works the plan's Apprenticeship Levy "
                                "on the whole pay bill; Apprenticeship Levy Yes adds it per head "
                                "as well: set Apprenticeship Levy to No, or clear the pay bill.")
    return employment.money(a.pay_bill, "pay bill outside the plan")
