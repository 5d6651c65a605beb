"""Sheets layer: where things sit in the template, declared once.

The Plan's columns (``COLUMNS``, from planning/columns.py) and the Assumptions sheet's rows
(``ASSUMPTION_ROWS``: assumptions.SETTINGS and the calculated rows) are written by the
template and the report and read back by the plan reader from these tables alone.
"""

from __future__ import annotations

from typing import NamedTuple

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from ..base.inputs import blank_formula
from ..guide.checks import plan_checks
from ..planning import columns
from ..planning.assumptions import SETTINGS, Assumptions
from ..planning.columns import IN, OUT, READ_HEADERS
from ..planning.grid import FIRST_ROW, HEADER_ROW, LAST_ROW, PLAN_ROWS  # noqa: F401  the Plan's table
from .sheet_style import ALERT_FILL, OUTSIDE_FILL, print_setup

TEAM_SLOTS = 12


#: The Plan's columns in sheet order (planning/columns.py declares them: header, width,
#: kind and so number format, and part: input, figure, month or read).
COLUMNS = columns.COLUMNS
HEADERS = columns.HEADERS
MONTH_HEADERS = columns.MONTH_HEADERS  # headed by dates on the sheet
COL = {h: get_column_letter(i + 1) for i, h in enumerate(HEADERS)}
MONTH_COLS = tuple(COL[h] for h in MONTH_HEADERS)
#: The columns the report's totals row adds up: the money that adds across rows (not the
#: Rate, a price, nor After review, shown only for reviewed rows).
TOTALLED = tuple(c.header for c in COLUMNS if c.totalled)
#: PLAN_ROW's cells: every column after the inputs, in order.
CALC_COLUMNS = columns.CALCULATED
#: Where PLAN_ROW's values go, first and last column.
CALC_FIRST, CALC_LAST = COL[CALC_COLUMNS[0].header], COL[CALC_COLUMNS[-1].header]
#: The columns every printed page repeats on its left.
TITLE_COLUMNS = (IN.id, IN.team, IN.role)

#: Each setting's defined name, by its Assumptions field.
NAME = {s.field: s.name for s in SETTINGS}


def _setting(field: str, default: str) -> str:
    """The setting of Assumptions ``field`` as PLAN_ROW and `budget` read it: blank (spaces
    too) is its default (Assumptions' defaults, written as the Excel value ``default``)."""
    name = NAME[field]
    return f"IF({blank_formula(name)},{default},{name})"


def _text(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


class CalculatedRow(NamedTuple):
    """A calculated row of the Assumptions sheet: its defined ``name``, ``label``, ``kind``
    (calc_date or calc_money), ``help``, the setting it follows (``after``, an Assumptions
    field) and its ``formula``; ``ours``: the formula calls one of our functions (a Lite
    script re-enters it on the protected sheet: refresh_functions)."""

    name: str
    label: str
    kind: str
    help: str
    after: str
    formula: str
    ours: bool = False


_DEFAULT = Assumptions()
_FY = _DEFAULT.fy_start
_FY_DATE = f"DATE({_FY.year},{_FY.month},{_FY.day})"
# A blank Tax year prices each month in its own: the Employment Allowance is that of the
# tax year the fiscal year's first month falls in, which starts in the calendar year of the
# month 3 months earlier (January 2027 -> 2026/27, April 2027 -> 2027/28).
_FIRST_MONTHS_YEAR = f"YEAR(EDATE({_setting('fy_start', _FY_DATE)},-3))"
# Every other formula takes the fiscal year from FYEnd, so that an emptied FYStart means
# the default year in the months, the run-rate and the FTE, as it does in PLAN_ROW.
CALCULATED_ROWS = (
    CalculatedRow("FYEnd", "Fiscal year end", "calc_date", "Calculated.", "fy_start",
                  f"=EDATE({_setting('fy_start', _FY_DATE)},12)-1"),
    # The horizon's last day: the fiscal year's end and the months after it (a horizon that
    # is not 12 to 60 leaves the Plan's rows saying so).
    CalculatedRow("HorizonEnd", "Horizon end", "calc_date", "Calculated.", "months",
                  f"=EOMONTH(FYEnd,{_setting('months', str(_DEFAULT.months))}-12)"),
    CalculatedRow("EmploymentAllowance", "Employment Allowance claimed", "calc_money",
                  "Calculated: the tax year's allowance when claimed, else 0.", "claim_ea",
                  f"=EMPLOYMENT_ALLOWANCE({_setting('tax_year', _FIRST_MONTHS_YEAR)},"
                  f"{_setting('claim_ea', _text('Yes' if _DEFAULT.claim_ea else 'No'))})",
                  ours=True),
)


#: The Assumptions sheet's rows, in order: (defined name, label, kind, help): each of
#: assumptions.SETTINGS, and after some of them a calculated row (CALCULATED_ROWS).
def _assumption_rows():
    for s in SETTINGS:
        if s.kind == "team_rates":  # a column of the Teams table, not a row
            continue
        yield s.name, s.label, s.kind, s.help
        for c in CALCULATED_ROWS:
            if c.after == s.field:
                yield c.name, c.label, c.kind, c.help


ASSUMPTION_ROWS = tuple(_assumption_rows())
A_FIRST = 3
A_CELL = {name: f"$B${A_FIRST + i}" for i, (name, *_rest) in enumerate(ASSUMPTION_ROWS)}
TEAMS_HEAD = A_FIRST + len(ASSUMPTION_ROWS) + 1
TEAMS_FIRST, TEAMS_LAST = TEAMS_HEAD + 1, TEAMS_HEAD + TEAM_SLOTS
#: The Teams table's columns: each team's name, then its annual attrition (risk.py).
TEAMS_NAME, TEAMS_ATTRITION = "B", "C"


#: The horizon in months as the sheet reads it (blank: its default), for formulas.
HORIZON = _setting("months", str(_DEFAULT.months))


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
    shown = [c for c in COLUMNS if c.part != "read" and c.header not in TITLE_COLUMNS]
    return (tuple(c.header for c in shown if c.part == "input"),
            tuple(c.header for c in shown if c.part == "figure"),
            tuple(c.header for c in shown if c.part == "month"))


def plan_print(ws, last_row: int) -> None:
    """Print a Plan sheet (template or report) as a person would: the table down to
    ``last_row`` and its visible columns (not the read-backs), on A4 landscape pages of
    the inputs, the figures and the months, with the header row and ID, Team and Role on
    every page (a report hides the months past its horizon: they do not print)."""
    print_setup(ws)
    # Fit-to-width ignores manual breaks (Excel) or puts them where the widths fall
    # (LibreOffice): a break before the figures and one before the months, at one scale
    # that fits the widest page.
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    width = {c.header: c.width for c in COLUMNS}
    titles = sum(_points(width[h]) for h in TITLE_COLUMNS)
    pages = plan_pages()
    widest = max(titles + sum(_points(width[h]) for h in page) for page in pages)
    # 90%: a spreadsheet program's cell padding and rounding take some of the page (LibreOffice
    # with Calibri's metrics, measured: 95% put the last input column on a page of its own)
    ws.page_setup.scale = max(10, min(100, int(90 * _PRINT_WIDTH / widest)))
    for page in pages[1:]:
        ws.col_breaks.append(Break(id=HEADERS.index(page[0])))  # left of that column
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_title_cols = f"A:{COL[TITLE_COLUMNS[-1]]}"
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
    and the compa-ratio of a row to review (guide.checks.plan_checks)."""
    place = f'${COL[OUT.band_position]}{FIRST_ROW}'
    rule = FormulaRule(formula=[f"AND(ISNUMBER({place}),OR({place}<0,{place}>1))"], fill=OUTSIDE_FILL)
    for h in (IN.override, OUT.band_position):
        ws.conditional_formatting.add(f"{COL[h]}{FIRST_ROW}:{COL[h]}{LAST_ROW}", rule)
    # A row to review (the Summary counts them): its compa-ratio far outside the band.
    c = COL[OUT.compa_ratio]
    checks, compa = plan_checks(), f"${c}{FIRST_ROW}"
    review = FormulaRule(formula=[f"AND(ISNUMBER({compa}),OR({compa}<{checks.review_below!r},"
                                  f"{compa}>{checks.review_above!r}))"], fill=ALERT_FILL)
    ws.conditional_formatting.add(f"{c}{FIRST_ROW}:{c}{LAST_ROW}", review)
