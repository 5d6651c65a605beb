"""The template prints cleanly (issue 12, item 9): headings with their text, whole
headers, the sources line on the page, readable xlwings.conf and Summary lines."""

import openpyxl
import pytest

from addin.packaging.template_file import write_template


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("print") / "template.xlsx"
    write_template(path)
    return openpyxl.load_workbook(path)


def test_start_here_keeps_how_costs_are_worked_out_with_its_paragraph(template):
    ws = template["Start here"]
    heading = next(c.row for c in ws["A"] if c.value == "How costs are worked out")
    assert [b.id for b in ws.row_breaks.brk] == [heading - 1]


def test_guide_headers_print_two_lines_and_the_sources_line_wraps_on_the_page(template):
    ws = template["Guide"]
    assert "A3:K3" in {str(m) for m in ws.merged_cells.ranges} and ws["A3"].alignment.wrap_text
    header_rows = {c.row for row in ws.iter_rows(min_row=8) for c in row
                   if c.column <= 4 and c.value in ("Low", "Tax year", "Discount from %")}
    assert header_rows and all(ws.row_dimensions[r].height >= 30 for r in header_rows)


def test_xlwings_conf_prints_both_words(template):
    ws = template["xlwings.conf"]
    # Unset, the column is Excel's default 8.43 characters: "UDF Moduladdin.udfs" on paper.
    # (openpyxl makes a 13-wide entry on first access: ask whether the file has one first.)
    assert "A" in ws.column_dimensions and ws.column_dimensions["A"].width > len("UDF Modules")


def test_summary_scenario_line_starts_clear_of_the_date(template):
    assert template["Summary"]["E3"].alignment.indent >= 1


# Issue 16, section 8: the Plan on paper, template and report.

def test_the_template_plan_prints_its_table_three_pages_wide_with_id_team_and_role(template):
    from addin.sheets.plan_layout import COL, HEADER_ROW, HEADERS, LAST_ROW, MONTH_COLS

    ws = template["Plan"]
    # the 200-row table and its visible columns, up to the last month (not the read-backs)
    assert ws.print_area == f"'Plan'!$A$1:${MONTH_COLS[-1]}${LAST_ROW}"
    assert (ws.print_title_rows, ws.print_title_cols) == (f"${HEADER_ROW}:${HEADER_ROW}", "$A:$C")
    assert [COL[h] for h in ("ID", "Team", "Role")] == ["A", "B", "C"]
    # a page of inputs, one of figures, one of months: breaks left of Check and of the first
    # month (zero-based column ids), at one scale (fit-to-width would ignore them in Excel)
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert [b.id for b in ws.col_breaks.brk] == [HEADERS.index("Check"), HEADERS.index("Month 1")]
    assert 10 <= ws.page_setup.scale < 100


def test_the_xlwings_conf_sheet_is_hidden_so_it_prints_no_page(template):
    assert template["xlwings.conf"].sheet_state == "hidden"
    assert template["xlwings.conf"]["B1"].value == "addin.udfs"  # classic xlwings reads it hidden
    assert [ws.title for ws in template.worksheets if ws.sheet_state == "visible"] == [
        "Start here", "Assumptions", "Plan", "Summary", "Guide", "Our bands"]


def test_fte_shows_as_typed_and_summed(template):
    from addin.sheets.plan_layout import COL, FIRST_ROW

    # General: 20.9 as 20.9 and 1 as 1 ("0.00" printed 20.90; "0.##" prints "1."); the
    # pages themselves are read in tests/test_libreoffice.py
    assert template["Plan"][f"{COL['FTE']}{FIRST_ROW}"].number_format == "General"
    summary = template["Summary"]
    fte = next(c for row in summary.iter_rows() for c in row if c.value == "FTE at year end")
    assert summary.cell(fte.row, 2).number_format == "General"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from datetime import date

    from addin.planning import budget
    from addin.planning.plan import PlanRow
    from addin.sheets.report import write_report

    ai = dict(role="AI Engineer", level="Senior", location="London", type="Permanent",
              start=date(2026, 4, 1))
    rows = [PlanRow(id="A1", **ai), PlanRow(id="A2", **ai),
            PlanRow(id="X1", **{**ai, "role": "Principal Distinguished Staff Wizard of Data Things"})]
    path = tmp_path_factory.mktemp("report") / "r.xlsx"
    write_report(budget.price_plan(rows), path)
    return openpyxl.load_workbook(path)


def test_the_report_plan_has_a_totals_row_that_sums_each_money_column(report):
    from addin.sheets.plan_layout import COL, FIRST_ROW, MONTH_COLS

    ws = report["Plan"]
    total = FIRST_ROW + 3
    assert ws[f"A{total}"].value == "Total" and ws[f"A{total}"].font.b
    # AI Engineer, Senior, London, mid £110,000 for the whole year: 110,000 + NIC 15,750 +
    # pension 1,320.90 = 127,070.90 each; two priced rows (the third is a problem, blank).
    assert ws[f"{COL['FY cost']}{total}"].value == pytest.approx(2 * 127070.90, abs=0.005)
    assert ws[f"{COL['Annual NIC']}{total}"].value == pytest.approx(2 * 15750, abs=0.005)
    # April: 127,070.90 / 12 each, twice
    # 127,070.90 is 12,707,090 pence: 1,058,924 a month and 2 pence over, which go to the
    # first two months (equal remainders: earliest first), so April is 10,589.25, twice.
    assert ws[f"{MONTH_COLS[0]}{total}"].value == pytest.approx(2 * 10589.25, abs=1e-9)
    for col in [COL[h] for h in ("Annual cost", "Hire fee cost", "FY NIC")] + list(MONTH_COLS):
        shown = [ws[f"{col}{r}"].value for r in range(FIRST_ROW, total)]
        assert ws[f"{col}{total}"].value == pytest.approx(sum(v or 0 for v in shown), abs=1e-6)
    assert ws[f"{COL['Rate']}{total}"].value is None  # a price, not added up
    assert ws.print_area == f"'Plan'!$A$1:${MONTH_COLS[-1]}${total}"  # the totals print too


def test_a_long_check_wraps_in_its_cell_in_a_row_tall_enough(report):
    from addin.sheets.plan_layout import COL, FIRST_ROW

    ws = report["Plan"]
    r = FIRST_ROW + 2
    check = ws[f"{COL['Check']}{r}"]
    assert check.value.startswith("Unknown role") and check.alignment.wrap_text
    lines = -(-len(check.value) // 40)  # at least one line per 40 characters of a 40-wide column
    assert ws.row_dimensions[r].height >= 15 * lines
    assert ws.row_dimensions[FIRST_ROW].height is None  # a row without a long Check: as it is
