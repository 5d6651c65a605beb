"""The template, budget and demo commands: output, JSON, reports and exit statuses."""

import json
import subprocess
import sys

import openpyxl
import pytest

from addin.commands.cli import main
from addin.sheets.plan_layout import COL

HEADER = "ID,Team,Role,Level,Location,Type,IR35,Start,End,FTE,Skills,Override rate,Status,Notes\n"
BY_HAND = (
    "P1,Applied AI,AI Engineer,Senior,London,Permanent,,2026-10-01,,,,,Open,\n"
    "C1,LLM,LLM Engineer,Senior,,Contractor,Outside,2027-01-01,2027-03-31,,,,Open,\n"
)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(HEADER + BY_HAND + "B1,Data,Data Wizard,Senior,London,Permanent,,2026-05-01,,,,,Open,\n"
                    "B2,Data,Data Engineer,Senior,London,Permanent,,2026-09-01,2026-06-30,,,,Open,\n",
                    encoding="utf-8")
    return path


def test_budget_json_by_hand(capsys, plan, tmp_path):
    code, out, err = run(capsys, "budget", plan, "--json")
    assert code == 0
    data = json.loads(out)
    rows = {r["ID"]: r for r in data["rows"]}
    assert rows["P1"]["Rate"] == 110000
    assert rows["P1"]["Annual cost"] == pytest.approx(127070.90, abs=0.005)
    assert rows["P1"]["FY cost"] == pytest.approx(63535.45, abs=0.005)
    assert rows["C1"]["Rate"] == 800 and rows["C1"]["Annual cost"] == 176000
    assert rows["C1"]["FY cost"] == pytest.approx(44000)
    assert rows["P1"]["Check"] == "" and rows["P1"]["Start"] == "2026-10-01"
    s = data["summary"]
    assert s["problems"] == 2 and s["fy_cost"] == pytest.approx(107535.45, abs=0.01)
    assert s["annual_cost"] == pytest.approx(127070.90 + 176000, abs=0.01)
    assert [p["row"] for p in s["problem_rows"]] == [4, 5]  # CSV lines
    # --json asks for data: no report unless -o names one (issue 12).
    assert not (tmp_path / "plan_report.xlsx").exists() and err == ""


def test_budget_text_lists_bad_rows_first(capsys, plan, tmp_path):
    code, out, _ = run(capsys, "budget", plan, "-o", tmp_path / "r.xlsx")
    assert code == 0
    assert "ROWS WITH PROBLEMS: 2 of 4, left out of every total below:" in out
    assert 'row 4 (B1): Unknown role "Data Wizard".' in out
    assert "row 5 (B2): End 2026-06-30 is before Start 2026-09-01." in out
    assert "In-year cost" in out and "£107,535" in out
    assert (tmp_path / "r.xlsx").is_file()


def test_options_override_the_csv_defaults(capsys, plan):
    _, out, _ = run(capsys, "budget", plan, "--json", "-o", "-", "--scenario", "High",
                    "--fy-start", "2027-01-01", "--agency-fee", "0.1")
    data = json.loads(out)
    c1 = next(r for r in data["rows"] if r["ID"] == "C1")
    assert c1["Rate"] == 900 and c1["Annual cost"] == pytest.approx(900 * 220 * 1.1)
    assert data["summary"]["fy_start"] == "2027-01-01" and "Jan 2027" in c1


def test_csv_text_stays_text_in_the_report(capsys, tmp_path):
    path = tmp_path / "evil.csv"
    path.write_text(HEADER + '"=1+1","=HYPERLINK(""http://x"",""y"")",AI Engineer,Senior,London,'
                    'Permanent,,2026-10-01,,,,,Open,@SUM(A1)\n', encoding="utf-8")
    report = tmp_path / "evil_report.xlsx"
    assert run(capsys, "budget", path)[0] == 0
    plan = openpyxl.load_workbook(report)["Plan"]
    assert (plan["B4"].value, plan["B4"].data_type) == ('=HYPERLINK("http://x","y")', "s")
    assert (plan["A4"].value, plan[f"{COL['Notes']}4"].value) == ("=1+1", "@SUM(A1)")


@pytest.mark.parametrize("argv,status,words", [
    (["budget", "missing.csv"], 2, "No plan file"),
    (["budget", "PLAN", "--tax-year", "2099/00"], 1, 'Unknown tax year "2099/00"'),
    (["budget", "PLAN", "--fy-start", "2026-04-06"], 2, "first day of a month"),
    (["budget", "PLAN", "--scenario", "median"], 2, "Point"),
])
def test_exit_statuses(capsys, plan, argv, status, words):
    argv = [str(plan) if a == "PLAN" else a for a in argv]
    code, out, err = run(capsys, *argv, "-o", "-")
    assert code == status and words in err and "Traceback" not in err


def test_bad_csv_header_is_a_usage_error(capsys, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("Role,Level,Type,Start,Salary\n", encoding="utf-8")
    code, _, err = run(capsys, "budget", path)
    assert code == 2 and 'Unknown CSV column "Salary"' in err


def test_a_bad_setting_is_read_as_the_sheet_reads_it(capsys, plan):
    code, _, err = run(capsys, "budget", plan, "--levy", "perhaps")
    assert code == 2 and err == 'ukaipay: Apprenticeship Levy "perhaps" must be Yes or No.\n'
    code, _, err = run(capsys, "budget", plan, "--json", "--levy", " YES ", "-o", "-")
    assert code == 0 and json.loads(_)["summary"]["fy_cost"] > 0


def test_template_command(capsys, tmp_path):
    path = tmp_path / "t.xlsx"
    code, out, _ = run(capsys, "template", "-o", path)
    assert code == 0 and path.is_file() and str(path) in out


def test_demo_writes_the_template_and_its_report(capsys, tmp_path):
    code, out, _ = run(capsys, "demo", "--out", tmp_path)
    assert code == 0
    assert (tmp_path / "headcount_budget_demo.xlsx").is_file()
    assert (tmp_path / "headcount_budget_demo_report.xlsx").is_file()
    assert "ROWS WITH PROBLEMS: 1 of 27" in out and "End 2026-06-30 is before Start" in out
    # The filled template prices the same through `budget`.
    code, again, _ = run(capsys, "budget", tmp_path / "headcount_budget_demo.xlsx", "--json",
                         "-o", "-")
    summary = json.loads(again)["summary"]
    assert summary["problems"] == 1 and summary["employment_allowance"] == 10500
    assert f"£{summary['fy_cost']:,.2f}" in out  # money to the penny (kinds.py)


def test_python_m_addin_demo(tmp_path):
    out = subprocess.run([sys.executable, "-m", "addin", "demo", "--out", str(tmp_path), "--json"],
                         capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    assert len(data["rows"]) == 27 and data["summary"]["problems"] == 1
