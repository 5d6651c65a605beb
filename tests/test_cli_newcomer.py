"""The command line as a newcomer meets it: README searches, terminal wording, headers,
help, and the small things of issue 12."""

import json
import re
import shlex

import pytest
from conftest import REPO

from addin.cli import main

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
