"""Scenarios side by side (issue 19 section 5): `budget --scenarios` prices a plan at several
points in one run, and each scenario's summary is the single run at that point, to the
penny. The template's Low, Mid and High columns: tests/test_budget_formulas.py and
tests/test_messy_plans.py (the formulas engine) and tests/test_lite_pyodide.py."""

import json
from datetime import date

import openpyxl
import pytest
from test_messy_plans import MESSY

from addin.base.errors import InvalidValueError
from addin.commands.cli import main
from addin.commands.cli_budget import json_chunks
from addin.commands.display import json_text
from addin.planning import budget, plan_csv, scenarios
from addin.planning.assumptions import Assumptions
from addin.planning.key_figures import KEY_FIGURES
from addin.planning.plan import PlanRow
from addin.sheets import workbook, xlsx_file
from addin.sheets.summary_sheet import KEY_CELL

# ---------------------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------------------


def test_names_are_read_in_any_case_and_points_as_typed():
    assert scenarios.parse_scenarios("low,mid,high") == ("Low", "Mid", "High")
    assert scenarios.parse_scenarios(" LOW , Mid,hIgH ") == ("Low", "Mid", "High")
    assert scenarios.parse_scenarios("0.25,0.5,0.9") == ("0.25", "0.5", "0.9")
    assert scenarios.parse_scenarios("high") == ("High",)


@pytest.mark.parametrize("text, words", [
    ("", "give a list"),
    ("low,,high", "an empty item"),
    ("low,", "an empty item"),
    ("low,medium", '"medium" is not'),
    ("low,1.5", "outside 0 to 1"),
    ("0.5,mid", "Mid is the same point as 0.5"),
    ("low,LOW", "Low is the same point as Low"),
    (",".join(f"0.{k}" for k in range(1, 10)) + ",0.95,1", "at most 10"),
])
def test_a_bad_list_is_one_clear_line(text, words):
    with pytest.raises(InvalidValueError) as e:
        scenarios.parse_scenarios(text)
    assert words in str(e.value) and "\n" not in str(e.value)


# ---------------------------------------------------------------------------------------
# By hand: two rows at the guide's 25th, 50th and 75th points
# ---------------------------------------------------------------------------------------
# data/salary_bands.csv: AI Engineer, Senior, London 95,000 to 125,000 (the 25th and 75th
# percentiles; Mid is halfway, 110,000). data/day_rates.csv: AI Engineer, Senior 650 to 800
# a day (Mid 725). data/tax_years.csv 2026/27: employer NIC 15% over 5,000; pension 3% of
# qualifying earnings 6,240 to 50,270 = 0.03 x 44,030 = 1,320.90.
TWO_ROWS = [
    PlanRow(id="P1", role="AI Engineer", level="Senior", location="London", type="Permanent",
            start=date(2026, 4, 1)),
    PlanRow(id="C1", role="AI Engineer", level="Senior", location="London", type="Contractor",
            ir35="Outside", start=date(2026, 10, 1)),
]
BY_HAND = {
    # Low: 95,000 + 0.15 x (95,000 - 5,000) = 13,500 + 1,320.90 = 109,820.90 a year, in
    # post all year; the contractor 650 x 220 days = 143,000 a year, from October: half.
    "Low": dict(fy_cost=109_820.90 + 71_500, fy_nic=13_500, annual_cost=109_820.90 + 143_000),
    # Mid: 110,000 + 15,750 + 1,320.90 = 127,070.90; 725 x 220 = 159,500, half 79,750.
    "Mid": dict(fy_cost=127_070.90 + 79_750, fy_nic=15_750, annual_cost=127_070.90 + 159_500),
    # High: 125,000 + 18,000 + 1,320.90 = 144,320.90; 800 x 220 = 176,000, half 88,000.
    "High": dict(fy_cost=144_320.90 + 88_000, fy_nic=18_000, annual_cost=144_320.90 + 176_000),
}


def test_two_rows_at_low_mid_and_high_by_hand():
    got = scenarios.price_scenarios(TWO_ROWS, None, ("Low", "Mid", "High"))
    assert list(got.summaries) == ["Low", "Mid", "High"]
    assert [r.rate for r in got.first.rows] == [95_000, 650]  # the rows are Low's
    high = scenarios.price_scenarios(TWO_ROWS, None, ("High",))
    assert [r.rate for r in high.first.rows] == [125_000, 800]
    for name, want in BY_HAND.items():
        s = got.summaries[name]
        for key, value in want.items():
            assert s[key] == pytest.approx(value, abs=0.001), (name, key)
        assert s["net_fy_cost"] == pytest.approx(want["fy_cost"], abs=0.001)  # no EA claimed
        assert s["fte_year_end"] == 2 and s["priced"] == 2 and s["scenario"] == name
    assert got.first.summary is got.summaries["Low"]


def test_the_side_by_side_text_of_the_two_rows(tmp_path, capsys):
    plan = tmp_path / "two.csv"
    plan.write_text(plan_csv.write_csv(TWO_ROWS), encoding="utf-8")
    assert main(["budget", str(plan), "--scenarios", "low,MID,high", "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert "scenarios Low, Mid and High side by side (the rows, their problems and the " \
           "breakdowns at Low)" in out
    line = next(t for t in out.splitlines() if t.startswith("In-year cost"))
    assert line.split()[-3:] == ["£181,320.90", "£206,820.90", "£232,320.90"]
    line = next(t for t in out.splitlines() if t.startswith("Less Employment Allowance"))
    assert line.split()[-6:] == ["not", "claimed"] * 3


# ---------------------------------------------------------------------------------------
# Each scenario is the single run at its point, to the penny
# ---------------------------------------------------------------------------------------
POINTS = ("low", "mid", "high", "0.3")


def _json(capsys, argv) -> dict:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def messy_plan(tmp_path_factory):
    """tests/test_messy_plans.py's rows in a template, with every cost setting in use."""
    a = Assumptions(company="Messy Ltd", teams=("Data", "Platform", "LLM"), bonus_rate=0.15,
                    benefits_rate=0.01, bik_rate=0.02, allowance_rate=0.03, sacrifice_rate=0.05,
                    agency_fee=0.1, recruitment_fee=0.2, review_month=date(2027, 1, 1),
                    review_uplift=0.03, claim_ea=True)
    path = tmp_path_factory.mktemp("messy") / "messy.xlsx"
    xlsx_file.save(workbook.build_template(MESSY, a), path)
    return path


@pytest.fixture(scope="module")
def demo_plan(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.csv"
    rows, _a = plan_csv.demo_plan()
    path.write_text(plan_csv.write_csv(rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("which", ["demo_plan", "messy_plan"])
def test_each_scenario_equals_a_single_run_to_the_penny(which, request, capsys):
    plan = str(request.getfixturevalue(which))
    together = _json(capsys, ["budget", plan, "--json", "--scenarios", ",".join(POINTS)])
    assert list(together["scenarios"]) == ["Low", "Mid", "High", "0.3"]
    assert together["rows_scenario"] == "Low"
    fy_costs = []
    for point, name in zip(POINTS, together["scenarios"]):
        alone = _json(capsys, ["budget", plan, "--json", "--scenario", point])
        s = together["scenarios"][name]
        for f in KEY_FIGURES:  # every key figure, and the whole summary besides
            assert s[f.key] == alone["summary"][f.key], (which, name, f.key)
        assert s == alone["summary"]
        if point == "low":  # the rows are the first scenario's
            assert together["rows"] == alone["rows"]
        fy_costs.append(s["fy_cost"])
    # The points are in order: Low < 0.3 < Mid < High.
    assert fy_costs[0] < fy_costs[3] < fy_costs[1] < fy_costs[2]


def test_the_messy_plan_has_problems_in_every_scenario(messy_plan):
    from addin.sheets.plan_reader import read_template

    rows, a = read_template(messy_plan)
    got = scenarios.price_scenarios(rows, a, ("Low", "High"))
    single = budget.price_plan(rows, a._replace(scenario="High"))
    assert got.summaries["High"] == single.summary
    assert got.summaries["Low"]["problems"] == single.summary["problems"] > 10


def test_scenario_and_scenarios_together_is_one_clear_line(demo_plan, capsys):
    assert main(["budget", str(demo_plan), "--scenario", "low", "--scenarios", "low,high"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not both" in err


def test_a_bad_list_on_the_command_line_is_one_line_and_writes_nothing(tmp_path, demo_plan,
                                                                        capsys):
    report = tmp_path / "r.xlsx"
    assert main(["budget", str(demo_plan), "--scenarios", "low,,high", "-o", str(report)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "empty item" in err and not report.exists()


# ---------------------------------------------------------------------------------------
# JSON and the report
# ---------------------------------------------------------------------------------------


def test_the_json_streams_the_same_text_as_the_whole():
    rows, a = plan_csv.demo_plan()
    got = scenarios.price_scenarios(rows, a, ("High", "0.25"))
    whole = json_text({"rows": got.first.row_dicts(), "rows_scenario": "High",
                       "scenarios": got.summaries})
    streamed = "".join(json_chunks(got.first, got))
    assert streamed == whole
    assert json.loads(streamed, parse_constant=lambda c: pytest.fail(c))["scenarios"]["0.25"][
        "scenario"] == "0.25"


def test_the_report_has_the_scenarios_side_by_side(tmp_path, capsys):
    plan = tmp_path / "two.csv"
    plan.write_text(plan_csv.write_csv(TWO_ROWS), encoding="utf-8")
    report = tmp_path / "two_report.xlsx"
    assert main(["budget", str(plan), "--scenarios", "low,mid,high", "-o", str(report)]) == 0
    wb = openpyxl.load_workbook(report)
    assert wb.sheetnames[:2] == ["Summary", "Scenarios"]
    ws = wb["Scenarios"]
    assert [ws.cell(4, j).value for j in range(1, 5)] == ["Key figure", "Low", "Mid", "High"]
    by_label = {ws.cell(r, 1).value: [ws.cell(r, j).value for j in (2, 3, 4)]
                for r in range(5, 5 + len(KEY_FIGURES))}
    label = next(f.label for f in KEY_FIGURES if f.key == "fy_cost")
    assert by_label[label] == pytest.approx([181_320.90, 206_820.90, 232_320.90], abs=0.001)
    # The report's Summary and Plan are the first scenario's: the permanent row at 95,000.
    assert wb["Summary"][KEY_CELL["fy_cost"]].value == pytest.approx(181_320.90, abs=0.001)


def test_a_36_month_horizon_shows_each_scenario_s_years_and_total(demo_plan, capsys):
    plan = str(demo_plan)
    together = _json(capsys, ["budget", plan, "--json", "--months", "36", "--scenarios",
                              "low,high"])["scenarios"]
    for point, name in (("low", "Low"), ("high", "High")):
        alone = _json(capsys, ["budget", plan, "--json", "--months", "36", "--scenario", point])
        assert together[name] == alone["summary"]
    assert main(["budget", plan, "--months", "36", "--scenarios", "low,high", "-o", "-"]) == 0
    lines = capsys.readouterr().out.splitlines()
    label = next(f.label for f in KEY_FIGURES if f.key == "horizon_cost")
    total = next(t for t in lines if t.startswith(label))
    # Once: the key figures hold the horizon's cost, and nothing repeats it.
    assert sum(t.startswith("Cost over the horizon (") for t in lines) == 1
    # Each column as the text shows money (the single runs' horizon totals).
    assert total.split()[-2:] == [f"£{together[n]['horizon_cost']:,.2f}" for n in ("Low", "High")]
    years = [t for t in lines if t.startswith("Cost, fiscal year from")]
    assert [t.split()[4:7] for t in years] == [["1", "Apr", "2026"], ["1", "Apr", "2027"],
                                              ["1", "Apr", "2028"]]
    # The three years add up to the horizon, in each scenario.
    for name in ("Low", "High"):
        s = together[name]
        assert round(sum(y["fy_cost"] for y in s["fiscal_years"]), 2) == s["horizon_cost"]
