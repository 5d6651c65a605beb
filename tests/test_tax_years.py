"""Forward tax years as labelled data and each plan month priced with its own tax year
(issue 19 §1-2), worked by hand.

Every tax year held charges employer NIC 15% above £5,000 and 3% pension on qualifying
earnings £6,240 to £50,270 (£1,320.90 at or above the top); the levy is 0.5% of Class 1
earnings when switched on. From 2029/30 only £2,000 a year of pay sacrificed into a pension
is free of NIC (announced at Budget 2025; its bill was before Parliament in January 2026).
"""

import json
import tomllib
from datetime import date
from importlib import resources

import pytest
from udf_runtime import call

from addin.base.errors import DataError
from addin.commands.cli import main
from addin.costs import statutory
from addin.costs.employment import employer_cost, known_tax_years
from addin.planning.assumptions import Assumptions
from addin.planning.budget import price_plan, price_row
from addin.planning.phasing import month_tax_years
from addin.planning.plan import INPUT_HEADERS, PlanRow

PENNY = 0.005
HELD = known_tax_years()
# The first tax year after the data, and 1 April of the calendar year it starts in.
PAST = f"{int(HELD[-1][:4]) + 1}/{(int(HELD[-1][:4]) + 2) % 100:02d}"
PAST_APRIL = date(int(HELD[-1][:4]) + 1, 4, 1)


def hire(start, salary=60000, end=None, **fields):
    return PlanRow(role="AI Engineer", level="Senior", location="London", type="Permanent",
                   start=start, end=end, override=salary, status="Filled", **fields)


def priced(row, **settings):
    return price_row(row, Assumptions(**settings).checked())


# --- §1 Forward years as labelled data --------------------------------------------------------

def test_the_forward_years_are_held_each_figure_with_its_standing():
    years = statutory.tax_years()
    assert {"2027/28", "2028/29", "2029/30", "2030/31"} <= set(years)
    for label, y in years.items():
        # One standing per group of figures, then the sacrifice cap's once one is in force.
        assert tuple(s.figures for s in y.standing[:6]) == tuple(statutory.FIGURE_GROUPS)
        assert all(s.standing in statutory.STANDINGS and s.note for s in y.standing)
    later = years["2028/29"]
    standing = {s.figures: s for s in later.standing}
    # The November 2025 Budget held the secondary threshold at £5,000 until April 2031.
    assert standing["nic_threshold"].standing == "announced"
    assert "Budget 2025" in standing["nic_threshold"].note and "2031" in standing["nic_threshold"].note
    # The qualifying-earnings band is set each year: assumed unchanged, and it says so.
    assert standing["pension_band"].standing == "assumed"
    assert standing["pension_band"].note.startswith("assumed unchanged from 2026/27")
    assert standing["nic_rate"].standing == "enacted"
    assert years["2026/27"].enacted and not later.enacted


def test_the_2029_sacrifice_cap_is_announced_not_legislated():
    y = statutory.tax_years()["2029/30"]
    assert y.sacrifice_nic_free == 2000 and statutory.tax_years()["2028/29"].sacrifice_nic_free > 1e308
    cap = y.standing[-1]
    assert (cap.figures, cap.standing) == ("sacrifice_cap", "announced")
    assert "before Parliament in January 2026" in cap.note
    p = tomllib.loads((resources.files("addin") / "data" / "provenance.toml").read_text("utf-8"))
    assert "legislated" not in p["statutory"]["sacrifice"]


def test_every_standing_cites_a_source_with_title_url_and_date():
    p = tomllib.loads((resources.files("addin") / "data" / "provenance.toml").read_text("utf-8"))
    sources = p["statutory"]["sources"]
    cited = {s.source for y in statutory.tax_years().values() for s in y.standing}
    assert cited <= set(sources)
    for key in cited:
        assert sources[key]["title"] and sources[key]["url"].startswith("https://") and sources[key]["date"]


@pytest.mark.parametrize("row, problem", [
    ("2026/27,nic_rate,law,a note,nics_act_2025", "standing 'law' must be one of"),
    ("2026/27,nic_rates,enacted,a note,nics_act_2025", "figures 'nic_rates' must be one of"),
    ("2036/37,nic_rate,enacted,a note,nics_act_2025", "is not in tax_years.csv"),
    ("2026/27,nic_rate,enacted,,nics_act_2025", "note is empty"),
])
def test_a_broken_standing_names_file_and_line(data_copy, row, problem):
    path = data_copy / "tax_year_standing.csv"
    lines = path.read_text("utf-8").splitlines()
    assert lines[7].startswith("2026/27,nic_rate,")  # the row broken, on line 8
    lines[7] = row
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        statutory.tax_years(data_copy)
    assert (e.value.file, e.value.line) == ("tax_year_standing.csv", 8) and problem in e.value.problem


def test_a_year_without_a_standing_for_a_figure_is_refused(data_copy):
    path = data_copy / "tax_year_standing.csv"
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("2027/28,pension_band"))
                    + "\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        statutory.tax_years(data_copy)
    assert "2027/28 has no standing for pension_band" in str(e.value)


def test_sacrifice_and_levy_cost_465_more_in_2029_30_than_in_2028_29():
    # £50,000, 10% sacrificed (£5,000), levy on; pension 3% of qualifying earnings worked on
    # pay before the sacrifice: (50,000 - 6,240) x 3% = 1,312.80.
    # 2028/29, no cap: Class 1 earnings 45,000; NIC (45,000 - 5,000) x 15% = 6,000; levy
    #   0.5% x 45,000 = 225; total 45,000 + 6,000 + 5,000 + 1,312.80 + 225 = 57,537.80.
    # 2029/30, £2,000 NIC-free: 3,000 above the cap is Class 1 earnings: 48,000; NIC
    #   (48,000 - 5,000) x 15% = 6,450 (£450 more); levy 0.5% x 48,000 = 240 (£15 more);
    #   total 58,002.80: £465.00 more.
    options = dict(sacrifice_rate=0.10, levy=True)
    before, after = employer_cost(50000, "2028/29", **options), employer_cost(50000, "2029/30", **options)
    assert before == pytest.approx(57537.80, abs=PENNY)
    assert after == pytest.approx(58002.80, abs=PENNY)
    assert round(after - before, 2) == 465.00


def test_cost_of_a_forward_year_is_priced_and_shows_its_standing(capsys):
    # 2027/28 was refused before: £85,000 costs 85,000 + (80,000 x 15% =) 12,000 + 1,320.90.
    assert main(["cost", "85000", "--tax-year", "2027/28"]) == 0
    out = capsys.readouterr().out
    assert "£98,320.90" in out
    assert "not enacted in 2027/28" in out and "NIC secondary threshold (announced)" in out
    assert "Qualifying-earnings band (assumed)" in out
    assert main(["cost", "85000", "--tax-year", "2026/27"]) == 0
    assert "not enacted" not in capsys.readouterr().out
    assert main(["cost", "85000", "--tax-year", "2029/30", "--json"]) == 0
    standing = json.loads(capsys.readouterr().out)["standing"]
    assert (standing["nic_rate"], standing["pension_band"], standing["sacrifice_cap"]) == (
        "enacted", "assumed", "announced")


def test_source_lists_each_years_standing(capsys):
    assert main(["source"]) == 0
    out = capsys.readouterr().out
    assert "tax year 2026/27: every figure enacted" in out
    assert "tax year 2029/30: NIC secondary threshold (announced)" in out
    assert main(["source", "--json"]) == 0
    standing = json.loads(capsys.readouterr().out)["tax_year_standing"]
    assert set(standing) == set(HELD)
    assert {s["standing"] for s in standing["2027/28"]} == {"enacted", "announced", "assumed"}


def test_guide_source_gives_a_years_standing():
    assert call("GUIDE_SOURCE", None, None, None, "2026/27")[0][0] == "Tax year 2026/27: every figure enacted"
    text = call("GUIDE_SOURCE", None, None, None, 2029.0)[0][0]
    assert text.startswith("Tax year 2029/30: ") and "NIC-free sacrifice cap (announced)" in text
    assert "Tax years 2025/26 to 2026/27: enacted" in call("GUIDE_SOURCE")[0][0]


# --- §2 Each month in its own tax year -----------------------------------------------------------

def test_each_month_falls_in_the_tax_year_holding_most_of_its_days():
    # April 2029 runs 1-5 in 2028/29 and 6-30 (25 days) in 2029/30.
    assert month_tax_years(date(2029, 1, 1)) == ("2028/29",) * 3 + ("2029/30",) * 9
    assert month_tax_years(date(2026, 4, 1)) == ("2026/27",) * 12


def test_a_january_fiscal_year_prices_each_month_with_its_own_tax_year():
    # FY January to December 2029, a £60,000 hire in post all year sacrificing 5% (£3,000).
    # 2028/29 (Jan-Mar): pay 57,000, NIC (57,000 - 5,000) x 15% = 7,800; pension
    #   (50,270 - 6,240) x 3% = 1,320.90; total 57,000 + 7,800 + 3,000 + 1,320.90 = 69,120.90.
    # 2029/30 (Apr-Dec): 1,000 above the £2,000 cap is Class 1: NIC 53,000 x 15% = 7,950;
    #   total 69,270.90.
    # FY cost 69,120.90 x 3/12 + 69,270.90 x 9/12 = 17,280.225 + 51,953.175 = 69,233.40;
    # FY NIC 7,800 x 3/12 + 7,950 x 9/12 = 1,950 + 5,962.50 = 7,912.50.
    r = priced(hire(date(2029, 1, 1)), fy_start=date(2029, 1, 1), sacrifice_rate=0.05)
    assert r.check == ""
    assert r.fy_cost == pytest.approx(69233.40, abs=PENNY)
    assert r.fy_nic == pytest.approx(7912.50, abs=PENNY)
    assert sum(r.months) == pytest.approx(69233.40, abs=PENNY)  # the months foot to it
    assert {round(m, 2) for m in r.months[:3]} <= {5760.07, 5760.08}   # 69,120.90 / 12
    assert {round(m, 2) for m in r.months[3:]} <= {5772.57, 5772.58}   # 69,270.90 / 12
    # Annual cost: in force in the first month (2028/29); at year end: 2029/30's.
    assert (r.annual_cost, r.annual_nic) == (pytest.approx(69120.90), pytest.approx(7800))
    assert r.year_end_cost == pytest.approx(69270.90, abs=PENNY)


def test_a_set_tax_year_prices_every_month_with_it_and_says_so():
    # --tax-year 2028/29 on the same year: twelve months at 69,120.90 (no cap).
    a = Assumptions(fy_start=date(2029, 1, 1), sacrifice_rate=0.05, tax_year="2028/29").checked()
    r = price_row(hire(date(2029, 1, 1)), a)
    assert r.fy_cost == pytest.approx(69120.90, abs=PENNY) and r.year_end_cost == pytest.approx(69120.90)
    assert a.tax_year_words() == "2028/29, set: every month priced with it"


def test_a_january_year_across_2026_27_and_2027_28_names_both_years():
    # No figure differs between 2026/27 and 2027/28 (the threshold announced and the band
    # assumed unchanged), so a £60,000 hire costs 60,000 + 55,000 x 15% + 1,320.90 =
    # 69,570.90 either way; the labelling says which months are which year.
    a = Assumptions(fy_start=date(2027, 1, 1)).checked()
    assert price_row(hire(date(2027, 1, 1)), a).fy_cost == pytest.approx(69570.90, abs=PENNY)
    assert a.tax_year_words() == ("2026/27 (Jan 2027 to Mar 2027) and 2027/28 (Apr 2027 to Dec "
                                  "2027, some figures announced or assumed), each month in its own")


def test_a_year_past_the_data_is_a_problem_in_words_never_the_latest_year():
    r = priced(hire(PAST_APRIL), fy_start=PAST_APRIL)
    assert r.check.startswith(f"Tax year {PAST} is not in the data (it holds {HELD[0]} to {HELD[-1]})")
    assert r.fy_cost is None
    # A set year held prices it, deliberately.
    assert priced(hire(PAST_APRIL), fy_start=PAST_APRIL, tax_year=HELD[-1]).check == ""


def test_a_row_that_leaves_before_the_missing_year_is_priced():
    # FY from October of the last year held: April on is past the data.
    fy = date(PAST_APRIL.year - 1, 10, 1)
    early = priced(hire(fy, end=date(PAST_APRIL.year, 2, 28)), fy_start=fy)
    late = priced(hire(fy), fy_start=fy)
    # October to February: 69,570.90 x 5/12 = 28,987.875, half up 28,987.88.
    assert early.check == "" and early.fy_cost == pytest.approx(28987.88, abs=PENNY)
    assert late.check.startswith(f"Tax year {PAST} is not in the data")
    assert f"months from Apr {PAST_APRIL.year}" in late.check


def test_budget_says_which_years_priced_the_plan_and_counts_the_problem(tmp_path, capsys):
    path = tmp_path / "plan.csv"
    path.write_text("ID,Role,Level,Location,Type,Start,Override rate,Status\n"
                    "P1,AI Engineer,Senior,London,Permanent,2029-01-01,60000,Filled\n",
                    encoding="utf-8")
    assert main(["budget", str(path), "--fy-start", "2029-01-01", "--sacrifice-rate", "5%",
                 "--json"]) == 0
    s = json.loads(capsys.readouterr().out)["summary"]
    assert s["fy_cost"] == 69233.40
    assert s["tax_year"].startswith("2028/29 (Jan 2029 to Mar 2029") and "each month in its own" in s["tax_year"]
    assert main(["budget", str(path), "--fy-start", "2029-01-01", "--tax-year", "2028/29"]) == 0
    assert "tax year 2028/29, set: every month priced with it" in capsys.readouterr().out
    assert main(["budget", str(path), "--fy-start", PAST_APRIL.isoformat()]) == 0
    out = capsys.readouterr().out
    assert f"Tax year {PAST} is not in the data" in out and "ROWS WITH PROBLEMS: 1 of 1" in out


def test_plan_row_gives_the_missing_year_in_words():
    cells = {"Role": "AI Engineer", "Level": "Senior", "Location": "London",
             "Type": "Permanent", "Start": PAST_APRIL.isoformat(), "Override rate": 60000}
    row = [[cells.get(h) for h in INPUT_HEADERS]]
    check = call("PLAN_ROW", row, PAST_APRIL.isoformat())[0][0]
    assert check.startswith(f"Tax year {PAST} is not in the data")


def test_the_plan_priced_by_budget_matches_row_by_row():
    a = Assumptions(fy_start=date(2029, 1, 1), sacrifice_rate=0.05).checked()
    rows = [hire(date(2029, 1, 1)), hire(date(2029, 6, 15), salary=90000)]
    b = price_plan(rows, a)
    assert b.summary["fy_cost"] == pytest.approx(sum(price_row(r, a).fy_cost for r in rows), abs=PENNY)
