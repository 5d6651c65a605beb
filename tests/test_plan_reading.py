"""Reading plans: every row that holds data, the same answer from .xlsx and CSV, and one
clear line (never a traceback, never a silently dropped row) for a file that is broken."""

import json
import re
import zipfile
from datetime import date, time

import openpyxl
import pytest
from openpyxl.chart import BarChart

from addin.base.errors import InvalidValueError
from addin.commands.cli import main
from addin.commands.cli_budget import load_plan
from addin.packaging import template_file
from addin.planning import budget, plan, plan_csv
from addin.planning.plan import PlanRow
from addin.sheets import plan_reader
from addin.sheets.plan_layout import FIRST_ROW, LAST_ROW

HEADER = "ID,Team,Role,Level,Location,Type,IR35,Start,End,FTE,Skills,Override rate,Status,Notes\n"
P1 = "P1,Applied AI,AI Engineer,Senior,London,Permanent,,2026-10-01,,,,,Open,\n"
PLAN_SHEET = "xl/worksheets/sheet3.xml"  # the Plan is the template's third sheet


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "unexpected error" not in err
    return code, out, err


def rezip(path, member, change):
    """Rewrite one member of the zip at ``path`` with ``change(text) -> text``."""
    with zipfile.ZipFile(path) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            if info.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            z.writestr(info, data)


def twenty_rows():
    rows, _ = plan_csv.demo_plan()
    return [r for r in rows if r.id != "AI-08"][:20]  # AI-08 is the demo's broken row


@pytest.fixture
def filled(tmp_path):
    path = tmp_path / "plan.xlsx"
    template_file.write_template(path, twenty_rows())
    return path


def edit(path, change):
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)


# --- the declared size of a sheet ---------------------------------------------------------

def test_a_wrong_dimension_tag_drops_no_row(filled):
    rezip(filled, PLAN_SHEET, lambda x: re.sub(r'<dimension ref="[^"]*"\s*/>',
                                               '<dimension ref="A1:AE4"/>', x))
    rows, a = plan_reader.read_template(filled)
    b = budget.price_plan(rows, a)
    assert len(b.rows) == 20 and b.summary["problems"] == 0


def test_a_declared_million_rows_are_not_read_as_rows(filled):
    def huge(x):
        x = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:AE1048576"/>', x)
        return x.replace("</sheetData>", '<row r="1048576" customHeight="1" ht="15"/></sheetData>')

    rezip(filled, PLAN_SHEET, huge)
    rows, _ = plan_reader.read_template(filled)
    assert len(rows) == LAST_ROW - FIRST_ROW + 1  # the table's rows, not a million


# --- rows below the template's table -----------------------------------------------------

def test_a_row_below_the_table_is_a_counted_problem_that_says_what_to_do(filled):
    edit(filled, lambda wb: [wb["Plan"].cell(250, c + 1, v) for c, v in enumerate(
        ["X1", "Data", "AI Engineer", "Senior", "London", "Permanent", None, date(2026, 10, 1)])])
    rows, a = plan_reader.read_template(filled)
    assert plan_reader.below_table(rows) == [250]
    b = budget.price_plan(rows, a)
    assert b.summary["problems"] == 1 and len(b.rows) == 21
    (p,) = b.summary["problem_rows"]
    assert p["row"] == 250 and "below the template's table (rows 4 to 203)" in p["problem"]
    assert "Insert rows inside the table" in p["problem"]


def test_a_cell_far_below_the_table_is_refused_in_one_line(filled):
    # Issue 16 section 3: a row past 1,203 (1,000 rows under the table's 203) counted in
    # budget only. The template's Summary counts any cell there (COUNTA to the sheet's
    # end, test_workbook) and cannot price it; budget now refuses rather than totals.
    edit(filled, lambda wb: wb["Plan"].cell(1204, 3, " "))
    with pytest.raises(InvalidValueError, match="Plan row 1,204 holds inputs more than 1,000 "
                                                "rows below the table"):
        plan_reader.read_template(filled)
    def back(wb):
        wb["Plan"]["C1204"].value = None
        wb["Plan"]["C1203"].value = "AI Engineer"  # the last row of the Summary's window

    edit(filled, back)
    rows, _ = plan_reader.read_template(filled)
    assert plan_reader.below_table(rows) == [1203]


def test_rows_inserted_inside_the_table_widen_it(filled):
    # Excel rewrites the Summary's ranges when rows are inserted inside the table.
    def widen(wb):
        ws = wb["Summary"]
        ws["B5"].value.text = ws["B5"].value.text.replace("$203", "$253")
        wb["Plan"].cell(250, 3, "AI Engineer")

    edit(filled, widen)
    book = openpyxl.load_workbook(filled, read_only=True)
    assert plan_reader.table_end(book) == 253
    rows, _ = plan_reader.read_template(filled)
    assert plan_reader.below_table(rows, 253) == [] and rows[-1].line == 253


def test_a_csv_plan_has_no_row_limit():
    text = HEADER + "".join(P1.replace("P1", f"P{i}") for i in range(300))
    b = budget.price_plan(plan_csv.read_csv(text))
    assert b.summary["problems"] == 0 and len(b.rows) == 300


# --- both readers read the same things the same way --------------------------------------

def test_a_repeated_header_is_an_error_in_both_readers(filled):
    with pytest.raises(InvalidValueError, match='two "Team" columns'):
        plan_csv.read_csv(HEADER.replace("Notes", "Team") + P1)
    edit(filled, lambda wb: wb["Plan"].cell(3, 40, "Team"))
    with pytest.raises(InvalidValueError, match='two "Team" headers'):
        plan_reader.read_template(filled)


def test_an_underscore_number_is_not_a_number_in_csv():
    (r,) = budget.price_plan(plan_csv.read_csv(HEADER + P1.replace(",,Open", ",85_000,Open"))).rows
    assert r.check.startswith('Override rate "85_000"')


@pytest.mark.parametrize("text", ["inf", "nan", "1e400"])
def test_csv_infinities_are_not_money(text):
    (r,) = budget.price_plan(plan_csv.read_csv(HEADER + P1.replace(",,Open", f",{text},Open"))).rows
    assert r.check.startswith("Override rate") and r.annual_cost is None


def test_an_id_without_inputs_is_a_problem_not_a_blank_row(filled):
    (r,) = budget.price_plan(plan_csv.read_csv(HEADER + "P9,Data,,,,,,,,,,,Open,\n")).rows
    assert r.check == "ID P9 has no inputs: fill in Role, Level, Type and Start, or clear the row."
    edit(filled, lambda wb: [wb["Plan"].cell(30, 1, "P9"), wb["Plan"].cell(30, 14, "wait")])
    rows, a = plan_reader.read_template(filled)
    b = budget.price_plan(rows, a)
    assert [(p["row"], p["ID"]) for p in b.summary["problem_rows"]] == [(30, "P9")]
    assert plan.PlanRow(notes="tbc").reader_problem().startswith("This row has Notes but")


def test_repeated_ids_warn_in_both_readers(filled):
    warnings = []
    rows = plan_csv.read_csv(HEADER + P1 + P1.replace("Senior", "Lead"), warnings)
    assert warnings == ["ID P1 is used by 2 rows (rows 2, 3): each counts in the totals; "
                        "give each position its own ID."]
    assert budget.price_plan(rows).summary["priced"] == 2  # still priced, as in the template
    edit(filled, lambda wb: wb["Plan"].cell(5, 1, wb["Plan"].cell(4, 1).value))
    warnings = []
    plan_reader.read_template(filled, warnings)
    assert len(warnings) == 1 and "rows 4, 5" in warnings[0]


def test_merged_team_cells_warn_and_read_as_the_template_sees_them(filled, capsys):
    edit(filled, lambda wb: wb["Plan"].merge_cells("B4:B6"))
    warnings = []
    rows, _ = plan_reader.read_template(filled, warnings)
    assert [r.team for r in rows[:3]] == ["Applied AI", None, None]  # SUMIFS sees the same
    assert warnings == ["Plan B4:B6: Team cells are merged, so only B4 has the value (in "
                        "budget and in the template alike): unmerge them and type it in every cell."]
    code, _, err = run(capsys, "budget", filled, "-o", "-")
    assert code == 0 and "ukaipay: warning: Plan B4:B6" in err


# --- CSV that is not well formed ---------------------------------------------------------

def test_an_unclosed_quote_is_an_error_naming_its_line():
    text = HEADER + P1 + 'P2,"Data,AI Engineer,Senior,London,Permanent,,2026-10-01,,,,,Open,\n' + P1 * 3
    with pytest.raises(InvalidValueError, match="CSV line 3"):
        plan_csv.read_csv(text)


def test_a_quote_that_swallows_rows_into_notes_is_an_error():
    text = HEADER + P1.replace("Open,", 'Open,"started') + P1 + P1.replace("Open,", 'Open,ok"')
    with pytest.raises(InvalidValueError, match="CSV lines 2 to 4 read as one row"):
        plan_csv.read_csv(text)


def test_notes_may_span_lines():
    rows = plan_csv.read_csv(HEADER + P1.replace("Open,", 'Open,"two\nlines"') + P1)
    assert [r.notes for r in rows] == ["two\nlines", None] and [r.line for r in rows] == [2, 4]


def test_a_control_character_is_refused_with_its_line():
    with pytest.raises(InvalidValueError, match=r"CSV line 3 holds a control character \(U\+0000\)"):
        plan_csv.read_csv(HEADER + P1 + P1.replace("Open", "Op\x00en"))


def test_a_field_over_the_csv_limit_is_one_line():
    with pytest.raises(InvalidValueError, match="CSV line 2: a field is longer than 131,072"):
        plan_csv.read_csv(HEADER + P1.replace("Open,", "Open," + "x" * 140000))


# --- workbooks that are damaged or not what they seem ------------------------------------

@pytest.mark.parametrize("attr_text, words", [
    ("Assumptions!#REF!", "points at Assumptions!#REF!"),
    ("Nowhere!$B$3", "points at Nowhere!$B$3"),
    ("Assumptions!$B$3:$B$5", "not at one cell"),
    ("Assumptions!$B$3,Assumptions!$B$4", "not at one cell"),
])
def test_a_broken_defined_name_is_one_line(filled, attr_text, words):
    edit(filled, lambda wb: setattr(wb.defined_names["Company"], "attr_text", attr_text))
    with pytest.raises(InvalidValueError, match=re.escape(words)):
        plan_reader.read_template(filled)


def test_a_chart_sheet_named_plan_is_one_line(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Assumptions"
    wb.create_chartsheet("Plan").add_chart(BarChart())
    path = tmp_path / "chart.xlsx"
    wb.save(path)
    with pytest.raises(InvalidValueError, match='"Plan" sheet is a chart'):
        plan_reader.read_template(path)


def test_damaged_compressed_data_is_one_line(filled, capsys):
    data = bytearray(filled.read_bytes())
    with zipfile.ZipFile(filled) as z:
        info = z.getinfo(PLAN_SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 20, start + 60):
        data[k] ^= 0x5A
    filled.write_bytes(bytes(data))
    code, _, err = run(capsys, "budget", filled, "-o", "-")
    assert code == 2 and "the file is damaged" in err and len(err.splitlines()) == 1


def test_broken_xml_inside_a_valid_zip_is_one_line(filled, capsys):
    rezip(filled, PLAN_SHEET, lambda x: x[: len(x) // 2])
    code, _, err = run(capsys, "budget", filled, "-o", "-")
    assert code == 2 and "the file is damaged" in err


def test_an_encrypted_workbook_says_it_is_password_protected(tmp_path, capsys):
    path = tmp_path / "secret.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    code, _, err = run(capsys, "budget", path, "-o", "-")
    assert code == 2 and "is password-protected" in err


@pytest.mark.parametrize("suffix", [".xls", ".xlsb"])
def test_old_and_binary_excel_files_say_save_as_xlsx(tmp_path, suffix):
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    with pytest.raises(InvalidValueError, match=r"save it as an Excel Workbook \(.xlsx\)"):
        load_plan(str(path))


def test_a_400_digit_number_is_a_problem_not_a_crash(filled):
    big = '<c r="L4"><v>' + "9" * 400 + "</v></c>"  # Override rate; openpyxl cannot write it
    rezip(filled, PLAN_SHEET, lambda x: re.sub(r'(<row r="4"[^>]*>)', lambda m: m.group(1) + big, x))
    rows, a = plan_reader.read_template(filled)
    b = budget.price_plan(rows, a)
    assert b.rows[0].check.startswith("Override rate inf") and b.summary["problems"] == 1


def test_a_time_of_day_in_start_gives_strict_json(filled, capsys):
    edit(filled, lambda wb: wb["Plan"].cell(4, 8, time(9, 30)))
    code, out, _ = run(capsys, "budget", filled, "-o", "-", "--json")
    data = json.loads(out)
    assert code == 0 and data["summary"]["problems"] == 1
    # Read as Excel hands it to PLAN_ROW: 9:30 is 9.5 / 24 = 0.3958 of a day, no date.
    assert "not a date" in data["rows"][0]["Check"]
    assert data["rows"][0]["Start"] == pytest.approx(9.5 / 24, abs=0.05)


def test_a_fiscal_year_past_9999_is_one_line(capsys, tmp_path):
    plan = tmp_path / "p.csv"
    plan.write_text(HEADER + P1, encoding="utf-8")
    code, _, err = run(capsys, "budget", plan, "-o", "-", "--fy-start", "9999-12-01")
    assert code == 2 and "the year must end by 9999" in err


def test_a_csv_that_is_not_utf8_says_so(tmp_path):
    plan = tmp_path / "p.csv"
    plan.write_bytes((HEADER + P1).encode("utf-8") + b"\xa3 5\n")
    with pytest.raises(InvalidValueError, match="not UTF-8 text"):
        load_plan(str(plan))


def test_plan_row_problem_defaults_to_none():
    assert PlanRow().problem is None and PlanRow(line=4).is_blank()


def test_the_template_says_the_same_of_an_id_without_inputs():
    import addin.excel.udfs as udfs  # PLAN_ROW, the template's one call per row

    blanks = [None] * (len(plan.INPUT_HEADERS) - 3)  # Role to Status
    assert udfs.PLAN_ROW([["P9", "Data"] + blanks + ["wait"]])[0][0] == \
        "ID P9 has no inputs: fill in Role, Level, Type and Start, or clear the row."
    assert udfs.PLAN_ROW([[" "] * len(plan.INPUT_HEADERS)])[0][0] == ""  # a row of spaces stays blank


def test_an_older_template_s_row_says_what_to_do():
    import addin.excel.udfs as udfs

    with pytest.raises(InvalidValueError, match="from an older template: keep the code it came"):
        udfs.PLAN_ROW([["P1", "Data", "AI Engineer", "Senior", "London", "Permanent", None,
                        46296, None, None, None, None, "Open", None]], "2026/27")
