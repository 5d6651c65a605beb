"""Benchmark: Excel functions through xlwings' own server dispatch (custom_functions_call).

Run: python benchmarks/bench_udfs.py

SALARY_BAND is compared with an identity function that, like it, takes its arguments raw
(xlwings' "raw" converter); the identity with xlwings' default conversion is printed too.
"""

import asyncio
import os
import statistics
import subprocess
import sys
import time
import types

os.environ.setdefault("XLWINGS_ON_SERVER", "true")
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import xlwings as xw  # noqa: E402
import xlwings.server as srv  # noqa: E402
from xlwings import conversion  # noqa: E402

import addin.excel.udfs as udfs  # noqa: E402

baseline = types.ModuleType("baseline")


@xw.func
def IDENTITY(role, level, region=None):
    return role


@xw.func
@xw.arg("role", "raw")
@xw.arg("level", "raw")
@xw.arg("region", "raw")
def IDENTITY_RAW(role, level, region=None):
    return role


baseline.IDENTITY = IDENTITY
baseline.IDENTITY_RAW = IDENTITY_RAW


def payload(name, *args):
    return {"func_name": name, "args": list(args), "version": xw.__version__,
            "client": "Office.js", "runtime": "1.4"}


def per_call(module, data, n=3000, repeat=7):
    """Return the fastest seconds per call of custom_functions_call over ``repeat`` runs
    (the minimum: this machine's noise only ever adds time)."""
    async def run():
        for _ in range(n):
            await srv.custom_functions_call(data, module)

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        asyncio.run(run())
        times.append((time.perf_counter() - start) / n)
    return min(times)


def once(module, data, repeat=5):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        asyncio.run(srv.custom_functions_call(data, module))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    args = ([["AI Engineer"]], [["Senior"]], [["London"]])
    ident = per_call(baseline, payload("IDENTITY", *args))
    ident_raw = per_call(baseline, payload("IDENTITY_RAW", *args))
    band = per_call(udfs, payload("SALARY_BAND", *args, [[None]]))
    band3 = per_call(udfs, payload("SALARY_BAND", *args))
    print(f"identity, 3 args:            {ident * 1e3:.3f} ms/call")
    print(f"identity, 3 raw args:        {ident_raw * 1e3:.3f} ms/call")
    # Like with like: SALARY_BAND takes its arguments raw, so its baseline is the identity
    # with raw arguments; the other identity pays xlwings' default cleaning that it skips.
    print(f"SALARY_BAND, 3 args:         {band3 * 1e3:.3f} ms/call  ({band3 / ident_raw:.2f}x "
          f"the identity with raw arguments; {band3 / ident:.2f}x the one with xlwings' "
          f"default conversion)")
    print(f"SALARY_BAND, 4 args (point): {band * 1e3:.3f} ms/call")
    for name, first in (("COMPA_RATIO", 120000), ("BAND_POSITION", 120000),
                        ("MARKET_PERCENTILE", 120000), ("SALARY_PERCENTILE", 90)):
        t = per_call(udfs, payload(name, [[first]], *args))
        print(f"{name + ', 4 args:':<29}{t * 1e3:.3f} ms/call  ({t / band:.2f}x SALARY_BAND's)")

    roles = ["AI Engineer", "MLOps Engineer", "LLM Engineer", "Data Engineer"]
    levels = ["Junior", "Mid-Level", "Senior", "Staff"]
    for rows in (1000, 10000):
        col_r = [[roles[i % 4]] for i in range(rows)]
        col_l = [[levels[(i // 4) % 4]] for i in range(rows)]
        total = once(udfs, payload("SALARY_BAND", col_r, col_l, [["London"]], [["mid"]]))
        raw = statistics.median(
            _time(lambda: [conversion.read(None, a, {"convert": "raw"}, engine_name="officejs")
                           for a in (col_r, col_l)]) for _ in range(5))
        clean = statistics.median(
            _time(lambda: [conversion.read(None, a, {"ndim": 2}, engine_name="officejs")
                           for a in (col_r, col_l)]) for _ in range(5))
        print(f"SALARY_BAND column of {rows:>6,} rows: {total * 1e3:8.1f} ms "
              f"(xlwings' raw pass-through {raw * 1e3:.2f} ms; its full cleaning, "
              f"which the module skips, would be {clean * 1e3:.1f} ms)")
        total = once(udfs, payload("EMPLOYER_COST", [[50000 + i] for i in range(rows)]))
        print(f"EMPLOYER_COST column of {rows:>6,} rows: {total * 1e3:6.1f} ms")
        total = once(udfs, payload("MARKET_PERCENTILE", [[50000 + i] for i in range(rows)],
                                   col_r, col_l, [["London"]]))
        print(f"MARKET_PERCENTILE column of {rows:>6,} rows: {total * 1e3:6.1f} ms")

    code = "import time; t = time.perf_counter(); import addin.excel.udfs; print(time.perf_counter() - t)"
    env = dict(os.environ)
    runs = [float(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                 text=True, check=True).stdout) for _ in range(7)]
    print(f"import addin.excel.udfs (xlwings included): {statistics.median(runs) * 1e3:.0f} ms")


def _time(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
