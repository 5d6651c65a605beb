"""Hostile input to the engine: a clear one-line error, never a plausible wrong number."""

from datetime import date, datetime

import pytest

from addin.base.errors import InvalidValueError, UnknownNameError, one_line
from addin.guide import pay


@pytest.mark.parametrize("level", [2019, 2019.0, "2019", 46296.0, 51, 10**400])
def test_a_year_or_a_date_serial_in_level_is_not_taken_as_years(level):
    # Before: 2019 or 46296 (1 October 2026 as Excel sends it) priced Staff/Principal.
    with pytest.raises(InvalidValueError, match="not a number of years"):
        pay.salary_band("AI Engineer", level, "London")


@pytest.mark.parametrize("level", [date(2026, 10, 1), datetime(2026, 10, 1, 9, 0)])
def test_a_date_in_level_is_an_error(level):
    with pytest.raises(InvalidValueError, match="2026-10-01 is a date"):
        pay.salary_band("AI Engineer", level)


def test_fifty_years_is_still_a_level():
    # 7 or more years is Staff/Principal: the guide's AI Engineer, UK National, £105,000-£140,000.
    band = pay.salary_band("AI Engineer", 50)
    assert (band.low, band.high) == (105000, 140000)


def test_a_huge_value_gives_a_short_message():
    with pytest.raises(UnknownNameError) as e:
        pay.salary_band("x" * 1_000_000, "Senior")
    assert len(str(e.value)) < 300 and '"xxxx' in str(e.value) and "…" in str(e.value)


def test_a_value_with_line_breaks_gives_a_one_line_message():
    with pytest.raises(UnknownNameError) as e:
        pay.salary_band("AI\nEngineerz\r\nX", "Senior")
    assert "\n" not in str(e.value) and "\r" not in str(e.value)


def test_one_line_keeps_short_quotes_and_cuts_long_ones():
    assert one_line('Unknown role "Data\tEngineerz".') == 'Unknown role "Data Engineerz".'
    assert one_line("Point '" + "9" * 100 + "' is bad.") == 'Point "' + "9" * 59 + '…" is bad.'
