"""The command line: tables, JSON, exit statuses and one-line errors."""

import json
import subprocess
import sys

import pytest

from addin.commands.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_band_table(capsys):
    code, out, _ = run(capsys, "band", "ai engineer", "SENIOR", "london")
    assert code == 0
    assert "£95,000" in out and "£110,000" in out and "£125,000" in out


def test_band_json_with_point(capsys):
    code, out, _ = run(capsys, "band", "AI Engineer", "Senior", "London", "--point", "0.25", "--json")
    data = json.loads(out)
    assert (data["low"], data["mid"], data["high"], data["open_top"], data["point"]) == (
        95000, 110000, 125000, False, 102500)


def test_band_by_years(capsys):
    _, out, _ = run(capsys, "band", "MLOps Engineer", "5", "--json")
    assert json.loads(out)["low"] == 75000


def test_open_top_shows_plus(capsys):
    _, out, _ = run(capsys, "band", "LLM Engineer", "Lead", "London")
    assert "£200,000+" in out


def test_dayrate_inside(capsys):
    _, out, _ = run(capsys, "dayrate", "LLM Engineer", "Lead/Principal", "--ir35", "inside", "--json")
    data = json.loads(out)
    assert (data["low"], data["mid"], data["high"]) == (720, 870, 1020)


def test_leadership_and_premium(capsys):
    _, out, _ = run(capsys, "leadership", "Chief AI Officer", "London")
    assert "£250,000" in out and "£400,000+" in out
    _, out, _ = run(capsys, "premium", "LLM Engineer", "fine-tuning", "--json")
    assert json.loads(out)["high"] == 0.25


def test_lists(capsys):
    _, out, _ = run(capsys, "list", "levels", "LLM Engineer")
    assert out.split("\n")[:4] == ["Junior", "Mid-Level", "Senior", "Lead/Principal"]
    _, out, _ = run(capsys, "list", "regions", "--json")
    assert "Manchester" in json.loads(out)
    _, out, _ = run(capsys, "list", "stages")
    assert "Scale-up (A–C)" in out


def test_list_stages_shows_the_guides_bonus_by_stage_as_guidance(capsys):
    # 9. Startup vs Enterprise: Base Salary 70–85% / 90–100% / 100–110% market;
    # Bonus Rare / 10–20% target / 15–25% target.
    _, out, _ = run(capsys, "list", "stages")
    rows = [line.split("  ") for line in out.splitlines()[2:5]]
    rows = [[c.strip() for c in r if c.strip()] for r in rows]
    assert rows == [["Early Startup", "70–85%", "Rare"],
                    ["Scale-up (A–C)", "90–100%", "10–20% target"],
                    ["Enterprise", "100–110%", "15–25% target"]]
    assert "guidance" in out and "--bonus-rate" in out
    _, out, _ = run(capsys, "list", "stages", "--json")  # names only, as every list
    assert json.loads(out) == ["Early Startup", "Scale-up (A–C)", "Enterprise"]


def test_search_ranks_the_closest_first(capsys):
    _, out, _ = run(capsys, "search", "kubernetes", "--json")
    assert json.loads(out)[0]["name"] == "Kubernetes orchestration & Helm charts"


def test_lookup_error_exit_1_one_line(capsys):
    code, out, err = run(capsys, "band", "MLOps Engneer", "Senior")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and '"MLOps Engineer"' in err and "Traceback" not in err


def test_bad_value_exit_2(capsys):
    code, out, err = run(capsys, "band", "AI Engineer", "Senior", "--point", "7")
    assert code == 2 and out == "" and "outside 0 to 1" in err


def test_usage_error_exit_2():
    with pytest.raises(SystemExit) as e:
        main(["nonsense"])
    assert e.value.code == 2


def test_python_dash_m_runs_the_cli():
    done = subprocess.run([sys.executable, "-m", "addin", "band", "AI Engineer", "Senior", "Leeds"],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and '"Remote UK"' in done.stderr


def test_cost_breakdown_by_hand(capsys):
    code, out, _ = run(capsys, "cost", "85000", "--tax-year", "2026/27", "--json")
    data = json.loads(out)
    assert code == 0
    assert (data["salary"], data["nic"], data["total"]) == (85000, 12000, pytest.approx(98320.90))
    assert data["pension"] == pytest.approx(1320.90)


def test_cost_all_options(capsys):
    _, out, _ = run(capsys, "cost", "60000", "--tax-year", "2026/27", "--pension-rate", "0.05",
                    "--pension-basis", "full", "--benefits-rate", "0.04", "--levy", "--json")
    assert json.loads(out)["total"] == pytest.approx(73950)


def test_contract(capsys):
    _, out, _ = run(capsys, "contract", "650", "--json")
    assert json.loads(out)["annual_cost"] == 143000


def test_compare_side_by_side(capsys):
    _, out, _ = run(capsys, "compare", "AI Engineer", "Senior", "London", "--tax-year", "2026/27", "--json")
    data = json.loads(out)
    assert data["permanent"]["mid"]["salary"] == 110000
    assert data["permanent"]["mid"]["employer_cost"] == pytest.approx(127070.90)
    assert data["outside"]["high"]["annual_cost"] == 176000  # 800 x 220
    assert data["inside"]["low"]["day_rate"] == 520  # 650 x 0.80
    assert data["break_even_day_rate"]["mid"] == 577.60  # 127,070.90 / 220 = 577.595, to the penny


def test_compare_day_rate_only_role_still_prices_contractors(capsys):
    code, out, _ = run(capsys, "compare", "ML Engineer", "Senior")
    assert code == 0 and "only contractor day rates" in out and "£750" in out


def test_negative_salary_is_a_usage_error(capsys):
    code, _, err = run(capsys, "cost", "-5")
    assert code == 2 and "Invalid salary" in err


def test_money_rounds_half_up_like_excel():
    from addin.commands.display import money

    # 303,682.505 is stored as 303,682.50499...: still half a penny, rounded up as in Excel
    assert money(303682.505) == "£303,682.51" and money(2.005) == "£2.01"
    assert money(1320.9) == "£1,320.90" and money(200000, open_top=True) == "£200,000+"


def test_source_shows_edition_sources_headlines_and_rules(capsys):
    _, out, _ = run(capsys, "source")
    assert "25th to 75th percentile" in out and "IT Jobs Watch" in out
    assert "headline (Key Market Insights): Senior/Lead roles commanding: £100,000 to £150,000+" in out
    assert "rule regional:" in out


def test_a_closed_pipe_is_not_a_traceback():
    child = subprocess.Popen([sys.executable, "-m", "addin", "source"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    child.stdout.close()  # the reader goes away before the first line is written
    err = child.stderr.read().decode()
    assert child.wait() == 1
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_a_usage_error_naming_control_characters_stays_on_one_line(capsys):
    # Found by the fuzz test: argparse echoed a stray "\r\r\x1b" as typed, over three lines.
    with pytest.raises(SystemExit) as e:
        main(["cost", "85000", "--levy", "\r\r\x1b"])
    out, err = capsys.readouterr()
    assert e.value.code == 2 and out == ""
    assert err == "ukaipay: error: unrecognized arguments: \\r\\r\\x1b\n"
