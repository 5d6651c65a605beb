"""Our own pay bands (issue 20 §1, §2): read from CSV and from a range alike, refused row by
row when wrong, a pay placed against ours and the market's, ours against the market's.

Market figures are the guide's: AI Engineer Senior London £95,000 to £125,000 (mid
£110,000); AI Engineer Mid-Level UK National £60,000 to £80,000 (mid £70,000).
"""

import pytest

from addin.base.errors import AmbiguousNameError, InvalidValueError, NotInGuideError
from addin.guide import against_ours
from addin.guide.our_bands import from_csv, from_grid

HEAD = ["Role", "Level", "Guide level", "Region", "Min", "Mid", "Max"]
L5 = ["AI Engineer", "L5", "Senior", "London", 100000.0, 120000.0, 140000.0]
CSV = "Role,Level,Guide level,Region,Min,Mid,Max\nAI Engineer,L5,Senior,London,100000,120000,140000\n"


@pytest.fixture
def bands():
    return from_grid([HEAD, L5])


def test_l5_against_ours_and_the_market(bands):
    # Ours: 120,000 / our mid 120,000 = 1.0; (120,000 - 100,000) / (140,000 - 100,000) = 0.5.
    # The market's Senior London: 120,000 / 110,000 = 1.0909; (120,000 - 95,000) / 30,000 = 0.8333.
    ours, market = against_ours.ours_and_market(120000, "AI Engineer", "L5", "London", bands)
    assert (ours.compa_ratio, ours.band_position) == (1.0, 0.5)
    assert round(market.compa_ratio, 4) == 1.0909 and round(market.band_position, 4) == 0.8333
    assert against_ours.measure("compa_ratio", 120000, "AI Engineer", "L5", "London",
                                bands=bands) == 1.0
    assert round(against_ours.measure("compa_ratio", 120000, "AI Engineer", "L5", "London",
                                      bands=bands, against="Market"), 4) == 1.0909


def test_a_messy_csv_and_a_messy_range_read_the_same():
    # Spaces, case, the guide's alias "Snr", money as typed, a blank row, headers in any case.
    messy_csv = (' role , LEVEL,guide level, region ,min,MID, Max \n'
                 '  ai engineer ,L5 ,snr,london,"£100,000",120k,140000\n'
                 ',,,,,,\n'
                 'AI  Engineer,L4,Mid-Level,,70000,80000,90000\n')
    messy_grid = [[" role ", "LEVEL", "guide level", " region ", "min", "MID", " Max "],
                  ["  ai engineer ", "L5 ", "snr", "london", "£100,000", "120k", 140000.0],
                  [None] * 7,
                  ["AI  Engineer", "L4", "Mid-Level", None, 70000.0, 80000.0, 90000.0]]
    a, b = from_csv(messy_csv), from_grid(messy_grid)
    shown = [(x.role, x.level, x.region, x.guide_role, x.guide_level, x.low, x.mid, x.high)
             for x in a.bands]
    assert shown == [("ai engineer", "L5", "London", "AI Engineer", "Senior", 100000, 120000,
                      140000),
                     ("AI Engineer", "L4", None, "AI Engineer", "Mid-Level", 70000, 80000, 90000)]
    assert shown == [(x.role, x.level, x.region, x.guide_role, x.guide_level, x.low, x.mid,
                      x.high) for x in b.bands]
    assert a.find("AI ENGINEER", " l5", "London ").mid == 120000


def test_our_point_runs_through_our_mid():
    b = from_grid([HEAD, ["AI Engineer", "L5", "Senior", None, 100000, 110000, 140000]]).bands[0]
    # Low half: 100,000 + 2 x 0.25 x (110,000 - 100,000) = 105,000; high half:
    # 110,000 + (2 x 0.75 - 1) x (140,000 - 110,000) = 125,000.
    assert (b.at("low"), b.at(0.25), b.at("mid"), b.at(0.75), b.at("high")) == (
        100000, 105000, 110000, 125000, 140000)


@pytest.mark.parametrize("rows, words", [
    ([["Role", "Lvl", "Min", "Mid", "Max"], ["AI Engineer", "Senior", 1, 2, 3]],
     'row 1: the bands table needs the headers Role, Level, Min, Mid, Max'),
    ([HEAD, ["AI Engineer", "L5", "Senior", "London", 130000, 120000, 140000]],
     "row 2: Min £130,000, Mid £120,000 and Max £140,000 must rise"),
    ([HEAD, ["AI Engineer", "L5", "Senior", "London", 100000, 150000, 140000]],
     "row 2: Min £100,000, Mid £150,000 and Max £140,000 must rise"),
    ([HEAD, [None] * 7, ["AI Engineer", "L5", "Senior", "London", 100000, "lots", 140000]],
     'row 3: Mid "lots" is not a salary in £ a year'),
    ([HEAD, ["AI Engineer", "L5", "Seniour", "London", 100000, 120000, 140000]],
     'row 2: Unknown AI Engineer level "Seniour". Did you mean "Senior"'),
    ([HEAD, ["AI Enginer", "L5", "Senior", "London", 100000, 120000, 140000]],
     'row 2: Unknown role "AI Enginer". Did you mean "AI Engineer"'),
    ([HEAD, ["AI Engineer", "L5", "Senior", "Londn", 100000, 120000, 140000]],
     'row 2: Unknown region "Londn". Did you mean "London"'),
    ([HEAD, ["AI Engineer", "L5", None, "London", 100000, 120000, 140000]],
     'row 2: Unknown AI Engineer level "L5"'),
    ([HEAD, L5, ["ai engineer", " l5 ", "Senior", "london", 100000, 120000, 140000]],
     "row 3: ai engineer l5 (London) is already a band at row 2"),
    ([HEAD, [None] * 7], "row 1: the bands table has headers but no band"),
    ([], "the bands table is empty"),
])
def test_a_wrong_table_is_one_line_naming_its_row(rows, words):
    with pytest.raises(InvalidValueError) as e:
        from_grid(rows)
    assert words in str(e.value) and "\n" not in str(e.value)


def test_a_wrong_csv_names_the_file_and_line():
    with pytest.raises(InvalidValueError, match=r"^bands\.csv, line 3: Unknown role"):
        from_csv(CSV + "Prompt Wizard,L9,Senior,,1,2,3\n", "bands.csv")


def test_a_level_of_ours_or_the_guide_s_finds_our_band(bands):
    # The guide's names find ours where one of ours maps to them; a region of its own wins
    # over a band for any region; none held is None (the market prices it).
    assert bands.find("AI Engineer", "Senior", "London").level == "L5"
    # A level only we use in a region we hold no band for: the guide cannot stand in.
    with pytest.raises(NotInGuideError, match=r'We hold AI Engineer L5 for London only, not '
                                              r'Manchester, and the guide has no level "L5"'):
        bands.find("AI Engineer", "L5", "Manchester")
    assert bands.find("AI Engineer", "Senior", "Manchester") is None  # the market's
    both = from_grid([HEAD, L5, ["AI Engineer", "L5", "Senior", None, 90000, 100000, 110000]])
    assert both.find("AI Engineer", "L5", "London").mid == 120000
    assert both.find("AI Engineer", "L5", "Bristol").mid == 100000
    assert both.find("AI Engineer", "L5").mid == 100000


def test_two_of_our_levels_on_one_guide_level_are_told_apart_by_ours():
    two = from_grid([HEAD, L5, ["AI Engineer", "L6", "Senior", "London", 120000, 130000, 150000]])
    assert two.find("AI Engineer", "L6", "London").mid == 130000
    with pytest.raises(AmbiguousNameError, match='"L5" and "L6"'):
        two.find("AI Engineer", "Senior", "London")


def test_against_ours_without_a_band_of_ours_is_not_available(bands):
    with pytest.raises(NotInGuideError, match="We hold no band for AI Engineer"):
        against_ours.measure("compa_ratio", 100000, "AI Engineer", "Senior", "Bristol",
                             bands=bands, against="ours")
    with pytest.raises(InvalidValueError, match="needs our bands"):
        against_ours.read_against("ours", None)


def test_our_bands_against_the_market(bands):
    row = against_ours.against_market(from_grid([HEAD, L5, ["AI Engineer", "L4", "Mid-Level",
                                                            None, 70000, 80000, 90000]]))
    # L5 London: 120,000 / 110,000 = 1.0909; Min (100,000 - 95,000) / 30,000 = 0.1667;
    # Max (140,000 - 95,000) / 30,000 = 1.5. L4 anywhere, against UK National Mid-Level
    # (60,000 to 80,000): 80,000 / 70,000 = 1.1429; Min 10/20 = 0.5, Max 30/20 = 1.5.
    assert [(round(r.mid_ratio, 4), round(r.low_at, 4), round(r.mid_at, 4), r.high_at)
            for r in row] == [(1.0909, 0.1667, 0.8333, 1.5), (1.1429, 0.5, 1.0, 1.5)]
    table = against_ours.table_rows(bands)
    assert table[0][:4] == ["Role", "Level", "Region", "Guide level"]
    assert table[1][:10] == ["AI Engineer", "L5", "London", "Senior", 100000, 120000, 140000,
                             95000, 110000, 125000]


def test_a_leadership_band_maps_without_a_guide_level():
    # Director of AI, London: the guide's £170,000 to £250,000 (mid 210,000).
    b = from_grid([HEAD, ["Director of AI", "D1", None, "London", 180000, 200000, 220000]])
    ours, market = against_ours.ours_and_market(200000, "Director of AI", "D1", "London", b)
    assert ours.compa_ratio == 1.0 and market.band.mid == 210000


def test_guide_names_map_our_names_and_pass_others_through(bands):
    # Our L5 is the guide's Senior in any region asked for: a name mapping, not a band.
    assert bands.guide_names(" ai engineer", "l5", "Manchester") == ("AI Engineer", "Senior")
    assert bands.guide_names("AI Engineer", "L5") == ("AI Engineer", "Senior")
    # Names we do not hold come back as typed, for the guide to read (years stay a number).
    assert bands.guide_names("AI Engineer", 5.0, "London") == ("AI Engineer", 5.0)
    assert bands.guide_names("Prompt Wizard", "L5") == ("Prompt Wizard", "L5")
    lead = from_grid([["Role", "Guide role", "Level", "Min", "Mid", "Max"],
                      ["AI Lead", "Director of AI", "D1", 180000, 200000, 220000]])
    assert lead.guide_names("ai lead", "d1", "London") == ("Director of AI", None)


def test_guide_names_by_region_where_our_bands_map_a_level_differently():
    staff = ["AI Engineer", "L5", "Staff/Principal", "Manchester", 110000, 130000, 150000]
    two = from_grid([HEAD, L5, staff])
    assert two.guide_names("AI Engineer", "L5", "london") == ("AI Engineer", "Senior")
    assert two.guide_names("AI Engineer", "L5", "Manchester") == ("AI Engineer", "Staff/Principal")
    for region in (None, "Remote UK"):
        with pytest.raises(AmbiguousNameError, match=r'"Senior \(London\)" and "Staff/Principal '
                                                     r'\(Manchester\)"'):
            two.guide_names("AI Engineer", "L5", region)
    # A band of ours for any region decides where the region's own does not.
    anywhere = from_grid([HEAD, L5, staff[:3] + [None] + staff[4:]])
    assert anywhere.guide_names("AI Engineer", "L5") == ("AI Engineer", "Staff/Principal")
    assert anywhere.guide_names("AI Engineer", "L5", "London") == ("AI Engineer", "Senior")
