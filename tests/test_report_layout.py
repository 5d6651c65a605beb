"""The values-only report reads as a finance person would want it (issue 10): each Rate
with its unit, a day rate's pennies, rows with problems highlighted, a Plan that prints on
readable pages, Summary labels clear of their neighbours."""

from datetime import date

import openpyxl
import pytest

from addin.planning import budget, columns
from addin.planning.plan import PlanRow
from addin.sheets import plan_layout
from addin.sheets.plan_layout import COL, FIRST_ROW, HEADER_ROW
from addin.sheets.report import write_report
from addin.sheets.sheet_style import ALERT_FILL
from addin.sheets.summary_sheet import summary_cells

# Money to the penny (kinds.py), with the unit in the format.
YEAR, DAY = '£#,##0.00" /yr"', '£#,##0.00" /day"'


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    rows = [
        # MLOps Engineer, Senior, London: £85,000 - £110,000, mid £97,500 a year.
        PlanRow(id="P-1", role="MLOps Engineer", level="Senior", location="London",
                type="Permanent", start=date(2026, 4, 1), line=4),
        # LLM Engineer, Senior, outside £700 - £900; inside IR35 £560 (700 x 0.80) to
        # £765 (900 x 0.85): mid £662.50 a day.
        PlanRow(id="C-1", role="LLM Engineer", level="Senior", type="Contractor", ir35="Inside",
                start=date(2026, 4, 1), end=date(2026, 9, 30), line=5),
        PlanRow(id="C-2", role="LLM Engineer", level="Senior", type="Contractor", ir35="Outside",
                start=date(2026, 4, 1), override=712.25, line=6),
        PlanRow(id="=BAD", role="Data Wizard", level="Senior", location="London",
                type="Permanent", start=date(2026, 4, 1), line=7),
        # A whole-pound override, as a sheet may hand it over (an int), is a day rate too.
        PlanRow(id="C-3", role="LLM Engineer", level="Senior", type="Contractor", ir35="Outside",
                start=date(2026, 4, 1), override=700, line=8),
    ]
    path = tmp_path_factory.mktemp("layout") / "report.xlsx"
    write_report(budget.price_plan(rows), path)
    return openpyxl.load_workbook(path)


def cell(ws, header, k):
    return ws[f"{COL[header]}{FIRST_ROW + k}"]


def test_a_salary_rate_reads_a_year_and_a_day_rate_a_day_with_its_pennies(report):
    ws = report["Plan"]
    rate = cell(ws, "Rate", 0)
    assert (rate.value, rate.number_format) == (97500, YEAR)
    rate = cell(ws, "Rate", 1)
    assert (rate.value, rate.number_format) == (662.5, DAY)
    assert rate.data_type == "n"  # still a number: the column sorts
    override, rate = cell(ws, "Override rate", 2), cell(ws, "Rate", 2)
    assert (override.value, override.number_format) == (712.25, DAY)
    assert (rate.value, rate.number_format) == (712.25, DAY)
    override, rate = cell(ws, "Override rate", 4), cell(ws, "Rate", 4)
    assert (override.value, override.number_format) == (700, DAY)
    assert (rate.value, rate.number_format) == (700, DAY)


def test_a_row_with_a_problem_has_its_id_and_check_in_the_alert_fill(report):
    ws = report["Plan"]
    alert = ALERT_FILL.fgColor.rgb
    bad_id, bad_check = cell(ws, "ID", 3), cell(ws, "Check", 3)
    assert bad_id.value == "=BAD" and bad_id.data_type == "s" and bad_id.quotePrefix
    assert bad_check.value.startswith('Unknown role "Data Wizard"')
    assert bad_id.fill.fgColor.rgb == bad_check.fill.fgColor.rgb == alert
    for k in (0, 1, 2, 4):
        assert cell(ws, "ID", k).fill.fgColor.rgb != alert
    # A problem row has no rate, so no unit: the Rate cell stays empty.
    assert cell(ws, "Rate", 3).value is None


def test_the_plan_prints_three_a4_landscape_pages_wide_with_headers_ids_teams_and_roles(report):
    ws = report["Plan"]
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize) == ("landscape", 9)  # 9: A4
    # a page of inputs, one of figures, one of months: breaks left of Check and of the first
    # month (zero-based column ids), at one scale (fit-to-width would ignore them in Excel)
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert [b.id for b in ws.col_breaks.brk] == [plan_layout.HEADERS.index("Check"), plan_layout.HEADERS.index("Month 1")]
    assert 10 <= setup.scale < 100
    # ID, Team and Role on every page: the title row in A1 is no longer cut to "Plan, p"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}" and ws.print_title_cols == "$A:$C"
    assert ws.freeze_panes == f"C{FIRST_ROW}"
    assert ws.row_dimensions[HEADER_ROW].height >= 30  # "Compa-ratio" on two lines
    assert all(ws.column_dimensions[COL[h]].hidden for h in columns.READ_HEADERS)
    # "£1,020.00 /day" is 14 characters.
    assert all(ws.column_dimensions[COL[h]].width >= 14 for h in ("Rate", "Override rate"))


def test_summary_labels_do_not_run_into_their_neighbours(report):
    ws = report["Summary"]
    # Right-aligned, "31 Mar 2027" touched "Scenario Mid, ..." in the next cell.
    assert ws["D3"].alignment.horizontal == "left" and ws["E3"].alignment.indent >= 1
    assert ws["E3"].value.startswith("Scenario Mid")
    longest = max(len(label) for _ref, label, *_rest in summary_cells() if label)
    assert ws.column_dimensions["A"].width >= longest + 2
    # The problem list's row number stands clear of the ID beside it (was "7=BAD").
    first = next(c.row for c in ws["A"] if c.value == 7)
    assert ws[f"A{first}"].alignment.horizontal == "left" and ws[f"B{first}"].value == "=BAD"
