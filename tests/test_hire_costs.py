"""What a UK AI hire also costs (issue 19 §7): a sponsored visa (the Immigration Skills Charge
and the Certificate of Sponsorship fee, dated data) and the Apprenticeship Levy against the
employer's whole pay bill, in `budget`, the template (the `formulas` engine with our
functions), JSON and the report. Every figure is worked by hand in its comment."""

from datetime import date

import pytest
from test_budget_formulas import differences, engine_values

from addin.base.errors import InvalidValueError
from addin.costs import hire_costs
from addin.planning import budget
from addin.planning.assumptions import Assumptions
from addin.planning.plan import PlanRow
from addin.sheets import plan_reader, summary_sheet, workbook, xlsx_file
from addin.sheets.plan_layout import A_CELL

D = date.fromisoformat
# AI Engineer, Senior, London: the guide's mid £110,000, costing £127,070.90 a year with the
# default settings (110,000 + 15% x 105,000 NIC + 3% x (50,270 - 6,240) pension); from
# 1 October 2026, six of the fiscal year's twelve months: £63,535.45.
HALF_YEAR = 63535.45


def senior(start="2026-10-01", **cells) -> PlanRow:
    return PlanRow(role="AI Engineer", level="Senior", location="London", type="Permanent",
                   start=D(start), **cells)


# --- visa sponsorship ----------------------------------------------------------------------

def test_a_sponsored_hire_pays_the_charge_for_the_certificate_upfront_in_its_start_month():
    b = budget.price_plan([senior(visa="Yes")])
    (r,) = b.rows
    # Medium or large sponsor, certificate of 5 years (the default), assigned after
    # 16 December 2025: 1,320 for the first 12 months + 8 x 660 for the 48 months after
    # + the £525 Certificate of Sponsorship fee = 7,125.
    assert r.visa_cost == 7125.00
    assert r.fy_cost == HALF_YEAR + 7125.00 == 70660.45
    # October: 6,353,545 pence over six equal months is 1,058,924 each and one penny left,
    # which goes to the first (largest remainder, ties to the first): 10,589.25 + 7,125.
    assert r.months[6] == 17714.25
    assert b.summary["visa_costs"] == 7125.00 and b.summary["hire_fees"] == 0


def test_a_small_sponsor_pays_less_and_the_certificate_years_are_a_setting():
    a = Assumptions(small_sponsor="Yes", visa_years=3)
    (r,) = budget.price_plan([senior(visa=True)], a).rows
    # 480 + 4 x 240 (the 24 months after the first 12) + 525 = 1,965.
    assert r.visa_cost == 1965.00
    # Part of six months costs a whole six months: 1 year 4 months is 18 months.
    a = Assumptions(visa_years=16 / 12)
    (r,) = budget.price_plan([senior(visa="y")], a).rows
    assert r.visa_cost == 1320 + 660 + 525 == 2505.00


def test_the_rate_is_the_one_in_force_when_the_certificate_is_assigned():
    a = Assumptions(fy_start=D("2025-04-01"), tax_year="2025/26", visa_years=1)
    before, after = budget.price_plan([senior("2025-12-15", visa="Yes"),
                                       senior("2025-12-16", visa="Yes")], a).rows
    assert before.visa_cost == 1000 + 525  # the 2017 rates until 15 December 2025
    assert after.visa_cost == 1320 + 525  # SI 2025/1078 from 16 December 2025


def test_a_start_outside_the_fiscal_year_charges_nothing_in_it():
    # The charge is paid when the certificate is assigned: a start before the year paid it
    # in an earlier year, a start after it will pay it in a later one.
    early, late = budget.price_plan([senior("2026-03-01", visa="Yes"),
                                     senior("2027-04-01", visa="Yes")]).rows
    assert early.visa_cost == late.visa_cost == 0
    assert early.fy_cost == 127070.90  # the whole year in post, nothing more


def test_visa_problems_are_worded():
    contractor = PlanRow(role="LLM Engineer", level="Senior", type="Contractor", ir35="Outside",
                         start=D("2026-10-01"), visa="Yes")
    typo, contract = budget.price_plan([senior(visa="maybe"), contractor]).rows
    assert typo.check == 'Visa "maybe" must be Yes or No.'
    assert contract.check.startswith('Visa "Yes" applies to permanent positions only')
    with pytest.raises(InvalidValueError, match="at most 5"):
        Assumptions(visa_years=6).checked()
    early = Assumptions(fy_start=D("2025-04-01"), tax_year="2025/26")
    (r,) = budget.price_plan([senior("2025-04-08", visa="Yes")], early).rows
    assert "before the sponsorship charges held (from 2025-04-09)" in r.check


def test_the_charges_are_dated_data():
    c = hire_costs.charges(D("2026-01-01"), small=True)
    assert (c.effective_from, c.isc_first_year, c.isc_half_year, c.cos_fee) == (
        D("2025-12-16"), 480, 240, 525)


# --- the Apprenticeship Levy against the pay bill ----------------------------------------

# Ten full-time hires at £100,000 in post the whole fiscal year: a £1m plan.
MILLION = [PlanRow(id=f"L{i}", role="AI Engineer", level="Senior", location="London",
                   type="Permanent", start=D("2026-04-01"), override=100000) for i in range(10)]


def test_a_plan_that_takes_the_employer_across_3m_pays_the_levy_above_the_allowance():
    per_head = budget.price_plan(MILLION, Assumptions(levy="Yes"))
    none = budget.price_plan(MILLION)
    # Today's rule: 0.5% of each salary, no allowance: 10 x 500 = 5,000.
    assert per_head.summary["fy_cost"] - none.summary["fy_cost"] == pytest.approx(5000)
    b = budget.price_plan(MILLION, Assumptions(pay_bill=2_500_000))
    s = b.summary
    # 0.5% x (2.5m + 1m) - 15,000 = 2,500; the 2.5m alone pays none (12,500 < 15,000).
    assert sum(r.levy_pay for r in b.rows) == 1_000_000
    assert s["plan_levy"] == 2500.00
    assert s["fy_cost"] == none.summary["fy_cost"]  # the rows carry no levy per head
    assert s["net_fy_cost"] == round(s["fy_cost"] + 2500, 2)


def test_an_employer_already_over_3m_pays_the_full_rate_on_the_plan():
    s = budget.price_plan(MILLION, Assumptions(pay_bill=3_200_000)).summary
    # (0.5% x 4.2m - 15,000) - (0.5% x 3.2m - 15,000) = 6,000 - 1,000 = 5,000.
    assert s["plan_levy"] == 5000.00
    # A plan that stays under £3m with the rest of the pay bill pays none.
    assert budget.price_plan(MILLION, Assumptions(pay_bill=1_000_000)).summary["plan_levy"] == 0


def test_the_levy_pay_follows_bonus_sacrifice_and_inside_ir35_fees():
    a = Assumptions(pay_bill=0, bonus_rate=0.1, sacrifice_rate=0.05)
    inside = PlanRow(role="LLM Engineer", level="Senior", type="Contractor", ir35="Inside",
                     start=D("2026-04-01"), override=500)
    outside = inside._replace(ir35="Outside")
    perm, ins, out = budget.price_plan([MILLION[0], inside, outside], a).rows
    # 100,000 - 5% sacrificed (NIC-free before 2029) + 10% bonus = 105,000.
    assert perm.levy_pay == 105000
    assert ins.levy_pay == 500 * 220  # the fee-payer's levy is on the whole fee
    assert out.levy_pay == 0


def test_the_per_head_levy_and_a_pay_bill_are_not_both_taken():
    with pytest.raises(InvalidValueError, match="set Apprenticeship Levy to No"):
        Assumptions(levy="Yes", pay_bill=2_500_000).checked()


# --- the pension floor and other costs ----------------------------------------------------

# £30,000 with a 50% bonus, in post all year.
LOW_PAID = PlanRow(id="P30", role="AI Engineer", level="Senior", location="London",
                   type="Permanent", start=D("2026-04-01"), override=30000, bonus=0.5)


def test_a_full_pension_basis_under_the_legal_minimum_is_a_row_to_review():
    b = budget.price_plan([LOW_PAID], Assumptions(pension_basis="Full"))
    (r,) = b.rows
    # 3% of the basic £30,000 is 900; the law's minimum is 3% of qualifying earnings with
    # the bonus: 3% x (45,000 - 6,240) = 1,162.80; 262.80 short. Priced as the plan says
    # (the full basis is the employer's choice) and flagged, not dropped.
    assert r.check == "" and r.pension_short == 262.80
    assert b.summary["review"] == 1
    (flag,) = b.summary["review_rows"]
    assert flag["warning"].startswith("Pension on the full basis is £262.80 a year under")
    # On the qualifying basis it is the minimum itself: nothing to flag on the pension (the
    # row is still one to review for its Override rate, 30,000 / 110,000 = 0.27 x its mid).
    q = budget.price_plan([LOW_PAID])
    assert q.rows[0].pension_short == 0
    assert q.summary["review_rows"][0]["warning"].startswith("Override rate £30,000 a year")


def test_other_cost_per_head_is_a_line_of_its_own_inside_the_in_year_cost():
    a = Assumptions(other_cost="£250")
    (r,) = budget.price_plan([senior(fte=0.5)], a).rows
    plain = budget.price_plan([senior(fte=0.5)]).rows[0]
    # October to March, six months of £250 a head (FTE aside): 1,500, £250 in each month.
    assert r.other_cost == 1500.00
    assert r.fy_cost == round(plain.fy_cost + 1500, 2)
    assert [round(m - p, 2) for m, p in zip(r.months, plain.months)][6:] == [250.0] * 6


# --- the template agrees with budget ---------------------------------------------------

@pytest.fixture(scope="module")
def both(tmp_path_factory):
    rows = [senior(visa="Yes", id="V1"), senior("2026-06-15", visa=" yes ", id="V2", fte=0.5),
            senior("2027-05-01", visa="Yes", id="V3"), senior(visa="perhaps", id="V4"),
            *MILLION[:3], LOW_PAID]
    a = Assumptions(small_sponsor="Yes", visa_years=2.5, pay_bill=2_900_000, other_cost=250,
                    pension_basis="Full")
    wb = workbook.build_template(rows, a)
    path = tmp_path_factory.mktemp("hire") / "hire.xlsx"
    xlsx_file.save(wb, path)
    read, read_a = plan_reader.read_template(path)
    return engine_values(path), budget.price_plan(read, read_a)


def test_the_template_prices_visas_and_the_levy_as_budget_does(both):
    values, b = both
    assert differences(values, b) == ([], [])
    s = b.summary
    # Small sponsor, 2.5 years: 480 + 3 x 240 + 525 = 1,725 for V1 and V2 (FTE does not
    # change a certificate); V3 starts after the year; V4 is a problem.
    assert s["visa_costs"] == 2 * 1725.00
    # Levy pay: V1 half a year of 110,000 = 55,000; V2 half time from 15 June: 55,000 x
    # (16/30 + 9) / 12 = 43,694.44; three £100,000 hires all year: 300,000; the £30,000
    # hire with a 50% bonus all year: 45,000. The plan's 443,694.44 takes 2.9m to
    # 3,343,694.44: 0.5% of it less 15,000 = 1,718.47 (rounded from 1,718.4722); 2.9m
    # alone pays none.
    assert s["plan_levy"] == 1718.47
    assert values[("Summary", summary_sheet.KEY_CELL["plan_levy"])] == pytest.approx(1718.47)
    # Other cost £250 a head a month: V1 six months 1,500; V2 (a head, whatever its FTE)
    # 250 x (16/30 + 9) = 2,383.33; four heads all year 4 x 3,000: 15,883.33.
    assert s["other_costs"] == 15883.33
    # The full basis at 3% gives the £30,000 hire £900 against a minimum of £1,162.80 (and
    # its override is 0.27 x its mid: one row, counted once); the £100,000 and £110,000
    # hires are well above theirs (3% x 44,030 = 1,320.90).
    assert s["review"] == 1 == values[("Summary", summary_sheet.KEY_CELL["review"])]
    assert A_CELL["PayBill"]
