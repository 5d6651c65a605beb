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
              skip=()) -> str:
    """Return the key figures (key_figures.KEY_FIGURES but the keys in ``skip``) as a text
    table: a row a figure, a column each of ``summaries`` (scenario name -> summary dict;
    one: a single run, its column unheaded), each value as ``shown(value, key)`` words it.
    The Employment Allowance is "not claimed" where Assumptions ``a`` do not claim it."""
    heads = list(summaries) if len(summaries) > 1 else [""]

    def figure(s, key):
        if key == "employment_allowance" and not a.claim_ea:
            return "not claimed"
        return shown(s[key], key)

    return table([["key figures", *heads]] + [
        [f.label, *(figure(s, f.key) for s in summaries.values())]
        for f in KEY_FIGURES if f.key not in skip])
