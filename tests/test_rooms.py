"""Small rooms: no module of addin/ over 500 lines, no function over 80 (issue 18 §5).

A function's length runs from its ``def`` line to its last line, as ast gives them
(decorators not counted); a nested function counts on its own and inside its parent.
"""

import ast
from pathlib import Path

ADDIN = Path(__file__).resolve().parent.parent / "addin"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


def oversized(name: str, text: str) -> list[str]:
    """Return one line for the module ``name`` if ``text`` runs over MAX_MODULE_LINES lines,
    and one for each function in it over MAX_FUNCTION_LINES, with its length in lines."""
    found = []
    lines = len(text.splitlines())
    if lines > MAX_MODULE_LINES:
        found.append(f"{name}: {lines} lines (at most {MAX_MODULE_LINES})")
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{name}:{node.lineno} {node.name}(): {length} lines "
                             f"(at most {MAX_FUNCTION_LINES})")
    return found


def function(name: str, lines: int, keyword: str = "def", indent: str = "") -> str:
    """Return the text of a function of ``lines`` lines: its def, statements, a return."""
    body = "".join(f"{indent}    x{i} = {i}\n" for i in range(lines - 2))
    return f"{indent}{keyword} {name}():\n{body}{indent}    return 0\n"


def padded(text: str, lines: int) -> str:
    """Return ``text`` with assignments added to make it ``lines`` lines long."""
    return text + "z = 0\n" * (lines - len(text.splitlines()))


def test_the_checker_passes_a_module_at_the_limits():
    # 500 lines; an 80-line def, async def and method, and a decorated def of 80 lines
    # (its decorator line not counted).
    text = (function("plain", 80) + function("waits", 80, "async def")
            + "class C:\n" + function("method", 80, indent="    ")
            + "@staticmethod\n" + function("decorated", 80))
    assert oversized("m.py", padded(text, 500)) == []


def test_the_checker_names_a_long_module_and_each_long_function():
    # 501 lines; an 81-line def at line 1 (lines 1-81), an 81-line async def (82-162), and an
    # 81-line def nested in a def of 83 lines (163-245: its def, the inner 81, a return).
    outer = "def outer():\n" + function("inner", 81, indent="    ") + "    return inner\n"
    text = function("long", 81) + function("waits", 81, "async def") + outer
    assert oversized("m.py", padded(text, 501)) == [
        "m.py: 501 lines (at most 500)",
        "m.py:1 long(): 81 lines (at most 80)",
        "m.py:82 waits(): 81 lines (at most 80)",
        "m.py:163 outer(): 83 lines (at most 80)",
        "m.py:164 inner(): 81 lines (at most 80)",
    ]


def test_no_module_over_500_lines_and_no_function_over_80():
    found = []
    for path in sorted(ADDIN.rglob("*.py")):
        if "__pycache__" not in path.parts:
            relative = path.relative_to(ADDIN.parent).as_posix()
            found += oversized(relative, path.read_text(encoding="utf-8"))
    assert not found, "over the limits:\n" + "\n".join(found)
