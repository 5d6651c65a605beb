"""The template prints cleanly (issue 12, item 9): headings with their text, whole
headers, the sources line on the page, readable xlwings.conf and Summary lines."""

import openpyxl
import pytest

from addin.workbook import write_template


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
