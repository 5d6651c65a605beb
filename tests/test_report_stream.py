"""The report's streamed rows: the same cells, formats and text safety as cell-by-cell writing."""

from datetime import date

import openpyxl
import pytest

from addin.planning import budget
from addin.planning.plan import PlanRow
from addin.sheets import files, plan_layout, summary_sheet
from addin.sheets.plan_layout import FIRST_ROW
from addin.sheets.report import write_report
from addin.sheets.xlsx_file import stream_rows


def test_streamed_rows_merge_into_existing_rows_in_order():
    xml = ('<worksheet><dimension ref="A1:H46" /><sheetData><row r="1"><c r="A1"/></row>'
           '<row r="45" ht="30"><c r="G45"/></row><row r="46"/></sheetData><x/></worksheet>')
    extra = ("C", 47, iter([(45, '<c r="A45"/>'), (46, '<c r="A46"/>'), (47, '<c r="A47"/>')]))
    out = "".join(stream_rows(xml, extra))
    assert out == ('<worksheet><dimension ref="A1:H47"/><sheetData><row r="1"><c r="A1"/></row>'
                   '<row r="45" ht="30"><c r="A45"/><c r="G45"/></row><row r="46"><c r="A46"/></row>'
                   '<row r="47"><c r="A47"/></row></sheetData><x/></worksheet>')


def test_a_long_problem_list_and_the_role_list_share_rows(tmp_path):
    # 90 teams push the role list down to the rows where the problem list starts (under
    # the Summary's 60 month rows).
    roles = ["AI Engineer", "LLM Engineer", "MLOps Engineer", "Data Engineer"]
    rows = [PlanRow(id=f"R{i}", team=f"Team {i}", role=roles[i % 4], level="Senior",
                    location="London", type="Permanent", start=date(2026, 4, 1)) for i in range(90)]
    rows += [PlanRow(id=f"X{i}", role="Data Wizard", level="Senior", location="London",
                     type="Permanent", start=date(2026, 4, 1), line=100 + i) for i in range(30)]
    b = budget.price_plan(rows)
    path = tmp_path / "r.xlsx"
    write_report(b, path)
    ws = openpyxl.load_workbook(path)["Summary"]
    at = {g: (c.row, h) for c, g, h in ((r[0], r[0].value, r[1].value) for r in ws.iter_rows(
        min_row=summary_sheet.TEAM_HEAD + 1, min_col=7, max_col=8)) if g}
    assert {r: at[r][1] for r in roles} == pytest.approx(b.summary["by_role"], abs=0.005)
    first_problem = summary_sheet.M_LAST + 6
    assert max(at[r][0] for r in roles) > first_problem  # the two lists do share rows
    listed = [r for r in ws.iter_rows(min_row=first_problem, max_col=3, values_only=True) if r[0]]
    assert [(r, i) for r, i, _ in listed] == [(100 + k, f"X{k}") for k in range(30)]
    assert all(p.startswith('Unknown role "Data Wizard"') for *_, p in listed)


def test_streamed_cells_keep_formats_and_text(tmp_path):
    row = PlanRow(id=7, team="=1+1", role="AI Engineer", level="Senior", location="London",
                  type="Permanent", start=date(2026, 10, 1), fte=0.5, override=90000.0,
                  notes="a < b & c", line=4)
    path = tmp_path / "r.xlsx"
    write_report(budget.price_plan([row]), path)
    assert files.is_report(path)
    ws = openpyxl.load_workbook(path)["Plan"]
    r = FIRST_ROW
    assert (ws[f"A{r}"].value, ws[f"B{r}"].value, ws[f"B{r}"].data_type) == (7, "=1+1", "s")
    assert ws[f"B{r}"].quotePrefix and ws[f"Q{r}"].value == "a < b & c"
    assert ws[f"H{r}"].value.date() == date(2026, 10, 1) and ws[f"H{r}"].number_format == "d mmm yyyy"
    # A permanent row's Override rate and Rate are salaries: a year in their format.
    assert ws[f"J{r}"].number_format == "General" and ws[f"L{r}"].number_format == '£#,##0.00" /yr"'
    rate = plan_layout.COL["Rate"]
    assert ws[f"{rate}{r}"].value == 90000 and ws[f"{rate}{r}"].number_format == '£#,##0.00" /yr"'
    april = plan_layout.MONTH_COLS[0]
    assert ws[f"{april}{r}"].value == 0  # April: not yet started
    assert ws.max_row == r + 1 and ws[f"A{r + 1}"].value == "Total"  # the totals row under it
    assert ws[f"{plan_layout.COL['Role read']}{r}"].value == "AI Engineer"
