"""Domain layer: UK employer costs of a salary and of a contractor, and the perm/contractor equivalents.

The cost model (every rate a fraction, every sum £ a year; figures of the tax year, see
statutory.py and data/provenance.toml):

* salary s is the basic salary before any salary sacrifice; sacrifice x = sacrifice_rate x s
  is paid into the pension by the employer instead of as pay, so pay = s - x;
* bonus = bonus_rate x s; cash allowances = allowance_rate x s; benefits in kind (bik) =
  bik_rate x s; NIC-free benefits (benefits) = benefits_rate x s;
* Class 1 earnings E = pay + bonus + allowances + the part of x above the year's NIC-free
  sacrifice (no cap before 6 April 2029: all of x is NIC-free);
* employer NIC = nic_rate x max(0, E - secondary threshold); levy = levy_rate x E (levy payers);
  Class 1A = class1a_rate x bik;
* employer pension = pension_rate x qualifying earnings of s + bonus + allowances (pay before
  the sacrifice, which meets the statutory minimum on pay after it), or x s on the "full" basis;
* total = pay + nic + pension + levy + benefits + bonus + allowances + bik + class1a + sacrifice.

A contractor costs day_rate x days x (1 + on-costs + fee_rate): outside IR35 no on-costs;
inside IR35 the fee-payer's employer NIC rate (+ the levy rate for a levy payer) on the whole
fee, no secondary threshold, so at most threshold x NIC rate (£750) a year high.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import namedtuple
from functools import lru_cache

from ..base import inputs
from ..base.errors import InvalidValueError, UnknownNameError
from ..base.inputs import MAX_MONEY, finite_number, infinite
from ..base.memo import memoised
from ..guide.pay import _ir35
from .statutory import (  # noqa: F401  (re-exported: the tax-year API predates statutory.py)
    TaxYear,
    _bundled,
    _current_label,
    _year_label,
    default_tax_year,
    employment_allowance,
    known_tax_years,
    resolve_tax_year,
    standing_summary,
    standing_words,
    tax_year_for,
    tax_year_note,
    tax_years,
)

_INF = math.inf
_BASES = ("qualifying", "full")
# The order _parts returns the parts in, after the total.
_COMPONENTS = ("total", "salary", "nic", "pension", "levy", "benefits", "bonus", "allowances",
               "bik", "class1a", "sacrifice")


class EmployerCost(namedtuple("EmployerCost", _COMPONENTS[1:] + ("total",))):
    """An employer's yearly cost of one salary by component, in £ a year; total is their sum.

    salary is pay after any salary sacrifice; sacrifice is the sacrificed pay the employer
    puts into the pension; bik is the value of benefits in kind and class1a the NIC on them.
    """

    __slots__ = ()


def _invalid(what: str, value, rule: str) -> InvalidValueError:
    return InvalidValueError(f'Invalid {what} "{value}": {rule}.')




def money(value, what: str) -> float:
    """Return a sum of money as a float of pounds, from 0 to MAX_MONEY; raises InvalidValueError.

    >>> money("85000", "salary")
    85000.0
    """
    if value.__class__ is float:
        number = value
    else:  # "£85,000", "85k" as typed; anything else is named by _number
        number = inputs.money(value)
        if number is None and isinstance(value, str) and not infinite(value):
            raise _invalid(what, value, "must be a sum of money such as 85000, £85,000 or 85k")
        number = finite_number(value, what) if number is None else number
    if not 0.0 <= number <= MAX_MONEY:
        raise _invalid(what, value, "must be a sum of money from 0 to £1,000,000,000")
    return number


def fraction(value, what: str) -> float:
    """Return a rate as a float from 0 to 1 (numeric text accepted, "15%" as 0.15); raises
    InvalidValueError."""
    number = value if value.__class__ is float else inputs.rate(value)
    number = finite_number(value, what) if number is None else number
    if not 0.0 <= number <= 1.0:
        shown = f"{value:g}" if isinstance(value, float) else value
        if isinstance(value, str) and value.strip().endswith("%"):
            raise _invalid(what, shown, "must be from 0% to 100%")
        # 15 typed for 15% is the usual slip: say what it should be.
        example = (f"{number:g}% is {number / 100:g}" if 1.0 < number <= 100.0 else "0.03 for 3%")
        raise _invalid(what, shown, f"must be a fraction from 0 to 1 ({example})")
    return number


def days_a_year(value, what: str = "days") -> float:
    """Return a number of days a year, from 1 to 366, as a float; raises InvalidValueError."""
    number = value if value.__class__ is float else finite_number(value, what)
    if not 1.0 <= number <= 366.0:
        raise _invalid(what, value, "must be from 1 to 366 days a year")
    return number


def _switch(value, what: str) -> bool:
    return value if value.__class__ is bool else inputs.yes_no(value, what)


def _choice(value, kind: str, choices: tuple[str, ...]) -> str:
    key = inputs.word(value) if isinstance(value, str) else value
    if key not in choices:
        # UnknownNameError lists up to 8 choices itself; the components are more, and few enough.
        listed = "Choose one of: " + ", ".join(f'"{c}"' for c in choices) + "." if len(choices) > 8 else ""
        raise UnknownNameError(kind, value, choices=choices, hint=listed)
    return key


@memoised(256)
def _terms(tax_year, pension_rate, pension_basis, benefits_rate, levy, bonus_rate=0.0, bik_rate=0.0,
           allowance_rate=0.0, sacrifice_rate=0.0) -> tuple:
    """Return (nic_rate, nic_from, pension_rate, pension_from, pension_to, levy_rate,
    benefits_rate, extra); extra is None when bonus, benefits in kind, allowances and
    sacrifice are all 0, else (bonus_rate, allowance_rate, bik_rate, class1a_rate,
    sacrifice_rate, nic_free_sacrifice, bonus_pensionable).

    Rates are fractions, thresholds £ a year. Options are checked here, once per distinct set,
    so that a call with options already seen is one cache hit.
    """
    year = _bundled()[_year_label(tax_year)]
    pension_rate = fraction(pension_rate, "pension rate")
    benefits_rate = fraction(benefits_rate, "benefits rate")
    rates = (fraction(bonus_rate, "bonus rate"), fraction(allowance_rate, "allowance rate"),
             fraction(bik_rate, "benefits-in-kind rate"), year.class1a_rate_pct / 100,
             fraction(sacrifice_rate, "sacrifice rate"), year.sacrifice_nic_free)
    qualifying = _choice(pension_basis, "pension basis", _BASES) == "qualifying"
    if qualifying:
        pension_from, pension_to = year.pension_lower, year.pension_upper
    else:
        pension_from, pension_to = 0.0, _INF
    levy_rate = year.levy_rate_pct / 100 if _switch(levy, "levy") else 0.0
    # The default options take _total's short path: every extra part would be 0.
    extra = None if rates[0] == rates[1] == rates[2] == rates[4] == 0.0 else rates + (qualifying,)
    return (year.nic_rate_pct / 100, year.nic_secondary_threshold, pension_rate,
            pension_from, pension_to, levy_rate, benefits_rate, extra)


def _terms_for(tax_year, pension_rate, pension_basis, benefits_rate, levy, bonus_rate=0.0,
               bik_rate=0.0, allowance_rate=0.0, sacrifice_rate=0.0) -> tuple:
    if tax_year is None:
        tax_year = _current_label()
    return _terms(tax_year, pension_rate, pension_basis, benefits_rate, levy, bonus_rate,
                  bik_rate, allowance_rate, sacrifice_rate)


def _total(salary: float, terms: tuple) -> float:
    nic_rate, nic_from, pension_rate, pension_from, pension_to, levy_rate, benefits_rate, extra = terms
    if extra is not None:
        return _added(_parts(salary, terms))
    nic = (salary - nic_from) * nic_rate if salary > nic_from else 0.0
    pension = ((salary if salary < pension_to else pension_to) - pension_from) * pension_rate \
        if salary > pension_from else 0.0
    return salary + nic + pension + levy_rate * salary + benefits_rate * salary


def _added(parts: tuple[float, ...]) -> float:
    """Return the sum of ``parts`` added left to right, as the short path of _total adds them
    (sum() compensates rounding from Python 3.12, which would make the two paths differ)."""
    total = 0.0
    for part in parts:
        total += part
    return total


def _earnings(salary: float, extra) -> tuple[float, float, float, float]:
    """Return (Class 1 earnings, pensionable earnings, and their slopes in salary) at ``salary``."""
    if extra is None:
        return salary, salary, 1.0, 1.0
    bonus_rate, allowance_rate, _, _, sacrifice_rate, nic_free, qualifying = extra
    cash = bonus_rate * salary + allowance_rate * salary
    earnings = (salary - sacrifice_rate * salary) + cash
    slope = 1.0 - sacrifice_rate + bonus_rate + allowance_rate
    if sacrifice_rate * salary > nic_free:
        earnings += sacrifice_rate * salary - nic_free
        slope += sacrifice_rate
    if qualifying:
        return earnings, salary + cash, slope, 1.0 + bonus_rate + allowance_rate
    return earnings, salary, slope, 1.0


def _parts(salary: float, terms: tuple) -> tuple[float, ...]:
    """Return the parts of the cost of ``salary`` in _COMPONENTS order (salary to sacrifice), £ a year."""
    nic_rate, nic_from, pension_rate, pension_from, pension_to, levy_rate, benefits_rate, extra = terms
    earnings, pensionable, _, _ = _earnings(salary, extra)
    nic = (earnings - nic_from) * nic_rate if earnings > nic_from else 0.0
    pension = ((pensionable if pensionable < pension_to else pension_to) - pension_from) * pension_rate \
        if pensionable > pension_from else 0.0
    levy, benefits = levy_rate * earnings, benefits_rate * salary
    if extra is None:
        return salary, nic, pension, levy, benefits, 0.0, 0.0, 0.0, 0.0, 0.0
    bonus_rate, allowance_rate, bik_rate, class1a_rate, sacrifice_rate, _, _ = extra
    bik, sacrifice = bik_rate * salary, sacrifice_rate * salary
    return (salary - sacrifice, nic, pension, levy, benefits, bonus_rate * salary,
            allowance_rate * salary, bik, class1a_rate * bik, sacrifice)


# The default of the newer rates, compared by identity on the hot path: an omitted rate is
# this very object, so the memo key stays the five original options (a shorter key is faster).
_ZERO = 0.0


def employer_cost(salary, tax_year=None, pension_rate=0.03, pension_basis="qualifying",
                  benefits_rate=0.0, levy=False, component="total", bonus_rate=_ZERO,
                  bik_rate=_ZERO, allowance_rate=_ZERO, sacrifice_rate=_ZERO) -> float:
    """Return an employer's yearly cost of ``salary`` (£ a year), or one component of it, in £ a year.

    NIC is 15% above £5,000 of salary, bonus (``bonus_rate`` x salary) and cash allowances
    (``allowance_rate`` x salary); pension is ``pension_rate`` of qualifying earnings (£6,240
    to £50,270 of salary, bonus and allowances) or, with ``pension_basis="full"``, of the basic
    salary; NIC-free benefits are ``benefits_rate`` x salary; benefits in kind ``bik_rate`` x
    salary plus Class 1A NIC on them; ``sacrifice_rate`` of the salary is sacrificed into the
    pension, free of NIC (up to the year's cap); the 0.5% Apprenticeship Levy is added on
    Class 1 earnings when ``levy`` is true. Rates are fractions from 0 to 1. ``component`` is
    total, salary (pay after sacrifice), nic, pension, levy, benefits, bonus, allowances, bik,
    class1a or sacrifice. Figures are those of ``tax_year`` (default: the current one). Not
    rounded; the module docstring gives the whole model.

    Raises InvalidValueError for a bad number or rate, UnknownNameError for an unknown tax
    year, pension basis or component.

    >>> round(employer_cost(85000, "2026/27"), 2), employer_cost(85000, "2026/27", component="nic")
    (98320.9, 12000.0)
    >>> round(employer_cost(85000, "2026/27", bonus_rate=0.15), 2)
    112983.4
    """
    if salary.__class__ is not float or not 0.0 <= salary <= MAX_MONEY:
        salary = money(salary, "salary")
    # _terms_for inlined: a call less on the hot path.
    if tax_year is None:
        tax_year = _current_label()
    if bonus_rate is _ZERO and bik_rate is _ZERO and allowance_rate is _ZERO and sacrifice_rate is _ZERO:
        terms = _terms(tax_year, pension_rate, pension_basis, benefits_rate, levy)
    else:
        terms = _terms(tax_year, pension_rate, pension_basis, benefits_rate, levy, bonus_rate,
                       bik_rate, allowance_rate, sacrifice_rate)
    if component == "total":
        return _total(salary, terms)
    part = _choice(component, "component", _COMPONENTS)
    if part == "total":
        return _total(salary, terms)
    return _parts(salary, terms)[_COMPONENTS.index(part) - 1]


def _breakdown(salary: float, terms: tuple) -> EmployerCost:
    parts = _parts(salary, terms)
    # Summed in _total's order, so the total is the very float employer_cost returns.
    return EmployerCost(*parts, _added(parts))


def employer_cost_breakdown(salary, tax_year=None, pension_rate=0.03, pension_basis="qualifying",
                            benefits_rate=0.0, levy=False, bonus_rate=0.0, bik_rate=0.0,
                            allowance_rate=0.0, sacrifice_rate=0.0) -> EmployerCost:
    """Return every component of ``employer_cost`` and their total, in £ a year.

    Takes and raises as employer_cost (without ``component``).

    >>> employer_cost_breakdown(30000, "2026/27").nic
    3750.0
    """
    return _breakdown(money(salary, "salary"),
                      _terms_for(tax_year, pension_rate, pension_basis, benefits_rate, levy,
                                 bonus_rate, bik_rate, allowance_rate, sacrifice_rate))


@memoised(64)
def _on_costs(ir35, tax_year, levy) -> float:
    """Return the fee-payer's on-cost rate of a contractor's fees: 0 outside IR35; inside, the
    employer NIC rate of ``tax_year`` plus its levy rate when ``levy`` is true."""
    status = _ir35(ir35)
    year = _bundled()[_year_label(tax_year)]
    levy_rate = year.levy_rate_pct / 100 if _switch(levy, "levy") else 0.0
    return year.nic_rate_pct / 100 + levy_rate if status == "inside" else 0.0


def _on_costs_for(ir35, tax_year, levy) -> float:
    if ir35 == "outside" and tax_year is None and levy is False:
        return 0.0  # the default: nothing to check or look up
    return _on_costs(ir35, _current_label() if tax_year is None else tax_year, levy)


def contractor_cost(day_rate, days=220, fee_rate=0.0, ir35="outside", tax_year=None, levy=False) -> float:
    """Return a contractor's yearly cost to the client in £: day rate x days x (1 + on-costs + fee rate).

    Outside IR35 there are no on-costs. Inside IR35 (``ir35`` "inside" or True) ``day_rate``
    is the contractor's effective rate (DAYRATE's inside rate) and the fee-payer adds employer
    NIC at the rate of ``tax_year`` (default: current) and, when ``levy`` is true, the levy, on
    the whole fee: no secondary threshold, so at most £750 a year high. The agency fee is on
    the rate, not on the on-costs.

    Raises InvalidValueError for a negative rate, days outside 1 to 366, a fee rate outside
    0 to 1 or a bad IR35 status; UnknownNameError for an unknown tax year.

    >>> contractor_cost(650)
    143000.0
    >>> round(contractor_cost(662.5, 1, ir35="inside", tax_year="2026/27"), 3)
    761.875
    """
    fees = money(day_rate, "day rate") * days_a_year(days)
    # Three products, not fees x 1.15: 662.50 x 0.15 is exactly 99.375 in floats, so the
    # penny of a day cost such as 761.875 rounds as worked by hand, where x 1.15 falls short.
    return fees + fees * _on_costs_for(ir35, tax_year, levy) + fees * fraction(fee_rate, "fee rate")


def on_cost_rate(ir35="outside", tax_year=None, levy=False) -> float:
    """Return what the fee-payer adds to a contractor's fees, as a fraction of them: 0 outside
    IR35; inside, the employer NIC rate of ``tax_year`` (default: current), plus the levy
    rate when ``levy`` is true.

    Raises as contractor_cost.

    >>> on_cost_rate("inside", "2026/27"), on_cost_rate("inside", "2026/27", levy=True)
    (0.15, 0.155)
    """
    return _on_costs_for(ir35, tax_year, levy)


def _slope(salary: float, terms: tuple) -> float:
    """Return the rise of _total per £1 of salary at ``salary`` (inside a straight piece)."""
    nic_rate, nic_from, pension_rate, pension_from, pension_to, levy_rate, benefits_rate, extra = terms
    earnings, pensionable, e_slope, p_slope = _earnings(salary, extra)
    # Ordered as the old sum, so the default options give the very same floats.
    slope = 1.0 + levy_rate * e_slope + benefits_rate + (nic_rate * e_slope if earnings > nic_from else 0.0) \
        + (pension_rate * p_slope if pension_from < pensionable < pension_to else 0.0)
    if extra is not None:
        bonus_rate, allowance_rate, bik_rate, class1a_rate, _, _, _ = extra
        slope += bonus_rate + allowance_rate + bik_rate + class1a_rate * bik_rate
    return slope


@lru_cache(maxsize=256)
def _pieces(terms: tuple) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]:
    """Return the salaries where the straight pieces of the cost curve start (lowest first, the
    first at 0), the costs there and the slopes of the pieces."""
    nic_rate, nic_from, pension_rate, pension_from, pension_to, levy_rate, benefits_rate, extra = terms
    _, _, e_slope, p_slope = _earnings(0.0, extra)
    # Where Class 1 earnings cross the threshold, before and after the sacrifice cap bites,
    # where the cap bites, and where pensionable earnings cross the qualifying band.
    knees = {nic_from / e_slope if e_slope > 0 else _INF, pension_from / p_slope, pension_to / p_slope}
    if extra is not None and extra[4] > 0 and extra[5] < _INF:
        sacrifice_rate, nic_free = extra[4], extra[5]
        knees |= {nic_free / sacrifice_rate, (nic_from + nic_free) / (e_slope + sacrifice_rate)}
    starts = tuple(sorted({0.0} | {k for k in knees if 0.0 < k < _INF}))
    costs = tuple(_total(start, terms) for start in starts)
    ends = starts[1:] + (starts[-1] + 2.0,)
    slopes = tuple(_slope((a + b) / 2, terms) for a, b in zip(starts, ends))
    return starts, costs, slopes


def perm_equivalent(day_rate, days=220, tax_year=None, pension_rate=0.03, pension_basis="qualifying",
                    benefits_rate=0.0, levy=False, fee_rate=0.0, ir35="outside", bonus_rate=0.0,
                    bik_rate=0.0, allowance_rate=0.0, sacrifice_rate=0.0) -> float:
    """Return the salary (£ a year) whose employer cost equals the contractor's (contractor_cost).

    The same tax year and levy switch price both sides. Exact: the cost rises in straight
    pieces between the NIC, sacrifice-cap and pension thresholds, so the piece holding the
    contractor cost is found and its line solved. Not rounded. Raises as employer_cost and
    contractor_cost.

    >>> round(perm_equivalent(650, tax_year="2026/27"), 2)
    123851.39
    >>> round(perm_equivalent(650, tax_year="2026/27", fee_rate=0.15), 2)
    142503.57
    """
    target = contractor_cost(day_rate, days, fee_rate, ir35, tax_year, levy)
    terms = _terms_for(tax_year, pension_rate, pension_basis, benefits_rate, levy, bonus_rate,
                       bik_rate, allowance_rate, sacrifice_rate)
    starts, costs, slopes = _pieces(terms)
    # costs[0] is 0 and the target is never negative, so i is never below 0.
    i = bisect_right(costs, target) - 1
    return starts[i] + (target - costs[i]) / slopes[i]


def dayrate_equivalent(salary, days=220, tax_year=None, pension_rate=0.03, pension_basis="qualifying",
                       benefits_rate=0.0, levy=False, fee_rate=0.0, ir35="outside", bonus_rate=0.0,
                       bik_rate=0.0, allowance_rate=0.0, sacrifice_rate=0.0) -> float:
    """Return the day rate (£ a day) whose contractor_cost over ``days`` (with ``fee_rate``
    and, inside IR35, the on-costs) equals the employer cost of ``salary``.

    Raises as employer_cost and contractor_cost.

    >>> round(dayrate_equivalent(123851.39, tax_year="2026/27"), 2)
    650.0
    """
    cost = employer_cost(salary, tax_year, pension_rate, pension_basis, benefits_rate, levy, "total",
                         bonus_rate, bik_rate, allowance_rate, sacrifice_rate)
    return cost / (days_a_year(days) * (1.0 + _on_costs_for(ir35, tax_year, levy)
                                        + fraction(fee_rate, "fee rate")))
