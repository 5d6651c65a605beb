"""Our bands in Excel (issue 20 §1, §2): the table as a range argument of COMPA_RATIO and
BAND_POSITION (against ours or the market's), SALARY_BAND (ours or the market's), OUR_BANDS,
PLAN_CHECK, and DAYRATE, SALARY_ESTIMATE, MARKET_PERCENTILE and SALARY_PERCENTILE (our names
read as the guide's), through xlwings' own runtime.

Market, from the guide: AI Engineer Senior London £95,000 to £125,000 (mid £110,000); AI
Engineer Senior day rate £650 to £800 outside IR35; MLOps Engineer Mid-Level £450 to £550;
Director of AI London £170k to £250k; Scale-up 90-100% of market.
"""

import math

import pytest
from udf_runtime import NA, call

import addin.excel.arguments as arguments
import addin.excel.udfs as udfs
from addin.base.errors import InvalidValueError
from addin.guide.our_bands import from_grid
from addin.planning import pricing
from addin.planning.plan import PlanRow

# A range as xlwings hands it over: header row first, numbers as floats, None for blanks,
# here with a blank row and text typed with stray spaces and case.
BANDS = [["Role", "Guide role", "Level", "Guide level", "Region", "Min", "Mid", "Max"],
         [" AI Engineer", None, "L5", "senior", "London ", 100000.0, 120000.0, 140000.0],
         [None] * 8]


def test_compa_ratio_against_ours_and_the_market():
    # 120,000 / our mid 120,000 = 1.0; 120,000 / the market's mid 110,000 = 1.0909.
    assert call("COMPA_RATIO", 120000.0, "AI Engineer", "L5", "London", None, BANDS) == [[1.0]]
    market = call("COMPA_RATIO", 120000.0, "AI Engineer", "L5", "London", None, BANDS, "Market")
    assert round(market[0][0], 4) == 1.0909
    assert call("COMPA_RATIO", 120000.0, "AI Engineer", "L5", "London", None, BANDS, "ours") \
        == [[1.0]]


def test_band_position_against_ours_and_the_market():
    # Ours: (120,000 - 100,000) / (140,000 - 100,000) = 0.5; market: 25,000 / 30,000 = 0.8333.
    assert call("BAND_POSITION", 120000.0, "AI Engineer", "L5", "London", None, BANDS) == [[0.5]]
    market = call("BAND_POSITION", 120000.0, "AI Engineer", "L5", "London", None, BANDS, "market")
    assert round(market[0][0], 4) == 0.8333


def test_a_column_against_ours_equals_row_by_row():
    pays = [[110000.0], [130000.0]]
    # 110,000 / 120,000 = 0.9167; 130,000 / 120,000 = 1.0833.
    out = call("COMPA_RATIO", pays, "AI Engineer", "L5", "London", None, BANDS)
    assert [round(r[0], 4) for r in out] == [0.9167, 1.0833]
    assert out == [call("COMPA_RATIO", p[0], "AI Engineer", "L5", "London", None, BANDS)[0]
                   for p in pays]


def test_no_band_of_ours_is_not_available_and_a_wrong_table_is_a_value_error():
    assert call("COMPA_RATIO", 120000.0, "AI Engineer", "Senior", "Bristol", None, BANDS) == [[NA]]
    wrong = [BANDS[0], ["AI Engineer", None, "L5", "Senior", "London", 130000.0, 120000.0,
                        140000.0]]
    # Raised: xlwings shows #VALUE! with this one line on the cell.
    with pytest.raises(InvalidValueError, match=r"^Our bands, row 2: Min £130,000"):
        call("COMPA_RATIO", 120000.0, "AI Engineer", "L5", "London", None, wrong)


def test_the_guide_s_figures_are_unchanged_without_bands():
    assert round(call("COMPA_RATIO", 120000.0, "AI Engineer", "Senior", "London")[0][0], 4) \
        == 1.0909


def test_our_bands_against_the_market():
    out = call("OUR_BANDS", BANDS)
    assert out[0][:4] == ["Role", "Level", "Region", "Guide level"]
    # 120,000 / 110,000 = 1.0909; our Min (100,000 - 95,000) / 30,000 = 0.1667, our Max
    # (140,000 - 95,000) / 30,000 = 1.5.
    name, figures = out[1][:4], out[1][4:]
    assert name == ["AI Engineer", "L5", "London", "Senior"]
    assert [round(x, 4) for x in figures] == [100000, 120000, 140000, 95000, 110000, 125000,
                                              1.0909, 0.1667, 0.8333, 1.5]


def test_our_bands_fill_a_fixed_range_with_blanks_below():
    # A legacy array formula's spare cells show #N/A in Excel: with rows, the table (its
    # header and one band) is padded with blanks to fill the range, 4 rows here.
    out = call("OUR_BANDS", BANDS, 4)
    assert len(out) == 4 and out[:2] == call("OUR_BANDS", BANDS)
    assert out[2:] == [[""] * 14] * 2


@pytest.mark.parametrize("rows", [1, 2.5, "many", -3])
def test_our_bands_in_too_few_rows_say_so(rows):
    with pytest.raises(InvalidValueError, match=r"^rows .* must be a whole number of rows "
                                                r"from 2 \(the table's header and bands\)"):
        call("OUR_BANDS", BANDS, rows)


# Our names mapped to the guide's: L4 of our title Platform Engineer is the guide's MLOps
# Engineer Mid-Level; our AI Lead (no level) is the guide's Director of AI.
NAMED = BANDS[:2] + [
    ["Platform Engineer", "MLOps Engineer", "L4", "Mid-Level", None, 70000.0, 80000.0, 90000.0],
    ["AI Lead", "Director of AI", None, None, "London", 180000.0, 200000.0, 220000.0]]
# L5 is the guide's Senior in London and its Staff/Principal in Manchester.
BY_REGION = BANDS[:2] + [["AI Engineer", None, "L5", "Staff/Principal", "Manchester", 110000.0,
                          130000.0, 150000.0]]


def test_salary_band_is_our_band_with_bands():
    assert call("SALARY_BAND", "AI Engineer", "L5", "London", None, BANDS) == [
        [100000, 120000, 140000]]
    assert call("SALARY_BAND", "AI Engineer", "L5", "London", "mid", BANDS) == [[120000]]
    # Above our mid: 120,000 + (2 x 0.75 - 1) x (140,000 - 120,000) = 130,000.
    assert call("SALARY_BAND", "AI Engineer", "l5 ", "london", 0.75, BANDS, "ours") == [[130000]]


def test_salary_band_against_the_market_is_the_guide_s_band_our_level_maps_to():
    assert call("SALARY_BAND", "AI Engineer", "L5", "London", None, BANDS, "market") == [
        [95000, 110000, 125000]]
    assert call("SALARY_BAND", "AI Engineer", "L5", "London", "mid", BANDS, "Market") == [[110000]]
    # A region we hold no L5 band for: the market's Senior there all the same.
    assert call("SALARY_BAND", "AI Engineer", "L5", "Manchester", None, BANDS, "market") == \
        call("SALARY_BAND", "AI Engineer", "Senior", "Manchester")
    # Our AI Lead is the guide's Director of AI: a leadership role, as SALARY_BAND says.
    assert call("SALARY_BAND", "AI Lead", None, "London", None, NAMED, "market") == \
        call("SALARY_BAND", "Director of AI", None, "London") == [[NA]]


def test_salary_band_without_bands_is_the_guide_s_as_before():
    assert call("SALARY_BAND", "AI Engineer", "L5", "London") == [[NA]]
    assert call("SALARY_BAND", "AI Engineer", "Senior", "London") == [[95000, 110000, 125000]]


def test_salary_band_where_we_hold_no_band_says_so(monkeypatch):
    assert call("SALARY_BAND", "AI Engineer", "Junior", "London", None, BANDS) == [[NA]]
    monkeypatch.setattr(arguments, "CLASSIC", True)  # the message as classic shows it
    said = udfs.SALARY_BAND([["AI Engineer"]], [["Junior"]], [["London"]], None, BANDS)
    assert said == 'We hold no band for AI Engineer "Junior" in London: add it to our bands, ' \
                   'or measure against the market.'
    said = udfs.SALARY_BAND([["Director of AI"]], None, [["London"]], None, BANDS)
    assert said == "We hold no band for Director of AI in London: add it to our bands, or " \
                   "measure against the market."
    said = udfs.SALARY_BAND([["AI Engineer"]], [["L5"]], None, None, BANDS)
    assert said.startswith("We hold AI Engineer L5 for London only, not UK National")
    assert udfs.SALARY_BAND([["AI Engineer"]], [["L5"]]).startswith(
        'Unknown AI Engineer level "L5".')


def test_day_rates_read_our_names_as_the_guide_s():
    # AI Engineer Senior outside IR35: £650 to £800, mid £725.
    assert call("DAYRATE", "AI Engineer", "L5", None, None, BANDS) == [[650, 725, 800]]
    for ir35 in ("inside", "outside"):
        assert call("DAYRATE", "AI Engineer", "L5", ir35, "mid", BANDS) == \
            call("DAYRATE", "AI Engineer", "Senior", ir35, "mid")
    # Platform Engineer L4: MLOps Engineer Mid-Level, £450 to £550.
    assert call("DAYRATE", "Platform Engineer", "L4", None, None, NAMED) == [[450, 500, 550]]
    # Names we do not hold pass through as typed: the guide's figure, or its unknown name.
    assert call("DAYRATE", "AI Engineer", "Senior", None, None, BANDS) == [[650, 725, 800]]
    assert call("DAYRATE", "AI Engineer", "L9", None, None, BANDS) == [[NA]]


def test_estimates_and_percentiles_read_our_names_as_the_guide_s():
    # Scale-up, London: 95,000 x 0.90 = 85,500 to 125,000 x 1.00 = 125,000.
    assert call("SALARY_ESTIMATE", "AI Engineer", "L5", "London", None, "Scale-up", None,
                BANDS) == [[85500, 105250, 125000]]
    assert call("SALARY_ESTIMATE", "AI Engineer", "L5", "London", "RAG", None, "mid", BANDS) == \
        call("SALARY_ESTIMATE", "AI Engineer", "Senior", "London", "RAG", None, "mid")
    # The modelled median is the geometric mean of the band: sqrt(95,000 x 125,000).
    assert call("SALARY_PERCENTILE", 50.0, "AI Engineer", "L5", "London", BANDS) == [
        [round(math.sqrt(95000 * 125000), 2)]]
    assert call("SALARY_PERCENTILE", 90.0, "AI Engineer", "L5", "London", BANDS) == \
        call("SALARY_PERCENTILE", 90.0, "AI Engineer", "Senior", "London")
    # sqrt(95,000 x 125,000) is the median: the 50th percentile.
    assert round(call("MARKET_PERCENTILE", math.sqrt(95000 * 125000), "AI Engineer", "L5",
                      "London", BANDS)[0][0], 6) == 50
    assert call("MARKET_PERCENTILE", 120000.0, "AI Engineer", "L5", "London", BANDS) == \
        call("MARKET_PERCENTILE", 120000.0, "AI Engineer", "Senior", "London")
    # A leadership mapping has no level: Director of AI London, sqrt(170,000 x 250,000).
    assert call("SALARY_PERCENTILE", 50.0, "AI Lead", None, "London", NAMED) == [
        [round(math.sqrt(170000 * 250000), 2)]]


def test_a_level_mapped_by_region_takes_the_region_s_mapping(monkeypatch):
    for region, level in (("London", "Senior"), ("Manchester", "Staff/Principal")):
        assert call("SALARY_PERCENTILE", 50.0, "AI Engineer", "L5", region, BY_REGION) == \
            call("SALARY_PERCENTILE", 50.0, "AI Engineer", level, region)
    # No region, or one we hold no L5 band for: the mapping is ambiguous; so is a day rate.
    assert call("SALARY_PERCENTILE", 50.0, "AI Engineer", "L5", None, BY_REGION) == [[NA]]
    assert call("SALARY_ESTIMATE", "AI Engineer", "L5", "Remote UK", None, None, None,
                BY_REGION) == [[NA]]
    assert call("DAYRATE", "AI Engineer", "L5", None, None, BY_REGION) == [[NA]]
    monkeypatch.setattr(arguments, "CLASSIC", True)
    assert udfs.DAYRATE([["AI Engineer"]], [["L5"]], None, None, BY_REGION) == (
        'The level "L5" matches "Senior (London)" and "Staff/Principal (Manchester)"; our bands '
        'map it by region: give a region of ours, or the guide\'s level instead.')


def test_compa_ratio_against_the_market_maps_a_level_in_any_region():
    # Before, L5 against the market in a region we hold no L5 band for was refused.
    assert call("COMPA_RATIO", 90000.0, "AI Engineer", "L5", "Manchester", None, BANDS,
                "market") == call("COMPA_RATIO", 90000.0, "AI Engineer", "Senior", "Manchester")


def test_plan_check_reads_a_level_of_ours_with_bands():
    row = ("AI Engineer", "L5", "London", "Permanent", None, 46296.0)  # from 1 Oct 2026
    assert call("PLAN_CHECK", *row, None, None, None, None, BANDS) == [[""]]
    assert call("PLAN_CHECK", "AI Engineer", "L5", "London", "Contractor", "Outside", 46296.0,
                None, None, None, None, BANDS) == [[""]]
    said = call("PLAN_CHECK", *row)[0][0]
    assert said.startswith('Unknown AI Engineer level "L5".')
    # The rule PLAN_CHECK wraps, as PLAN_ROW with these bands checks it: L5 in Manchester is
    # refused there (ours is London's only), and so here.
    ours = from_grid(BANDS)
    assert pricing.row_problem(*row, None, None, None, None, bands=ours) == ""
    manchester = pricing.row_problem("AI Engineer", "L5", "Manchester", "Permanent", None,
                                     46296.0, None, None, None, None, bands=ours)
    assert manchester.startswith("We hold AI Engineer L5 for London only, not Manchester")
    as_plan_row = PlanRow(role="AI Engineer", level="L5", location="Manchester",
                          type="Permanent", start=46296.0)
    with_bands = pricing.default_assumptions()._replace(bands=ours)
    assert pricing.row_figures(as_plan_row, with_bands).check == manchester


@pytest.mark.parametrize("name, args", [
    ("SALARY_BAND", ("AI Engineer", "L5", "London", None)),
    ("DAYRATE", ("AI Engineer", "L5", None, None)),
    ("SALARY_ESTIMATE", ("AI Engineer", "L5", "London", None, None, None)),
    ("MARKET_PERCENTILE", (120000.0, "AI Engineer", "L5", "London")),
    ("SALARY_PERCENTILE", (50.0, "AI Engineer", "L5", "London")),
    ("PLAN_CHECK", ("AI Engineer", "L5", "London", "Permanent", None, 46296.0, None, None,
                    None, None)),
])
def test_a_wrong_table_is_one_line_naming_its_row(name, args):
    wrong = [BANDS[0], ["AI Engineer", None, "L5", "Senior", "London", 130000.0, 120000.0,
                        140000.0]]
    with pytest.raises(InvalidValueError, match=r"^Our bands, row 2: Min £130,000"):
        call(name, *args, wrong)
    column = [[[a]] * 2 if i == 1 else a for i, a in enumerate(args)]  # its 2nd, a column
    with pytest.raises(InvalidValueError, match=r"^Our bands, row 2: Min £130,000"):
        call(name, *column, wrong)


def test_guide_source_names_our_band_then_the_market_s():
    table = [["Role", "Level", "Guide level", "Region", "Min", "Mid", "Max"],
             ["AI Engineer", "L5", "Senior", "London", 100000.0, 120000.0, 140000.0]]
    senior = call("GUIDE_SOURCE", "AI Engineer", "Senior", "London")[0][0]
    got = call("GUIDE_SOURCE", "AI Engineer", "L5", "London", None, table)[0][0]
    # Row 2 of the range (its header is row 1), mapped to the guide's Senior London.
    assert got == ("our bands (Our bands, row 2): AI Engineer L5 (London) = guide AI Engineer "
                   f"/ Senior; market: {senior}")
    # None of ours in Manchester: the guide's Senior there alone.
    assert call("GUIDE_SOURCE", "AI Engineer", "L5", "Manchester", None, table) == call(
        "GUIDE_SOURCE", "AI Engineer", "Senior", "Manchester")
    assert call("GUIDE_SOURCE", "AI Engineer", "L5") == [[NA]]  # L5 without bands: unknown
