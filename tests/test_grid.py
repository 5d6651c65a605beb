"""The reader from a grid of cell values (addin/grid.py, what Lite's price_plan reads through)
reads a template as the file reader does: same rows, same assumptions, dates given as
dates, datetimes or Excel serial numbers."""

from datetime import date, datetime

import openpyxl
import pytest

from addin.base.errors import InvalidValueError
from addin.packaging import template_file
from addin.planning import budget, grid, plan_csv
from addin.planning.assumptions import SETTINGS
from addin.planning.plan import INPUT_HEADERS
from addin.sheets import plan_reader


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("grid") / "demo.xlsx"
    template_file.write_template(path, *plan_csv.demo_plan())
    return path


def _grids(path, serial: bool):
    """The Plan's values from A1, the settings by name and the Teams, as Excel sends them
    (``serial``: dates as serial numbers, as before ExcelApi 1.12)."""
    wb = openpyxl.load_workbook(path)

    def value(v):
        if serial and isinstance(v, datetime):
            return (v - datetime(1899, 12, 30)).days  # 1 Sep 2026 -> 46266
        return v

    plan = [[value(c.value) if not str(c.value).startswith("=") else None for c in row]
            for row in wb["Plan"].iter_rows(max_col=len(INPUT_HEADERS))]
    settings = {}
    for s in SETTINGS:
        sheet, ref = next(iter(wb.defined_names[s.name].destinations))
        cells = wb[sheet][ref]  # a range (the Teams table's attrition): rows of values
        settings[s.name] = ([[value(c.value) for c in row] for row in cells]
                            if isinstance(cells, tuple) else value(cells.value))
    sheet, ref = next(iter(wb.defined_names["Teams"].destinations))
    teams = [c.value for row in wb[sheet][ref] for c in row]
    return plan, settings, teams


@pytest.mark.parametrize("serial", [False, True], ids=["datetimes", "serial-numbers"])
def test_the_grid_reader_reads_the_demo_as_the_file_reader_does(demo, serial):
    want_rows, want_a = plan_reader.read_template(demo)
    plan, settings, teams = _grids(demo, serial)
    rows, a = grid.read_grid(plan, settings, teams, grid.LAST_ROW)
    assert a.checked() == want_a.checked()  # a serial date reads as that day
    assert [r.is_blank() for r in rows] == [r.is_blank() for r in want_rows]
    got = budget.price_plan(rows, a).summary
    assert got == budget.price_plan(want_rows, want_a).summary
    # The demo's in-year cost (issue 17's figure, 2,109,930.82 unrounded), 26 of its 27 rows
    # priced; since issue 16 the sum of the 26 rows' in-year costs each to the penny (the
    # figures the Plan shows): a penny more, 2,109,930.83.
    assert round(got["fy_cost"], 2) == 2109930.83 and got["priced"] == 26


def test_a_serial_number_in_a_date_column_is_that_day(demo):
    _plan, settings, teams = _grids(demo, True)
    values = {"ID": "P1", "Role": "AI Engineer", "Level": "Senior", "Location": "London",
              "Type": "Permanent", "Start": 46296, "End": 46477.0}
    plan = [[None], [None], list(INPUT_HEADERS), [values.get(h) for h in INPUT_HEADERS]]
    (row,), _a = grid.read_grid(plan, settings, teams, 4)
    # 46296 days after 30 Dec 1899 is 1 Oct 2026; 46477 is 31 Mar 2027.
    assert (row.start, row.end) == (date(2026, 10, 1), date(2027, 3, 31))


def test_a_plan_without_the_headers_is_one_clear_line():
    with pytest.raises(InvalidValueError, match='no "Team" header in row 3'):
        grid.read_grid([[None], [None], ["ID"]], {}, [], 4, "This workbook")
    with pytest.raises(InvalidValueError, match="no header row 3"):
        grid.read_grid([[None]], {}, [], 4, "This workbook")


def test_an_empty_plan_prices_to_nothing_and_still_has_its_headers(tmp_path):
    path = tmp_path / "empty.xlsx"
    template_file.write_template(path)
    plan, settings, teams = _grids(path, False)
    rows, a = grid.read_grid(plan, settings, teams, grid.LAST_ROW)
    b = budget.price_plan(rows, a)
    priced = grid.priced_plan_grid(b, "stamp")
    assert priced[2][:3] == ["Row", "ID", "Team"] and len(priced) == 3
    summary = grid.summary_grid(b, "stamp")
    figures = {r[0]: r[1] for r in summary if r and isinstance(r[0], str)}
    assert (figures["rows"], figures["fy_cost"]) == (0, 0)
    assert len({len(r) for r in summary}) == 1  # a rectangle: one setValues writes it


def test_price_plan_s_summary_holds_our_bands_against_the_market():
    from addin.guide.our_bands import from_csv
    from addin.planning.assumptions import Assumptions
    from addin.planning.plan import PlanRow

    bands = from_csv("Role,Level,Guide level,Region,Min,Mid,Max\n"
                     "AI Engineer,L5,Senior,London,100000,120000,140000\n")
    row = PlanRow(id="B-1", role="AI Engineer", level="L5", location="London",
                  type="Permanent", start=date(2026, 4, 1))
    summary = grid.summary_grid(budget.price_plan([row], Assumptions(bands=bands)), "stamp")
    at = next(i for i, r in enumerate(summary) if r[0] == "our_bands_against_the_market")
    assert summary[at + 1][:5] == ["Role", "Level", "Region", "Guide level", "Our min £"]
    # Ours 100,000 / 120,000 / 140,000 against the guide's Senior London 95,000-125,000:
    # our mid / market mid 120,000 / 110,000 = 1.0909.
    assert summary[at + 2][:10] == ["AI Engineer", "L5", "London", "Senior", 100000, 120000,
                                    140000, 95000, 110000, 125000]
    assert round(summary[at + 2][10], 4) == 1.0909
    assert "our_bands_against_the_market" not in {
        r[0] for r in grid.summary_grid(budget.price_plan([row], Assumptions()), "stamp")}
