"""One declared kind per output field (issue 16, section 5): it decides the field's rounding
and format in JSON, in the text summary and in the workbooks."""

import json

import openpyxl

from addin.base import kinds
from addin.commands.cli import main
from addin.planning.budget import price_plan
from addin.planning.columns import ROW
from addin.planning.phasing import month_labels
from addin.sheets.plan_layout import COL, COLUMNS, FIRST_ROW
from addin.sheets.report import write_report
from addin.sheets.summary_sheet import summary_cells

PLAN = ("ID,Team,Role,Level,Location,Type,IR35,Start,FTE,Override rate,Bonus,Hire fee,Status\n"
        "K1,Data,AI Engineer,Senior,London,Permanent,,2026-10-01,0.5,120000,12.5%,17.5%,Open\n"
        "K2,Data,LLM Engineer,Senior,,Contractor,Outside,2026-10-01,,,,,\n")


def budget_json(capsys, tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_text(PLAN, encoding="utf-8")
    assert main(["budget", str(plan), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_rates_and_ratios_keep_their_digits_in_json(capsys, tmp_path):
    data = budget_json(capsys, tmp_path)
    k1 = data["rows"][0]
    # A 12.5% bonus and a 17.5% hire fee are rates, not money: 0.125 and 0.175, not 0.13
    # and 0.18.
    assert (k1["Bonus"], k1["Hire fee"]) == (0.125, 0.175)
    # AI Engineer, Senior, London: £95,000 to £125,000, mid £110,000. £120,000 is
    # 120,000 / 110,000 = 1.090909... x the mid (1.0909 to 4 places) and (120,000 - 95,000)
    # / 30,000 = 0.833333... of the way up the band (0.8333).
    assert (k1["Compa-ratio"], k1["Band position"]) == (1.0909, 0.8333)
    assert k1["FTE"] == 0.5 and k1["Start"] == "2026-10-01"
    # The hire fee: 17.5% of Rate x FTE = 0.175 x 60,000 = 10,500.00.
    assert k1["Hire fee cost"] == 10500
    share = data["summary"]["by_type"]["Permanent"]["share"]
    assert share == round(share, 4) and 0 < share < 1


def walk_keys(value, found):
    if isinstance(value, dict):
        for k, v in value.items():
            found.add(k)
            walk_keys(v, found)
    elif isinstance(value, list):
        for v in value:
            walk_keys(v, found)
    return found


def test_every_budget_output_field_has_a_declared_kind(capsys, tmp_path):
    data = budget_json(capsys, tmp_path)
    labels = set(month_labels(price_plan([]).assumptions.fy_start))
    containers = {"rows", "summary", "problem_rows", "review_rows", "by_type", "months",
                  "by_quarter", "by_team", "by_role", "fiscal_years"}
    declared = set(kinds.FIELDS) | {c.header for c in COLUMNS} | {ROW}
    undeclared = walk_keys(data, set()) - declared - labels - containers
    # Team and role names are keys of by_team and by_role: their values are money.
    undeclared -= {"Data", "AI Engineer", "LLM Engineer"}
    assert undeclared == set()
    # Every Plan column's format is its kind's; the months are money.
    for c in COLUMNS:
        assert c.fmt == kinds.KINDS[c.kind].excel, c.header
        assert c.part != "month" or c.kind == "money"


def test_the_report_formats_each_field_as_its_kind(tmp_path):
    from addin.planning.plan_csv import read_csv

    b = price_plan(read_csv(PLAN))
    path = tmp_path / "r.xlsx"
    write_report(b, path)
    wb = openpyxl.load_workbook(path)
    plan, summary = wb["Plan"], wb["Summary"]
    r = FIRST_ROW
    assert plan[f"{COL['Bonus']}{r}"].number_format == "0.0#%"  # 12.5%, 12.25%
    assert plan[f"{COL['Compa-ratio']}{r}"].number_format == "0.0000"
    assert plan[f"{COL['FY cost']}{r}"].number_format == "£#,##0.00"
    for ref, _label, _formula, get, kind in summary_cells():
        assert summary[ref].number_format == kinds.KINDS[kind].excel, ref
        assert summary[ref].value == get(b.summary) or kind == "month"


def test_text_shows_each_kind():
    k = kinds.KINDS
    assert kinds.text_value(10635.075, k["money"]) == "£10,635.08"  # half up
    assert kinds.text_value(0.175, k["rate"]) == "17.5%"
    assert kinds.text_value(1.0909090909, k["ratio"]) == "1.0909"
    assert kinds.text_value(20.9, k["fte"]) == "20.9"
    assert kinds.json_value(0.8333333, k["ratio"]) == 0.8333
    assert kinds.json_value(143502.1549, k["money"]) == 143502.15
    # Binary noise under a millionth of a pound is not a figure: 126,090.525 is stored as
    # 126,090.52499999..., and rounds half up to 126,090.53.
    assert kinds.json_value(126090.52499999999, k["money"]) == 126090.53


COMMANDS = (["band", "AI Engineer", "Senior", "London", "--point", "0.25"],
            ["dayrate", "LLM Engineer", "Senior", "--ir35", "inside"],
            ["position", "120000", "AI Engineer", "Senior", "London"],
            ["cost", "85000", "--bonus-rate", "0.15"], ["contract", "650", "--ir35", "inside"],
            ["compare", "AI Engineer", "Senior", "London"], ["search", "kubernets"],
            ["leadership", "Director of AI", "London"])


def float_keys(value, key=None, found=None):
    found = set() if found is None else found
    if isinstance(value, dict):
        for k, v in value.items():
            float_keys(v, k, found)
    elif isinstance(value, list):
        for v in value:
            float_keys(v, key, found)
    elif isinstance(value, float):
        found.add(key)
    return found


def test_every_commands_numbers_have_a_declared_kind(capsys):
    undeclared = set()
    for argv in COMMANDS:
        assert main([*argv, "--json"]) == 0, argv
        undeclared |= float_keys(json.loads(capsys.readouterr().out)) - set(kinds.FIELDS)
    assert undeclared == set()
    # The position of £120,000 (AI Engineer, Senior, London, mid £110,000) as its kinds:
    # compa-ratio 120,000 / 110,000 = 1.0909 and band position 25,000 / 30,000 = 0.8333.
    assert main(["position", "120000", "AI Engineer", "Senior", "London", "--json"]) == 0
    at = json.loads(capsys.readouterr().out)
    assert (at["compa_ratio"], at["band_position"]) == (1.0909, 0.8333)
