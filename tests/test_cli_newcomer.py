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
