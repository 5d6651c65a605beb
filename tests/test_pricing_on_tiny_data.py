"""Pricing rules on the tiny made-up data set (tests/fixtures/tiny): a plan row priced from a
band, a scenario, FTE, skills, a leadership band, IR35, the cost settings, the fiscal year and
the summary, with figures worked by hand from the tiny tables, so they hold whatever next
year's guide prints. The statutory figures are 2026/27's (data/tax_years.csv): employer NIC
15% above £5,000; pension 3% of qualifying earnings £6,240 to £50,270; levy 0.5%.

Tiny bands used below: Test Engineer Senior London £100,000 to £200,000 (mid £150,000);
Rate Only Engineer Lead/Principal £600 to £700 a day (mid £650); inside IR35 takes 30% off
the low and 10% off the high; Head of Test London £3,000 to £4,000+; skills Foo (Widget
design) +10% to +20% and Widget testing +5%.
"""

from datetime import date

import pytest

from addin.planning import phasing
from addin.planning.assumptions import Assumptions
from addin.planning.budget import price_plan, price_row
from addin.planning.plan import PlanRow

FY26 = date(2026, 4, 1)
DEFAULTS = Assumptions(tax_year="2026/27").checked()
# Senior London mid 150,000 from 1 October: NIC 15% x (150,000 - 5,000) = 21,750; pension
# 3% x (50,270 - 6,240) = 1,320.90; a year 173,070.90; October to March, six of twelve months.
PERM_FY = 86_535.45
# 650 a day x 220 days = 143,000 a year; January to March, three of twelve months.
CONTRACTOR_FY = 35_750


pytestmark = pytest.mark.usefixtures("tiny_edition")


def perm(**kw):
    base = dict(role="Test Engineer", level="Senior", location="London", type="Permanent",
                start=date(2026, 10, 1))
    return PlanRow(**{**base, **kw})


def contractor(**kw):
    base = dict(role="Rate Only Engineer", level="Lead/Principal", type="Contractor",
                ir35="Outside", start=date(2027, 1, 1), end=date(2027, 3, 31))
    return PlanRow(**{**base, **kw})


def test_a_permanent_row_from_october_by_hand():
    r = price_row(perm(), DEFAULTS)
    assert r.check == "" and r.rate == 150_000
    assert r.annual_cost == pytest.approx(173_070.90, abs=0.005)
    assert r.fy_cost == pytest.approx(PERM_FY, abs=0.005)
    assert r.fy_nic == pytest.approx(21_750 / 2, abs=0.005)


def test_a_contractor_january_to_march_by_hand():
    r = price_row(contractor(), DEFAULTS)
    assert (r.check, r.rate, r.annual_cost, r.fy_nic) == ("", 650, 143_000, 0)
    assert r.fy_cost == pytest.approx(CONTRACTOR_FY, abs=1e-6)


def test_scenario_low_and_high_take_the_band_ends():
    low = price_row(perm(), DEFAULTS._replace(scenario="Low"))
    high = price_row(perm(), DEFAULTS._replace(scenario="High"))
    assert (low.rate, high.rate) == (100_000, 200_000)


def test_fte_scales_the_salary_before_the_thresholds():
    r = price_row(perm(fte=0.5, start=FY26), DEFAULTS)
    # 75,000: NIC 15% x 70,000 = 10,500; pension 3% x 44,030 = 1,320.90
    assert r.annual_cost == pytest.approx(75_000 + 10_500 + 1_320.90, abs=0.005)


def test_contractor_fte_scales_the_days_and_the_fee_applies():
    r = price_row(contractor(fte=0.5), DEFAULTS._replace(agency_fee=0.15))
    assert r.annual_cost == pytest.approx(650 * 110 * 1.15)  # 82,225


def test_override_wins_over_the_band():
    assert price_row(perm(override=90_000), DEFAULTS).rate == 90_000
    assert price_row(contractor(override=1_000.0), DEFAULTS).rate == 1_000


def test_skills_raise_a_permanent_rate():
    r = price_row(perm(skills="Foo, widget testing"), DEFAULTS)
    # premiums add: +15% on the low, +25% on the high: 115,000 to 250,000
    assert r.rate == pytest.approx((115_000 + 250_000) / 2)


def test_leadership_role_prices_from_its_band_without_a_level():
    r = price_row(perm(role="Head of Test", level=None), DEFAULTS)
    assert r.check == "" and r.rate == 3_500  # London 3,000 to 4,000+


def test_inside_ir35_uses_the_reduced_rate():
    r = price_row(contractor(ir35="Inside"), DEFAULTS)
    assert r.rate == (600 * 0.70 + 700 * 0.90) / 2  # 525


def test_levy_benefits_and_full_pension_basis():
    a = DEFAULTS._replace(levy=True, benefits_rate=0.05, pension_basis="Full", pension_rate=0.05)
    r = price_row(perm(start=FY26), a)
    # NIC 21,750; benefits 5% 7,500; levy 0.5% x 150,000 = 750; pension 5% x 150,000 = 7,500
    assert r.annual_cost == pytest.approx(150_000 + 21_750 + 7_500 + 750 + 7_500, abs=0.005)


def test_fiscal_year_may_start_in_any_month():
    a = DEFAULTS._replace(fy_start=date(2027, 1, 1))
    assert phasing.month_labels(a.fy_start)[0] == "Jan 2027" and a.fy_end == date(2027, 12, 31)
    assert price_row(contractor(), a).fy_cost == pytest.approx(CONTRACTOR_FY)


def test_bad_rows_are_counted_listed_and_left_out():
    rows = [perm(line=4), perm(role="Wizard", line=5), contractor(line=6),
            PlanRow(line=7), contractor(end=date(2026, 1, 1), line=8)]
    b = price_plan(rows, DEFAULTS)
    s = b.summary
    assert (s["rows"], s["priced"], s["problems"]) == (4, 2, 2)  # the blank row 7 is skipped
    assert [p["row"] for p in s["problem_rows"]] == [5, 8]
    assert "Unknown role" in s["problem_rows"][0]["problem"]
    assert s["fy_cost"] == pytest.approx(PERM_FY + CONTRACTOR_FY, abs=0.01)
    assert [r.row.line for r in b.rows] == [4, 5, 6, 8]  # nothing dropped silently


def test_summary_by_hand():
    rows = [perm(team="Applied AI"), contractor(team="LLM")]
    s = price_plan(rows, DEFAULTS._replace(teams=("Applied AI", "Data"))).summary
    assert s["by_team"] == pytest.approx({"Applied AI": PERM_FY, "Data": 0, "LLM": CONTRACTOR_FY})
    assert s["by_role"] == pytest.approx({"Test Engineer": PERM_FY,
                                          "Rate Only Engineer": CONTRACTOR_FY})
    assert s["by_type"]["Permanent"]["fy_cost"] == pytest.approx(PERM_FY)
    assert s["by_type"]["Contractor"]["share"] == 0.2923  # 35,750 / 122,285.45, to 0.01%


def test_run_rate_leaves_out_who_has_left_by_year_end():
    s = price_plan([perm(), contractor(end=date(2027, 3, 30))], DEFAULTS).summary
    assert s["annual_cost"] == pytest.approx(173_070.90)  # the permanent row alone


def test_employment_allowance_is_capped_by_the_years_nic():
    a = DEFAULTS._replace(claim_ea=True)
    small = price_plan([perm(start=date(2027, 1, 1))], a).summary
    assert small["employment_allowance"] == pytest.approx(5_437.50)  # NIC 21,750 x 3 / 12
    big = price_plan([perm(start=FY26), perm(start=FY26)], a).summary  # NIC 43,500
    assert big["employment_allowance"] == 10_500  # 2026/27's allowance
    assert big["net_fy_cost"] == pytest.approx(big["fy_cost"] - 10_500)


def test_a_row_dict_carries_the_month_s_cost():
    (row,) = price_plan([perm(id="P1")], DEFAULTS).row_dicts()
    assert row["ID"] == "P1" and row["Sep 2026"] == 0
    assert row["Oct 2026"] == pytest.approx(173_070.90 / 12)
