"""Totals foot to the penny, pennies round half up, and the same input gives the same
pennies wherever it is priced (issue 16, section 4). Every figure worked by hand.

The plan rows are priced on the tiny made-up data set (tests/fixtures/tiny), at a salary
typed as the Override rate where the pennies depend on it (£110,000), so next year's guide
changes none of them; the demo plan's totals are footed on the real data."""

import json
from datetime import date

import pytest

from addin.base.pence import allocate, pennies
from addin.commands.cli import main
from addin.planning import plan_csv
from addin.planning.assumptions import Assumptions
from addin.planning.budget import price_plan
from addin.planning.plan import PlanRow

FY26 = date(2026, 4, 1)


def senior_ai(**kw):
    """Tiny's Test Engineer, Senior, London (£100,000 to £200,000) at £110,000."""
    base = dict(role="Test Engineer", level="Senior", location="London", type="Permanent",
                start=FY26, status="Filled", override=110_000)
    return PlanRow(**{**base, **kw})


def test_a_bonus_and_the_levy_foot_over_months_and_quarters(capsys, tmp_path, tiny_edition):
    # Senior Test Engineer, London, at £110,000, Bonus 12.5% (£13,750), levy on, all year.
    # Class 1 earnings 123,750: NIC 15% x 118,750 = 17,812.50; pension 3% x (50,270 - 6,240)
    # = 1,320.90; levy 0.5% x 123,750 = 618.75. Annual cost 110,000 + 13,750 + 17,812.50 +
    # 1,320.90 + 618.75 = 143,502.15; a month 11,958.5125. Twelve months of 11,958.51 would
    # make 143,502.12: the three pennies short go to the first three (equal remainders).
    plan = tmp_path / "plan.csv"
    plan.write_text("ID,Role,Level,Location,Type,Start,Override rate,Bonus,Status\n"
                    "A1,Test Engineer,Senior,London,Permanent,2026-04-01,110000,12.5%,Filled\n",
                    encoding="utf-8")
    assert main(["budget", str(plan), "--json", "--levy", "yes"]) == 0
    data = json.loads(capsys.readouterr().out)
    row, s = data["rows"][0], data["summary"]
    assert row["Annual cost"] == row["FY cost"] == s["fy_cost"] == 143502.15
    months = [m["total"] for m in s["months"]]
    assert months == [11958.52] * 3 + [11958.51] * 9
    assert [row[m["month"]] for m in s["months"]] == months
    # Q1 = 3 x 11,958.52 = 35,875.56; Q2 to Q4 = 3 x 11,958.51 = 35,875.53; together
    # 35,875.56 + 3 x 35,875.53 = 143,502.15.
    assert s["by_quarter"] == {"Q1": 35875.56, "Q2": 35875.53, "Q3": 35875.53, "Q4": 35875.53}
    assert s["by_type"]["Permanent"]["fy_cost"] == 143502.15
    assert row["Bonus"] == 0.125  # a rate keeps its digits (not 0.13)


def test_half_a_penny_rounds_up(tiny_edition):
    # Test Engineer, Senior, London, £110,000 with the levy: 110,000 + NIC 15,750 + pension
    # 1,320.90 + levy 550 = 127,620.90 a year; March alone is 127,620.90 / 12 = 10,635.075,
    # which shows as 10,635.08 (half up), not 10,635.07.
    b = price_plan([senior_ai(start=date(2027, 3, 1))], Assumptions(levy=True))
    r = b.rows[0]
    assert r.annual_cost == 127620.90
    assert r.months[11] == r.fy_cost == b.summary["fy_cost"] == 10635.08
    assert pennies(10635.075) == 1063508 and pennies(127620.90 / 12) == 1063508


def test_a_reviewed_salary_gives_the_pennies_of_the_same_salary(capsys, tiny_edition):
    # £105,000 reviewed by 3.5% is £108,675 (in binary floating point 108,674.99999...).
    # Its cost with the levy: 108,675 + NIC 15% x 103,675 = 15,551.25 + pension 1,320.90 +
    # levy 0.5% x 108,675 = 543.375, total 126,090.525: half up, 126,090.53, in the plan as
    # in `ukaipay cost 108675 --levy`.
    a = Assumptions(levy=True, review_month=date(2026, 10, 1), review_uplift=0.035)
    r = price_plan([senior_ai(override=105000)], a).rows[0]
    assert r.reviewed_cost == 126090.53
    # Before the review: 105,000 + 15,000 + 1,320.90 + 525 = 121,845.90 a year.
    assert r.annual_cost == 121845.90
    # Six months of each: 121,845.90 / 2 + 126,090.53 / 2 = 60,922.95 + 63,045.265 =
    # 123,968.215, half up 123,968.22.
    assert r.fy_cost == 123968.22 and sum(r.months) == pytest.approx(123968.22, abs=1e-9)
    assert main(["cost", "108675", "--levy", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 126090.53


def test_largest_remainder_adds_the_short_pennies_to_the_largest_remainders():
    # 100 pence over three parts of 33.3, 33.3 and 33.4: floors 33 + 33 + 33 = 99, the one
    # penny short goes to the largest remainder (0.4, the third part).
    assert allocate(100, [333, 333, 334], 10) == [33, 33, 34]
    # Rounding up the total takes pennies away from none: 2 x 0.5 -> total 1 (1 x floor 0).
    assert allocate(1, [5, 5], 10) == [1, 0]


def cents(value):
    return round(value * 100)


def test_every_total_of_the_demo_plan_is_the_sum_of_its_lines():
    rows, a = plan_csv.demo_plan()
    b = price_plan(rows, a._replace(levy=True, bonus_rate=0.125, review_month=date(2026, 10, 1),
                                  review_uplift=0.035))
    s = b.summary
    for r in b.rows:
        if r.priced:
            assert sum(cents(m) for m in r.months) == cents(r.fy_cost), r.row.id
            assert all(m == round(m, 2) for m in (*r.months, r.annual_cost, r.fy_cost, r.fy_nic))
    fy = cents(s["fy_cost"])
    assert sum(cents(m["total"]) for m in s["months"]) == fy
    assert sum(cents(q) for q in s["by_quarter"].values()) == fy
    assert sum(cents(v) for v in s["by_team"].values()) == fy
    assert sum(cents(v) for v in s["by_role"].values()) == fy
    assert sum(cents(v["fy_cost"]) for v in s["by_type"].values()) == fy
    for m in s["months"]:
        assert cents(m["Permanent"]) + cents(m["Contractor"]) == cents(m["total"])
    assert sum(cents(r.fy_cost) for r in b.rows if r.priced) == fy
    assert cents(s["net_fy_cost"]) == fy - cents(s["employment_allowance"])


def test_the_shares_of_the_in_year_cost_add_up_to_100_percent(tiny_edition):
    # A Senior Test Engineer at £110,000 from October (110,000 + NIC 15,750 + pension
    # 1,320.90 = 127,070.90 a year, half of it 63,535.45) and a Rate Only Engineer
    # contractor, Lead/Principal, for January to March (mid of 600 to 700 = 650 x 220 / 4 =
    # 35,750): 99,285.45 in all. Shares: 63,535.45 / 99,285.45 = 0.639927 and 35,750 /
    # 99,285.45 = 0.360073, to 0.01% 63.99% and 36.01%, which add up to 100%.
    rows = [senior_ai(start=date(2026, 10, 1)),
            PlanRow(role="Rate Only Engineer", level="Lead/Principal", type="Contractor",
                    ir35="Outside", start=date(2027, 1, 1), end=date(2027, 3, 31))]
    s = price_plan(rows).summary
    assert s["fy_cost"] == 99285.45
    assert [v["share"] for v in s["by_type"].values()] == [0.6399, 0.3601]
    # 1/3 and 2/3 (0.33333 and 0.66667): to 0.01%, 33.33% + 66.67%: the larger remainder
    # takes the last 0.01%.
    assert allocate(10000, [1 * 10000, 2 * 10000], 3) == [3333, 6667]
