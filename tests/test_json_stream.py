"""`budget --json` streams (issue 19, Speed): the rows as priced, then the summary, in the
very bytes that one json_text of the whole structure gives, on the demo plan, the messy
plan and a plan with a problem row."""

import json
import math
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_messy_plans import MESSY

from addin.base.kinds import KINDS, json_value
from addin.base.pence import rounded
from addin.commands import cli_budget
from addin.commands.cli import main
from addin.commands.display import json_text
from addin.planning import budget, plan_csv
from addin.planning.assumptions import Assumptions
from addin.planning.plan import PlanRow


def whole(b: budget.Budget) -> str:
    """The JSON as `budget --json` made it before it streamed: the whole structure built,
    then one json_text (a row's time of day, duration or non-finite number as text)."""
    def strict(v):
        if isinstance(v, time):
            return v.isoformat()
        if isinstance(v, timedelta):
            return str(v)
        return str(v) if isinstance(v, float) and not math.isfinite(v) else v

    rows = [{k: strict(v) for k, v in r.items()} for r in b.row_dicts()]
    return json_text({"rows": rows, "summary": b.summary})


def streamed(b: budget.Budget) -> str:
    return "".join(cli_budget.json_chunks(b))


def demo() -> budget.Budget:
    rows, a = plan_csv.demo_plan()
    return budget.price_plan(rows, a)


def test_the_demo_plan_streams_the_bytes_of_the_whole():
    b = demo()
    text = streamed(b)
    assert text == whole(b)
    data = json.loads(text)
    assert list(data) == ["rows", "summary"] and len(data["rows"]) == len(b.rows)
    assert data["summary"] == json.loads(json_text(b.summary))


# Inputs as a workbook may hand them over: a time of day, a duration, a number too big for
# a float, NaN, a boolean, a datetime, quotes, line breaks and characters outside ASCII.
ODD = [
    PlanRow(id=timedelta(hours=1, minutes=30), team="He said \"hi\"\n\t", role="AI Engineer",
            level="Senior", location="London", type="Permanent", start=datetime(2026, 10, 1),
            notes=time(9, 30)),
    PlanRow(id="Ω-1", role="AI Engineer", level="Senior", location="London", type="Permanent",
            start=date(2026, 10, 1), fte=float("inf"), skills=True),
    PlanRow(id="N", role="AI Engineer", level="Senior", location="London", type="Permanent",
            start=date(2026, 10, 1), override=float("nan"), notes=float("-inf")),
]


def test_a_messy_plan_streams_the_bytes_of_the_whole():
    b = budget.price_plan(MESSY + ODD, Assumptions())
    assert b.summary["problems"] >= 10  # the messy plan's problems are in it
    text = streamed(b)
    assert text == whole(b)
    rows = json.loads(text)["rows"]
    assert rows[-3]["ID"] == "1:30:00" and rows[-3]["Notes"] == "09:30:00"
    assert rows[-2]["FTE"] == "inf" and rows[-1]["Notes"] == "-inf"


def test_a_problem_row_and_the_summary_come_out_identically():
    good = PlanRow(id="P1", role="AI Engineer", level="Senior", location="London",
                   type="Permanent", start=date(2026, 10, 1))
    bad = good._replace(id="B1", role="Data Wizard")
    b = budget.price_plan([good, bad], Assumptions())
    text = streamed(b)
    assert text == whole(b)
    data = json.loads(text)
    p1, b1 = data["rows"]
    # 110,000 + NIC 15% x (110,000 - 5,000) = 15,750 + pension 3% x (50,270 - 6,240)
    # = 1,320.90: 127,070.90 a year; October to March, six months of twelve: 63,535.45.
    assert p1["Check"] == "" and p1["Annual cost"] == 127070.9 and p1["FY cost"] == 63535.45
    assert b1["Check"].startswith('Unknown role "Data Wizard"') and b1["FY cost"] is None
    s = data["summary"]
    assert (s["rows"], s["priced"], s["problems"]) == (2, 1, 1)
    assert s["problem_rows"] == [{"row": b1["Row"], "ID": "B1", "problem": b1["Check"]}]
    assert s["fy_cost"] == 63535.45 and s["annual_cost"] == 127070.9


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 5])
def test_batches_join_into_one_list(monkeypatch, n):
    monkeypatch.setattr(cli_budget, "_BATCH", 2)
    rows, a = plan_csv.demo_plan()
    b = budget.price_plan(rows[:n], a)
    chunks = list(cli_budget.json_chunks(b))
    # The opening, a piece per two rows, the summary: never every row in one piece.
    assert len(chunks) == 2 + math.ceil(n / 2)
    assert "".join(chunks) == whole(b)


def test_the_command_prints_the_streamed_json(capsys, tmp_path):
    rows, a = plan_csv.demo_plan()
    plan = tmp_path / "plan.csv"
    plan.write_text(plan_csv.write_csv(rows), encoding="utf-8")
    assert main(["budget", str(plan), "-o", "-", "--json"]) == 0
    out, err = capsys.readouterr()
    assert out == whole(budget.price_plan(*cli_budget.load_plan(str(plan)))) + "\n"
    assert err == ""


def before(value: float, places: int) -> object:
    """json_value's rule before it kept figures already at their places: always Decimal."""
    if places == 0 and value.is_integer():
        return int(value)
    return float(rounded(value, places))


@given(st.one_of(st.floats(-1e15, 1e15, allow_nan=False),
                 st.integers(-10**13, 10**13).map(lambda p: p / 100),
                 st.integers(-10**13, 10**13).map(lambda p: p / 10000 + 0.00005)))
def test_json_value_gives_what_the_half_up_rule_gives(value):
    for kind in KINDS.values():
        if kind.places is not None and abs(value) < 1e15:
            assert repr(json_value(value, kind)) == repr(before(value, kind.places))


def test_json_value_at_the_half_penny_and_at_zero():
    money, rate = KINDS["money"], KINDS["rate"]
    assert json_value(126090.52499999999, money) == 126090.53  # half a penny, up
    assert json_value(187675.89999999994, money) == 187675.9
    assert json_value(0.125, rate) == 0.125 and json_value(0.12345, rate) == 0.1235
    assert repr(json_value(-0.0, money)) == "-0.0"


def test_a_summary_strict_json_cannot_hold_raises_before_any_piece():
    b = demo()
    broken = b._replace(summary={**b.summary, "fy_cost": float("nan")})
    with pytest.raises(ValueError, match="not JSON compliant"):
        cli_budget.json_chunks(broken)  # the call, not the first piece: nothing written yet
