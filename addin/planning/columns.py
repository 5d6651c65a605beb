"""Planning layer: the Plan's columns, declared once.

Each entry is one column of the Plan sheet, in sheet order: its header (as the template,
a CSV and JSON head it), the PlanRow or RowFigures field it holds, its output kind
(base/kinds.KINDS: rounding, JSON, text and number format), its width on the sheet, and
its part: an ``input`` typed by the user, or a ``figure``, ``month`` or ``read`` cell that
PLAN_ROW writes. The template, the plan readers (by header), PLAN_ROW's argument and
result order, the CSV reader and writer, the report, the JSON and addin.frames all derive
from ``COLUMNS``: adding a column is one entry here plus its rule (plan.py and
row_inputs.py read an input, pricing.py computes a figure).
"""

from __future__ import annotations

from collections import namedtuple
from typing import Callable, NamedTuple

from ..base import inputs
from ..base.kinds import KINDS, Kind
from ..base.kinds import kind_of as _output_kind
from .phasing import MOST_MONTHS

#: The most fiscal years a horizon holds (60 months).
MOST_YEARS = MOST_MONTHS // 12


class Column(NamedTuple):
    """One Plan column; see the module's docstring. ``read`` is how a CSV field of it is
    read (inputs' rules, as a template cell is read; None: text); ``priced``: an input
    that prices a row; ``required``: a CSV plan must have it; ``optional``: a template
    from before it existed lacks it (read as blank); ``totalled``: the report's totals
    row adds it up."""

    header: str
    field: str
    kind: str
    width: float
    part: str
    read: Callable | None = None
    priced: bool = False
    required: bool = False
    optional: bool = False
    totalled: bool = False

    @property
    def fmt(self) -> str | None:
        """Return the cell's number format: its kind's (None: General)."""
        return KINDS[self.kind].excel


def _input(header, field, kind, width, read=None, **flags) -> Column:
    return Column(header, field, kind, width, "input", read, **flags)


def _figure(header, field, kind, width, part="figure", **flags) -> Column:
    return Column(header, field, kind, width, part, **flags)


# Money columns hold a total in the report's last row: "£12,345,678.90" is 14 characters.
COLUMNS = (
    _input("ID", "id", "text", 8),
    _input("Team", "team", "text", 16),
    _input("Role", "role", "text", 22, priced=True, required=True),
    _input("Level", "level", "text", 14, priced=True, required=True),
    _input("Location", "location", "text", 13, priced=True),
    _input("Type", "type", "text", 12, priced=True, required=True),
    _input("IR35", "ir35", "text", 9, priced=True),
    _input("Start", "start", "date", 12, inputs.day, priced=True, required=True),
    _input("End", "end", "date", 12, inputs.day, priced=True),
    _input("FTE", "fte", "fte", 6, inputs.number, priced=True),
    _input("Skills", "skills", "text", 24, priced=True),
    _input("Override rate", "override", "money", 12, inputs.money, priced=True),
    _input("Bonus", "bonus", "rate", 8, inputs.rate, priced=True, optional=True),
    _input("Hire fee", "hire_fee", "rate", 8, inputs.rate, priced=True, optional=True),
    # Yes: a sponsored Skilled Worker (read by inputs.yes_no when priced, as every yes/no).
    _input("Visa", "visa", "text", 7, priced=True, optional=True),
    _input("Status", "status", "text", 9),
    _input("Notes", "notes", "text", 24),
    _figure("Check", "check", "text", 40),
    _figure("Rate", "rate", "money", 13),
    _figure("Priced from", "priced_from", "text", 12),
    _figure("Compa-ratio", "compa_ratio", "ratio", 9),
    _figure("Band position", "band_position", "ratio", 9),
    # A permanent row's Rate against our own band (price_from.py), where we hold one.
    _figure("Compa-ratio (ours)", "compa_ours", "ratio", 10),
    _figure("Band position (ours)", "place_ours", "ratio", 10),
    _figure("Annual cost", "annual_cost", "money", 15, totalled=True),
    _figure("Annual NIC", "annual_nic", "money", 13, totalled=True),
    _figure("After review", "reviewed_cost", "money", 15),  # shown for reviewed rows only
    _figure("Hire fee cost", "fee", "money", 13, totalled=True),
    _figure("Visa cost", "visa_cost", "money", 13, totalled=True),
    _figure("Other cost", "other_cost", "money", 13, totalled=True),
    # The first fiscal year's cost and NIC, then the whole horizon's (the same over 12 months).
    _figure("FY cost", "fy_cost", "money", 15, totalled=True),
    _figure("FY NIC", "fy_nic", "money", 13, totalled=True),
    _figure("Horizon cost", "horizon_cost", "money", 15, totalled=True),
    _figure("Horizon NIC", "horizon_nic", "money", 13, totalled=True),
    # Modelled (planning/risk.py): the horizon cost with start slip, offer acceptance and
    # attrition; equal to it with the settings off.
    _figure("Risk-adjusted cost", "risk_cost", "money", 15, totalled=True),
    # The horizon's months (up to 60), headed by the month's last day on the sheet; those
    # past the horizon are blank.
    *(_figure(f"Month {k}", "months", "money", 12, "month", totalled=True)
      for k in range(1, MOST_MONTHS + 1)),
    # The inputs as read and the annual cost in force at the year's end: the Summary adds
    # these up (a collapsed group of columns on the Plan).
    _figure("Type read", "type", "text", 11, "read"),
    _figure("Role read", "role", "text", 20, "read"),
    _figure("FTE read", "fte", "fte", 6, "read"),
    _figure("Start read", "start", "date", 11, "read"),
    _figure("End read", "end", "date", 11, "read"),
    _figure("Year-end cost", "year_end_cost", "money", 13, "read"),
    # The second to fifth fiscal years' annual cost in force at their end and employer NIC
    # (the first year's are Year-end cost and FY NIC): the Summary's fiscal years add them
    # up; blank past the horizon.
    *(_figure(h, "later_year_end", "money", 13, "read")
      for h in ("Year 2 year-end cost", "Year 3 year-end cost", "Year 4 year-end cost",
                "Year 5 year-end cost")),
    *(_figure(h, "later_nic", "money", 13, "read")
      for h in ("Year 2 NIC", "Year 3 NIC", "Year 4 NIC", "Year 5 NIC")),
    # The pay the Apprenticeship Levy is worked on, inside the fiscal year: the Summary
    # prices the plan's levy against the pay bill outside it.
    _figure("Levy pay", "levy_pay", "money", 13, "read"),
    # A "full" pension basis short of the legal minimum, £ a year: a row to review.
    _figure("Pension short", "pension_short", "money", 12, "read"),
    # A Rate (or, with an Override, its band) aged by the market movement (pay_timing.py):
    # "aged", the rate and the factor; blank where nothing is aged.
    _figure("Rate aged", "rate_aged", "text", 24, "read"),
)

INPUTS = tuple(c for c in COLUMNS if c.part == "input")
#: PLAN_ROW's cells: every column after the inputs, in order.
CALCULATED = tuple(c for c in COLUMNS if c.part != "input")
INPUT_HEADERS = tuple(c.header for c in INPUTS)
#: PlanRow's fields, in column order.
INPUT_FIELDS = tuple(c.field for c in INPUTS)
#: RowFigures' fields, in column order (``months`` one field for sixty columns).
FIGURE_FIELDS = tuple(dict.fromkeys(c.field for c in CALCULATED))
#: The fields spread over several columns, each with its headers: a row's value is a tuple
#: as long as the horizon needs (months: one a month; the later years: one a fiscal year
#: after the first), the columns past it blank.
SPREAD = {f: tuple(c.header for c in CALCULATED if c.field == f)
          for f in FIGURE_FIELDS if sum(c.field == f for c in CALCULATED) > 1}
FIGURE_HEADERS = tuple(c.header for c in CALCULATED if c.part == "figure")
MONTH_HEADERS = tuple(c.header for c in CALCULATED if c.part == "month")
READ_HEADERS = tuple(c.header for c in CALCULATED if c.part == "read")
HEADERS = tuple(c.header for c in COLUMNS)
#: How many cells PLAN_ROW returns for a row.
WIDTH = len(CALCULATED)

#: Each input's header by its PlanRow field: ``IN.override`` is "Override rate".
IN = namedtuple("In", INPUT_FIELDS)(*INPUT_HEADERS)
#: Each calculated column's header by its RowFigures field (not the spread ones):
#: ``OUT.fy_cost`` is "FY cost", ``OUT.type`` is "Type read".
OUT = namedtuple("Out", [f for f in FIGURE_FIELDS if f not in SPREAD])(
    *(c.header for c in CALCULATED if c.field not in SPREAD))
#: A priced row's first key in JSON and on the priced grid: its sheet row or CSV line.
ROW = "Row"

_KINDS = {ROW: "count", **{c.header: c.kind for c in COLUMNS if c.part != "month"}}


def kind_of(field: str, default: str = "money") -> Kind:
    """Return the output Kind of ``field``: a Plan header's column kind, else as
    kinds.kind_of declares it (an undeclared field is ``default``)."""
    kind = _KINDS.get(field)
    return KINDS[kind] if kind else _output_kind(field, default)
