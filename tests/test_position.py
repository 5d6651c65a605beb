"""Market position: compa-ratio, band position and the modelled percentile, figures from the guide.

Hand figures: AI Engineer, Senior, London is £95,000 to £125,000 (3. AI Engineer Salaries), mid
£110,000. The model puts ln(pay) ~ Normal(mu, sigma) with mu = (ln 95,000 + ln 125,000) / 2 and
sigma = ln(125,000 / 95,000) / (2 x 0.67449) = 0.20344, so the median is sqrt(95,000 x 125,000)
= £108,972.47 and the 90th percentile is exp(mu + 1.28155 x sigma) = £141,431.37.
"""

import json
import math
import os
import re
import shlex
import subprocess
import sys

import pytest
from conftest import REPO, guide_text
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from udf_runtime import NA, call

import addin
import addin.excel.arguments as arguments
import addin.excel.udfs as udfs
from addin import (
    InvalidValueError,
    NotInGuideError,
    UnknownNameError,
    band_position,
    compa_ratio,
    market_percentile,
    market_position,
    salary_percentile,
)
from addin.commands.cli import main
from addin.guide.checks import plan_checks
from addin.guide.edition import bundled_edition
from addin.guide.pay import day_rate_levels

VALUE = {"type": "Error", "errorType": "Value"}
SENIOR_LONDON = ("AI Engineer", "Senior", "London")


# --- the held figures --------------------------------------------------------------

def test_held_figures_for_ai_engineer_senior_london():
    assert round(compa_ratio(120000, *SENIOR_LONDON), 4) == 1.0909  # 120,000 / 110,000
    assert round(band_position(120000, *SENIOR_LONDON), 4) == 0.8333  # 25,000 / 30,000
    assert round(market_percentile(120000, *SENIOR_LONDON), 1) == 68.2
    assert salary_percentile(50, *SENIOR_LONDON) == 108972.47
    assert salary_percentile(90, *SENIOR_LONDON) == 141431.37
    assert salary_percentile(25, *SENIOR_LONDON) == 95000.00
    assert salary_percentile(75, *SENIOR_LONDON) == 125000.00


def test_held_figures_in_excel():
    assert round(call("COMPA_RATIO", 120000, *SENIOR_LONDON)[0][0], 4) == 1.0909
    assert round(call("BAND_POSITION", 120000, *SENIOR_LONDON)[0][0], 4) == 0.8333
    assert round(call("MARKET_PERCENTILE", 120000, *SENIOR_LONDON)[0][0], 1) == 68.2
    assert call("SALARY_PERCENTILE", [[50], [90], [25]], *SENIOR_LONDON) == [
        [108972.47], [141431.37], [95000.00]]


def test_derived_city_band_is_modelled_from_its_derived_low_and_high():
    # Manchester: London 95,000 x 0.85 = 80,750 to 125,000 x 0.90 = 112,500; mid 96,625.
    assert compa_ratio(96625, "AI Engineer", "Senior", "Manchester") == 1.0
    assert band_position(80750, "AI Engineer", "Senior", "Manchester") == 0.0
    assert salary_percentile(25, "AI Engineer", "Senior", "Manchester") == 80750.00
    assert salary_percentile(75, "AI Engineer", "Senior", "Manchester") == 112500.00
    assert "derived" in market_position(90000, "AI Engineer", "Senior", "Manchester").source


def test_years_pick_the_level():
    # 5 years is Senior (4-7 years); UK National is 80,000 to 105,000, mid 92,500.
    assert compa_ratio(92500, "AI Engineer", 5) == 1.0
    assert compa_ratio(92500, "AI Engineer", "5") == 1.0


# --- leadership, open tops, day rates --------------------------------------------------------

def test_leadership_uses_its_own_band_with_level_empty():
    # Director of AI: UK £150k-£200k, London £170k-£250k (6. Leadership & Principal Roles).
    assert compa_ratio(175000, "Director of AI") == 1.0
    assert band_position(190000, "Director of AI", None, "London") == 0.25
    assert salary_percentile(50, "Director of AI", "", "London") == 206155.28  # sqrt(170k x 250k)
    assert call("BAND_POSITION", 190000, "Director of AI", None, "London") == [[0.25]]
    with pytest.raises(InvalidValueError, match="leadership role with no levels"):
        compa_ratio(175000, "Director of AI", "Senior")


@pytest.mark.parametrize("band", [("LLM Engineer", "Lead", "London"),
                                  ("LLM Engineer", "Lead", "Manchester"),
                                  ("Chief AI Officer", None, "UK"),
                                  ("VP of Engineering (AI)", None, "London")])
def test_open_top_has_no_percentile_model(band):
    with pytest.raises(NotInGuideError, match="open-ended"):
        market_percentile(200000, *band)
    with pytest.raises(NotInGuideError, match="open-ended"):
        salary_percentile(50, *band)
    assert call("MARKET_PERCENTILE", 200000, *band) == [[NA]]
    at = market_position(200000, *band)
    assert at.open_top and at.percentile is None and "modelled" not in at.source


def test_open_top_ratios_use_the_printed_top():
    # LLM Engineer Lead/Principal London: £150,000 to £200,000+, mid 175,000.
    assert compa_ratio(175000, "LLM Engineer", "Lead", "London") == 1.0
    assert band_position(200000, "LLM Engineer", "Lead", "London") == 1.0
    assert market_position(250000, "LLM Engineer", "Lead", "London").sentence == (
        "above the band's printed top, which is open-ended")


def test_open_top_message_in_classic_excel(monkeypatch):
    monkeypatch.setattr(arguments, "CLASSIC", True)  # the runtime rule lives there
    shown = udfs.MARKET_PERCENTILE(250000, "Chief AI Officer", None, "London")
    assert "£400,000+ is open-ended" in shown


def test_day_rates_take_ir35():
    # LLM Engineer Senior: outside £700-£900 (mid 800); inside 700 x 0.80 = 560 to 900 x 0.85 = 765.
    assert compa_ratio(880, "LLM Engineer", "Senior", None, "outside") == 1.1
    assert band_position(750, "LLM Engineer", "Senior", None, "outside") == 0.25
    assert band_position(560, "LLM Engineer", "Senior", None, "inside") == 0.0
    assert compa_ratio(662.5, "LLM Engineer", "Senior", None, True) == 1.0
    assert call("COMPA_RATIO", 880, "LLM Engineer", "Senior", None, "outside") == [[1.1]]
    assert call("BAND_POSITION", 765, "LLM Engineer", "Senior", None, True) == [[1.0]]
    at = market_position(950, "LLM Engineer", "Senior", None, "outside")
    assert (at.unit, at.percentile, at.sentence) == ("GBP/day", None, "above the band")


def test_day_rates_have_no_region_yet_a_typo_is_caught():
    assert band_position(750, "LLM Engineer", "Senior", "London", "outside") == 0.25
    with pytest.raises(UnknownNameError):
        band_position(750, "LLM Engineer", "Senior", "Londn", "outside")


def test_day_rate_only_role_asks_for_ir35():
    with pytest.raises(NotInGuideError, match="ir35"):
        compa_ratio(600, "ML Engineer", "Senior")
    # ML Engineer Senior £600-£750 (7. Contractor Day Rates)
    assert band_position(600, "ML Engineer", "Senior", None, "outside") == 0.0


def test_the_guide_gives_percentiles_for_salaries_only():
    text = guide_text()
    assert "Salary ranges represent the 25th to 75th percentile" in text
    day_rates = text[text.index("\n7. Contractor Day Rates\n"):text.index("\n8. London vs")]
    assert "percentile" not in day_rates


def test_the_rules_on_tiny_made_up_data(tiny_edition):
    # tests/fixtures/tiny: Test Engineer Senior London 100,000-200,000 (mid 150,000); Testcity
    # is 60,000-160,000 by the city rule; Lead London's top is open; Head of Test UK 1,000-2,000;
    # Rate Only Engineer has day rates only, Mid-Level 150-250.
    assert compa_ratio(150000, "Test Engineer", "Senior", "London") == 1.0
    assert band_position(125000, "Test Engineer", "Senior", "London") == 0.25
    assert salary_percentile(50, "Test Engineer", "Senior", "London") == 141421.36  # sqrt(2e10)
    assert salary_percentile(25, "Test Engineer", "Senior", "Testcity") == 60000.00
    assert salary_percentile(75, "Test Engineer", "Senior", "Testcity") == 160000.00
    # Head of Test's 1,000-2,000 lies under the tiny edition's salary floor, £5,000 (0.25 x
    # its lowest salary, Junior's £20,000): a pay that small is taken for a day rate.
    with pytest.raises(InvalidValueError, match=r"^Pay £1,250 a year: is this a day rate\? "
                                                r"A salary is at least £5,000"):
        band_position(1250, "Head of Test")
    assert band_position(200, "Rate Only Engineer", "Mid-Level", None, "outside") == 0.5
    with pytest.raises(NotInGuideError, match="open-ended"):
        market_percentile(400000, "Test Engineer", "Lead", "Testcity")
    with pytest.raises(NotInGuideError, match="ir35"):
        compa_ratio(200, "Rate Only Engineer", "Mid-Level")


# --- sentences ---------------------------------------------------------------------------

@pytest.mark.parametrize("pay, sentence", [
    (90000, "below the band, under the 25th percentile"),
    (100000, "in the band, lower half"),
    (110000, "in the band, at the mid"),
    (120000, "in the band, upper half"),
    (130000, "above the band, above the 75th percentile"),
])
def test_plain_sentence(pay, sentence):
    assert market_position(pay, *SENIOR_LONDON).sentence == sentence


# --- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("pay", [0, -1, "abc", "nan", float("inf"), float("nan"), True, None, "  ",
                                 1e9 + 1, 10**400, "1e400"])
def test_pay_must_be_finite_and_positive(pay):
    with pytest.raises(InvalidValueError) as e:
        compa_ratio(pay, *SENIOR_LONDON)
    assert "\n" not in str(e.value)
    with pytest.raises(InvalidValueError):
        market_position(pay, *SENIOR_LONDON)


@pytest.mark.parametrize("p", [0, 0.5, 99.5, 100, -10, "ninety", None, float("nan")])
def test_salary_percentile_refuses_p_outside_1_to_99(p):
    with pytest.raises(InvalidValueError, match="percentile"):
        salary_percentile(p, *SENIOR_LONDON)


def test_p_of_1_and_99_are_allowed():
    assert salary_percentile(1, *SENIOR_LONDON) < 95000 < 125000 < salary_percentile(99, *SENIOR_LONDON)


def test_a_column_keeps_each_rows_error():
    pays = [[120000], [None], ["x"], [130000]]
    out = call("COMPA_RATIO", pays, *SENIOR_LONDON)
    assert out[1:3] == [[VALUE], [VALUE]]
    assert round(out[0][0], 4) == 1.0909 and round(out[3][0], 4) == 1.1818
    roles = [["AI Engineer"], ["LLM Engineer"], ["AI Engnr"]]
    out = call("MARKET_PERCENTILE", 150000, roles, [["Senior"], ["Lead"], ["Senior"]], "London")
    # ln(150,000 / 108,972.47) / 0.20344 = 1.5707 standard deviations: the 94.2nd percentile
    assert out[1:] == [[NA], [NA]] and round(out[0][0], 1) == 94.2
    assert call("SALARY_PERCENTILE", [[50], [0]], *SENIOR_LONDON) == [[108972.47], [VALUE]]


def test_scalar_bad_percentile_is_a_value_error():
    with pytest.raises(InvalidValueError, match="1 to 99"):
        call("SALARY_PERCENTILE", 100, *SENIOR_LONDON)


# --- properties over every band of the guide ----------------------------------------------

def _modelled_bands():
    out = []
    for role in addin.roles("salary"):
        for level in addin.levels(role):
            for region in addin.regions():
                if not addin.salary_band(role, level, region).open_top:
                    out.append((role, level, region))
    for role in addin.roles("leadership"):
        for region in ("UK", "London"):
            if not addin.leadership_band(role, region).open_top:
                out.append((role, None, region))
    return out


def _all_bands():
    """Every (role, level, region, ir35) with a band: salaries, leadership, day rates."""
    out = [(*b, None) for b in _modelled_bands()]
    out += [(r, lv, rg, None) for r in addin.roles("salary") for lv in addin.levels(r)
            for rg in addin.regions() if addin.salary_band(r, lv, rg).open_top]
    out += [(r, None, rg, None) for r in addin.roles("leadership") for rg in ("UK", "London")
            if addin.leadership_band(r, rg).open_top]
    out += [(r, lv, None, s) for r in addin.roles("dayrate") for lv in day_rate_levels()
            for s in ("outside", "inside")]
    return out


MODELLED, EVERY = _modelled_bands(), _all_bands()


def test_the_band_lists_cover_the_guide():
    # 4 salary roles x 4 levels x every region, less the 5 open tops (LLM Engineer Lead
    # London and the 4 cities derived from it); 5 leadership roles x 2, less 3 open tops;
    # 6 day-rate roles x 3 levels x outside and inside.
    assert len(MODELLED) == 4 * 4 * len(addin.regions()) - 5 + 7
    assert len(EVERY) == 4 * 4 * len(addin.regions()) + 10 + 6 * 3 * 2


@pytest.mark.parametrize("band", MODELLED)
def test_model_reproduces_low_and_high_at_the_25th_and_75th(band):
    b = addin.market_band(*band)
    assert salary_percentile(25, *band) == pytest.approx(b.low, abs=0.005)
    assert salary_percentile(75, *band) == pytest.approx(b.high, abs=0.005)
    assert market_percentile(b.low, *band) == pytest.approx(25, abs=1e-9)
    assert market_percentile(b.high, *band) == pytest.approx(75, abs=1e-9)
    assert market_percentile(math.sqrt(b.low * b.high), *band) == pytest.approx(50, abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(MODELLED), st.floats(1, 99))
def test_percentile_and_salary_are_inverses(band, p):
    salary = salary_percentile(p, *band)
    # a penny moves the percentile by far less than 1e-4 at these salaries
    assert market_percentile(salary, *band) == pytest.approx(p, abs=1e-4)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(MODELLED), st.floats(0.5, 2.0))
def test_salary_at_a_pays_percentile_is_that_pay(band, scale):
    pay = addin.market_band(*band).mid * scale
    p = market_percentile(pay, *band)
    if 1 <= p <= 99:
        assert salary_percentile(p, *band) == pytest.approx(pay, abs=0.01)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(EVERY), st.floats(0, 0.999), st.floats(1e-6, 1))
def test_every_measure_is_monotonic_in_pay(band, at, share):
    # Pay in its unit's plausible range: a salary from the floor to £10m, a day rate to the
    # ceiling (checks.plan_checks); outside it the unit is refused (next test).
    checks = plan_checks()
    lo, hi = (checks.salary_floor, 1e7) if band[3] is None else (1, checks.day_rate_ceiling)
    low_pay = lo + at * (hi - lo)
    high_pay = low_pay + share * (hi - low_pay)
    assume(high_pay > low_pay)
    assert compa_ratio(low_pay, *band) < compa_ratio(high_pay, *band)
    assert band_position(low_pay, *band) < band_position(high_pay, *band)
    role, level, region, ir35 = band
    if ir35 is None and not addin.market_band(*band).open_top:
        assert market_percentile(low_pay, role, level, region) <= market_percentile(
            high_pay, role, level, region)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(MODELLED), st.floats(1, 98), st.floats(0.001, 98))
def test_salary_percentile_rises_with_p(band, p, step):
    assert salary_percentile(p, *band) <= salary_percentile(min(p + step, 99), *band)


def _one(name, *args):
    """A single call's row; a malformed single call raises, which Excel shows as #VALUE!."""
    try:
        return call(name, *args)[0]
    except InvalidValueError:
        return [VALUE]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(EVERY),
                          st.one_of(st.floats(1000, 500000), st.sampled_from([0, None, "x"]))),
                min_size=2, max_size=6))
def test_column_calls_equal_row_by_row_calls(rows):
    args = [[pay, *band] for band, pay in rows]  # pay, role, level, region, ir35
    columns = [[[a[k]] for a in args] for k in range(5)]
    for name in ("COMPA_RATIO", "BAND_POSITION"):
        assert call(name, *columns) == [_one(name, *a) for a in args]
    salaries = [a[:4] for a in args if a[4] is None]
    if len(salaries) > 1:  # one row would be a single call, which raises
        columns = [[[a[k]] for a in salaries] for k in range(4)]
        assert call("MARKET_PERCENTILE", *columns) == [_one("MARKET_PERCENTILE", *a) for a in salaries]


# --- the API record, the command line, the README, provenance --------------------------------

def test_api_record():
    at = market_position(120000, *SENIOR_LONDON)
    assert isinstance(at, addin.Position)
    assert (at.pay, at.unit, at.band.low, at.band.high, at.open_top) == (
        120000, "GBP/year", 95000, 125000, False)
    assert round(at.percentile, 1) == 68.2 and "modelled" in at.source and "quoted" in at.source
    with pytest.raises(AttributeError):
        at.pay = 1


def _strict(text):
    def refuse(constant):
        raise ValueError(constant)
    return json.loads(text, parse_constant=refuse)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_position_text(capsys):
    code, out, _ = run(capsys, "position", "120000", *SENIOR_LONDON)
    assert code == 0
    assert "in the band, upper half" in out and "1.0909" in out and "0.8333" in out
    assert "68.2 (modelled)" in out and "£95,000" in out and "£125,000" in out
    assert "3. AI Engineer Salaries, Senior, London: quoted" in out and "lognormal" in out


def test_cli_position_json_is_strict_and_in_pennies(capsys):
    _, out, _ = run(capsys, "position", "120000.005", *SENIOR_LONDON, "--json")
    data = _strict(out)
    assert data["pay"] == 120000.01 and data["band"]["mid"] == 110000
    assert round(data["compa_ratio"], 4) == 1.0909 and data["open_top"] is False
    _, out, _ = run(capsys, "position", "450000", "Chief AI Officer", "London", "--json")
    data = _strict(out)
    assert data["open_top"] is True and data["percentile"] is None
    assert "open-ended" in data["percentile_note"] and data["band"]["high"] == 400000


def test_cli_leadership_region_in_the_levels_place(capsys):
    _, out, _ = run(capsys, "position", "190000", "Director of AI", "London", "--json")
    assert _strict(out)["band_position"] == 0.25
    _, out, _ = run(capsys, "position", "190000", "Director of AI", "", "London", "--json")
    assert _strict(out)["band_position"] == 0.25


def test_cli_day_rate_form(capsys):
    code, out, _ = run(capsys, "position", "700", "LLM Engineer", "Senior", "--ir35", "inside")
    assert code == 0 and "£700 a day" in out and "£560" in out and "£765" in out
    assert "none: The guide does not say its day-rate ranges are percentiles" in out


@pytest.mark.parametrize("argv, status, words", [
    (["abc", "AI Engineer", "Senior"], 2, "must be a number"),
    (["nan", "AI Engineer", "Senior"], 2, "finite"),
    (["2e9", "AI Engineer", "Senior"], 2, "up to £1,000,000,000"),
    (["-5", "AI Engineer", "Senior"], 2, "above 0"),
    (["120000", "AI Engnr", "Senior"], 1, "Did you mean"),
    (["120000", "AI Engineer"], 2, "Level is empty"),
])
def test_cli_errors_are_one_line(capsys, argv, status, words):
    code, out, err = run(capsys, "position", *argv)
    assert code == status and out == "" and words in err and err.count("\n") == 1


def test_readme_position_lines_run_as_written(capsys):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    lines = re.findall(r"^ {4}ukaipay (position .*?)(?:\s+#.*)?$", readme, re.M)
    lines += re.findall(r"`ukaipay (position [^`]*)`", readme)
    assert len(lines) >= 4
    for line in lines:
        code, out, err = run(capsys, *shlex.split(line))
        assert code == 0, (line, err)
    # the worked example's figures are the held ones above
    for line in ('=COMPA_RATIO(120000,"AI Engineer","Senior","London")        ->  1.0909',
                 '=BAND_POSITION(120000,"AI Engineer","Senior","London")      ->  0.8333',
                 '=MARKET_PERCENTILE(120000,"AI Engineer","Senior","London")  ->  68.2',
                 '=SALARY_PERCENTILE(50,"AI Engineer","Senior","London")      ->  108,972.47',
                 '=SALARY_PERCENTILE(90,"AI Engineer","Senior","London")      ->  141,431.37'):
        assert line in readme


def test_source_says_modelled(capsys):
    assert "modelled" in addin.source()
    assert "modelled" in call("GUIDE_SOURCE")[0][0]
    rule = bundled_edition().provenance.document["rules"]["percentile_model"]
    assert rule.startswith("Modelled") and "lognormal" in rule and "open top" in rule
    assert "day rates have none" in rule
    code, out, _ = run(capsys, "source")
    assert code == 0 and "rule percentile_model: Modelled" in out


def test_import_leaves_the_model_library_for_first_use():
    code = ("import sys, addin, addin.excel.udfs; a = 'statistics' in sys.modules; "
            "addin.market_percentile(120000, 'AI Engineer', 'Senior', 'London'); "
            "print(a, 'statistics' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "XLWINGS_ON_SERVER": "true",
                              "XLWINGS_LICENSE_KEY": "noncommercial"})
    assert out.stdout.split() == ["False", "True"]


@pytest.mark.parametrize("pay, ir35, words", [
    (120000, "inside", "Pay £120,000 a day: is this a salary?"),
    (650, None, "Pay £650 a year: is this a day rate?"),
])
def test_a_pay_in_the_wrong_unit_is_refused_in_one_line(pay, ir35, words):
    # AI Engineer Senior: £95,000-£125,000 a year in London, £650-£800 a day outside IR35.
    for measure in (compa_ratio, band_position, addin.market_position):
        with pytest.raises(InvalidValueError, match="^" + re.escape(words)):
            measure(pay, "AI Engineer", "Senior", "London", ir35)
    checks = plan_checks()  # the ceiling and floor between which no pay is both
    assert checks.day_rate_ceiling < 120000 and 650 < checks.salary_floor
