"""Planning layer: a filled template seen as cell values by row and column,
read into plan rows and assumptions, and a priced plan laid out as grids of values.

The command line's reader (plan_reader, from the .xlsx file) and xlwings Lite's
``price_plan`` script (from the cells Excel sends) both read through here, so a workbook
is read the same way by both. Dates may be dates, datetimes or Excel serial numbers;
empty cells None.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time

from ..base.errors import InvalidValueError
from ..base.inputs import is_number
from ..guide.against_ours import table_rows
from .assumptions import SETTINGS, Assumptions
from .columns import IN, ROW
from .plan import (
    DATE_HEADERS,
    INPUT_HEADERS,
    OPTIONAL_HEADERS,
    ExcelError,
    PlanRow,
    as_date,
    column_problem,
    error_cell,
    excel_serial,
)

_FORMULA_STARTS = ("=", "+", "-", "@")  # text Excel would enter as a formula

# Where the template puts things (plan_layout adds the columns, with openpyxl).
HEADER_ROW, FIRST_ROW, PLAN_ROWS = 3, 4, 200
LAST_ROW = FIRST_ROW + PLAN_ROWS - 1
#: The Summary's first total (summary_sheet.summary_cells), whose range spans the table.
TABLE_END_CELL = "B5"
_TABLE_RANGE = re.compile(r"Plan!\$?[A-Z]{1,3}\$?(\d+):\$?[A-Z]{1,3}\$?(\d+)")


def number(value: object) -> object:
    """Return ``value``, an integer too large for a float as ±inf (a tool other than Excel
    may write a 400-digit integer: math on it overflows)."""
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    return value


def table_end(formula: object) -> int:
    """Return the last row of the Plan table from the formula of the Summary's first total
    (Excel widens its range when rows are inserted inside the table); LAST_ROW when it
    cannot be read."""
    formula = getattr(formula, "text", formula)  # an array formula's text
    m = _TABLE_RANGE.search(str(formula)) if formula is not None else None
    return int(m.group(2)) if m and int(m.group(1)) == FIRST_ROW else LAST_ROW


def header_columns(head: dict[int, object], where: str) -> dict[str, int]:
    """Return each input header's column (1-based) from the header row's cells ``head``
    (column -> value). Raises InvalidValueError for a repeated or missing header; ``where``
    names the file in the message."""
    out: dict[str, int] = {}
    for c, text in sorted(head.items()):
        if text in INPUT_HEADERS:
            if text in out:
                raise InvalidValueError(
                    f'{where}: the Plan sheet has two "{text}" headers in row {HEADER_ROW} '
                    f"(columns {column_letter(out[text])} and {column_letter(c)}): keep one.")
            out[text] = c
    for h in INPUT_HEADERS:
        if h not in out and h not in OPTIONAL_HEADERS:
            raise InvalidValueError(f'{where}: the Plan sheet has no "{h}" header in row {HEADER_ROW}.')
    if len(out) == len(INPUT_HEADERS):  # (an older template lacks the optional ones)
        moved = column_problem([head.get(c + 1) for c in range(len(INPUT_HEADERS))])
        if moved:  # PLAN_ROW, which reads by position, refuses in the same words
            raise InvalidValueError(f"{where}: {moved}")
    return out


def column_letter(c: int) -> str:
    """Return the letters of column ``c`` (1-based): 1 -> A, 28 -> AB."""
    s = ""
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def below_message(line: int, end: int) -> str:
    """The problem of a filled row below the template's table (rows FIRST_ROW to ``end``)."""
    return (f"Row {line} is below the template's table (rows {FIRST_ROW} to {end}): the "
            f"template's totals leave it out. Insert rows inside the table (Excel widens "
            f"the totals) and copy a row's formulas into them, or price a CSV plan, which "
            f"has no row limit.")


def plan_rows(columns: dict[str, int], body: dict[int, dict[int, object]], end: int) -> list[PlanRow]:
    """Return the Plan's rows from FIRST_ROW: ``body`` maps a sheet row to its cells'
    values by column (rows and cells that hold nothing may be missing); ``columns`` from
    header_columns. Rows to ``end`` are all kept (empty ones blank); below it only filled
    ones, each carrying the problem that the template's totals leave it out."""
    rows = []
    for r in range(FIRST_ROW, max([end, *body]) + 1):
        cells = body.get(r)
        if cells is None:
            if r <= end:
                rows.append(PlanRow(line=r))
            continue
        record = {h: _input(h, cells[c]) for h, c in columns.items() if cells.get(c) is not None}
        row = PlanRow.from_record(record, r)
        error = next((h for h, v in record.items() if isinstance(v, ExcelError)), None)
        if r > end and not row.is_blank():
            row = row._replace(problem=below_message(r, end))
        elif error:  # worded as PLAN_ROW words it
            row = row._replace(problem=error_cell(error, record[error]))
        rows.append(row)
    return rows


def _input(header: str, value: object) -> object:
    """Return an input cell's value as PLAN_ROW is handed it, with a date in Start and End:
    a number whatever the cell's format (5 typed over a date format is 5); an ISO date that
    a tool other than Excel stored as such (t="d") as its serial number elsewhere."""
    value = number(value)
    if header in DATE_HEADERS:
        # Excel sends a date as a serial number where it cannot say the cell is a date
        # (before ExcelApi 1.12), and the file reader reads numbers as numbers.
        if is_number(value) and 1 <= value < 2958466:  # 1900-01-01 to 9999-12-31
            return as_date(value)
        return value
    if isinstance(value, datetime):
        return excel_serial(value.date()) + (value - datetime.combine(value, time())).total_seconds() / 86400
    return value


def assumptions(values: dict[str, object], teams) -> Assumptions:
    """Return the Assumptions from the settings' cell values keyed by defined name
    (assumptions.SETTINGS; a newer setting missing from an older template takes its
    default) and the Teams cells' values (blanks skipped)."""
    fields = {}
    for s in SETTINGS:
        if s.name in values:
            fields[s.field] = number(values[s.name])
        elif s.field not in Assumptions.NEWER:
            raise InvalidValueError(f'The workbook has no "{s.name}" name: is it the headcount '
                                    f"budget template?")
    fields["company"] = fields.get("company") or ""
    return Assumptions(**fields, teams=tuple(t for t in teams if t not in (None, "")))


def read_grid(plan: list[list], settings: dict[str, object], teams, end: int,
              where: str = "The workbook") -> tuple[list[PlanRow], Assumptions]:
    """Return the Plan rows and the Assumptions of a template given as grids of values:
    ``plan`` the Plan sheet's rows from A1, ``settings`` each setting's value by defined
    name, ``teams`` the Teams cells, ``end`` the table's last row. Raises
    InvalidValueError for a Plan without the template's headers."""
    if len(plan) < HEADER_ROW:
        raise InvalidValueError(f"{where}: the Plan sheet has no header row {HEADER_ROW}: is it "
                                f"the headcount budget template?")
    head = {c + 1: v for c, v in enumerate(plan[HEADER_ROW - 1]) if v is not None}
    columns = header_columns(head, where)
    body = {}
    for r, cells in enumerate(plan[HEADER_ROW:], HEADER_ROW + 1):
        kept = {c + 1: v for c, v in enumerate(cells) if v is not None and v != ""}
        if kept:
            body[r] = kept
    return plan_rows(columns, body, end), assumptions(settings, teams)


# --------------------------------------------------------------------------------------
# A priced plan as grids of values (what price_plan writes)
# --------------------------------------------------------------------------------------
def _cell(value: object) -> object:
    """A value as a cell takes it: a date as YYYY-MM-DD text, None as an empty cell, a text
    that Excel would read as a formula (= + - @) behind Excel's text prefix (')."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in _FORMULA_STARTS:
        return "'" + value  # never a user's text entered as a formula
    return value


def priced_plan_grid(b, stamp: str) -> list[list]:
    """Return the priced Plan of budget ``b`` (a budget.Budget) as rows of values: a title
    with ``stamp`` (when and by what it was priced), a blank row, the headers ("Row", the
    Plan's inputs, its figures, the months, the read-backs), then one row per priced row."""
    dicts = b.row_dicts()
    headers = list(dicts[0]) if dicts else [ROW, *INPUT_HEADERS]
    width = len(headers)
    out = [["Plan, priced", *[""] * (width - 1)], [stamp, *[""] * (width - 1)], headers]
    out += [[_cell(d[h]) for h in headers] for d in dicts]
    return [[_cell(v) for v in row] for row in out[:3]] + out[3:]


def summary_grid(b, stamp: str) -> list[list]:
    """Return budget ``b``'s summary as rows of values, two columns wide and more for the
    tables: its fields under their JSON names (see budget.summarise), the by-type, quarter,
    team and role tables, the fiscal years, the months, our bands against the market's
    (when held: against_ours.table_rows) and the rows left out."""
    s = b.summary
    rows: list[list] = [["Summary, priced"], [stamp], []]
    for key, value in s.items():
        if not isinstance(value, (dict, list)):
            rows.append([key, _cell(value)])
    for key in ("by_quarter", "by_team", "by_role"):
        rows += [[], [key]] + [[k, v] for k, v in s[key].items()]
    kinds = list(next(iter(s["by_type"].values()), {}))
    rows += [[], ["by_type", *kinds]] + [[t, *v.values()] for t, v in s["by_type"].items()]
    for key in ("fiscal_years", "months"):  # the horizon's years, then its months
        if s[key]:
            heads = list(s[key][0])
            rows += [[], [key], heads] + [[m[h] for h in heads] for m in s[key]]
    if b.assumptions.bands is not None:  # the Guide sheet's view, as values
        rows += [[], ["our_bands_against_the_market"]] + table_rows(b.assumptions.bands)
    rows += [[], ["problem_rows"], ["row", IN.id, "problem"]]
    rows += [[p["row"], _cell(p[IN.id]), p["problem"]] for p in s["problem_rows"]]
    width = max(len(r) for r in rows)
    return [[_cell(v) for v in r] + [""] * (width - len(r)) for r in rows]
