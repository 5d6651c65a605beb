"""Benchmark: the template's main.py in Pyodide under Node.js, called as xlwings Lite calls it.

Run: python benchmarks/bench_pyodide.py [RUNS]   (needs tests/pyodide set up, see README)

For each pinned Pyodide line, in fresh runtimes (median over RUNS, default 3): running
main.py after xlwings is imported (our part of the start-up), the first call, a warm call
(median of 200) and a 1,000-row SALARY_BAND column (median of 5).
"""

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from addin import lite  # noqa: E402

HERE = REPO / "tests" / "pyodide"
LINES = ("0.27", "0.28", "314")
CELL = [["AI Engineer"], ["Senior"], ["London"]]
COLUMN = [[["AI Engineer"]] * 1000, [["Senior"], ["Mid-Level"]] * 500, [["London"]] * 1000]


def one_run(line: str, folder: Path) -> dict:
    out = subprocess.run(["node", str(HERE / "run_main.mjs"), line, str(HERE / "wheels"),
                          str(folder / "main.py"), str(folder / "requirements.txt"),
                          str(folder / "calls.json")],
                         capture_output=True, text=True, check=True, cwd=HERE)
    got = json.loads(out.stdout)
    calls = got["ms"]["calls"]
    return {"xlwings import": got["ms"]["xlwings_import"], "main.py": got["ms"]["main_import"],
            "first call": calls[0], "warm call": statistics.median(calls[1:201]),
            "1,000-row column": statistics.median(calls[201:])}


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    calls = ([{"func_name": "SALARY_BAND", "args": [[c] for c in CELL]}] * 201
             + [{"func_name": "SALARY_BAND", "args": COLUMN}] * 5)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "main.py").write_text(lite.main_py(), encoding="utf-8")
        (folder / "requirements.txt").write_text(lite.REQUIREMENTS, encoding="utf-8")
        (folder / "calls.json").write_text(json.dumps(calls), encoding="utf-8")
        print(f"main.py {len(lite.main_py()) / 1000:.0f} kB, xlwings {lite.XLWINGS_VERSION}, "
              f"median of {runs} fresh runtimes, ms")
        for line in LINES:
            results = [one_run(line, folder) for _ in range(runs)]
            figures = {k: statistics.median(r[k] for r in results) for k in results[0]}
            print(f"Pyodide {line:5}", "  ".join(f"{k} {v:.2f}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
