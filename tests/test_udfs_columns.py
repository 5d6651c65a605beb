"""A column call gives, row for row, exactly what the same function gives one row at a time.

Every Excel function that takes columns is called through xlwings' own dispatch with mixed
columns (blanks, error cells, unknown names and bad values in some rows) and compared with
the same calls made row by row.
"""

import inspect

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from udf_runtime import NA, call

import addin.excel.udfs as udfs
from addin.base.errors import GuideError, InvalidValueError

VALUE = {"type": "Error", "errorType": "Value"}  # what xlwings hands Excel for "#VALUE!"

NA_CELL = {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}
DIV0_CELL = {"type": "Error", "basicValue": "#DIV/0!", "errorType": "Div0"}
ODD = [None, "", "  ", NA_CELL, DIV0_CELL, "Astronaut", -1.0, True]

POOLS = {
    "role": ["AI Engineer", "LLM Engineer", "ML Engineer", "Director of AI", "mlops engineer",
             "Platform Engineer"],
    "level": ["Senior", "Junior", "Lead/Principal", "Mid-Level", 5.0, 2019.0, "sr", "L5", "l4"],
    "region": ["London", "Leeds", "Remote UK", "UK National", "Mars"],
    "location": ["London", "Leeds", "UK National"],
    "ir35": ["inside", "outside", False, "maybe"],
    "point": ["low", "mid", "high", 0.25, 7.0, "x"],
    "skill": ["RAG", "fine-tuning", "evals", "cooking", 5.0],
    "skills": ["RAG", "fine-tuning", "RAG, evals", "cooking", 5.0],
    "stage": ["Scale-up", "Enterprise", "Early Startup", "Giant"],
    "salary": [85000.0, 30000.0, 52000.0, 0.0, "abc", 1e308],
    "pay": [85000.0, 120000.0, 650.0, 0.0, "abc", 1e308],
    "day_rate": [650.0, 500.0, 1e306, 0.0],
    "tax_year": ["2026/27", "2025/26", "1999/00", 2026.0],
    "pension_rate": [0.03, 0.05, 2.0],
    "pension_basis": ["qualifying", "full", "half"],
    "benefits_rate": [0.0, 0.1],
    "levy": [False, 1.0, 3.0],
    "component": ["nic", "total", "pension", "bogus"],
    "days": [220.0, 100.0, 0.0, 500.0],
    "fee_rate": [0.15, 0.0, 2.0],
    "bonus_rate": [0.15, 0.0, 1.5],
    "bik_rate": [0.05, 0.0, "x"],
    "allowance_rate": [0.1, 0.0, -0.1],
    "sacrifice_rate": [0.05, 0.0, 15.0],
    "hire_type": ["Permanent", "Contractor", "Temp", "contractor\u00a0"],
    "start": [46296.0, 46100.0, "2026-10-01"],
    "end": [46400.0, 46000.0],
    "fte": [0.5, 1.0, 0.0],
    "override": [90000.0, 650.0, -1.0],
    "p": [10.0, 50.0, 90.0, 0.0, 100.0],
    "against": ["ours", "market", "Market ", "theirs"],
}
#: A table argument, one for every row (our bands): not spread, so never a column; here
#: omitted or this table, whose L5 maps by region (London Senior, Manchester Staff) and
#: whose Platform Engineer is the guide's MLOps Engineer.
TABLES = ("bands",)
BANDS = [["Role", "Guide role", "Level", "Guide level", "Region", "Min", "Mid", "Max"],
         ["AI Engineer", None, "L5", "Senior", "London", 100000.0, 120000.0, 140000.0],
         ["AI Engineer", None, "L5", "Staff/Principal", "Manchester", 110000.0, 130000.0,
          150000.0],
         ["Platform Engineer", "MLOps Engineer", "L4", "Mid-Level", None, 70000.0, 80000.0,
          90000.0]]


class Table:
    """A table argument drawn for a call: the same range for the column and every row."""

    def __init__(self, grid):
        self.grid = [[None]] if grid is None else grid
GENERIC = sorted({repr(v): v for pool in POOLS.values() for v in pool}.values(), key=repr)
# Tables in, tables out: the guide's lists, a Plan row, our bands against the market's, the
# whole Plan at a scenario (tests/test_scenarios.py holds PLAN_SCENARIO to budget).
COLUMN_FUNCTIONS = [n for n in udfs.__all__ if not n.startswith("GUIDE_")
                    and n not in ("PLAN_ROW", "OUR_BANDS", "PLAN_SCENARIO")]


def parameters(name):
    return list(inspect.signature(getattr(udfs, name)).parameters)


def outcome(thunk, width):
    """What a cell shows for one call: its values, or the error value in every column."""
    try:
        out = thunk()
    except InvalidValueError:
        return [VALUE] * width
    except GuideError as e:  # any other error raised rather than returned would be a bug
        raise AssertionError(f"raised {e!r}")
    if out == [[NA]]:
        return [NA] * width
    return out[0] if isinstance(out, list) else [out]


@st.composite
def column_call(draw):
    name = draw(st.sampled_from(COLUMN_FUNCTIONS))
    params = parameters(name)
    n = draw(st.integers(2, 5))
    args = []
    for p in params:
        if p in TABLES:
            args.append(Table(draw(st.sampled_from([None, BANDS]))))
            continue
        pool = POOLS.get(p, GENERIC)
        value = st.sampled_from(pool + ODD) if p != "point" else st.sampled_from(pool)
        shape = draw(st.sampled_from(["omitted", "cell", "column"]))
        if shape == "omitted" and p != params[0]:
            args.append([None])
        elif shape == "cell" or p == params[0] and shape == "omitted":
            args.append([draw(value)])
        else:
            args.append([draw(value) for _ in range(n)])
    # A Skills range in a call with no other column is one list of skills, not a column.
    if all(len(a) == 1 for p, a in zip(params, args) if p != "skills" and p not in TABLES):
        args[0] = [draw(st.sampled_from(POOLS.get(params[0], GENERIC) + ODD)) for _ in range(n)]
    return name, n, args


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(column_call())
def test_a_column_call_equals_the_same_calls_row_by_row(case):
    name, n, args = case
    column = call(name, *[a.grid if isinstance(a, Table) else [[v] for v in a] for a in args])
    width = len(column[0])
    assert len(column) == n and all(len(row) == width for row in column)
    for i in range(n):
        row_args = [a.grid if isinstance(a, Table) else [[a[i] if len(a) > 1 else a[0]]]
                    for a in args]
        assert column[i] == outcome(lambda: call(name, *row_args), width), (name, i, row_args)


def test_salary_estimate_keeps_each_rows_skills():
    # LLM Engineer, Senior, London: £110,000-£150,000 (mid £130,000). RAG +15-20%:
    # 126,500 to 180,000 (mid 153,250); fine-tuning +15-25%: 126,500 to 187,500 (mid 157,000).
    # Before, the column merged the skills: 180,250 in every row.
    llm = [["LLM Engineer"]] * 3
    out = call("SALARY_ESTIMATE", llm, "Senior", "London", [["RAG"], [None], ["fine-tuning"]],
               None, "mid")
    assert out == [[153250], [130000], [157000]]


def test_a_skill_of_another_rows_role_fails_only_its_row():
    out = call("SALARY_ESTIMATE", [["LLM Engineer"], ["AI Engineer"]], "Senior", "London",
               [["RAG"], [None]], None, "mid")
    assert out == [[153250], [110000]]


def test_one_call_reads_a_whole_skills_range_as_its_skills():
    # RAG + fine-tuning: 110,000 x 1.30 = 143,000 to 150,000 x 1.45 = 217,500, mid 180,250.
    out = call("SALARY_ESTIMATE", "LLM Engineer", "Senior", "London", [["RAG", "fine-tuning"]],
               None, "mid")
    assert out == [[180250]]


def test_an_na_cell_passes_through_as_na():
    assert call("SALARY_BAND", NA_CELL, "Senior") == [[NA]]
    assert call("SALARY_BAND", [["AI Engineer"], [NA_CELL]], "Senior", "London", "mid") == [
        [110000], [NA]]


def test_the_guide_lists_pass_an_na_cell_through_rather_than_list_everything():
    # Before, xlwings' own conversion turned the error cell into "omitted": every role.
    for name in ("GUIDE_ROLES", "GUIDE_LEVELS", "GUIDE_SKILLS", "GUIDE_SOURCE", "GUIDE_TABLE"):
        assert call(name, [[NA_CELL]]) == [[NA]], name
    assert call("GUIDE_LEVELS", "AI Engineer") == [["Junior"], ["Mid-Level"], ["Senior"],
                                                   ["Staff/Principal"]]
