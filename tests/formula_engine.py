"""Test support: evaluate Excel formulas/workbooks with the ``formulas`` engine.

``formulas`` (PyPI, vinci1it2000) is an independent Python implementation of
the Excel calculation engine.  This module lets tests register our Python
Excel functions (the xlwings UDFs) as ``formulas`` custom functions and then

* ``evaluate('=DAYRATE(A2,B2,TRUE,"mid")', {"A2": "LLM Engineer", ...})``
* ``calculate_workbook(path)`` -> ``{(sheet_name, "A1"): value, ...}``

Values handed back are plain Python: ``float``/``int``/``bool``/``str``,
``None`` for an empty cell, the error text (``"#N/A"``, ``"#VALUE!"``, ...)
for an Excel error, and a 2-D list of those for an array result.

How arguments reach a registered function (what xlwings hands a UDF, the same
for classic/COM and Office.js runtimes):

* a reference to one cell, or any 1x1 value, arrives as a scalar;
* a multi-cell reference arrives as a 2-D list of rows (even a single row or
  column) -- unless the function carries xlwings metadata (``@xw.func`` /
  ``@xw.arg``), in which case the xlwings ``ndim`` rules apply (default:
  scalar / 1-D list for one row or column / 2-D list; ``ndim=1``; ``ndim=2``);
* an empty cell and the empty string become ``None`` (xlwings ``empty``
  option is honoured); an error cell becomes ``None`` (or its text with the
  xlwings ``err_to_str=True`` option);
* numbers become ``float`` (Excel only has doubles; xlwings ``numbers=int`` is
  honoured), ``TRUE``/``FALSE`` become ``bool``;
* omitted *trailing* arguments are not passed, so Python defaults apply.
  NOTE: an omitted *middle* argument (``=F(A1,,3)``) arrives as ``0`` --
  that is how ``formulas`` compiles an empty argument; avoid it in tests.

Results (as xlwings' Office.js runtimes -- Lite/Server -- write them):
``LookupError`` -> ``#N/A``; any other exception -> ``#VALUE!``; a returned
error text such as ``"#N/A"`` -> that Excel error value; ``None`` -> ``""``;
NaN -> ``#NUM!``; ``date``/``datetime`` -> Excel serial number; a list (1-D =
one row, or 2-D) -> a ``formulas`` Array.  An
array only fills several cells of a workbook when the cell holds a legacy
array (CSE) formula, e.g. openpyxl ``ArrayFormula("D2:D4", "=F(A1:B3)")``;
``formulas`` does not spill dynamic arrays (a plain formula keeps only the
top-left value).

``evaluate`` inputs: ``None``/missing = empty cell, ``date``/``datetime`` ->
Excel serial (that is what a workbook stores), ``XL_ERRORS["#N/A"]`` for an
error cell.  Workbooks: dates are read as serial numbers.

Known ``formulas`` 1.3.4 limits that matter for templates (see the report
that came with this module): no OFFSET/SEQUENCE/CELL, no structured table
references (one such formula makes the whole load fail), no sheet-scoped
defined names (give ``#REF!``), no apostrophes in sheet names, whole-column
references (``A:A``) cost ~8 s each, ``--(cond)`` does not coerce to numbers
(use ``1*(cond)``), ``TRIM`` strips tabs and no-break spaces and does not collapse
inner spaces (replaced here by ``excel_trim``, as Excel's), ``TEXT`` rounds
half-to-even, ``DATEDIF`` needs an upper-case ``"D"`` unit, ``ROUND`` does
not apply Excel's 15-digit correction (``ROUND(1.005,2)`` gives 1.0).
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import math
import os
import re
from typing import Any, Callable, Iterable, Mapping

import formulas
import numpy as np
import schedula as sh
from formulas.excel import BOOK
from formulas.functions import (
    Array,
    get_functions,
    not_implemented,
    wrap_ranges_func,
    wrap_ufunc,
)
from formulas.functions.text import _kw1
from formulas.ranges import Ranges
from formulas.tokens.operand import Error, XlError
from openpyxl.utils.cell import get_column_letter, range_boundaries

__all__ = [
    "register", "unregister", "registered", "registered_names",
    "evaluate", "calculate_workbook", "load_model", "to_plain",
    "EMPTY", "XL_ERRORS",
]

#: How ``formulas`` represents an empty cell (``schedula.EMPTY``).
EMPTY = sh.EMPTY
#: ``formulas`` error singletons by text, e.g. ``XL_ERRORS["#N/A"]``.
XL_ERRORS = Error.errors

_MISSING = object()
#: NAME -> what the registry held before we registered NAME (or _MISSING).
_saved: dict[str, Any] = {}

_EXCEL_EPOCH = _dt.datetime(1899, 12, 30)

#: Solution keys look like "'[book.xlsx]SHEET NAME'!B7" or "...'!D2:D4".
_KEY_RE = re.compile(
    r"^'\[(?P<book>[^\]]*)\](?P<sheet>.+)'!(?P<ref>[A-Z]{1,3}[0-9]+(?::[A-Z]{1,3}[0-9]+)?)$"
)


def excel_trim(text: str) -> str:
    """Excel's TRIM: drops ASCII spaces (32) at both ends and leaves one of each inner run;
    a tab, a line break or a no-break space is kept (``formulas`` 1.3.4 strips every kind
    of white space and collapses nothing, which would hide a difference between the
    template and Python)."""
    return " ".join(w for w in text.split(" ") if w)


# As Excel, for every workbook and formula these tests compute.
get_functions()["TRIM"] = wrap_ufunc(excel_trim, **_kw1)

#: Functions newer than Excel 2007: a workbook file must spell them "_xlfn.NAME"; Excel and
#: LibreOffice show #NAME? for the bare name, which ``formulas`` would compute.
NEWER_FUNCTIONS = ("UNICHAR", "UNICODE", "IFNA", "IFS", "SWITCH", "CONCAT", "TEXTJOIN",
                   "MAXIFS", "MINIFS", "XLOOKUP", "XMATCH", "DAYS", "ISFORMULA", "FILTER",
                   "SORT", "UNIQUE", "SEQUENCE", "LET")


_TYPED_NEWER = re.compile(r"(?<![\w.])(%s)\(" % "|".join(NEWER_FUNCTIONS), re.IGNORECASE)


def _bare_newer_function(*args):
    return XL_ERRORS["#NAME?"]


for _name in NEWER_FUNCTIONS:
    if _name in get_functions():
        get_functions().setdefault("_XLFN." + _name, get_functions()[_name])
        get_functions()[_name] = _bare_newer_function


# --------------------------------------------------------------------------
# value conversion
# --------------------------------------------------------------------------
def _excel_serial(value: _dt.date) -> float:
    if not isinstance(value, _dt.datetime):
        value = _dt.datetime(value.year, value.month, value.day)
    delta = value.replace(tzinfo=None) - _EXCEL_EPOCH
    return delta.days + delta.seconds / 86400 + delta.microseconds / 864e8


def _plain_scalar(v: Any) -> Any:
    """One ``formulas`` value -> plain Python (no argument massaging)."""
    if v is EMPTY:
        return None
    if isinstance(v, XlError):
        return str(v)
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    if isinstance(v, np.ndarray):  # 0-d or nested arrays
        return to_plain(v)
    return v


def to_plain(value: Any) -> Any:
    """A ``formulas`` result (Ranges / Array / scalar) -> plain Python.

    1x1 and 0-d arrays collapse to a scalar, bigger arrays become 2-D lists.
    """
    if isinstance(value, Ranges):
        value = value.value
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return _plain_scalar(value.item())
        if value.size == 1:
            return _plain_scalar(value.ravel()[0])
        arr = value if value.ndim == 2 else np.atleast_2d(value)
        return [[_plain_scalar(x) for x in row] for row in arr.tolist()]
    return _plain_scalar(value)


def _arg_element(v: Any, opts: Mapping[str, Any]) -> Any:
    """One cell value as an xlwings UDF would receive it."""
    if v is EMPTY or (isinstance(v, str) and v == "" and not isinstance(v, XlError)):
        return opts.get("empty")
    if isinstance(v, XlError):
        return str(v) if opts.get("err_to_str") else None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.integer, np.floating)):
        number = opts.get("numbers")
        if number is int:
            return int(v)
        return number(v) if callable(number) else float(v)
    if isinstance(v, _dt.date):
        return _excel_serial(v)
    return v


def _raw_element(v: Any) -> Any:
    """One cell value as Office.js sends it to a custom function."""
    if isinstance(v, XlError):
        return {"type": "Error", "basicValue": str(v)}
    if v is EMPTY:
        return None
    return _arg_element(v, {})


def _convert_arg(value: Any, opts: Mapping[str, Any], xlwings_dims: bool) -> Any:
    if isinstance(value, Ranges):
        value = value.value
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            rows = [[value.item()]]
        else:
            rows = np.atleast_2d(value).tolist()
    else:
        rows = [[value]]
    if opts.get("convert") == "raw":
        # As xlwings' Office.js runtimes pass a raw argument: 1x1 as a scalar, a range as
        # rows; empty cells as None, numbers as floats, errors as Excel's error objects.
        rows = [[_raw_element(x) for x in row] for row in rows]
        return rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else rows
    rows = [[_arg_element(x, opts) for x in row] for row in rows]
    if opts.get("transpose"):
        rows = [list(col) for col in zip(*rows)]
    n_rows, n_cols = len(rows), len(rows[0]) if rows else 0
    ndim = opts.get("ndim") if xlwings_dims else None
    if ndim == 2:
        return rows
    if ndim == 1:
        if n_rows == 1:
            return rows[0]
        if n_cols == 1:
            return [r[0] for r in rows]
        raise ValueError("Range must be 1-by-n or n-by-1 when ndim=1.")
    if n_rows == 1 and n_cols == 1:
        return rows[0][0]
    if xlwings_dims:  # xlwings default "squeeze"
        if n_rows == 1:
            return rows[0]
        if n_cols == 1:
            return [r[0] for r in rows]
    return rows


def _result_element(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, XlError):
        return v
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.integer, np.floating)):
        v = float(v)
        return XL_ERRORS["#NUM!"] if math.isnan(v) else v  # as Office.js xlwings
    if isinstance(v, _dt.date):
        return _excel_serial(v)
    if isinstance(v, str) and v in XL_ERRORS:
        # xlwings' Office.js converter writes an error string such as "#N/A" as that
        # Excel error value (runtime 1.4); mirror it so IFNA/ISERROR behave as in Excel.
        return XL_ERRORS[v]
    return v


def _convert_result(res: Any) -> Any:
    if isinstance(res, np.ndarray):
        res = res.tolist()
    elif isinstance(res, tuple):
        res = list(res)
    if isinstance(res, list):
        if not res:
            return ""
        if not isinstance(res[0], (list, tuple)):
            res = [res]  # xlwings writes a 1-D list as one row
        rows = [[_result_element(x) for x in row] for row in res]
        width = max(len(r) for r in rows)
        rows = [r + [XL_ERRORS["#N/A"]] * (width - len(r)) for r in rows]
        return np.asarray(rows, dtype=object).view(Array)
    return _result_element(res)


# --------------------------------------------------------------------------
# registration
# --------------------------------------------------------------------------
def _arg_options(func: Callable) -> tuple[list[dict], bool]:
    """Per-positional-argument xlwings options, and whether func is an xlwings UDF."""
    info = getattr(func, "__xlfunc__", None)
    if not info:
        return [], False
    opts = []
    for arg in info.get("args", []):
        o = dict(arg.get("options", {}))
        convert = o.get("convert")
        if convert not in (None, list, tuple, str, float, int, bool, Any,
                           "default", "raw", _dt.datetime, _dt.date):
            raise NotImplementedError(
                f"{info.get('name')}: xlwings convert={convert!r} is not "
                "supported by tests/formula_engine.py"
            )
        opts.append(o)
    return opts, True


def _make_wrapper(name: str, func: Callable) -> Callable:
    arg_opts, xlwings_dims = _arg_options(func)

    def options(i: int) -> Mapping[str, Any]:
        if not arg_opts:
            return {}
        return arg_opts[min(i, len(arg_opts) - 1)]  # last one covers *args

    def excel_function(*args):
        try:
            py_args = [
                _convert_arg(a, options(i), xlwings_dims)
                for i, a in enumerate(args)
            ]
            result = func(*py_args)
        except LookupError:
            return XL_ERRORS["#N/A"]
        except Exception:  # noqa: BLE001 - Excel shows #VALUE! for any failure
            return XL_ERRORS["#VALUE!"]
        try:
            return _convert_result(result)
        except Exception:  # noqa: BLE001
            return XL_ERRORS["#VALUE!"]

    excel_function.__name__ = name
    excel_function.__qualname__ = name
    excel_function.__wrapped_udf__ = func
    # wrap_ranges_func turns Ranges into their 2-D value and defers the call
    # (sh.NONE) while formulas compiles a cell whose inputs are not known yet.
    return wrap_ranges_func(excel_function)


def register(functions: Mapping[str, Callable]) -> None:
    """Register ``{excel_name: python_callable}`` as ``formulas`` functions.

    Names are upper-cased (``_XLUDF.<NAME>`` is registered too, the prefix
    Excel writes for not-yet-known user functions).  Must be called before
    formulas are parsed / workbooks loaded: ``formulas`` treats an unknown
    function name in a workbook as a defined name.  Idempotent: registering a
    name again replaces the wrapper; ``unregister`` restores the original
    registry entry.
    """
    registry = get_functions()
    wrappers = {}
    for name, func in functions.items():
        if not callable(func):
            raise TypeError(f"{name!r}: {func!r} is not callable")
        upper = name.upper()
        wrapper = _make_wrapper(upper, func)
        for key in (upper, "_XLUDF." + upper):
            wrappers[key] = wrapper
    for key, wrapper in wrappers.items():
        if key not in _saved:
            _saved[key] = registry[key] if key in registry else _MISSING
        registry[key] = wrapper


def unregister(names: Iterable[str] | None = None) -> None:
    """Undo ``register`` for ``names`` (default: everything we registered)."""
    registry = get_functions()
    if names is None:
        keys = list(_saved)
    else:
        keys = []
        for n in names:
            keys += [n.upper(), "_XLUDF." + n.upper()]
    for key in keys:
        previous = _saved.pop(key, _MISSING)
        if key not in registry and previous is _MISSING:
            continue
        if previous is _MISSING:
            registry.pop(key, None)
        else:
            registry[key] = previous


def registered_names() -> list[str]:
    """Names currently registered through this module (without aliases)."""
    return sorted(k for k in _saved if not k.startswith("_XLUDF."))


@contextlib.contextmanager
def registered(functions: Mapping[str, Callable]):
    """``with registered({"DOUBLE": f}): ...`` -- unregisters on exit."""
    register(functions)
    try:
        yield
    finally:
        unregister(functions.keys())


# --------------------------------------------------------------------------
# single formulas
# --------------------------------------------------------------------------
def _norm_ref(ref: str) -> str:
    return ref.replace("$", "").upper()


def _cell_input(v: Any) -> Any:
    """A test-supplied cell value as the workbook would store it."""
    if v is None:
        return EMPTY
    if isinstance(v, _dt.date):
        return _excel_serial(v)
    return v


def _input_value(name: str, cells: Mapping[str, Any]) -> Any:
    if name in cells:
        value = cells[name]
        if isinstance(value, (list, tuple)):
            rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in value]
            arr = np.empty((len(rows), max(map(len, rows))), dtype=object)
            arr[:, :] = EMPTY
            for i, row in enumerate(rows):
                for j, v in enumerate(row):
                    arr[i, j] = _cell_input(v)
            return arr
        return np.asarray([[_cell_input(value)]], dtype=object)
    try:
        rng = Ranges.get_range(name)
    except Exception:  # a defined name that was not given
        return np.asarray([[EMPTY]], dtype=object)
    sheet = name.rsplit("!", 1)[0] + "!" if "!" in name else ""
    r1, r2, n1, n2 = int(rng["r1"]), int(rng["r2"]), rng["n1"], rng["n2"]
    arr = np.empty((r2 - r1 + 1, n2 - n1 + 1), dtype=object)
    for i, r in enumerate(range(r1, r2 + 1)):
        for j, c in enumerate(range(n1, n2 + 1)):
            key = f"{sheet}{get_column_letter(c)}{r}"
            arr[i, j] = _cell_input(cells.get(key))
    return arr


def evaluate(formula: str, cells: Mapping[str, Any] | None = None) -> Any:
    """Evaluate one Excel formula with the ``formulas`` engine.

    ``cells`` maps references used by the formula ("A2", "Sheet2!B3",
    a defined name, or a whole range "A1:B3" -> 2-D list) to their values;
    ``None`` or a missing cell means an empty cell.  Returns plain Python
    (see module docstring); errors come back as text, e.g. ``"#N/A"``.
    """
    if not formula.lstrip().startswith("="):
        formula = "=" + formula
    # A formula typed into Excel: Excel adds the prefix of a newer function when it saves.
    formula = _TYPED_NEWER.sub(r"_xlfn.\1(", formula)
    cells = {_norm_ref(k): v for k, v in (cells or {}).items()}
    registry = get_functions()
    known = set(registry)
    try:
        func = formulas.Parser().ast(formula)[1].compile()
        inputs = {}
        for name in func.inputs:
            value = _input_value(_norm_ref(name), cells)
            try:
                inputs[name] = Ranges().push(name, value)
            except Exception:  # defined names are not ranges: pass the array
                inputs[name] = value
        return to_plain(func(**inputs))
    except sh.DispatcherError as ex:  # unknown function, as Excel shows it
        if isinstance(getattr(ex, "ex", None), NotImplementedError):
            return "#NAME?"
        raise
    finally:
        # get_functions() is a defaultdict: looking up an unknown name while
        # compiling inserts a stub; drop it so it cannot shadow later lookups.
        for name in set(registry) - known:
            if registry[name] is not_implemented:
                del registry[name]


# --------------------------------------------------------------------------
# workbooks
# --------------------------------------------------------------------------
def load_model(path: str | os.PathLike, circular: bool = False):
    """``formulas.ExcelModel`` for ``path``, loaded and finished."""
    return formulas.ExcelModel().loads(os.fspath(path)).finish(circular=circular)


def _sheet_map(model, path: str) -> dict[str, str]:
    """UPPER-CASED sheet name (as formulas spells it) -> real sheet name."""
    names = {}
    for data in getattr(model, "books", {}).values():
        book = data.get(BOOK)
        if book is not None:
            names.update((n.upper(), n) for n in book.sheetnames)
    if not names:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        try:
            names = {n.upper(): n for n in wb.sheetnames}
        finally:
            wb.close()
    return names


def calculate_workbook(
    path: str | os.PathLike, circular: bool = False, *, model=None,
) -> dict[tuple[str, str], Any]:
    """Calculate every formula of an .xlsx with ``formulas``.

    Returns ``{(sheet_name, "B7"): value}`` for every cell ``formulas`` knows
    (all non-empty cells plus empty cells referenced by formulas; array-formula
    ranges are expanded cell by cell).  Sheet names are spelled as in the
    workbook.  Defined names are evaluated too but not returned (read them
    through the cell they refer to).  Register custom functions first.
    """
    path = os.fspath(path)
    model = model or load_model(path, circular=circular)
    solution = model.calculate()
    sheets = _sheet_map(model, path)
    formula_outputs = set(getattr(model, "cells", ()))
    out: dict[tuple[str, str], Any] = {}
    singles: dict[tuple[str, str], Any] = {}
    for key, value in solution.items():
        if not isinstance(key, str) or not isinstance(value, Ranges):
            continue
        m = _KEY_RE.match(key)
        if not m:  # defined names ("'[book.xlsx]'!SCENARIO"), spill anchors
            continue
        min_col, min_row, max_col, max_row = range_boundaries(m["ref"])
        single = (min_col, min_row) == (max_col, max_row)
        if not single and key not in formula_outputs:
            continue  # a range some formula reads; its cells are listed singly
        sheet_up = m["sheet"].replace("''", "'")
        sheet = sheets.get(sheet_up, sheet_up)
        try:
            arr = np.atleast_2d(np.asarray(value.value, dtype=object))
        except Exception:  # noqa: BLE001 - value not computed
            continue
        for i in range(max_row - min_row + 1):
            for j in range(max_col - min_col + 1):
                try:
                    v = arr[i, j]
                except IndexError:
                    v = arr[0, 0] if arr.size == 1 else EMPTY
                cell = (sheet, f"{get_column_letter(min_col + j)}{min_row + i}")
                (singles if single else out)[cell] = _plain_scalar(v)
    out.update(singles)  # a cell's own node wins over a range containing it
    return out
