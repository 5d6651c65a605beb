"""Pay over time (issue 19 §4, but the recurring review): a bonus paid in its month, and the
guide's figures aged by an assumed market movement, in `budget`, the template (the
`formulas` engine with our functions), JSON, the text and the report. Every figure is
worked by hand in its comment."""

from datetime import date

import pytest
from test_budget_formulas import differences, engine_values

from addin.base.errors import InvalidValueError
from addin.commands.cli_budget import format_summary
from addin.planning import budget, pay_timing
from addin.planning.assumptions import Assumptions
from addin.planning.plan import PlanRow
from addin.planning.pricing import row_figures
from addin.sheets import plan_reader, workbook, xlsx_file

D = date.fromisoformat
# £100,000 a year, the default settings (3% pension on qualifying earnings, no levy):
# 100,000 + NIC 15% x (100,000 - 5,000) = 14,250 + pension 3% x (50,270 - 6,240) = 1,320.90
# = £115,570.90 a year without a bonus. A 20% bonus adds 20,000 and its NIC 15% x 20,000 =
# 3,000 (the pension is at the band's top already): 23,000.00, so £138,570.90 with it.
NO_BONUS, BONUS_PART = 115570.90, 23000.00
MARCH = 11  # the twelfth month of an April-to-March fiscal year


def hundred_k(start="2026-04-01", override=100000, **cells) -> PlanRow:
    return PlanRow(role="AI Engineer", level="Senior", location="London", type="Permanent",
                   start=D(start), override=override, status="Filled", **cells)


def priced(row, **settings):
    return row_figures(row, Assumptions(fy_start=D("2026-04-01"), **settings).checked())


# --- the bonus month -------------------------------------------------------------------------

def test_a_bonus_paid_in_march_moves_the_bonus_and_its_nic_into_march_only():
    plain = priced(hundred_k())
    spread = priced(hundred_k(), bonus_rate=0.2)
    paid = priced(hundred_k(), bonus_rate=0.2, bonus_month="March")
    # Every month but March is the no-bonus month to the penny; March holds the bonus and
    # its NIC; the year is the spread case's, 138,570.90, to the penny.
    assert paid.months[:MARCH] == plain.months[:MARCH]
    assert round(paid.months[MARCH] - plain.months[MARCH], 2) == BONUS_PART
    assert paid.fy_cost == spread.fy_cost == 138570.90 == round(sum(paid.months), 2)
    # The annual figures are the year's, whenever it is paid: NIC 14,250 + 3,000.
    assert paid.annual_cost == spread.annual_cost == 138570.90
    assert paid.annual_nic == spread.annual_nic == 17250.00
    assert paid.fy_nic == spread.fy_nic == 17250.00
    assert all(round(m * 100) == m * 100 for m in paid.months)  # whole pence


def test_a_starter_is_paid_its_share_of_the_bonus_year_by_time_in_post():
    # From 1 October: October to March is 6/12 of the bonus year, so 23,000 x 1/2 =
    # 11,500.00 in March; the rest 115,570.90 / 2 = 57,785.45; the year 69,285.45, as the
    # spread gives (138,570.90 / 2).
    paid = priced(hundred_k("2026-10-01"), bonus_rate=0.2, bonus_month=3)
    plain = priced(hundred_k("2026-10-01"))
    assert round(paid.months[MARCH] - plain.months[MARCH], 2) == 11500.00
    assert paid.fy_cost == 69285.45 == priced(hundred_k("2026-10-01"), bonus_rate=0.2).fy_cost
    # NIC: 14,250 / 2 = 7,125 + 3,000 / 2 = 1,500.
    assert paid.fy_nic == 8625.00


def test_a_leaver_is_paid_its_share_in_its_end_month():
    # In post April to September: 6/12 of the bonus year, 11,500.00, paid with September's
    # pay; nothing in March (gone); the months after September are nothing.
    paid = priced(hundred_k(end=D("2026-09-30")), bonus_rate=0.2, bonus_month="mar")
    plain = priced(hundred_k(end=D("2026-09-30")))
    assert round(paid.months[5] - plain.months[5], 2) == 11500.00
    assert paid.months[:5] == plain.months[:5] and paid.months[6:] == (0.0,) * 6
    assert paid.fy_cost == round(NO_BONUS / 2 + 11500, 2) == 69285.45


def test_a_june_bonus_pays_the_year_to_june_and_leaves_a_starter_s_first_for_next_year():
    # In post since July 2025: June 2026 pays the whole year to June, 23,000.00; the year
    # costs 138,570.90 all the same.
    paid = priced(hundred_k("2025-07-01"), bonus_rate=0.2, bonus_month="June")
    plain = priced(hundred_k("2025-07-01"))
    assert round(paid.months[2] - plain.months[2], 2) == BONUS_PART
    assert paid.fy_cost == 138570.90
    # A starter from October is first paid in June 2027, after this year: the year is the
    # no-bonus half year, 57,785.45 (the spread case charges 69,285.45): when, not how much.
    assert priced(hundred_k("2026-10-01"), bonus_rate=0.2, bonus_month="June").fy_cost == 57785.45


def test_a_fiscal_year_in_two_tax_years_pays_the_bonus_in_its_month():
    # January to December 2027: March (the third month) pays the year to March 2027 with
    # 2026/27's figures, 23,000.00; the months are priced in their own tax years (the same
    # figures held), so the year is 115,570.90 + 23,000 = 138,570.90 as when spread.
    a = dict(fy_start=D("2027-01-01"), bonus_rate=0.2)
    paid = row_figures(hundred_k(), Assumptions(bonus_month="March", **a).checked())
    plain = row_figures(hundred_k(), Assumptions(fy_start=D("2027-01-01")).checked())
    assert [round(p - q, 2) for p, q in zip(paid.months, plain.months)] == \
        [0, 0, BONUS_PART] + [0] * 9
    assert paid.fy_cost == 138570.90 == row_figures(hundred_k(), Assumptions(**a).checked()).fy_cost


def test_a_two_year_horizon_pays_the_bonus_each_march():
    # 24 months from April 2026: March 2027 and March 2028 each hold 23,000.00; each year
    # costs 138,570.90 (the same figures held for 2027/28), the horizon 277,141.80; each
    # year's NIC is 14,250 + 3,000 = 17,250.
    a = dict(fy_start=D("2026-04-01"), months=24, bonus_rate=0.2)
    paid = row_figures(hundred_k(), Assumptions(bonus_month="March", **a).checked())
    plain = row_figures(hundred_k(), Assumptions(fy_start=D("2026-04-01"), months=24).checked())
    assert [round(p - q, 2) for p, q in zip(paid.months, plain.months)] == \
        ([0] * 11 + [BONUS_PART]) * 2
    assert paid.fy_cost == 138570.90 and paid.horizon_cost == 277141.80
    assert paid.fy_nic == 17250.00 and paid.later_nic[0] == 17250.00
    # With a 3% review every January (compounding): 103,000 by March 2027, so 20,600 and
    # NIC 3,090 = 23,690.00; 103,000 x 1.03 = 106,090 by March 2028, so 21,218 and NIC
    # 3,182.70 = 24,400.70.
    kw = dict(months=24, review_month=D("2027-01-01"), review_uplift=0.03)
    paid = priced(hundred_k(), bonus_rate=0.2, bonus_month="March", **kw)
    plain = priced(hundred_k(), **kw)
    assert round(paid.months[11] - plain.months[11], 2) == 23690.00
    assert round(paid.months[23] - plain.months[23], 2) == 24400.70


def test_the_bonus_paid_is_worked_on_the_salary_in_force_when_it_is_paid():
    # A 3% review in January: 103,000 by March, so its bonus 20,600 and NIC 3,090 = 23,690.
    kw = dict(bonus_rate=0.2, review_month=D("2027-01-01"), review_uplift=0.03)
    paid, plain = priced(hundred_k(), bonus_month="March", **kw), priced(hundred_k(), **{
        k: v for k, v in kw.items() if k != "bonus_rate"})
    assert round(paid.months[MARCH] - plain.months[MARCH], 2) == 23690.00


def test_the_pension_moves_with_the_bonus_only_where_the_basis_counts_it():
    # £30,000 with a 20% bonus on qualifying earnings: bonus 6,000 + NIC 900 + pension 3% x
    # 6,000 = 180 (36,000 is inside the band): 7,080.00 in March.
    row = hundred_k(override=30000)
    plain = priced(row)
    assert round(priced(row, bonus_rate=0.2, bonus_month=3).months[MARCH]
                 - plain.months[MARCH], 2) == 7080.00
    # The Full basis is 5% of basic salary, whatever the bonus; the levy is 0.5% of it:
    # bonus 6,000 + NIC 900 + levy 30 = 6,930.00.
    kw = dict(pension_basis="Full", pension_rate=0.05, levy="Yes")
    plain = priced(row, **kw)
    paid = priced(row, bonus_rate=0.2, bonus_month=3, **kw)
    assert round(paid.months[MARCH] - plain.months[MARCH], 2) == 6930.00
    # Levy pay: 30,000 + 6,000 either way.
    assert paid.levy_pay == priced(row, bonus_rate=0.2, **kw).levy_pay == 36000.00


def test_a_contractor_and_a_row_without_a_bonus_are_as_before():
    contractor = PlanRow(role="MLOps Engineer", level="Senior", type="Contractor", ir35="Outside",
                         start=D("2026-04-01"))
    assert priced(contractor, bonus_rate=0.2, bonus_month=3) == priced(contractor)
    assert priced(hundred_k(), bonus_month=3) == priced(hundred_k())


@pytest.mark.parametrize("typed, month", [("March", 3), (" mar ", 3), ("SEPT", 9), (12, 12),
                                          ("7", 7), (None, None),
                                          ("  ", None)])
def test_a_bonus_month_is_read_as_typed(typed, month):
    assert Assumptions(bonus_month=typed).checked().bonus_month == month


@pytest.mark.parametrize("typed", ["Marchember", 13, 0, 2.5, "ma", D("2027-03-01"), 46447.0])
def test_a_bonus_month_that_is_no_month_is_refused_in_words(typed):
    with pytest.raises(InvalidValueError, match="bonus month .*March, or its number 1 to 12"):
        Assumptions(bonus_month=typed).checked()


# --- aged bands --------------------------------------------------------------------------

def senior(start, **cells) -> PlanRow:
    return PlanRow(role="AI Engineer", level="Senior", location="London", type="Permanent",
                   start=D(start), **cells)


def test_a_band_aged_a_year_at_3_percent():
    # The guide's mid for a Senior AI Engineer in London is 110,000 (January 2026); a start
    # in January 2027 is 12 months on: 110,000 x 1.03 = 113,300.00.
    for start in ("2027-01-01", "2027-01-20"):  # whole months: the start's month counts
        f = priced(senior(start), market_movement=0.03)
        assert f.rate == 113300.00
        assert "aged" in f.rate_aged and "+3.00% a year" in f.rate_aged
    # NIC on it 15% x 108,300 = 16,245; 113,300 + 16,245 + 1,320.90 = 130,865.90.
    assert priced(senior("2027-01-01"), market_movement="3%").annual_cost == 130865.90


def test_aging_compounds_and_may_be_negative():
    # Two years: 110,000 x 1.03^2 = 110,000 x 1.0609 = 116,699.00.
    assert priced(senior("2028-01-01"), market_movement=0.03).rate == 116699.00
    # -2% for six months (July 2026): 110,000 x 0.98^0.5 = 110,000 x 0.9899495 = 108,894.44.
    assert priced(senior("2026-07-01"), market_movement=-0.02).rate == 108894.44


def test_no_movement_or_a_start_before_the_guide_leaves_the_guide_figure():
    assert priced(senior("2027-01-01")).rate == 110000.00
    assert priced(senior("2027-01-01")).rate_aged == ""
    # A start before January 2026 is not taken back to a past market.
    f = priced(senior("2025-06-01"), market_movement=0.03)
    assert f.rate == 110000.00 and f.rate_aged == ""


def test_an_override_is_never_aged_but_placed_in_the_aged_band():
    f = priced(senior("2027-01-01", override=120000), market_movement=0.03)
    # 120,000 stands; the aged mid is 113,300: compa-ratio 120,000 / 113,300 = 1.0591.
    assert f.rate == 120000.00 and round(f.compa_ratio, 4) == 1.0591
    assert "Override rate not aged" in f.rate_aged


def test_a_day_rate_is_aged_too():
    # MLOps Engineer, Senior, outside IR35: 550 to 700, mid 625; a year on at 3%: 643.75 a
    # day; 220 days: 141,625.00 a year.
    f = priced(PlanRow(role="MLOps Engineer", level="Senior", type="Contractor",
                       ir35="Outside", start=D("2027-01-01")), market_movement=0.03)
    assert f.rate == 643.75 and f.annual_cost == 141625.00


@pytest.mark.parametrize("typed", [0.6, "-60%", "fast", float("nan")])
def test_a_market_movement_out_of_bounds_is_refused_in_words(typed):
    with pytest.raises(InvalidValueError, match="market movement .* from -50% to 50%"):
        Assumptions(market_movement=typed).checked()


@pytest.mark.parametrize("movement, where", [(0.5, "over £1,000,000,000"),
                                             (-0.5, "under a penny")])
def test_a_start_centuries_on_is_a_problem_in_words_not_an_overflow(movement, where):
    for row in (senior("9990-01-01"), senior("9990-01-01", override=100000)):
        check = priced(row, market_movement=movement).check
        assert where in check and "check the Start or the movement" in check


def test_the_guide_month_is_the_edition_s_own(tiny_edition):
    # The tiny edition is as of June 2025 (its provenance.toml): Test Engineer, Mid-Level,
    # outside IR35 is 100 to 200 a day, mid 150; a year on at 10%: 165.00; 220 days: 36,300.
    assert pay_timing.guide_month() == tiny_edition.provenance.as_of_date.replace(day=1)
    f = priced(PlanRow(role="Test Engineer", level="Mid-Level", type="Contractor",
                       ir35="Outside", start=D("2026-06-01")), market_movement=0.1)
    assert f.rate == 165.00 and f.annual_cost == 36300.00
    assert "from Jun 2025" in f.rate_aged


# --- every front end ---------------------------------------------------------------------

SETTINGS = dict(bonus_rate=0.2, bonus_month="March", market_movement=0.03)


def test_the_text_json_and_report_say_aged_with_the_rate(tmp_path):
    from openpyxl import load_workbook

    from addin.sheets.report import write_report

    b = budget.price_plan([senior("2027-01-01", id="A")], Assumptions(**SETTINGS))
    s = b.summary
    assert s["market_movement"] == 0.03 and s["bonus_month"] == "March"
    assert "aged +3.00% a year from January 2026" in s["pay_timing"]
    assert "bonus paid in March" in s["pay_timing"]
    assert f"Pay: {s['pay_timing']}" in format_summary(b)
    assert b.row_dicts()[0]["Rate aged"].startswith("aged +3.00% a year")
    write_report(b, tmp_path / "r.xlsx")
    assert "aged +3.00% a year" in load_workbook(tmp_path / "r.xlsx")["Summary"]["E3"].value
    # The defaults say nothing.
    plain = budget.price_plan([senior("2027-01-01")])
    assert plain.summary["pay_timing"] == "" and "Pay:" not in format_summary(plain)


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    rows = [senior("2026-04-01", id="P1"), senior("2026-10-15", id="P2", fte=0.5),
            senior("2027-01-01", id="P3", override=120000, bonus=0.1),
            senior("2025-05-01", id="P4", end=D("2026-08-20")),
            PlanRow(id="C1", role="MLOps Engineer", level="Senior", type="Contractor",
                    ir35="Inside", start=D("2026-07-01"))]
    wb = workbook.build_template(rows, Assumptions(**SETTINGS))
    path = tmp_path_factory.mktemp("paytime") / "paytime.xlsx"
    xlsx_file.save(wb, path)
    read, read_a = plan_reader.read_template(path)
    return engine_values(path), budget.price_plan(read, read_a)


def test_the_template_times_and_ages_pay_as_budget_does(both):
    values, b = both
    assert (b.assumptions.bonus_month, b.assumptions.market_movement) == (3, 0.03)
    assert differences(values, b) == ([], [])
    # P1: 110,000 from April 2026, three months after the guide: 110,000 x 1.03^0.25 =
    # 110,000 x 1.0074171 = 110,815.88; P3's Override stands at 120,000.
    rate = {pr.row.id: pr.figures.rate for pr in b.rows}
    assert rate["P1"] == 110815.88 and rate["P3"] == 120000.00
    # P1's March holds its bonus: 20% x 110,815.88 = 22,163.18 and NIC 15% of it 3,324.48,
    # 25,487.65 (to a penny) above its other months (which differ by at most a penny).
    p1 = next(pr.figures for pr in b.rows if pr.row.id == "P1")
    assert abs(p1.months[MARCH] - p1.months[MARCH - 1] - 25487.65) <= 0.02


def test_our_own_band_is_never_aged_the_market_s_is():
    from addin.guide.our_bands import from_csv

    ours = from_csv("Role,Level,Guide level,Region,Min,Mid,Max\n"
                    "AI Engineer,L5,Senior,London,100000,120000,140000\n")
    a = Assumptions(price_from="Ours", bands=ours, market_movement=0.03).checked()
    # An Open row prices from our mid, 120,000, as typed in our table: not aged.
    open_row = row_figures(PlanRow(role="AI Engineer", level="L5", location="London",
                                   type="Permanent", start=D("2027-01-01")), a)
    assert open_row.rate == 120000.00 and open_row.rate_aged == ""
    # A Filled row prices from the market: 110,000 x 1.03 = 113,300.00, aged.
    filled = row_figures(PlanRow(role="AI Engineer", level="L5", location="London",
                                 type="Permanent", start=D("2027-01-01"), status="Filled"), a)
    assert filled.rate == 113300.00 and filled.rate_aged.startswith("aged +3.00%")
