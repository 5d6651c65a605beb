"""README "In a notebook": the guide and a priced plan as pandas DataFrames (ukaipay[pandas])."""

import pandas as pd

from addin.planning import budget, plan_csv
from addin import frames

# Every guide table as a tidy DataFrame, units in the column names.
salary = frames.guide_table("salary_bands")
senior_london = salary[(salary.level == "Senior") & (salary.region == "London")]
print(senior_london[["role", "low_gbp_year", "high_gbp_year"]].to_string(index=False))

# Band lookups over a DataFrame's columns: the same engine as Excel, an error per row.
team = pd.DataFrame({"role": ["AI Engineer", "LLM Engineer", "ML Engineer"],
                     "level": ["Senior", 6, "Senior"],
                     "city": ["London", "Manchester", "London"]})
bands = frames.salary_bands(team, region="city")
print(bands["mid_gbp_year"].tolist())
print(bands["error"][2])

# A priced plan's rows, months and summary (read_template("plan.xlsx") reads your own).
plan = budget.price_plan(*plan_csv.demo_plan())
rows, summary = frames.plan_rows(plan), frames.plan_summary(plan)
print(f"{len(rows)} rows, {summary.loc['problems', 'value']:g} with a problem")
by_month = frames.plan_months(plan).groupby("month")["cost_gbp"].sum()
print(f"{by_month.iloc[0]:,.2f}")
