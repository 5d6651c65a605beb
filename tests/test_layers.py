"""The package's layers and the one direction its imports may run (MAINTAINING.md).

Each folder of addin/ is a layer; a module may import its own layer and the layers listed
for it, never one above. Each heavy or front-end library is imported by one layer only.
"""

import ast
from pathlib import Path

import pytest

ADDIN = Path(__file__).resolve().parent.parent / "addin"

BELOW = {  # layer: the layers it may import besides itself
    "base": set(),
    "guide": {"base"},
    "costs": {"base", "guide"},
    "planning": {"base", "guide", "costs"},
    "sheets": {"base", "guide", "costs", "planning"},
    "excel": {"base", "guide", "costs", "planning"},
    "packaging": {"base", "guide", "costs", "planning", "sheets", "excel"},
    "commands": {"base", "guide", "costs", "planning", "sheets", "excel", "packaging"},
    # the top-level modules: the public API, the DataFrames, the UDF module's old name
    "__init__": {"base"},  # and each public name's home, imported on first use by name
    "frames": {"base", "guide", "costs", "planning"},
    "udfs": {"excel"},
    "__main__": {"commands"},
}
ONLY_IN = {"openpyxl": "sheets", "xlwings": "excel", "argparse": "commands", "pandas": "frames"}


def imports(relative: Path, text: str):
    """Yield (line, absolute module) for every import in ``text``, the module at
    addin/``relative``, at any depth (a function's own imports too)."""
    package = ["addin", *relative.parts[:-1]]
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                yield node.lineno, node.module
                continue
            base = package[:len(package) - node.level + 1]
            if node.module:
                yield node.lineno, ".".join([*base, node.module])
            else:  # from . import a, b: each name may be a module
                for alias in node.names:
                    yield node.lineno, ".".join([*base, alias.name])


def wrong_imports(relative: Path, text: str) -> list[str]:
    """Return each import of ``text`` (the module at addin/``relative``) that runs up or
    across the layers, or brings in a library its layer may not."""
    layer = relative.with_suffix("").parts[0]
    wrong = []
    for line, module in imports(relative, text):
        top, _, rest = module.partition(".")
        if top == "addin" and rest:
            target = rest.split(".")[0]
            if target == "__version__":  # the package's version, which every layer may name
                continue
            if target != layer and target not in BELOW[layer] and not (
                    layer == "__init__" and target in BELOW):  # a name's home, on first use
                wrong.append(f"line {line}: {module}")
        elif top in ONLY_IN and ONLY_IN[top] != layer:
            wrong.append(f"line {line}: {module} (only {ONLY_IN[top]} imports it)")
    return sorted(wrong, key=lambda w: int(w.split(":")[0][5:]))


MODULES = sorted(p.relative_to(ADDIN) for p in ADDIN.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_sits_in_a_declared_layer():
    assert {p.with_suffix("").parts[0] for p in MODULES} == set(BELOW)


@pytest.mark.parametrize("relative", MODULES, ids=str)
def test_imports_run_one_way(relative):
    wrong = wrong_imports(relative, (ADDIN / relative).read_text(encoding="utf-8"))
    assert not wrong, f"addin/{relative} imports up or across: {wrong}"


def test_the_rule_catches_a_back_edge_and_a_stray_library():
    text = ("from ..base.errors import DataError\n"  # down: allowed
            "def f():\n    from ..planning import pricing\n"  # up, inside a function
            "from .. import frames\n"  # across to the DataFrames
            "import openpyxl.styles\n")  # a workbook library below the workbook layer
    assert wrong_imports(Path("guide/pay.py"), text) == [
        "line 3: addin.planning", "line 4: addin.frames",
        "line 5: openpyxl.styles (only sheets imports it)"]
    # the same lines are fine one layer up where they belong
    assert wrong_imports(Path("commands/x.py"), "from ..planning import pricing\n") == []


OPENING = {"base": "Base layer:", "guide": "Guide layer:", "costs": "Costs layer:",
           "planning": "Planning layer:", "sheets": "Sheets layer:", "excel": "Excel layer:",
           "packaging": "Packaging layer:", "commands": "Command-line layer:"}


@pytest.mark.parametrize("relative", [p for p in MODULES if len(p.parts) == 2
                                      and p.name != "__init__.py"], ids=str)
def test_a_module_s_docstring_opens_with_its_folder_s_layer(relative):
    doc = ast.get_docstring(ast.parse((ADDIN / relative).read_text(encoding="utf-8"))) or ""
    assert doc.startswith(OPENING[relative.parts[0]]), f"addin/{relative}: {doc[:60]!r}"
