"""Test set-up: xlwings' server runtime is switched on before anything imports xlwings."""

import os
import shutil
from pathlib import Path

import pytest

# custom_functions_meta/call live in xlwings' server runtime, which reads these at import.
os.environ.setdefault("XLWINGS_ON_SERVER", "true")
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO.parent / "shared" / "guide" / "uk-ai-ml-salary-guide-2026.txt"


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the bundled data folder, for tests that break a file."""
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder)
    return folder
