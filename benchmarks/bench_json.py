"""Benchmark: `budget --json` on a 100,000-row plan against the standard library's `json`
writing the same rows, row by row, side by side in one run.

Run: python benchmarks/bench_json.py [ROWS]
Target (issue 19, Speed): at most 1.5x the baseline's time and at most 300 MB peak.

Each case runs 3 times, each in its own process; the median wall time and the largest
peak resident memory (resource.getrusage of the child) are printed.

The baseline reads and prices the same plan (load_plan, price_plan: the same work before
any JSON), then writes each row's dict with json.dumps, one row at a time, and the
summary: what `budget --json` costs if writing JSON costs no more than `json` itself.
"""

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("XLWINGS_ON_SERVER", "true")
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench_budget import measured  # noqa: E402  (one way to measure a run, for both)


def baseline(plan: str) -> None:
    """Write the plan's priced rows and summary with json.dumps, row by row, to stdout."""
    from addin.commands.cli_budget import load_plan
    from addin.planning import budget

    rows, a = load_plan(plan)
    b = budget.price_plan(rows, a)
    out = sys.stdout
    out.write('{"rows": [')
    for i, row in enumerate(b.each_row_dict()):
        out.write((", " if i else "") + json.dumps(row, ensure_ascii=False))
    out.write('], "summary": ' + json.dumps(b.summary, ensure_ascii=False) + "}\n")


def case(argv, repeat=3) -> tuple[float, float]:
    """Return (median wall seconds, largest peak MB) of ``repeat`` runs of ``argv``."""
    runs = [measured(argv) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), max(mb for _, mb in runs)


def main() -> None:
    from addin.planning import plan_csv

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    tmp = Path(tempfile.mkdtemp(prefix="bench_json_"))
    rows, _a = plan_csv.demo_plan()  # as bench_budget.py makes its 100,000-row plan
    big = [rows[i % len(rows)]._replace(id=f"P{i:06d}") for i in range(n)]
    plan = tmp / "plan.csv"
    plan.write_text(plan_csv.write_csv(big), encoding="utf-8")
    py = sys.executable
    base_t, base_mb = case([py, __file__, "--baseline", str(plan)])
    ours_t, ours_mb = case([py, "-m", "addin", "budget", str(plan), "-o", "-", "--json"])
    print(f"{n:,}-row CSV plan, median of 3 runs, peak resident memory:")
    print(f"  baseline (price_plan, json.dumps row by row): {base_t:6.2f} s  {base_mb:5.0f} MB")
    print(f"  ukaipay budget --json:                        {ours_t:6.2f} s  {ours_mb:5.0f} MB")
    print(f"  ratio: {ours_t / base_t:.2f}x the time (target <= 1.5x), "
          f"{ours_mb:.0f} MB (target <= 300 MB)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--baseline"]:
        baseline(sys.argv[2])
    else:
        main()
