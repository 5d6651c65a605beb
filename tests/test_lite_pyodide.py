"""The template's main.py in real Pyodide under Node.js, called the way xlwings Lite calls it.

main.py and requirements.txt are read from the built template's web-extension part. The
runtimes are the pinned npm packages of tests/pyodide; xlwings is the wheel that pip
fetched into tests/pyodide/wheels (.ci/run does both). Expected values are the guide's.
"""

import json
import os
import shutil
import subprocess

import pytest

from addin import lite, udfs, workbook
from conftest import REPO

HERE = REPO / "tests" / "pyodide"
WHEELS = HERE / "wheels"
# 0.27: the line that workbooks saved by Lite record (Python 3.12); 0.28: empty cells arrive
# as JsNull; 314: the line that Lite's documentation requires for pinned requirements.
LINES = ["0.27", "0.28", "314"]
NA = {"type": "Error", "errorType": "NotAvailable"}
BAND = ("AI Engineer", "Senior", "London")

# Rows of the 1,000-row column and their bands, from the guide's AI Engineer table
# (low, mid = (low + high) / 2, high); an empty region is UK National.
COLUMN = [
    (("AI Engineer", "Junior", "UK National"), [48000, 54000, 60000]),
    (("AI Engineer", "Mid-Level", "London"), [70000, 82500, 95000]),
    (("AI Engineer", "Senior", "Remote UK"), [82000, 93500, 105000]),
    (("AI Engineer", "Staff/Principal", "London"), [125000, 147500, 170000]),
    (("AI Engineer", "Senior", None), [80000, 92500, 105000]),
]
ROWS = [COLUMN[i % len(COLUMN)] for i in range(1000)]


def _cell(v):
    return [[v]]


def _col(values):
    return [[v] for v in values]


CALLS = [
    ("band", "SALARY_BAND", [_cell(a) for a in BAND]),
    ("dayrate", "DAYRATE", [_cell("LLM Engineer"), _cell("Senior"), _cell("inside"), _cell("mid")]),
    ("cost", "EMPLOYER_COST", [_cell(85000), _cell("2026/27")]),
    ("unknown", "SALARY_BAND", [_cell("Prompt Wizard"), _cell("Senior")]),
    ("point7", "SALARY_BAND", [_cell(a) for a in BAND] + [_cell(7)]),
    ("unknown_1.3", "SALARY_BAND", [_cell("Prompt Wizard"), _cell("Senior")]),
    # Empty cells as Excel sends them: JS null inside the 2-D list, or null for an omitted one.
    ("nulls", "SALARY_BAND", [_cell("AI Engineer"), _cell("Senior"), _cell(None), None]),
    ("null_ir35", "DAYRATE", [_cell("AI Engineer"), _cell("Senior"), _cell(None), _cell("mid")]),
    ("column", "SALARY_BAND", [_col(r[0][i] for r in ROWS) for i in range(3)]),
    *[(f"row{i}", "SALARY_BAND", [_cell(a) for a in args]) for i, (args, _) in enumerate(COLUMN)],
    # A Plan row as Excel sends it (dates as serial numbers, empty cells as JS null) with the
    # Assumptions' cells: 1 Apr 2026 (46113), a 20% recruitment fee, no pay review.
    ("plan_row", "PLAN_ROW", [
        [["P1", "Data", "AI Engineer", "Senior", "London", "Permanent", None, 46296, None, None,
          None, None, None, None, "Open", None]],
        *[_cell(v) for v in (46113, "2026/27", "Mid", 0.03, "Qualifying", 0, 0, 0, 0, 0, "No",
                             220, 0, 0.2, None, 0)]]),
]


# A workbook whose Plan!B2 calls SALARY_BAND and shows #NAME? (typed before the functions
# were registered); the script must re-enter that formula and nothing else.
BOOK = {"client": "Office.js", "version": lite.XLWINGS_VERSION,
        "book": {"name": "Budget.xlsx", "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": [{"name": "Plan", "values": [["Role", "Rate"], ["AI Engineer", "#NAME?"],
                                               ["Total", 0]], "pictures": [], "tables": []},
                   {"name": "Notes", "values": [["x"]], "pictures": [], "tables": []}]}
FORMULAS = {"Plan": [["Role", "Rate"], ["AI Engineer", '=SALARY_BAND(A2,"Senior","London",0.5)'],
                     ["Total", "=SUM(B2:B2)"]],
            "Notes": [["x"]]}


def _missing(line: str) -> str | None:
    """Why this line cannot run here, or None."""
    if shutil.which("node") is None:
        return "Node.js is not installed (.ci/run installs it)"
    if not (HERE / "node_modules" / f"pyodide-{line}" / "pyodide.mjs").exists():
        return "the pinned Pyodide packages are not installed: cd tests/pyodide && npm ci"
    if not (WHEELS / f"xlwings-{lite.XLWINGS_VERSION}-py3-none-any.whl").exists():
        return ("no xlwings wheel: pip download --no-deps --only-binary=:all: --platform any "
                "-d tests/pyodide/wheels -r tests/pyodide/wheels.txt")
    return None


@pytest.fixture(scope="module")
def code(tmp_path_factory):
    """main.py and requirements.txt as files, read from a freshly built template."""
    folder = tmp_path_factory.mktemp("lite")
    book = folder / "template.xlsx"
    workbook.write_template(book)
    stored = lite.read_settings(book)
    (folder / "main.py").write_text(stored["main.py"], encoding="utf-8")
    (folder / "requirements.txt").write_text(stored["requirements.txt"], encoding="utf-8")
    (folder / "calls.json").write_text(json.dumps(
        [{"func_name": name, "args": args, "runtime": "1.3" if label.endswith("1.3") else "1.4"}
         for label, name, args in CALLS]
        + [{"script": "refresh_functions", "book": BOOK, "formulas": FORMULAS}]),
        encoding="utf-8")
    return folder


@pytest.fixture(scope="module", params=LINES, ids=[f"pyodide-{v}" for v in LINES])
def run(request, code):
    """What the runtime gave: the runner's JSON, with results keyed by call label."""
    reason = _missing(request.param)
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the Pyodide tests: {reason}")
        pytest.skip(reason)
    out = subprocess.run(
        ["node", str(HERE / "run_main.mjs"), request.param, str(WHEELS), str(code / "main.py"),
         str(code / "requirements.txt"), str(code / "calls.json")],
        capture_output=True, text=True, timeout=300, cwd=HERE)
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout)
    got["by"] = {label: r for (label, _, _), r in zip(CALLS, got["results"])}
    got["script"] = got["results"][-1]
    return got


def test_the_runtime_is_the_pinned_line(run):
    (python,) = [py for line, py in (("0.27.", "3.12."), ("0.28.", "3.13."), ("314.", "3.14."))
                 if run["pyodide"].startswith(line)]
    assert run["python"].startswith(python)
    assert run["xlwings"] == lite.XLWINGS_VERSION
    assert "/ukaipay-0.1.0-" in run["addin_file"]  # the carried package, not an installed one


def test_every_function_is_registered_with_its_descriptions(run):
    snapshot = json.loads((REPO / "tests" / "snapshots" / "custom_functions_meta.json")
                          .read_text(encoding="utf-8"))["functions"]
    want = {f["name"]: (f["description"], [(p["name"], p["description"]) for p in f["parameters"]])
            for f in snapshot}
    got = {f["name"]: (f["description"], [(p["name"], p["description"]) for p in f["parameters"]])
           for f in run["meta"]}
    assert set(got) == set(udfs.__all__)
    assert got == want


def test_the_guide_s_figures(run):
    assert run["by"]["band"] == [[95000, 110000, 125000]]
    assert run["by"]["dayrate"] == [[662.5]]
    assert run["by"]["cost"] == [[98320.9]]


def test_an_unknown_role_is_na_and_a_point_of_7_is_value_with_its_message(run):
    assert run["by"]["unknown"] == [[NA]]
    error = run["by"]["point7"]["error"]
    assert "7" in error and "0 to 1" in error and "\n" not in error


def test_before_custom_functions_runtime_1_4_na_is_text(run):
    assert run["by"]["unknown_1.3"] == [["#N/A"]]


def test_js_null_cells_take_the_defaults(run):
    assert run["by"]["nulls"] == [[80000, 92500, 105000]]  # UK National
    assert run["by"]["null_ir35"] == [[725]]  # outside IR35: 650 to 800


def test_a_1000_row_column_is_right_row_by_row(run):
    column = run["by"]["column"]
    assert len(column) == 1000
    for i, (row, (_, band)) in enumerate(zip(column, ROWS)):
        assert row == band, i
        assert [row] == run["by"][f"row{i % len(COLUMN)}"], i


def test_a_plan_row_is_priced_by_the_template_s_one_call(run):
    # AI Engineer, Senior, London at mid: £110,000; employer cost 110,000 + NIC 15,750 +
    # pension 1,320.90 = 127,070.90 a year, half of it from October; an Open row's 20% fee,
    # £22,000, in October: the year 63,535.45 + 22,000 = 85,535.45.
    (row,) = run["by"]["plan_row"]
    assert len(row) == 28 and row[0] == "" and row[1] == 110000
    assert abs(row[4] - 127070.90) < 0.005 and row[5] == 15750
    assert row[7] == 22000 and abs(row[8] - 85535.45) < 0.005
    # October: 127,070.90 / 12 = 10,589.2416...; six months of 10,589.24 fall a penny short
    # of 63,535.45, which goes to the first of them (largest remainder): 10,589.25 + 22,000.
    assert row[10:16] == [0, 0, 0, 0, 0, 0] and abs(row[16] - 32589.25) < 0.001
    assert row[22:26] == ["Permanent", "AI Engineer", 1, 46296]


def test_neither_pandas_numpy_nor_openpyxl_is_imported(run):
    heavy = {m.split(".")[0] for m in run["modules"]} & {"pandas", "numpy", "openpyxl"}
    assert heavy == set()


def test_refresh_functions_re_enters_the_formula_that_calls_ours(run):
    """The script through xlwings' own script call, with a stand-in for Excel's side."""
    script = run["script"]
    assert script.get("error") is None
    # Plan!B2 is row 1, column 0-based 1 of sheet 0, in the action Lite's JavaScript applies.
    assert [(a["func"], a["sheet_position"], a["start_row"], a["start_column"], a["values"])
            for a in script["actions"]] == [
        ("setFormula", 0, 1, 1, [['=SALARY_BAND(A2,"Senior","London",0.5)']])]
