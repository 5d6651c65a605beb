"""Fuzz the command line over every subcommand: every run exits 0, 1 or 2 and prints one
clear line on failure, never a traceback (in process for speed, plus a few real processes)."""

import atexit
import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from conftest import TINY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addin.commands.cli import main, parser
from addin.packaging import template_file
from addin.planning import plan_csv

HEADER = "ID,Team,Role,Level,Location,Type,IR35,Start,End,FTE,Skills,Override rate,Status,Notes\n"
P1 = "P1,Applied AI,AI Engineer,Senior,London,Permanent,,2026-10-01,,,,,Open,\n"
FOLDER = Path(tempfile.mkdtemp(prefix="ukaipay_fuzz_"))
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)


def _plans() -> list[str]:
    """Plan files good and bad, made once for the whole module."""
    made = {
        "good.csv": HEADER + P1,
        "quote.csv": HEADER + P1 + 'P2,"Data,AI Engineer\n' + P1,
        "nul.csv": HEADER + P1.replace("Open", "O\x00pen"),
        "dup.csv": HEADER.replace("Notes", "Team") + P1,
        "empty.csv": "",
        "noinputs.csv": HEADER + "P9,Data,,,,,,,,,,,Open,\n",
        "weird.csv": HEADER + "P1,Data,AI Engineer,2019,London,Contractor\u00a0,,2026-10-01,,1_0,,1e308,,\n",
        "text.xlsx": "not a zip",
        "plan.xls": "old",
        "bands.csv": "Role,Level,Guide level,Region,Min,Mid,Max\n"
                     "AI Engineer,L5,Senior,London,100000,120000,140000\n",
        "bands_bad.csv": "Role,Level,Min,Mid,Max\nAI Engineer,Senior,3,2,1\n",
    }
    for name, text in made.items():
        (FOLDER / name).write_text(text, encoding="utf-8")
    (FOLDER / "latin1.csv").write_bytes((HEADER + P1).encode() + b"\xa3\n")
    (FOLDER / "secret.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    rows, a = plan_csv.demo_plan()
    template_file.write_template(FOLDER / "demo.xlsx", rows[:5], a)
    data = (FOLDER / "demo.xlsx").read_bytes()
    (FOLDER / "cut.xlsx").write_bytes(data[: len(data) // 2])
    (FOLDER / "folder.csv").mkdir()
    return [str(FOLDER / n) for n in (*made, "latin1.csv", "secret.xlsx", "demo.xlsx", "cut.xlsx",
                                      "folder.csv", "missing.csv")]


PLANS = _plans()
ROLES = ["AI Engineer", "LLM Engineer", "Head of AI", "Director of AI", "CAIO", "ai eng", ""]
LEVELS = ["Senior", "Lead", "Junior", "5", "-1", "2019", "46296", "1e308", "nan", "Staff/Principal",
          "L5"]
REGIONS = ["London", "UK National", "Manchester", "Remote", "Mars"]
NUMBERS = ["85000", "0", "-5", "1e308", "inf", "nan", "1_0", "9" * 400, "0.5", "abc", "",
           "£85,000", "85k", "1.5m", "85,00", "£", "k"]
MONEY = NUMBERS + ["1e12", "1000000000"]  # salaries and day rates, the £1bn ceiling among them
WEIRD = st.one_of(st.text(max_size=8), st.sampled_from(["\u00a3", "\u2013", "\x00", "-", "--", "=1+1",
                                                         "\udcff", "x" * 300]))
OUTS = ["-", str(FOLDER / "out.xlsx"), str(FOLDER), str(FOLDER / "no" / "x.xlsx"), PLANS[0],
        str(FOLDER / "demo.xlsx"), str(FOLDER / "good.csv")]


def pick(values):
    return st.one_of(st.sampled_from(values), WEIRD)


OPTIONS = {
    "--point": pick(["low", "mid", "high", "0.25", "2", "-1"]),
    "--ir35": pick(["inside", "outside"]),
    "--tax-year": pick(["2026/27", "2027/28", "2025-26", "1999/00"]),
    "--pension-rate": pick(NUMBERS), "--pension-basis": pick(["qualifying", "full"]),
    "--benefits-rate": pick(NUMBERS), "--days": pick(["220", "0", "366", "-1", "1e9"]),
    "--fee-rate": pick(NUMBERS), "--fy-start": pick(["2026-04-01", "9999-12-01", "2026-04-02", "0001-01-01"]),
    "--scenario": pick(["Low", "Mid", "High", "0.5", "7"]), "--levy": pick(["yes", "no", "maybe"]),
    "--claim-ea": pick(["yes", "no", "TRUE"]), "--agency-fee": pick(NUMBERS), "--company": WEIRD,
    "--bonus-rate": pick(NUMBERS + ["15%", "15 %", "%"]),
    "--skills": pick(["RAG, fine-tuning", "K8s", "RAG,RAG", ","]),
    "--stage": pick(["Scale-up", "Seed", "Big Tech", "moon"]),
    "--bands": st.sampled_from([str(FOLDER / n) for n in ("bands.csv", "bands_bad.csv",
                                                          "empty.csv", "text.xlsx", "none.csv")]),
    "--price-from": pick(["ours", "Market", "theirs"]),
    "--data": pick([str(TINY), str(FOLDER), str(FOLDER / "missing"), PLANS[0]]),
}
# Edition folders: `data copy` writes one, so its folders are drawn from these only (never
# typed text, which would make a folder wherever the tests run).
EDITIONS = [str(TINY), str(FOLDER), str(FOLDER / "edition"), str(FOLDER / "missing"), PLANS[0]]
COMMANDS = {
    "band": ([ROLES, LEVELS, REGIONS], ["--point", "--bands", "--data"]),
    "bands": ([], ["--bands"]),
    "dayrate": ([ROLES, LEVELS], ["--ir35", "--point"]),
    "leadership": ([ROLES, REGIONS], []),
    "premium": ([ROLES, ["RAG", "fine-tuning", "K8s", "none"]], []),
    "estimate": ([ROLES, LEVELS, REGIONS], ["--skills", "--stage", "--point"]),
    "position": ([MONEY, ROLES, LEVELS, REGIONS], ["--ir35", "--bands"]),
    "list": ([["roles", "levels", "regions", "skills", "stages", "x"], ROLES], []),
    "search": ([["kubernets", "ai", ""]], []),
    "source": ([], ["--data"]),
    "data": ([["check", "copy"], EDITIONS], ["--data"]),
    "compare-editions": ([["bundled", *EDITIONS], ["bundled", *EDITIONS], ROLES], []),
    "cost": ([MONEY], ["--tax-year", "--pension-rate", "--pension-basis", "--benefits-rate", "--levy",
                       "--bonus-rate"]),
    "contract": ([MONEY], ["--days", "--fee-rate", "--agency-fee", "--levy"]),
    "compare": ([ROLES, LEVELS, REGIONS], ["--days", "--tax-year", "--pension-rate", "--bands"]),
    "lite": ([PLANS], []),
    "upgrade": ([PLANS], []),
    "budget": ([PLANS], ["--fy-start", "--tax-year", "--scenario", "--pension-rate", "--levy",
                         "--days", "--agency-fee", "--claim-ea", "--company", "--benefits-rate",
                         "--bands", "--price-from"]),
}


@st.composite
def command_line(draw):
    name = draw(st.sampled_from(sorted(COMMANDS)))
    positional, options = COMMANDS[name]
    argv = [name]
    drawn = name in ("budget", "data")  # every positional, drawn from the list only
    for values in positional[:draw(st.integers(0, len(positional)))] if not drawn else positional:
        argv.append(draw(pick(values)) if not drawn else draw(st.sampled_from(values)))
    if draw(st.booleans()):
        argv.append("--json")
    for option in draw(st.lists(st.sampled_from(options), max_size=3, unique=True)) if options else []:
        argv += [option, draw(OPTIONS[option])]
    if name in ("budget", "upgrade"):
        argv += ["-o", draw(st.sampled_from(OUTS))]
    return argv


def run_in_process(argv):
    out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    err = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as e:  # argparse's usage errors
            code = e.code
        out.flush(), err.flush()
    return code, err.buffer.getvalue().decode("ascii")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command_line())
def test_no_command_line_gives_a_traceback(argv):
    code, err = run_in_process(argv)
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err and "unexpected error" not in err, (argv, err)
    if code:
        assert err.strip() and len(err.strip().splitlines()) <= 2, (argv, err)  # usage + error


def test_the_fuzz_covers_every_subcommand():
    assert set(COMMANDS) | {"template", "demo"} == set(parser()._subparsers._group_actions[0].choices)


def test_template_and_demo_over_awkward_targets(tmp_path):
    for argv in (["template", "-o", str(tmp_path)], ["template", "-o", PLANS[0]],
                 ["template", "-o", str(FOLDER / "demo.xlsx")], ["demo", "--out", PLANS[0]],
                 ["template", "-o", str(tmp_path / "t.xlsx"), "--json"],
                 ["demo", "--out", str(tmp_path / "d"), "--json"]):
        code, err = run_in_process(argv)
        assert code in (0, 2) and "Traceback" not in err and "unexpected" not in err, (argv, err)


def test_real_processes_exit_cleanly(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    for argv in (["budget", PLANS[1], "-o", "-"], ["budget", str(FOLDER / "cut.xlsx")],
                 ["budget", str(FOLDER / "weird.csv"), "-o", "-", "--json"],
                 ["band", "\u00a3", "Senior", "--json"], ["template", "-o", str(tmp_path)],
                 ["demo", "--out", str(tmp_path / "demo")], ["source"]):
        p = subprocess.run([sys.executable, "-m", "addin", *argv], capture_output=True, env=env,
                           text=True, errors="replace")
        assert p.returncode in (0, 1, 2) and "Traceback" not in p.stderr, (argv, p.stderr)


def test_an_error_is_one_line_whatever_was_typed():
    code, err = run_in_process(["cost", "85000", "--tax-year", "20\r\n26/27\x1e"])
    assert code == 1 and err.count("\n") == 1 and "\r" not in err and "\x1e" not in err


def test_a_list_from_a_second_double_dash_is_a_usage_error():
    code, err = run_in_process(["band", "AI Engineer", "--", "--"])
    assert code == 2 and "expected one value" in err
