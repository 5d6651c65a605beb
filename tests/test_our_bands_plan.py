"""A plan priced from our bands (issue 20 §3): Price from Ours, a level of ours in a Plan row,
compa-ratio against both and the Summary's count of rates outside our band; the template
(the formulas engine with our functions) and `budget` agree on a messy bands table.

Market figures are the guide's: AI Engineer Senior London £95,000 to £125,000 (mid
£110,000); AI Engineer Senior day rate outside IR35 £650 to £800 (mid £725).
"""

import json
import re
from datetime import date

import pytest
from test_budget_formulas import CALC_COLS, engine_values, same

from addin.base.errors import InvalidValueError
from addin.commands.cli import main
from addin.planning import budget, plan_csv
from addin.planning.assumptions import Assumptions
from addin.planning.plan import PlanRow
from addin.sheets import (
    our_bands_sheet,
    plan_reader,
    summary_sheet,
    workbook,
    xlsx_file,
)
from addin.sheets.plan_layout import A_CELL, FIRST_ROW

START = date(2026, 4, 1)
BANDS_CSV = ("Role,Level,Guide level,Region,Min,Mid,Max\n"
             "AI Engineer,L5,Senior,London,100000,120000,140000\n"
             "AI Engineer,L4,Mid-Level,,70000,80000,90000\n")


def row(id_, role, level, location, type_="Permanent", status=None, override=None, ir35=None):
    return PlanRow(id=id_, role=role, level=level, location=location, type=type_, ir35=ir35,
                   start=START, status=status, override=override)


PLAN = [
    row("B-1", "AI Engineer", "L5", "London"),                          # Open: ours
    row("B-2", "AI Engineer", "L5", "London", status="Filled"),         # Filled: the market's
    row("B-3", " ai engineer", "senior", "london", status="Offer"),     # the guide's level: ours
    row("B-4", "AI Engineer", "L5", "London", override=150000),         # outside our band
    row("B-5", "AI Engineer", "L5", "Manchester"),                      # ours is London's only
    row("B-6", "AI Engineer", "L4", "Bristol"),                         # ours for any region
    row("B-7", "AI Engineer", "L5", "London", "Contractor", ir35="Outside"),  # a day rate
]


def _bands():
    from addin.guide.our_bands import from_csv

    return from_csv(BANDS_CSV)


def _priced(price_from="Ours"):
    return budget.price_plan(PLAN, Assumptions(price_from=price_from, bands=_bands()))


def test_open_and_offered_rows_are_priced_at_our_band():
    rows = {r.row.id: r for r in _priced().rows}
    # Mid scenario: our L5 mid 120,000; L4 80,000; Filled and the contractor: the market's
    # Senior London mid 110,000 and Senior day rate mid 725.
    assert [(rows[i].rate, rows[i].priced_from) for i in ("B-1", "B-2", "B-3", "B-6", "B-7")] \
        == [(120000, "Our band"), (110000, "Market"), (120000, "Our band"), (80000, "Our band"),
            (725, "Market")]
    assert rows["B-1"].role == "AI Engineer" and rows["B-1"].check == ""
    assert rows["B-5"].check.startswith("We hold AI Engineer L5 for London only, not Manchester")


def test_low_scenario_takes_our_min():
    b = budget.price_plan(PLAN[:1], Assumptions(price_from="ours", scenario="low", bands=_bands()))
    assert b.rows[0].rate == 100000


def test_price_from_market_prices_our_level_at_the_guide_s():
    rows = {r.row.id: r for r in _priced("Market").rows}
    assert (rows["B-1"].rate, rows["B-1"].priced_from) == (110000, "Market")


def test_an_override_rate_against_both_and_outside_our_band():
    b = _priced()
    r = next(r for r in b.rows if r.row.id == "B-4")
    # 150,000 / 110,000 = 1.3636 (market); 150,000 / 120,000 = 1.25 and (150,000 - 100,000)
    # / 40,000 = 1.25 (ours): above our Max.
    assert (round(r.compa_ratio, 4), r.compa_ours, r.place_ours, r.priced_from) == (
        1.3636, 1.25, 1.25, "Override rate")
    assert b.summary["outside_our_band"] == 1 and b.summary["problems"] == 1


def test_every_permanent_row_with_a_band_of_ours_is_placed_in_it():
    rows = {r.row.id: r for r in _priced().rows}
    # B-2 is Filled: priced at the market's Senior London mid, 110,000, and placed in our
    # L5 band: 110,000 / 120,000 = 0.9167, (110,000 - 100,000) / 40,000 = 0.25. B-1, Open,
    # is priced at our mid: 1.0 and 0.5. B-7, a contractor, has no band of ours.
    assert (round(rows["B-2"].compa_ours, 4), rows["B-2"].place_ours) == (0.9167, 0.25)
    assert (rows["B-1"].compa_ours, rows["B-1"].place_ours) == (1.0, 0.5)
    assert (rows["B-7"].compa_ours, rows["B-7"].place_ours) == (None, None)


LOW_BANDS_CSV = "Role,Level,Guide level,Region,Min,Mid,Max\nAI Engineer,L5,Senior,London,85000,90000,95000\n"


@pytest.mark.parametrize("price_from, outside", [("Market", 1), ("Ours", 0)])
def test_a_market_priced_row_above_our_band_is_counted(price_from, outside):
    from addin.guide.our_bands import from_csv

    # Our L5 London tops out at 95,000; the market's Senior London mid is 110,000. Priced
    # from the market, the open row sits above our Max; priced from ours, at our mid.
    b = budget.price_plan(PLAN[:1], Assumptions(price_from=price_from,
                                                 bands=from_csv(LOW_BANDS_CSV)))
    assert b.rows[0].rate == (110000 if price_from == "Market" else 90000)
    assert b.summary["outside_our_band"] == outside


def test_without_our_bands_the_count_says_none_are_held(tmp_path, capsys):
    b = budget.price_plan(PLAN[:1], Assumptions())
    assert b.summary["outside_our_band"] is None
    plan = tmp_path / "plan.csv"
    plan.write_text(plan_csv.write_csv(PLAN[:1]), encoding="utf-8")
    assert main(["budget", str(plan), "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"\nRows outside our band \(Rate below its Min or above its Max\) +no "
                     r"bands held\n", out)
    assert main(["budget", str(plan), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["outside_our_band"] is None


def test_budget_price_from_ours_on_the_command_line(tmp_path, capsys):
    plan, bands = tmp_path / "plan.csv", tmp_path / "bands.csv"
    plan.write_text(plan_csv.write_csv(PLAN), encoding="utf-8")
    bands.write_text(BANDS_CSV, encoding="utf-8")
    code = main(["budget", str(plan), "--bands", str(bands), "--price-from", "ours", "--json"])
    out = json.loads(capsys.readouterr().out)
    got = [(r["Rate"], r["Priced from"]) for r in out["rows"]]
    assert code == 0 and got == [(r.rate, r.priced_from) for r in _priced().rows]
    assert got[0] == (120000, "Our band")


MESSY_BANDS = [  # the Our bands sheet from its first row under the header
    ["  ai engineer ", None, "L5 ", "snr", "london", "£100,000", "120k", 140000],
    [None] * 8,
    ["AI  Engineer", None, "L4", "Mid-Level", " ", 70000, 80000, 90000],
]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The plan with a messy Our bands sheet and Price from " ours ", priced by the formulas
    engine and by budget (~40 s)."""
    wb = workbook.build_template(PLAN, Assumptions())
    ws = wb[our_bands_sheet.SHEET]
    for i, cells in enumerate(MESSY_BANDS):
        for j, value in enumerate(cells):
            ws.cell(our_bands_sheet.HEADER_ROW + 1 + i, j + 1, value)
    wb["Assumptions"][A_CELL["PriceFrom"].replace("$", "")] = " ours "
    path = tmp_path_factory.mktemp("bands") / "bands.xlsx"
    xlsx_file.save(wb, path)
    rows, a = plan_reader.read_template(path)
    return engine_values(path), budget.price_plan(rows, a), path


def test_the_template_and_budget_read_a_messy_bands_sheet_alike(both):
    values, b, _path = both
    assert [r.rate for r in b.rows] == [120000, 110000, 120000, 150000, None, 80000, 725]
    for i, r in enumerate(b.rows):
        line = FIRST_ROW + i
        for col, want in zip(CALC_COLS, r.figures.cells()):
            got = values.get(("Plan", f"{col}{line}"))
            assert same(want, got), (r.row.id, col, want, got)


def test_the_summary_counts_rates_outside_our_band_in_both(both):
    values, b, _path = both
    cell = summary_sheet.KEY_CELL["outside_our_band"]
    assert values[("Summary", cell)] == b.summary["outside_our_band"] == 1


def test_a_wrong_bands_sheet_is_one_line_in_both(tmp_path):
    wb = workbook.build_template(PLAN[:1], Assumptions())
    ws = wb[our_bands_sheet.SHEET]
    for j, value in enumerate(["AI Engineer", None, "L5", "Senior", "London", 130000, 120000,
                               140000]):
        ws.cell(our_bands_sheet.HEADER_ROW + 2, j + 1, value)
    path = tmp_path / "wrong.xlsx"
    xlsx_file.save(wb, path)
    # Row 3 of the sheet, whose table starts at A1: named alike by budget and PLAN_ROW.
    with pytest.raises(InvalidValueError, match=r"^Our bands, row 3: Min £130,000, Mid £120,000"):
        plan_reader.read_template(path)
    values = engine_values(path)
    check = values[("Plan", f"{CALC_COLS[0]}{FIRST_ROW}")]
    assert check.startswith("Our bands, row 3: Min £130,000")


def test_a_template_built_with_our_bands_reads_them_back(tmp_path, capsys):
    bands, path = tmp_path / "bands.csv", tmp_path / "t.xlsx"
    # Our own title mapped to a guide role (Guide role) survives the round trip too.
    bands.write_text("Role,Guide role,Level,Guide level,Region,Min,Mid,Max\n"
                     "AI Engineer,,L5,Senior,London,100000,120000,140000\n"
                     "ML Platform Engineer,MLOps Engineer,L5,Senior,,85000,95000,110000\n",
                     encoding="utf-8")
    assert main(["template", "-o", str(path), "--bands", str(bands)]) == 0
    capsys.readouterr()
    _, a = plan_reader.read_template(path)

    def shown(b):
        return [(x.role, x.level, x.region, x.guide_role, x.guide_level, x.low, x.mid, x.high)
                for x in b.bands]

    from addin.guide.our_bands import read_bands

    assert shown(a.bands) == shown(read_bands(bands))


def _view_anchor(path) -> tuple[int, int]:
    """Return (first row, last row) of the Guide sheet's OUR_BANDS view in the workbook."""
    from openpyxl import load_workbook

    ws = load_workbook(path)["Guide"]
    (cell,) = [c for row in ws.iter_rows() for c in row
               if getattr(c.value, "text", None) == our_bands_sheet.VIEW_FORMULA]
    first, last = (int("".join(ch for ch in x if ch.isdigit())) for x in cell.value.ref.split(":"))
    return first, last


def test_the_guide_sheet_shows_each_of_our_bands_against_the_market(both):
    from openpyxl.utils import get_column_letter

    from addin.guide import pay

    values, b, path = both
    first, last = _view_anchor(path)
    assert last - first == our_bands_sheet.BAND_ROWS  # a header and room for every band

    def line(r):
        return [values.get(("Guide", f"{get_column_letter(c)}{r}")) for c in range(1, 15)]

    assert line(first)[:5] == ["Role", "Level", "Region", "Guide level", "Our min £"]
    # Ours 100,000 / 120,000 / 140,000 against the guide's Senior London 95,000-125,000
    # (mid 110,000): 120,000 / 110,000 = 1.0909; Min at (100,000 - 95,000) / 30,000 =
    # 0.1667, Mid at 25,000 / 30,000 = 0.8333, Max at 45,000 / 30,000 = 1.5.
    l5 = line(first + 1)
    assert l5[:10] == ["ai engineer", "L5", "London", "Senior", 100000, 120000, 140000,
                       95000, 110000, 125000]
    assert [round(x, 4) for x in l5[10:]] == [1.0909, 0.1667, 0.8333, 1.5]
    # L4 holds for any region: against the guide's UK National Mid-Level, from the data.
    market = pay.salary_band("AI Engineer", "Mid-Level", "UK National")
    l4 = line(first + 2)
    assert l4[:10] == ["AI Engineer", "L4", "", "Mid-Level", 70000, 80000, 90000,
                       market.low, market.mid, market.high]
    assert round(l4[10], 6) == round(80000 / market.mid, 6)
    rest = {v for r in range(first + 3, last + 1) for v in line(r)}
    assert rest <= {"", None}, rest


def test_the_report_shows_our_bands_against_the_market(tmp_path):
    from openpyxl import load_workbook

    plan, bands, out = tmp_path / "plan.csv", tmp_path / "bands.csv", tmp_path / "r.xlsx"
    plan.write_text(plan_csv.write_csv(PLAN[:1]), encoding="utf-8")
    # Our own title mapped to the guide's role, typed like a formula: written as text.
    bands.write_text("Role,Guide role,Level,Guide level,Region,Min,Mid,Max\n"
                     "AI Engineer,,L5,Senior,London,100000,120000,140000\n"
                     "AI Engineer,,L4,Mid-Level,,70000,80000,90000\n"
                     '"=HYPERLINK(""x"")",AI Engineer,L6,Lead,,140000,150000,160000\n',
                     encoding="utf-8")
    assert main(["budget", str(plan), "--bands", str(bands), "-o", str(out)]) == 0
    ws = load_workbook(out)["Our bands"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3, max_row=6)]
    assert rows[0][:5] == ["Role", "Level", "Region", "Guide level", "Our min £"]
    # 120,000 / 110,000 (the guide's Senior London mid) = 1.0909.
    assert rows[1][:10] == ["AI Engineer", "L5", "London", "Senior", 100000, 120000, 140000,
                            95000, 110000, 125000]
    assert round(rows[1][10], 4) == 1.0909 and ws["E4"].number_format == "£#,##0.00"
    assert rows[2][:4] == ["AI Engineer", "L4", None, "Mid-Level"]
    assert (ws["A6"].value, ws["A6"].data_type) == ('=HYPERLINK("x")', "s")
    assert main(["budget", str(plan), "-o", str(tmp_path / "none.xlsx")]) == 0
    assert "Our bands" not in load_workbook(tmp_path / "none.xlsx").sheetnames


@pytest.mark.parametrize("cell, held", [(None, False), (" ", False), ("\u00a0\u2003 ", False),
                                        ("AI Engineer", True)])
def test_no_bands_held_reads_alike_in_the_summary_and_in_budget(cell, held):
    """The Summary's count is blank, as budget's is None, exactly when the Our bands table
    holds nothing but blanks (spaces of any kind too)."""
    from formula_engine import evaluate

    from addin.guide.our_bands import HEADERS, cached_range

    formula = summary_sheet._key_formulas()["outside_our_band"]
    got = evaluate(formula, {f"'{our_bands_sheet.SHEET}'!C7": cell})
    grid = [list(HEADERS)] + [[None] * 8 for _ in range(our_bands_sheet.BAND_ROWS)]
    grid[6][2] = cell
    if held:  # a row holding only a Level is a wrong table, never "no bands"
        assert got == 0
        with pytest.raises(InvalidValueError, match="^Our bands, row 7: "):
            cached_range(tuple(map(tuple, grid)))
    else:
        assert got == "" and cached_range(tuple(map(tuple, grid))) is None
