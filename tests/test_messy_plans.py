"""One answer everywhere: the same messy plan through the template (the `formulas` engine with
our Excel functions registered) and through `budget` gives equal totals and equal problem
counts, row by row and on the Summary.

Each input below once gave a plausible wrong number in one engine or the other."""

import re
from datetime import date, datetime

import pytest
from test_budget_formulas import CALC_COLS, PENNY, engine_values, same

from addin.base.errors import InvalidValueError
from addin.planning import budget
from addin.planning.assumptions import Assumptions
from addin.planning.plan import INPUT_HEADERS, PlanRow
from addin.sheets import plan_reader, summary_sheet, workbook, xlsx_file
from addin.sheets.plan_layout import A_CELL, CALC_FIRST, COL, FIRST_ROW, LAST_ROW

NBSP = "\u00a0"
D = date.fromisoformat


def row(id_, team, role, level, location, type_, ir35=None, start=D("2026-06-01"), end=None,
        fte=None, skills=None, override=None, bonus=None, hire_fee=None, status="Open"):
    return PlanRow(id=id_, team=team, role=role, level=level, location=location, type=type_,
                   ir35=ir35, start=start, end=end, fte=fte, skills=skills, override=override,
                   bonus=bonus, hire_fee=hire_fee, status=status)


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
    # The row inputs of costs: a Bonus and a Hire fee with a Status typed loosely; the
    # guide's equity/bonus percentage for a leadership role, typed in lower case; a
    # Filled row (no fee); a start after the pay review (not reviewed).
    row("M-19", "Hiring", "AI Engineer", "Senior", "London", "Permanent", bonus=0.1,
        hire_fee=0.25, status=" offer "),
    row("M-20", "Hiring", "Head of MLOps", None, "London", "Permanent", bonus=" guide "),
    row("M-21", "Hiring", "Data Engineer", "Senior", "London", "Permanent", status="Filled",
        start=D("2026-04-01")),
    row("M-22", "Hiring", "Data Engineer", "Senior", "London", "Permanent", start=D("2027-02-01"),
        status=None),
    # Problems of the new inputs: a fee on a Filled row, a bonus on a contractor, an unknown
    # status, the guide's bonus on a role that has none.
    row("M-23", "Hiring", "Data Engineer", "Senior", "London", "Permanent", hire_fee=0.2,
        status="Filled"),
    row("M-24", "Hiring", "LLM Engineer", "Senior", None, "Contractor", "Outside", bonus=0.1),
    row("M-25", "Hiring", "Data Engineer", "Senior", "London", "Permanent", status="Hired"),
    row("M-26", "Hiring", "Data Engineer", "Senior", "London", "Permanent", bonus="Guide"),
    # Slips (issue 16, section 2): a salary typed as a day rate and a day rate typed as a
    # salary are problems in both; a rate 300,000 / 110,000 = 2.73 x its band's mid is a
    # row to review; a start after the fiscal year's end is a row outside the year.
    row("M-36", "Slips", "LLM Engineer", "Senior", None, "Contractor", "Outside",
        override=150000),
    row("M-37", "Slips", "AI Engineer", "Senior", "London", "Permanent", override=650),
    row("M-38", "Slips", "AI Engineer", "Senior", "London", "Permanent", override=300000),
    row("M-39", "Slips", "Data Engineer", "Senior", "London", "Permanent", start=D("2027-05-01")),
    # A row of spaces only: blank to both.
    row(" ", " ", " ", " ", " ", " ", start=" ")._replace(status=" "),
    # Issue 16 section 3. Level 5 typed into a cell that still carries a date format
    # (set below): Excel hands PLAN_ROW the number 5, and budget reads 5 too: 5 years is
    # Senior (4-7 years), priced as M-16's band, £95,000-£125,000, mid £110,000.
    row("M-27", "Data", "AI Engineer", 5, "London", "Permanent"),
    # An Excel error value in Team and in Notes (set below): the row is refused in both.
    row("M-28", "Data", "AI Engineer", "Senior", "London", "Permanent"),
    row("M-29", "Data", "AI Engineer", "Senior", "London", "Permanent"),
    # Teams typed with a tab, a line break and Unicode spaces: Data, Platform and LLM in
    # both (Excel's TRIM alone keeps them apart).
    row("M-30", "Data\t", "Data Engineer", "Senior", "London", "Permanent"),
    row("M-31", "\nPlatform", "Data Engineer", "Senior", "London", "Permanent"),
    row("M-32", "LLM\u2003", "Data Engineer", "Senior", "London", "Permanent"),
    row("M-33", f"{NBSP}data\u202f", "Data Engineer", "Senior", "London", "Permanent"),
]
#: The sheet rows of the rows the fixture adds to the built workbook.
UNPRICED = FIRST_ROW + len(MESSY) + 1  # inputs, but its PLAN_ROW formula was not copied in
BELOW, BELOW_BLANK = LAST_ROW + 3, LAST_ROW + 5  # a filled row and a row of spaces under it
NO_FORMULA = ["M-34", "Data", "Data Engineer", "Senior", "London", "Permanent", None,
              D("2026-06-01")]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The messy plan priced by the formulas engine and by budget (~40 s)."""
    # Every cost setting in use: bonus, three kinds of benefit, salary sacrifice, the levy
    # (also on inside-IR35 fees), an agency fee, a recruitment fee and a pay review.
    a = Assumptions(company="Messy Ltd", teams=("Data", "Platform", "LLM"), bonus_rate=0.15,
                    benefits_rate=0.01, bik_rate=0.02, allowance_rate=0.03, sacrifice_rate=0.05,
                    agency_fee=0.1, recruitment_fee=0.2, review_month=date(2027, 1, 1),
                    review_uplift=0.03)
    wb = workbook.build_template(MESSY, a)
    sheet = wb["Assumptions"]
    sheet[A_CELL["Levy"].replace("$", "")] = f" y{NBSP}"  # not the dropdown's "Yes"
    # Emptied: the Employment Allowance is not claimed and the fiscal year is the default
    # (1 April 2026), in PLAN_ROW, budget and the template's own formulas alike.
    sheet[A_CELL["ClaimEA"].replace("$", "")] = None
    sheet[A_CELL["FYStart"].replace("$", "")] = " "
    # 3% typed into a cell still formatted as a date: Excel hands PLAN_ROW 0.03.
    sheet[A_CELL["PensionRate"].replace("$", "")].number_format = "dd/mm/yyyy"
    plan = wb["Plan"]
    line = {r.id: FIRST_ROW + i for i, r in enumerate(MESSY)}
    plan[f"{COL['Level']}{line['M-27']}"].number_format = "dd/mm/yyyy"
    plan[f"{COL['Team']}{line['M-28']}"] = "#N/A"
    plan[f"{COL['Notes']}{line['M-29']}"] = "#REF!"
    for c, v in zip(INPUT_HEADERS, NO_FORMULA):
        plan[f"{COL[c]}{UNPRICED}"] = v
        plan[f"{COL[c]}{BELOW}"] = v
    plan[f"{COL['ID']}{BELOW}"] = "M-35"
    plan[f"{CALC_FIRST}{UNPRICED}"] = None  # the row's PLAN_ROW call
    plan[f"{COL['Team']}{BELOW_BLANK}"], plan[f"{COL['Notes']}{BELOW_BLANK}"] = " ", NBSP
    path = tmp_path_factory.mktemp("messy") / "messy.xlsx"
    xlsx_file.save(wb, path)
    rows, read_a = plan_reader.read_template(path)
    return engine_values(path), budget.price_plan(rows, read_a)


def test_the_messy_assumptions_are_read_as_meant(both):
    _, b = both
    assert b.assumptions.levy is True and b.assumptions.claim_ea is False
    assert b.assumptions.fy_start == D("2026-04-01") and b.assumptions.pension_rate == 0.03
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
    assert sorted(problems) == ["M-07", "M-08", "M-09", "M-10", "M-11", "M-12", "M-23", "M-24",
                                "M-25", "M-26", "M-28", "M-29", "M-34", "M-35", "M-36", "M-37"]
    assert "not a number of years" in problems["M-07"] and "not a number of years" in problems["M-08"]
    # A date typed in Level: budget reads the serial number Excel hands PLAN_ROW
    # (1 October 2026 is 46296), so both say the same words.
    assert "Level 46296 is not a number of years" in problems["M-09"]
    assert "1,000,000,000" in problems["M-10"]
    # 220 days x 0.004 = 0.88 days: the message says what the user typed (FTE).
    assert problems["M-11"].startswith("FTE 0.004 gives a contractor 0.88 billable days")
    assert problems["M-23"].startswith("Hire fee 0.2 is charged for Open or Offer positions")
    assert problems["M-24"].startswith("Bonus 0.1 applies to permanent positions only")
    assert problems["M-25"] == 'Status "Hired" must be Open or Offer or Filled.'
    assert "for permanent leadership roles only" in problems["M-26"]
    assert problems["M-36"].startswith("Override rate £150,000 a day: is this a salary?")
    assert problems["M-37"].startswith("Override rate £650 a year: is this a day rate?")
    assert problems["M-28"].startswith("Team holds the Excel error #N/A")
    assert problems["M-29"].startswith("Notes holds the Excel error #REF!")
    assert "no PLAN_ROW formula" in problems["M-34"]
    assert "below the template's table" in problems["M-35"]
    # 10 problems of the rows as typed, 2 error rows, the row without PLAN_ROW, the row
    # under the table and the two unit slips; the row of spaces under the table counts in
    # neither.
    assert values[("Summary", "B5")] == b.summary["problems"] == 16
    # The Summary's counts of rows to review and rows outside the year (in
    # summary_cells, compared in test_every_summary_figure_agrees) are M-38 and M-39.
    assert (b.summary["review"], b.summary["outside_year"]) == (1, 1)
    assert b.summary["review_rows"][0]["ID"] == "M-38"


def test_every_row_agrees_to_the_penny(both):
    values, b = both
    wrong = []
    for pr in b.rows:
        expected = dict(zip(CALC_COLS, pr.figures.cells()))
        for key, want in expected.items():
            got = values.get(("Plan", f"{key}{pr.row.line}"))
            if pr.row.line in (UNPRICED, BELOW):
                # No PLAN_ROW prices these rows: the Summary counts them (above).
                if not same(None, got):
                    wrong.append((pr.row.id, key, "", got))
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
    # Level 5 over a date format: 5 years, Senior; AI Engineer, Senior, London mid £110,000.
    assert by_id["M-27"].row.level == 5 and by_id["M-27"].rate == 110000


def test_every_summary_figure_agrees(both):
    values, b = both
    s = b.summary
    wrong = [(ref, label, get(s), values.get(("Summary", ref)))
             for ref, label, _f, get, _fmt in summary_sheet.summary_cells()
             if not same(get(s), values.get(("Summary", ref)))]
    assert wrong == []
    # An emptied Claim Employment Allowance is No in both: nothing off (was £10,500 apart).
    assert s["employment_allowance"] == 0 == values[("Summary", "B9")]
    # An emptied fiscal-year start is 1 April 2026 in both: the run-rate and the FTE at the
    # year's end (31 March 2027) count every row in post then.
    # 31 March 2027: 1 October 2026 is serial 46296, plus 31+30+31+31+28+31 - 1 = 181 days.
    assert values[("Assumptions", A_CELL["FYEnd"].replace("$", ""))] == 46296 + 181
    assert s["annual_cost"] > 0 and s["fte_year_end"] > 0


def test_the_summary_s_low_mid_and_high_agree(both):
    """The template's scenario columns (PLAN_SCENARIO) against the plan priced at each by
    budget: a row without its PLAN_ROW formula and the rows under the table are left out
    of both, an error cell's row too."""
    from addin.planning.scenarios import LOW_MID_HIGH, SIDE_BY_SIDE, price_scenarios
    from addin.sheets.scenario_sheet import FIRST_KEY_ROW, scenario_columns

    values, b = both
    every = price_scenarios([r.row for r in b.rows], b.assumptions, LOW_MID_HIGH)
    wrong = [(name, f.key, every.summaries[name][f.key], values.get(("Summary", f"{c}{r}")))
             for c, name in scenario_columns() for r, f in enumerate(SIDE_BY_SIDE, FIRST_KEY_ROW)
             if not same(every.summaries[name][f.key], values.get(("Summary", f"{c}{r}")))]
    assert wrong == []
    assert every.summaries["Mid"] == b.summary  # the messy plan's Scenario is Mid


def test_teams_match_ignoring_case_and_spaces(both):
    values, b = both
    s = b.summary
    assert list(s["by_team"])[:3] == ["Data", "Platform", "LLM"]
    data = sum(r.fy_cost for r in b.rows
               if r.priced and r.row.id in ("M-01", "M-02", "M-03", "M-27", "M-30", "M-33"))
    assert s["by_team"]["Data"] == pytest.approx(data)
    for i, team in enumerate(("Data", "Platform", "LLM")):
        r = summary_sheet.TEAM_HEAD + 1 + i
        assert values[("Summary", f"G{r}")] == team
        assert abs(values[("Summary", f"H{r}")] - s["by_team"][team]) < PENNY


def test_the_cost_inputs_price_as_meant(both):
    values, b = both
    by_id = {r.row.id: r for r in b.rows}
    fee, fy = COL["Hire fee cost"], COL["FY cost"]
    # AI Engineer, Senior, London at mid: £110,000; a 25% fee on it, in June (the start).
    m19 = by_id["M-19"]
    assert m19.fee == 27500 and values[("Plan", f"{fee}{m19.row.line}")] == 27500
    june = m19.months[2]
    assert june == pytest.approx(m19.annual_cost / 12 + 27500)
    # Head of MLOps, London: £140,000-£180,000 with equity/bonus 10%-25% of base; at mid
    # £160,000 with a 17.5% bonus: £28,000 more pay than the 15% target's £24,000.
    m20 = by_id["M-20"]
    target = budget.price_row(m20.row._replace(bonus=None), b.assumptions)
    assert m20.rate == 160000
    gap = m20.annual_cost - target.annual_cost
    # The gap is £4,000 of bonus with employer NIC (15%), levy (0.5%) on it.
    assert gap == pytest.approx(4000 * 1.155)
    # Filled: no fee. Its start precedes the review: reviewed from January.
    m21 = by_id["M-21"]
    assert m21.fee == 0 and m21.reviewed_cost > m21.annual_cost
    assert m21.months[9] == pytest.approx(m21.reviewed_cost / 12)
    assert m21.year_end_cost == m21.reviewed_cost
    # Blank Status is Open: the 20% fee on £92,500 (Data Engineer, Senior, London:
    # £80,000-£105,000, mid) in its start month, February; started after the review: not
    # reviewed.
    m22 = by_id["M-22"]
    assert m22.rate == 92500 and m22.fee == pytest.approx(18500)
    assert m22.reviewed_cost is None and m22.year_end_cost == m22.annual_cost
    assert values[("Plan", f"{fy}{m22.row.line}")] == pytest.approx(m22.annual_cost / 6 + 18500,
                                                                    abs=PENNY)


def test_moved_input_columns_are_refused_by_both_in_the_same_words(tmp_path):
    # Bonus (M) and Hire fee (N) swapped, headers and values: PLAN_ROW reads by position
    # and budget by header, so the same row once priced a 25% bonus in one and a 10% bonus
    # in the other, each with 0 problems. Now neither prices it, and both say why.
    wb = workbook.build_template([MESSY[18]], Assumptions())  # M-19: Bonus 10%, Hire fee 25%
    plan = wb["Plan"]
    for r in (3, FIRST_ROW):
        bonus, fee = plan[f"{COL['Bonus']}{r}"], plan[f"{COL['Hire fee']}{r}"]
        bonus.value, fee.value = fee.value, bonus.value
    path = tmp_path / "moved.xlsx"
    xlsx_file.save(wb, path)
    words = ('Column M of the Plan is headed "Hire fee" where the template has "Bonus": its '
             "input columns were moved or inserted.")
    with pytest.raises(InvalidValueError, match=re.escape(words)):
        plan_reader.read_template(path)
    values = engine_values(path)
    assert values[("Plan", f"{COL['Check']}{FIRST_ROW}")].startswith(words)
    assert values[("Plan", f"{COL['FY cost']}{FIRST_ROW}")] in ("", None)
    assert values[("Summary", "B5")] == 1 and values[("Summary", "B7")] == 0
