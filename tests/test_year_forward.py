"""Next year's tax year: a copy of the data with the last tax year copied forward loads, and
the tests' lists of tax years follow the data. The whole suite on such a copy is
tests/copy_year_forward.py's run (MAINTAINING.md, "Add a tax year")."""

from datetime import date

import pytest
from conftest import tax_year_labels
from copy_year_forward import copy_forward, next_label

from addin.costs import statutory

# Columns that name the year rather than give a figure of it.
DATED = {"label", "start", "end"}


@pytest.mark.parametrize("label, after", [
    ("2026/27", "2027/28"), ("2030/31", "2031/32"), ("1999/00", "2000/01"), ("2099/00", "2100/01")])
def test_the_next_tax_year_label(label, after):
    assert next_label(label) == after


def test_a_label_that_is_not_a_tax_year_is_refused():
    with pytest.raises(ValueError, match="does not look like 2026/27"):
        next_label("2026")


def test_the_last_tax_year_copied_forward_loads_one_year_on_with_the_same_figures(data_copy):
    labels = tax_year_labels(data_copy)
    new = copy_forward(data_copy)
    # The tests' list of years is read from the data, so it now ends with the new year.
    assert tax_year_labels(data_copy) == [*labels, new] and new == next_label(labels[-1])
    years = statutory.tax_years(data_copy)
    assert list(years) == [*labels, new]
    last, added = years[labels[-1]], years[new]
    # A tax year runs from 6 April to 5 April: one year on from the last row's dates.
    first = int(new[:4])
    assert (added.start, added.end) == (date(first, 4, 6), date(first + 1, 4, 5))
    assert (last.start, last.end) == (date(first - 1, 4, 6), date(first, 4, 5))
    figures = [f for f in added._fields if f not in DATED]
    assert figures and [getattr(added, f) for f in figures] == [getattr(last, f) for f in figures]


def test_copying_forward_twice_adds_two_years(data_copy):
    labels = tax_year_labels(data_copy)
    one, two = copy_forward(data_copy), copy_forward(data_copy)
    assert two == next_label(one) and list(statutory.tax_years(data_copy)) == [*labels, one, two]


def test_the_bundled_data_is_untouched_by_a_copy(data_copy):
    before = tax_year_labels()
    copy_forward(data_copy)
    assert tax_year_labels() == before == list(statutory.tax_years())


def test_past_the_data_an_omitted_tax_year_is_the_latest_held_and_the_note_says_so():
    held = tax_year_labels()
    assert statutory.default_tax_year(date(2099, 5, 1)) == held[-1]
    assert statutory.tax_year_note(date(2099, 5, 1)) == (
        f"Tax year 2099/00 is not in the data: an omitted tax year means {held[-1]}, the "
        f"latest held (data/tax_years.csv).")
    assert statutory.tax_year_note(date(2000, 5, 1)).endswith(
        f"means {held[0]}, the earliest held (data/tax_years.csv).")
