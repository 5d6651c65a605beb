"""Benchmark: template build, `budget` on a 1,000-row plan, and the formulas engine on the demo.

Run: python benchmarks/bench_budget.py [--skip-engine]
Targets (issue 5): template build <= 1 s; budget on 1,000 rows <= 1 s beyond start-up.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("XLWINGS_ON_SERVER", "true")
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from addin import budget, workbook  # noqa: E402


def median_seconds(fn, repeat=5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def wall(argv, repeat=5) -> float:
    return median_seconds(lambda: subprocess.run(argv, check=True, capture_output=True), repeat)


def excel_functions() -> dict:
    import addin.udfs as udfs

    found = {v.__xlfunc__["name"].upper(): v for v in vars(udfs).values()
             if callable(v) and getattr(v, "__xlfunc__", None)}
    if "PLAN_CHECK" not in found:
        print("  (addin.udfs has no PLAN_CHECK yet: budget.row_problem stands in)")
        found["PLAN_CHECK"] = budget.row_problem
    return found


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench_budget_"))
    t = median_seconds(lambda: workbook.write_template(tmp / "template.xlsx"))
    print(f"template build (blank, 200 rows), in process:      {t:.3f} s  (target <= 1 s)")
    rows, a = budget.demo_plan()
    t = median_seconds(lambda: workbook.write_template(tmp / "demo.xlsx", rows, a))
    print(f"template build (filled demo), in process:          {t:.3f} s")

    big = [rows[i % len(rows)]._replace(id=f"P{i:04d}") for i in range(1000)]
    plan = tmp / "plan1000.csv"
    plan.write_text(budget.write_csv(big), encoding="utf-8")
    py = sys.executable
    startup = wall([py, "-c", "import addin.cli"])
    full = wall([py, "-m", "addin", "budget", str(plan), "-o", str(tmp / "report.xlsx")])
    priced = wall([py, "-m", "addin", "budget", str(plan), "-o", "-", "--json"])
    print(f"python start-up + import addin.cli:                {startup:.3f} s")
    print(f"budget, 1,000-row CSV, with report, wall:          {full:.3f} s "
          f"({full - startup:.3f} s beyond start-up; target <= 1 s)")
    print(f"budget, 1,000-row CSV, JSON only, wall:            {priced:.3f} s "
          f"({priced - startup:.3f} s beyond start-up)")

    def in_process():
        from addin.cli_budget import load_plan

        b = budget.price_plan(*load_plan(str(plan)))
        workbook.write_report(b, tmp / "report2.xlsx")

    print(f"budget, 1,000 rows, in process (read, price, report): {median_seconds(in_process):.3f} s")

    if "--skip-engine" in sys.argv:
        return
    from formula_engine import calculate_workbook, load_model, registered

    with registered(excel_functions()):
        start = time.perf_counter()
        model = load_model(tmp / "demo.xlsx")
        loaded = time.perf_counter()
        calculate_workbook(tmp / "demo.xlsx", model=model)
        done = time.perf_counter()
    cells = sum(1 for ws in __import__("openpyxl").load_workbook(tmp / "demo.xlsx").worksheets
                for row in ws.iter_rows() for c in row if c.data_type == "f")
    print(f"formulas engine, filled demo template ({cells} formulas): load+compile "
          f"{loaded - start:.1f} s, calculate {done - loaded:.1f} s, total {done - start:.1f} s")


if __name__ == "__main__":
    main()
