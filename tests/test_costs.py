"""Costs a finance team signs off: inside-IR35 on-costs, bonus, fees in the equivalences,
benefits split three ways and pension salary sacrifice (issue 10's cost engine).

Every expected figure is worked by hand below from the guide and the statutory figures for
2026/27: employer NIC 15% above £5,000; Class 1A 15%; pension 3% of qualifying earnings
£6,240 to £50,270; levy 0.5%; from 6 April 2029 only £2,000 a year of sacrificed pay NIC-free.
"""

import json
import math
from datetime import date
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from udf_runtime import call

from addin.base.errors import DataError, InvalidValueError, UnknownNameError
from addin.commands.cli import main
from addin.commands.display import money
from addin.costs import employment, statutory
from addin.costs.employment import (
    contractor_cost,
    dayrate_equivalent,
    employer_cost,
    employer_cost_breakdown,
    on_cost_rate,
    perm_equivalent,
)
from addin.guide import pay

Y = "2026/27"


def penny(x):
    return pytest.approx(x, abs=0.005)


def exact(x):
    return pytest.approx(x, abs=1e-9)


# --- Inside IR35: the fee-payer's on-costs ---------------------------------------------------

def test_inside_ir35_held_example_llm_engineer_senior_mid():
    # The guide: LLM Engineer, Senior, outside IR35 £700-£900 a day. Inside (rule ir35_inside):
    # 700 x 0.80 = 560 to 900 x 0.85 = 765, mid (560 + 765) / 2 = 662.50, the effective rate.
    assert pay.day_rate("LLM Engineer", "Senior", "inside").mid == 662.50
    # To the client: 662.50 + 15% employer NIC 99.375 = 761.875 a day (761.88 to the penny).
    day = contractor_cost(662.50, 1, ir35="inside", tax_year=Y)
    assert day == 761.875 and money(day) == "£761.88"
    # A year of 220 days from the unrounded day cost: 761.875 x 220 = 167,612.50.
    assert contractor_cost(662.50, 220, ir35="inside", tax_year=Y) == 167_612.50
    # DAYRATE stays the contractor's effective rate.
    assert call("DAYRATE", "LLM Engineer", "Senior", "inside", "mid") == [[662.5]]
    assert call("CONTRACTOR_COST", 662.5, 220.0, None, "inside", "2026/27") == [[167_612.5]]


def test_inside_ir35_is_no_longer_priced_as_a_saving():
    # AI Engineer, Senior: outside £650-£800, mid 725; inside 520 to 680, mid 600.
    # Outside 725 x 220 = 159,500; inside 600 x 220 = 132,000, 27,500 less; with the
    # fee-payer's NIC 132,000 x 1.15 = 151,800, only 7,700 less.
    outside = contractor_cost(725, 220, tax_year=Y)
    inside = contractor_cost(600, 220, ir35="inside", tax_year=Y)
    assert (outside, inside) == (159_500, penny(151_800))
    assert outside - inside == penny(7_700)


def test_inside_ir35_with_levy_and_an_agency_fee():
    # Levy payer: 662.50 x (1 + 0.15 + 0.005) = 765.1875 a day.
    assert contractor_cost(662.5, 1, ir35="inside", tax_year=Y, levy=True) == exact(765.1875)
    # A 10% agency fee is on the rate only: 662.50 x (1 + 0.15 + 0.10) = 828.125.
    assert contractor_cost(662.5, 1, 0.10, "inside", Y) == exact(828.125)
    assert on_cost_rate("inside", Y) == 0.15 and on_cost_rate("inside", Y, True) == exact(0.155)


def test_outside_ir35_has_no_on_costs_whatever_the_year_or_levy():
    assert contractor_cost(650, 220, 0.15, "outside", Y, True) == exact(650 * 220 * 1.15)
    assert on_cost_rate() == 0 and on_cost_rate("outside", Y, True) == 0
    assert contractor_cost(650, 220, 0, True, Y) == penny(650 * 220 * 1.15)  # TRUE is inside


@pytest.mark.parametrize("ir35", ["maybe", 2, None, ""])
def test_a_bad_ir35_status_is_invalid(ir35):
    with pytest.raises(InvalidValueError, match="IR35"):
        contractor_cost(650, ir35=ir35)


def test_an_unknown_tax_year_for_the_on_costs_lists_the_years():
    with pytest.raises(UnknownNameError, match="2026/27"):
        contractor_cost(650, ir35="inside", tax_year="2031/32")
    with pytest.raises(UnknownNameError):  # checked outside IR35 too, not ignored
        contractor_cost(650, tax_year="2031/32")


# --- Bonus ----------------------------------------------------------------------------------

def test_bonus_held_example():
    # £85,000 + 15% bonus 12,750 = 97,750 of Class 1 earnings: NIC 15% x 92,750 = 13,912.50;
    # pension 3% x (50,270 - 6,240) = 1,320.90 (capped); total 112,983.40.
    b = employer_cost_breakdown(85000, Y, bonus_rate=0.15)
    assert (b.salary, b.bonus, b.nic, b.pension) == (85_000, 12_750, exact(13_912.50), exact(1_320.90))
    assert b.total == exact(112_983.40) == employer_cost(85000, Y, bonus_rate=0.15)
    assert employer_cost(85000, Y, component="bonus", bonus_rate=0.15) == 12_750
    # The figure: the bonus costs 12,750 + 15% x 12,750 = 1,912.50 more NIC.
    assert b.nic - employer_cost(85000, Y, component="nic") == exact(1_912.50)


def test_bonus_counts_for_pension_only_below_the_upper_limit():
    # £30,000 + 10% bonus 3,000: NIC 15% x 28,000 = 4,200; pension 3% x (33,000 - 6,240)
    # = 802.80; total 30,000 + 3,000 + 4,200 + 802.80 = 38,002.80.
    assert employer_cost(30000, Y, bonus_rate=0.1) == exact(38_002.80)
    # The full basis means basic salary: pension 3% x 30,000 = 900; total 38,100.
    assert employer_cost(30000, Y, 0.03, "full", bonus_rate=0.1) == exact(38_100)


def test_levy_applies_to_bonus():
    # 0.5% x (85,000 + 12,750) = 488.75
    assert employer_cost(85000, Y, levy=True, component="levy", bonus_rate=0.15) == exact(488.75)


# --- Fees in the equivalences ---------------------------------------------------------------

def test_perm_equivalent_with_a_15_percent_fee():
    # 650 x 220 x 1.15 = 164,450 = 1.15 s - 750 + 1,320.90, so s = 163,879.10 / 1.15.
    assert round(perm_equivalent(650, tax_year=Y, fee_rate=0.15), 2) == 142_503.57
    assert round(dayrate_equivalent(142_503.57, tax_year=Y, fee_rate=0.15), 2) == 650.00
    assert call("PERM_EQUIVALENT", 650.0, None, "2026/27", None, None, None, None, 0.15) == [
        [pytest.approx(142_503.565, abs=0.001)]]


def test_perm_equivalent_inside_ir35():
    # 167,612.50 = 1.15 s - 750 + 1,320.90, so s = 167,041.60 / 1.15 = 145,253.57.
    assert round(perm_equivalent(662.5, tax_year=Y, ir35="inside"), 2) == 145_253.57
    # The effective rate an inside contractor would need: 98,320.90 / (220 x 1.15) = 388.62.
    assert round(dayrate_equivalent(85000, tax_year=Y, ir35="inside"), 2) == 388.62


# --- Benefits three ways --------------------------------------------------------------------

def test_benefits_split_three_ways():
    # £60,000; NIC-free benefits 2% = 1,200; benefits in kind 5% = 3,000 + Class 1A 15% = 450;
    # cash allowances 10% = 6,000, Class 1 earnings 66,000: NIC 15% x 61,000 = 9,150;
    # pension 1,320.90 (above the band); levy 0.5% x 66,000 = 330.
    b = employer_cost_breakdown(60000, Y, benefits_rate=0.02, levy=True, bik_rate=0.05,
                                allowance_rate=0.1)
    assert (b.benefits, b.bik, b.class1a, b.allowances) == (
        exact(1_200), exact(3_000), exact(450), exact(6_000))
    assert (b.nic, b.pension, b.levy) == (exact(9_150), exact(1_320.90), exact(330))
    # 60,000 + 9,150 + 1,320.90 + 330 + 1,200 + 6,000 + 3,000 + 450
    assert b.total == exact(81_450.90)


def test_class1a_is_the_tax_years_rate():
    assert all(y.class1a_rate_pct == 15 for y in statutory.tax_years().values())
    assert employer_cost(40000, "2025/26", component="class1a", bik_rate=0.1) == exact(600)


# --- Salary sacrifice -----------------------------------------------------------------------

def test_salary_sacrifice_saves_nic_on_the_sacrificed_pay():
    # £60,000, 5% sacrificed = 3,000: pay 57,000; NIC 15% x 52,000 = 7,800; the 3,000 goes
    # into the pension; the employer's 3% is on pay before the sacrifice, 1,320.90.
    # Total 57,000 + 7,800 + 1,320.90 + 3,000 = 69,120.90: 450 (15% x 3,000) below 69,570.90.
    b = employer_cost_breakdown(60000, Y, sacrifice_rate=0.05)
    assert (b.salary, b.sacrifice, b.nic, b.pension) == (57_000, 3_000, exact(7_800), exact(1_320.90))
    assert b.total == exact(69_120.90)
    assert employer_cost(60000, Y) - b.total == exact(450)
    # The levy is on pay after the sacrifice: 0.5% x 57,000 = 285.
    assert employer_cost(60000, Y, levy=True, component="levy", sacrifice_rate=0.05) == exact(285)


def test_the_sacrifice_cap_is_data_applied_by_tax_year_start():
    years = statutory.tax_years()
    assert all((y.sacrifice_nic_free == math.inf) == (y.start < date(2029, 4, 6)) for y in years.values())
    text = (resources.files("addin") / "data" / "sacrifice_caps.csv").read_text("utf-8")
    assert [line.split(",")[:3] for line in text.splitlines()] == [
        ["effective_from", "nic_free_sacrifice", "standing"], ["2029-04-06", "2000", "announced"]]


# The cap's header; the rows below give only a date and a cap, then this standing.
CAPS = "effective_from,nic_free_sacrifice,standing,note,source\n"
CAP_STANDING = ",announced,a note,budget_2025"


@pytest.fixture
def year_2029():
    """The bundled years, which hold 2029/30, the first year of the £2,000 cap."""
    return statutory.tax_years()


def test_from_2029_only_2000_of_sacrificed_pay_is_nic_free(year_2029):
    assert year_2029["2029/30"].sacrifice_nic_free == 2000
    assert year_2029[Y].sacrifice_nic_free == math.inf
    # £60,000, 3,000 sacrificed: 1,000 above the cap is Class 1 earnings: 58,000.
    # NIC 15% x 53,000 = 7,950; total 57,000 + 7,950 + 1,320.90 + 3,000 = 69,270.90,
    # a saving of 300 (15% x 2,000) instead of 450.
    b = employer_cost_breakdown(60000, "2029/30", sacrifice_rate=0.05)
    assert (b.nic, b.total) == (exact(7_950), exact(69_270.90))
    assert employer_cost(60000, "2029/30") - b.total == exact(300)
    # 1,500 sacrificed from £30,000 stays under the cap: the whole 15% x 1,500 = 225 saved.
    assert employer_cost(30000, "2029/30") - employer_cost(30000, "2029/30", sacrifice_rate=0.05) \
        == exact(225)


@given(st.floats(0, 2e6), st.floats(0, 1), st.floats(0, 1), st.sampled_from(["qualifying", "full"]),
       st.integers(1, 366), st.floats(0, 1))
# The fixture only reads: one data copy serves every generated example.
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_round_trip_across_the_sacrifice_cap(year_2029, salary, sacrifice, bonus, basis, days, fee):
    options = dict(tax_year="2029/30", pension_basis=basis, bonus_rate=bonus, sacrifice_rate=sacrifice,
                   fee_rate=fee, ir35="inside")
    rate = dayrate_equivalent(salary, days, **options)
    assert perm_equivalent(rate, days, **options) == penny(salary)


@pytest.mark.parametrize("row, problem", [
    ("2029-04-01,2000", "must be a 6 April"),
    ("6 April 2029,2000", "is not a date"),
    ("2029-04-06,-5", "must be zero or more"),
    ("2029-04-06,lots", "is not a number"),
    ("2029-04-06,2000\n2029-04-06,3000", "duplicate key"),
])
def test_a_broken_sacrifice_caps_csv_names_file_and_line(data_copy, row, problem):
    rows = "\n".join(r + CAP_STANDING for r in row.split("\n"))
    (data_copy / "sacrifice_caps.csv").write_text(f"{CAPS}{rows}\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        statutory.tax_years(data_copy)
    assert e.value.file == "sacrifice_caps.csv" and problem in e.value.problem


def test_a_cap_dated_earlier_applies_to_every_later_year(data_copy):
    (data_copy / "sacrifice_caps.csv").write_text(
        f"{CAPS}2026-04-06,1000{CAP_STANDING}\n2030-04-06,500{CAP_STANDING}\n", encoding="utf-8")
    years = statutory.tax_years(data_copy)
    assert (years["2025/26"].sacrifice_nic_free, years[Y].sacrifice_nic_free) == (math.inf, 1000)


def test_no_caps_at_all_means_no_cap(data_copy):
    (data_copy / "sacrifice_caps.csv").write_text(CAPS, encoding="utf-8")
    assert statutory.tax_years(data_copy)[Y].sacrifice_nic_free == math.inf


# --- Properties -----------------------------------------------------------------------------

RATE = st.floats(0, 1)
OPTIONS = st.fixed_dictionaries({
    "pension_rate": RATE, "pension_basis": st.sampled_from(["qualifying", "full"]),
    "benefits_rate": RATE, "levy": st.booleans(), "bonus_rate": RATE, "bik_rate": RATE,
    "allowance_rate": RATE, "sacrifice_rate": RATE})


@given(st.floats(0, 5e6), st.floats(0, 5e6), OPTIONS)
@settings(max_examples=120, deadline=None)
def test_cost_rises_with_salary_whatever_the_options(a, b, options):
    lo, hi = sorted((a, b))
    assert employer_cost(lo, Y, **options) <= employer_cost(hi, Y, **options)


@given(st.floats(0, 5e6), OPTIONS)
@settings(max_examples=120, deadline=None)
def test_components_sum_to_the_total(salary, options):
    b = employer_cost_breakdown(salary, Y, **options)
    parts = b[:-1]
    assert b.total == employer_cost(salary, Y, **options) == pytest.approx(math.fsum(parts), rel=1e-12)
    for name, value in b._asdict().items():
        assert employer_cost(salary, Y, component=name, **options) == value
    # pay after sacrifice plus the sacrifice is the salary
    assert b.salary + b.sacrifice == pytest.approx(salary)


@given(st.floats(0, 5e6), OPTIONS, st.integers(1, 366), RATE, st.sampled_from(["inside", "outside"]))
@settings(max_examples=200, deadline=None)
def test_perm_equivalent_and_contractor_cost_are_inverse(salary, options, days, fee, ir35):
    rate = dayrate_equivalent(salary, days, Y, fee_rate=fee, ir35=ir35, **options)
    assert contractor_cost(rate, days, fee, ir35, Y, options["levy"]) == pytest.approx(
        employer_cost(salary, Y, **options), rel=1e-12, abs=1e-6)
    assert perm_equivalent(rate, days, Y, fee_rate=fee, ir35=ir35, **options) == penny(salary)


@given(st.floats(0, 1e6))
@settings(max_examples=60, deadline=None)
def test_the_short_path_gives_the_general_paths_floats(salary):
    fast = employment._terms(Y, 0.03, "qualifying", 0.0, False, 0.0, 0.0, 0.0, 0.0)
    assert fast[-1] is None
    general = fast[:-1] + ((0.0, 0.0, 0.0, 0.15, 0.0, math.inf, True),)
    assert employment._total(salary, fast) == employment._total(salary, general)


def test_old_positional_calls_keep_their_meaning():
    # employer_cost(salary, year, pension, basis, benefits, levy, component): as before.
    assert employer_cost(60000, Y, 0.05, "full", 0.04, True, "total") == exact(73_950)
    assert contractor_cost(650, 220, 0.1) == exact(157_300)
    assert call("EMPLOYER_COST", 60000.0, Y, 0.05, "full", 0.04, True, "total") == [[pytest.approx(73_950)]]


def test_readme_cost_formulas_are_the_held_figures():
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for line, args, value in [
        ('=EMPLOYER_COST(85000,"2026/27",,,,,,0.15)                    ->  112,983.40',
         ("EMPLOYER_COST", 85000.0, Y, None, None, None, None, None, 0.15), 112_983.40),
        ('=CONTRACTOR_COST(662.5,220,,"inside","2026/27")              ->  167,612.50',
         ("CONTRACTOR_COST", 662.5, 220.0, None, "inside", Y), 167_612.50),
        ('=PERM_EQUIVALENT(650,,"2026/27",,,,,0.15)                    ->  142,503.57',
         ("PERM_EQUIVALENT", 650.0, None, Y, None, None, None, None, 0.15), 142_503.57),
    ]:
        assert line in readme
        assert call(*args) == [[penny(value)]]


# --- Validation and money -------------------------------------------------------------------

@pytest.mark.parametrize("name, said", [("bonus_rate", "bonus rate"), ("bik_rate", "benefits-in-kind rate"),
                                        ("allowance_rate", "allowance rate"),
                                        ("sacrifice_rate", "sacrifice rate")])
@pytest.mark.parametrize("value", [-0.01, 1.01, 15, "x", None, math.nan, True])
def test_a_new_rate_outside_0_to_1_is_invalid(name, said, value):
    with pytest.raises(InvalidValueError, match=said):
        employer_cost(50000, Y, **{name: value})
    with pytest.raises(InvalidValueError, match=said):
        perm_equivalent(500, tax_year=Y, **{name: value})


def test_an_unknown_component_lists_every_component():
    with pytest.raises(UnknownNameError, match='"bonus", "allowances", "bik", "class1a", "sacrifice"'):
        employer_cost(50000, Y, component="perks")


def test_the_largest_inputs_give_finite_results():
    top = dict(pension_rate=1, pension_basis="full", benefits_rate=1, levy=True, bonus_rate=1,
               bik_rate=1, allowance_rate=1, sacrifice_rate=1)
    assert math.isfinite(employer_cost(1e9, Y, **top))
    assert math.isfinite(contractor_cost(1e9, 366, 1, "inside", Y, True))
    assert math.isfinite(perm_equivalent(1e9, 366, Y, fee_rate=1, ir35="inside", **top))
    assert math.isfinite(dayrate_equivalent(1e9, 1, Y, **top))


# --- Command line ---------------------------------------------------------------------------

def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def strict(text):
    def refuse(constant):
        raise ValueError(constant)
    return json.loads(text, parse_constant=refuse)


def test_cli_cost_with_every_new_flag(capsys):
    code, out, _ = run(capsys, "cost", "85000", "--tax-year", "2026/27", "--bonus-rate", "0.15", "--json")
    data = strict(out)
    assert code == 0 and (data["bonus"], data["nic"], data["total"]) == (12750, 13912.5, 112983.4)
    _, out, _ = run(capsys, "cost", "60000", "--tax-year", "2026/27", "--benefits-rate", "0.02",
                    "--levy", "--bik-rate", "0.05", "--allowance-rate", "0.1", "--json")
    assert strict(out)["total"] == 81450.9  # as test_benefits_split_three_ways
    _, out, _ = run(capsys, "cost", "60000", "--tax-year", "2026/27", "--sacrifice-rate", "0.05")
    assert "£69,120.90" in out and "sacrifice" in out and "pay after the sacrifice" in out


def test_cli_contract_inside_ir35(capsys):
    code, out, _ = run(capsys, "contract", "662.50", "--ir35", "inside", "--tax-year", "2026/27", "--json")
    data = strict(out)
    assert code == 0 and (data["day_cost"], data["annual_cost"], data["on_cost_rate"]) == (
        761.88, 167612.5, 0.15)
    _, out, _ = run(capsys, "contract", "662.50", "--ir35", "inside", "--tax-year", "2026/27")
    assert "£167,612.50 a year (£761.88 a day)" in out and "employer NIC 15%" in out and "£750" in out


def test_cli_compare_uses_the_on_costs_and_the_fee_and_says_so(capsys):
    _, out, _ = run(capsys, "compare", "LLM Engineer", "Senior", "--tax-year", "2026/27", "--json")
    data = strict(out)
    assert data["inside"]["mid"] == {"day_rate": 662.5, "annual_cost": 167612.5}
    assert data["on_cost_rate"] == 0.15
    _, out, _ = run(capsys, "compare", "LLM Engineer", "Senior", "--tax-year", "2026/27", "--levy", "--json")
    assert strict(out)["on_cost_rate"] == 0.155  # a fraction, not rounded to pennies
    _, out, _ = run(capsys, "compare", "AI Engineer", "Senior", "London", "--tax-year", "2026/27",
                    "--fee-rate", "0.15", "--json")
    data = strict(out)
    assert data["outside"]["low"]["annual_cost"] == 164450  # 650 x 220 x 1.15
    assert data["inside"]["low"]["annual_cost"] == 148720  # 520 x 220 x (1 + 0.15 + 0.15)
    # 127,070.90 / (220 x 1.15) = 502.26 outside; / (220 x 1.30) = 444.30 inside
    assert (data["break_even_day_rate"]["mid"], data["break_even_day_rate_inside"]["mid"]) == (
        502.26, 444.3)
    _, out, _ = run(capsys, "compare", "AI Engineer", "Senior", "London", "--tax-year", "2026/27")
    assert "the fee-payer adds employer NIC 15%" in out


@pytest.mark.parametrize("argv, said", [
    (["cost", "50000", "--bonus-rate", "15"], "(15% is 0.15)"),
    (["contract", "650", "--ir35", "inside", "--tax-year", "2040"], "Unknown tax year"),
])
def test_cli_bad_new_options_are_one_line(capsys, argv, said):
    code, _, err = run(capsys, *argv)
    assert code in (1, 2) and said in err and "Traceback" not in err and err.count("\n") == 1



def test_provenance_states_every_new_rule_and_what_is_left_out():
    import tomllib

    p = tomllib.loads((resources.files("addin") / "data" / "provenance.toml").read_text("utf-8"))
    s = p["statutory"]
    assert "Class 1A" in s["class1a"] and "15%" in s["class1a"]
    assert all(x in s["sacrifice"] for x in ("6 April 2029", "£2,000", "Autumn Budget 2025"))
    assert "fee-payer" in s["ir35"]
    rules = " ".join(s["rules"]).lower()
    for topic in ("bonus", "benefits in kind", "class 1a", "cash allowances", "salary sacrifice",
                  "inside ir35", "no secondary threshold", "£750", "agency fee", "perm equivalent"):
        assert topic in rules, topic
    left_out = " ".join(s["not_modelled"]).lower()
    for topic in ("under 21", "apprentices", "veterans", "freeport", "employment allowance eligibility",
                  "pay-period thresholds", "£15,000", "levy allowance"):
        assert topic in left_out, topic
    assert set(p["tables"]["sacrifice_caps"]["columns"]) == set(statutory._CAP_COLUMNS)
