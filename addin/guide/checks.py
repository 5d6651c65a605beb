"""Guide layer: the bounds a pay or a plan row's rate is checked against (data/plan_checks.csv),
worked from the extremes of the guide edition in use."""

from __future__ import annotations

from collections import namedtuple

from ..base.datafile import Table, bundled_folder
from ..base.memo import memoised
from .edition import current_edition

TYPE_CHECKING = False
if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path

    from .data import Tables


class PlanChecks(namedtuple("PlanChecks", "day_rate_ceiling salary_floor review_below review_above")):
    """The bounds a plan row's rate is checked against (plan_checks.csv; provenance.toml rules
    unit_slips and rows_to_review): a contractor's day rate above ``day_rate_ceiling`` (£ a
    day) or a salary below ``salary_floor`` (£ a year) is a slip; a compa-ratio below
    ``review_below`` or above ``review_above`` a row to review."""

    __slots__ = ()

    def wrong_unit(self, amount: float, per_day: bool) -> bool:
        """Return True where ``amount`` (£) cannot be in its unit: a day rate (``per_day``)
        above the ceiling, a salary (£ a year) below the floor."""
        return amount > self.day_rate_ceiling if per_day else amount < self.salary_floor


_CHECKS = ("day_rate_ceiling_x_highest_day_rate", "salary_floor_x_lowest_salary",
           "review_compa_ratio_below", "review_compa_ratio_above")


def load_plan_checks(folder: Traversable | Path, tables: Tables) -> PlanChecks:
    """Read plan_checks.csv of ``folder``: the bounds, worked from the extremes of an edition's
    ``tables`` (its highest day rate, its lowest printed salary). Raises DataError."""
    t = Table(folder, "plan_checks", ("check", "value"))
    values, seen = {}, {}
    for line, row in t.rows:
        name = t.text(line, row, "check")
        t.unique(seen, name, line)
        if name not in _CHECKS:
            t.fail(line, f"check must be one of {', '.join(_CHECKS)}, found {name!r}")
        values[name] = t.number(line, row, "value")
    missing = [c for c in _CHECKS if c not in values]
    if missing:
        t.fail(0, f"missing {', '.join(missing)}")
    below, above = values[_CHECKS[2]], values[_CHECKS[3]]
    if not below < 1 < above:
        t.fail(0, "the compa-ratios to review must be below 1 and above 1")
    ceiling = values[_CHECKS[0]] * max(r.high for r in tables.day_rates.values())
    floor = values[_CHECKS[1]] * min(r.low for r in tables.salary.values())
    if floor <= ceiling:  # a figure must never be both a plausible salary and day rate
        t.fail(0, f"the salary floor £{floor:,.0f} must be above the day-rate ceiling "
                  f"£{ceiling:,.0f}")
    return PlanChecks(ceiling, floor, below, above)


@memoised(1)  # forgotten when another edition comes into use
def plan_checks() -> PlanChecks:
    """Return the bundled plan checks against the edition in use, loaded once per edition."""
    return load_plan_checks(bundled_folder(), current_edition().tables)
