"""Benchmark: engine lookups and employer cost, in microseconds and milliseconds.

Run: python benchmarks/bench_engine.py
"""

import random
import statistics
import subprocess
import sys
import time
import timeit
from pathlib import Path

import addin
from addin.guide import pay


def median_us(stmt, number=100_000, repeat=7, **names):
    runs = timeit.repeat(stmt, globals=names, number=number, repeat=repeat)
    return statistics.median(runs) / number * 1e6


def messy_calls(n=10_000, seed=1):
    rng = random.Random(seed)
    roles = [" ai engineer", "AI ENGINEER", "Ai-Engineer", "mlops", "LLM eng", "data engineer",
             "MLOps  Engineer", "llm engineer "]
    levels = ["senior", "Sr", "snr", "mid", "Mid-Level", "jr", 5.0, 3, "staff", "lead", 7.5]
    regions = ["London", "uk", "Remote", "Manchester", "UK National", "cambridge", " LONDON "]
    return [(rng.choice(roles), rng.choice(levels), rng.choice(regions)) for _ in range(n)]


def startup_ms(code, runs=15):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def main():
    band = addin.salary_band
    band("AI Engineer", "Senior", "London")
    us = median_us("f('AI Engineer', 'Senior', 'London')", f=band)
    print(f"salary_band, repeated scalar:   {us:.3f} us")
    for name in ("compa_ratio", "market_percentile"):
        f = getattr(addin, name)
        f(120000.0, "AI Engineer", "Senior", "London")
        pos = median_us("f(120000.0, 'AI Engineer', 'Senior', 'London')", f=f)  # Excel sends floats
        print(f"{name}, repeated scalar: {pos:.3f} us ({pos / us:.2f}x salary_band)")
    us = median_us("f('LLM Engineer', 'Lead', True)", f=addin.day_rate)
    print(f"day_rate, repeated scalar:      {us:.3f} us")
    cost = addin.employer_cost
    cost(85000.0, "2026/27")
    us = median_us("f(85000.0, '2026/27')", f=cost)
    print(f"employer_cost, repeated scalar: {us:.3f} us")
    every = "bonus_rate=0.15, bik_rate=0.05, allowance_rate=0.1, sacrifice_rate=0.05"
    us = median_us(f"f(85000.0, '2026/27', {every})", f=cost)
    print(f"employer_cost, every option:    {us:.3f} us")
    us = median_us("f(662.5, 220.0, 0.15, 'inside', '2026/27')", f=addin.contractor_cost)
    print(f"contractor_cost, inside IR35:   {us:.3f} us")
    us = median_us("f(650.0, 220.0, '2026/27', fee_rate=0.15)", f=addin.perm_equivalent)
    print(f"perm_equivalent, with a fee:    {us:.3f} us")

    calls = messy_calls()
    cold, warm = [], []
    for _ in range(7):
        pay.salary_band.cache_clear()
        start = time.perf_counter()
        for c in calls:
            band(*c)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        for c in calls:
            band(*c)
        warm.append(time.perf_counter() - start)
    print(f"10,000 messy lookups: {statistics.median(cold) * 1e3:.1f} ms with an empty cache, "
          f"{statistics.median(warm) * 1e3:.1f} ms warm")

    salaries = [20_000.0 + i * 17 for i in range(10_000)]
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        [cost(s, "2026/27") for s in salaries]
        runs.append(time.perf_counter() - start)
    print(f"employer_cost over 10,000 salaries: {statistics.median(runs) * 1e3:.1f} ms")

    # Compiled first, as a wheel install leaves it: with PYTHONDONTWRITEBYTECODE set (as on
    # this machine) every start would otherwise pay for compiling the package again.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(addin.__file__).parent)],
                   check=True)
    bare = startup_ms("pass")
    first = startup_ms("import addin; addin.salary_band('AI Engineer', 'Senior', 'London')")
    print(f"import addin + first lookup: {first - bare:.0f} ms over bare Python ({bare:.0f} ms)")


if __name__ == "__main__":
    main()
