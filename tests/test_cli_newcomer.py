"""The command line as a newcomer meets it: README searches, terminal wording, headers,
help, and the small things of issue 12."""

import json
import re
import shlex

import pytest
from conftest import REPO, edition_title

from addin import __version__
from addin.commands.cli import main

# The first result each README search should give, worked out by reading the guide.
README_SEARCHES = {
    "kubernets": ("skill (MLOps Engineer)", "Kubernetes orchestration & Helm charts"),
}


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def readme_searches():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return [shlex.split(m)[2] for m in re.findall(r"^\s*(ukaipay search [^#\n]+)", readme, re.M)]


def test_every_readme_search_has_an_expected_first_result():
    assert readme_searches() and set(readme_searches()) <= set(README_SEARCHES)


@pytest.mark.parametrize("text", sorted(README_SEARCHES))
def test_readme_search_gives_the_expected_first_result(capsys, text):
    _, out, _ = run(capsys, "search", text, "--json")
    first = json.loads(out)[0]
    assert (first["kind"], first["name"]) == README_SEARCHES[text]


def test_search_matches_a_typo_against_a_word_of_a_long_name(capsys):
    _, out, _ = run(capsys, "search", "fintuning", "--json")
    assert json.loads(out)[0]["name"] == "LLM fine-tuning (LoRA, QLoRA, RLHF)"


def test_search_scores_the_whole_name_above_one_of_its_words(capsys):
    _, out, _ = run(capsys, "search", "senior", "--json")
    hits = json.loads(out)
    assert hits[0] == {"kind": "level", "name": "Senior", "score": 1.0}


@pytest.mark.parametrize("argv, command", [
    (["band", "ml engineer", "senior", "london"], '`ukaipay dayrate "ML Engineer" LEVEL`'),
    (["band", "Director of AI", "Senior"], '`ukaipay leadership "Director of AI" [REGION]`'),
    (["leadership", "AI Engineer"], '`ukaipay band "AI Engineer" LEVEL [REGION]`'),
    (["band", "AI Engineer", "Sen"], '`ukaipay list levels "AI Engineer"`'),
    (["band", "AIEngg", "Senior"], "`ukaipay list roles`"),
])
def test_terminal_errors_name_the_command_not_the_excel_function(capsys, argv, command):
    code, _, err = run(capsys, *argv)
    assert code == 1 and command in err
    assert not re.search(r"\b(DAYRATE|LEADERSHIP_BAND|SALARY_BAND|GUIDE_[A-Z]+)\b", err)


def test_excel_wording_of_the_same_error_names_the_function():
    from addin import NotInGuideError, salary_band

    with pytest.raises(NotInGuideError) as e:
        salary_band("ML Engineer", "Senior", "London")
    assert str(e.value).endswith("no salary table: use DAYRATE.")
    assert e.value.render("cli").endswith('no salary table: use `ukaipay dayrate "ML Engineer" LEVEL`.')


def test_dayrate_with_years_says_so_once(capsys):
    code, _, err = run(capsys, "dayrate", "LLM Engineer", "5")
    assert code == 2
    assert err.count("Mid-Level") == 1 and "not years (5)" in err


def test_unknown_dayrate_level_lists_the_levels_once(capsys):
    code, _, err = run(capsys, "dayrate", "LLM Engineer", "Expert")
    assert code == 1 and err.count("Lead/Principal") == 1


# Item 5: the header names what the guide matched; the typed input only where it differs.
def header(out):
    return out.splitlines()[2].split("  ")[0]


def test_band_header_shows_the_matched_names(capsys):
    _, out, _ = run(capsys, "band", "ai eng", "2.5", "uk")
    assert header(out) == "AI Engineer / Mid-Level / UK National"  # 2 to 4 years is Mid-Level
    assert 'matched "ai eng" = AI Engineer, 2.5 years = Mid-Level, "uk" = UK National' in out


def test_header_leaves_out_input_that_only_differs_in_case(capsys):
    _, out, _ = run(capsys, "band", "ai engineer", "SENIOR", "london")
    assert header(out) == "AI Engineer / Senior / London" and "matched" not in out


def test_dayrate_and_leadership_headers_show_matched_names(capsys):
    _, out, _ = run(capsys, "dayrate", "llm engineer", "lead", "--ir35", "inside")
    assert header(out) == "LLM Engineer / Lead/Principal / inside IR35"
    _, out, _ = run(capsys, "leadership", "director of ai", "uk national")
    assert header(out) == "Director of AI / UK"


# Item 6: version, bare help, examples, help on every argument, --point, estimate.
def test_version_names_package_and_guide_edition(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--version"])
    out = capsys.readouterr().out
    assert e.value.code == 0 and f"ukaipay {__version__}," in out and edition_title() in out


def test_bare_command_prints_help_with_examples(capsys):
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    assert out.startswith("usage: ukaipay") and 'ukaipay band "AI Engineer" Senior London' in out


def test_every_argument_has_help_text():
    from addin.commands.cli import parser

    sub = next(a for a in parser()._actions if a.dest == "command")
    for name, command in sub.choices.items():
        assert command.epilog and command.epilog.startswith("example:"), name
        for action in command._actions:
            assert action.help, f"{name} {action.dest}"


def test_leadership_and_premium_take_a_point(capsys):
    _, out, _ = run(capsys, "leadership", "Director of AI", "London", "--point", "0.25", "--json")
    assert json.loads(out)["point"] == 190000  # 170,000 + 0.25 x 80,000
    _, out, _ = run(capsys, "premium", "LLM Engineer", "RAG", "--point", "mid", "--json")
    assert json.loads(out)["point"] == 0.175  # +15% to +20%: fractions keep their digits


def test_estimate_command_gives_the_readme_estimate(capsys):
    # LLM Engineer Senior London 110,000 to 150,000; RAG +15-20%, fine-tuning +15-25%;
    # Scale-up 90-100%: 110,000 x 1.30 x 0.9 = 128,700 to 150,000 x 1.45 = 217,500.
    code, out, _ = run(capsys, "estimate", "LLM Engineer", "Senior", "London",
                       "--skills", "RAG, fine-tuning", "--stage", "Scale-up", "--json")
    assert code == 0 and json.loads(out)["mid"] == 173100
    _, out, _ = run(capsys, "estimate", "LLM Engineer", "Senior", "London", "--skills", "RAG")
    assert "modelled" in out and header(out) == "LLM Engineer / Senior / London"


# Item 7: compare keeps the open top and says what it compares.
def test_compare_keeps_the_open_top_and_names_what_it_compares(capsys):
    _, out, _ = run(capsys, "compare", "llm engineer", "lead", "london", "--tax-year", "2026")
    first = out.splitlines()[0]
    assert first.startswith("LLM Engineer / Lead/Principal / London") and "tax year 2026/27" in first
    assert "£200,000+" in out


# Item 8: pennies in JSON, rate hints, no unasked report.
def test_json_money_is_rounded_to_pennies(capsys):
    _, out, _ = run(capsys, "contract", "600.3", "--days", "3.3", "--json")
    assert '"annual_cost": 1980.99}' in out  # 600.3 x 3.3 = 1,980.99, not 1980.9899999999998
    _, out, _ = run(capsys, "cost", "70000", "--tax-year", "2026/27", "--json")
    assert "99999" not in out and "00000" not in out


@pytest.mark.parametrize("argv, said", [
    (["contract", "650", "--fee-rate", "15"], 'fee rate "15": must be a fraction from 0 to 1 (15% is 0.15)'),
    (["cost", "50000", "--pension-rate", "5"], "(5% is 0.05)"),
])
def test_a_percentage_typed_for_a_rate_is_explained(capsys, argv, said):
    code, _, err = run(capsys, *argv)
    assert code == 2 and said in err


def test_budget_json_writes_a_report_only_when_asked(capsys, tmp_path):
    plan = tmp_path / "plan.csv"
    plan.write_text("ID,Team,Role,Level,Location,Type,IR35,Start,End,FTE,Skills,Override rate,"
                    "Status,Notes\nP1,AI,AI Engineer,Senior,London,Permanent,,2026-10-01,,,,,Open,\n",
                    encoding="utf-8")
    code, out, _ = run(capsys, "budget", str(plan), "--json")
    assert code == 0 and list(tmp_path.iterdir()) == [plan]
    assert json.loads(out)["rows"][0]["Annual cost"] == 127070.90  # 110,000 + NIC + pension
    code, _, _ = run(capsys, "budget", str(plan), "--json", "-o", str(tmp_path / "r.xlsx"))
    assert code == 0 and (tmp_path / "r.xlsx").is_file()
