"""The runnable examples in the engine's docstrings are true."""

import doctest
import importlib

import pytest

MODULES = ["addin", "addin.band", "addin.names", "addin.pay", "addin.display",
           "addin.employment", "addin.statutory", "addin.budget", "addin.position",
           "addin.tables", "addin.frames", "addin.files", "addin.opc", "addin.lite_user",
           "addin.sheet_style"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
