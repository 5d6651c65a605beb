"""Each word declared once (issue 18, section 2): a Plan header is spelled in at most two
modules of addin/, and a column added to planning/columns.py reaches every front end."""

import ast
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from openpyxl.utils import get_column_letter as letter

from addin.planning import budget, columns
from addin.planning.plan import PlanRow

ADDIN = Path(__file__).resolve().parent.parent / "addin"

#: The same word meaning something else, not a Plan header: (module, word) -> what it is.
HOMONYMS = {
    ("packaging/opc.py", "Type"): "an OPC relationship's XML attribute",
    ("guide/data.py", "Level"): "the type name of a guide level record",
    ("guide/data.py", "Location"): "the type name of a guide location record",
    ("guide/our_bands.py", "Role"): "a header of our bands' table",
    ("guide/our_bands.py", "Level"): "a header of our bands' table",
}


def header_literals(source: str, headers) -> set[str]:
    """Return the ``headers`` that ``source`` spells as a string constant (docstrings and
    comments aside; an f-string's text counts only where it is the whole header)."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return {node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and node.value in headers}


def test_the_counter_sees_a_literal_and_not_a_docstring_or_comment():
    source = textwrap.dedent('''
        """FY cost"""
        def f():
            """Rate"""
            # "Check"
            return plan_range("FY cost"), f"Bonus {x}", "Start is missing"
        ''')
    assert header_literals(source, set(columns.HEADERS)) == {"FY cost"}


def test_each_plan_header_is_spelled_in_at_most_two_modules():
    where: dict[str, list[str]] = {}
    for path in sorted(ADDIN.rglob("*.py")):
        module = path.relative_to(ADDIN).as_posix()
        for h in header_literals(path.read_text(encoding="utf-8"), set(columns.HEADERS)):
            if (module, h) not in HOMONYMS:
                where.setdefault(h, []).append(module)
    # Every header is declared in planning/columns.py (the months' by a pattern) ...
    named = [c.header for c in columns.COLUMNS if c.part != "month"]
    assert [h for h in named if "planning/columns.py" not in where.get(h, [])] == []
    # ... and spelled in at most one other module.
    assert {h: m for h, m in where.items() if len(m) > 2} == {}


def test_plan_row_and_row_figures_follow_the_table():
    assert PlanRow._fields[:len(columns.INPUTS)] == tuple(c.field for c in columns.INPUTS)
    # PLAN_ROW's cells: one per calculated column, in column order (the months spread).
    from addin.planning.pricing import RowFigures

    cells = RowFigures(check="x", months=tuple(range(12)), rate_aged="aged").cells()
    assert len(cells) == len(columns.CALCULATED) == columns.WIDTH
    assert cells[0] == "x" and cells[-1] == "aged"
    first_month = columns.HEADERS.index("Month 1") - len(columns.INPUTS)
    assert cells[first_month:first_month + 12] == list(range(12))


# A column added to a copy of the package: one entry in planning/columns.py, nothing else.
_NEW_ENTRY = '    _input("Cost centre", "cost_centre", "text", 12),\n'

_PROBE = '''
import json, sys
from datetime import date
from pathlib import Path

import openpyxl

from addin.commands.display import json_text
from addin.planning import budget, plan_csv
from addin.planning.plan import PlanRow
from addin.sheets import plan_reader, report, workbook

out = Path(sys.argv[1])
row = PlanRow(id="N1", role="AI Engineer", level="Senior", location="London",
              type="Permanent", start=date(2026, 10, 1), cost_centre="CC-7")
(out / "t.xlsx").write_bytes(workbook.template_bytes([row]))
rows, a = plan_reader.read_template(out / "t.xlsx")
head = [c.value for c in openpyxl.load_workbook(out / "t.xlsx")["Plan"][3]]
csv_text = plan_csv.write_csv(rows)
again = plan_csv.read_csv(csv_text)
b = budget.price_plan(again, a)
report.write_report(b, out / "r.xlsx")
reported = openpyxl.load_workbook(out / "r.xlsx")["Plan"]
col = head.index("Cost centre")
print(json.dumps({
    "template_head": head[:19],
    "read_back": rows[0].cost_centre,
    "csv_head": csv_text.splitlines()[0],
    "csv_back": again[0].cost_centre,
    "json": json.loads(json_text(b.row_dicts()))[0],
    "report": [reported.cell(3, col + 1).value, reported.cell(4, col + 1).value],
}))
'''


def test_a_column_added_to_the_table_reaches_every_front_end(tmp_path):
    copy = tmp_path / "pkg"
    shutil.copytree(ADDIN, copy / "addin", ignore=shutil.ignore_patterns("__pycache__"))
    table = copy / "addin" / "planning" / "columns.py"
    text = table.read_text(encoding="utf-8")
    notes = '    _input("Notes", "notes", "text", 24),\n'
    assert notes in text
    table.write_text(text.replace(notes, notes + _NEW_ENTRY), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _PROBE, str(tmp_path)], cwd=copy,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout)
    # The template: the new input after Notes, PLAN_ROW's cells one column further right.
    assert got["template_head"][16:19] == ["Notes", "Cost centre", "Check"]
    # Read back by header from the workbook, and from the CSV it writes.
    assert got["read_back"] == got["csv_back"] == "CC-7"
    assert got["csv_head"].endswith(",Notes,Cost centre")
    # JSON: the row keyed by the new header, priced as the same row without it.
    row = got["json"]
    assert row["Cost centre"] == "CC-7" and row["Check"] == ""
    same = budget.price_plan([PlanRow(id="N1", role="AI Engineer", level="Senior",
                                      location="London", type="Permanent",
                                      start="2026-10-01")]).rows[0]
    assert row["FY cost"] == same.fy_cost
    # AI Engineer, Senior, London: the guide's mid, £110,000; from 1 October, six of the
    # fiscal year's twelve months: half the annual cost.
    assert row["Rate"] == 110000 and row["FY cost"] * 2 == row["Annual cost"]
    assert got["report"] == ["Cost centre", "CC-7"]


def test_the_key_figures_are_worded_alike_in_every_front_end(capsys, tmp_path):
    from addin import frames
    from addin.commands.cli import main
    from addin.planning.key_figures import KEY_FIGURES
    from addin.planning.plan_csv import demo_plan, write_csv
    from addin.sheets.summary_sheet import KEY_CELL, summary_cells

    rows, a = demo_plan()
    b = budget.price_plan(rows, a)
    cells = {ref: (label, get(b.summary)) for ref, label, _formula, get, _kind in summary_cells()}
    table = frames.plan_summary(b)
    plan = tmp_path / "plan.csv"
    plan.write_text(write_csv(rows), encoding="utf-8")
    assert main(["budget", str(plan), "-o", "-"]) == 0
    text = capsys.readouterr().out
    for f in KEY_FIGURES:
        # The Summary sheet, the DataFrame and the text: one label, one value.
        assert cells[KEY_CELL[f.key]] == (f.label, b.summary[f.key])
        got = table.loc[f.key, "value"]  # None (no bands held) is pandas' NaN
        assert table.loc[f.key, "figure"] == f.label
        assert got == b.summary[f.key] or (b.summary[f.key] is None and got != got), f.key
        told = f.key in ("problems", "review", "outside_year")  # in words, above the table
        assert (f"\n{f.label}  " in text) != told, f.label
    # The demo plan: 27 rows, one broken on purpose (End before Start): 26 priced.
    assert (b.summary["priced"], b.summary["problems"]) == (26, 1)


def test_plan_scenario_takes_the_plan_then_the_settings_in_their_declared_order():
    import inspect

    from addin.excel.scenario_functions import PLAN_SCENARIO
    from addin.planning.assumptions import ROW_SETTINGS
    from addin.sheets.scenario_sheet import scenario_formula

    # A setting added to SETTINGS (a PLAN_ROW argument) is an argument here too, or the
    # Summary's Low, Mid and High would pass it to the wrong parameter.
    assert list(inspect.signature(PLAN_SCENARIO).parameters) == [
        "rows", "results", *ROW_SETTINGS, "claim_ea", "headers", "bands"]
    args = scenario_formula("C")[len("=PLAN_SCENARIO("):-1].split(",")
    assert len(args) == 2 + len(ROW_SETTINGS) + 3
    assert args[2 + ROW_SETTINGS.index("scenario")] == "C$4"  # the column's own scenario


def test_plan_row_takes_the_row_then_the_settings_in_their_declared_order():
    import inspect

    from addin.excel.plan_functions import PLAN_ROW
    from addin.planning.assumptions import ROW_SETTINGS
    from addin.sheets.workbook import row_formula

    # Excel names each argument, so the signature is written out; it must follow SETTINGS.
    assert list(inspect.signature(PLAN_ROW).parameters) == ["row", *ROW_SETTINGS, "headers",
                                                            "bands"]
    # The template passes the row's input cells, then the settings' names, then the headers.
    cells, formula = row_formula(4)
    last = columns.HEADERS.index(columns.INPUTS[-1].header)  # 0-based: Notes is column P
    assert f"PLAN_ROW($A4:${letter(last + 1)}4," in formula
    assert cells == f"{letter(last + 2)}4:{letter(len(columns.HEADERS))}4"
