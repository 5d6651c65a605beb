"""The template and the report: structure, rules for portable formulas, text safety, rebuilds."""

import re
import zipfile
from datetime import date

import openpyxl
import pytest
from conftest import REPO, edition_title, tax_year_labels

from addin.base import errors
from addin.costs import employment
from addin.guide import pay
from addin.packaging import template_file
from addin.planning import budget, plan_csv
from addin.planning.plan import INPUT_HEADERS, PlanRow
from addin.sheets import plan_layout, plan_reader, summary_sheet, workbook, xlsx_file
from addin.sheets.plan_layout import COL, FIRST_ROW, HEADER_ROW, LAST_ROW
from addin.sheets.report import write_report

INJECTION = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    template_file.write_template(path)
    return path


@pytest.fixture(scope="module")
def template_book(template):
    return openpyxl.load_workbook(template)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.xlsx"
    rows, a = plan_csv.demo_plan()
    template_file.write_template(path, rows, a)
    return path


def formulas_of(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    yield ws.title, cell.coordinate, getattr(cell.value, "text", str(cell.value))


def test_sheets_in_order(template_book):
    assert template_book.sheetnames == ["Start here", "Assumptions", "Plan", "Summary", "Guide",
                                        "Our bands", "xlwings.conf"]


def test_xlwings_conf_names_the_udf_module(template_book):
    ws = template_book["xlwings.conf"]
    assert (ws.max_row, ws.max_column) == (1, 2)
    assert (ws["A1"].value, ws["B1"].value) == ("UDF Modules", "addin.udfs")


def test_plan_headers_and_rows(template_book):
    ws = template_book["Plan"]
    headers = [ws.cell(HEADER_ROW, i + 1).value for i in range(112)]
    later = [f"=IF(EOMONTH(FYEnd,{k - 11})>HorizonEnd,\"\",EOMONTH(FYEnd,{k - 11}))"
             for k in range(12, 60)]  # months past the first year: blank past the horizon
    assert headers == ["ID", "Team", "Role", "Level", "Location", "Type", "IR35", "Start", "End",
                       "FTE", "Skills", "Override rate", "Bonus", "Hire fee", "Visa", "Status",
                       "Notes", "Check", "Rate", "Priced from", "Compa-ratio", "Band position",
                       "Compa-ratio (ours)", "Band position (ours)", "Annual cost",
                       "Annual NIC", "After review", "Hire fee cost", "Visa cost", "Other cost",
                       "FY cost", "FY NIC", "Horizon cost", "Horizon NIC", "Risk-adjusted cost",
                       *(f"=EOMONTH(FYEnd,{k - 11})" for k in range(12)), *later,
                       "Type read", "Role read", "FTE read", "Start read", "End read",
                       "Year-end cost", *(f"Year {k} year-end cost" for k in range(2, 6)),
                       *(f"Year {k} NIC" for k in range(2, 6)), "Levy pay", "Pension short",
                       "Rate aged"]
    assert ws.cell(HEADER_ROW, 113).value is None
    assert LAST_ROW - FIRST_ROW + 1 >= 200
    for r in (FIRST_ROW, LAST_ROW):
        # One formula in R spills over the row's calculated cells: Check (R) to Rate
        # aged (DH); stored as an array over them (dynamic: see the test of its cm below).
        assert ws[f"R{r}"].value.ref == f"R{r}:DH{r}"
        assert ws[f"R{r}"].value.text.startswith(f'=IF(COUNTA($A{r}:$Q{r})=0,"",PLAN_ROW(')
        assert ws[f"A{r}"].protection.locked is False and ws[f"Q{r}"].protection.locked is False
        # Every cell of the spill is unlocked: a Lite script re-enters R on the protected
        # sheet, and a spill never meets a locked cell.
        assert all(ws[f"{c}{r}"].protection.locked is False for c in ("R", "S", "DH"))
        assert ws[f"Y{r}"].number_format == "£#,##0.00"  # Annual cost: money, to the penny (kinds.py)
        assert ws[f"M{r}"].number_format == ws[f"N{r}"].number_format == "0.0#%"  # the rates
        assert ws[f"A{r}"].fill.fgColor.rgb != ws[f"S{r}"].fill.fgColor.rgb
    assert ws.freeze_panes == f"C{FIRST_ROW}"
    hidden = [COL[h] for h in headers[95:]]  # the read group, CR to DH
    assert (hidden[0], hidden[-1]) == ("CR", "DH")
    assert all(ws.column_dimensions[c].hidden for c in hidden)


def test_a_plan_row_holds_no_formula_but_its_one_call(template_book):
    ws = template_book["Plan"]
    for r in range(FIRST_ROW, LAST_ROW + 1):
        held = [c.coordinate for c in ws[r] if c.value is not None]
        assert held == [f"R{r}"]


CUSTOM = re.compile(r"\b([A-Z][A-Z_]+)\(")


def test_a_filled_row_makes_one_custom_call_and_an_empty_row_none(template_book):
    """Before, a permanent row called four custom functions (PLAN_CHECK, SALARY_ESTIMATE and
    EMPLOYER_COST twice) and every empty row called PLAN_CHECK."""
    import addin.excel.udfs as udfs

    ws = template_book["Plan"]
    ours = set(udfs.__all__)
    for r in (FIRST_ROW, LAST_ROW):
        texts = [c.value.text if hasattr(c.value, "text") else c.value
                 for c in ws[r] if isinstance(c.value, str) or hasattr(c.value, "text")]
        calls = [f for t in texts for f in CUSTOM.findall(t) if f in ours]
        assert calls == ["PLAN_ROW"]
        guard = ws[f"R{r}"].value.text
        # IF evaluates one branch: an empty row never reaches PLAN_ROW.
        assert guard.startswith(f'=IF(COUNTA($A{r}:$Q{r})=0,"",PLAN_ROW(')


FORBIDDEN = re.compile(r"OFFSET|INDIRECT|SEQUENCE|FILTER\(|UNIQUE\(|SORT\(|XLOOKUP|LET\(|LAMBDA",
                       re.IGNORECASE)
WHOLE_COLUMN = re.compile(r"(?<![A-Za-z0-9_$])\$?[A-Z]{1,3}:\$?[A-Z]{1,3}(?![A-Za-z0-9_(])")
WHOLE_ROW = re.compile(r"(?<![A-Za-z0-9_$])\$?\d+:\$?\d+(?![0-9])")
QUOTED = re.compile(r'"[^"]*"')


def portable_problems(formula: str) -> list[str]:
    code = QUOTED.sub('""', formula)  # text constants are not references
    found = []
    if "[" in code or "]" in code:
        found.append("structured or external reference")
    if FORBIDDEN.search(code):
        found.append(FORBIDDEN.search(code).group())
    if WHOLE_COLUMN.search(code):
        found.append("whole column " + WHOLE_COLUMN.search(code).group())
    if WHOLE_ROW.search(code):
        found.append("whole row " + WHOLE_ROW.search(code).group())
    if code.startswith("{") or "@" in code:
        found.append("array or implicit intersection")
    return found


def test_the_scan_catches_what_it_must():
    assert portable_problems("=SUM(A:A)") and portable_problems("=SUM($B:$B)")
    assert portable_problems("=SUM(Table1[Cost])") and portable_problems("=SUM(1:1)")
    assert portable_problems("=OFFSET(A1,1,1)") and portable_problems("=SEQUENCE(3)")
    assert not portable_problems('=SUMIFS(Plan!$R$4:$R$203,Plan!$F$4:$F$203,"A:B [x]")')


def test_template_formulas_stay_portable(template_book, demo):
    wb = openpyxl.load_workbook(demo)
    found = list(formulas_of(template_book)) + list(formulas_of(wb))
    assert len(found) > 600  # two templates: 200 PLAN_ROW calls each, the Summary, the headers
    bad = [(s, c, f, portable_problems(f)) for s, c, f in found if portable_problems(f)]
    assert bad == []
    for dn in template_book.defined_names.values():
        assert not portable_problems("=" + dn.attr_text), dn.name
    for ws in template_book.worksheets:
        for dv in ws.data_validations.dataValidation:
            assert not portable_problems("=" + (dv.formula1 or "")), dv.sqref


def test_formulas_use_only_functions_the_formulas_engine_has(template_book):
    from formulas.functions import get_functions

    import addin.excel.udfs as udfs

    ours = set(udfs.__all__)
    known = set(get_functions()) | ours
    used = {name for _s, _c, f in formulas_of(template_book)
            for name in re.findall(r"([A-Z][A-Z0-9_.]*)\(", QUOTED.sub('""', f))}
    assert used - known == set()
    assert "TEXT" not in used  # formulas' TEXT prints day 30 as "3" with a "d" format


def test_defined_names(template_book):
    names = dict(template_book.defined_names.items())
    for name in ("Company", "FYStart", "FYEnd", "TaxYear", "Scenario", "PensionRate",
                 "PensionBasis", "BenefitsRate", "Levy", "BillableDays", "AgencyFee", "ClaimEA",
                 "EmploymentAllowance", "Teams", "RoleList", "LevelList", "RegionList",
                 "LeadershipRoles", "TaxYearList", "AllowanceList"):
        assert name in names, name
    ws = template_book["Assumptions"]

    def value(name):
        ((sheet, ref),) = names[name].destinations
        return template_book[sheet][ref.replace("$", "")].value

    assert value("FYStart").date() == date(2026, 4, 1)
    # TaxYear blank: each month priced with the tax year it falls in.
    assert (value("TaxYear"), value("Scenario"), value("PensionRate"), value("PensionBasis")) == (
        None, "Mid", 0.03, "Qualifying")
    assert (value("BenefitsRate"), value("Levy"), value("BillableDays"), value("AgencyFee"),
            value("ClaimEA")) == (0, "No", 220, 0, "No")
    # FYEnd: 12 months on from FYStart, or from the default 1 April 2026 when FYStart is
    # blank (spaces too), as PLAN_ROW and budget read an emptied setting.
    fy_end = ws["B5"].value
    assert fy_end.startswith("=EDATE(IF(LEN(TRIM(SUBSTITUTE(") and "_xlfn.UNICHAR(160)" in fy_end
    assert fy_end.endswith(")))=0,DATE(2026,4,1),FYStart),12)-1")


def test_dropdowns_come_from_the_engines_lists(template_book):
    ws = template_book["Plan"]
    by_col = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv
              for dv in ws.data_validations.dataValidation}
    assert by_col[COL["Role"]].formula1 == "RoleList"
    assert by_col[COL["Type"]].formula1 == '"Permanent,Contractor"'
    assert by_col[COL["IR35"]].formula1 == '"Inside,Outside"'
    assert by_col[COL["Status"]].formula1 == '"Open,Offer,Filled"'
    assert by_col[COL["Start"]].type == "date" and by_col[COL["FTE"]].type == "custom"
    assert by_col[COL["Override rate"]].type == "decimal"
    assert by_col[COL["Team"]].errorStyle == "warning"
    for dv in by_col.values():
        assert dv.showErrorMessage and dv.error and dv.errorTitle
    guide = template_book["Guide"]

    def listed(name):
        ((sheet, ref),) = template_book.defined_names[name].destinations
        return tuple(c.value for row in template_book[sheet][ref.replace("$", "")] for c in row)

    assert listed("RoleList") == pay.roles()
    assert listed("RegionList") == pay.regions()
    assert listed("LeadershipRoles") == pay.roles("leadership")
    assert set(listed("LevelList")) == {"Junior", "Mid-Level", "Senior", "Staff/Principal",
                                        "Lead/Principal"}
    assert listed("TaxYearList") == tuple(tax_year_labels()) == employment.known_tax_years()
    assert guide["A1"].value.startswith(f"Guide: {edition_title()}")
    a = template_book["Assumptions"]
    lists = {str(dv.sqref): dv.formula1 for dv in a.data_validations.dataValidation}
    assert lists["B6"] == "TaxYearList" and lists["B7"] == '"Low,Mid,High"'
    cell = {name: ref.replace("$", "") for name, ref in plan_layout.A_CELL.items()}
    assert lists[cell["PensionBasis"]] == '"Qualifying,Full"'
    assert lists[cell["Levy"]] == lists[cell["ClaimEA"]] == '"Yes,No"'


def test_protection_and_printing(template_book):
    for name in ("Start here", "Assumptions", "Plan", "Summary", "Guide"):
        ws = template_book[name]
        assert ws.protection.sheet and not ws.protection.password
        assert ws.page_setup.orientation == "landscape"
        # the Plan prints three pages across at a scale (tests/test_print_layout.py), the
        # others one page wide
        assert ws.sheet_properties.pageSetUpPr.fitToPage == (name != "Plan")
        assert name == "Plan" or ws.page_setup.fitToWidth == 1


def test_summary_has_charts_and_the_problem_count(template):
    with zipfile.ZipFile(template) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 2
        xml = z.read(charts[0]).decode()
    assert "Monthly cost by type" in xml
    ws = openpyxl.load_workbook(template)["Summary"]
    assert ws["A5"].value.startswith("Rows with problems")
    # Array-entered: IFERROR over the rows takes each row only in an array formula.
    problems = ws["B5"].value.text
    assert ws["B5"].value.ref == "B5"
    assert problems.startswith('=ROWS(Plan!$R$4:$R$203)-COUNTIFS(Plan!$R$4:$R$203,"")+')
    # ...plus the rows under the table that hold an input (budget counts them as problems)
    # and anything further down (budget refuses the workbook).
    assert "Plan!$A$204:$A$1203&Plan!$B$204:$B$1203&" in problems
    assert problems.endswith("+COUNTA(Plan!$A$1204:$Q$1048576)")


# --- rebuilding equals the committed template ----------------------------------------------

def _style(cell):
    return (cell.number_format, cell.font.b, cell.font.color and cell.font.color.rgb,
            cell.fill.fgColor.rgb, cell.protection.locked, cell.border.left.style)


def plain(value):
    """A cell's value comparable by ==: an array formula as its range and text."""
    return (value.ref, value.text) if hasattr(value, "ref") and hasattr(value, "text") else value


def test_rebuild_equals_the_committed_template(template):
    committed = REPO / workbook.TEMPLATE
    with zipfile.ZipFile(committed) as a, zipfile.ZipFile(template) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
    old, new = openpyxl.load_workbook(committed), openpyxl.load_workbook(template)
    assert old.sheetnames == new.sheetnames
    assert dict(old.defined_names.items()).keys() == dict(new.defined_names.items()).keys()
    for name, dn in old.defined_names.items():
        assert new.defined_names[name].attr_text == dn.attr_text
    for ws in old.worksheets:
        other = new[ws.title]
        assert ws.dimensions == other.dimensions, ws.title
        for row in ws.iter_rows():
            for cell in row:
                twin = other[cell.coordinate]
                assert (plain(cell.value), cell.data_type) == (plain(twin.value), twin.data_type), (
                    ws.title, cell.coordinate)
        rules = [(str(v.sqref), v.type, v.formula1, v.formula2, v.error)
                 for v in ws.data_validations.dataValidation]
        assert rules == [(str(v.sqref), v.type, v.formula1, v.formula2, v.error)
                         for v in other.data_validations.dataValidation]
        assert ws.freeze_panes == other.freeze_panes
        assert ws.protection.sheet == other.protection.sheet
    for sheet, ref in (("Plan", "A4"), ("Plan", "P4"), ("Plan", "T203"), ("Plan", "O3"),
                       ("Assumptions", "B4"), ("Summary", "B7"), ("Guide", "A6")):
        assert _style(old[sheet][ref]) == _style(new[sheet][ref]), (sheet, ref)


def test_rebuilds_are_byte_identical(tmp_path, template):
    again = tmp_path / "again.xlsx"
    template_file.write_template(again)
    assert again.read_bytes() == template.read_bytes()


# --- text stays text ----------------------------------------------------------------------

def test_plan_text_is_never_written_as_a_formula(tmp_path):
    row = PlanRow(id="=1+1", team=INJECTION, role="AI Engineer", level="Senior",
                  location="London", type="Permanent", start=date(2026, 10, 1),
                  notes="@SUM(A1)", status="+Open", line=2)
    path = tmp_path / "filled.xlsx"
    template_file.write_template(path, [row])
    ws = openpyxl.load_workbook(path)["Plan"]
    assert (ws["B4"].value, ws["B4"].data_type) == (INJECTION, "s")
    assert (ws["A4"].value, ws["Q4"].value, ws["P4"].value) == ("=1+1", "@SUM(A1)", "+Open")
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet3.xml").decode()
    (xml,) = re.findall(r'<c r="B4"[^>]*>.*?</c>', sheet)
    assert 't="inlineStr"' in xml and "<f>" not in xml
    rows, _ = plan_reader.read_template(path)
    assert rows[0].team == INJECTION

    out = tmp_path / "report.xlsx"
    write_report(budget.price_plan([row]), out)
    wb = openpyxl.load_workbook(out)
    plan = wb["Plan"]
    assert (plan["B4"].value, plan["B4"].data_type) == (INJECTION, "s")
    assert list(formulas_of(wb)) == []


def test_report_has_no_formulas_and_the_plan_headers(tmp_path):
    rows, a = plan_csv.demo_plan()
    b = budget.price_plan(rows, a)
    path = tmp_path / "report.xlsx"
    write_report(b, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Plan"]
    assert list(formulas_of(wb)) == []
    plan = wb["Plan"]
    heads = [plan.cell(HEADER_ROW, i + 1).value for i in range(112)]
    assert heads[:35] == list(INPUT_HEADERS) + [
        "Check", "Rate", "Priced from", "Compa-ratio", "Band position", "Compa-ratio (ours)",
        "Band position (ours)", "Annual cost", "Annual NIC",
        "After review", "Hire fee cost", "Visa cost", "Other cost", "FY cost", "FY NIC",
        "Horizon cost", "Horizon NIC", "Risk-adjusted cost"]
    assert [h.date() for h in heads[35:47]] == [date(2026, 4, 30), date(2026, 5, 31),
        date(2026, 6, 30), date(2026, 7, 31), date(2026, 8, 31), date(2026, 9, 30),
        date(2026, 10, 31), date(2026, 11, 30), date(2026, 12, 31), date(2027, 1, 31),
        date(2027, 2, 28), date(2027, 3, 31)]
    # A 12-month horizon: the months after it are hidden and unheaded, as are the later
    # fiscal years' read-backs.
    assert heads[47:95] == [None] * 48
    assert all(plan.column_dimensions[COL[f"Month {k}"]].hidden for k in range(13, 61))
    assert heads[95:] == ["Type read", "Role read", "FTE read", "Start read", "End read",
                          "Year-end cost", *[None] * 8, "Levy pay", "Pension short", "Rate aged"]
    summary = wb["Summary"]
    assert summary["B5"].value == 1 and summary["B7"].value == pytest.approx(b.summary["fy_cost"])
    broken = [r for r in range(FIRST_ROW, FIRST_ROW + len(rows)) if plan[f"R{r}"].value]
    assert len(broken) == 1 and plan[f"S{broken[0]}"].value is None
    with zipfile.ZipFile(path) as z:
        assert len([n for n in z.namelist() if n.startswith("xl/charts/chart")]) == 2


# --- reading a filled template ------------------------------------------------------------

def test_filled_template_reads_back(demo):
    rows, a = plan_reader.read_template(demo)
    want, want_a = plan_csv.demo_plan()
    assert a.checked() == want_a.checked()
    filled = [r for r in rows if not r.is_blank()]
    assert len(filled) == len(want) and filled[0].line == FIRST_ROW
    got, expected = budget.price_plan(rows, a).summary, budget.price_plan(want, want_a).summary
    assert [p["row"] for p in got.pop("problem_rows")] == [FIRST_ROW + 7]
    expected.pop("problem_rows")
    assert got == expected


def test_input_formula_without_a_saved_value_is_not_silently_blank(tmp_path):
    path = tmp_path / "f.xlsx"
    wb = workbook.build_template([PlanRow(role="AI Engineer", level="Senior", location="London",
                                          type="Permanent")])
    wb["Plan"]["H4"] = "=DATE(2026,10,1)"
    xlsx_file.save(wb, path)
    rows, a = plan_reader.read_template(path)
    (row,) = budget.price_plan(rows, a).rows
    assert "is not a date" in row.check


def test_not_a_template_is_a_usage_error(tmp_path):
    path = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(errors.InvalidValueError, match="Plan and Assumptions"):
        plan_reader.read_template(path)


def test_plan_row_formulas_are_stored_as_dynamic_arrays(template):
    """Excel's stored form of a spilling formula: the array formula over its spill range,
    its cell pointing (cm="1") at a cell-metadata record of type XLDAPR with fDynamic="1"
    ([MS-XLSX] dynamicarray schema; ECMA-376 Part 1, 18.9). Without cm it is a legacy array,
    which Excel refuses to change cell by cell."""
    with zipfile.ZipFile(template) as z:
        names = z.namelist()
        sheet = z.read("xl/worksheets/sheet3.xml").decode()  # the Plan, third sheet
        meta = z.read("xl/metadata.xml").decode()
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    assert "xl/metadata.xml" in names
    anchors = re.findall(r'<c r="R(\d+)"[^>]*\bcm="1"[^>]*><f t="array" ref="R(\d+):DH(\d+)"', sheet)
    assert len(anchors) == 200 and all(a == b == c for a, b, c in anchors)
    assert sheet.count('cm="') == 200  # nothing else is marked
    assert '<metadataType name="XLDAPR"' in meta and 'fDynamic="1"' in meta
    assert '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata>' in meta
    assert 'PartName="/xl/metadata.xml"' in types and "sheetMetadata+xml" in types
    assert 'relationships/sheetMetadata" Target="metadata.xml"' in rels


def test_every_call_of_our_functions_is_in_an_unlocked_cell(template_book):
    """Excel refuses a write into a locked cell of a protected sheet, and Lite's API cannot
    unprotect one: refresh_functions must be able to re-enter every such cell."""
    from addin.excel import udfs

    calls = re.compile(r"\b(?:%s)\s*\(" % "|".join(udfs.__all__), re.IGNORECASE)
    found = 0
    for ws in template_book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                text = getattr(cell.value, "text", cell.value)
                if isinstance(text, str) and text.startswith("=") and calls.search(text):
                    found += 1
                    assert cell.protection.locked is False, f"{ws.title}!{cell.coordinate}"
    # 200 Plan rows, the Employment Allowance, the Summary's Low, Mid, High, the Guide's bands
    assert found == 205


def test_the_grid_reader_finds_the_table_end_where_the_summary_puts_its_first_total():
    # Lite's price_plan reads the table's end from this cell (addin/grid.py has no openpyxl).
    from addin.planning import grid
    from addin.sheets import summary_sheet

    assert summary_sheet.summary_cells()[0][0] == grid.TABLE_END_CELL
    assert grid.table_end("=ROWS(Plan!$Q$4:$Q$250)-COUNTIFS(...)") == 250
    assert grid.table_end("=ROWS(Plan!$Q$5:$Q$250)") == grid.LAST_ROW == 203  # not from row 4
    assert grid.table_end(None) == 203


def test_the_summary_s_side_blocks_are_headed_on_the_rows_of_the_blocks_beside_them(template_book):
    # Regression: two key figures added under Key figures moved the Type block down two rows
    # while the Team block stayed, so Team's header sat on a key-figure row and its teams
    # ran into the Type block's header (seen on the printed report).
    ws = template_book["Summary"]
    filled = {r for r in range(1, 60) if ws[f"A{r}"].fill.fgColor.rgb == ws[f"G{r}"].fill.fgColor.rgb
              and ws[f"A{r}"].value and ws[f"G{r}"].value}
    assert (ws[f"A{summary_sheet.TYPE_HEAD}"].value, ws[f"G{summary_sheet.TEAM_HEAD}"].value) == (
        "Type", "Team")
    assert summary_sheet.TEAM_HEAD in filled
    # the key figures end above both blocks
    last_key = max(int(ref[1:]) for ref, *_ in summary_sheet.summary_cells() if ref[0] == "B"
                   and int(ref[1:]) < summary_sheet.TYPE_HEAD)
    assert last_key < summary_sheet.TEAM_HEAD
