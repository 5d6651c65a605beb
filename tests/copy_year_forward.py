"""Tests' tool: the proof that a tax year copied forward passes the whole suite.

    .venv/bin/python tests/copy_year_forward.py            # copy, add the year, run the suite
    .venv/bin/python tests/copy_year_forward.py -- -x -q tests/test_employment.py

Copies the repository (not .git, .venv or caches) to a temporary folder, adds the next tax
year to the copy's data/tax_years.csv (the last row again, its label and start and end dates
one year on, every other column as it was) and, in each sibling CSV keyed by tax_year, the
last year's rows under the new label; rebuilds the copy's template, which carries the data
(as a maintainer does after adding a year); then runs pytest in the copy, which imports the
copy's package and reads the copy's data. The repository itself is never written.
"""

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SKIPPED = {".git", ".venv", "__pycache__", ".pytest_cache", "build", "dist", "demo"}
TEMPLATE = "workbook/headcount_budget_template.xlsx"


def next_label(label: str) -> str:
    """Return the tax year after `label`: '2026/27' -> '2027/28', '2099/00' -> '2100/01'."""
    m = re.fullmatch(r"(\d{4})/(\d{2})", label)
    if m is None:
        raise ValueError(f"tax year {label!r} does not look like 2026/27")
    first = int(m.group(1)) + 1
    return f"{first}/{(first + 1) % 100:02d}"


def _year_on(iso: str) -> str:
    """Return the ISO date one year after `iso` (6 April stays 6 April)."""
    d = date.fromisoformat(iso)
    return d.replace(year=d.year + 1).isoformat()


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    """Return a CSV's header and rows, as the loader reads them (UTF-8, header row)."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or ()), list(reader)


def _append(path: Path, header: list[str], rows: list[dict]) -> None:
    """Append rows to a CSV, keeping its line ending (the file ends with one)."""
    text = path.read_text(encoding="utf-8")
    ending = "\r\n" if "\r\n" in text else "\n"
    out = io.StringIO()
    csv.DictWriter(out, header, lineterminator=ending).writerows(rows)
    if not text.endswith(("\n", "\r")):
        text += ending
    path.write_text(text + out.getvalue(), encoding="utf-8", newline="")


def copy_forward(data: Path) -> str:
    """Add the year after the last row of data/tax_years.csv to the data folder `data`.

    Returns the new year's label. The new row repeats the last row's figures (and any other
    column), with the label and the start and end dates one year on; every other CSV with a
    tax_year column gets the last year's rows again under the new label.
    """
    header, rows = _rows(data / "tax_years.csv")
    last = rows[-1]
    new = dict(last, tax_year=next_label(last["tax_year"]),
               start=_year_on(last["start"]), end=_year_on(last["end"]))
    _append(data / "tax_years.csv", header, [new])
    for sibling in sorted(data.glob("*.csv")):
        if sibling.name == "tax_years.csv":
            continue
        cols, sib_rows = _rows(sibling)
        if "tax_year" in cols:
            same = [dict(r, tax_year=new["tax_year"]) for r in sib_rows
                    if r["tax_year"] == last["tax_year"]]
            if same:
                _append(sibling, cols, same)
    return new["tax_year"]


def copy_repo(to: Path) -> Path:
    """Copy the repository to `to` (which must not exist) and return it; symlinks stay links.

    The Pyodide runtimes are copied too (the browser tests' server serves no link); the
    guide's text, which lives beside the repository, is linked beside the copy.
    """
    ignore = shutil.ignore_patterns(*SKIPPED, "*.pyc")
    shutil.copytree(REPO, to, symlinks=True, ignore=ignore)
    shared = REPO.parent / "shared"
    if shared.is_dir() and not (to.parent / "shared").exists():
        (to.parent / "shared").symlink_to(shared, target_is_directory=True)
    return to


def main(argv: list[str]) -> int:
    """Copy, add the next tax year, run pytest in the copy; return pytest's exit code."""
    pytest_args = argv[argv.index("--") + 1:] if "--" in argv else []
    with tempfile.TemporaryDirectory(prefix="ukaipay-next-year-") as tmp:
        repo = copy_repo(Path(tmp) / "repo")
        label = copy_forward(repo / "data")
        print(f"copied {REPO} to {repo}; added tax year {label}", flush=True)
        # The copy's package first on the path, for pytest and every subprocess it starts
        # (an editable install would otherwise import the repository's own package).
        env = dict(os.environ, PYTHONPATH=str(repo))
        subprocess.run([sys.executable, "-m", "addin", "template", "-o", TEMPLATE, "--force"],
                       cwd=repo, env=env, check=True, stdout=subprocess.DEVNULL)
        started = time.monotonic()
        code = subprocess.call([sys.executable, "-m", "pytest", *pytest_args], cwd=repo, env=env)
        print(f"pytest on the copy with {label} added: exit {code} in "
              f"{time.monotonic() - started:.0f} s", flush=True)
        return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
