"""The stand-in for Excel behind Lite's JavaScript (tests/pyodide/excel_standin.py) refuses
what Excel refuses: each rule checked here in CPython, so the stand-in cannot be one that
accepts everything."""

import sys

import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "tests" / "pyodide"))
from excel_standin import Excel, Refused, state_from_xlsx  # noqa: E402

FUNCS = ["PLAN_ROW", "SALARY_BAND"]


def _book(protected=False, arrays=(), cells=None):
    """Sheet "S": A1 a value, B1:D1 an array of PLAN_ROW (legacy or dynamic), E1 unlocked."""
    cells = cells or {"A1": {"v": 1, "locked": True}, "B1": {"f": "=PLAN_ROW(A1)", "locked": False},
                      "C1": {"locked": False}, "D1": {"locked": False}, "E1": {"locked": False}}
    return Excel({"functions": FUNCS, "names": [],
                  "sheets": [{"name": "S", "protected": protected, "cells": cells,
                              "arrays": [{"ref": r, "dynamic": d} for r, d in arrays]}]})


def _act(func, ref_row, ref_col, rows=1, cols=1, values=None, args=None):
    return {"func": func, "sheet_position": 0, "start_row": ref_row, "start_column": ref_col,
            "row_count": rows, "column_count": cols, "values": values, "args": args or []}


def test_a_write_into_part_of_a_legacy_array_is_refused():
    x = _book(arrays=[("B1:D1", False)])
    for col in (1, 2, 3):  # B1 (its corner), C1, D1: each is part of the array
        with pytest.raises(Refused, match="part of an array"):
            x.run_actions([_act("setFormula", 0, col, values=[["=PLAN_ROW(A1)"]])])
    with pytest.raises(Refused, match="part of an array"):  # the whole range, cell by cell
        x.run_actions([_act("setValues", 0, 1, cols=3, values=[[1, 2, 3]])])
    with pytest.raises(Refused, match="part of an array"):  # clearing part of it
        x.run_actions([_act("rangeClearContents", 0, 2, cols=2)])
    assert len(x.refused) == 5 and x.applied == []


def test_every_cell_of_a_legacy_array_reports_its_formula_a_spilled_cell_its_value():
    legacy = _book(arrays=[("B1:D1", False)])
    assert legacy.get_range_data("S", "A1:E1", ["formulas"])["formulas"] == [
        [1, "=PLAN_ROW(A1)", "=PLAN_ROW(A1)", "=PLAN_ROW(A1)", ""]]
    assert legacy.get_range_data("S", "B1:D1", ["formula_array"])["formula_array"] == "=PLAN_ROW(A1)"
    dynamic = _book(arrays=[("B1:D1", True)])
    assert dynamic.get_range_data("S", "A1:E1", ["formulas"])["formulas"] == [
        [1, "=PLAN_ROW(A1)", "", "", ""]]
    assert dynamic.get_range_data("S", "B1:D1", ["formula_array"])["formula_array"] is None


def test_clearing_a_legacy_array_whole_then_writing_its_corner_is_accepted():
    x = _book(arrays=[("B1:D1", False)])
    x.run_actions([_act("rangeClearContents", 0, 1, cols=3),
                   _act("setFormula", 0, 1, values=[["=PLAN_ROW(A1)"]])])
    assert x.refused == [] and x.unbound() == [] and x.shows("S", "B1") == "=PLAN_ROW(A1)"


def test_a_write_into_a_locked_cell_of_a_protected_sheet_is_refused():
    x = _book(protected=True, arrays=[("B1:D1", True)])
    with pytest.raises(Refused, match="protected sheet"):
        x.run_actions([_act("setValues", 0, 0, values=[[2]])])  # A1 is locked
    with pytest.raises(Refused, match="protected sheet"):
        x.run_actions([_act("rangeClearContents", 0, 0, cols=2)])
    with pytest.raises(Refused, match="protected sheet"):
        x.run_actions([_act("setFormula", 0, 6, values=[["=1"]])])  # G1: no style, locked
    x.run_actions([_act("setFormula", 0, 1, values=[["=PLAN_ROW(A1)"]])])  # B1 unlocked
    assert len(x.refused) == 3 and len(x.applied) == 1
    unprotected = _book(arrays=[("B1:D1", True)])
    unprotected.run_actions([_act("setValues", 0, 0, values=[[2]])])
    assert unprotected.refused == []


def test_a_call_entered_before_registration_is_name_until_re_entered():
    x = _book(arrays=[("B1:D1", True)])
    assert x.shows("S", "B1") == "#NAME?" and x.unbound() == ["S!B1"]
    x.run_actions([_act("setFormula", 0, 1, values=[["=PLAN_ROW(A1)"]])])
    assert x.unbound() == [] and x.shows("S", "B1") == "=PLAN_ROW(A1)"
    # Excel's saved form of an unknown add-in function is a call of ours too: still #NAME?.
    y = _book(cells={"A1": {"f": "=_xldudf_XLW_SALARY_BAND(\"AI Engineer\")", "locked": False}})
    assert y.unbound() == ["S!A1"]


def test_a_value_in_a_spilled_cell_blocks_the_spill():
    x = _book(arrays=[("B1:D1", True)])
    x.run_actions([_act("setFormula", 0, 1, values=[["=PLAN_ROW(A1)"]])])
    x.run_actions([_act("setValues", 0, 2, values=[[5]])])  # C1, inside the spill
    assert x.shows("S", "B1") == "#SPILL!"


def test_an_action_it_does_not_model_is_refused_not_accepted():
    x = _book()
    with pytest.raises(Refused, match="not modelled"):
        x.run_actions([_act("setSheetName", 0, 0, args=["New"])])
    with pytest.raises(Refused, match="not modelled"):
        x.get_range_data("S", "A1", ["color"])
    with pytest.raises(Refused, match="already exists"):
        x.run_actions([_act("addSheet", 0, 0, args=[1, "s"])])


def test_the_template_s_state_has_dynamic_rows_and_unlocked_calls(tmp_path):
    from addin.excel import udfs
    from addin.packaging import template_file

    path = tmp_path / "t.xlsx"
    template_file.write_template(path)
    state = state_from_xlsx(path, udfs.__all__)
    plan = next(s for s in state["sheets"] if s["name"] == "Plan")
    assert plan["protected"] and len(plan["arrays"]) == 200
    assert all(a["dynamic"] for a in plan["arrays"])
    x = Excel(state)
    assert len(x.unbound()) == 205  # 200 Plan rows, the allowance, Low, Mid, High, our bands


def test_a_value_that_looks_like_a_formula_is_entered_as_one_unless_behind_the_text_prefix():
    x = _book()
    x.run_actions([_act("setValues", 0, 4, values=[["=1+1"]]),  # E1
                   _act("setValues", 0, 5, values=[["'=1+1"]]),  # F1 (a new sheet cell)
                   _act("setValues", 0, 6, values=[["-AI-02"]]),
                   _act("setValues", 0, 7, values=[["-5"]]),
                   _act("setValues", 0, 8, values=[[""]])])  # I1: empty, no formula
    assert x.formulas_in("S") == ["B1", "E1", "G1"]  # B1 was PLAN_ROW already
    assert x.shows("S", "F1") == "=1+1" and x.shows("S", "H1") == "-5"
