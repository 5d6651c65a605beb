"""One spelling rule (issue 16 section 5): yes/no, IR35, Type, rates, money and dates read the
same through every surface: addin.base.inputs itself, the Excel functions, PLAN_ROW, a plan row
priced by `budget`, a CSV plan and the Assumptions."""

import json
from datetime import date

import pytest

import addin.excel.udfs as udfs
from addin.base import inputs
from addin.base.errors import InvalidValueError
from addin.planning import budget, plan_csv
from addin.planning.assumptions import Assumptions
from addin.planning.columns import CALCULATED, INPUT_HEADERS
from addin.planning.plan import PlanRow

#: PLAN_ROW's cell of each calculated column, by header.
_CELL = {c.header: i for i, c in enumerate(CALCULATED)}

NBSP = "\u00a0"
A = Assumptions().checked()
# EMPLOYER_COST of £85,000 in 2026/27 by hand: NIC 15% x (85,000 - 5,000) = 12,000; pension
# 3% x (50,270 - 6,240) = 1,320.90; total 98,320.90; the levy adds 0.5% x 85,000 = 425.
COST_85K, LEVY_85K = 98320.90, 425.0
YES = ["Yes", "Y", "TRUE", "1", "yes ", f" y{NBSP}", "true", True, 1, 1.0]
NO = ["No", "N", "FALSE", "0", " no", f"n{NBSP}", False, 0, 0.0]


def senior(**change) -> PlanRow:
    """AI Engineer, Senior, London, permanent from 1 October 2026: £110,000 (the band's
    mid, £95,000-£125,000), costing 127,070.90 a year and 63,535.45 in the year."""
    base = dict(id="P1", role="AI Engineer", level="Senior", location="London",
                type="Permanent", start=date(2026, 10, 1))
    return PlanRow(**{**base, **change})


@pytest.mark.parametrize("spelling", YES)
def test_yes_reads_alike_everywhere(spelling):
    assert inputs.yes_no(spelling, "Levy") is True
    assert udfs.EMPLOYER_COST(85000, levy=spelling) == pytest.approx(COST_85K + LEVY_85K, abs=0.005)
    a = Assumptions(levy=spelling, claim_ea=spelling).checked()
    assert (a.levy, a.claim_ea) == (True, True)
    # EMPLOYMENT_ALLOWANCE: claimed, 2026/27's £10,500.
    assert udfs.EMPLOYMENT_ALLOWANCE("2026/27", spelling) == 10500


@pytest.mark.parametrize("spelling", NO)
def test_no_reads_alike_everywhere(spelling):
    assert inputs.yes_no(spelling, "Levy") is False
    assert udfs.EMPLOYER_COST(85000, levy=spelling) == pytest.approx(COST_85K, abs=0.005)
    a = Assumptions(levy=spelling, claim_ea=spelling).checked()
    assert (a.levy, a.claim_ea) == (False, False)
    assert udfs.EMPLOYMENT_ALLOWANCE("2026/27", spelling) == 0


@pytest.mark.parametrize("spelling", ["maybe", "yess", 2, 0.5])
def test_other_switches_are_refused_alike(spelling):
    with pytest.raises(InvalidValueError, match="must be Yes or No"):
        inputs.yes_no(spelling, "Levy")
    with pytest.raises(InvalidValueError, match="must be Yes or No"):
        Assumptions(levy=spelling).checked()
    with pytest.raises(InvalidValueError, match="must be Yes or No"):
        udfs.EMPLOYER_COST(85000, levy=spelling)


@pytest.mark.parametrize("spelling, status", [
    ("Inside", "Inside"), ("in", "Inside"), (" IN ", "Inside"), (f"inside{NBSP}", "Inside"),
    ("Outside", "Outside"), ("out", "Outside"), ("OUT", "Outside"),
])
def test_ir35_reads_alike_in_dayrate_and_the_plan(spelling, status):
    # LLM Engineer, Senior: £700-£900 a day outside; inside 700 x 0.80 = 560 to 900 x 0.85
    # = 765, mid 662.50; outside mid 800.
    mid = 662.5 if status == "Inside" else 800.0
    assert inputs.ir35(spelling) == status
    assert udfs.DAYRATE("LLM Engineer", "Senior", spelling, "mid") == mid
    row = PlanRow(role="LLM Engineer", level="Senior", type="Contractor", ir35=spelling,
                  start=date(2026, 10, 1))
    priced = budget.price_row(row, A)
    assert (priced.check, priced.rate) == ("", mid)
    cells = udfs.PLAN_ROW([list(row[:len(INPUT_HEADERS)])])[0]  # the template's call, the same row
    assert (cells[0], cells[1]) == ("", mid)


@pytest.mark.parametrize("spelling, kind", [
    ("Permanent", "Permanent"), ("perm", "Permanent"), ("Employee ", "Permanent"),
    ("Contractor", "Contractor"), ("contract", "Contractor"), (f"CONTRACT{NBSP}", "Contractor"),
])
def test_type_reads_alike(spelling, kind):
    assert inputs.hire_type(spelling) == kind
    row = PlanRow(role="LLM Engineer", level="Senior", location="London", type=spelling,
                  ir35="Outside" if kind == "Contractor" else None, start=date(2026, 10, 1))
    assert budget.price_row(row, A).type == kind


@pytest.mark.parametrize("spelling", ["15%", " 15 % ", 0.15, "0.15"])
def test_a_rate_reads_alike(spelling):
    assert inputs.rate(spelling) == pytest.approx(0.15)
    # A 15% bonus on £85,000 is £12,750, with 15% NIC on it: 14,662.50 more.
    assert udfs.EMPLOYER_COST(85000, bonus_rate=spelling) == pytest.approx(
        COST_85K + 12750 * 1.15, abs=0.005)
    assert Assumptions(bonus_rate=spelling).checked().bonus_rate == pytest.approx(0.15)
    plain = budget.price_row(senior(bonus=0.15), A)
    assert budget.price_row(senior(bonus=spelling), A).annual_cost == plain.annual_cost
    cells = udfs.PLAN_ROW([list(senior(bonus=spelling)[:len(INPUT_HEADERS)])])[0]
    assert cells[_CELL["Annual cost"]] == plain.annual_cost


@pytest.mark.parametrize("spelling", ["£85,000", "85,000", "85k", " £85K ", 85000, "85000"])
def test_money_reads_alike(spelling):
    assert inputs.money(spelling) == 85000
    assert udfs.EMPLOYER_COST(spelling) == pytest.approx(COST_85K, abs=0.005)
    priced = budget.price_row(senior(override=spelling), A)
    assert (priced.check, priced.rate) == ("", 85000)
    assert udfs.PLAN_ROW([list(senior(override=spelling)[:len(INPUT_HEADERS)])])[0][1] == 85000


@pytest.mark.parametrize("text", ["85,00", "£", "k", "1,0000", "1_000", "inf", "nan", "85 000"])
def test_money_that_is_not_money_is_refused(text):
    assert inputs.money(text) is None
    assert "must be a number" in budget.price_row(senior(override=text), A).check


@pytest.mark.parametrize("spelling", [date(2026, 10, 1), 46296, 46296.0, "2026-10-01",
                                      "1/10/2026", "01/10/2026", " 1.10.2026 "])
def test_a_date_reads_alike(spelling):
    assert inputs.day(spelling) == date(2026, 10, 1)
    priced = budget.price_row(senior(start=spelling), A)
    # 127,070.90 a year (the doctest of budget.price_row) for 6 of 12 months: 63,535.45.
    assert priced.fy_cost == pytest.approx(63535.45, abs=0.005)
    cells = udfs.PLAN_ROW([list(senior(start=spelling)[:len(INPUT_HEADERS)])])[0]
    assert cells[_CELL["FY cost"]] == pytest.approx(
        63535.45, abs=0.005)
    assert Assumptions(fy_start=spelling).checked().fy_start == date(2026, 10, 1)


@pytest.mark.parametrize("text", ["31/2/2026", "2026-02-31", "10/2026", "soon", "46296"])
def test_a_date_that_is_not_a_date_is_refused(text):
    # "46296" as text is not a date: a serial number is a number, never typed text.
    assert inputs.day(text) is None
    assert "is not a date" in budget.price_row(senior(start=text), A).check


def test_a_csv_plan_reads_as_the_template_does():
    header = "ID,Role,Level,Location,Type,Start,Override rate,Bonus,FTE\n"
    text = header + 'P1,AI Engineer,Senior,London,perm,1/10/2026,"£85,000",15%,0.5\n'
    (row,) = plan_csv.read_csv(text)
    assert (row.start, row.override, row.bonus, row.fte) == (date(2026, 10, 1), 85000, 0.15, 0.5)
    assert budget.price_row(row, A).type == "Permanent"


def test_blank_is_spaces_of_any_kind():
    for text in ("", " ", "\t", "\n", NBSP, "\u2003", "\u3000", " \u202f\t"):
        assert inputs.is_blank(text)
    assert not inputs.is_blank("\u200b") and not inputs.is_blank("x") and not inputs.is_blank(0)


@pytest.mark.parametrize("spelling", ["in", "IN", "Inside"])
def test_the_command_line_reads_ir35_alike(capsys, spelling):
    from addin.commands.cli import main

    # LLM Engineer, Senior inside IR35: 560 / 662.50 / 765 a day (as DAYRATE above).
    assert main(["dayrate", "LLM Engineer", "Senior", "--ir35", spelling]) == 0
    assert "£560  £662.50  £765" in capsys.readouterr().out


def test_the_command_line_reads_yes_alike(tmp_path, capsys):
    from addin.commands.cli import main

    plan = tmp_path / "plan.csv"
    plan.write_text("Role,Level,Location,Type,Start\nAI Engineer,Senior,London,perm,1/10/2026\n")
    cost = {}
    for spelling in ("y", "No"):
        assert main(["budget", str(plan), "--json", "--levy", spelling]) == 0
        cost[spelling] = json.loads(capsys.readouterr().out)["summary"]["fy_cost"]
    # The levy on £110,000 for 6 months: 0.5% x 110,000 / 2 = 275.
    assert cost["y"] - cost["No"] == pytest.approx(275, abs=0.01)
