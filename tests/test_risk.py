"""Hiring as it really happens (issue 19 §6, modelled): start slip by Status, offer acceptance
of Open rows, attrition by team with a backfill lag; the risk-adjusted total beside the
total as entered in `budget` (text, JSON, report), the template (formulas engine) and
addin.frames. Every figure is worked by hand in its comment."""

import json
from datetime import date

import openpyxl
import pytest
from test_budget_formulas import differences, engine_values
from udf_runtime import call

from addin.base.errors import InvalidValueError
from addin.commands.cli import main
from addin.commands.cli_budget import format_summary, json_chunks
from addin.planning import budget, risk
from addin.planning.assumptions import ROW_SETTINGS, Assumptions
from addin.planning.columns import INPUT_HEADERS, OUT
from addin.planning.grid import HEADER_ROW
from addin.planning.plan import PlanRow
from addin.sheets import plan_reader, summary_sheet, workbook, xlsx_file

D = date.fromisoformat


def hire(team, start, status=None, **cells) -> PlanRow:
    # Override rate £60,000 with no pension: 60,000 + 15% x (60,000 - 5,000) NIC = £68,250
    # a year, £5,687.50 a month (568,750 pence), whole months exactly.
    return PlanRow(id=f"{team[0]}{start[5:7]}", team=team, role="AI Engineer", level="Senior",
                   location="London", type="Permanent", start=D(start), override=60000,
                   status=status, **cells)


ROWS = [hire("Research", "2025-01-01", "Filled"),  # in post all year, long before it
        hire("Platform", "2026-06-01", "Offer"),
        hire("Research", "2026-09-01")]  # no Status: Open
RISK = dict(pension_rate=0, slip_open=2, slip_offer=1, acceptance=0.8, attrition=0.2,
            backfill_lag=3, team_attrition="Platform=0%")
# As entered: the Filled row 12 x 5,687.50 = 68,250; the Offer row June to March, 10 months:
# 56,875; the Open row September to March, 7 months: 39,812.50. Total 164,937.50.
AS_ENTERED = 164937.50
# Risk-adjusted (attrition 20% plan-wide, Platform 0%; lag 3 months):
# * Filled, Research, started 15 months before the year: every month n >= 3, so it costs
#   1 - 0.2 x 3 / 12 = 0.95 of 568,750 = 540,312.5 pence, half up 540,313: £5,403.13 x 12
#   = £64,837.56.
# * Offer, Platform: slipped 1 month to 1 July, 9 months x 5,687.50 = £51,187.50 (no
#   acceptance on an Offer row, no attrition in Platform).
# * Open, Research: slipped 2 months to 1 November, x 0.8 acceptance (455,000 pence a month):
#   Nov n=0: 455,000; Dec n=1: x (1 - 0.2/12) = 447,416.67 -> 447,417; Jan n=2: x (1 - 0.4/12)
#   = 439,833.33 -> 439,833; Feb and Mar n=3: x 0.95 = 432,250 each. Sum 2,206,750 pence:
#   £22,067.50.
# Total 64,837.56 + 51,187.50 + 22,067.50 = £138,092.56.
RISK_ADJUSTED = 138092.56
OPEN_MONTHS = [0.0] * 7 + [4550.00, 4474.17, 4398.33, 4322.50, 4322.50]


def test_a_small_plan_worked_month_by_month():
    b = budget.price_plan(ROWS, Assumptions(**RISK))
    filled, offer, open_ = b.rows
    assert [r.fy_cost for r in b.rows] == [68250.00, 56875.00, 39812.50]
    assert [r.risk_cost for r in b.rows] == [64837.56, 51187.50, 22067.50]
    assert b.summary["fy_cost"] == AS_ENTERED and b.summary["risk_horizon_cost"] == RISK_ADJUSTED
    # The month by month of the Open row, worked above, from the as-entered cost's months.
    a = b.assumptions
    slipped = budget.price_row(open_.row._replace(start=D("2026-11-01")),
                               Assumptions(pension_rate=0).checked())
    assert [p / 100 for p in risk.adjusted_pence(slipped.months, D("2026-11-01"), a.fy_start,
                                                 0.8, 0.2, 3)] == OPEN_MONTHS
    # The rows' own Start and figures as entered stay as typed.
    assert open_.start == D("2026-09-01") and open_.months[5] == 5687.50


def test_over_a_24_month_horizon_every_month_is_adjusted():
    b = budget.price_plan([ROWS[2]], Assumptions(months=24, **RISK))
    (open_,) = b.rows
    # As entered: September 2026 to March 2028, 19 months x 5,687.50 = 108,062.50 (the first
    # fiscal year 39,812.50). Risk-adjusted: from November 2026 as worked above, 4,550.00 +
    # 4,474.17 + 4,398.33, then February 2027 to March 2028, 14 months x 4,322.50 = 60,515:
    # 73,937.50.
    assert (open_.fy_cost, open_.horizon_cost, open_.risk_cost) == (39812.50, 108062.50,
                                                                    73937.50)
    assert b.summary["horizon_cost"] == 108062.50
    assert b.summary["risk_horizon_cost"] == 73937.50


def test_with_the_settings_off_the_two_totals_are_equal():
    b = budget.price_plan(ROWS, Assumptions(pension_rate=0))
    assert b.summary["risk_horizon_cost"] == b.summary["fy_cost"] == AS_ENTERED
    assert all(r.risk_cost == r.fy_cost for r in b.rows)
    # Attrition without a lag costs nothing: the seat is refilled at once.
    b = budget.price_plan(ROWS, Assumptions(pension_rate=0, attrition=0.5))
    assert b.summary["risk_horizon_cost"] == AS_ENTERED


def test_a_start_slipped_past_the_end_costs_nothing_and_filled_rows_never_slip():
    # Open from 1 February to 31 March 2027, slipped 2 months to 1 April: after its End.
    late = hire("Research", "2027-02-01", end=D("2027-03-31"))
    b = budget.price_plan([late, ROWS[0]], Assumptions(pension_rate=0, slip_open=2,
                                                       slip_offer=5))
    assert b.rows[0].fy_cost == 2 * 5687.50 and b.rows[0].risk_cost == 0.0
    assert b.rows[1].risk_cost == 68250.00  # Filled: as typed, no attrition set
    # Slipped past the plan's last month: nothing in it (not priced in a later year).
    b = budget.price_plan([hire("Research", "2027-03-15")], Assumptions(slip_open=1))
    assert b.rows[0].fy_cost > 0 and b.rows[0].risk_cost == 0.0 and b.rows[0].priced
    # A 31st slips to the month's last day.
    assert risk.slipped(D("2026-12-31"), 2) == D("2027-02-28")


def test_a_team_s_rate_is_matched_as_the_summary_matches_teams():
    a = Assumptions(team_attrition=" research =10%, Platform=0.3", attrition=0.05,
                    backfill_lag=1).checked()
    assert a.team_attrition == (("research", 0.1), ("Platform", 0.3))
    assert risk.attrition_of("RESEARCH", a) == 0.1 and risk.attrition_of("Other", a) == 0.05
    # From the template's Teams table: (team, rate) rows, a blank rate left to the plan's.
    grid = (("Research", 0.2), ("Platform", None), (None, None))
    assert Assumptions(team_attrition=grid).checked().team_attrition == (("Research", 0.2),)
    # On the command line, pairs: a team alone is refused (in the template it has no rate).
    with pytest.raises(InvalidValueError, match='attrition by team "Research": give TEAM=RATE'):
        Assumptions(team_attrition="Research").checked()


@pytest.mark.parametrize("setting, value, words", [
    ("acceptance", 1.5, 'Invalid offer acceptance rate "1.5": must be a fraction from 0 to 1'),
    ("slip_open", -1, 'Invalid start slip for Open rows "-1": must be a whole number of months '
                      "from 0 to 24."),
    ("attrition", "lots", 'Invalid annual attrition "lots"'),
    ("backfill_lag", 1.5, 'Invalid backfill lag "1.5": must be a whole number of months'),
    ("team_attrition", (("Research", 0.2), ("research ", 0.1)), '"research" has two attrition'),
])
def test_bad_settings_are_one_line_in_budget_and_the_template(setting, value, words):
    with pytest.raises(InvalidValueError) as e:
        Assumptions(**{setting: value}).checked()
    assert words in str(e.value) and "\n" not in str(e.value)
    # PLAN_ROW (the template's call) says so in the row's Check cell, in the same words.
    cells = dict(zip(INPUT_HEADERS, [None] * len(INPUT_HEADERS)), Role="AI Engineer",
                 Level="Senior", Location="London", Type="Permanent", Start="2026-10-01")
    args = [None] * len(ROW_SETTINGS)
    args[ROW_SETTINGS.index(setting)] = [list(r) for r in value] if isinstance(value, tuple) \
        else value
    check = call("PLAN_ROW", [[cells[h] for h in INPUT_HEADERS]], *args)[0][0]
    assert check.startswith("Assumptions: ") and words in check


def test_bad_settings_on_the_command_line_are_one_line(tmp_path, capsys):
    path = tmp_path / "plan.csv"
    path.write_text("Role,Level,Location,Type,Start\nAI Engineer,Senior,London,Permanent,"
                    "2026-10-01\n", encoding="utf-8")
    for option, value in (("--acceptance", "1.5"), ("--slip-open", "-1"),
                          ("--attrition", "lots")):
        assert main(["budget", str(path), "-o", "-", option, value]) != 0
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and value in err and "Traceback" not in err


def test_budget_shows_both_totals_in_text_json_and_frames(tmp_path, capsys):
    path = tmp_path / "plan.csv"
    lines = ["ID,Team,Role,Level,Location,Type,Start,Override rate,Status"]
    lines += [f"{r.id},{r.team},AI Engineer,Senior,London,Permanent,{r.start},60000,"
              f"{r.status or ''}" for r in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    argv = ["budget", path, "--pension-rate", "0", "--slip-open", "2", "--slip-offer", "1",
            "--acceptance", "80%", "--attrition", "0.2", "--backfill-lag", "3",
            "--team-attrition", "Platform=0%"]
    assert main([str(a) for a in argv] + ["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["fy_cost"] == AS_ENTERED
    assert data["summary"]["risk_horizon_cost"] == RISK_ADJUSTED
    assert [r[OUT.risk_cost] for r in data["rows"]] == [64837.56, 51187.50, 22067.50]
    report = tmp_path / "report.xlsx"
    assert main([str(a) for a in argv + ["-o", report]]) == 0
    out = capsys.readouterr().out
    assert "In-year cost (fiscal year)" in out and "£164,937.50" in out
    assert "Cost over the horizon risk-adjusted (modelled" in out and "£138,092.56" in out
    from addin import frames

    b = budget.price_plan(ROWS, Assumptions(**RISK))
    figures = frames.plan_summary(b)["value"]
    assert figures["risk_horizon_cost"] == RISK_ADJUSTED and figures["fy_cost"] == AS_ENTERED
    assert frames.plan_rows(b)[OUT.risk_cost].tolist() == [64837.56, 51187.50, 22067.50]
    assert "".join(json_chunks(b)).count(OUT.risk_cost) == 3
    assert "£138,092.56" in format_summary(b)
    # The report `budget` wrote: the Summary's key figure and the Plan's column, as values.
    book = openpyxl.load_workbook(report)
    assert book["Summary"][summary_sheet.KEY_CELL["risk_horizon_cost"]].value == RISK_ADJUSTED
    plan = book["Plan"]
    col = next(c for c in plan[HEADER_ROW] if c.value == OUT.risk_cost).column_letter
    assert [plan[f"{col}{HEADER_ROW + k}"].value for k in (1, 2, 3)] == [64837.56, 51187.50,
                                                                          22067.50]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    wb = workbook.build_template(ROWS, Assumptions(teams=("Research", "Platform"), **RISK))
    path = tmp_path_factory.mktemp("risk") / "risk.xlsx"
    xlsx_file.save(wb, path)
    read, read_a = plan_reader.read_template(path)
    return engine_values(path), budget.price_plan(read, read_a)


def test_the_template_gives_the_two_totals_budget_gives(both):
    values, b = both
    # The Teams table's Attrition column was read back: Platform 0%, Research the plan's.
    assert b.assumptions.team_attrition == (("Platform", 0.0),)
    assert differences(values, b) == ([], [])
    key = summary_sheet.KEY_CELL
    assert values[("Summary", key["fy_cost"])] == pytest.approx(AS_ENTERED, abs=0.001)
    assert values[("Summary", key["risk_horizon_cost"])] == pytest.approx(RISK_ADJUSTED, abs=0.001)
