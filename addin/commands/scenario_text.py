"""Command-line layer: the key figures as a text table, one column a scenario (`budget
--scenarios` puts several side by side; a single run has one)."""

from __future__ import annotations

from typing import Callable

from ..planning.key_figures import KEY_FIGURES
from .display import table


def scenario_words(scenarios) -> str:
    """Return the header's words for a run at several scenarios (scenarios.Scenarios)."""
    names = list(scenarios.summaries)
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    return (f"scenarios {listed} side by side (the rows, their problems and the breakdowns "
            f"at {names[0]})")


def key_table(a, summaries: dict[str, dict], shown: Callable[[object, str], str],
              skip=(), scenarios=None) -> str:
    """Return the key figures (key_figures.KEY_FIGURES but the keys in ``skip``) as a text
    table, a row a figure, each value as ``shown(value, key)`` words it: the one column of
    ``summaries`` (scenario name -> summary dict: a single run), or with ``scenarios``
    (scenarios.Scenarios) a column a scenario, a horizon past 12 months adding each fiscal
    year's cost and the horizon's (Scenarios.side_by_side). The Employment Allowance is
    "not claimed" where Assumptions ``a`` do not claim it; rows outside our band "no bands
    held" without our bands."""
    if scenarios is None:
        heads = [""]
        rows = [(f.label, f.key, [s[f.key] for s in summaries.values()])
                for f in KEY_FIGURES if f.key not in skip]
    else:
        heads, rows = list(scenarios.summaries), scenarios.side_by_side()

    def figure(value, key):
        if key == "employment_allowance" and not a.claim_ea:
            return "not claimed"
        if key == "outside_our_band" and value is None:
            return "no bands held"
        return shown(value, key)

    return table([["key figures", *heads]]
                 + [[label, *(figure(v, key) for v in values)] for label, key, values in rows])
