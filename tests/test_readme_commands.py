"""The newcomer's first hour: every `ukaipay` and `python` command line of the README (then of
DEVELOPING.md and MAINTAINING.md) runs as written, in order, in a fresh copy of the project and leaves no file that
git would see; the set-up lines are the ones .ci/run runs."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from addin import __version__

README = (REPO / "README.md").read_text(encoding="utf-8")
DEVELOPING = (REPO / "DEVELOPING.md").read_text(encoding="utf-8")
MAINTAINING = (REPO / "MAINTAINING.md").read_text(encoding="utf-8")
SETUP = ('python3 -m venv .venv && .venv/bin/pip install -q -e ".[dev]" && .venv/bin/ukaipay demo',
         ".venv/bin/python -m pytest")
# Timing runs of minutes, not examples: checked to exist and compile, run by hand.
TIMING = ("python benchmarks/bench_engine.py", "python benchmarks/bench_udfs.py",
          "python benchmarks/bench_budget.py", "python benchmarks/bench_recalc.py",
          "python benchmarks/bench_pyodide.py", "python benchmarks/bench_json.py")
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
    # Our L5 (mid 120,000) mapped to Senior London (mid 110,000): 120,000 / 110,000 = 1.0909.
    'ukaipay position 120000 "AI Engineer" L5 London --bands workbook/our_bands_example.csv':
        "compa-ratio    1.0000",
    "ukaipay bands --bands workbook/our_bands_example.csv": "1.0909",
    "ukaipay --version": f"ukaipay {__version__},",
}


def command_lines(markdown: str = README) -> list[str]:
    """Return a Markdown text's command lines in order: code-block lines and inline code that
    start with ukaipay, python or .venv/bin/, without their trailing comments (code blocks
    hold examples only; running text may give a synopsis, see synopsis_help)."""
    found = []
    in_fence = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
            continue
        text = line.strip()
        if (line.startswith("    ") and not in_fence) and text.startswith(("ukaipay", "python", ".venv/bin/")):
            found.append(re.sub(r"\s+#.*$", "", text))
        elif not line.startswith("    ") and not in_fence:
            found += [synopsis_help(c) for c in re.findall(r"`([^`]+)`", line)
                      if c == "ukaipay" or c.startswith(("ukaipay ", "python "))]
    return found


def synopsis_help(command: str) -> str:
    """Return ``command``, or for a synopsis in running text (a placeholder in capitals
    outside quotes, as in `ukaipay budget PLAN --strict`) the line that shows its command's
    help: a synopsis cannot run as written, but its command must exist."""
    words = re.sub(r'"[^"]*"', "", command).split()
    if command.startswith("ukaipay ") and any(re.fullmatch(r"[A-Z]{3,}(\.\w+)?", w) for w in words):
        return f"ukaipay {words[1]} --help"
    return command


def ci_commands() -> list[str]:
    """Return .ci/run's commands: continuation lines joined, comments and blank lines left out."""
    text = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    joined = re.sub(r"\\\n\s*", " ", text)
    return [line.strip() for line in joined.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def test_the_readme_has_command_lines_and_every_one_is_covered_below():
    lines = command_lines()
    # The set-up is the README's first code block of commands, its two lines together.
    first_block = re.search(r"^    (\S.*)\n    (\S.*)\n", README[README.index("## Set-up"):], re.M)
    assert [first_block[1], first_block[2]] == list(SETUP)
    assert not re.search(r"^ {4}(ukaipay|python|\.venv/bin/)", README[:README.index("## Set-up")], re.M)
    every = lines + command_lines(DEVELOPING)
    assert set(PRINTS) <= set(lines) and set(TIMING) <= set(every)


def test_the_setup_lines_are_what_ci_runs_and_ci_runs_nothing_else_of_ours():
    # The README says: `.ci/run` runs these two lines, word for word; its other lines only
    # install what the skipped tests need.
    commands = ci_commands()
    assert [c for c in commands if c in SETUP] == list(SETUP)
    runs_ours = [c for c in commands if re.search(r"\bukaipay\b|\bpytest\b", c)]
    assert runs_ours == list(SETUP), runs_ours
    shell = ("#!", "set ", "cd ", "if ", "then", "fi", "else")
    installs = ("apt-get ", "npm ci", "pip download ")
    for c in commands:
        assert c in SETUP or c.startswith(shell) or any(i in c for i in installs), c


def test_the_readme_says_which_python_and_how_to_install_from_the_folder():
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    least = re.search(r'^requires-python = ">=(\d+\.\d+)"', pyproject, re.M)[1]
    setup = README[README.index("## Set-up"):README.index("## Command line")]
    assert f"Python {least} or later" in setup
    # Not on a package index: install from the project folder.
    assert "`pip install .`" in setup and '`pip install -e ".[pandas]"`' in setup
    assert not re.search(r'pip install "?ukaipay\[', README)


def test_the_excel_route_is_the_first_screen_in_the_order_the_user_meets_it():
    first_screen = " ".join(" ".join(README.splitlines()[:45]).split())  # words, not lines
    steps = ["workbook/headcount_budget_template.xlsx", "xlwings Lite", "free",
             "add-in store", "trust", "ready", "#NAME?", "refresh_functions", "price_plan",
             "values", "time it was"]
    at = [first_screen.find(s) for s in steps]
    assert -1 not in at and at == sorted(at), dict(zip(steps, at))
    assert "DEVELOPING.md#what-is-proven-and-what-is-not" in first_screen
    assert "## What is proven and what is not" in DEVELOPING
    from addin.packaging import lite

    scripts = re.findall(r"@(?:xw\.)?script\b[^\n]*\n(?:async )?def (\w+)", lite.main_py())
    assert {"refresh_functions", "price_plan"} <= set(scripts)


def test_the_readme_s_python_blocks_are_the_example_files_as_they_are():
    blocks = re.findall(r"^```python\n(.*?)^```", README, re.M | re.S)
    files = [(REPO / "examples" / name).read_text(encoding="utf-8")
             for name in ("api_example.py", "notebook_example.py")]
    bodies = [code.split('"""', 2)[2].strip() + "\n" for code in files]
    assert blocks and all(block in bodies for block in blocks)


def test_maintaining_md_has_its_checklists_command_lines_and_is_linked():
    lines = command_lines(MAINTAINING)
    assert "python -m pytest tests/test_layers.py -q" in lines
    assert any(line.startswith("python tests/copy_year_forward.py") for line in lines)
    assert "python -m addin template -o workbook/headcount_budget_template.xlsx --force" in lines
    for checklist in ("Add a tax year", "Add a Plan column", "Add an Excel function",
                      "Add a guide edition"):
        assert f"## {checklist}\n" in MAINTAINING
    assert "](MAINTAINING.md)" in README and "](MAINTAINING.md)" in DEVELOPING
    # every test file the page names exists
    for name in set(re.findall(r"tests/[\w/]+\.py", MAINTAINING)):
        assert (REPO / name).is_file(), name


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
        "*.xlsx.tmp", "node_modules", "wheels"))
    # What is beside this clone is beside the copy: MAINTAINING.md's guide comparisons read
    # the guide's text from ../shared, and fail under CI=true without it.
    if (REPO.parent / "shared").is_dir():
        (folder.parent / "shared").symlink_to(REPO.parent / "shared")
    return folder


def files_git_would_show(folder: Path) -> set[str]:
    """Return the files under ``folder`` that are neither tracked nor ignored by its .gitignore."""
    if not (folder / ".git").exists():
        subprocess.run(["git", "init", "-q", str(folder)], check=True)
    out = subprocess.run(["git", "-C", str(folder), "status", "--porcelain", "--untracked-files=all"],
                         capture_output=True, text=True, check=True).stdout
    return {line[3:] for line in out.splitlines()}


def test_every_command_line_runs_as_written_in_order_and_leaves_nothing_git_would_see(fresh_copy):
    # `ukaipay` and `python` are this environment's, as after the README's set-up.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    before = files_git_would_show(fresh_copy)
    ran = []
    for line in command_lines() + command_lines(DEVELOPING) + command_lines(MAINTAINING):
        if line in SETUP or line in TIMING:
            continue
        # A checklist's test run: its tests are the suite's own, which runs them; here the
        # line is proven to name test files pytest collects, without running them twice.
        run = f"{line} --collect-only" if line.startswith("python -m pytest tests/") else line
        out = subprocess.run(["bash", "-c", run], cwd=fresh_copy, env=env, capture_output=True,
                             text=True, timeout=300)
        assert out.returncode == 0, f"{line}\n{out.stderr}"
        assert PRINTS.get(line, "") in out.stdout, f"{line}\n{out.stdout}"
        ran.append(line)
    # What they wrote went into ignored folders: none in the root, none among the sources.
    assert files_git_would_show(fresh_copy) - before == set()
    assert (fresh_copy / "demo" / "report.xlsx").is_file()
    assert (fresh_copy / "demo" / "my_budget.xlsx").is_file()
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
    assert "half a minute" in setup and "about four minutes" in setup and "not a hang" in setup
    assert "apt-get install libreoffice-calc-nogui" in setup
    assert "Node.js" in setup and "guide's text" in setup
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^addopts = ".*-r[a-zA-Z]*s', pyproject, re.M)  # skip reasons in the summary
    assert "libreoffice-calc-nogui" in (REPO / "tests" / "test_libreoffice.py").read_text(encoding="utf-8")


def slug(heading: str) -> str:
    """Return the anchor GitHub gives a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_of_the_readme_developing_md_and_maintaining_md_leads_somewhere():
    texts = {"README.md": README, "DEVELOPING.md": DEVELOPING, "MAINTAINING.md": MAINTAINING}
    anchors = {name: {slug(h) for h in re.findall(r"^#+ (.*)$", text, re.M)}
               for name, text in texts.items()}
    for name, text in texts.items():
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if target.startswith("http"):
                continue
            path, _, anchor = target.partition("#")
            assert (REPO / (path or name)).exists(), (name, target)
            if anchor:
                assert anchor in anchors[path or name], (name, target)


def test_a_synopsis_in_running_text_is_checked_by_its_command_s_help():
    assert synopsis_help("ukaipay budget PLAN --strict") == "ukaipay budget --help"
    assert synopsis_help("ukaipay upgrade OLD.xlsx -o NEW.xlsx") == "ukaipay upgrade --help"
    assert synopsis_help('ukaipay band "LLM Engineer" Senior') == 'ukaipay band "LLM Engineer" Senior'
    assert command_lines("Run `ukaipay budget PLAN --strict` in a script.") == ["ukaipay budget --help"]
