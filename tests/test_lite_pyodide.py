"""The template's main.py in real Pyodide, under Node.js and in headless Chromium, called the
way xlwings Lite calls it.

main.py and requirements.txt are read from the built template's web-extension part. The
runtimes are the pinned npm packages of tests/pyodide; xlwings is the wheel that pip
fetched into tests/pyodide/wheels (.ci/run does both). Both runtimes run the same scenarios
(tests/pyodide/scenarios.mjs; tests/lite_runtimes.py starts them). Expected values are the
guide's.
"""

import copy
import json
import os
import subprocess
import sys

import lite_runtimes
import pytest
from conftest import REPO

from addin import __version__
from addin.excel import udfs
from addin.packaging import lite, lite_parts, template_file
from addin.planning.assumptions import ROW_SETTINGS
from addin.planning.columns import INPUT_HEADERS
from addin.planning.scenarios import SIDE_BY_SIDE
from addin.sheets.scenario_sheet import FIRST_KEY_ROW, scenario_columns

sys.path.insert(0, str(REPO / "tests" / "pyodide"))
from excel_standin import state_from_xlsx  # noqa: E402

# 0.27: the line that workbooks saved by Lite record (Python 3.12); 0.28: empty cells arrive
# as JsNull; 314: the line that Lite's documentation requires for pinned requirements.
LINES = ["0.27", "0.28", "314"]
RUNS = [(runtime, line) for runtime in lite_runtimes.RUNTIMES for line in LINES]
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


OUR_BANDS = [["Role", "Level", "Guide level", "Region", "Min", "Mid", "Max"],
             ["AI Engineer", "L5", "Senior", "London", 100000, 120000, 140000],
             [None] * 7]
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
    # A dropdown (Literal) argument is one text value to Excel, sent bare, not as a 2-D list:
    # an alias, a spelling and years (6: Senior, 4 to 7) outside the list still read.
    ("source", "GUIDE_SOURCE", ["AI Engineer", "Senior", "London"]),
    ("source_alias", "GUIDE_SOURCE", ["AI Eng", 6, "london"]),
    ("column", "SALARY_BAND", [_col(r[0][i] for r in ROWS) for i in range(3)]),
    *[(f"row{i}", "SALARY_BAND", [_cell(a) for a in args]) for i, (args, _) in enumerate(COLUMN)],
    # A Plan row as Excel sends it (dates as serial numbers, empty cells as JS null) with the
    # Assumptions' cells: 1 Apr 2026 (46113), a 20% recruitment fee, no pay review.
    ("plan_row", "PLAN_ROW", [
        [["P1", "Data", "AI Engineer", "Senior", "London", "Permanent", None, 46296, None, None,
          None, None, None, None, None, "Open", None]],
        *[_cell(v) for v in (46113, "2026/27", "Mid", "Market", 0.03, "Qualifying", 0, 0, 0, 0,
                             0, "No", 220, 0, 0.2, None, 0)]]),
    # The Summary's Low column over two Plan rows (tests/test_scenarios.py's, by hand): a
    # permanent AI Engineer, Senior, London from 1 Apr 2026 (46113) and an outside-IR35
    # contractor from 1 Oct 2026 (46296); their Check and Rate cells; the settings; the
    # Plan's headers.
    ("plan_scenario", "PLAN_SCENARIO", [
        [["P1", None, "AI Engineer", "Senior", "London", "Permanent", None, 46113, None, None,
          None, None, None, None, None, None, None],
         ["C1", None, "AI Engineer", "Senior", "London", "Contractor", "Outside", 46296, None,
          None, None, None, None, None, None, None, None]],
        [["", 110000], ["", 725]],
        # Each setting by its name (the defaults but these), Claim EA after them.
        *[_cell({"fy_start": 46113, "scenario": "Low", "pension_rate": 0.03, "levy": "No",
                 "pension_basis": "Qualifying", "billable_days": 220}.get(name))
          for name in ROW_SETTINGS], _cell("No"),
        [list(INPUT_HEADERS)]]),
    # Our bands as a range (header row first, JS null for a blank row): L5 mapped to Senior.
    *[(f"compa_{against}", "COMPA_RATIO", [_cell(120000), _cell("AI Engineer"), _cell("L5"),
                                            _cell("London"), _cell(None), OUR_BANDS,
                                            _cell(against)]) for against in ("ours", "market")],
    # SALARY_BAND of our L5 (its Min, Mid, Max) and DAYRATE with L5 read as the guide's Senior.
    ("band_ours", "SALARY_BAND", [_cell("AI Engineer"), _cell("L5"), _cell("London"), _cell(None),
                                  OUR_BANDS]),
    ("dayrate_l5", "DAYRATE", [_cell("AI Engineer"), _cell("L5"), _cell(None), _cell("mid"),
                               OUR_BANDS]),
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


def _previous_release(state: dict, protected: bool) -> dict:
    """The demo's state as the previous release laid it out: each Plan row one legacy
    array over Q:AR, every calculated cell locked; the sheets protected unless not
    ``protected`` (the user unprotected them)."""
    old = copy.deepcopy(state)
    for sheet in old["sheets"]:
        sheet["protected"] = protected and sheet["protected"]
        for a in sheet["arrays"]:
            a["dynamic"] = False
        for cell in sheet["cells"].values():
            if cell.get("f"):
                cell["locked"] = True
    return old


# The stand-in scenarios, after CALLS: (label, script, which state, Office.js dates as ISO).
SCENARIOS = [
    ("refresh", "refresh_functions", "demo", True),
    ("refresh_old_unprotected", "refresh_functions", "old_unprotected", True),
    ("refresh_old_protected", "refresh_functions", "old_protected", True),
    ("price", "price_plan", "demo", True),
    ("price_serial_dates", "price_plan", "demo", False),
    ("price_after_refresh_twice", "price_plan", "demo_priced", True),
    ("price_text_like_a_formula", "price_plan", "demo_formula_text", True),
    ("price_error_cell", "price_plan", "demo_error_cell", True),
    ("price_error_setting", "price_plan", "demo_error_setting", True),
    ("price_with_bands", "price_plan", "demo_bands", True),
]
# The Our bands sheet's first band (row 2), for demo_bands.
L5_BAND = ["AI Engineer", None, "L5", "Senior", "London", 85000, 90000, 100000]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo workbook as `ukaipay demo` writes it, and `ukaipay budget --json` of it."""
    folder = tmp_path_factory.mktemp("demo")
    subprocess.run([sys.executable, "-m", "addin", "demo"], cwd=folder, check=True,
                   capture_output=True)
    path = folder / "demo" / "headcount_budget_demo.xlsx"
    out = subprocess.run([sys.executable, "-m", "addin", "budget", str(path), "--json"],
                         capture_output=True, text=True, check=True)
    return path, json.loads(out.stdout)


@pytest.fixture(scope="module")
def code(tmp_path_factory, demo):
    """main.py and requirements.txt as files, read from a freshly built template."""
    folder = tmp_path_factory.mktemp("lite")
    book = folder / "template.xlsx"
    template_file.write_template(book)
    stored = lite_parts.read_settings(book)
    (folder / "main.py").write_text(stored["main.py"], encoding="utf-8")
    (folder / "requirements.txt").write_text(stored["requirements.txt"], encoding="utf-8")
    state = state_from_xlsx(demo[0], udfs.__all__)
    priced = copy.deepcopy(state)  # a workbook already priced once: its sheets are replaced
    priced["sheets"] += [{"name": n, "protected": False, "arrays": [],
                          "cells": {"A1": {"v": "old", "locked": True}}}
                         for n in ("Priced plan", "Priced summary")]
    texts = copy.deepcopy(state)  # a Notes cell and an ID holding text that looks like a formula
    plan = next(s for s in texts["sheets"] if s["name"] == "Plan")
    plan["cells"]["Q4"] = {"v": "=HYPERLINK(\"http://x\")", "locked": False}  # Notes
    plan["cells"]["A5"] = {"v": "-AI-02", "locked": False}
    errors = copy.deepcopy(state)  # AI-02's Team holds #N/A (row 5 of the demo's Plan)
    plan = next(s for s in errors["sheets"] if s["name"] == "Plan")
    assert plan["cells"]["A5"]["v"] == "AI-02"
    plan["cells"]["B5"] = {"v": "#N/A", "locked": False}
    setting = copy.deepcopy(state)  # the pension rate's cell holds #N/A
    name = next(n for n in setting["names"] if n["name"] == "PensionRate")
    sheet = next(s for s in setting["sheets"] if s["name"] == name["sheet"])
    sheet["cells"][name["address"].replace("$", "")] = {"v": "#N/A", "locked": False}
    banded = copy.deepcopy(state)  # our L5 band on the Our bands sheet
    ours = next(s for s in banded["sheets"] if s["name"] == "Our bands")
    ours["cells"].update({f"{c}2": {"v": v, "locked": False}
                          for c, v in zip("ABCDEFGH", L5_BAND) if v is not None})
    states = {"demo": state, "demo_bands": banded, "demo_error_cell": errors, "demo_error_setting": setting, "old_unprotected": _previous_release(state, False),
              "old_protected": _previous_release(state, True), "demo_priced": priced,
              "demo_formula_text": texts}
    (folder / "calls.json").write_text(json.dumps(
        [{"func_name": name, "args": args, "runtime": "1.3" if label.endswith("1.3") else "1.4"}
         for label, name, args in CALLS]
        + [{"script": "refresh_functions", "book": BOOK, "formulas": FORMULAS}]
        + [{"script": script, "standin": states[which], "date_categories": iso,
            "read": ["Priced plan", "Priced summary"]}
           for _label, script, which, iso in SCENARIOS]),
        encoding="utf-8")
    return folder


@pytest.fixture(scope="module", params=RUNS, ids=[f"{r}-pyodide-{v}" for r, v in RUNS])
def run(request, code):
    """What the runtime gave: the runner's JSON, with results keyed by call label."""
    runtime, line = request.param
    reason = lite_runtimes.missing(runtime, line, lite.XLWINGS_VERSION)
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the Pyodide tests: {reason}")
        pytest.skip(reason)
    got = lite_runtimes.run(runtime, line, code / "main.py", code / "requirements.txt",
                            code / "calls.json")
    got["runtime"] = runtime
    got["by"] = {label: r for (label, _, _), r in zip(CALLS, got["results"])}
    got["script"] = got["results"][len(CALLS)]
    got["standin"] = {label: r for (label, *_), r in zip(SCENARIOS, got["results"][len(CALLS) + 1:])}
    return got


def test_the_runtime_is_the_pinned_line(run):
    (python,) = [py for line, py in (("0.27.", "3.12."), ("0.28.", "3.13."), ("314.", "3.14."))
                 if run["pyodide"].startswith(line)]
    assert run["python"].startswith(python)
    assert run["xlwings"] == lite.XLWINGS_VERSION
    assert f"/ukaipay-{__version__}-" in run["addin_file"]  # the carried package, not an installed one


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
    assert len(row) == 95 and row[0] == "" and row[1] == 110000 and row[2] == "Market"
    assert abs(row[7] - 127070.90) < 0.005 and row[8] == 15750
    assert row[10] == 22000 and row[11] == row[12] == 0  # no visa, no other cost
    assert abs(row[13] - 85535.45) < 0.005
    # A 12-month horizon: the horizon's cost is the year's.
    assert abs(row[15] - 85535.45) < 0.005 and row[16] == row[14]
    assert row[17] == row[15]  # risk-adjusted: the risk settings are off by default
    # October: 127,070.90 / 12 = 10,589.2416...; six months of 10,589.24 fall a penny short
    # of 63,535.45, which goes to the first of them (largest remainder): 10,589.25 + 22,000.
    assert row[18:24] == [0, 0, 0, 0, 0, 0] and abs(row[24] - 32589.25) < 0.001
    assert row[30:78] == [""] * 48  # the months past the horizon: blank
    assert row[78:82] == ["Permanent", "AI Engineer", 1, 46296]


def test_a_level_of_ours_against_ours_and_the_market(run):
    # 120,000 / our L5 mid 120,000 = 1.0; / the guide's Senior London mid 110,000 = 1.0909.
    assert run["by"]["compa_ours"] == [[1.0]]
    assert round(run["by"]["compa_market"][0][0], 4) == 1.0909
    assert run["by"]["band_ours"] == [[100000, 120000, 140000]]
    # AI Engineer Senior outside IR35: £650 to £800, mid £725.
    assert run["by"]["dayrate_l5"] == [[725]]


def test_the_summary_s_scenario_column_prices_the_whole_plan(run):
    # At Low, the guide's 25th percentile (tests/test_scenarios.py works it by hand):
    # 95,000 + NIC 13,500 + pension 1,320.90 = 109,820.90 a year, all year; 650 x 220 =
    # 143,000 a year from October, 71,500 in the year.
    got = dict(zip([f.key for f in SIDE_BY_SIDE], (cells[0] for cells in run["by"]["plan_scenario"])))
    assert got["priced"] == 2 and got["fte_year_end"] == 2 and got["fy_nic"] == 13500
    assert abs(got["fy_cost"] - 181320.90) < 0.005
    assert abs(got["annual_cost"] - 252820.90) < 0.005


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


# --- both scripts against the stand-in that enforces Excel's rules (excel_standin.py) -----
PLAN = 2  # the Plan's position among the sheets (0-based), as Lite's actions number it


def _per_plan_row(actions):
    rows = {}
    for a in actions:
        if a["sheet_position"] == PLAN:
            rows.setdefault(a["start_row"] + 1, []).append(a)
    return rows


def test_refresh_re_enters_every_plan_row_of_the_demo_without_a_refused_write(run):
    got = run["standin"]["refresh"]
    assert got.get("error") is None and got["refused"] == []
    assert got["unbound"] == []  # nothing left showing #NAME?
    rows = _per_plan_row(got["actions"])
    assert sorted(rows) == list(range(4, 204))  # every Plan row, filled or not
    for r, actions in rows.items():
        # One action: the row's one formula, re-entered in R (column 18, 0-based 17).
        assert [(a["func"], a["start_column"], a["row_count"], a["column_count"])
                for a in actions] == [("setFormula", 17, 1, 1)], r
        assert actions[0]["values"][0][0].startswith(f'=IF(COUNTA($A{r}:$Q{r})=0,"",PLAN_ROW(')
    # ... the Employment Allowance on Assumptions (sheet 1) ...
    # (Its arguments take the defaults of an emptied TaxYear or ClaimEA, as budget does.)
    (allowance,) = [a["values"] for a in got["actions"] if a["sheet_position"] == 1]
    assert allowance[0][0].startswith("=EMPLOYMENT_ALLOWANCE(IF(LEN(TRIM(")
    assert allowance[0][0].endswith(')))=0,"No",ClaimEA))')
    # ... and the Summary's (sheet 3) Low, Mid and High, one call a column: 204 actions.
    summary = [(a["func"], a["start_row"], a["start_column"], a["row_count"], a["values"][0][0])
               for a in got["actions"] if a["sheet_position"] == 3]
    assert [s[:4] for s in summary] == [("setFormula", FIRST_KEY_ROW - 1, k, 1) for k in (2, 3, 4)]
    assert all(s[4].startswith("=PLAN_SCENARIO(Plan!$A$4:$Q$203,Plan!$R$4:$S$203,")
               for s in summary)
    assert [c for c, _ in scenario_columns()] == ["C", "D", "E"]
    # ... and the Guide's (sheet 4) view of our bands, a legacy array: cleared whole, then
    # its formula once in its corner (as Office.js reports it: IFNA, no _xlfn.).
    from addin.guide.against_ours import TABLE_HEADERS
    from addin.sheets import our_bands_sheet

    guide = [(a["func"], a["row_count"], a["column_count"], a.get("values"))
             for a in got["actions"] if a["sheet_position"] == 4]
    assert guide == [
        ("rangeClearContents", our_bands_sheet.BAND_ROWS + 1, len(TABLE_HEADERS), None),
        ("setFormula", 1, 1, [[f'=IFNA(OUR_BANDS(OurBands,{our_bands_sheet.BAND_ROWS + 1}),"")']])]
    assert len(got["actions"]) == 206  # 200 + 1 + 3 + the Guide's clear and formula


def test_refresh_turns_a_previous_release_legacy_array_into_one_spilling_formula(run):
    got = run["standin"]["refresh_old_unprotected"]
    assert got.get("error") is None and got["refused"] == [] and got["unbound"] == []
    for r, actions in _per_plan_row(got["actions"]).items():
        # The whole array R:DH cleared (Excel refuses part of it), then R written: 2 <= 3.
        assert [(a["func"], a["start_column"], a["column_count"]) for a in actions] == [
            ("rangeClearContents", 17, 95), ("setFormula", 17, 1)], r


def test_refresh_on_a_protected_previous_release_says_what_to_do(run):
    got = run["standin"]["refresh_old_protected"]
    # Excel refuses the first write (a locked cell of a protected sheet): the script says
    # so in one line, and what to do; nothing else was applied before it.
    assert "Unprotect Sheet" in got["error"] and "\n" not in got["error"]
    assert len(got["refused"]) == 1 and "protected sheet" in got["refused"][0][1]
    assert len(got["unbound"]) == 205  # 200 Plan rows, the allowance, Low, Mid, High, our bands


def _same(got, want) -> bool:
    """True when a cell price_plan wrote is budget's JSON value: money to the penny, rates
    and ratios as budget rounds them (Pyodide's Python 3.12 and CPython 3.11 alike, since
    money is rounded where it is made)."""
    if isinstance(want, float) or isinstance(got, float):
        return round(got, 4) == round(want, 4)
    return got == ("" if want is None else want)


@pytest.mark.parametrize("label", ["price", "price_serial_dates", "price_after_refresh_twice"])
def test_price_plan_writes_what_budget_prices_to_the_penny(run, demo, label):
    got = run["standin"][label]
    assert got.get("error") is None and got["refused"] == []
    plan, summary = got["sheets"]["Priced plan"], got["sheets"]["Priced summary"]
    assert plan[0][0] == "Plan, priced" and plan[1][0].startswith("Priced 20")
    assert " UTC by ukaipay " in plan[1][0]
    _path, budget_json = demo
    headers, rows = plan[2], plan[3:]
    assert headers == list(budget_json["rows"][0])
    assert len(rows) == len(budget_json["rows"]) == 27
    for row, want in zip(rows, budget_json["rows"]):
        for h, got in zip(headers, row):
            assert _same(got, want[h]), (row[0], h, got, want[h])
    figures = {row[0]: row[1] for row in summary if row and isinstance(row[0], str)}
    for key in ("fy_cost", "fy_nic", "employment_allowance", "net_fy_cost", "annual_cost",
                "hire_fees", "fte_year_end"):
        assert _same(figures[key], budget_json["summary"][key]), key
    # The demo's in-year cost, as checked when the demo was made (issue 17): 26 of 27 rows
    # priced, row 11 (AI-08) left out: its End (30 Jun 2026) is before its Start (1 Sep).
    # Since issue 16 the sum of the rows' in-year costs each to the penny: a penny above
    # the unrounded 2,109,930.82.
    assert figures["fy_cost"] == 2109930.83
    assert (figures["rows"], figures["priced"], figures["problems"]) == (27, 26, 1)
    problem = summary.index(["row", "ID", "problem"] + [""] * (len(summary[0]) - 3))
    assert summary[problem + 1][:2] == [11, "AI-08"]


def test_price_plan_never_writes_a_user_s_text_as_a_formula(run):
    # Office.js reads a value starting with = + - @ as a formula (as if typed): the text
    # goes behind Excel's text prefix ('), so the cell holds the text.
    got = run["standin"]["price_text_like_a_formula"]
    assert got.get("error") is None and got["refused"] == []
    assert got["formulas"] == {"Priced plan": [], "Priced summary": []}
    plan = got["sheets"]["Priced plan"]
    notes, ids = plan[2].index("Notes"), plan[2].index("ID")
    assert plan[3][notes] == '=HYPERLINK("http://x")' and plan[4][ids] == "-AI-02"


def test_price_plan_refuses_a_row_with_an_excel_error_as_budget_and_plan_row_do(run):
    # Office.js reads an error cell as its text; xlwings would hand it over as empty, and
    # the row would be priced. The demo prices 26 of 27 rows; with AI-02's Team #N/A, 25.
    got = run["standin"]["price_error_cell"]
    assert got.get("error") is None and got["refused"] == []
    plan = got["sheets"]["Priced plan"]
    check, ids = plan[2].index("Check"), plan[2].index("ID")
    row = next(r for r in plan[3:] if r[ids] == "AI-02")
    assert row[check].startswith("Team holds the Excel error #N/A")
    summary = got["sheets"]["Priced summary"]
    figures = {r[0]: r[1] for r in summary if r and isinstance(r[0], str)}
    assert (figures["priced"], figures["problems"]) == (25, 2)


def test_price_plan_refuses_an_error_in_a_setting_in_budget_s_words(run):
    # budget on the same workbook: 'Invalid pension rate "#N/A": must be a number.'; read as
    # empty, the setting would have taken its default and priced the plan silently.
    got = run["standin"]["price_error_setting"]
    assert 'Invalid pension rate "#N/A": must be a number.' in got["error"]


def test_price_plan_prices_with_our_bands_and_shows_them_against_the_market(run, demo,
                                                                            tmp_path):
    got = run["standin"]["price_with_bands"]
    assert got.get("error") is None and got["refused"] == []
    summary = got["sheets"]["Priced summary"]
    at = next(i for i, r in enumerate(summary) if r[0] == "our_bands_against_the_market")
    # Ours 85,000 / 90,000 / 100,000 against the guide's Senior London 95,000-125,000:
    # our mid / market mid 90,000 / 110,000 = 0.8182.
    assert summary[at + 2][:10] == ["AI Engineer", "L5", "London", "Senior", 85000, 90000,
                                    100000, 95000, 110000, 125000]
    assert round(summary[at + 2][10], 4) == 0.8182
    # The demo's AI-02 and AI-04, AI Engineers, Senior, London, are priced at the market's
    # mid, 110,000: above our Max. `budget --bands` counts them alike.
    figures = {r[0]: r[1] for r in summary if r and isinstance(r[0], str)}
    assert figures["outside_our_band"] == 2
    bands = tmp_path / "bands.csv"
    bands.write_text("Role,Guide role,Level,Guide level,Region,Min,Mid,Max\n"
                     + ",".join("" if v is None else str(v) for v in L5_BAND) + "\n",
                     encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "addin", "budget", str(demo[0]), "--bands",
                          str(bands), "--json"], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["summary"]["outside_our_band"] == 2


def test_the_browser_reaches_nothing_but_the_test_server(run):
    # Node reads local files only; the page tries a CDN's address, and that fetch must fail.
    assert ("cdn_reachable" in run) == (run["runtime"] == "chromium")
    assert run.get("cdn_reachable") is not True


def test_the_lookups_offer_the_guide_s_lists_and_still_read_aliases_and_years(run):
    snapshot = json.loads((REPO / "tests" / "snapshots" / "custom_functions_meta.json")
                          .read_text(encoding="utf-8"))["enums"]
    assert run["enums"] == {e["id"]: [v["name"] for v in e["values"]] for e in snapshot}
    assert run["enums"]["GUIDE_SOURCE.REGION"][:3] == ["UK National", "London", "Remote UK"]
    (line,) = run["by"]["source"][0]
    assert line.endswith("3. AI Engineer Salaries, Senior, London: quoted")
    assert run["by"]["source_alias"] == [[line]]
