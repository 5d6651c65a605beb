"""The Excel functions on xlwings' own server runtime; figures written from the guide."""

import json
import subprocess
import sys

import pytest
import xlwings.server as server
from conftest import REPO, edition_title
from udf_runtime import NA, call

import addin.excel.arguments as arguments
import addin.excel.udfs as udfs
from addin.base.errors import InvalidValueError

SNAPSHOT = REPO / "tests" / "snapshots" / "custom_functions_meta.json"
FUNCTIONS = ["SALARY_BAND", "DAYRATE", "LEADERSHIP_BAND", "SKILL_PREMIUM", "SALARY_ESTIMATE",
             "GUIDE_ROLES", "GUIDE_LEVELS", "GUIDE_REGIONS", "GUIDE_SKILLS", "GUIDE_SOURCE",
             "EMPLOYER_COST", "CONTRACTOR_COST", "PERM_EQUIVALENT", "DAYRATE_EQUIVALENT",
             "PLAN_CHECK", "PLAN_ROW", "EMPLOYMENT_ALLOWANCE", "COMPA_RATIO", "BAND_POSITION",
             "MARKET_PERCENTILE", "SALARY_PERCENTILE", "GUIDE_TABLE", "OUR_BANDS",
             "PLAN_SCENARIO"]


def test_meta_matches_the_reviewed_snapshot():
    meta = server.custom_functions_meta(udfs)
    assert meta == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_star_import_gives_exactly_the_excel_functions():
    assert sorted(udfs.__all__) == sorted(FUNCTIONS)


def test_meta_lists_every_function_with_docs():
    meta = server.custom_functions_meta(udfs)
    by_name = {f["name"]: f for f in meta["functions"]}
    assert sorted(by_name) == sorted(FUNCTIONS)
    for f in meta["functions"]:
        assert f["description"] and "\n" not in f["description"]
        assert "volatile" not in f["options"]
        for p in f["parameters"]:
            assert p["description"] and not p["description"].startswith("Positional argument")
    params = {p["name"]: p.get("optional", False) for p in by_name["SALARY_BAND"]["parameters"]}
    assert params == {"role": False, "level": False, "region": True, "point": True,
                      "bands": True, "against": True}


def test_salary_band_row_and_points():
    assert call("SALARY_BAND", "ai engineer", "SENIOR", "london") == [[95000, 110000, 125000]]
    assert call("SALARY_BAND", "ai engineer", "SENIOR", "london", "high") == [[125000]]
    assert call("SALARY_BAND", "ai engineer", "SENIOR", "london", 0.25) == [[102500]]


def test_empty_cells_mean_the_default():
    assert call("SALARY_BAND", "AI Engineer", "Senior", None, None) == [[80000, 92500, 105000]]
    assert call("DAYRATE", "AI Engineer", "Senior", None, "mid") == [[725]]


def test_years_arrive_as_floats():
    assert call("SALARY_BAND", "MLOps Engineer", 5.0, "UK National", "low") == [[75000]]


def test_dayrate_inside_as_true():
    assert call("DAYRATE", "LLM Engineer", "Lead", True, "mid") == [[870]]
    assert call("DAYRATE", "LLM Engineer", "Lead", False, "mid") == [[1050]]


def test_salary_estimate_by_hand():
    assert call("SALARY_ESTIMATE", "LLM Engineer", "Senior", "London", "RAG, fine-tuning",
                "Scale-up") == [[128700, 173100, 217500]]
    skills_range = [["RAG"], ["fine-tuning"], [None]]
    assert call("SALARY_ESTIMATE", "LLM Engineer", "Senior", "London", skills_range,
                "Scale-up", "low") == [[128700]]


def test_column_in_column_out():
    roles = [["AI Engineer"], ["MLOps Engineer"], ["Data Engineer"]]
    assert call("SALARY_BAND", roles, "Senior", "London", "mid") == [[110000], [97500], [92500]]
    assert call("SALARY_BAND", roles, "Senior", "London") == [
        [95000, 110000, 125000], [85000, 97500, 110000], [80000, 92500, 105000]]
    levels = [["Junior"], ["Senior"]]
    points = [["low"], ["high"]]
    assert call("DAYRATE", "AI Engineer", [["Mid-Level"], ["Senior"]], "outside", points) == [[500], [800]]
    assert call("SALARY_BAND", "AI Engineer", levels, [["London"], [None]], "low") == [[55000], [80000]]


def test_a_bad_row_in_a_column_is_an_error_in_that_row_only():
    roles = [["AI Engineer"], ["Bogus"], ["ML Engineer"]]
    assert call("SALARY_BAND", roles, "Senior", "London", "mid") == [[110000], [NA], [NA]]
    out = call("SALARY_BAND", [["AI Engineer"], ["AI Engineer"]], "Senior", "London", [["mid"], [7]])
    assert out == [[110000], [{"type": "Error", "errorType": "Value"}]]


def test_a_blank_point_in_a_column_of_points_is_that_row_s_error():
    out = call("SALARY_BAND", [["AI Engineer"], ["AI Engineer"]], "Senior", "London", [["mid"], [None]])
    assert out == [[110000], [{"type": "Error", "errorType": "Value"}]]


def test_not_in_the_guide_is_na():
    assert call("SALARY_BAND", "ML Engineer", "Senior") == [[NA]]
    assert call("SALARY_BAND", "MLOps Engneer", "Senior") == [[NA]]
    assert call("DAYRATE", "AI Engineer", "Junior") == [[NA]]
    assert call("SALARY_BAND", "AI Engineer", "Senior", "Leeds") == [[NA]]


def test_malformed_input_raises_a_one_line_value_error():
    with pytest.raises(InvalidValueError, match="outside 0 to 1") as e:
        call("SALARY_BAND", "AI Engineer", "Senior", "London", 7)
    assert "\n" not in str(e.value)
    with pytest.raises(InvalidValueError, match="negative"):
        call("SALARY_BAND", "AI Engineer", -2)
    with pytest.raises(InvalidValueError, match="rows"):
        call("SALARY_BAND", [["AI Engineer"], ["AI Engineer"]], [["Senior"], ["Senior"], ["Junior"]])
    with pytest.raises(InvalidValueError, match="one column"):
        call("SALARY_BAND", [["AI Engineer", "Senior"], ["AI Engineer", "Senior"]], "Senior")


def test_classic_runtime_shows_the_message_as_text(monkeypatch):
    monkeypatch.setattr(arguments, "CLASSIC", True)  # the runtime rule lives there
    msg = udfs.SALARY_BAND([["ML Engineer"]], [["Senior"]])
    assert msg == "The guide gives only contractor day rates for ML Engineer, no salary table: use DAYRATE."
    assert "Did you mean" in udfs.SALARY_BAND([["MLOps Engneer"]], [["Senior"]])
    assert "outside 0 to 1" in udfs.SALARY_BAND([["AI Engineer"]], [["Senior"]], None, [[7.0]])
    col = udfs.SALARY_BAND([["AI Engineer"], ["Bogus"]], [["Senior"]], None, [["mid"]])
    assert col[0] == [92500] and col[1][0].startswith('Unknown role "Bogus"')


def test_lists():
    assert call("GUIDE_LEVELS", "LLM Engineer") == [["Junior"], ["Mid-Level"], ["Senior"], ["Lead/Principal"]]
    assert call("GUIDE_ROLES", "leadership")[0] == ["Head of MLOps"]
    assert len(call("GUIDE_ROLES", None)) == 11
    assert [r[0] for r in call("GUIDE_REGIONS")] == [
        "UK National", "London", "Remote UK", "Cambridge", "Manchester", "Edinburgh", "Bristol"]
    assert ["RAG architecture design & optimisation"] in call("GUIDE_SKILLS", "LLM Engineer")
    assert call("GUIDE_SKILLS", "Head of MLOps") == [[NA]]
    assert call("GUIDE_LEVELS", "Head of MLOps") == [[NA]]


def test_source_line():
    line = call("GUIDE_SOURCE", "Data Engineer", "Senior", "Manchester")[0][0]
    assert edition_title() in line and line.endswith("derived")
    assert "25th to 75th percentile" in call("GUIDE_SOURCE")[0][0]


def test_leadership_and_premium():
    assert call("LEADERSHIP_BAND", "Director of AI", "London") == [[170000, 210000, 250000]]
    assert call("SKILL_PREMIUM", "LLM Engineer", "fine-tuning", "high") == [[0.25]]


def test_employment_costs_by_hand():
    assert call("EMPLOYER_COST", 85000, "2026/27") == [[pytest.approx(98320.90)]]
    assert call("EMPLOYER_COST", 30000, "2026/27") == [[pytest.approx(34462.80)]]
    assert call("EMPLOYER_COST", 4000, "2026/27") == [[4000]]
    assert call("EMPLOYER_COST", 60000, None, 0.05, "full", 0.04, True) == [[pytest.approx(73950)]]
    assert call("EMPLOYER_COST", 85000, "2026/27", None, None, None, None, "nic") == [[pytest.approx(12000)]]
    assert call("CONTRACTOR_COST", 650) == [[143000]]
    assert round(call("PERM_EQUIVALENT", 650, None, "2026/27")[0][0], 2) == 123851.39
    assert round(call("DAYRATE_EQUIVALENT", 123851.39, None, "2026/27")[0][0], 2) == 650.00
    column = call("EMPLOYER_COST", [[85000], [30000], [4000]], "2026/27")
    assert [round(r[0], 2) for r in column] == [98320.90, 34462.80, 4000]


def test_cost_errors():
    with pytest.raises(InvalidValueError):
        call("EMPLOYER_COST", -1)
    with pytest.raises(InvalidValueError):
        call("CONTRACTOR_COST", 650, 400)
    assert call("EMPLOYER_COST", 85000, "2099/00") == [[NA]]


def test_plan_check():
    assert call("PLAN_CHECK", "AI Engineer", "Senior", "London", "Permanent", None,
                46296.0) == [[""]]
    problem = call("PLAN_CHECK", "AI Engineer", "Senior", "Leeds", "Permanent", None, 46296.0)[0][0]
    assert "Leeds" in problem


def test_function_module_imports_without_pandas_openpyxl_or_numpy():
    code = (
        "import sys\n"
        "for m in ('pandas', 'openpyxl', 'numpy'): sys.modules[m] = None\n"
        "sys.path.insert(0, 'tests')\n"
        "from udf_runtime import call\n"
        "print(call('SALARY_BAND', 'AI Engineer', 'Senior', 'London', 'mid'))\n"
    )
    env = {"XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial", "PATH": ""}
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[[110000.0]]"


def test_an_error_cell_in_a_column_fails_only_its_row():
    error_cell = {"type": "Error", "basicValue": "#DIV/0!", "errorType": "Div0"}
    out = call("SALARY_BAND", [["AI Engineer"], [error_cell]], "Senior", "London", "mid")
    assert out == [[110000], [{"type": "Error", "errorType": "Value"}]]
    with pytest.raises(InvalidValueError, match="#DIV/0!"):
        call("SALARY_BAND", error_cell, "Senior")


def test_office_js_rich_values_give_their_basic_value():
    years = {"type": "FormattedNumber", "basicValue": 5.0, "numberFormat": "0"}
    assert call("SALARY_BAND", "MLOps Engineer", years, "UK National", "low") == [[75000]]


def test_empty_strings_and_js_null_in_a_column_mean_the_default():
    class JsNull:  # what Pyodide >= 0.28 hands over for an empty cell
        pass

    regions = [["London"], [""], [JsNull()]]
    assert call("SALARY_BAND", "AI Engineer", "Senior", regions, "low") == [[95000], [80000], [80000]]


def test_classic_raw_values_arrive_as_tuples(monkeypatch):
    monkeypatch.setattr(arguments, "CLASSIC", True)  # the runtime rule lives there
    out = udfs.SALARY_BAND((("AI Engineer",), ("Data Engineer",)), "Senior", "London", "mid")
    assert out == [[110000], [92500]]
    assert udfs.SALARY_ESTIMATE("LLM Engineer", "Senior", "London", (("RAG", "fine-tuning"),),
                                "Scale-up", "low") == 128700
