"""Proof: an independent engine (`formulas`) computes the filled demo template, with our Excel
functions registered, to the same figures as the budget command, to the penny."""

from datetime import date

import pytest

from addin.guide import pay
from addin.packaging import template_file
from addin.planning import budget, plan_csv
from addin.sheets import plan_reader, summary_sheet
from addin.sheets.plan_layout import CALC_COLUMNS, COL, FIRST_ROW, LAST_ROW

PENNY = 0.005
EXCEL_EPOCH = date(1899, 12, 30)
#: PLAN_ROW's columns, in the order of RowFigures.cells().
CALC_COLS = tuple(COL[c.header] for c in CALC_COLUMNS)


def excel_functions():
    """Every Excel function of addin.excel.udfs by its Excel name (imported here, after conftest
    switched xlwings' server runtime on)."""
    import addin.excel.udfs as udfs

    found = {}
    for value in vars(udfs).values():
        info = getattr(value, "__xlfunc__", None)
        if info and callable(value):
            found[info["name"].upper()] = value
    missing = {"PLAN_ROW", "EMPLOYMENT_ALLOWANCE"} - set(found)
    assert not missing, f"addin.excel.udfs lacks {sorted(missing)}"
    return found


def engine_values(path):
    from formula_engine import calculate_workbook, registered

    with registered(excel_functions()):
        return calculate_workbook(path)


def differences(values, b) -> tuple[list, list]:
    """Return the Plan cells, then the Summary cells, where the calculated template
    (``values``: engine_values) differs from `budget`'s priced plan ``b``: both [] when the
    two agree cell by cell."""
    from addin.sheets import summary_sheet

    plan = [(pr.row.id, key, want, values.get(("Plan", f"{key}{pr.row.line}")))
            for pr in b.rows for key, want in zip(CALC_COLS, pr.figures.cells())
            if not same(want, values.get(("Plan", f"{key}{pr.row.line}")))]
    s = b.summary
    summary = [(ref, label, get(s), values.get(("Summary", ref)))
               for ref, label, _f, get, _fmt in summary_sheet.summary_cells()
               if not same(get(s), values.get(("Summary", ref)))]
    return plan, summary


def same(expected, got) -> bool:
    if expected in (None, ""):
        return got in ("", None)
    if isinstance(expected, str):
        return expected == got
    if isinstance(expected, date):
        expected = (expected - EXCEL_EPOCH).days
    return isinstance(got, (int, float)) and abs(expected - got) < PENNY


@pytest.fixture(scope="module")
def demo_values(tmp_path_factory):
    """The filled demo template, all 200 Plan rows, computed by the formulas engine (~40 s)."""
    rows, a = plan_csv.demo_plan()
    path = tmp_path_factory.mktemp("formulas") / "demo.xlsx"
    template_file.write_template(path, rows, a)
    return path, engine_values(path)


def test_every_calculated_cell_equals_the_budget_command(demo_values):
    path, values = demo_values
    rows, a = plan_reader.read_template(path)
    b = budget.price_plan(rows, a)
    assert b.summary["problems"] == 1 and b.summary["priced"] == len(b.rows) - 1
    wrong = []
    for pr in b.rows:
        r = pr.row.line
        expected = dict(zip(CALC_COLS, pr.figures.cells()))
        for key, want in expected.items():
            got = values.get(("Plan", f"{key}{r}"))
            if not same(want, got):
                wrong.append((r, key, want, got))
    for r in range(FIRST_ROW + len(b.rows), LAST_ROW + 1):  # the blank rows stay blank
        for col in CALC_COLS:
            if not same(None, values.get(("Plan", f"{col}{r}"))):
                wrong.append((r, col, "", values.get(("Plan", f"{col}{r}"))))
    s = b.summary
    for ref, label, _formula, get, _fmt in summary_sheet.summary_cells():
        if not same(get(s), values.get(("Summary", ref))):
            wrong.append(("Summary", ref, label, get(s), values.get(("Summary", ref))))
    team_rows = range(summary_sheet.TEAM_HEAD + 1, summary_sheet.TEAM_HEAD + 1 + len(a.teams))
    for team, r in zip(a.teams, team_rows):
        assert values[("Summary", f"G{r}")] == team
        if not same(s["by_team"][team], values[("Summary", f"H{r}")]):
            wrong.append(("Summary team", team, s["by_team"][team], values[("Summary", f"H{r}")]))
    for i, role in enumerate(pay.roles()):
        got = values[("Summary", f"H{summary_sheet.ROLE_HEAD + 1 + i}")]
        if not same(s["by_role"].get(role, 0.0), got):
            wrong.append(("Summary role", role, s["by_role"].get(role), got))
    assert wrong == []


def test_the_by_hand_rows_in_the_engine(demo_values):
    _, values = demo_values
    # The by-hand rows of the demo, read from the engine's own results.
    plan = {values[("Plan", f"A{r}")]: r for r in range(FIRST_ROW, FIRST_ROW + 30)
            if values.get(("Plan", f"A{r}"))}
    ai, llm = plan["AI-04"], plan["LLM-06"]
    rate, annual, fy = COL["Rate"], COL["Annual cost"], COL["FY cost"]
    assert values[("Plan", f"{rate}{ai}")] == 110000
    assert values[("Plan", f"{annual}{ai}")] == pytest.approx(127070.90, abs=PENNY)
    assert values[("Plan", f"{fy}{ai}")] == pytest.approx(63535.45, abs=PENNY)
    assert values[("Plan", f"{rate}{llm}")] == 800
    assert values[("Plan", f"{annual}{llm}")] == pytest.approx(176000, abs=PENNY)
    assert values[("Plan", f"{fy}{llm}")] == pytest.approx(44000, abs=PENNY)
    assert values[("Summary", "B5")] == 1  # the broken row, counted


def test_the_summary_s_low_mid_and_high_equal_budget_scenarios(demo_values, capsys):
    """The template's Low, Mid and High columns (one PLAN_SCENARIO call each) against
    `budget --scenarios low,mid,high` of the same file, every figure to the penny; the Mid
    column is the key figures' own column too (the demo's Scenario is Mid)."""
    import json

    from addin.commands.cli import main
    from addin.planning.scenarios import SIDE_BY_SIDE
    from addin.sheets.scenario_sheet import FIRST_KEY_ROW, HEAD_ROW, scenario_columns

    path, values = demo_values
    assert main(["budget", str(path), "--json", "--scenarios", "low,mid,high", "-o", "-"]) == 0
    together = json.loads(capsys.readouterr().out)["scenarios"]
    wrong = []
    for column, name in scenario_columns():
        assert values[("Summary", f"{column}{HEAD_ROW}")] == name
        for r, f in enumerate(SIDE_BY_SIDE, FIRST_KEY_ROW):
            got = values.get(("Summary", f"{column}{r}"))
            if not same(together[name][f.key], got):
                wrong.append((name, f.key, together[name][f.key], got))
            if name == "Mid" and not same(values[("Summary", f"B{r}")], got):
                wrong.append(("as set", f.key, values[("Summary", f"B{r}")], got))
    assert wrong == []
    # The demo at the guide's 25th and 75th points costs less and more than at its mid.
    fy = FIRST_KEY_ROW + [f.key for f in SIDE_BY_SIDE].index("fy_cost")
    low, mid, high = (values[("Summary", f"{c}{fy}")] for c, _ in scenario_columns())
    assert low < mid < high
