"""The runnable examples in the engine's docstrings are true."""

import doctest
import importlib

import pytest

MODULES = ["addin", "addin.guide.band", "addin.guide.names", "addin.guide.pay", "addin.commands.display",
           "addin.costs.employment", "addin.costs.statutory", "addin.planning.budget", "addin.guide.position",
           "addin.guide.tables", "addin.frames", "addin.sheets.files", "addin.packaging.opc", "addin.packaging.lite_user",
           "addin.sheets.sheet_style", "addin.guide.edition", "addin.guide.edition_compare",
           "addin.guide.provenance"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
