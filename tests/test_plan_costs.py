"""A plan row's bonus, hire fee and pay review, worked by hand on the tiny made-up data set
(tests/fixtures/tiny), so the figures hold whatever next year's guide prints.

2026/27: employer NIC 15% over £5,000; pension 3% of qualifying earnings £6,240 to £50,270
(£1,320.90 at or above the top); no levy. Test Engineer, Senior, London at mid: £150,000
(tiny: £100,000 to £200,000), whose employer cost is 150,000 + 21,750 + 1,320.90 =
£173,070.90. Rate Only Engineer, Lead/Principal: £600 to £700 a day (mid £650).
"""

from datetime import date

import pytest

from addin.base.errors import InvalidValueError
from addin.planning.assumptions import Assumptions
from addin.planning.budget import price_plan, price_row
from addin.planning.plan import PlanRow
from addin.planning.plan_csv import read_csv

D = date.fromisoformat
PENNY = 0.005
COST = 173_070.90  # a year of the Senior London row, above
NIC = 21_750  # 15% x (150,000 - 5,000)


def ai(**fields):
    base = dict(role="Test Engineer", level="Senior", location="London", type="Permanent",
                start=D("2026-04-01"))
    return PlanRow(**{**base, **fields})


def contractor(**fields):
    base = dict(role="Rate Only Engineer", level="Lead/Principal", type="Contractor",
                ir35="Outside", start=D("2026-04-01"))
    return PlanRow(**{**base, **fields})


def priced(row, **settings):
    return price_row(row, Assumptions(tax_year="2026/27", **settings).checked())


def test_a_bonus_column_prices_the_issues_example(tiny_edition):
    # £85,000 with a 15% bonus: 85,000 + 12,750 + NIC (97,750 - 5,000) x 15% = 13,912.50
    # + pension 1,320.90 = £112,983.40.
    r = priced(ai(override=85000, bonus=0.15))
    assert r.annual_cost == pytest.approx(112983.40, abs=PENNY)
    assert r.annual_nic == pytest.approx(13912.50, abs=PENNY)


def test_a_row_bonus_wins_over_the_assumptions_target_and_blank_takes_it(tiny_edition):
    assert priced(ai(override=85000), bonus_rate=0.15).annual_cost == pytest.approx(112983.40)
    assert priced(ai(override=85000, bonus=0), bonus_rate=0.15).annual_cost == pytest.approx(
        85000 + 12000 + 1320.90)


def test_guide_bonus_takes_the_leadership_equity_bonus_percentage(tiny_edition):
    # Head of Test, UK: £1,000 to £2,000; equity/bonus 1% to 2% of base. Low: £1,000 with
    # 1%: 1,010, under the NIC threshold and the pension band's lower limit.
    row = PlanRow(role="Head of Test", location="UK National", type="Permanent",
                  start=D("2026-04-01"), bonus="Guide")
    assert priced(row, scenario="Low").annual_cost == pytest.approx(1_010, abs=PENNY)
    # High: £2,000 with 2%: 2,040.
    assert priced(row, scenario="High").annual_cost == pytest.approx(2_040, abs=PENNY)


def test_a_pay_review_from_january(tiny_edition):
    # Reviewed salary 154,500: NIC (154,500 - 5,000) x 15% = 22,425; 154,500 + 22,425 +
    # 1,320.90 = 178,245.90. Nine months before, three after: (173,070.90 x 9 + 178,245.90
    # x 3) / 12 = 174,364.65; NIC (21,750 x 9 + 22,425 x 3) / 12 = 21,918.75.
    r = priced(ai(), review_month=D("2027-01-01"), review_uplift=0.03)
    assert r.reviewed_cost == pytest.approx(178245.90, abs=PENNY)
    assert r.fy_cost == pytest.approx(174364.65, abs=PENNY)
    assert r.fy_nic == pytest.approx(21918.75, abs=PENNY)
    assert r.months[8] == pytest.approx(COST / 12) and r.months[9] == pytest.approx(178245.90 / 12)
    assert r.year_end_cost == pytest.approx(178245.90, abs=PENNY)


def test_the_review_skips_later_starts_contractors_and_other_years(tiny_edition):
    review = dict(review_month=D("2027-01-01"), review_uplift=0.03)
    later = priced(ai(start=D("2027-02-01")), **review)
    assert later.reviewed_cost is None
    assert later.fy_cost == pytest.approx(COST / 6, abs=PENNY)  # February and March
    hired = priced(contractor(), **review)
    assert hired.reviewed_cost is None
    assert hired.fy_cost == pytest.approx(650 * 220, abs=PENNY)
    next_year = priced(ai(), review_month=D("2027-04-01"), review_uplift=0.03)
    assert next_year.reviewed_cost is None and next_year.fy_cost == pytest.approx(COST)
    ended = priced(ai(end=D("2026-12-31")), **review)
    assert ended.reviewed_cost is None


def test_the_review_month_is_its_month_and_needs_an_uplift():
    a = Assumptions(review_month="2027-01-15", review_uplift="3%").checked()
    assert (a.review_month, a.review_uplift) == (D("2027-01-01"), 0.03)
    assert Assumptions(review_month=46388.0, review_uplift=0.03).checked().review_month == D("2027-01-01")
    assert Assumptions(review_month=D("2027-01-01")).checked().review_month is None  # no uplift
    with pytest.raises(InvalidValueError, match="needs a pay review month"):
        Assumptions(review_uplift=0.03).checked()


def test_a_review_past_the_money_limit_is_a_problem_in_words(tiny_edition):
    r = priced(ai(override=9e8), review_month=D("2027-01-01"), review_uplift=1)
    assert r.check == ("The pay review takes the salary to £1,800,000,000, over £1,000,000,000: "
                       "check the Override rate.")


def test_a_hire_fee_once_in_the_start_month(tiny_edition):
    # 20% of £150,000 = £30,000 in October; the year: 173,070.90 / 2 + 30,000 = 116,535.45.
    r = priced(ai(start=D("2026-10-01")), recruitment_fee=0.2)
    assert r.fee == 30000
    assert r.months[6] == pytest.approx(COST / 12 + 30000)
    assert r.fy_cost == pytest.approx(116535.45, abs=PENNY)
    assert r.year_end_cost == pytest.approx(COST)  # a one-off: not in the run-rate
    assert r.fy_nic == pytest.approx(NIC / 2)  # no NIC on a fee


def test_the_hire_fee_follows_status_fte_and_the_row(tiny_edition):
    fee = dict(recruitment_fee=0.2)
    assert priced(ai(status="Offer"), **fee).fee == 30000
    assert priced(ai(status="Filled"), **fee).fee == 0
    assert priced(ai(fte=0.5), **fee).fee == 15000  # first-year base of a half-timer
    assert priced(ai(hire_fee=0.15), **fee).fee == pytest.approx(22500)
    assert priced(ai(start=D("2026-03-01")), **fee).fee == 0  # started before the year
    assert priced(ai(start=D("2027-04-01")), **fee).fee == 0  # starts after it


def test_cost_inputs_where_they_do_not_apply_are_problems(tiny_edition):
    fee_on_filled = priced(ai(status="Filled", hire_fee=0.2))
    assert fee_on_filled.check.startswith("Hire fee 0.2 is charged for Open or Offer")
    hired = priced(contractor(hire_fee=0.2))
    assert hired.check.startswith("Hire fee 0.2 applies to permanent positions only")
    assert priced(ai(bonus=15)).check == "Bonus 15 must be from 0% to 100% (15% is 0.15)."
    assert priced(ai(bonus="Guide")).check.startswith('Bonus "Guide" takes the guide')
    assert priced(ai(status="Hired")).check == 'Status "Hired" must be Open or Offer or Filled.'


def test_a_csv_plan_reads_bonus_and_hire_fee_as_numbers_or_percentages(tiny_edition):
    text = ("ID,Role,Level,Location,Type,Start,Bonus,Hire fee,Status\n"
            "P1,Test Engineer,Senior,London,Permanent,2026-10-01,0.15,0.2,offer\n"
            "P2,Test Engineer,Senior,London,Permanent,2026-10-01,15%, 20 % ,\n"
            "P3,Test Engineer,Senior,London,Permanent,2026-10-01,15 pc,,\n")
    b = price_plan(read_csv(text), Assumptions(tax_year="2026/27"))
    one, two, three = b.rows
    assert (one.row.bonus, one.row.hire_fee, one.fee) == (0.15, 0.2, 30000)  # 20% x 150,000
    assert (two.row.bonus, two.row.hire_fee, two.fee) == (0.15, 0.2, 30000)
    assert three.check == 'Bonus "15 pc" is not a rate: enter a percentage such as 15%, or leave it blank.'
    assert b.summary["hire_fees"] == 60000


def test_a_template_from_before_the_cost_inputs_is_named_older_and_reads_for_the_upgrade(tmp_path):
    from addin.planning.plan_csv import demo_plan
    from addin.sheets import plan_reader, workbook, xlsx_file

    rows, a = demo_plan()
    wb = workbook.build_template(rows, a)
    wb["Plan"].delete_cols(13, 2)  # Bonus and Hire fee: the columns of 0.1's template
    for name in ("BonusRate", "RecruitmentFee", "ReviewMonth", "ReviewUplift"):
        del wb.defined_names[name]
    path = tmp_path / "old.xlsx"
    xlsx_file.save(wb, path)
    # Excel prices such a template with its own release's code: budget says so, and how
    # to move its inputs into the current template (tests/test_upgrade.py).
    with pytest.raises(plan_reader.OlderTemplateError, match="ukaipay upgrade"):
        plan_reader.read_template(path)
    old_rows, old_a = plan_reader.read_template(path, older=True)
    assert (old_a.recruitment_fee, old_a.review_month) == (0.0, None)
    old, new = price_plan(old_rows, old_a).summary, price_plan(rows, a).summary
    for key in ("fy_cost", "fy_nic", "annual_cost", "months", "by_team", "problems"):
        assert old[key] == new[key]
