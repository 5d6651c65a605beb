"""Planning layer: the plan's months (12 to 60 from the fiscal-year start) and a position's cost
spread over them, each fiscal year of twelve months rounded to the penny on its own."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from ..base.pence import allocate, half_up, pennies
from ..costs.statutory import tax_year_for


def add_months(day: date, months: int) -> date:
    """Return the first day of the month ``months`` after ``day``'s month.

    >>> add_months(date(2026, 11, 1), 3)
    datetime.date(2027, 2, 1)
    """
    years, month = divmod(day.month - 1 + months, 12)
    return date(day.year + years, month + 1, 1)


#: The horizon's bounds in months (assumptions' "Horizon (months)"): one to five fiscal years.
FEWEST_MONTHS, MOST_MONTHS = 12, 60


@lru_cache(maxsize=64)  # asked once per row: 100,000 rows asked 1.2 million times
def fiscal_months(fy_start: date, n: int = 12) -> tuple[date, ...]:
    """Return the first days of the ``n`` months from ``fy_start``."""
    return tuple(add_months(fy_start, k) for k in range(n))


def month_labels(fy_start: date, n: int = 12) -> tuple[str, ...]:
    """Return the month columns' labels, e.g. "Apr 2026" (as the template shows them)."""
    return tuple(m.strftime("%b %Y") for m in fiscal_months(fy_start, n))


@lru_cache(maxsize=64)
def month_tax_years(fy_start: date, n: int = 12) -> tuple[str, ...]:
    """Return the tax year each of the ``n`` months from ``fy_start`` falls in: the one
    holding most of its days, so April is the year that starts on its 6th.

    >>> month_tax_years(date(2029, 1, 1))[2:4]
    ('2028/29', '2029/30')
    """
    return tuple(tax_year_for(m.replace(day=6)) for m in fiscal_months(fy_start, n))


@lru_cache(maxsize=64)
def month_bounds(fy_start: date, n: int = 12) -> tuple[tuple[date, date], ...]:
    """Return the first and last days of the ``n`` months from ``fy_start``."""
    return tuple((m, add_months(m, 1) - timedelta(days=1)) for m in fiscal_months(fy_start, n))


def fiscal_years(fy_start: date, n: int = 12) -> tuple[tuple[date, date], ...]:
    """Return the first and last days of each fiscal year (twelve months; the last may be
    shorter, the horizon ending first) of an ``n``-month horizon from ``fy_start``.

    >>> fiscal_years(date(2026, 4, 1), 18)[1]
    (datetime.date(2027, 4, 1), datetime.date(2027, 9, 30))
    """
    return tuple((add_months(fy_start, k),
                  add_months(fy_start, min(k + 12, n)) - timedelta(days=1))
                 for k in range(0, n, 12))


# 12 x the lowest common multiple of 28, 29, 30 and 31: a month's share of an annual
# cost (/ 12 x days active / days in the month) is a whole number of these parts of a penny,
# so the twelve months are worked exactly, in integers.
_PARTS = 12 * 377580


@lru_cache(maxsize=64)
def _months(fy_start: date, n: int = 12) -> tuple[tuple[date, date, int], ...]:
    """Each month's first and last days and its parts of a penny per day of a £0.01 annual
    cost (_PARTS / 12 / days in the month)."""
    return tuple((m, last, _PARTS // (12 * last.day)) for m, last in month_bounds(fy_start, n))


@lru_cache(maxsize=4096)  # a plan repeats its start and end dates
def _days(start: date, end: date | None, fy_start: date, n: int = 12) -> tuple[int, ...]:
    """Each month's days active x its parts of a penny per day (see _months)."""
    out = []
    for month, last, weight in _months(fy_start, n):
        first_day = start if start > month else month
        last_day = last if end is None or end > last else end
        active = (last_day - first_day).days + 1
        out.append(active * weight if active > 0 else 0)
    return tuple(out)


def active_months(start: date, end: date | None, fy_start: date,
                  n: int = 12) -> tuple[bool, ...]:
    """Return, for each of the ``n`` months, whether a position from ``start`` to ``end``
    (None: no end) is active on at least one of its days."""
    return tuple(d > 0 for d in _days(start, end, fy_start, n))


def _each(annual: float | tuple, n: int) -> list[int]:
    """Return an annual cost in force each month, in pence: one figure for all ``n``, or a
    figure per month (months in several tax years, or after pay reviews)."""
    if isinstance(annual, tuple):
        # A few figures repeat over the months (a salary in a tax year): each made once.
        each = {x: pennies(x) for x in set(annual)}
        return [each[x] for x in annual]
    return [pennies(annual)] * n


def _exact(annual: float | tuple, start: date, end: date | None, fy_start: date,
           reviewed: float | tuple | None, review_from: date | None, n: int) -> list[int]:
    """Return each month's exact cost in _PARTS of a penny (see phase)."""
    days = _days(start, end, fy_start, n)
    if reviewed is None or review_from is None:
        if isinstance(annual, tuple):
            return [b * d for b, d in zip(_each(annual, n), days)]
        base = pennies(annual)
        return [base * d for d in days]
    return [(later if m >= review_from else base) * d
            for (m, _last, _weight), base, later, d
            in zip(_months(fy_start, n), _each(annual, n), _each(reviewed, n), days)]


def _years(exact: list[int]) -> list[int]:
    """Return each fiscal year's cost in whole pence: its twelve months' exact sum (in
    _PARTS of a penny) rounded half up."""
    return [half_up(sum(exact[k:k + 12]), _PARTS) for k in range(0, len(exact), 12)]


def phase_pence(annual: float | tuple, start: date, end: date | None, fy_start: date, *,
                reviewed: float | tuple | None = None, review_from: date | None = None,
                once: float = 0.0, n: int = 12) -> list[int]:
    """Return ``phase`` in whole pence (each fiscal year's twelve add up to its cost in
    pence: year_pence)."""
    exact = _exact(annual, start, end, fy_start, reviewed, review_from, n)
    if n == 12:
        months = allocate(half_up(sum(exact), _PARTS), exact, _PARTS)
    else:  # each fiscal year's pennies allocated among its own months
        months = []
        for k, total in zip(range(0, n, 12), _years(exact)):
            months += allocate(total, exact[k:k + 12], _PARTS)
    if once:
        for k, (month, last, _weight) in enumerate(_months(fy_start, n)):
            if month <= start <= last:
                months[k] += pennies(once)
    return months


def year_pence(annual: float | tuple, start: date, end: date | None, fy_start: date, *,
               reviewed: float | tuple | None = None, review_from: date | None = None,
               n: int = 12) -> list[int]:
    """Return each fiscal year's cost in whole pence: the sum of its months in ``phase``,
    without them (one figure for a 12-month horizon)."""
    return _years(_exact(annual, start, end, fy_start, reviewed, review_from, n))


def phase(annual: float | tuple, start: date, end: date | None, fy_start: date, *,
          reviewed: float | tuple | None = None, review_from: date | None = None,
          once: float = 0.0, n: int = 12) -> tuple[float, ...]:
    """Return the cost in £ of each of the ``n`` months from ``fy_start``, to the penny; each
    fiscal year's twelve add up to the year's cost.

    A month costs the annual cost in force / 12 x (days active in the month / days in the
    month), Start to End inclusive (no End: to the horizon's end). The annual cost in force
    is ``reviewed`` in the months from ``review_from`` (the first day of a month) on, else
    ``annual``; each may be ``n`` figures, one a month (months in several tax years, or
    after yearly pay reviews: month_tax_years); ``once`` (a one-off cost, e.g. a
    recruitment fee) is added to the month that holds ``start``. Each fiscal year's cost is
    the exact sum of its months rounded half up to the penny, and its months are its
    pennies allocated by largest remainder (pence.allocate), so they add up to it to the
    penny, and the horizon's cost is the sum of its fiscal years'.

    >>> phase(120000, date(2026, 9, 16), None, date(2026, 4, 1))[5]
    5000.0
    >>> phase(120000, date(2026, 4, 1), None, date(2026, 4, 1), reviewed=132000,
    ...       review_from=date(2027, 1, 1), once=9000)[::9]
    (19000.0, 11000.0)
    """
    return tuple(m / 100 for m in phase_pence(annual, start, end, fy_start, reviewed=reviewed,
                                              review_from=review_from, once=once, n=n))
