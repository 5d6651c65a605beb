"""Planning layer: one plan priced at several scenario points, side by side (`budget
--scenarios`, the template Summary's Low, Mid and High).

Each scenario is budget.price_plan with the Assumptions' scenario replaced, so each one's
summary equals a single run at that scenario to the penny.
"""

from __future__ import annotations

from collections import namedtuple
from datetime import date

from ..base import inputs
from ..base.errors import InvalidValueError
from ..guide.band import parse_point
from .assumptions import Assumptions
from .budget import Budget, PricedRow, summarise
from .key_figures import KEY_FIGURES
from .pricing import row_figures

#: The template Summary's scenarios, side by side.
LOW_MID_HIGH = ("Low", "Mid", "High")
#: At most this many scenarios in one run: each prices the whole plan again.
MAX_SCENARIOS = 10
#: The key figures the template's Summary shows a scenario a column: all but the rows
#: with problems, which the Summary counts once (rows below the table too).
SIDE_BY_SIDE = tuple(f for f in KEY_FIGURES if f.key != "problems")


def parse_scenarios(text: object) -> tuple[str, ...]:
    """Return the scenarios of a comma-separated list, e.g. "low,mid,high" or
    "0.25,0.5,0.9": each named as Assumptions.checked names it (Low, Mid, High in any case;
    a point from 0 to 1 as typed). Raises InvalidValueError, in one line, for an empty
    list or item, a word or number that is not a point, one point listed twice, or more
    than MAX_SCENARIOS.

    >>> parse_scenarios(" LOW, mid ,0.9")
    ('Low', 'Mid', '0.9')
    """
    items = [item.strip() for item in str(text if text is not None else "").split(",")]
    if not any(items):
        raise InvalidValueError("Scenarios: give a list such as low,mid,high or 0.25,0.5,0.9.")
    names, points = [], {}
    for item in items:
        if not item:
            raise InvalidValueError(f'Scenarios "{text}": an empty item; separate the '
                                    f"scenarios with single commas, e.g. low,mid,high.")
        try:
            point = parse_point(item)
        except InvalidValueError as e:
            raise InvalidValueError(f'Scenarios "{text}": {e}') from None
        name = inputs.word(item).capitalize() if inputs.word(item) in ("low", "mid", "high") \
            else item
        if point in points:
            raise InvalidValueError(f'Scenarios "{text}": {name} is the same point as '
                                    f"{points[point]}: list each point once.")
        points[point] = name
        names.append(name)
    if len(names) > MAX_SCENARIOS:
        raise InvalidValueError(f'Scenarios "{text}": {len(names)} scenarios; at most '
                                f"{MAX_SCENARIOS} in one run (each prices the whole plan).")
    return tuple(names)


class Scenarios(namedtuple("Scenarios", "first summaries")):
    """A plan priced at several scenarios: ``first`` the first scenario's Budget (its rows
    are what the report and the JSON show), ``summaries`` each scenario's summary dict
    (budget.summarise) by name (as parse_scenarios gives it), in the order listed."""

    __slots__ = ()

    def side_by_side(self) -> list[tuple[str, str, list]]:
        """Return the figures side by side, (label, the summary key whose kind they have,
        [the value in each scenario]): the key figures (key_figures.KEY_FIGURES, the
        horizon's cost among them), then for a horizon past 12 months each fiscal year's
        cost."""
        every = list(self.summaries.values())
        out = [(f.label, f.key, [s[f.key] for s in every]) for f in KEY_FIGURES]
        first = every[0]
        if first["horizon_months"] > 12:
            for k, year in enumerate(first["fiscal_years"]):
                day = date.fromisoformat(year["start"])
                out.append((f"Cost, fiscal year from {day.day} {day:%b %Y}", "fy_cost",
                            [s["fiscal_years"][k]["fy_cost"] for s in every]))
        return out


def price_scenarios(rows, assumptions: Assumptions | None, scenarios) -> Scenarios:
    """Return the plan ``rows`` (PlanRow) priced at each of ``scenarios`` (names or points,
    see parse_scenarios), every other setting from ``assumptions`` (default: the
    template's). Blank rows are skipped; only the first scenario's priced rows are kept
    (a 100,000-row plan's are some 90 MB), the others give their summaries. Raises
    InvalidValueError or UnknownNameError for bad assumptions.

    >>> from datetime import date
    >>> from addin.planning.plan import PlanRow
    >>> row = PlanRow(role="AI Engineer", level="Senior", location="London",
    ...               type="Permanent", start=date(2026, 4, 1))
    >>> s = price_scenarios([row], None, ("Low", "High"))
    >>> s.first.rows[0].rate, list(s.summaries)  # the guide's 95,000 (to 125,000)
    (95000.0, ['Low', 'High'])
    """
    base = assumptions or Assumptions()
    checked = {name: base._replace(scenario=name).checked() for name in scenarios}
    if not checked:
        raise InvalidValueError("Scenarios: give at least one, e.g. low,mid,high.")
    kept = [r for r in rows if not r.is_blank()]
    first, summaries = None, {}
    # Scenario by scenario, each row read again: reading each row once for all of them
    # was 25% faster but held every row's inputs as read beside the priced rows (20,000
    # rows: 64 MB at the peak against 37 MB; benchmarks/bench_scenarios.py).
    for name, a in checked.items():
        if first is None:
            priced = [PricedRow(r, row_figures(r, a)) for r in kept]
            first = Budget(priced, summarise(priced, a), a)
            summaries[name] = first.summary
        else:  # its priced rows are let go as soon as they are summed up
            summaries[name] = summary_at(kept, a)
    return Scenarios(first, summaries)


def summary_at(rows, a: Assumptions, price=row_figures) -> dict:
    """Return the summary (budget.summarise) of the plan ``rows`` (PlanRow; blank ones
    skipped) priced with checked assumptions ``a``, each row by ``price(row, a)`` (the
    Excel layer passes a memoised row_figures): price_plan's summary, to the penny."""
    priced = [PricedRow(r, price(r, a)) for r in rows if not r.is_blank()]
    return summarise(priced, a)
