"""Planning layer: pay over time: a bonus paid in its month, and the guide's figures aged by
an assumed market movement (both modelled, not guide figures).

Bonus month (setting "Bonus month"; blank: the bonus is spread over the months with the
rest of the annual cost, as before):

* A permanent row's annual cost splits into its bonus part and the rest: the bonus part is
  the annual cost with the bonus less the annual cost of the same row without it, each to
  the penny (employment.employer_cost_breakdown): the bonus, the employer NIC and levy on
  it, and the pension on it where the basis counts it (qualifying earnings include the
  bonus; the Full basis is a rate of basic salary, so nothing). The rest is spread over
  the months as before; the annual figures are unchanged.
* The bonus year is the twelve months ending with the bonus month. In the bonus month a
  row in post is paid the bonus part of the annual cost in force that month (its salary
  then, with any pay review; that month's tax year's NIC and levy) x its time in post over
  the bonus year, weighted as the spread weights it (each month's days in post / the
  month's days / 12), so a full year in post is paid the whole bonus, and a year whose
  figures do not change costs what the spread costs, to the penny.
* A row whose End falls before the bonus month is paid its share of the bonus year in its
  End month (a leaver's part-year bonus, paid with the last pay).
* Each payment is rounded half up to the penny, its cost, NIC and levy pay each; a month's
  cost is its whole pence of the rest plus the payment; the year is the months' sum.

Market movement (setting "Market movement", an assumed annual rate from -50% to 50%,
default 0: every figure as the guide gives it):

* A guide figure (the band a row prices from, salary or day rate) is aged from the
  edition's as-of month (provenance.toml [guide] as_of) to the month the row starts:
  figure x (1 + rate) ^ (whole months elapsed / 12), compounding, rounded to the penny
  where it becomes the row's Rate. A row that started before the as-of month is priced
  at the guide's figure (a past market is not modelled). An Override rate is never aged;
  its compa-ratio and band position are against the aged band.
* An aged row says so in its "Rate aged" column, with the rate and factor; the text
  summary, the JSON summary and the report's Summary say so too.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from ..base import inputs
from ..base.errors import InvalidValueError
from ..base.pence import half_up, pennies
from .phasing import add_months

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
#: The market movement's bounds, a fraction a year: beyond them it is surely a slip.
MOVEMENT_LIMITS = (-0.5, 0.5)
# The lowest common multiple of 28, 29, 30 and 31: a day is a whole number of these parts
# of any month, so a share of the bonus year is an exact fraction (as phasing's months).
_LCM = 377580


def bonus_month(value) -> int | None:
    """Return a Bonus month setting as its month number 1 to 12 (None: blank, spread):
    a month's name (January, Jan) or number. A date is refused, as the template and
    `budget` read one differently (a serial number, a datetime). Raises InvalidValueError.

    >>> bonus_month("March"), bonus_month(" mar "), bonus_month(3.0), bonus_month(None)
    (3, 3, 3, None)
    """
    if inputs.is_blank(value):
        return None
    number = inputs.number(value)
    if number is not None and number.is_integer() and 1 <= number <= 12:
        return int(number)
    word = inputs.word(value) if isinstance(value, str) else None
    for k, name in enumerate(MONTH_NAMES, 1):
        if word and len(word) >= 3 and name.casefold().startswith(word):
            return k
    raise InvalidValueError(f'Invalid bonus month "{value}": choose a month such as March, or '
                            f"its number 1 to 12 (blank: the bonus is spread over the months).")


def market_movement(value) -> float:
    """Return a Market movement setting as a fraction a year from -0.5 to 0.5 (text "3%"
    as 0.03); raises InvalidValueError.

    >>> market_movement("3%"), market_movement(-0.02)
    (0.03, -0.02)
    """
    number = inputs.rate(value)
    low, high = MOVEMENT_LIMITS
    if number is None or not low <= number <= high:
        shown = f"{value:g}" if isinstance(value, float) else value
        raise InvalidValueError(f'Invalid market movement "{shown}": must be an annual rate '
                                f"from {low:.0%} to {high:.0%}, e.g. 0.03 for 3% a year.")
    return number


def guide_month() -> date:
    """Return the first day of the month the guide edition in use is as of (provenance
    [guide] as_of, checked when the edition loads: "January 2026" or a date)."""
    from ..guide.edition import current_edition

    return current_edition().provenance.as_of_date.replace(day=1)


def age_factor(rate: float, start: date, mid: float = 1.0) -> float:
    """Return what a guide figure is multiplied by at a row starting on ``start``:
    (1 + rate) ^ (whole months from the guide's as-of month to the start's / 12); 1.0
    for a rate of 0 or a start at or before the as-of month. Raises InvalidValueError
    where it takes ``mid`` (the band's mid, £) under a penny or over MAX_MONEY.

    >>> round(age_factor(0.03, date(2027, 1, 20)), 10)  # January 2026 to January 2027
    1.03
    """
    if not rate:
        return 1.0
    since = guide_month()
    months = (start.year - since.year) * 12 + start.month - since.month
    if months <= 0:
        return 1.0
    try:
        factor = (1 + rate) ** (months / 12)
    except OverflowError:  # a start centuries on
        factor = inputs.MAX_MONEY
    if not 0.01 <= mid * factor <= inputs.MAX_MONEY:
        where = "under a penny" if mid * factor < 0.01 else "over £1,000,000,000"
        raise InvalidValueError(f"Market movement {rate:+.2%} a year over {months / 12:.1f} "
                                f"years takes the guide's mid of £{mid:,.2f} {where}: check "
                                f"the Start or the movement.")
    return factor


def aged_words(rate: float, factor: float, override: bool) -> str:
    """Return a row's "Rate aged" cell: "" when nothing is aged, else the rate and factor."""
    return "" if factor == 1.0 else _aged_words(rate, factor, override, guide_month())


@lru_cache(maxsize=1024)  # asked once a row: a plan repeats its starts
def _aged_words(rate: float, factor: float, override: bool, since: date) -> str:
    what = "band aged (Override rate not aged)" if override else "aged"
    return f"{what} {rate:+.2%} a year from {since:%b %Y}: x{factor:.4f}"


def movement_words(rate: float) -> str:
    """Return the plan's market movement in words for the summaries ("" at 0)."""
    if not rate:
        return ""
    return (f"guide figures aged {rate:+.2%} a year from {guide_month():%B %Y} to each row's "
            f"start (assumed, compounding; Override rates not aged)")


def bonus_words(month: int | None) -> str:
    """Return the plan's bonus timing in words for the summaries ("" when spread)."""
    if month is None:
        return ""
    return (f"bonus paid in {MONTH_NAMES[month - 1]} for the twelve months to it, pro rata to "
            f"time in post (modelled)")


def pay_words(a) -> str:
    """Return how the assumptions ``a`` time pay, in words: the market movement and the bonus
    month, "; " between them ("" when neither is set)."""
    return "; ".join(w for w in (movement_words(a.market_movement), bonus_words(a.bonus_month))
                     if w)


@lru_cache(maxsize=4096)  # a plan repeats its start and end dates
def _share(start: date, end: date | None, paid: date) -> int:
    """Return the row's time in post over the bonus year ending with the month starting on
    ``paid``, in _LCM x 12 parts of the year (as phasing weights months)."""
    parts = 0
    for k in range(-11, 1):
        first = add_months(paid, k)
        last = add_months(paid, k + 1) - timedelta(days=1)
        lo, hi = max(start, first), last if end is None else min(end, last)
        if hi >= lo:
            parts += ((hi - lo).days + 1) * (_LCM // last.day)
    return parts


def bonus_payments(months: tuple[date, ...], start: date, end: date | None, month: int,
                   in_force) -> dict[int, tuple[int, int, int]]:
    """Return the bonus paid in each plan month it falls in, by the month's index: (cost,
    NIC, levy pay) in whole pence. ``months`` are the plan months' first days, ``month``
    the bonus month (1 to 12) and ``in_force(k)`` the bonus part of the annual cost in
    force in month ``k`` as (cost, NIC, levy pay) in £ a year."""
    paid = {}
    for k, first in enumerate(months):
        after = add_months(first, 1)
        if start >= after or (end is not None and end < first):
            continue  # not in post in this month
        leaving = end is not None and end < after
        if first.month != month and not leaving:
            continue
        # The bonus year this payment closes: the one ending with the next bonus month.
        closes = add_months(first, (month - first.month) % 12)
        share = _share(start, end, closes)
        paid[k] = tuple(half_up(pennies(part) * share, 12 * _LCM) for part in in_force(k))
    return paid

