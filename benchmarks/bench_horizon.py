"""Benchmark: a plan over 36 months against the same plan over 12, side by side, and the
12-month path against a baseline checkout.

Run: python benchmarks/bench_horizon.py [--rows 20000] [--repeat 3] [--baseline DIR]
Target (issue 19): a 36-month plan of 20,000 rows takes at most 2.5x the time of a 12-month
one. With --baseline (another checkout of the repository, e.g. main before the horizon), the
100,000-row budget with its report at 12 months, ours against the baseline's, each in its own
process, alternating: it keeps its time and memory.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("XLWINGS_ON_SERVER", "true")
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from addin.planning import plan_csv  # noqa: E402

#: Pricing alone, in a process of its own: seconds to price the CSV at argv[2] months.
_PRICE = ("import sys, time; from addin.planning import budget, plan_csv; "
          "from addin.planning.assumptions import Assumptions; "
          "rows = plan_csv.read_csv(open(sys.argv[1], encoding='utf-8').read()); "
          "a = Assumptions(months=int(sys.argv[2]), review_month='2027-01-01', review_uplift=0.03); "
          "t = time.perf_counter(); budget.price_plan(rows, a); print(time.perf_counter() - t)")


def measured(argv, root: Path = REPO) -> tuple[float, float]:
    """Return (wall seconds, peak resident MB) of one run of ``argv`` in its own process, with
    the package imported from ``root``."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
             "print(time.perf_counter() - t, "
             "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, "-c", probe, *argv], check=True, capture_output=True,
                         text=True, env=env, cwd=root).stdout.split()
    return float(out[0]), float(out[1])


def plan_of(rows: int, folder: Path) -> Path:
    """Write the demo plan repeated to ``rows`` rows as a CSV; return its path."""
    demo, _a = plan_csv.demo_plan()
    path = folder / f"plan{rows}.csv"
    path.write_text(plan_csv.write_csv([demo[i % len(demo)]._replace(id=f"P{i:06d}")
                                        for i in range(rows)]), encoding="utf-8")
    return path


def side_by_side(runs: dict, repeat: int) -> dict:
    """Run each named argv ``repeat`` times, alternating; return each one's medians."""
    seen = {name: [] for name in runs}
    for _ in range(repeat):
        for name, (argv, root) in runs.items():
            seen[name].append(measured(argv, root))
    return {name: (statistics.median(t for t, _ in got), statistics.median(m for _, m in got))
            for name, got in seen.items()}


def horizon(plan: Path, repeat: int) -> None:
    py = sys.executable
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    priced = {n: statistics.median(float(subprocess.run(
        [py, "-c", _PRICE, str(plan), str(n)], check=True, capture_output=True, text=True,
        env=env).stdout) for _ in range(repeat)) for n in (12, 36)}
    print(f"price_plan, {plan.stem}: 12 months {priced[12]:.2f} s, 36 months {priced[36]:.2f} s, "
          f"ratio {priced[36] / priced[12]:.2f} (target <= 2.5)")
    review = ["--review-month", "2027-01", "--review-uplift", "3%"]
    runs = {f"{what} {n}": ([py, "-m", "addin", "budget", str(plan), "--months", str(n), *review,
                             *extra], REPO)
            for what, extra in (("text", ["-o", "-"]), ("json", ["-o", "-", "--json"]),
                                ("report", ["-o", str(plan.with_suffix(".xlsx")), "--force"]))
            for n in (12, 36)}
    got = side_by_side(runs, repeat)
    for what in ("text", "json", "report"):
        (t12, m12), (t36, m36) = got[f"{what} 12"], got[f"{what} 36"]
        print(f"budget {what:6}, {plan.stem}: 12 months {t12:.2f} s {m12:.0f} MB, "
              f"36 months {t36:.2f} s {m36:.0f} MB, ratio {t36 / t12:.2f}")


def baseline(plan: Path, root: Path, repeat: int) -> None:
    py = sys.executable
    out = plan.with_suffix(".xlsx")
    argv = [py, "-m", "addin", "budget", str(plan), "-o", str(out), "--force"]
    got = side_by_side({"baseline": (argv, root), "ours": (argv, REPO)}, repeat)
    (tb, mb), (to, mo) = got["baseline"], got["ours"]
    print(f"budget with report, {plan.stem}, 12 months: baseline {tb:.2f} s {mb:.0f} MB, "
          f"ours {to:.2f} s {mo:.0f} MB, time ratio {to / tb:.2f}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=20_000)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--baseline", type=Path, help="another checkout to compare the 12-month path")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        horizon(plan_of(args.rows, Path(tmp)), args.repeat)
        if args.baseline:
            baseline(plan_of(100_000, Path(tmp)), args.baseline.resolve(), args.repeat)


if __name__ == "__main__":
    main()
