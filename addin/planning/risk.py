"""Planning layer: hiring as it really happens, modelled: start slip, offer acceptance and
attrition with a backfill lag, giving each row a risk-adjusted cost beside its cost as
entered.

The model (every figure it gives is modelled, not a guide or statutory figure; with the
settings at their defaults, slip 0, acceptance 1, attrition 0, it is the cost as entered):

* Start slip: an Open row (a blank Status is Open) starts ``slip_open`` whole months
  after its typed Start, an Offer row ``slip_offer`` months after (the same day of the
  month, or the month's last day); a Filled row starts as typed. The row is priced from
  the slipped start by the one rule (pricing.row_figures: pay, review, tax years, hire
  fee and visa in the slipped start month), its End as typed; a slipped start after its
  End costs nothing. The row's Start and its figures as entered are never changed.
* Offer acceptance (Open rows): each month's cost is multiplied by the acceptance rate
  ``p``, the expected cost of a hire made with probability p (a declined offer's second
  search is not modelled).
* Attrition (permanent rows, Filled or hired): a seat in post loses its holder at
  ``a`` / 12 a month (``a``: its team's annual attrition on the Teams table, else the
  plan-wide rate) and a leaver's seat stays empty for the backfill lag of ``L`` whole
  months. In the month ``n`` whole months after the (slipped) start month, the leavers of
  the last min(n, L) months are not yet replaced, so the month costs (1 - a x min(n, L)
  / 12) of its cost: nothing off in the start month, then a ramp to the steady state of
  a seat vacant a x L / 12 of the time. A backfill's recruitment fee is not modelled;
  with no lag, attrition costs nothing.
* Pence: each risk-adjusted month is the month's pence x p x (1 - a x min(n, L) / 12),
  worked in exact fractions and rounded half up to a whole penny; the row's risk-adjusted
  cost is their sum, so the plan's total adds up to the penny.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from ..base import inputs
from ..base.errors import InvalidValueError
from ..base.pence import half_up
from ..guide.names import is_blank
from .plan import FILLED, OFFER, PERMANENT

#: The most whole months a start may slip, or a seat wait for its backfill.
MOST_SLIP = 24
#: Where the settings' help takes its UK figures (data/provenance.toml, [risk.sources]).
UK_FIGURES = ("a median of 40 days to fill a vacancy and 84% of offers accepted "
              "(SmartRecruiters' 2025 UK recruitment analysis, 20 March 2025)")


def plain(value: object) -> object:
    """Return a number as Excel shows it in text: 5.0 as 5."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def team_key(value: object) -> str:
    """Return the key teams are matched on: as the template's Summary compares them, ignoring
    case and every space character (inputs.SPACES: tabs, line breaks, no-break spaces)
    around the name, a run of them inside it counting as one space.

    >>> team_key("  Data\u00a0\tScience ") == team_key("DATA SCIENCE") == "data science"
    True
    """
    if is_blank(value):
        return ""
    # The Summary's formula: TRIM over SUBSTITUTEs (inputs.space_formula); = ignores case.
    return inputs.squeeze(str(plain(value))).lower()


def whole_months(value: object, what: str) -> int:
    """Return a whole number of months from 0 to 24 (numeric text accepted); raises
    InvalidValueError in one line.

    >>> whole_months("2", "start slip")
    2
    """
    number = inputs.number(value) if isinstance(value, str) else value
    if (not inputs.is_number(number) or number != number or not 0 <= number <= MOST_SLIP
            or number != int(number)):
        raise InvalidValueError(f'Invalid {what} "{value}": must be a whole number of months '
                                f"from 0 to {MOST_SLIP}.")
    return int(number)


def team_rates(value: object, fraction) -> tuple[tuple[str, float], ...]:
    """Return each team's annual attrition as (team as typed, rate from 0 to 1), from the
    Teams table's rows (team, rate), a mapping, or text "Research=20%, Platform=0.1";
    a team without a rate is left out (the plan-wide rate applies to it). ``fraction``
    reads a rate (employment.fraction). Raises InvalidValueError in one line.

    >>> team_rates("Research=20%, Platform=0.1", lambda v, w: float(v.strip('%')) / 100
    ...            if v.endswith('%') else float(v))
    (('Research', 0.2), ('Platform', 0.1))
    """
    if is_blank(value):
        return ()
    if isinstance(value, str):
        pairs = []
        for part in value.split(","):
            team, equals, rate = part.partition("=")
            if not equals or is_blank(team):
                raise InvalidValueError(f'Invalid attrition by team "{value}": give TEAM=RATE '
                                        f'pairs, e.g. "Research=20%,Platform=10%".')
            pairs.append((team, rate))
    elif isinstance(value, dict):
        pairs = list(value.items())
    else:
        pairs = [tuple(row) + (None,) * (2 - len(row)) for row in value]
    out, seen = [], set()
    for team, rate in pairs:
        if is_blank(rate):
            continue
        if is_blank(team):
            raise InvalidValueError(f"Teams: an attrition rate {rate} has no team: type the "
                                    f"team's name beside it, or clear it.")
        name = inputs.squeeze(str(plain(team)))
        if team_key(name) in seen:
            raise InvalidValueError(f'Teams: "{name}" has two attrition rates: keep one.')
        seen.add(team_key(name))
        out.append((name, fraction(rate, f"attrition of team {name}")))
    return tuple(out)


def is_off(a) -> bool:
    """Return True when the Assumptions ``a`` change nothing: every row's risk-adjusted
    cost is its cost as entered."""
    no_attrition = not a.backfill_lag or (not a.attrition
                                          and not any(r for _t, r in a.team_attrition))
    return not a.slip_open and not a.slip_offer and a.acceptance == 1 and no_attrition


def slipped(start: date, months: int) -> date:
    """Return ``start`` moved on ``months`` whole months: the same day of the month, or the
    month's last day.

    >>> slipped(date(2027, 1, 31), 1)
    datetime.date(2027, 2, 28)
    """
    years, month = divmod(start.month - 1 + months, 12)
    year = start.year + years
    return date(year, month + 1, min(start.day, calendar.monthrange(year, month + 1)[1]))


def attrition_of(team: object, a) -> float:
    """Return the annual attrition of ``team`` (its Teams table rate, else the plan-wide)."""
    key = team_key(team)
    return next((r for t, r in a.team_attrition if team_key(t) == key), a.attrition)


@lru_cache(maxsize=64)
def _exact(rate: float) -> tuple[int, int]:
    """A rate as typed, exactly, as (numerator, denominator): 0.8 is 4/5, not the binary
    float's neighbour."""
    f = Fraction(Decimal(repr(rate)))
    return f.numerator, f.denominator


def _as_entered(a):
    """The Assumptions ``a`` with the risk settings off: a slipped row priced as entered."""
    return a._replace(slip_open=0, slip_offer=0, acceptance=1.0, backfill_lag=0)


def adjusted_pence(months: tuple, start: date, fy_start: date, accept: float,
                   attrition: float, lag: int) -> list[int]:
    """Return each month's risk-adjusted cost in whole pence: the month's cost (``months``,
    £, whole pence each, the plan's months from ``fy_start``) x ``accept`` x (1 -
    ``attrition`` x min(n, ``lag``) / 12), n the whole months from ``start``'s month,
    rounded half up.

    >>> adjusted_pence((100.0, 100.0, 100.0, 100.0), date(2026, 4, 1), date(2026, 4, 1),
    ...                0.8, 0.2, 3)
    [8000, 7867, 7733, 7600]
    """
    (pn, pd), (an, ad) = _exact(accept), _exact(attrition)
    first = (start.year - fy_start.year) * 12 + start.month - fy_start.month
    # p x (1 - a x m / 12) = pn x (12 ad - an m) / (pd x 12 ad): integers, exactly.
    below = pd * 12 * ad
    return [half_up(round(cost * 100) * pn * (12 * ad - an * min(max(k - first, 0), lag)),
                    below) for k, cost in enumerate(months)]


def adjusted(figures, row, status: str | None, kind: str, a, price):
    """Return ``figures`` (a priced row's RowFigures, its risk-adjusted cost its FY cost)
    with its risk-adjusted cost in £, or the slipped row's problem (see the module's
    docstring). ``status`` and ``kind`` are the row's Status (None: Open) and Type as
    read; ``price`` is pricing.row_figures, to price the row from its slipped start."""
    if is_off(a):
        return figures
    slip = {FILLED: 0, OFFER: a.slip_offer}.get(status, a.slip_open)
    priced, start = figures, figures.start
    if slip:
        start = slipped(figures.start, slip)
        after_plan = slipped(a.fy_start, len(figures.months))  # the day after its months
        if start >= after_plan or (figures.end is not None and start > figures.end):
            return figures._replace(risk_cost=0.0)  # hired after the plan or the position
        # Priced as entered from the slipped start: the risk settings off, not applied twice.
        priced = price(row._replace(start=start), _as_entered(a))
        if priced.check:  # a problem prices nothing: every figure None, the inputs as read
            read = {f: getattr(figures, f) for f in ("type", "role", "fte", "start", "end")}
            return type(figures)(check=f"Start slipped to {start.isoformat()} (modelled "
                                       f"risk): {priced.check}", **read)
    accept = a.acceptance if status not in (FILLED, OFFER) else 1.0
    attrition = attrition_of(row.team, a) if kind == PERMANENT else 0.0
    pence = adjusted_pence(priced.months, start, a.fy_start, accept, attrition, a.backfill_lag)
    return figures._replace(risk_cost=sum(pence) / 100)
