"""A plan over a horizon of 12 to 60 months (issue 19 §3) with the pay review recurring every
year (§4), worked by hand from the guide and the statutory figures in data/.

Senior AI Engineer, London, Permanent, at the guide's Mid: £110,000 (the guide's band
£90,000 to £130,000 at Mid). Statutory figures (data/tax_years.csv), the same for 2026/27,
2027/28 and 2028/29: employer NIC 15% over £5,000; pension 3% of qualifying earnings
£6,240 to £50,270, so £1,320.90 at or above the top; levy off (the default).
"""

import json
from datetime import date

import pandas as pd
import pytest
from conftest import tax_year_labels

from addin.base.errors import InvalidValueError
from addin.commands.cli import main
from addin.planning import columns
from addin.planning.assumptions import Assumptions
from addin.planning.budget import price_plan, price_row
from addin.planning.plan import PlanRow

D = date.fromisoformat
REVIEWS = dict(review_month=D("2026-04-01"), review_uplift=0.03)


def senior(start="2026-04-01", **fields):
    return PlanRow(role="AI Engineer", level="Senior", location="London", type="Permanent",
                   start=D(start), **fields)


def cents(value: float) -> int:
    return round(value * 100)


def test_a_senior_ai_engineer_over_36_months_with_april_reviews():
    r = price_row(senior(), Assumptions(months=36, **REVIEWS).checked())
    # Started 1 April 2026, not before the April 2026 review: reviewed April 2027 and 2028.
    # 2026/27: 110,000 + NIC (110,000 - 5,000) x 15% = 15,750 + pension 1,320.90
    #          = 127,070.90
    # 2027/28: 110,000 x 1.03 = 113,300.00; NIC 108,300 x 15% = 16,245.00;
    #          113,300 + 16,245 + 1,320.90 = 130,865.90
    # 2028/29: 113,300 x 1.03 = 116,699.00 (compounding); NIC 111,699 x 15% = 16,754.85;
    #          116,699 + 16,754.85 + 1,320.90 = 134,774.75
    assert r.check == "" and r.rate == 110000
    assert (r.fy_cost, r.fy_nic) == (127070.90, 15750.00)
    assert r.later_nic == (16245.00, 16754.85)
    assert r.later_year_end == (130865.90, 134774.75)
    assert r.reviewed_cost == 130865.90  # the first review's
    # The horizon: 127,070.90 + 130,865.90 + 134,774.75 = 392,711.55;
    # NIC 15,750 + 16,245 + 16,754.85 = 48,749.85.
    assert (r.horizon_cost, r.horizon_nic) == (392711.55, 48749.85)
    # Each year's twelve months are its pennies: 12,707,090 / 12 = 1,058,924 r 2 (two
    # months a penny more), 13,086,590 / 12 = 1,090,549 r 2, 13,477,475 / 12 =
    # 1,123,122 r 11.
    assert len(r.months) == 36
    for k, (low, extra) in enumerate(((1058924, 2), (1090549, 2), (1123122, 11))):
        year = [cents(m) for m in r.months[12 * k:12 * k + 12]]
        assert sorted(year) == [low] * (12 - extra) + [low + 1] * extra
    assert [sum(cents(m) for m in r.months[k:k + 12]) for k in (0, 12, 24)] == [
        12707090, 13086590, 13477475]


def test_the_review_compounds_each_salary_to_the_penny():
    # 100,000 x 1.03 = 103,000.00 from April 2027, then 103,000 x 1.03 = 106,090.00 from
    # April 2028; no bonus, NIC and pension on top as above:
    # 103,000 + 98,000 x 15% (14,700) + 1,320.90 = 119,020.90;
    # 106,090 + 101,090 x 15% (15,163.50) + 1,320.90 = 122,574.40.
    r = price_row(senior(override=100000), Assumptions(months=36, **REVIEWS).checked())
    assert r.later_year_end == (119020.90, 122574.40)
    # A row that starts between reviews gets the later ones only, on its own salary:
    # 100,000 + 95,000 x 15% (14,250) + 1,320.90 = 115,570.90 to April 2028.
    late = price_row(senior("2027-06-01", override=100000),
                     Assumptions(months=36, **REVIEWS).checked())
    assert late.fy_cost == 0 and late.later_year_end == (115570.90, 119020.90)
    # One that leaves before a review does not get it.
    gone = price_row(senior(end=D("2028-03-31"), override=100000),
                     Assumptions(months=36, **REVIEWS).checked())
    assert gone.later_year_end == (119020.90, None) and gone.later_nic == (14700.00, 0.0)


def test_twelve_months_is_the_fiscal_year_as_before():
    # The 12-month horizon prices as the fiscal year did: from 1 October 2026, six months
    # of 127,070.90: 63,535.45; the horizon is that year, no later years.
    plain = price_row(senior("2026-10-01"), Assumptions().checked())
    twelve = price_row(senior("2026-10-01"), Assumptions(months="12").checked())
    assert plain == twelve
    assert (twelve.fy_cost, twelve.horizon_cost, twelve.horizon_nic) == (63535.45, 63535.45, 7875.00)
    assert twelve.later_nic == () and twelve.later_year_end == () and len(twelve.months) == 12
    # A January review within the year, as before: 9 months of 127,070.90 and 3 of
    # 130,865.90 = (1,143,638.10 + 392,597.70) / 12 = 128,019.65.
    reviewed = price_row(senior(), Assumptions(review_month=D("2027-01-01"),
                                               review_uplift=0.03).checked())
    assert reviewed.fy_cost == 128019.65 and reviewed.reviewed_cost == 130865.90


def test_the_months_past_the_data_are_a_problem_in_words():
    # A 24-month plan from the April of the last tax year held runs into the year after
    # it, which the data does not hold: a problem in words, never priced with the last.
    last = tax_year_labels()[-1]
    first_year = int(last[:4])
    after = f"{first_year + 1}/{(first_year + 2) % 100:02d}"
    a = Assumptions(fy_start=date(first_year, 4, 1), months=24).checked()
    r = price_row(senior(f"{first_year}-04-01"), a)
    assert r.check.startswith(f"Tax year {after} is not in the data")
    assert f"the months from Apr {first_year + 1} cannot be priced" in r.check
    # A row that leaves before it is priced: its year is held.
    ended = price_row(senior(f"{first_year}-04-01", end=date(first_year + 1, 3, 31)), a)
    assert ended.check == "" and ended.fy_cost == 127070.90 and ended.horizon_cost == 127070.90
    assert "not in the data" in a.tax_year_words()


@pytest.mark.parametrize("months", [11, 61, 12.5, "two years", -12])
def test_a_horizon_outside_12_to_60_whole_months_is_one_line(months):
    with pytest.raises(InvalidValueError, match=r"horizon \(months\) .*must be a whole number "
                                                r"of months from 12 to 60\.$"):
        Assumptions(months=months).checked()


def test_budget_months_foots_each_year_and_the_horizon(capsys, tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_text("ID,Role,Level,Location,Type,Start,Status\n"
                    "A1,AI Engineer,Senior,London,Permanent,2026-04-01,Filled\n"
                    "A2,AI Engineer,Senior,London,Permanent,2027-10-01,Open\n", encoding="utf-8")
    assert main(["budget", str(plan), "--months", "36", "--review-month", "2026-04",
                 "--review-uplift", "3%", "--recruitment-fee", "20%", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    s = data["summary"]
    years = s["fiscal_years"]
    assert [y["start"] for y in years] == ["2026-04-01", "2027-04-01", "2028-04-01"]
    assert s["horizon_end"] == "2029-03-31" and len(s["months"]) == 36
    # A2 from October 2027 at 110,000, not reviewed until April 2028: half a year of
    # 127,070.90 = 63,535.45 plus its fee 20% x 110,000 = 22,000 in October 2027; then
    # 2028/29 at 113,300 (130,865.90).
    assert [cents(y["fy_cost"]) for y in years] == [12707090, 13086590 + 6353545 + 2200000,
                                                    13477475 + 13086590]
    assert [y["hire_fees"] for y in years] == [0, 22000, 0]
    assert [cents(y["fy_nic"]) for y in years] == [1575000, 1624500 + 787500, 1675485 + 1624500]
    assert [cents(y["annual_cost"]) for y in years] == [12707090, 13086590 + 12707090,
                                                        13477475 + 13086590]
    assert [y["fte_year_end"] for y in years] == [1, 2, 2]
    # Every month whole pence; each year the sum of its months; the horizon the years'.
    for k, y in enumerate(years):
        assert sum(cents(m["total"]) for m in s["months"][12 * k:12 * k + 12]) == cents(y["fy_cost"])
    assert sum(cents(y["fy_cost"]) for y in years) == cents(s["horizon_cost"])
    assert sum(cents(y["fy_nic"]) for y in years) == cents(s["horizon_nic"])
    # The rows carry 36 months and the later years' NIC and run-rate.
    row = data["rows"][0]
    assert "Mar 2029" in row and "Apr 2029" not in row
    assert row["Year 3 NIC"] == 16754.85 and "Year 4 NIC" not in row
    # The first fiscal year stays the key figures' year.
    assert s["fy_cost"] == years[0]["fy_cost"]


def test_the_template_carries_sixty_month_columns_and_the_later_years():
    assert len(columns.SPREAD["months"]) == 60
    assert columns.SPREAD["later_nic"] == ("Year 2 NIC", "Year 3 NIC", "Year 4 NIC", "Year 5 NIC")
    # PLAN_ROW's cells keep their width whatever the horizon: blank past it.
    a = Assumptions(months=18).checked()
    cells = price_row(senior(), a).figures.cells()
    assert len(cells) == columns.WIDTH
    first = columns.CALCULATED.index(next(c for c in columns.CALCULATED if c.part == "month"))
    months = cells[first:first + 60]
    assert all(m != "" for m in months[:18]) and months[18:] == [""] * 42
    # 18 months: a second fiscal year of six months, April to September 2027.
    assert a.fiscal_years[1] == (D("2027-04-01"), D("2027-09-30"))
    b = price_plan([senior()], a)
    assert b.summary["fiscal_years"][1]["fy_cost"] == 63535.45  # 127,070.90 / 2


def test_the_frames_follow_the_horizon():
    from addin import frames

    b = price_plan([senior(id="A1")], Assumptions(months=36, **REVIEWS))
    months = frames.plan_months(b)
    assert len(months) == 36 and months["cost_gbp"].sum() == pytest.approx(392711.55, abs=0.005)
    rows = frames.plan_rows(b)
    assert "Apr 2026" not in rows.columns and rows.loc[0, "Horizon cost"] == 392711.55
    years = frames.plan_fiscal_years(b)
    assert list(years["fy_cost"]) == [127070.90, 130865.90, 134774.75]
    assert years.loc[2, "end"] == pd.Timestamp("2029-03-31")


# --- the template agrees with budget over 36 months ------------------------------------

@pytest.fixture(scope="module")
def both36(tmp_path_factory):
    from test_budget_formulas import engine_values

    from addin.sheets import plan_reader, workbook, xlsx_file

    rows = [senior(id="A1", status="Filled"), senior("2027-10-01", id="A2", status="Open"),
            senior("2026-09-15", id="A3", end=D("2028-06-30"), fte=0.5),
            PlanRow(id="C1", role="LLM Engineer", level="Senior", type="Contractor",
                    ir35="Outside", start=D("2027-01-01"), end=D("2028-12-31")),
            senior("2029-06-01", id="A4"), senior(id="X1", fte=2)]
    a = Assumptions(months=36, recruitment_fee=0.2, **REVIEWS)
    path = tmp_path_factory.mktemp("horizon") / "h36.xlsx"
    xlsx_file.save(workbook.build_template(rows, a), path)
    read, read_a = plan_reader.read_template(path)
    return engine_values(path), price_plan(read, read_a)


def test_the_template_over_36_months_equals_budget_to_the_penny(both36):
    from test_budget_formulas import differences

    from addin.sheets import summary_sheet

    values, b = both36
    assert b.assumptions.months == 36 and b.summary["problems"] == 1
    assert differences(values, b) == ([], [])
    s = b.summary
    # In the template: each year's cost is the sum of its twelve month rows, and the
    # horizon's the sum of the years, to the penny; the months past 36 are blank.
    month = [values[("Summary", f"D{summary_sheet.M_FIRST + k}")] for k in range(36)]
    years = [values[("Summary", f"B{summary_sheet.Y_FIRST + k}")] for k in range(3)]
    assert [cents(sum(month[12 * k:12 * k + 12])) for k in range(3)] == [cents(y) for y in years]
    assert cents(sum(years)) == cents(values[("Summary", f"B{summary_sheet.Y_TOTAL}")])
    assert values.get(("Summary", f"D{summary_sheet.M_FIRST + 36}")) in ("", None)
    assert values.get(("Summary", f"B{summary_sheet.Y_FIRST + 3}")) in ("", None)
    # A1 as worked by hand above: 127,070.90, 130,865.90, 134,774.75.
    a1 = next(r for r in b.rows if r.row.id == "A1")
    assert a1.horizon_cost == 392711.55
    # The fees in their start months: A3 (blank Status: Open) half time, 20% x 55,000 =
    # 11,000 in September 2026; A2 20% x 110,000 = 22,000 in October 2027, the second year.
    assert [y["hire_fees"] for y in s["fiscal_years"]] == [11000.00, 22000.00, 0]
    assert s["hire_fees"] == 11000.00  # the key figures' year: the first
    assert s["outside_year"] == 1  # A4 starts after the horizon


def test_the_report_follows_the_horizon(tmp_path):
    import openpyxl

    from addin.sheets import summary_sheet
    from addin.sheets.plan_layout import COL, FIRST_ROW, HEADER_ROW, MONTH_COLS
    from addin.sheets.report import write_report

    b = price_plan([senior(id="A1")], Assumptions(months=36, **REVIEWS))
    write_report(b, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    plan, summary = wb["Plan"], wb["Summary"]
    assert plan[f"{MONTH_COLS[35]}{HEADER_ROW}"].value.date() == D("2029-03-31")
    assert plan[f"{MONTH_COLS[36]}{HEADER_ROW}"].value is None
    assert plan.column_dimensions[MONTH_COLS[36]].hidden
    assert plan[f"{MONTH_COLS[35]}{FIRST_ROW}"].value == pytest.approx(134774.75 / 12, abs=0.01)
    # The later years' read-backs: 2027/28 and 2028/29 as worked by hand above.
    assert plan[f"{COL['Year 3 NIC']}{FIRST_ROW}"].value == 16754.85
    assert plan[f"{COL['Year 2 year-end cost']}{FIRST_ROW}"].value == 130865.90
    assert plan[f"{COL['Year 4 NIC']}{HEADER_ROW}"].value is None
    assert plan[f"{COL['Horizon cost']}{FIRST_ROW}"].value == 392711.55
    # The Summary's years: three, then the horizon; the fourth and fifth blank (their rows
    # hidden where the role list beside them leaves them empty), and the months past 36.
    y = summary_sheet.Y_FIRST
    assert [summary[f"B{y + k}"].value for k in range(3)] == [127070.90, 130865.90, 134774.75]
    assert summary[f"B{y + 3}"].value is None and summary[f"A{y + 3}"].value is None
    assert summary[f"B{summary_sheet.Y_TOTAL}"].value == 392711.55
    assert not summary.row_dimensions[y + 2].hidden
    assert summary.row_dimensions[summary_sheet.M_FIRST + 36].hidden
