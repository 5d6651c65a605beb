"""The template's Guide sheet shows what a finance team signs off against (issue 10): each
stage's bonus as guidance, the Class 1A rate of each tax year, the cost model's rules and
what the model leaves out."""

import openpyxl
import pytest

from addin.costs.employment import known_tax_years
from addin.guide.edition import bundled_edition
from addin.guide.provenance import as_dict
from addin.packaging.template_file import write_template


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    path = tmp_path_factory.mktemp("guide") / "template.xlsx"
    write_template(path)
    return openpyxl.load_workbook(path)["Guide"]


def table(ws, first_header):
    """Return the rows under the header row whose column A is ``first_header``, to a blank."""
    head = next(c.row for c in ws["A"] if c.value == first_header)
    headers = [c.value for c in ws[head] if c.value is not None]
    rows = []
    for r in ws.iter_rows(min_row=head + 1, max_col=len(headers), values_only=True):
        if r[0] is None:
            break
        rows.append(dict(zip(headers, r)))
    return rows


def test_each_stage_shows_the_guides_bonus_as_guidance(sheet):
    # 9. Startup vs Enterprise, the Bonus row as printed.
    rows = table(sheet, "Stage")
    assert [(r["Stage"], r["Bonus (guidance)"]) for r in rows] == [
        ("Early Startup", "Rare"), ("Scale-up (A–C)", "10–20% target"),
        ("Enterprise", "15–25% target")]
    title = next(c.value for c in sheet["A"] if str(c.value).startswith("Startup vs enterprise"))
    assert "guidance" in title


def test_each_tax_year_shows_its_class_1a_rate(sheet):
    # GOV.UK rates and thresholds for employers: Class 1A 15% in 2025/26 and 2026/27.
    rows = table(sheet, "Tax year")
    # Class 1A is the secondary rate by statute (SSCBA 1992 s10), in force with no end date.
    assert {r["Tax year"]: r["Class 1A %"] for r in rows} == {y: 15 for y in known_tax_years()}
    assert rows[-1]["Employment Allowance £"] == 10500  # the column AllowanceList names


def test_each_tax_year_shows_its_standing_and_sacrifice_cap(sheet):
    rows = {r["Tax year"]: r for r in table(sheet, "Tax year")}
    assert rows["2026/27"]["Standing"] == "every figure enacted"
    assert rows["2026/27"]["NIC-free sacrifice £"] == "none"
    # From 6 April 2029 £2,000 a year, announced: its bill was before Parliament in January 2026.
    later = rows["2029/30"]
    assert later["NIC-free sacrifice £"] == 2000
    assert "NIC-free sacrifice cap (announced)" in later["Standing"]
    assert "Qualifying-earnings band (assumed): assumed unchanged from 2026/27" in later["Standing"]
    assert "NIC secondary threshold (announced)" in later["Standing"] and "Budget 2025" in later["Standing"]


def labelled(ws, prefix):
    """Return {label: text} of the rows labelled ``prefix`` and a number."""
    return {c.value: ws.cell(c.row, 2).value for c in ws["A"]
            if isinstance(c.value, str) and c.value.startswith(prefix)
            and c.value[len(prefix):].isdigit()}


def test_the_cost_rules_and_what_is_left_out_are_on_the_sheet(sheet):
    st = as_dict(bundled_edition().provenance.document)["statutory"]
    rules, left_out = labelled(sheet, "Cost rule "), labelled(sheet, "Left out ")
    assert list(rules.values()) == st["rules"] and list(left_out.values()) == st["not_modelled"]
    assert any("Freeport" in t for t in left_out.values())
    assert any("£15,000" in t for t in left_out.values())  # the levy allowance
    assert any(t.startswith("Contractor cost = day rate") for t in rules.values())
    # A long rule wraps across the page in a merged cell, tall enough for its lines.
    row = next(c.row for c in sheet["A"] if c.value == "Cost rule 7")
    assert f"B{row}:L{row}" in {str(m) for m in sheet.merged_cells.ranges}
    assert sheet[f"B{row}"].alignment.wrap_text and sheet.row_dimensions[row].height >= 30


def test_the_statutory_sources_are_cited_by_name(sheet):
    sources = {c.value: sheet.cell(c.row, 2).value for c in sheet["A"]
               if c.value in ("Employer NIC", "Class 1A NIC", "IR35 (off-payroll)")}
    assert "gov.uk" in sources["Employer NIC"].lower()
    assert sources["Class 1A NIC"].startswith("Class 1A NIC 15%")
    assert "fee-payer" in sources["IR35 (off-payroll)"]


def test_start_here_says_what_a_lite_user_sees_in_order(tmp_path):
    path = tmp_path / "t.xlsx"
    write_template(path)
    text = " ".join(str(c.value) for row in openpyxl.load_workbook(path)["Start here"].iter_rows()
                    for c in row if c.value)
    steps = ["1. Open the file", "2. Excel offers (or asks you) to add the xlwings Lite add-in",
             "free, from Microsoft's add-in store", "3. Lite asks whether to trust",
             "4. Wait until Lite", "5. If a cell shows #NAME?, run the script refresh_functions",
             "6. Or run the script price_plan"]
    places = [text.find(s) for s in steps]
    assert -1 not in places and places == sorted(places)
    assert "locked formulas" not in text  # the calculated cells are no longer locked
