"""Test set-up: xlwings' server runtime is switched on before anything imports xlwings."""

import hashlib
import os
import shutil
from pathlib import Path

import pytest

# custom_functions_meta/call live in xlwings' server runtime, which reads these at import.
os.environ.setdefault("XLWINGS_ON_SERVER", "true")
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
# The suite tests the bundled edition: an edition named in the shell (UKAIPAY_DATA) is not
# the one its figures were worked from (tests/test_editions.py sets it where it tests it).
os.environ.pop("UKAIPAY_DATA", None)

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO.parent / "shared" / "guide" / "uk-ai-ml-salary-guide-2026.txt"


def guide_text() -> str:
    """Return the guide's text the data was transcribed from, checked against its SHA-256.

    The text is not the project's to copy, so it lives beside the repository, not in it. Where
    it is absent the tests that compare the tables with it skip with one line, except under
    CI=true, where they fail: CI has it beside the clone.
    """
    if not GUIDE.is_file():
        reason = f"the guide's text is not beside this clone ({GUIDE}): guide comparisons skipped"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must compare the tables with the guide: {reason}", pytrace=False)
        pytest.skip(reason, allow_module_level=True)
    raw = GUIDE.read_bytes()
    import tomllib

    want = tomllib.loads((REPO / "data" / "provenance.toml").read_text("utf-8"))["guide"]["sha256"]
    got = hashlib.sha256(raw).hexdigest()
    if got != want:
        pytest.fail(f"{GUIDE.name} has SHA-256 {got}, the data was transcribed from {want}",
                    pytrace=False)
    return raw.decode("utf-8")


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the bundled data folder, for tests that break a file."""
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    return folder


#: A tiny made-up edition in the shape of data/ (its tables and provenance.toml), for logic tests.
TINY = REPO / "tests" / "fixtures" / "tiny"


@pytest.fixture
def tiny_edition():
    """The engine on the tiny edition (tests/fixtures/tiny) for one test, the bundled one after.

    Uses the documented switch, ``addin.use_edition``: every lookup, name index, source line
    and plan check in the test comes from the tiny tables. Yields the Edition.
    """
    from addin import use_edition

    with use_edition(TINY) as edition:
        yield edition


# What changes from one year or edition to the next, read from the data as a maintainer writes
# it (not through the package's loader), so no test types the list of tax years, the edition's
# title or the package's version (that one is addin.__version__).

def provenance(folder: Path = REPO / "data") -> dict:
    """Return a data folder's provenance.toml as a dict."""
    import tomllib

    return tomllib.loads((folder / "provenance.toml").read_text("utf-8"))


def edition_title(folder: Path = REPO / "data") -> str:
    """Return the title of the guide edition a data folder transcribes, as its provenance names it."""
    return provenance(folder)["guide"]["title"]


def tax_year_labels(folder: Path = REPO / "data") -> list[str]:
    """Return the tax years of a data folder's tax_years.csv, in file order ('2026/27', ...)."""
    import csv

    with (folder / "tax_years.csv").open(encoding="utf-8", newline="") as f:
        return [row["tax_year"] for row in csv.DictReader(f)]
