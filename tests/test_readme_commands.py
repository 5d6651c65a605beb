"""The newcomer's first hour: every `ukaipay` and `python` command line of the README runs
as written, in order, in a fresh copy of the project; the set-up lines are .ci/run's."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SETUP = ('python3 -m venv .venv && .venv/bin/pip install -q -e ".[dev]" && .venv/bin/ukaipay demo',
         ".venv/bin/python -m pytest")
# Timing runs of minutes, not examples: checked to exist and compile, run by hand.
TIMING = ("python benchmarks/bench_engine.py", "python benchmarks/bench_udfs.py",
          "python benchmarks/bench_budget.py", "python benchmarks/bench_pyodide.py")
# What some lines must print (by hand from the guide), beyond exiting 0.
PRINTS = {
    'ukaipay band "AI Engineer" Senior London --point 0.25': "at 0.25: £102,500",
    'ukaipay band "MLOps Engineer" 5': "MLOps Engineer / Senior / UK National  £75,000",
    'ukaipay dayrate "LLM Engineer" Lead --ir35 inside': "£720  £870  £1,020",
    'ukaipay leadership "Director of AI" London': "£170,000  £210,000  £250,000",
    'ukaipay premium "LLM Engineer" fine-tuning': "15%  20%  25%",
    'ukaipay search kubernets': "Kubernetes orchestration & Helm charts",
    'ukaipay cost 85000 --tax-year 2026/27': "£98,320.90",
    'ukaipay contract 650 --days 220 --agency-fee 15%': "£164,450 a year",  # 650 x 220 x 1.15
    'ukaipay cost £85,000 --tax-year 2026/27 --bonus-rate 15%': "£112,983.40",  # see test_costs
    'ukaipay contract 662.50 --ir35 inside --tax-year 2026/27': "£167,612.50 a year (£761.88 a day)",
    'ukaipay compare "AI Engineer" Senior London': "tax year 2026/27",
    "ukaipay --version": "ukaipay 0.1.0",
}


def command_lines() -> list[str]:
    """Return the README's command lines in order: code-block lines and inline code that
    start with ukaipay, python or .venv/bin/, without their trailing comments."""
    found = []
    in_fence = False
    for line in README.splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
            continue
        text = line.strip()
        if (line.startswith("    ") and not in_fence) and text.startswith(("ukaipay", "python", ".venv/bin/")):
            found.append(re.sub(r"\s+#.*$", "", text))
        elif not line.startswith("    ") and not in_fence:
            found += [c for c in re.findall(r"`([^`]+)`", line)
                      if c == "ukaipay" or c.startswith(("ukaipay ", "python "))]
    return found


def test_the_readme_has_command_lines_and_every_one_is_covered_below():
    lines = command_lines()
    assert lines[:2] == list(SETUP)
    assert set(PRINTS) <= set(lines) and set(TIMING) <= set(lines)


def test_the_setup_lines_are_what_ci_runs():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert [line for line in ci if line in SETUP] == list(SETUP)


def test_the_timing_scripts_exist_and_compile():
    for line in TIMING:
        script = REPO / line.split()[1]
        compile(script.read_text(encoding="utf-8"), str(script), "exec")


@pytest.fixture(scope="module")
def fresh_copy(tmp_path_factory):
    """The project's files as a fresh clone has them: no venv, no demo, no build output."""
    folder = tmp_path_factory.mktemp("clone") / "ukaipay"
    shutil.copytree(REPO, folder, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "demo", "dist", "build", "__pycache__", "*.egg-info", ".pytest_cache",
        "*.xlsx.tmp"))
    for stale in ("my_budget.xlsx", "report.xlsx", "headcount_budget_template.xlsx"):
        (folder / stale).unlink(missing_ok=True)
    return folder


def test_every_readme_command_line_runs_as_written_in_order(fresh_copy):
    # `ukaipay` and `python` are this environment's, as after the README's set-up.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    ran = []
    for line in command_lines()[len(SETUP):]:
        if line in TIMING:
            continue
        out = subprocess.run(["bash", "-c", line], cwd=fresh_copy, env=env, capture_output=True,
                             text=True, timeout=300)
        assert out.returncode == 0, f"{line}\n{out.stderr}"
        assert PRINTS.get(line, "") in out.stdout, f"{line}\n{out.stdout}"
        ran.append(line)
    assert (fresh_copy / "report.xlsx").is_file() and (fresh_copy / "my_budget.xlsx").is_file()
    assert list((fresh_copy / "tests" / "pyodide" / "wheels").glob("xlwings-*.whl"))
    assert len(ran) >= len(PRINTS)


def test_the_readme_sample_output_is_what_the_command_prints():
    block = re.search(r"^    \$ (ukaipay .*)\n((?:    .*\n)+)", README, re.M)
    command, shown = block[1], [line[4:] for line in block[2].splitlines()]
    out = subprocess.run([sys.executable, "-m", "addin", *__import__("shlex").split(command)[1:]],
                         capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == shown


def test_readme_says_how_long_setup_takes_and_what_the_skipped_tests_need():
    setup = README[README.index("## Set-up"):README.index("## Command line")]
    assert "half a minute" in setup and "about a" in setup and "not a hang" in setup
    assert "apt-get install libreoffice-calc-nogui" in setup
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^addopts = ".*-r[a-zA-Z]*s', pyproject, re.M)  # skip reasons in the summary
    assert "libreoffice-calc-nogui" in (REPO / "tests" / "test_libreoffice.py").read_text(encoding="utf-8")
