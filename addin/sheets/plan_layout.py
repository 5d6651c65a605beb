"""Workbook layer: where things sit in the template, declared once.

The Plan's columns (``COLUMNS``: header, width, number format, kind) and the Assumptions
sheet's rows (``ASSUMPTION_ROWS``, from assumptions.SETTINGS) are written by the template
and the report and read back by the plan reader from these tables alone.
"""

from __future__ import annotations

from typing import NamedTuple

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from ..base.kinds import FIELDS, excel_format
from ..planning.assumptions import SETTINGS
from ..planning.checks import plan_checks
from ..planning.grid import FIRST_ROW, HEADER_ROW, LAST_ROW, PLAN_ROWS  # noqa: F401  the Plan's table
from ..planning.plan import INPUT_HEADERS
from ..planning.pricing import FIGURE_HEADERS, READ_HEADERS
from .sheet_style import ALERT_FILL, OUTSIDE_FILL, print_setup

TEAM_SLOTS = 12


class Column(NamedTuple):
    """One Plan column: ``kind`` is input (typed by the user), figure (PLAN_ROW's), month
    (PLAN_ROW's, headed by the month's last day) or read (PLAN_ROW's, grouped and hidden:
    the inputs as read, which the Summary adds up)."""

    header: str
    width: float
    fmt: str | None
    kind: str


# Widths; each column's number format is its output kind's (kinds.FIELDS).
_INPUTS = {"ID": 8, "Team": 16, "Role": 22, "Level": 14, "Location": 13, "Type": 12,
           "IR35": 9, "Start": 12, "End": 12, "FTE": 6, "Skills": 24, "Override rate": 12,
           "Bonus": 8, "Hire fee": 8, "Status": 9, "Notes": 24}
# Money columns hold a total in the report's last row: "£12,345,678.90" is 14 characters.
_FIGURES = {"Check": 40, "Rate": 13, "Compa-ratio": 9, "Band position": 9, "Annual cost": 15,
            "Annual NIC": 13, "After review": 15, "Hire fee cost": 13, "FY cost": 15,
            "FY NIC": 13}
_READS = {"Type read": 11, "Role read": 20, "FTE read": 6, "Start read": 11, "End read": 11,
          "Year-end cost": 13}
MONTH_HEADERS = tuple(f"Month {k}" for k in range(1, 13))  # headed by dates on the sheet
COLUMNS = (tuple(Column(h, _INPUTS[h], excel_format(FIELDS[h]), "input") for h in INPUT_HEADERS)
           + tuple(Column(h, _FIGURES[h], excel_format(FIELDS[h]), "figure")
                   for h in FIGURE_HEADERS)
           + tuple(Column(h, 12, excel_format("money"), "month") for h in MONTH_HEADERS)
           + tuple(Column(h, _READS[h], excel_format(FIELDS[h]), "read") for h in READ_HEADERS))
HEADERS = tuple(c.header for c in COLUMNS)
COL = {h: get_column_letter(i + 1) for i, h in enumerate(HEADERS)}
MONTH_COLS = tuple(COL[h] for h in MONTH_HEADERS)
#: The columns the report's totals row adds up: the money that adds across rows (not the
#: Rate, a price, nor After review, shown only for reviewed rows).
TOTALLED = ("Annual cost", "Annual NIC", "Hire fee cost", "FY cost", "FY NIC", *MONTH_HEADERS)
#: PLAN_ROW's cells: every column after the inputs, in order.
CALC_COLUMNS = tuple(c for c in COLUMNS if c.kind != "input")
#: Where PLAN_ROW's values go, first and last column.
CALC_FIRST, CALC_LAST = COL[CALC_COLUMNS[0].header], COL[CALC_COLUMNS[-1].header]

#: The Assumptions sheet's rows, in order: (defined name, label, kind, help). The input
#: rows are assumptions.SETTINGS; two rows are calculated (kind "calc").
def _assumption_rows():
    for s in SETTINGS:
        yield s.name, s.label, s.kind, s.help
        if s.name == "FYStart":
            yield "FYEnd", "Fiscal year end", "calc_date", "Calculated."
        if s.name == "ClaimEA":
            yield ("EmploymentAllowance", "Employment Allowance claimed", "calc_money",
                   "Calculated: the tax year's allowance when claimed, else 0.")


ASSUMPTION_ROWS = tuple(_assumption_rows())
A_FIRST = 3
A_CELL = {name: f"$B${A_FIRST + i}" for i, (name, *_rest) in enumerate(ASSUMPTION_ROWS)}
TEAMS_HEAD = A_FIRST + len(ASSUMPTION_ROWS) + 1
TEAMS_FIRST, TEAMS_LAST = TEAMS_HEAD + 1, TEAMS_HEAD + TEAM_SLOTS


def plan_range(header: str) -> str:
    """The Plan column of ``header`` over the plan rows, e.g. Plan!$R$4:$R$203."""
    c = COL.get(header, header)
    return f"Plan!${c}${FIRST_ROW}:${c}${LAST_ROW}"


#: A4 landscape less the default side margins (0.75 in each): 11.69 - 1.5 inches, in points.
_PRINT_WIDTH = (11.69 - 1.5) * 72


def _points(width: float) -> float:
    """Return a column ``width`` (characters of the default font) in points: 7 pixels a
    character and 5 of padding, at 96 pixels an inch."""
    return (width * 7 + 5) * 0.75


def plan_pages() -> tuple[tuple[str, ...], ...]:
    """Return the Plan's printed pages across: the inputs, the figures, the months (the
    headers after ID, Team and Role, which every page repeats)."""
    shown = [c for c in COLUMNS if c.kind != "read"][3:]
    return (tuple(c.header for c in shown if c.kind == "input"),
            tuple(c.header for c in shown if c.kind == "figure"),
            tuple(c.header for c in shown if c.kind == "month"))


def plan_print(ws, last_row: int) -> None:
    """Print a Plan sheet (template or report) as a person would: the table down to
    ``last_row`` and its visible columns (not the read-backs), on A4 landscape pages of
    the inputs, the figures and the months, with the header row and ID, Team and Role on
    every page."""
    print_setup(ws)
    # Fit-to-width ignores manual breaks (Excel) or puts them where the widths fall
    # (LibreOffice): a break before the figures and one before the months, at one scale
    # that fits the widest page.
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    width = {c.header: c.width for c in COLUMNS}
    titles = sum(_points(width[h]) for h in INPUT_HEADERS[:3])
    pages = plan_pages()
    widest = max(titles + sum(_points(width[h]) for h in page) for page in pages)
    # 90%: a spreadsheet program's cell padding and rounding take some of the page (LibreOffice
    # with Calibri's metrics, measured: 95% put the last input column on a page of its own)
    ws.page_setup.scale = max(10, min(100, int(90 * _PRINT_WIDTH / widest)))
    for page in pages[1:]:
        ws.col_breaks.append(Break(id=HEADERS.index(page[0])))  # left of that column
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_title_cols = f"A:{COL['Role']}"
    ws.print_area = f"A1:{MONTH_COLS[-1]}{last_row}"


def group_read_columns(ws) -> None:
    """Group the read-back columns and collapse them: there for the Summary and for a
    reader who wants to see how a row was read, out of the way otherwise."""
    for h in READ_HEADERS:
        dim = ws.column_dimensions[COL[h]]
        dim.outline_level, dim.hidden = 1, True
    ws.sheet_properties.outlinePr.summaryRight = True


def flag_outside_band(ws) -> None:
    """Highlight an Override rate, and its band position, outside the guide's band (amber),
    and the compa-ratio of a row to review (planning.checks.plan_checks)."""
    place = f'${COL["Band position"]}{FIRST_ROW}'
    rule = FormulaRule(formula=[f"AND(ISNUMBER({place}),OR({place}<0,{place}>1))"], fill=OUTSIDE_FILL)
    for h in ("Override rate", "Band position"):
        ws.conditional_formatting.add(f"{COL[h]}{FIRST_ROW}:{COL[h]}{LAST_ROW}", rule)
    # A row to review (the Summary counts them): its compa-ratio far outside the band.
    checks, compa = plan_checks(), f'${COL["Compa-ratio"]}{FIRST_ROW}'
    review = FormulaRule(formula=[f"AND(ISNUMBER({compa}),OR({compa}<{checks.review_below!r},"
                                  f"{compa}>{checks.review_above!r}))"], fill=ALERT_FILL)
    ws.conditional_formatting.add(f'{COL["Compa-ratio"]}{FIRST_ROW}:{COL["Compa-ratio"]}{LAST_ROW}',
                                  review)
