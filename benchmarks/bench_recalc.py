"""Benchmark: one recalculation of the demo template, as Excel would run it.

Counts the custom-function calls a full recalculation makes (a formula calling our
functions in a cell Excel evaluates; an empty Plan row's IF never reaches PLAN_ROW) and
times those calls through xlwings' own server dispatch (custom_functions_call) with the
cells' values as Excel sends them.

Run: python benchmarks/bench_recalc.py
"""

import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("XLWINGS_ON_SERVER", "true")
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import openpyxl  # noqa: E402
import xlwings as xw  # noqa: E402
import xlwings.server as srv  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import addin.excel.udfs as udfs  # noqa: E402
from addin.packaging import template_file
from addin.planning import plan_csv
from addin.planning.plan import INPUT_HEADERS  # noqa: E402
from addin.sheets.plan_layout import A_CELL, FIRST_ROW, LAST_ROW  # noqa: E402

CALL = re.compile(r"\b([A-Z][A-Z_]+)\(")
EPOCH = datetime(1899, 12, 30)


def cell_value(value):
    """A cell as Office.js sends it: dates as serial numbers, empty as ""."""
    if isinstance(value, datetime):
        return (value - EPOCH).days
    if isinstance(value, date):
        return (value - EPOCH.date()).days
    return "" if value is None else value


def main():
    rows, a = plan_csv.demo_plan()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.xlsx"
        template_file.write_template(path, rows, a)
        wb = openpyxl.load_workbook(path)
    ours = set(udfs.__all__)
    plan, settings = wb["Plan"], wb["Assumptions"]
    width = len(INPUT_HEADERS)
    calls, payloads = {}, []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                text = getattr(c.value, "text", c.value)
                if not isinstance(text, str) or not text.startswith("="):
                    continue
                for name in CALL.findall(text):
                    if name not in ours:
                        continue
                    if name == "PLAN_ROW":
                        cells = [cell_value(plan.cell(c.row, j + 1).value) for j in range(width)]
                        if all(v == "" for v in cells):
                            continue  # IF(COUNTA(...)=0,"",...): no call
                        names = text[text.index("PLAN_ROW(") + 9:].rstrip(")").split(",")[1:]
                        args = [[cells]] + [[[cell_value(settings[A_CELL[n].replace("$", "")].value)]]
                                            for n in names]
                        payloads.append({"func_name": name, "args": args,
                                         "version": xw.__version__, "client": "Office.js",
                                         "runtime": "1.4"})
                    calls[name] = calls.get(name, 0) + 1
    filled = sum(1 for r in range(FIRST_ROW, LAST_ROW + 1)
                 if any(plan.cell(r, j + 1).value is not None for j in range(width)))
    print(f"demo plan: {filled} filled rows of {LAST_ROW - FIRST_ROW + 1}")
    print(f"custom-function calls per recalculation: {sum(calls.values())} "
          f"({', '.join(f'{k} {v}' for k, v in sorted(calls.items()))})")

    async def recalc():
        for p in payloads:
            await srv.custom_functions_call(p, udfs)

    times = []
    for _ in range(7):
        start = time.perf_counter()
        asyncio.run(recalc())
        times.append(time.perf_counter() - start)
    print(f"PLAN_ROW calls of one recalculation through custom_functions_call: "
          f"{statistics.median(times) * 1e3:.1f} ms (median of 7; "
          f"{statistics.median(times) / len(payloads) * 1e3:.2f} ms a row)")
    # xlwings' dispatch tries `import pyodide` for every argument outside Pyodide (a failed
    # import each time): our part alone is the function called with the same cells.
    direct = [[cell[0][0] if len(cell) == 1 and len(cell[0]) == 1 else cell
               for cell in p["args"]] for p in payloads]
    times = []
    for _ in range(7):
        start = time.perf_counter()
        for args in direct:
            udfs.PLAN_ROW(*args)
        times.append(time.perf_counter() - start)
    print(f"the same PLAN_ROW calls made directly: {statistics.median(times) * 1e3:.1f} ms "
          f"({statistics.median(times) / len(direct) * 1e3:.3f} ms a row)")


if __name__ == "__main__":
    main()
