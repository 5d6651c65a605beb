"""Command-line layer: a plan's fiscal years and horizon in the `budget` text summary."""

from __future__ import annotations

from datetime import date

from ..base.kinds import text_value
from ..planning.columns import kind_of
from .display import table


def horizon_lines(s: dict) -> list[str]:
    """Return the text summary's lines for a horizon longer than a fiscal year: each fiscal
    year's cost, employer NIC, hire fees, run-rate and FTE at its end, and the horizon's
    totals (the cost and NIC of its years added up); none for a 12-month plan, whose year
    the key figures give."""
    years = s["fiscal_years"]
    if len(years) < 2:
        return []
    fields = ("fy_cost", "fy_nic", "hire_fees", "annual_cost", "fte_year_end")
    rows = [["fiscal year", "cost", "employer NIC", "hire fees", "run-rate at year end",
             "FTE at year end"]]
    rows += [[f"{text_value(date.fromisoformat(y['start']), kind_of('start'))} to "
              f"{text_value(date.fromisoformat(y['end']), kind_of('end'))}",
              *(text_value(y[f], kind_of(f)) for f in fields)] for y in years]
    fees = sum(round(y["hire_fees"] * 100) for y in years) / 100
    rows.append([f"horizon, {s['horizon_months']} months",
                 *(text_value(s[f], kind_of(f)) for f in ("horizon_cost", "horizon_nic")),
                 text_value(fees, kind_of("hire_fees")), "", ""])
    return [table(rows), ""]
