"""The command line reads the same thing the same way on every command (issue 16, section 6):
one name for the agency fee, --levy as a switch or yes/no, money and rates as people type
them, --json before or after the command.

2026/27 figures: employer NIC 15% over £5,000; pension 3% of qualifying earnings £6,240 to
£50,270 (85,000 is above the top: 3% x 44,030 = £1,320.90); levy 0.5%.
"""

import json

import pytest

from addin.commands.cli import main

# £85,000: NIC (85,000 - 5,000) x 15% = 12,000; total 85,000 + 12,000 + 1,320.90 = 98,320.90.
COST_85K = 98320.90
# With the levy, 0.5% x 85,000 = 425 more: 98,745.90.
COST_85K_LEVY = 98745.90
# A 15% bonus: 85,000 + 12,750 + NIC (97,750 - 5,000) x 15% = 13,912.50 + 1,320.90 = 112,983.40.
COST_85K_BONUS = 112983.40
# £662.50 a day inside IR35, 220 days = 145,750 of fees; + NIC 15% + levy 0.5% + agency 10%:
# 145,750 x 1.255 = 182,916.25.
INSIDE_LEVY_FEE = 182916.25


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def total(capsys, *argv) -> float:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    data = json.loads(out)
    return data.get("total", data.get("annual_cost"))


@pytest.mark.parametrize("salary", ["85000", "£85,000", "85,000", "85k", "85K", " £85,000 "])
def test_cost_reads_money_as_people_type_it(capsys, salary):
    assert total(capsys, "cost", salary) == pytest.approx(COST_85K, abs=0.005)


@pytest.mark.parametrize("rate", ["0.15", "15%", " 15 % "])
def test_cost_reads_a_bonus_rate_as_budget_does(capsys, rate):
    assert total(capsys, "cost", "85000", "--bonus-rate", rate) == pytest.approx(COST_85K_BONUS, abs=0.005)


@pytest.mark.parametrize("levy", [["--levy"], ["--levy", "yes"], ["--levy", "Yes"], ["--levy=yes"],
                                  ["--levy", "TRUE"]])
def test_levy_is_a_switch_and_takes_yes_or_no_on_cost(capsys, levy):
    assert total(capsys, "cost", "85000", *levy) == pytest.approx(COST_85K_LEVY, abs=0.005)
    # the bare switch before the salary does not swallow it
    assert total(capsys, "cost", *levy[:1], "85000") == pytest.approx(COST_85K_LEVY, abs=0.005)


def test_levy_no_means_no(capsys):
    assert total(capsys, "cost", "85000", "--levy", "no") == pytest.approx(COST_85K, abs=0.005)
    assert total(capsys, "cost", "85000", "--levy=No") == pytest.approx(COST_85K, abs=0.005)


@pytest.mark.parametrize("fee", [["--agency-fee", "10%"], ["--agency-fee", "0.1"], ["--fee-rate", "0.1"],
                                 ["--fee-rate=10%"]])
@pytest.mark.parametrize("levy", [["--levy"], ["--levy", "yes"]])
def test_contract_agency_fee_by_either_name_and_levy_either_way(capsys, fee, levy):
    got = total(capsys, "contract", "£662.50", "--ir35", "inside", *levy, *fee)
    assert got == pytest.approx(INSIDE_LEVY_FEE, abs=0.005)


def test_compare_takes_the_same_names(capsys):
    code, out, _ = run(capsys, "compare", "AI Engineer", "Senior", "London", "--levy", "--agency-fee",
                       "15%", "--json")
    assert code == 0
    data = json.loads(out)
    # AI Engineer Senior inside IR35 at mid: £600 a day; 600 x 220 = 132,000 x (1 + 0.155 + 0.15)
    # = 172,260.
    assert data["fee_rate"] == 0.15 and data["inside"]["mid"]["annual_cost"] == pytest.approx(172260)
    code, out2, _ = run(capsys, "compare", "AI Engineer", "Senior", "London", "--levy", "yes",
                        "--fee-rate", "0.15", "--json")
    assert json.loads(out2) == data


@pytest.mark.parametrize("command", ["contract", "compare", "budget"])
def test_help_names_the_agency_fee_and_its_alias(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--agency-fee RATE, --fee-rate RATE" in out and "--levy [yes|no]" in out


INSIDE = ("ID,Team,Role,Level,Location,Type,IR35,Start,End,FTE,Skills,Override rate,Status,Notes\n"
          "C1,Data,LLM Engineer,Senior,,Contractor,Inside,2026-04-01,,,,662.50,Open,\n")


@pytest.mark.parametrize("options", [["--levy", "--agency-fee", "10%"], ["--levy", "yes", "--fee-rate", "0.1"],
                                     ["--levy=yes", "--agency-fee", "0.1"]])
def test_budget_takes_the_same_forms(capsys, tmp_path, options):
    plan = tmp_path / "plan.csv"
    plan.write_text(INSIDE, encoding="utf-8")
    code, out, err = run(capsys, "budget", plan, *options, "--json")
    assert code == 0, err
    # the row runs the whole fiscal year: its FY cost is its annual cost
    assert json.loads(out)["summary"]["fy_cost"] == pytest.approx(INSIDE_LEVY_FEE, abs=0.005)
    # a bare --levy before the plan does not take the plan's name
    code, out, err = run(capsys, "budget", "--levy", plan, "--agency-fee", "10%", "--json")
    assert code == 0 and json.loads(out)["summary"]["fy_cost"] == pytest.approx(INSIDE_LEVY_FEE, abs=0.005)


@pytest.mark.parametrize("argv", [["--json", "band", "AI Engineer", "Senior", "London"],
                                  ["band", "--json", "AI Engineer", "Senior", "London"],
                                  ["band", "AI Engineer", "Senior", "London", "--json"]])
def test_json_before_or_after_the_command(capsys, argv):
    code, out, _ = run(capsys, *argv)
    # AI Engineer, Senior, London: £95,000 to £125,000, mid £110,000 (guide, section 3)
    assert code == 0 and (json.loads(out)["low"], json.loads(out)["high"]) == (95000, 125000)


def test_json_before_the_command_holds_for_cost(capsys):
    code, out, _ = run(capsys, "--json", "cost", "85k")
    assert code == 0 and json.loads(out)["total"] == pytest.approx(COST_85K, abs=0.005)


@pytest.mark.parametrize("argv, words", [
    (["cost", "85kk"], 'Invalid salary "85kk": must be a sum of money such as 85000, £85,000 or 85k.'),
    (["cost", "£85,00"], 'Invalid salary "£85,00": must be a sum of money'),
    (["cost", "85000", "--bonus-rate", "15pc"], 'Invalid bonus rate "15pc": must be a number.'),
    (["cost", "85000", "--bonus-rate", "15"], "15% is 0.15"),
    # typed as a percentage, it cannot be the 15-for-15% slip: no "150% is 1.5" hint
    (["cost", "85000", "--bonus-rate", "150%"], 'Invalid bonus rate "150%": must be from 0% to 100%.'),
    (["contract", "650", "--agency-fee", "ten"], 'Invalid agency fee rate "ten"'),
    (["cost", "85000", "--levy", "perhaps"], '"perhaps" must be Yes or No.'),
])
def test_bad_money_rates_and_switches_are_one_line_of_our_own(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err.startswith("ukaipay: ") and words in err
    assert err.count("\n") == 1 and "invalid float value" not in err
