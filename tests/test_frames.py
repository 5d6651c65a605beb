"""The guide and a priced plan as DataFrames (addin.frames), and GUIDE_TABLE in Excel.
Figures are the guide's, or worked by hand."""

import math

import pandas as pd
import pytest
from udf_runtime import NA, call

from addin import frames
from addin.guide import pay, tables
from addin.planning import assumptions, budget, plan_csv

PLAN_CSV = (
    "ID,Team,Role,Level,Location,Type,IR35,Start,End,FTE,Skills,Override rate,Status,Notes\n"
    "P1,Applied AI,AI Engineer,Senior,London,Permanent,,2026-10-01,,,,,Open,\n"
    "C1,LLM,LLM Engineer,Senior,,Contractor,Outside,2027-01-01,2027-03-31,,,,Open,\n"
    "B1,Data,Data Wizard,Senior,London,Permanent,,2026-05-01,,,,,Open,\n"
)


def test_every_guide_table_is_a_dataframe_with_units_in_its_columns():
    all_tables = frames.guide_tables()
    assert set(all_tables) == set(tables.table_names())
    salary = all_tables["salary_bands"]
    assert len(salary) == 4 * 4 * 3  # 4 roles with salary tables x 4 levels x 3 regions
    row = salary.query("role == 'AI Engineer' and level == 'Senior' and region == 'London'")
    assert row[["low_gbp_year", "mid_gbp_year", "high_gbp_year"]].values.tolist() == [
        [95000, 110000, 125000]]
    day = all_tables["day_rates"].set_index(["role", "level"])
    assert day.loc[("LLM Engineer", "Lead/Principal"), "high_gbp_day_outside_ir35"] == 1200
    premiums = all_tables["skill_premiums"].set_index("skill")
    assert premiums.loc["LLM fine-tuning (LoRA, QLoRA, RLHF)", "premium_high_pct"] == 25
    for name, frame in all_tables.items():
        numbers = frame.select_dtypes("number").columns
        assert all(any(unit in c for unit in ("_gbp_year", "_gbp_day", "_pct", "rank", "years_"))
                   or name == "insights" for c in numbers), name


def test_a_table_name_forgives_case_and_spacing_and_an_unknown_one_is_named():
    assert frames.guide_table("Day Rates").shape == (18, 5)  # 6 roles x 3 levels
    with pytest.raises(LookupError, match='Unknown guide table "salery"'):
        frames.guide_table("salery")


def test_band_lookup_over_columns_equals_the_engine_row_by_row():
    plan = pd.DataFrame({
        "role": ["AI Engineer", "ML Engineer", "AI Engineer", "Data Wizard", "MLOps Engineer"],
        "level": ["Senior", "Senior", 5, "Senior", 3],
        "city": ["London", "London", "Manchester", None, "Remote UK"],
    }, index=list("abcde"))
    out = frames.salary_bands(plan, region="city", point="mid")
    assert list(out.index) == list("abcde")
    assert out.loc["a", ["low_gbp_year", "high_gbp_year"]].tolist() == [95000, 125000]
    # Manchester: London Senior 95,000 x 0.85 to 125,000 x 0.90 (London -10% to -15%).
    assert out.loc["c", ["low_gbp_year", "high_gbp_year"]].tolist() == [80750, 112500]
    assert out.loc["e", "mid_gbp_year"] == 66500  # MLOps 3 years: Mid-Level, Remote 58-75k
    for key, row in plan.iterrows():
        try:
            band = pay.salary_band(row.role, row.level, row.city or "UK National")
            assert out.loc[key, "mid_gbp_year"] == band.mid and pd.isna(out.loc[key, "error"])
        except pay.NotInGuideError as e:
            assert out.loc[key, "error"] == e.render("python") and math.isnan(out.loc[key, "low_gbp_year"])
        except LookupError:
            assert out.loc[key, "error"].startswith('Unknown role "Data Wizard"')
    assert out.loc["b", "error"].endswith("no salary table: use day_rate().")


def test_day_rates_leadership_and_premiums_over_columns():
    plan = pd.DataFrame({"role": ["LLM Engineer", "AI Engineer"], "level": ["Senior", "Junior"]})
    out = frames.day_rates(plan, ir35="inside")
    assert out.loc[0, ["low_gbp_day", "high_gbp_day"]].tolist() == [560, 765]  # 700 x .8, 900 x .85
    assert "no Junior contractor day rates" in out.loc[1, "error"]
    heads = pd.DataFrame({"role": ["Director of AI"], "where": ["London"]})
    assert frames.leadership_bands(heads, region="where", point=0.25).loc[0, "at_gbp_year"] == 190000
    skills = pd.DataFrame({"role": ["LLM Engineer"], "skill": ["RAG"]})
    assert frames.skill_premiums(skills).loc[0, ["low_fraction", "high_fraction"]].tolist() == [0.15, 0.20]


def test_a_required_argument_must_name_a_column():
    with pytest.raises(ValueError, match='"job" is not one'):
        frames.salary_bands(pd.DataFrame({"role": ["AI Engineer"]}), level="job")


@pytest.fixture
def priced():
    return budget.price_plan(plan_csv.read_csv(PLAN_CSV), assumptions.Assumptions())


def test_plan_rows_months_and_summary_as_dataframes(priced):
    rows = frames.plan_rows(priced).set_index("ID")
    # P1: 110,000 + NIC 15% x 105,000 + pension 3% x (50,270 - 6,240) = 127,070.90 a year.
    assert rows.loc["P1", "Annual cost"] == pytest.approx(127070.90)
    assert rows.loc["P1", "Start"] == pd.Timestamp("2026-10-01")
    assert rows.loc["B1", "Check"] and math.isnan(rows.loc["B1", "FY cost"])
    months = frames.plan_months(priced)
    assert set(months["ID"]) == {"P1", "C1"} and len(months) == 24
    p1 = months[months["ID"] == "P1"].set_index("month")["cost_gbp"]
    assert p1[pd.Timestamp("2026-09-01")] == 0
    assert p1[pd.Timestamp("2026-10-01")] == pytest.approx(127070.90 / 12)
    # C1: 800 a day x 220 days = 176,000 a year, in post Jan to Mar: 44,000.
    by_month = months.groupby("month")["cost_gbp"].sum()
    assert by_month[pd.Timestamp("2027-03-01")] == pytest.approx(127070.90 / 12 + 176000 / 12)
    summary = frames.plan_summary(priced)
    assert summary.loc["fy_cost", "value"] == pytest.approx(127070.90 / 2 + 44000)
    assert summary.loc["problems", "value"] == 1 and summary.loc["fy_cost", "unit"] == "GBP"
    assert months["cost_gbp"].sum() == pytest.approx(summary.loc["fy_cost", "value"])


def test_plan_rows_reads_dates_as_the_engine_does():
    from addin.planning.plan import PlanRow

    senior = dict(role="AI Engineer", level="Senior", location="London", type="Permanent")
    # Excel serial 46296: 2026-01-01 is 46023 (45658 for 2025-01-01 + 365), and 1 October
    # is 273 days on (31+28+31+30+31+30+31+31+30): 46296. Not 1970-01-01 plus 46296 ns.
    b = budget.price_plan([PlanRow(id="S", start=46296.0, end=46387, **senior),
                           PlanRow(id="T", start="next spring", **senior)])
    rows = frames.plan_rows(b).set_index("ID")
    assert rows.loc["S", "Start"] == pd.Timestamp("2026-10-01")
    assert rows.loc["S", "End"] == pd.Timestamp("2026-12-31")  # 46296 + 91 (Oct 31, Nov 30, Dec 30)
    assert rows.loc["S", "Check"] == "" and pd.isna(rows.loc["T", "Start"])
    assert rows.loc["T", "Check"].startswith('Start "next spring" is not a date')
    assert str(rows["Start"].dtype).startswith("datetime64")


def test_plan_rows_of_an_empty_plan_has_the_columns_and_no_rows():
    empty = frames.plan_rows(budget.price_plan([]))
    assert len(empty) == 0 and {"ID", "Start", "Check", "FY cost"} <= set(empty.columns)
    assert str(empty["Start"].dtype).startswith("datetime64")


def test_a_column_name_given_twice_is_a_clear_error():
    plan = pd.DataFrame([["AI Engineer", "Senior", "x"]], columns=["role", "level", "level"])
    with pytest.raises(ValueError, match='2 columns named "level"'):
        frames.salary_bands(plan)


def test_a_row_s_answer_does_not_depend_on_the_rows_above_it():
    # 1 == True == 1.0 in Python: a cache keyed on values gave level True the answer of
    # level 1 (1 year: the guide's AI Engineer Junior, 0-2 years, UK National £48,000 -
    # £60,000), or level 1 an error.
    for levels in ([1, True], [True, 1]):
        plan = pd.DataFrame({"role": ["AI Engineer", "AI Engineer"], "level": levels}, dtype=object)
        out = frames.salary_bands(plan).set_index(plan["level"].map(type).map(lambda t: t.__name__))
        assert out.loc["int", "low_gbp_year"] == 48000 and pd.isna(out.loc["int", "error"])
        assert pd.isna(out.loc["bool", "low_gbp_year"]) and "level" in out.loc["bool", "error"]


def test_guide_table_function_returns_the_whole_table_with_its_header():
    out = call("GUIDE_TABLE", "stages")
    assert out[0][:3] == ["stage", "base_low_pct_of_market", "base_high_pct_of_market"]
    assert out[1][:3] == ["Early Startup", 70, 85] and len(out) == 4  # header + 3 stages
    salary = call("GUIDE_TABLE", "salary_bands")
    assert len(salary) == 49 and ["AI Engineer", "Senior", "London", 95000, 110000, 125000, False] in salary
    assert call("GUIDE_TABLE", "salery") == [[NA]]


def test_guide_table_function_gives_the_rows_the_dataframe_gives():
    for name in tables.table_names():
        frame = frames.guide_table(name)
        rows = call("GUIDE_TABLE", name)
        assert rows[0] == list(frame.columns) and len(rows) == len(frame) + 1
