"""Planning layer: the Summary's key figures, declared once: each one's key in the budget
summary (budget.summarise; its kind is the key's, base/kinds.FIELDS) and its label.

The template's Summary pairs each with its formula and the report with its value
(sheets/summary_sheet.summary_cells); the `budget` text and addin.frames show them under
the same labels.
"""

from __future__ import annotations

from typing import NamedTuple

from ..base.kinds import Kind, kind_of
from ..guide.checks import plan_checks


class KeyFigure(NamedTuple):
    """A key figure: ``key`` in the budget summary, ``words`` its label, in which
    {review_below} and {review_above} stand for the bounds of a row to review."""

    key: str
    words: str

    @property
    def label(self) -> str:
        """Return the label as every front end words it (the bounds are data:
        checks.plan_checks, read on first use)."""
        if "{" not in self.words:
            return self.words
        checks = plan_checks()
        return self.words.format(review_below=f"{checks.review_below:g}",
                                 review_above=f"{checks.review_above:g}")

    @property
    def kind(self) -> Kind:
        """Return the figure's output kind (kinds.FIELDS declares it by key)."""
        return kind_of(self.key)


#: The key figures in the Summary's order.
KEY_FIGURES = (
    KeyFigure("problems", "Rows with problems (left out of every total)"),
    KeyFigure("priced", "Positions priced"),
    KeyFigure("fy_cost", "In-year cost (fiscal year)"),
    KeyFigure("horizon_cost", "Cost over the horizon (all its months)"),
    KeyFigure("risk_horizon_cost", "Cost over the horizon risk-adjusted (modelled: slip, "
                                   "acceptance, attrition)"),
    KeyFigure("fy_nic", "Employer NIC in the year (permanent)"),
    KeyFigure("employment_allowance", "Less Employment Allowance (when claimed)"),
    KeyFigure("plan_levy", "Plus Apprenticeship Levy on the plan (pay bill outside it given)"),
    KeyFigure("net_fy_cost", "Net in-year cost"),
    KeyFigure("annual_cost", "Annual run-rate at year end"),
    KeyFigure("fte_year_end", "FTE at year end"),
    KeyFigure("hire_fees", "Hire fees in the year (inside the in-year cost)"),
    KeyFigure("visa_costs", "Visa sponsorship in the year (inside the in-year cost)"),
    KeyFigure("other_costs", "Other costs per head in the year (inside the in-year cost)"),
    KeyFigure("review", "Rows to review (Override rate under {review_below} or over "
                        "{review_above} x its band's mid, or pension under the legal minimum)"),
    KeyFigure("outside_year", "Priced rows outside the fiscal year (nothing in it)"),
    KeyFigure("outside_our_band", "Rows outside our band (Rate below its Min or above its Max)"),
)
