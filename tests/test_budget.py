"""Budget engine: row checks, pricing, monthly phasing and the summary; figures worked by hand."""

from datetime import date, datetime

import pytest

from addin.base.errors import InvalidValueError, UnknownNameError
from addin.planning import plan, plan_csv
from addin.planning.assumptions import Assumptions
from addin.planning.budget import price_plan, price_row
from addin.planning.phasing import phase
from addin.planning.plan import PlanRow
from addin.planning.pricing import row_problem

FY26 = date(2026, 4, 1)
DEFAULTS = Assumptions().checked()


def perm(**kw):
    base = dict(role="AI Engineer", level="Senior", location="London", type="Permanent",
                start=date(2026, 10, 1))
    return PlanRow(**{**base, **kw})


def contractor(**kw):
    base = dict(role="LLM Engineer", level="Senior", type="Contractor", ir35="Outside",
                start=date(2027, 1, 1), end=date(2027, 3, 31))
    return PlanRow(**{**base, **kw})


# --- the figures, worked by hand from the 2026 guide -------------------------------
# (the pricing rules on made-up bands: tests/test_pricing_on_tiny_data.py)

def test_senior_ai_engineer_london_from_october_by_hand():
    r = price_row(perm(), DEFAULTS)
    assert r.check == ""
    assert r.rate == 110000  # the band 95,000 to 125,000, mid
    # NIC 15% x (110,000 - 5,000) = 15,750; pension 3% x (50,270 - 6,240) = 1,320.90
    assert r.annual_cost == pytest.approx(127070.90, abs=0.005)
    # October to March: six whole months of twelve
    assert r.fy_cost == pytest.approx(63535.45, abs=0.005)
    assert r.fy_nic == pytest.approx(15750 / 2, abs=0.005)


def test_senior_llm_contractor_january_to_march_by_hand():
    r = price_row(contractor(), DEFAULTS)
    assert r.check == ""
    assert r.rate == 800  # outside IR35, 700 to 900, mid
    assert r.annual_cost == 176000  # 800 x 220 days
    assert r.fy_cost == pytest.approx(44000, abs=1e-6)  # three months of twelve
    assert r.fy_nic == 0


def test_defaults_are_the_templates():
    a = Assumptions()
    assert (a.fy_start, a.tax_year, a.scenario, a.pension_rate, a.pension_basis) == (
        date(2026, 4, 1), None, "Mid", 0.03, "Qualifying")
    # No Tax year set: each month in its own, and April 2026 to March 2027 is all 2026/27.
    assert a.month_tax_years == ("2026/27",) * 12
    assert (a.benefits_rate, a.levy, a.billable_days, a.agency_fee, a.claim_ea) == (
        0, False, 220, 0, False)
    assert a.fy_end == date(2027, 3, 31)


# --- phasing ------------------------------------------------------------------------------

def test_partial_first_month_counts_its_days():
    months = phase(120000, date(2026, 9, 16), None, FY26)
    assert months[:5] == (0,) * 5
    assert months[5] == 5000  # 15 of September's 30 days
    assert months[6:] == (10000,) * 6


def test_end_is_inclusive():
    months = phase(120000, date(2026, 1, 1), date(2026, 4, 10), FY26)
    # 10,000 x 10 / 30 = 3,333.333...: to the penny, 3,333.33.
    assert months[0] == 3333.33
    assert sum(months[1:]) == 0


def test_single_day():
    # 36,500 / 12 = 3,041.666...; / 31 days = 98.118...: to the penny, 98.12.
    assert sum(phase(36500, date(2026, 5, 5), date(2026, 5, 5), FY26)) == 98.12


def test_february_2027_has_28_days_and_2028_has_29():
    fy26 = phase(12000, date(2027, 2, 15), None, FY26)
    assert fy26[10] == 1000 * 14 / 28  # 500.00
    fy27 = phase(12000, date(2028, 2, 15), None, date(2027, 4, 1))
    assert fy27[10] == 517.24  # 1,000 x 15 / 29 = 517.241...


def test_position_ending_before_the_year_costs_nothing_and_is_no_problem():
    r = price_row(perm(start=date(2025, 1, 1), end=date(2026, 3, 31)), DEFAULTS)
    assert r.check == "" and r.fy_cost == 0 and r.annual_cost > 0


def test_position_starting_after_the_year_costs_nothing():
    r = price_row(perm(start=date(2027, 4, 1)), DEFAULTS)
    assert r.check == "" and r.fy_cost == 0


def test_whole_year_costs_the_annual_cost():
    r = price_row(perm(start=date(2020, 1, 1)), DEFAULTS)
    assert r.fy_cost == pytest.approx(r.annual_cost)


# --- row checks ---------------------------------------------------------------------------

def check(**kw):
    args = dict(role="AI Engineer", level="Senior", location="London", type="Permanent",
                ir35=None, start=46296.0, end=None, fte=None, skills=None, override=None)
    args.update(kw)
    return row_problem(*args.values())


def test_clean_row_has_no_problem():
    assert check() == ""
    assert check(start=datetime(2026, 10, 1), fte=0.5) == ""


def test_blank_row_has_no_problem():
    assert row_problem(None, None, "", None, None, None, None, None, " ", None) == ""


@pytest.mark.parametrize("change,words", [
    (dict(role="Quantum Engineer"), 'Unknown role "Quantum Engineer"'),
    (dict(role="AI Enginer"), 'Did you mean "AI Engineer"'),
    (dict(role=None), "Role is missing"),
    (dict(level="Seniour"), 'Unknown AI Engineer level "Seniour"'),
    (dict(level=None), "Level is missing: choose Junior, Mid-Level, Senior or Staff/Principal."),
    (dict(location="Lodnon"), 'Did you mean "London"'),
    (dict(location=None), "Location is missing"),
    (dict(type="Temp"), 'Type "Temp" must be Permanent or Contractor.'),
    (dict(type=None), "Type is missing"),
    (dict(ir35="Inside"), "applies to contractors only"),
    (dict(start=None), "Start is missing"),
    (dict(start="2026-13-01"), 'Start "2026-13-01" is not a date'),
    (dict(start="soon"), 'Start "soon" is not a date'),
    (dict(end=46000.0), "End 2025-12-09 is before Start 2026-10-01."),
    (dict(fte=0), "FTE 0 must be more than 0"),
    (dict(fte=1.2), "FTE 1.2 must be more than 0 and at most 1"),
    (dict(fte="half"), 'FTE "half" is not a number'),
    (dict(override=-5), "Override rate -5 must be a number above 0"),
    (dict(override="£90 grand"), 'Override rate "£90 grand" must be a number'),
    (dict(skills="cobol"), 'Unknown AI Engineer skill "cobol"'),
    (dict(role="ML Engineer"), "only contractor day rates for ML Engineer"),
])
def test_problem_messages(change, words):
    assert words in check(**change)


def test_contractor_checks():
    assert check(type="Contractor", ir35=None) == "IR35 is missing: choose Inside or Outside."
    assert 'IR35 "maybe" must be Inside or Outside.' in check(type="Contractor", ir35="maybe")
    assert "no Junior contractor day rates" in check(type="Contractor", ir35="Outside", level="Junior")
    assert check(type="Contractor", ir35="outside", location=None) == ""


def test_override_stands_in_for_a_missing_figure_not_a_missing_name():
    assert check(type="Contractor", ir35="Outside", level="Junior", override=400) == ""
    assert check(role="ML Engineer", override=90000) == ""
    assert "Unknown role" in check(role="Quantum Engineer", override=90000)


def test_leadership_rows():
    assert check(role="Director of AI", level=None) == ""
    assert "leadership role with no levels" in check(role="Director of AI", level="Senior")
    assert "no contractor day rates" in check(role="Director of AI", level=None,
                                              type="Contractor", ir35="Outside")
    assert check(role="Director of AI", level=None, type="Contractor", ir35="Outside",
                 override=1200) == ""


def test_several_problems_are_listed_in_column_order():
    text = check(role=None, start=None, fte=2)
    assert text.index("Role") < text.index("Start") < text.index("FTE")


def test_excel_serial_and_datetime_dates():
    assert plan.as_date(46296.0) == date(2026, 10, 1)
    assert plan.as_date(46296.75) == date(2026, 10, 1)
    assert plan.as_date(datetime(2026, 10, 1, 12)) == date(2026, 10, 1)
    with pytest.raises(InvalidValueError):
        plan.as_date(True)
    with pytest.raises(InvalidValueError):
        plan.as_date(-3.0)


# --- plans and the summary ----------------------------------------------------------------

def test_bad_assumptions_raise():
    with pytest.raises(InvalidValueError, match="first day of a month"):
        Assumptions(fy_start=date(2026, 4, 6)).checked()
    with pytest.raises(UnknownNameError):
        Assumptions(tax_year="2099/00").checked()  # past any data
    with pytest.raises(InvalidValueError):
        Assumptions(scenario="Median").checked()
    with pytest.raises(InvalidValueError):
        Assumptions(billable_days=0).checked()
    with pytest.raises(InvalidValueError):
        Assumptions(levy="maybe").checked()


def test_row_dicts_carry_the_plan_headers():
    b = price_plan([perm(id="P1")])
    (row,) = b.row_dicts()
    assert list(row)[:len(plan.INPUT_HEADERS) + 1] == ["Row", *plan.INPUT_HEADERS]
    assert row["ID"] == "P1" and row["Start"] == "2026-10-01" and row["Check"] == ""
    keys = list(row)
    after = keys.index("FY NIC") + 4
    assert keys[after - 4:after] == ["FY NIC", "Horizon cost", "Horizon NIC", "Risk-adjusted cost"]
    assert keys[after:after + 12] == ["Apr 2026", "May 2026", "Jun 2026", "Jul 2026", "Aug 2026",
                                      "Sep 2026", "Oct 2026", "Nov 2026", "Dec 2026", "Jan 2027",
                                      "Feb 2027", "Mar 2027"]
    assert keys[after + 12:] == ["Type read", "Role read", "FTE read", "Start read", "End read",
                                 "Year-end cost", "Levy pay", "Pension short", "Rate aged"]


def test_csv_round_trip():
    rows, _ = plan_csv.demo_plan()
    again = plan_csv.read_csv(plan_csv.write_csv(rows))
    assert [r[:14] for r in again] == [r[:14] for r in rows]
    assert again[0].line == 2


def test_csv_headers_are_checked():
    with pytest.raises(InvalidValueError, match='Unknown CSV column "Salary"'):
        plan_csv.read_csv("Role,Level,Type,Start,Salary\n")
    with pytest.raises(InvalidValueError, match="no Start column"):
        plan_csv.read_csv("Role,Level,Type\n")
    rows = plan_csv.read_csv("role,LEVEL,Type,Start,Rate,Apr 2026\nAI Engineer,Senior,Permanent,2026-13-01,1,2\n")
    assert rows[0].start == "2026-13-01"  # left as text: the row check says why


def test_demo_plan_has_one_broken_row():
    rows, a = plan_csv.demo_plan()
    s = price_plan(rows, a).summary
    assert 24 <= len(rows) <= 30 and s["problems"] == 1
    assert "End 2026-06-30 is before Start 2026-09-01" in s["problem_rows"][0]["problem"]
    assert set(s["by_type"]) == {"Permanent", "Contractor"}
    assert all(v["fy_cost"] > 0 for v in s["by_type"].values())
    assert len(s["by_team"]) >= 3


# --- whatever a cell holds, the check answers in words --------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st

CELL = st.one_of(st.none(), st.booleans(), st.floats(allow_nan=True, allow_infinity=True),
                 st.integers(-10**6, 10**7), st.text(max_size=12),
                 st.sampled_from(["AI Engineer", "Senior", "London", "Permanent", "Contractor",
                                  "Inside", "Outside", "", " ", "Head of MLOps", "RAG"]),
                 st.datetimes(min_value=datetime(1900, 3, 1)), st.dates(min_value=date(1900, 3, 1)))


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL, min_size=10, max_size=10))
def test_row_problem_never_raises_and_is_one_line(args):
    text = row_problem(*args)
    assert isinstance(text, str) and "\n" not in text
    row = PlanRow(None, None, *args[:8], args[8], args[9], None, None, 2)
    priced = price_row(row, DEFAULTS)
    assert (priced.check == "") == (priced.fy_cost is not None)


def test_an_inside_ir35_contractor_costs_the_fee_payers_on_costs():
    # LLM Engineer, Senior, inside IR35, mid: 700 x 0.80 = 560 to 900 x 0.85 = 765, mid
    # 662.50 a day effective; with 15% employer NIC (2026/27, no levy) 761.875 a day to
    # the client; x 220 days = 167,612.50. Before: 145,750, priced as a saving.
    r = price_row(contractor(ir35="Inside"), DEFAULTS)
    assert r.rate == 662.5 and r.annual_cost == pytest.approx(167612.50, abs=0.005)


def test_a_bonus_target_costs_nic_and_counts_for_pension():
    # £85,000 + 15% bonus £12,750 = £97,750; NIC 15% x (97,750 - 5,000) = 13,912.50;
    # pension 3% x (50,270 - 6,240) = 1,320.90 (capped): 85,000 + 12,750 + 13,912.50 +
    # 1,320.90 = 112,983.40.
    r = price_row(perm(override=85000), DEFAULTS._replace(bonus_rate=0.15))
    assert r.annual_cost == pytest.approx(112983.40, abs=0.005)
    assert r.annual_nic == pytest.approx(13912.50, abs=0.005)


def test_new_cost_settings_are_checked():
    with pytest.raises(InvalidValueError, match="bonus rate"):
        Assumptions(bonus_rate=15).checked()
    with pytest.raises(InvalidValueError, match="salary sacrifice rate"):
        Assumptions(sacrifice_rate=-0.1).checked()


def test_a_blank_setting_takes_its_default_in_both_engines():
    # An emptied Assumptions cell: before, budget refused Levy None while PLAN_ROW priced
    # with the default.
    blank = Assumptions(levy=None, tax_year="  ", pension_rate=None, scenario=None).checked()
    assert blank == DEFAULTS
