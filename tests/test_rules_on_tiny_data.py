"""The derivation rules on a tiny made-up data set: figures computed by hand from
tests/fixtures/tiny, so a rule that only works for the real guide's numbers fails here."""

import pytest

from addin.base.errors import AmbiguousNameError, NotInGuideError, UnknownNameError
from addin.guide import pay


def test_city_rule_uses_the_larger_discount_for_low(tiny_edition):
    b = pay.salary_band("Test Engineer", "Senior", "Testcity")
    assert (b.low, b.high) == (60000, 160000)  # 100,000 x 0.60; 200,000 x 0.80


def test_city_keeps_the_open_top(tiny_edition):
    b = pay.salary_band("Test Engineer", "Lead", "Testcity")
    assert (b.low, b.high, b.open_top) == (300000, 480000, True)


def test_inside_ir35_rule(tiny_edition):
    b = pay.day_rate("Test Engineer", "Lead/Principal", "inside")
    assert (b.low, b.high, b.mid) == (350, 900, 625)  # 500 x 0.70; 1,000 x 0.90


def test_top_level_alias_follows_each_table(tiny_edition):
    assert pay.salary_band("Tester", "top").low == 300000  # salary table's top: Lead
    assert pay.day_rate("Tester", "top").low == 500  # day-rate table's top: Lead/Principal


def test_years_follow_the_table_ranges(tiny_edition):
    assert pay.salary_band("Test Engineer", 2.99).low == 20000
    assert pay.salary_band("Test Engineer", 3).low == 100000
    assert pay.salary_band("Test Engineer", 50).low == 100000  # Lead has no years


def test_missing_level_of_the_day_table(tiny_edition):
    with pytest.raises(NotInGuideError):
        pay.day_rate("Test Engineer", "Junior")
    with pytest.raises(NotInGuideError, match="day rates are for Mid-Level, Lead/Principal"):
        pay.day_rate("Test Engineer", "Senior")  # a salary level the day-rate table lacks
    with pytest.raises(UnknownNameError):
        pay.day_rate("Test Engineer", "Wizard")


def test_day_rate_only_role(tiny_edition):
    with pytest.raises(NotInGuideError, match="only contractor day rates for Rate Only Engineer"):
        pay.salary_band("Rate Only Engineer", "Junior")
    assert pay.levels("Rate Only Engineer") == ("Mid-Level", "Lead/Principal")


def test_estimate_multiplies_low_by_lows_and_high_by_highs(tiny_edition):
    b = pay.salary_estimate("Test Engineer", "Senior", "UK", "Foo", "Small")
    assert (b.low, b.high) == (55000, 108000)  # 100,000 x 1.10 x 0.50; 150,000 x 1.20 x 0.60
    both = pay.salary_estimate("Test Engineer", "Senior", "UK", "Foo, widget testing")
    assert (both.low, both.high) == (115000, 187500)  # x 1.15; x 1.25


def test_keyword_in_two_skills_is_ambiguous(tiny_edition):
    with pytest.raises(AmbiguousNameError):
        pay.skill_premium("Test Engineer", "widget")


def test_leadership_and_source_on_tiny_data(tiny_edition):
    b = pay.leadership_band("Head of Test", "London")
    assert (b.low, b.high, b.open_top) == (3000, 4000, True)
    assert pay.source().startswith("Tiny Test Guide")
