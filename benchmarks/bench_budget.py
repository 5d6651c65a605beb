"""Benchmark: template build, `budget` on 1,000 and 100,000-row plans, a workbook that declares
a million rows, and the formulas engine on the demo.

Run: python benchmarks/bench_budget.py [--skip-engine] [--only-scale]
Targets (issue 5): template build <= 1 s; budget on 1,000 rows <= 1 s beyond start-up.
Targets (issue 9): 100,000-row CSV priced and reported <= 15 s and <= 400 MB peak; a
workbook's declared size costs nothing by itself.
"""

import os
import re
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

from addin.packaging import template_file
from addin.planning import budget, plan_csv
from addin.sheets import report  # noqa: E402


def median_seconds(fn, repeat=5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def wall(argv, repeat=5) -> float:
    return median_seconds(lambda: subprocess.run(argv, check=True, capture_output=True), repeat)


def measured(argv) -> tuple[float, float]:
    """Return (wall seconds, peak resident MB) of one run of ``argv`` in its own process."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
             "print(time.perf_counter() - t, "
             "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    out = subprocess.run([sys.executable, "-c", probe, *argv], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), float(out[1])


def scale(tmp: Path) -> None:
    """The issue 9 figures: a 100,000-row CSV, and a small workbook that declares 1,048,576 rows."""
    py = sys.executable
    rows, a = plan_csv.demo_plan()
    big = [rows[i % len(rows)]._replace(id=f"P{i:06d}") for i in range(100_000)]
    plan = tmp / "plan100k.csv"
    plan.write_text(plan_csv.write_csv(big), encoding="utf-8")
    t, mb = measured([py, "-m", "addin", "budget", str(plan), "-o", str(tmp / "r100k.xlsx"), "--force"])
    print(f"budget, 100,000-row CSV, with report:              {t:.1f} s, {mb:.0f} MB peak "
          f"(target <= 15 s, <= 400 MB)")
    t, mb = measured([py, "-m", "addin", "budget", str(plan), "-o", "-", "--json"])
    print(f"budget, 100,000-row CSV, JSON only:                {t:.1f} s, {mb:.0f} MB peak")

    declared = tmp / "declared.xlsx"
    template_file.write_template(declared, rows, a)
    with __import__("zipfile").ZipFile(declared) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    with __import__("zipfile").ZipFile(declared, "w", 8) as z:
        for info, data in parts:
            if info.filename == "xl/worksheets/sheet3.xml":  # the Plan
                text = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:AF1048576"/>',
                              data.decode())
                data = text.replace("</sheetData>", '<row r="1048576"><c r="A1048576" s="1"/>'
                                                    "</row></sheetData>").encode()
            z.writestr(info, data)
    size = declared.stat().st_size // 1024
    t, mb = measured([py, "-m", "addin", "budget", str(declared), "-o", str(tmp / "rd.xlsx"), "--force"])
    print(f"budget, {size} KB workbook declaring 1,048,576 rows: {t:.1f} s, {mb:.0f} MB peak")
    t, mb = measured([py, "-c", "import addin.commands.cli"])
    print(f"(python start-up + import addin.commands.cli:               {t:.2f} s, {mb:.0f} MB peak)")


def excel_functions() -> dict:
    import addin.excel.udfs as udfs

    return {v.__xlfunc__["name"].upper(): v for v in vars(udfs).values()
            if callable(v) and getattr(v, "__xlfunc__", None)}


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench_budget_"))
    if "--only-scale" in sys.argv:
        return scale(tmp)
    t = median_seconds(lambda: template_file.write_template(tmp / "template.xlsx"))
    print(f"template build (blank, 200 rows), in process:      {t:.3f} s  (target <= 1 s)")
    rows, a = plan_csv.demo_plan()
    t = median_seconds(lambda: template_file.write_template(tmp / "demo.xlsx", rows, a))
    print(f"template build (filled demo), in process:          {t:.3f} s")

    big = [rows[i % len(rows)]._replace(id=f"P{i:04d}") for i in range(1000)]
    plan = tmp / "plan1000.csv"
    plan.write_text(plan_csv.write_csv(big), encoding="utf-8")
    py = sys.executable
    startup = wall([py, "-c", "import addin.commands.cli"])
    full = wall([py, "-m", "addin", "budget", str(plan), "-o", str(tmp / "report.xlsx")])
    priced = wall([py, "-m", "addin", "budget", str(plan), "-o", "-", "--json"])
    print(f"python start-up + import addin.commands.cli:                {startup:.3f} s")
    print(f"budget, 1,000-row CSV, with report, wall:          {full:.3f} s "
          f"({full - startup:.3f} s beyond start-up; target <= 1 s)")
    print(f"budget, 1,000-row CSV, JSON only, wall:            {priced:.3f} s "
          f"({priced - startup:.3f} s beyond start-up)")

    def in_process():
        from addin.commands.cli_budget import load_plan

        b = budget.price_plan(*load_plan(str(plan)))
        report.write_report(b, tmp / "report2.xlsx")

    print(f"budget, 1,000 rows, in process (read, price, report): {median_seconds(in_process):.3f} s")
    scale(tmp)

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
