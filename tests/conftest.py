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


@pytest.fixture
def tiny_guide(monkeypatch):
    """Point the engine at tests/fixtures/tiny, a made-up data set, for logic tests."""
    from addin import data, names, pay, position

    g = data.load(REPO / "tests" / "fixtures" / "tiny")
    idx = names.build_index(g)
    monkeypatch.setattr(pay, "guide", lambda: g)
    monkeypatch.setattr(pay, "index", lambda: idx)
    lookups = [pay.salary_band, pay.day_rate, pay.leadership_band, pay.leadership_equity,
               pay.skill_premium, pay.stage_factor, pay._estimate, position.market_band,
               position._model]
    for f in lookups:
        f.cache_clear()
    yield g
    for f in lookups:
        f.cache_clear()
