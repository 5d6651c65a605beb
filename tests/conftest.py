"""Test set-up: xlwings' server runtime is switched on before anything imports xlwings."""

import hashlib
import os
import shutil
from pathlib import Path

import pytest

# custom_functions_meta/call live in xlwings' server runtime, which reads these at import.
os.environ.setdefault("XLWINGS_ON_SERVER", "true")
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

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
