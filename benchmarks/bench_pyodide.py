"""Benchmark: the template's main.py in Pyodide under Node.js, called as xlwings Lite calls it.

Run: python benchmarks/bench_pyodide.py [RUNS]   (needs tests/pyodide set up, see README)

For each pinned Pyodide line, in fresh runtimes (median over RUNS, default 3): running
main.py after xlwings is imported (our part of the start-up), the first call, a warm call
(median of 200) and a 1,000-row SALARY_BAND column (median of 5), as wall-clock ms and as
the Node process's CPU ms (less sensitive to other load on a shared machine), with the
best run's wall-clock ms (the nearest to an idle machine). For comparison, "installed":
the same package installed in site-packages (as a wheel would be) with a main.py of one
line, `from addin.udfs import *`.
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


def one_run(line: str, folder: Path, installed: bool) -> dict:
    args = ["node", str(HERE / "run_main.mjs"), line, str(HERE / "wheels"),
            str(folder / ("installed.py" if installed else "main.py")),
            str(folder / "requirements.txt"), str(folder / "calls.json")]
    if installed:
        args.append(str(folder / "package.zip"))
    got = json.loads(subprocess.run(args, capture_output=True, text=True, check=True,
                                    cwd=HERE).stdout)
    figures = {}
    for unit, times in (("ms", got["ms"]), ("cpu", got["cpu_ms"])):
        calls = times["calls"]
        figures.update({(unit, "main.py"): times["main_import"], (unit, "first"): calls[0],
                        (unit, "warm"): statistics.median(calls[1:201]),
                        (unit, "1,000 rows"): statistics.median(calls[201:])})
    figures[("ms", "xlwings")] = got["ms"]["xlwings_import"]
    return figures


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    calls = ([{"func_name": "SALARY_BAND", "args": [[c] for c in CELL]}] * 201
             + [{"func_name": "SALARY_BAND", "args": COLUMN}] * 5)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "main.py").write_text(lite.main_py(), encoding="utf-8")
        (folder / "requirements.txt").write_text(lite.REQUIREMENTS, encoding="utf-8")
        (folder / "calls.json").write_text(json.dumps(calls), encoding="utf-8")
        (folder / "installed.py").write_text("from addin.udfs import *\n", encoding="utf-8")
        (folder / "package.zip").write_bytes(lite.package_zip())
        print(f"main.py {len(lite.main_py()) / 1000:.0f} kB, xlwings {lite.XLWINGS_VERSION}, "
              f"median of {runs} fresh runtimes; wall ms (CPU ms)")
        for line in LINES:
            for installed in (False, True):
                results = [one_run(line, folder, installed) for _ in range(runs)]
                f = {k: statistics.median(r[k] for r in results) for k in results[0]}
                best = {k: min(r[k] for r in results) for k in results[0]}
                print(f"Pyodide {line:4} {'installed' if installed else 'carried  '}  "
                      f"xlwings import {f['ms', 'xlwings']:.0f}  " + "  ".join(
                          f"{k} {f['ms', k]:.2f} ({f['cpu', k]:.2f}; best {best['ms', k]:.2f})"
                          for k in ("main.py", "first", "warm", "1,000 rows")))


if __name__ == "__main__":
    main()
