"""Sheets layer: the values-only report of a priced plan (Summary and Plan sheets, two
charts): no formula, no add-in needed, every text written as text."""

from __future__ import annotations

import math
import textwrap
from datetime import date
from operator import attrgetter
from typing import Iterator, NamedTuple

from openpyxl import Workbook
from openpyxl.styles import Alignment

from ..base.kinds import excel_format
from ..planning.budget import Budget
from ..planning.columns import IN, OUT, ROW, SPREAD
from ..planning.plan import TYPES
from . import files
from .our_bands_sheet import report_view
from .plan_layout import (
    CALC_COLUMNS,
    COL,
    COLUMNS,
    FIRST_ROW,
    HEADER_ROW,
    HEADERS,
    MONTH_COLS,
    TOTALLED,
    flag_outside_band,
    group_read_columns,
    plan_print,
)
from .scenario_sheet import scenario_sheet
from .sheet_style import (
    ALERT_FILL,
    BOLD,
    DATE,
    DAY_RATE,
    MONEY,
    MONTH,
    YEAR_RATE,
    header_cell,
    print_setup,
    text_cell,
    title,
)
from .summary_sheet import (
    M_FIRST,
    M_LAST,
    ROLE_HEAD,
    TEAM_HEAD,
    Y_FIRST,
    Y_TOTAL,
    summary_cells,
    summary_charts,
    summary_frame,
)
from .xlsx_file import StreamStyles, write_zip


class Report(NamedTuple):
    """A report ready to save: the workbook's frame and the rows streamed into it."""

    workbook: Workbook
    splice: dict  # sheet title -> (last column, last row, iterator of (row number, cells XML))


def build_report(b: Budget, scenarios=None) -> Report:
    """Return the report of a priced plan: Summary and Plan sheets, values only, two charts.

    Every figure is a value (no formula, no add-in needed); every text is written as
    text. The Plan sheet has the template's headers; problem rows keep their inputs and
    show the problem in Check. The Plan's rows and the problem list are streamed as XML
    at save time (openpyxl's cell objects cost ~1 KB each: 100,000 rows took 1 GB). With
    ``scenarios`` (scenarios.Scenarios, ``b`` its first) a Scenarios sheet follows the
    Summary: the key figures of each, side by side. With our bands, an Our bands sheet
    follows the Plan: each band against the market's.
    """
    s = b.summary
    wb = Workbook()
    wb.properties.description = files.REPORT_MARK
    ws = wb.active
    ws.title = "Summary"
    problems_from = _summary(ws, s, b.assumptions)
    if scenarios is not None:
        scenario_sheet(wb.create_sheet("Scenarios"), scenarios)

    plan = wb.create_sheet("Plan")
    title(plan, "Plan, priced", "Values only: computed by ukaipay from the plan and its assumptions.")
    total_row = FIRST_ROW + len(b.rows)  # the totals, under the last row
    _plan_frame(plan, s, total_row)
    styles = StreamStyles(plan)
    # Every style the streamed rows use exists before the workbook's styles are saved
    # (the rows are written after): a style made while streaming would have no entry.
    # Made in a fixed order (dict, not set: a set's order follows the hash seed), so the
    # style ids, and the file's bytes, are the same from run to run.
    for fmt in dict.fromkeys((MONEY, DATE, YEAR_RATE, DAY_RATE, *(c.fmt for c in COLUMNS if c.fmt))):
        styles.style(fmt)
    row_number = styles.style("0", align="left")  # not flush against the ID

    # Under the rows left out, the rows to review (priced: in every total), as a list.
    review_from = problems_from + len(s["problem_rows"]) + 1
    listed = [(problems_from + k, p["problem"], p) for k, p in enumerate(s["problem_rows"])]
    if s["review"]:
        listed += [(review_from + 2 + k, p["warning"], p) for k, p in enumerate(s["review_rows"])]

    def problem_rows():
        for r, words, p in listed:
            if r == review_from + 2:
                yield review_from, styles.text("A", review_from,
                                               f"Rows to review ({s['review']}): priced, in "
                                               f"every total")
                yield review_from + 1, "".join(styles.text(c, review_from + 1, h) for c, h in
                                               (("A", ROW), ("B", IN.id), ("C", "Warning")))
            yield r, (styles.styled("A", r, p["row"], row_number) + styles.put("B", r, p[IN.id])
                      + styles.text("C", r, words))

    if b.assumptions.bands is not None:  # the template's Guide sheet view, as values
        report_view(wb.create_sheet("Our bands"), b.assumptions.bands)
    last_col = COL[HEADERS[-1]]
    last_listed = listed[-1][0] if listed else problems_from - 1
    return Report(wb, {"Summary": ("C", last_listed, problem_rows()),
                       "Plan": (last_col, total_row, _plan_cells(b.rows, styles))})


def _summary(ws, s: dict, a) -> int:
    """Write the report's Summary sheet of summary ``s`` and assumptions ``a`` but the rows
    left out; return the sheet row where those rows start (streamed at save time)."""
    summary_frame(ws)
    if a.company:
        text_cell(ws["A2"], a.company)
    ws["A3"] = "Fiscal year from"
    ws["B3"], ws["C3"], ws["D3"] = a.fy_start, "to", a.fy_end
    ws["B3"].number_format = ws["D3"].number_format = DATE
    # Left-aligned dates and an indented scenario: right-aligned, "31 Mar 2027" ran
    # into the next cell's text.
    ws["B3"].alignment = ws["D3"].alignment = Alignment(horizontal="left")
    ws["C3"].alignment = Alignment(horizontal="center")
    text_cell(ws["E3"], f"Scenario {a.scenario}, tax year {a.tax_year_words()}"
                        + (f"; {s['pay_timing']}" if s["pay_timing"] else ""))
    ws["E3"].alignment = Alignment(indent=1)
    for ref, label, _formula, get, kind in summary_cells():
        ws[ref] = get(s)
        if label is not None:
            ws[f"A{ref[1:]}"] = label
        ws[ref].number_format = excel_format(kind)
    teams = list(s["by_team"].items())
    r = TEAM_HEAD + 1
    for team, cost in teams:
        text_cell(ws[f"G{r}"], team or "(no team)")
        ws[f"H{r}"] = cost
        ws[f"H{r}"].number_format = MONEY
        r += 1
    ws[f"G{r}"], ws[f"H{r}"] = "Total", s["fy_cost"]
    ws[f"H{r}"].number_format = MONEY
    role_head = max(ROLE_HEAD, r + 3)
    if role_head != ROLE_HEAD:
        for i, h in enumerate((IN.role, "In-year cost")):
            header_cell(ws.cell(role_head, 7 + i), h)
    r = role_head + 1
    for role, cost in s["by_role"].items():
        text_cell(ws[f"G{r}"], role)
        ws[f"H{r}"] = cost
        ws[f"H{r}"].number_format = MONEY
        r += 1
    ws[f"G{r}"], ws[f"H{r}"] = "Total", s["fy_cost"]
    ws[f"H{r}"].number_format = MONEY
    # The fiscal years and months past the horizon: hidden where the team and role lists
    # beside them leave the row empty (the template's show blank).
    for r in (*range(Y_FIRST + len(s["fiscal_years"]), Y_TOTAL),
              *range(M_FIRST + len(s["months"]), M_LAST + 1)):
        if ws[f"G{r}"].value is None and ws[f"H{r}"].value is None:
            ws.row_dimensions[r].hidden = True
    r = M_LAST + 4
    ws[f"A{r}"] = f"Rows left out ({s['problems']})"
    ws[f"A{r}"].font = BOLD
    for i, h in enumerate((ROW, IN.id, "Problem")):
        header_cell(ws.cell(r + 1, 1 + i), h)
    summary_charts(ws)
    print_setup(ws)
    return r + 2


def _plan_frame(plan, s: dict, last_row: int) -> None:
    """The report's Plan sheet around its rows: headers, widths, groups, print setup."""
    for c in COLUMNS:
        header_cell(plan[f"{COL[c.header]}{HEADER_ROW}"], c.header)
        plan.column_dimensions[COL[c.header]].width = c.width
    for k, m in enumerate(s["months"]):
        cell = plan[f"{MONTH_COLS[k]}{HEADER_ROW}"]
        header_cell(cell, date.fromisoformat(m["end"]))
        cell.number_format = MONTH
    for col in MONTH_COLS[len(s["months"]):]:  # past the horizon: hidden, no header
        plan[f"{col}{HEADER_ROW}"] = None
        plan.column_dimensions[col].hidden = True
    for header in (h for f, hs in SPREAD.items() if f != "months"
                   for h in hs[len(s["fiscal_years"]) - 1:]):
        plan[f"{COL[header]}{HEADER_ROW}"] = None  # later years past the horizon
    plan.row_dimensions[HEADER_ROW].height = 30  # two-line headers print whole
    for h in (OUT.rate, IN.override):  # "£1,020.00 /day" fits
        plan.column_dimensions[COL[h]].width = 14
    group_read_columns(plan)
    flag_outside_band(plan)
    plan.freeze_panes = f"C{FIRST_ROW}"
    plan_print(plan, last_row)


def _plan_cells(rows, styles: StreamStyles) -> Iterator[tuple[int, str]]:
    """Return an iterator of (row number, cells as XML) for each priced row, in column
    order: the inputs as typed, PLAN_ROW's figures, its twelve months, its read-backs;
    then the totals row, each TOTALLED column's sum of the values written above it.

    The styles are made now: the rows are written after the workbook's styles are saved,
    and a style made while streaming would have no entry. The iterator is the hot loop of
    a 100,000-row report: text and money cells inline, the months in one format call.
    """
    money = styles.style(MONEY)
    # The unit of a Rate is the row's type: a salary a year or a day rate.
    unit = {TYPES[0]: styles.style(YEAR_RATE), TYPES[1]: styles.style(DAY_RATE)}
    # The horizon's months (a row's months are as many as the horizon has).
    horizon = next((len(pr.figures.months) for pr in rows if pr.figures.months), 12)
    months = "".join(f'<c r="{col}{{0}}" s="{money}"><v>{{{k}!r}}</v></c>'
                     for k, col in enumerate(MONTH_COLS[:horizon], 1))
    # Each totalled column's values as written (a list: math.fsum adds them exactly).
    totalled = {COL[h]: [] for h in TOTALLED}
    month_values = [totalled[col] for col in MONTH_COLS[:horizon]]
    # The figures' styles first, then the inputs': the order the styles were always made
    # in, so the style ids, and the file's bytes, stay as they were.
    figures = _calculated_cells(styles, "figure", totalled)
    typed = _input_cells(styles)
    reads = _calculated_cells(styles, "read", totalled)
    # characters of a Check line: the column's width in digits (text runs narrower, so a
    # row is never too short for its lines)
    per_line = int(next(c.width for c in COLUMNS if c.header == OUT.check))

    def generate():
        for i, pr in enumerate(rows):
            r = FIRST_ROW + i
            f = pr.figures
            rate_style = unit.get(f.type, money)
            problem = bool(f.check)
            cells = typed(r, pr.row, problem, rate_style)
            figures(cells, r, f, problem, rate_style)
            if f.months and math.isfinite(sum(f.months)):
                cells.append(months.format(r, *f.months))
                for values, v in zip(month_values, f.months):
                    values.append(v)
            elif f.months:
                cells += [styles.put(col, r, v, MONEY) for col, v in zip(MONTH_COLS, f.months)]
            reads(cells, r, f, problem, rate_style)
            if type(f.check) is str and len(f.check) > per_line:
                yield r, "".join(cells), _tall(f.check, per_line)
            else:
                yield r, "".join(cells)
        yield FIRST_ROW + len(rows), total_row(FIRST_ROW + len(rows))

    total_row = _totals_row(styles, totalled)
    return generate()


def _input_cells(styles: StreamStyles):
    """Return a function of (row number, PlanRow, whether it has a problem, its Rate's
    style) that gives the row's input cells as typed, in column order: the ID cell
    carries the alert of a problem row, even blank; an Override rate shows its unit."""
    inputs = [(COL[c.header], c.fmt, c.field) for c in COLUMNS if c.part == "input"]
    text, put, styled = styles.text, styles.put, styles.styled
    alert = styles.style("General", ALERT_FILL, wrap=True)
    alert_quoted = styles.style("General", ALERT_FILL, quoted=True)  # "=1+1" stays text on edit
    id_col, override = COL[IN.id], COL[IN.override]

    def cells(r, row, problem, rate_style) -> list:
        out = []
        for col, fmt, field in inputs:
            value = getattr(row, field)
            if col == id_col and problem:
                if value is None:
                    out.append(f'<c r="{id_col}{r}" s="{alert}"/>')
                else:
                    quoted = type(value) is str and value[:1] in ("=", "+", "-", "@")
                    out.append(styled(id_col, r, value, alert_quoted if quoted else alert))
            elif value is None:
                continue
            elif type(value) is str:
                out.append(text(col, r, value))
            elif col == override and type(value) in (float, int) and math.isfinite(value):
                out.append(f'<c r="{col}{r}" s="{rate_style}"><v>{value!r}</v></c>')
            else:
                out.append(put(col, r, value, fmt))
        return out
    return cells


def _calculated_cells(styles: StreamStyles, part: str, totalled: dict):
    """Return a function that adds a row's PLAN_ROW cells of ``part`` (figure or read) to
    its cells, in column order, each value a totalled column shows kept in ``totalled``."""
    columns = [(COL[c.header], c.fmt) for c in CALC_COLUMNS if c.part == part]
    fields = list(dict.fromkeys(c.field for c in CALC_COLUMNS if c.part == part))
    values_of = attrgetter(*fields) if len(fields) > 1 else lambda f: (getattr(f, fields[0]),)
    # The later fiscal years' (side by side in the read part): a row of a 12-month horizon
    # has none, so its cells skip their columns; a longer one's are spread, blank past it.
    spread = [i for i, f in enumerate(fields) if f in SPREAD]
    plain = columns
    if spread:
        i, j = spread[0], spread[-1] + 1
        widths = [len(SPREAD[f]) for f in fields[i:j]]
        plain = columns[:i] + columns[i + sum(widths):]
    text, put, styled = styles.text, styles.put, styles.styled
    money = styles.style(MONEY)
    wrapped = styles.style("General", wrap=True)  # a long Check stays in its cell
    alert = styles.style("General", ALERT_FILL, wrap=True)
    rate_col, check_col = COL[OUT.rate], COL[OUT.check]

    def pairs(f):
        v = values_of(f)
        if not spread:
            return zip(columns, v)
        if not v[i]:
            return zip(plain, v[:i] + v[j:])
        later = [x for values, width in zip(v[i:j], widths)
                 for x in (*values, *(None,) * (width - len(values)))]
        return zip(columns, (*v[:i], *later, *v[j:]))

    def add(cells, r, f, problem, rate_style):
        for (col, fmt), v in pairs(f):
            if col == check_col and (problem or v):
                cells.append(styled(col, r, v or "", alert if problem else wrapped))
            elif v is None or v == "":
                continue
            elif col == rate_col and type(v) in (float, int) and math.isfinite(v):
                cells.append(f'<c r="{col}{r}" s="{rate_style}"><v>{v!r}</v></c>')
            elif fmt == MONEY and type(v) is float and math.isfinite(v):
                cells.append(f'<c r="{col}{r}" s="{money}"><v>{v!r}</v></c>')
                if col in totalled:
                    totalled[col].append(v)
            else:
                cells.append(text(col, r, v) if type(v) is str else put(col, r, v, fmt))
                if col in totalled and type(v) is int:  # a whole number shown as itself
                    totalled[col].append(v)
    return add


def _tall(check: str, per_line: int) -> str:
    """Return the row attributes of a row tall enough for its wrapped Check: LibreOffice
    keeps a streamed row's default height (one line) and would cut the rest off."""
    return f' ht="{15 * len(textwrap.wrap(check, per_line))}" customHeight="1"'


def _totals_row(styles: StreamStyles, totalled: dict):
    """Return a function of the row number that gives the totals row's cells: "Total" under
    the IDs and each column's exact sum (math.fsum) of the values written above it, bold.
    Its styles are made now, before the workbook's styles are saved."""
    bold, bold_money = styles.style("General", bold=True), styles.style(MONEY, bold=True)

    def cells(r: int) -> str:
        return styles.styled(COL[IN.id], r, "Total", bold) + "".join(
            f'<c r="{col}{r}" s="{bold_money}"><v>{math.fsum(values)!r}</v></c>'
            for col, values in sorted(totalled.items(), key=lambda item: (len(item[0]), item[0])))
    return cells


def write_report(b: Budget, path, *, inputs=(), force: bool = False, scenarios=None) -> None:
    """Write the value-only report of ``b`` at ``path``, atomically (with ``scenarios``,
    its Scenarios sheet: build_report).

    Refuses (files.OutputError) to write over one of ``inputs`` or over an existing file
    that is not a report, unless ``force``.
    """
    files.check_target(path, inputs=inputs, force=force)
    wb, splice = build_report(b, scenarios)
    files.write_atomic(path, writer=lambda f: write_zip(wb, f, splice))

