"""Benchmark: the template's main.py in Pyodide, called as xlwings Lite calls it, as ratios.

Run: python benchmarks/bench_pyodide.py [RUNS] [--chromium]
(needs tests/pyodide set up, see README; --chromium runs the same in headless Chromium)

Every figure is a ratio of two timings taken side by side in the same fresh runtime, so the
load on a shared machine cancels out (median over RUNS fresh runtimes, default 3):

- main.py's import as a share of Lite's own start, Pyodide boot plus xlwings import
  (target: at most 5%);
- a warm SALARY_BAND call (median of 200) against an identity function's: the identity
  takes its arguments raw, as SALARY_BAND does, so both pass the same xlwings conversion
  (target: at most 1.5x);
- a 1,000-row SALARY_BAND column (median of 5) against the identity's 1,000-row column;
- the price_plan script on the demo plan (27 rows), against the tests' stand-in for Excel,
  in ms (no baseline: it is the time a user waits for the priced sheets).

The identity is appended to main.py, so it runs in the same module as the real functions.
The calls alternate (SALARY_BAND, identity, SALARY_BAND, ...) so that drift hits both.
In Chromium a page's clock ticks in steps of 0.1 ms (reduced timer precision), so a warm
call's ratio there is coarse; Node's clock is not reduced.
"""

import contextlib
import io
import json
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tests" / "pyodide"))

import lite_runtimes  # noqa: E402

from addin.packaging import lite  # noqa: E402

LINES = ("0.27", "0.28", "314")
WARM = 200
COLUMNS = 5
CELL = [[["AI Engineer"]], [["Senior"]], [["London"]]]
COLUMN = [[["AI Engineer"]] * 1000, [["Senior"], ["Mid-Level"]] * 500, [["London"]] * 1000]
# The baseline: SALARY_BAND's signature and raw arguments, its n x 3 result shape, no lookup.
IDENTITY = '''
import xlwings as xw

@xw.func
@xw.arg("role", "raw")
@xw.arg("level", "raw")
@xw.arg("region", "raw")
@xw.arg("point", "raw")
def IDENTITY(role, level, region=None, point=None):
    """Its arguments back, one row per row: the benchmark's baseline."""
    return [[a[0], b[0], c[0]] for a, b, c in zip(role, level, region)]
'''


def calls() -> list[dict]:
    """The calls of one run: a first SALARY_BAND call, then alternating warm calls, then
    alternating 1,000-row columns, then the price_plan script."""
    def pair(args):
        return [{"func_name": "SALARY_BAND", "args": args}, {"func_name": "IDENTITY", "args": args}]

    out = [{"func_name": "SALARY_BAND", "args": CELL}]
    out += pair(CELL) * WARM + pair(COLUMN) * COLUMNS
    return out + price_plan_calls()


def price_plan_calls() -> list[dict]:
    """The price_plan script on the demo plan, against the stand-in for Excel that the tests
    use (tests/pyodide/excel_standin.py), holding the demo workbook `ukaipay demo` writes."""
    from excel_standin import state_from_xlsx

    from addin.commands.cli import main as cli
    from addin.excel import udfs

    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()):
        cli(["demo", "--out", tmp])
        state = state_from_xlsx(Path(tmp) / "headcount_budget_demo.xlsx", udfs.__all__)
    return [{"script": "price_plan", "standin": state, "date_categories": True, "read": []}]


def one_run(runtime: str, line: str, folder: Path) -> dict:
    """Return one fresh runtime's ratios (and the ms they come from)."""
    got = lite_runtimes.run(runtime, line, folder / "main.py", folder / "requirements.txt",
                            folder / "calls.json")
    plan = got["results"][-1]
    if plan.get("error") or plan.get("refused"):
        raise RuntimeError(f"price_plan failed: {plan.get('error') or plan['refused']}")
    ms = got["ms"]
    t = ms["calls"][1:]
    warm_band, warm_id = t[0:2 * WARM:2], t[1:2 * WARM:2]
    col = t[2 * WARM:2 * WARM + 2 * COLUMNS]
    col_band, col_id = col[0::2], col[1::2]
    start = ms["boot"] + ms["xlwings_import"]
    f = {"boot": ms["boot"], "xlwings": ms["xlwings_import"], "main.py": ms["main_import"],
         "share": ms["main_import"] / start,
         "warm": statistics.median(warm_band), "warm id": statistics.median(warm_id),
         "column": statistics.median(col_band), "column id": statistics.median(col_id),
         "launch": got["launch_to_result_s"]}
    f["warm x"] = f["warm"] / f["warm id"]
    f["column x"] = f["column"] / f["column id"]
    f["price_plan"] = t[2 * WARM + 2 * COLUMNS]
    return f


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(args[0]) if args else 3
    runtime = "chromium" if "--chromium" in sys.argv else "node"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "main.py").write_text(lite.main_py() + IDENTITY, encoding="utf-8")
        (folder / "requirements.txt").write_text(lite.REQUIREMENTS, encoding="utf-8")
        (folder / "calls.json").write_text(json.dumps(calls()), encoding="utf-8")
        print(f"main.py {len(lite.main_py()) / 1000:.0f} kB, xlwings {lite.XLWINGS_VERSION}, "
              f"{runtime}, median of {runs} fresh runtimes; each ratio measured within a run")
        print(f"{'Pyodide':8} {'main.py / (boot + xlwings)':>34} {'warm call / identity':>28} "
              f"{'1,000 rows / identity':>30} {'price_plan':>12} {'launch':>8}")
        for line in LINES:
            results = [one_run(runtime, line, folder) for _ in range(runs)]
            m = {k: statistics.median(r[k] for r in results) for k in results[0]}
            plan = f"{m['price_plan']:.0f} ms"
            print(f"{line:8} {m['share']:>7.1%} ({m['main.py']:.0f} / ({m['boot']:.0f} + "
                  f"{m['xlwings']:.0f}) ms) {m['warm x']:>7.2f}x ({m['warm']:.2f} / "
                  f"{m['warm id']:.2f} ms) {m['column x']:>7.2f}x ({m['column']:.1f} / "
                  f"{m['column id']:.1f} ms) {plan:>12} {m['launch']:>6.1f} s")
        print("Targets: main.py at most 5% of Lite's own start; a warm call at most 1.5x the "
              "identity's.")


if __name__ == "__main__":
    main()
