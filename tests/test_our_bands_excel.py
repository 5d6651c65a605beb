"""Our bands in Excel (issue 20 §1, §2): the table as a range argument of COMPA_RATIO and
BAND_POSITION (against ours or the market's) and OUR_BANDS, through xlwings' own runtime.

Market: AI Engineer Senior London £95,000 to £125,000 (mid £110,000), from the guide.
"""

import pytest
from udf_runtime import NA, call

from addin.base.errors import InvalidValueError

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
