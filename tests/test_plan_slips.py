"""No input slip is priced silently (issue 16, section 2): a rate whose unit cannot be right
is a problem, a rate far outside its band a counted row to review, rows outside the fiscal
year are counted, `budget --strict` fails on a problem, and the Check of a plan says what
to type in the plan. The bundled bounds worked by hand from the guide (data/plan_checks.csv);
the rules on the tiny edition (tests/fixtures/tiny), so next year's guide changes none."""

import json
import re
from datetime import date

import pytest

from addin.base.errors import DataError
from addin.commands.cli import main
from addin.guide import checks
from addin.guide.edition import bundled_edition
from addin.planning.budget import price_plan
from addin.planning.plan import PlanRow
from addin.planning.pricing import row_problem

OCT = 46296.0  # 1 October 2026 as Excel sends it


def perm(override=None, **kw):
    base = dict(role="AI Engineer", level="Senior", location="London", type="Permanent",
                start=date(2026, 10, 1), override=override)
    return PlanRow(**{**base, **kw})


def contractor(override=None, **kw):
    base = dict(role="LLM Engineer", level="Senior", type="Contractor", ir35="Outside",
                start=date(2026, 10, 1), override=override)
    return PlanRow(**{**base, **kw})


def test_the_bounds_come_from_the_guides_extremes():
    # The guide's highest day rate is LLM Engineer Lead/Principal's £1,200 (outside IR35):
    # x 2.5 = £3,000 a day. Its lowest printed salary is Data Engineer Junior's £40,000
    # (UK National and Remote UK): x 0.25 = £10,000 a year.
    c = checks.plan_checks()
    assert (c.day_rate_ceiling, c.salary_floor) == (3000, 10000)
    assert (c.review_below, c.review_above) == (0.5, 2)


def tiny_perm(override=None, **kw):
    """Tiny's Test Engineer, Senior, London: £100,000 to £200,000, mid £150,000."""
    return perm(override, **{"role": "Test Engineer", **kw})


def tiny_contractor(override=None, **kw):
    """Tiny's Rate Only Engineer, Lead/Principal, outside IR35: £600 to £700 a day."""
    return contractor(override, **{"role": "Rate Only Engineer", "level": "Lead/Principal", **kw})


# The rules on the tiny edition: its highest day rate £1,000 x 2.5 = a ceiling of £2,500 a
# day; its lowest salary £20,000 x 0.25 = a floor of £5,000 a year.

def test_a_salary_typed_as_a_day_rate_is_a_problem(tiny_edition):
    # The case: a contractor with Override 150000 (once £33,000,000 a year:
    # 150,000 x 220 days).
    check = row_problem("Rate Only Engineer", "Lead/Principal", None, "Contractor", "Outside",
                        OCT, None, None, None, 150000)
    assert check.startswith("Override rate £150,000 a day: is this a salary?")
    assert "at most £2,500" in check and "Type to Permanent" in check
    b = price_plan([tiny_contractor(150000)])
    assert b.summary["problems"] == 1 and b.summary["fy_cost"] == 0
    # At the ceiling it prices; a penny over it does not.
    assert price_plan([tiny_contractor(2500)]).rows[0].check == ""
    assert "is this a salary?" in price_plan([tiny_contractor(2500.01)]).rows[0].check


def test_a_day_rate_typed_as_a_salary_is_a_problem(tiny_edition):
    # The case: Override 650 on a permanent row (once priced as £650 a year).
    check = row_problem("Test Engineer", "Senior", "London", "Permanent", None, OCT, None, None,
                        None, 650)
    assert check.startswith("Override rate £650 a year: is this a day rate?")
    assert "at least £5,000" in check and "Type to Contractor" in check
    # Per FTE: a half-time salary of £10,000 is typed as its full-time rate, £20,000, and
    # prices; the bound is on the rate typed, not on Rate x FTE. (A typed rate under half
    # the band's mid, £75,000, is also a row to review, which is priced.)
    assert price_plan([tiny_perm(20000, fte=0.5)]).rows[0].check == ""
    assert price_plan([tiny_perm(5000)]).rows[0].check == ""
    assert "is this a day rate?" in price_plan([tiny_perm(4999.99)]).rows[0].check


def test_a_rate_far_outside_its_band_is_a_row_to_review(capsys, tmp_path, tiny_edition):
    # Test Engineer, Senior, London: £100,000 to £200,000, mid £150,000. £400,000 is
    # 400,000 / 150,000 = 2.67 x the mid (over 2); £60,000 is 0.40 x (under 0.5); £75,000
    # is exactly 0.5 x and £300,000 exactly 2 x: inside the bounds.
    b = price_plan([tiny_perm(400000), tiny_perm(60000), tiny_perm(75000), tiny_perm(300000),
                    tiny_perm()])
    s = b.summary
    assert s["problems"] == 0 and s["priced"] == 5 and s["review"] == 2
    warnings = [r["warning"] for r in s["review_rows"]]
    assert warnings[0].startswith("Override rate £400,000 a year is 2.67 x its band's mid, over 2")
    assert warnings[1].startswith("Override rate £60,000 a year is 0.40 x its band's mid, under 0.5")
    # Priced all the same: the review rows are in the total.
    assert s["fy_cost"] == sum(r.fy_cost for r in b.rows)
    plan = tmp_path / "plan.csv"
    plan.write_text("ID,Role,Level,Location,Type,Start,Override rate\n"
                    "R1,Test Engineer,Senior,London,Permanent,2026-10-01,400000\n",
                    encoding="utf-8")
    assert main(["budget", str(plan), "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert "Rows to review: 1 (priced, in the totals):" in out
    assert "row 2 (R1): Override rate £400,000 a year is 2.67 x" in out
    assert main(["budget", str(plan), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["review"] == 1 and summary["review_rows"][0]["ID"] == "R1"


def test_rows_outside_the_fiscal_year_are_counted(capsys, tmp_path):
    # The fiscal year runs 1 April 2026 to 31 March 2027: both rows start after it.
    plan = tmp_path / "plan.csv"
    plan.write_text("ID,Role,Level,Location,Type,IR35,Start\n"
                    "L1,AI Engineer,Senior,London,Permanent,,2027-06-01\n"
                    "L2,LLM Engineer,Senior,,Contractor,Outside,2027-04-01\n", encoding="utf-8")
    assert main(["budget", str(plan), "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert "Rows with problems: 0 of 2." in out
    assert "Rows outside the fiscal year: 2 (priced, nothing in the year's cost)." in out
    assert re.search(r"\nIn-year cost \(fiscal year\) +£0\.00\n", out)
    assert main(["budget", str(plan), "--json"]) == 0
    s = json.loads(capsys.readouterr().out)["summary"]
    assert (s["outside_year"], s["problems"], s["fy_cost"]) == (2, 0, 0)
    # A row that ended before the year counts too; one in post for a day of it does not.
    s = price_plan([perm(start=date(2025, 1, 1), end=date(2026, 3, 31)),
                    perm(start=date(2025, 1, 1), end=date(2026, 4, 1))]).summary
    assert s["outside_year"] == 1


def test_strict_exits_1_when_a_row_has_a_problem(capsys, tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_text("ID,Role,Level,Location,Type,Start\n"
                    "B1,Astronaut,Senior,London,Permanent,2026-10-01\n", encoding="utf-8")
    assert main(["budget", str(plan), "-o", "-"]) == 0  # without --strict: reported, 0
    capsys.readouterr()
    assert main(["budget", str(plan), "-o", "-", "--strict"]) == 1
    out, err = capsys.readouterr()
    assert "ROWS WITH PROBLEMS: 1 of 1" in out
    assert err == "ukaipay: --strict: 1 of 1 rows have problems (left out of every total).\n"
    good = tmp_path / "good.csv"
    good.write_text("ID,Role,Level,Location,Type,Start\n"
                    "G1,AI Engineer,Senior,London,Permanent,2026-10-01\n", encoding="utf-8")
    assert main(["budget", str(good), "--json", "--strict"]) == 0


def test_a_day_rate_only_role_says_what_to_type_in_the_plan():
    for role in ("ML Engineer", "ML Platform Engineer"):
        check = row_problem(role, "Senior", "London", "Permanent", None, OCT, None, None, None,
                            None)
        assert "DAYRATE" not in check
        assert check == (f"The guide gives only contractor day rates for {role}, no salary: "
                         f"set Type to Contractor (with IR35 and Level), or give an Override "
                         f"rate (a full-time salary in £ a year).")
    # With an Override rate the row prices; as a contractor it prices from the day rates.
    assert row_problem("ML Engineer", "Senior", "London", "Permanent", None, OCT, None, None,
                       None, 95000) == ""
    assert row_problem("ML Engineer", "Senior", None, "Contractor", "Outside", OCT, None, None,
                       None, None) == ""


@pytest.mark.parametrize("text, problem", [
    ("check,value\nday_rate_ceiling_x_highest_day_rate,9\nsalary_floor_x_lowest_salary,0.25\n"
     "review_compa_ratio_below,0.5\nreview_compa_ratio_above,2\n", "must be above the day-rate"),
    ("check,value\nday_rate_ceiling_x_highest_day_rate,2.5\n", "missing salary_floor"),
    ("check,value\nday_rate_ceiling_x_highest_day_rate,2.5\nsalary_floor_x_lowest_salary,0.25\n"
     "review_compa_ratio_below,1.5\nreview_compa_ratio_above,2\n", "below 1 and above 1"),
])
def test_broken_plan_checks_are_refused(tmp_path, text, problem):
    # 9 x £1,200 = £10,800 a day is above the £10,000 salary floor: a figure could be both.
    (tmp_path / "plan_checks.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=problem):
        checks.load_plan_checks(tmp_path, bundled_edition().tables)


def test_the_report_lists_the_rows_to_review_under_the_rows_left_out(tmp_path):
    import openpyxl

    from addin.sheets.report import write_report

    rows = [perm(300000, id="R1", line=4), perm(role="Astronaut", id="B1", line=5)]
    path = tmp_path / "r.xlsx"
    write_report(price_plan(rows), path)
    ws = openpyxl.load_workbook(path)["Summary"]
    cells = [[c.value for c in row[:3]] for row in ws.iter_rows()]
    at = cells.index(["Rows to review (1): priced, in every total", None, None])
    assert cells[at + 1] == ["Row", "ID", "Warning"]
    assert cells[at + 2][:2] == [4, "R1"] and "2.73 x its band's mid" in cells[at + 2][2]
    assert ["Row", "ID", "Problem"] in cells[:at] and [5, "B1"] == cells[at - 2][:2]


@pytest.mark.parametrize("cells", [
    ("Astronaut", "Senior", "London", "Permanent", None),  # unknown role
    ("AI Engineer", "Wizard", "London", "Permanent", None),  # unknown level
    ("AI Engineer", "Senior", "Londn", "Permanent", None),  # unknown region
    ("AI Engineer", "Senior", "London", "Permanent", "basket weaving"),  # unknown skill
    ("ML Engineer", "Senior", "London", "Permanent", None),  # day rates only
    ("Head of MLOps", None, "London", "Contractor", None),  # no day rates
    ("Head of MLOps", "Senior", "London", "Permanent", None),  # leadership: no levels
])
def test_a_plans_check_names_no_excel_function(cells):
    role, level, location, type_, skills = cells
    ir35 = "Outside" if type_ == "Contractor" else None
    check = row_problem(role, level, location, type_, ir35, OCT, None, None, skills, None)
    assert check
    for name in ("GUIDE_", "DAYRATE", "SALARY_BAND", "LEADERSHIP_BAND", "()"):
        assert name not in check, check
