"""Employment costs: statutory figures, the cost engine, its exact inverse and its validation.

Expected values are worked by hand from the statutory figures for 2026/27: employer NIC 15%
above £5,000; pension 3% of qualifying earnings £6,240 to £50,270; levy 0.5%.
"""

import doctest
import math
import shutil
import subprocess
import sys
from datetime import date, datetime
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addin.base.errors import DataError, GuideError, InvalidValueError, UnknownNameError
from addin.costs import employment, statutory
from addin.costs.employment import (
    contractor_cost,
    dayrate_equivalent,
    employer_cost,
    employer_cost_breakdown,
    employment_allowance,
    known_tax_years,
    perm_equivalent,
    resolve_tax_year,
    tax_year_for,
    tax_years,
)

Y = "2026/27"
PENNY = 0.005


def penny(x):
    return pytest.approx(x, abs=PENNY)


def exact(x):
    return pytest.approx(x, abs=1e-9)


# --- Statutory data -------------------------------------------------------------------------

STATUTORY = {  # GOV.UK rates and thresholds for employers, TPR, levy and allowance guidance
    "2025/26": (date(2025, 4, 6), date(2026, 4, 5)),
    "2026/27": (date(2026, 4, 6), date(2027, 4, 5)),
    # Forward years (tax_year_standing.csv): the threshold announced, the band assumed unchanged.
    **{f"{y}/{(y + 1) % 100:02d}": (date(y, 4, 6), date(y + 1, 4, 5)) for y in range(2027, 2031)},
}


def test_tax_years_csv_holds_the_statutory_figures_of_every_year():
    years = tax_years()
    assert list(years) == list(STATUTORY) == list(known_tax_years())
    for label, (start, end) in STATUTORY.items():
        y = years[label]
        assert (y.label, y.start, y.end) == (label, start, end)
        assert y.nic_rate_pct == 15
        assert y.nic_secondary_threshold == 5_000
        assert y.pension_min_rate_pct == 3
        assert (y.pension_lower, y.pension_upper) == (6_240, 50_270)
        assert y.levy_rate_pct == 0.5
        assert y.levy_pay_bill_threshold == 3_000_000
        assert y.employment_allowance == 10_500


def test_default_pension_rate_is_the_statutory_minimum_of_every_year():
    default = employer_cost.__defaults__[1]
    assert all(y.pension_min_rate_pct / 100 == default for y in tax_years().values())


def test_tax_years_are_read_only():
    years = tax_years()
    with pytest.raises(TypeError):
        years["2099/00"] = years[Y]
    with pytest.raises(AttributeError):
        years[Y].nic_rate_pct = 10


def test_provenance_cites_each_figure_and_lists_what_is_not_modelled():
    import tomllib

    p = tomllib.loads((resources.files("addin") / "data" / "provenance.toml").read_text("utf-8"))
    columns = p["tables"]["tax_years"]["columns"]
    assert tuple(columns) == statutory._COLUMNS
    s = p["statutory"]
    assert "Rates and thresholds for employers 2026 to 2027" in s["nic"]
    assert "Pensions Regulator" in s["pension"]
    assert "Apprenticeship Levy" in s["levy"]
    assert "Employment Allowance" in s["employment_allowance"]
    missing = " ".join(s["not_modelled"]).lower()
    for topic in ("under 21", "apprentices", "salary sacrifice", "benefits in kind",
                  "employment allowance per head", "scottish", "qualifying earnings"):
        assert topic in missing


@pytest.fixture
def folder_copy(tmp_path):
    """A writable copy of the bundled data folder (the package's data link followed)."""
    folder = tmp_path / "data"
    shutil.copytree(str(resources.files("addin") / "data"), folder)
    return folder


def test_a_copy_of_the_data_loads_the_same_figures(folder_copy):
    assert dict(tax_years(folder_copy)) == dict(tax_years())


GOOD = "2026/27,2026-04-06,2027-04-05,15,5000,3,6240,50270,0.5,3000000,10500,15"


@pytest.mark.parametrize("row, line, problem", [
    (GOOD.replace(",15,", ",fifteen,"), 3, "nic_rate_pct 'fifteen' is not a number"),
    (GOOD.replace(",15,", ",150,"), 3, "nic_rate_pct '150' is above 100"),
    (GOOD.replace(",10500,", ",-1,"), 3, "employment_allowance '-1' must be zero or more"),
    (GOOD.replace("6240,50270", "50270,6240"), 3, "pension_lower 50270 must be below"),
    (GOOD.replace("2026/27", "2026/28"), 3, "must look like 2026/27"),
    (GOOD.replace("2026-04-06", "2026-04-01"), 3, "must run from 2026-04-06"),
    (GOOD.replace("2026-04-06", "6 April"), 3, "is not a date"),
    (GOOD.replace("2026/27", "2025/26").replace("2026-", "2025-").replace("2027-", "2026-"),
     3, "duplicate key '2025/26' (first on line 2)"),
    (GOOD + ",extra", 3, "expected 12 fields, found 13"),
])
def test_a_broken_tax_years_csv_names_file_and_line(folder_copy, row, line, problem):
    path = folder_copy / "tax_years.csv"
    lines = path.read_text("utf-8").splitlines()
    assert lines[2] == GOOD  # the row being broken is the real 2026/27 row
    path.write_text("\n".join(lines[:2] + [row]) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        tax_years(folder_copy)
    assert (e.value.file, e.value.line) == ("tax_years.csv", line)
    assert problem in e.value.problem


def test_a_wrong_header_or_a_missing_file_is_a_data_error(folder_copy):
    path = folder_copy / "tax_years.csv"
    path.write_text(path.read_text("utf-8").replace("nic_rate_pct", "nic_rate"), encoding="utf-8")
    with pytest.raises(DataError, match=r"tax_years.csv, line 1: header must be"):
        tax_years(folder_copy)
    path.unlink()
    with pytest.raises(DataError, match="file is missing"):
        tax_years(folder_copy)


# --- Tax years ------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["2026/27", "2026-27", "2026/2027", "2026", " 2026 / 27 ",
                                   "2026\u201327", 2026, 2026.0])
def test_tax_year_spellings(value):
    assert resolve_tax_year(value) == "2026/27"


@pytest.mark.parametrize("day, label", [
    (date(2026, 4, 5), "2025/26"), (date(2026, 4, 6), "2026/27"), (date(2026, 1, 1), "2025/26"),
    (date(2025, 4, 6), "2025/26"), (date(2027, 4, 5), "2026/27"), (date(2099, 12, 31), "2099/00"),
    (datetime(2026, 4, 6, 0, 0, 1), "2026/27"),
])
def test_tax_year_for_a_date_runs_6_april_to_5_april(day, label):
    assert tax_year_for(day) == label


def test_default_tax_year_is_the_one_containing_today():
    assert resolve_tax_year(today=date(2026, 4, 5)) == "2025/26"
    assert resolve_tax_year(today=date(2026, 4, 6)) == "2026/27"
    assert statutory._current_label() == tax_year_for() == tax_year_for(date.today())


def test_employer_cost_uses_the_current_tax_year_by_default():
    current = tax_year_for()
    if current in known_tax_years():
        assert employer_cost(85000) == employer_cost(85000, current)
        assert employment_allowance() == employment_allowance(current)
    else:  # the bundled figures have run out: say so rather than use an old year's
        with pytest.raises(UnknownNameError, match=current):
            employer_cost(85000)


@pytest.mark.parametrize("value", ["2031/32", 2031, "2026/28", "26/27", "last year", 2026.5, ""])
def test_unknown_tax_year_lists_the_known_ones(value):
    with pytest.raises(UnknownNameError) as e:
        resolve_tax_year(value)
    assert isinstance(e.value, LookupError) and e.value.choices == tuple(STATUTORY)
    assert '"2025/26", "2026/27"' in str(e.value)
    with pytest.raises(UnknownNameError, match='Unknown tax year .* "2026/27"'):
        employer_cost(50000, value)


@pytest.mark.parametrize("value", [True, [2026], b"2026", date(2026, 5, 1)])
def test_a_tax_year_of_the_wrong_type_is_invalid(value):
    with pytest.raises(InvalidValueError, match="tax year"):
        employer_cost(50000, value)


def test_tax_year_for_rejects_a_non_date():
    with pytest.raises(InvalidValueError):
        tax_year_for("2026-04-06")


# --- Employer cost --------------------------------------------------------------------------

def test_employer_cost_above_both_thresholds():
    # 85,000 + 15% x 80,000 + 3% x (50,270 - 6,240)
    assert employer_cost(85000, Y) == exact(98_320.90)
    assert employer_cost(85000, Y, component="nic") == exact(12_000)
    assert employer_cost(85000, Y, component="pension") == exact(1_320.90)
    assert employer_cost(85000, Y, component="salary") == 85_000
    assert employer_cost(85000, Y, component="levy") == 0
    assert employer_cost(85000, Y, component="benefits") == 0


def test_employer_cost_inside_the_qualifying_band():
    # 30,000 + 15% x 25,000 + 3% x 23,760
    assert employer_cost(30000, Y) == exact(34_462.80)
    assert employer_cost(30000, Y, component="NIC") == exact(3_750)
    assert employer_cost(30000, Y, component=" Pension ") == exact(712.80)


@pytest.mark.parametrize("salary, cost", [
    (0, 0), (4000, 4000), (5000, 5000),
    (6000, 6150),  # 15% x 1,000, below the pension band
    (6240, 6426),  # 15% x 1,240
    (50270, 58_381.40),  # 50,270 + 6,790.50 + 1,320.90
])
def test_employer_cost_at_and_below_the_thresholds(salary, cost):
    assert employer_cost(salary, Y) == exact(cost)


def test_employer_cost_with_every_option():
    # 60,000 + NIC 8,250 + 5% of the full salary 3,000 + benefits 4% 2,400 + levy 0.5% 300
    assert employer_cost(60000, Y, 0.05, "full", 0.04, True) == exact(73_950)
    b = employer_cost_breakdown(60000, Y, 0.05, "full", 0.04, True)
    assert (b.salary, b.nic, b.pension, b.levy, b.benefits, b.total) == (
        exact(60_000), exact(8_250), exact(3_000), exact(300), exact(2_400), exact(73_950))
    assert b._asdict()["total"] == b.total


def test_zero_salary_costs_nothing_whatever_the_options():
    assert employer_cost(0, Y, 1, "full", 1, True) == 0
    assert employer_cost_breakdown(0.0, Y, 0.08, "full", 0.1, True) == (0,) * 11


def test_excel_sends_floats_and_text():
    # What an Excel cell passes: every number a float, flags as 1.0, names in any case.
    assert employer_cost(85000.0, 2026.0, 0.03, "Qualifying", 0.0, 0.0, "Total") == exact(98_320.90)
    assert employer_cost("85000", "2026/27", "0.03") == exact(98_320.90)
    assert employer_cost(60000.0, Y, levy=1.0) == employer_cost(60000, Y, levy=True)
    assert employer_cost(60000, Y, levy=0) == employer_cost(60000, Y)


def test_levy_is_off_by_default_and_half_a_percent_when_on():
    assert employer_cost(100_000, Y, levy=True) - employer_cost(100_000, Y) == exact(500)


def test_employment_allowance_is_a_company_figure():
    assert employment_allowance(Y) == 10_500
    assert employment_allowance("2025-26") == 10_500


@given(st.floats(0, 1e7), st.sampled_from(["qualifying", "full"]), st.floats(0, 1),
       st.floats(0, 1), st.booleans())
@settings(max_examples=60, deadline=None)
def test_breakdown_sums_to_employer_cost(salary, basis, pension, benefits, levy):
    b = employer_cost_breakdown(salary, Y, pension, basis, benefits, levy)
    assert b.total == employer_cost(salary, Y, pension, basis, benefits, levy)
    assert b.total == pytest.approx(b.salary + b.nic + b.pension + b.levy + b.benefits)
    for part in ("salary", "nic", "pension", "levy", "benefits"):
        assert employer_cost(salary, Y, pension, basis, benefits, levy, part) == getattr(b, part)


# --- Contractor cost and equivalents --------------------------------------------------------

def test_contractor_cost():
    assert contractor_cost(650) == 143_000
    assert contractor_cost(650, 200) == 130_000
    assert contractor_cost(650, 220, 0.1) == exact(157_300)
    assert contractor_cost(0) == 0


def test_perm_equivalent_of_650_a_day():
    # 143,000 = 1.15 x s - 750 + 1,320.90, so s = 142,429.10 / 1.15
    assert round(perm_equivalent(650, tax_year=Y), 2) == 123_851.39
    assert round(dayrate_equivalent(123_851.39, tax_year=Y), 2) == 650.00


@pytest.mark.parametrize("day_rate, salary", [
    (0, 0),
    (20, 4_400),  # below the NIC threshold: cost = salary
    (25, 5_434.78),  # 5,000 + 500 / 1.15
    (100, 19_438.31),  # 6,240 + (22,000 - 6,426) / 1.18
])
def test_perm_equivalent_in_each_lower_piece(day_rate, salary):
    assert round(perm_equivalent(day_rate, tax_year=Y), 2) == salary


SALARIES = [0, 3000, 5000, 5500, 6240, 20000, 50270, 80000, 250000]
OPTIONS = [  # pension_rate, basis, benefits_rate, levy
    (0.03, "qualifying", 0.0, False), (0.03, "full", 0.0, False),
    (0.05, "qualifying", 0.04, True), (0.08, "full", 0.1, True), (0.0, "qualifying", 0.0, False),
]


@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize("salary", SALARIES)
def test_perm_equivalent_inverts_dayrate_equivalent(salary, options):
    for days in (220, 1, 366, 187.5):
        rate = dayrate_equivalent(salary, days, Y, *options)
        assert perm_equivalent(rate, days, Y, *options) == penny(salary)


@given(st.floats(0, 5e6), st.sampled_from(["qualifying", "full"]), st.floats(0, 1),
       st.floats(0, 1), st.booleans(), st.integers(1, 366))
@settings(max_examples=200, deadline=None)
def test_round_trip_to_the_penny(salary, basis, pension, benefits, levy, days):
    rate = dayrate_equivalent(salary, days, Y, pension, basis, benefits, levy)
    assert perm_equivalent(rate, days, Y, pension, basis, benefits, levy) == penny(salary)


@given(st.floats(0, 5e6), st.floats(0, 5e6))
@settings(max_examples=60, deadline=None)
def test_employer_cost_rises_with_salary(a, b):
    lo, hi = sorted((a, b))
    assert employer_cost(lo, Y) <= employer_cost(hi, Y)


# --- Validation -----------------------------------------------------------------------------

BAD_NUMBERS = [-1, -0.01, "abc", "", True, False, None, math.nan, math.inf, -math.inf,
               "nan", 10**400, [85000], 1e308, 1_000_000_000.01]


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_a_bad_salary_or_day_rate_is_invalid(value):
    for call in (lambda: employer_cost(value, Y), lambda: employer_cost_breakdown(value, Y),
                 lambda: dayrate_equivalent(value, tax_year=Y), lambda: contractor_cost(value),
                 lambda: perm_equivalent(value, tax_year=Y)):
        with pytest.raises(InvalidValueError) as e:
            call()
        assert isinstance(e.value, ValueError) and isinstance(e.value, GuideError)
        shown = str(value) if len(str(value)) <= 60 else str(value)[:59] + "…"
        assert f'"{shown}"' in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize("rate", [-0.01, 1.01, 3, "x", True, None, math.nan])
def test_a_rate_outside_0_to_1_is_invalid(rate):
    with pytest.raises(InvalidValueError, match="pension rate"):
        employer_cost(50000, Y, pension_rate=rate)
    with pytest.raises(InvalidValueError, match="benefits rate"):
        employer_cost(50000, Y, benefits_rate=rate)
    with pytest.raises(InvalidValueError, match="fee rate"):
        contractor_cost(500, fee_rate=rate)
    with pytest.raises(InvalidValueError, match="pension rate"):
        perm_equivalent(500, tax_year=Y, pension_rate=rate)


def test_rates_of_0_and_1_are_allowed():
    assert employer_cost(10000, Y, 1, "full", 1) == exact(10_000 + 750 + 10_000 + 10_000)
    assert contractor_cost(100, 10, 1) == 2_000


@pytest.mark.parametrize("days", [0, 0.5, 367, -220, "x", None, True, math.nan])
def test_days_outside_1_to_366_are_invalid(days):
    for call in (lambda: contractor_cost(500, days), lambda: perm_equivalent(500, days, Y),
                 lambda: dayrate_equivalent(50000, days, Y)):
        with pytest.raises(InvalidValueError, match="days"):
            call()


@pytest.mark.parametrize("basis", ["gross", "", None, 1])
def test_an_unknown_pension_basis_lists_the_choices(basis):
    with pytest.raises(UnknownNameError, match='"qualifying", "full"'):
        employer_cost(50000, Y, pension_basis=basis)


@pytest.mark.parametrize("component", ["employer", "", None, 2])
def test_an_unknown_component_lists_the_choices(component):
    with pytest.raises(UnknownNameError, match='"total", "salary", "nic", "pension", "levy", "benefits"'):
        employer_cost(50000, Y, component=component)


@pytest.mark.parametrize("levy", [2, 0.5, -1, "maybe", None, math.nan])
def test_levy_takes_a_flag_or_0_or_1(levy):
    with pytest.raises(InvalidValueError, match="levy"):
        employer_cost(50000, Y, levy=levy)


@pytest.mark.parametrize("levy", ["Yes", " y ", "TRUE", "1", 1, "yes\u00a0"])
def test_levy_reads_yes_as_the_levy_cell_does(levy):
    # Issue 16 section 5: EMPLOYER_COST(..., levy="Yes") was refused while the Levy cell
    # took "Yes". The levy is 0.5% of earnings: on £50,000 it adds £250.
    assert employer_cost(50000, Y, levy=levy) == pytest.approx(employer_cost(50000, Y) + 250)


def test_an_unhashable_option_is_checked_not_crashed():
    with pytest.raises(InvalidValueError, match="pension rate"):
        employer_cost(50000, Y, pension_rate=[0.03])
    with pytest.raises(UnknownNameError, match="pension basis"):
        employer_cost(50000, Y, pension_basis=["full"])


# --- Package hygiene ------------------------------------------------------------------------

def test_docstring_examples_run():
    assert doctest.testmod(employment).failed == 0
    assert doctest.testmod(statutory).failed == 0


def test_import_reads_no_data_and_pulls_no_heavy_library():
    code = ("import sys, addin.costs.employment, addin.costs.statutory as e; "
            "print(e._bundled.cache_info().currsize, "
            "[m for m in ('pandas', 'openpyxl', 'xlwings', 'numpy') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0 []"


def test_money_up_to_the_ceiling_prices_and_stays_exact():
    # £1bn is the stated ceiling: 1e9 + 15% NIC above £5,000 + 3% of £44,030 qualifying.
    assert employer_cost(1e9, Y) == pytest.approx(1e9 + (1e9 - 5000) * 0.15 + 44030 * 0.03, abs=1e-6)
    assert contractor_cost(1e9, 366, 1) == 732e9


def test_default_tax_year_outlives_the_data(monkeypatch):
    import datetime as dt

    from addin.costs import employment, statutory

    held = employment.known_tax_years()
    later = dt.date(int(held[-1][:4]) + 1, 5, 1)  # a tax year after the last one held
    assert employment.default_tax_year(later) == held[-1]
    assert employment.resolve_tax_year(today=later) == held[-1]
    assert held[-1] in employment.tax_year_note(later) and "not in the data" in employment.tax_year_note(later)
    assert employment.tax_year_note(dt.date(2026, 5, 1)) == ""
    # An explicitly named unknown year stays an error.
    with pytest.raises(UnknownNameError):
        employment.resolve_tax_year(later.year)
    # employer_cost's omitted year follows the clock past the data: the latest year held.
    stamp = dt.datetime(later.year, later.month, later.day, 12).timestamp()
    monkeypatch.setattr(statutory, "time", lambda: stamp)
    monkeypatch.setattr(statutory, "_current", ("", 0.0, 0.0))
    assert employer_cost(85000) == employer_cost(85000, held[-1])
    assert employment.employment_allowance() == employment.employment_allowance(held[-1])
