"""Benchmark: three scenarios side by side against one, on the 100,000-row plan of
bench_budget.py (the demo plan's rows repeated), run side by side on the same machine.

Run: python benchmarks/bench_scenarios.py [ROWS]
Prints, for pricing alone (in process) and for `budget` with its report and with --json
(each run in its own process, median of 3): one scenario, three (low,mid,high) and the
ratio. Issue 19 section 5 sets no target; the ratio goes into the closing note.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("XLWINGS_ON_SERVER", "true")
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_budget import measured  # noqa: E402  (one way to measure a run, for all)


def _median(runs) -> tuple[float, float]:
    return statistics.median(t for t, _ in runs), statistics.median(mb for _, mb in runs)


def main() -> None:
    from addin.planning import budget, plan_csv, scenarios

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    tmp = Path(tempfile.mkdtemp(prefix="bench_scenarios_"))
    rows, a = plan_csv.demo_plan()
    big = [rows[i % len(rows)]._replace(id=f"P{i:06d}") for i in range(n)]  # as bench_budget
    plan = tmp / "plan.csv"
    plan.write_text(plan_csv.write_csv(big), encoding="utf-8")
    three = ("Low", "Mid", "High")

    def timed(fn) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    one_t = timed(lambda: budget.price_plan(big, a))
    three_t = timed(lambda: scenarios.price_scenarios(big, a, three))
    print(f"{n:,} rows, pricing in process: one {one_t:.2f} s, three {three_t:.2f} s, "
          f"ratio {three_t / one_t:.2f}x")
    py = sys.executable
    base = [py, "-m", "addin", "budget", str(plan)]
    for what, extra in (("with report", ["-o", str(tmp / "r.xlsx"), "--force"]),
                        ("--json", ["-o", "-", "--json"])):
        one = _median([measured(base + extra) for _ in range(3)])
        many = _median([measured(base + extra + ["--scenarios", "low,mid,high"])
                        for _ in range(3)])
        print(f"budget {what}: one {one[0]:.1f} s, {one[1]:.0f} MB; three {many[0]:.1f} s, "
              f"{many[1]:.0f} MB; ratio {many[0] / one[0]:.2f}x time, "
              f"{many[1] / one[1]:.2f}x memory")


if __name__ == "__main__":
    main()
