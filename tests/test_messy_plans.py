"""One answer everywhere: the same messy plan through the template (the `formulas` engine with
our Excel functions registered) and through `budget` gives equal totals and equal problem
counts, row by row and on the Summary.

Each input below once gave a plausible wrong number in one engine or the other."""

from datetime import date, datetime

import pytest

from addin import budget, workbook
from addin.budget import Assumptions, PlanRow
from addin.workbook import A_CELL, COL, FIRST_ROW, MONTH_COLS
from test_budget_formulas import PENNY, engine_values, same

NBSP = "\u00a0"
D = date.fromisoformat


def row(id_, team, role, level, location, type_, ir35=None, start=D("2026-06-01"), end=None,
        fte=None, skills=None, override=None):
    return PlanRow(id_, team, role, level, location, type_, ir35, start, end, fte, skills,
                   override, "Open", None)


MESSY = [
    # Clean rows, teams differing only in case and spaces (one team in both engines).
    row("M-01", "Data", "Data Engineer", "Senior", "London", "Permanent"),
    row("M-02", "data", "Data Engineer", "Mid-Level", "UK National", "Permanent"),
    row("M-03", f" DATA{NBSP}", "AI Engineer", "Senior", "London", "Permanent"),
    # A Type pasted from a web page, with a no-break space: a contractor in both.
    row("M-04", "Platform", "LLM Engineer", "Senior", None, f"Contractor{NBSP}", "Outside",
        end=D("2026-12-31")),
    # A leadership alias typed past the dropdown: Chief AI Officer in both.
    row("M-05", "Platform", "CAIO", None, "London", "Permanent"),
    # FTE, Override and End holding only a space: read as blank in both.
    row("M-06", "Platform", "MLOps Engineer", "Senior", "Remote UK", "Permanent", fte=" ",
        override=" ", end=" "),
    # Problems, counted in both: a year and a date serial in Level, a date in Level,
    # an absurd override, a contractor billing under one day, an unknown role.
    row("M-07", "Data", "AI Engineer", 2019, "London", "Permanent"),
    row("M-08", "Data", "AI Engineer", 46296, "London", "Permanent"),
    row("M-09", "Data", "AI Engineer", datetime(2026, 10, 1), "London", "Permanent"),
    row("M-10", "Data", "AI Engineer", "Senior", "London", "Permanent", override=1e308),
    row("M-11", "Data", "ML Engineer", "Senior", None, "Contractor", "Inside", fte=0.004),
    row("M-12", "Data", "Astronaut", "Senior", "London", "Permanent"),
    # Skills per row, a part-timer, a later start, an inside contractor.
    row("M-13", "LLM", "LLM Engineer", "Senior", "London", "Permanent", skills="RAG"),
    row("M-14", "LLM", "LLM Engineer", "Senior", "London", "Permanent", skills="fine-tuning",
        fte=0.5, start=D("2026-11-16")),
    row("M-15", "LLM", "LLM Engineer", "Lead/Principal", None, "Contractor", " inside ",
        start=D("2027-01-04")),
    # Overrides placed in the band the row would price from (issue "Where does this offer
    # sit?"): AI Engineer Senior London £95,000-£125,000; LLM Engineer Senior inside IR35
    # £560-£765 a day (700 x 0.80 to 900 x 0.85); one above its band.
    row("M-16", "LLM", "AI Engineer", "Senior", "London", "Permanent", override=120000),
    row("M-17", "LLM", "LLM Engineer", "Senior", None, "Contractor", "Inside", override=700),
    row("M-18", "LLM", "AI Engineer", "Senior", "London", "Permanent", override=140000),
    # A row of spaces only: blank to both.
    row(" ", " ", " ", " ", " ", " ", start=" ")._replace(status=" "),
]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The messy plan priced by the formulas engine and by budget (~40 s)."""
    # Every cost setting in use: bonus, three kinds of benefit, salary sacrifice, the levy
    # (also on inside-IR35 fees) and an agency fee.
    a = Assumptions(company="Messy Ltd", teams=("Data", "Platform", "LLM"), bonus_rate=0.15,
                    benefits_rate=0.01, bik_rate=0.02, allowance_rate=0.03, sacrifice_rate=0.05,
                    agency_fee=0.1)
    wb = workbook.build_template(MESSY, a)
    sheet = wb["Assumptions"]
    sheet[A_CELL["Levy"].replace("$", "")] = True  # a boolean, not the dropdown's "Yes"
    sheet[A_CELL["ClaimEA"].replace("$", "")] = f"Yes {NBSP}"
    path = tmp_path_factory.mktemp("messy") / "messy.xlsx"
    workbook.save(wb, path)
    rows, read_a = workbook.read_template(path)
    return engine_values(path), budget.price_plan(rows, read_a)


def test_the_messy_assumptions_are_read_as_meant(both):
    _, b = both
    assert b.assumptions.levy is True and b.assumptions.claim_ea is True
    assert (b.assumptions.bonus_rate, b.assumptions.sacrifice_rate) == (0.15, 0.05)


def test_an_inside_contractor_carries_the_on_costs_in_both(both):
    values, b = both
    m17 = next(r for r in b.rows if r.row.id == "M-17")
    # 700 a day x 220 days x (1 + 15% NIC + 0.5% levy + 10% agency fee) = 193,270.
    assert m17.annual_cost == pytest.approx(193270, abs=0.005)
    assert values[("Plan", f"{COL['Annual cost']}{m17.row.line}")] == pytest.approx(193270, abs=0.005)


def test_problem_counts_agree_and_name_each_problem(both):
    values, b = both
    problems = {r.row.id: r.check for r in b.rows if r.check}
    assert sorted(problems) == ["M-07", "M-08", "M-09", "M-10", "M-11", "M-12"]
    assert "not a number of years" in problems["M-07"] and "not a number of years" in problems["M-08"]
    assert "is a date" in problems["M-09"]
    assert "1,000,000,000" in problems["M-10"]
    # 220 days x 0.004 = 0.88 days: the message says what the user typed (FTE).
    assert problems["M-11"].startswith("FTE 0.004 gives a contractor 0.88 billable days")
    assert values[("Summary", "B5")] == b.summary["problems"] == 6


def test_every_row_agrees_to_the_penny(both):
    values, b = both
    wrong = []
    for pr in b.rows:
        expected = budget.calc_values(pr)
        for k, m in enumerate(MONTH_COLS):
            expected[m] = None if pr.months is None else pr.months[k]
        for key, want in expected.items():
            got = values.get(("Plan", f"{COL.get(key, key)}{pr.row.line}"))
            if key == "Check" and pr.row.id == "M-09":
                # Excel hands a date to PLAN_ROW as its serial number: the same problem,
                # worded from what each engine can see.
                assert "46296 is not a number of years" in got and "is a date" in want
            elif not same(want, got):
                wrong.append((pr.row.id, key, want, got))
    assert wrong == []


def test_the_messy_rows_price_as_meant(both):
    _, b = both
    by_id = {r.row.id: r for r in b.rows}
    assert by_id["M-04"].type == "Contractor" and by_id["M-04"].rate == 800  # LLM Senior mid
    assert by_id["M-05"].role == "Chief AI Officer"
    m06 = by_id["M-06"]
    assert (m06.fte, m06.end, m06.check) == (1.0, None, "")
    assert " " not in [r.row.id for r in b.rows]  # the row of spaces is blank
    # 120,000 / 110,000 = 1.0909; (120,000 - 95,000) / 30,000 = 0.8333.
    assert round(by_id["M-16"].compa_ratio, 4) == 1.0909
    assert round(by_id["M-16"].band_position, 4) == 0.8333
    # 700 / 662.50 = 1.0566; (700 - 560) / 205 = 0.6829.
    assert round(by_id["M-17"].compa_ratio, 4) == 1.0566
    assert round(by_id["M-17"].band_position, 4) == 0.6829
    assert by_id["M-18"].band_position == pytest.approx(45000 / 30000)  # above the band
    assert by_id["M-01"].compa_ratio is None  # no override, no position


def test_every_summary_figure_agrees(both):
    values, b = both
    s = b.summary
    wrong = [(ref, label, get(s), values.get(("Summary", ref)))
             for ref, label, _f, get, _fmt in workbook.summary_cells()
             if not same(get(s), values.get(("Summary", ref)))]
    assert wrong == []
    # Levy TRUE reached every permanent row, ClaimEA "Yes " the allowance (2026/27: £10,500).
    assert s["employment_allowance"] == pytest.approx(min(10500, s["fy_nic"]))
    assert s["employment_allowance"] > 0


def test_teams_match_ignoring_case_and_spaces(both):
    values, b = both
    s = b.summary
    assert list(s["by_team"])[:3] == ["Data", "Platform", "LLM"]
    data = sum(r.fy_cost for r in b.rows if r.priced and r.row.id in ("M-01", "M-02", "M-03"))
    assert s["by_team"]["Data"] == pytest.approx(data)
    for i, team in enumerate(("Data", "Platform", "LLM")):
        r = workbook.TEAM_HEAD + 1 + i
        assert values[("Summary", f"G{r}")] == team
        assert abs(values[("Summary", f"H{r}")] - s["by_team"][team]) < PENNY
