"""Excel layer: reading the worksheet functions' arguments as Excel sends them, spreading
columns over the engine and showing the engine's errors as each runtime can.

The excel modules share its underscored helpers; nothing outside addin/excel uses them.
"""

from __future__ import annotations

import sys
from importlib import import_module

import xlwings as xw

from ..base.errors import GuideError, InvalidValueError, NotInGuideError
from ..guide.names import is_blank


class _OnFirstUse:
    """A module of ours imported on its first attribute lookup, which then takes this
    object's place in the module that made it (``namespace``, its globals()). xlwings Lite
    compiles the package from source at each start: the plan and cost functions' modules
    are compiled when one is first called."""

    __slots__ = ("name", "namespace")

    def __init__(self, name: str, namespace: dict):
        self.name = name
        self.namespace = namespace

    def __getattr__(self, attr: str):
        module = import_module(self.name, __package__)
        self.namespace[self.name.rpartition(".")[2]] = module
        return getattr(module, attr)


CATEGORY = "UK AI Pay"
# Classic xlwings (Windows COM) cannot return error values: it shows the message as text.
# Office.js runtimes (Lite, Server) get Excel error values; xlwings turns a raised error
# into #VALUE! with the message on the cell's error flag.
CLASSIC = sys.platform.startswith("win") and not getattr(xw, "on_server", False)
NOT_FOUND, BAD_VALUE = "#N/A", "#VALUE!"

func = xw.func(category=CATEGORY)


def _doc(name: str, text: str):
    """One argument's description, taken raw: a cell or a range as Excel sends it.

    xlwings' own cleaning costs about 60 us an argument and 50 us a cell of a column
    (benchmarks/bench_udfs.py); _cell cleans the raw values instead, in a few us.
    """
    return xw.arg(name, "raw", doc=text)


def _docs(pairs):
    """Return a decorator giving several arguments their descriptions, (name, text) in order."""
    def decorate(f):
        for name, text in reversed(pairs):
            f = _doc(name, text)(f)
        return f
    return decorate


# Error cells as classic xlwings hands them over raw (pywin32's COM error codes).
_COM_ERRORS = {-2146826281: "#DIV/0!", -2146826246: NOT_FOUND, -2146826259: "#NAME?",
               -2146826288: "#NULL!", -2146826252: "#NUM!", -2146826265: "#REF!",
               -2146826273: BAD_VALUE}


def _error_cell(shown: str) -> GuideError:
    """The error of a cell holding an Excel error: #N/A passes through as #N/A (so IFNA
    works on the result), any other error value gives #VALUE! with its name. The error
    keeps the value's name (``excel_error``) for a Plan row's message."""
    if shown in (NOT_FOUND, "NotAvailable"):
        error = NotInGuideError("A cell holds #N/A: the value it looks up is missing.")
        shown = NOT_FOUND
    else:
        error = InvalidValueError(f"A cell holds the Excel error {shown}: fix that cell first.")
    error.excel_error = shown
    return error


def _cell(value: object) -> object:
    """Return one cell's value as the engine takes it: None for an empty cell, the basic
    value of an Office.js rich value, and a GuideError for an error cell."""
    if value is None or isinstance(value, (str, float, int)):
        if value.__class__ is int and CLASSIC and value in _COM_ERRORS:
            return _error_cell(_COM_ERRORS[value])
        return None if value == "" else value
    if isinstance(value, dict):  # Office.js rich values (runtime 1.4)
        if value.get("type") == "Error":
            return _error_cell(value.get("basicValue") or value.get("errorType", "error"))
        return value.get("basicValue")
    if type(value).__name__ == "JsNull":  # Pyodide >= 0.28 sends empty cells as JS null
        return None
    return value  # e.g. a datetime from classic xlwings


def _cells(value: object, name: str) -> list:
    """Return the cleaned values of a cell or a one-column range, top to bottom."""
    if not isinstance(value, (list, tuple)):
        return [_cell(value)]
    if value and all(isinstance(row, (list, tuple)) and len(row) == 1 for row in value):
        return [_cell(row[0]) for row in value]
    grid = _grid(value)
    raise InvalidValueError(f"{name} must be one cell or one column, not a {len(grid)} x "
                            f"{len(grid[0])} range.")


def _rows(**columns) -> tuple[int, list[tuple]]:
    """Spread one-cell arguments over the length of the column arguments.

    Returns (rows, argument tuples); raises InvalidValueError when two columns differ.
    """
    cols = {name: _cells(value, name) for name, value in columns.items()}
    n = max(len(c) for c in cols.values())
    for name, c in cols.items():
        if len(c) not in (1, n):
            raise InvalidValueError(f"{name} has {len(c)} rows where other columns have {n}.")
    lists = [c * n if len(c) == 1 else c for c in cols.values()]
    return n, list(zip(*lists))


def _grid(value: object) -> list[list]:
    """Return a cell or a range of any shape as rows of cleaned cells (error cells as their
    GuideError)."""
    if not isinstance(value, (list, tuple)):
        rows = [[value]]
    elif not any(isinstance(row, (list, tuple)) for row in value):
        rows = [value]  # xlwings hands a one-row range over as that row
    else:
        rows = value
    return [[_cell(c) for c in (row if isinstance(row, (list, tuple)) else [row])] for row in rows]


def _height(*values) -> int:
    """Return the number of rows of the tallest argument (a cell is one row)."""
    return max(len(v) if isinstance(v, (list, tuple)) else 1 for v in values)


def _checked(compute):
    """Wrap ``compute`` so that a row holding an Excel error cell fails with that error."""
    def call(*args):
        for arg in args:
            if isinstance(arg, GuideError):
                raise arg
        return compute(*args)
    return call


def _given(**options) -> dict:
    """Return the options that are not empty: an empty cell or an omitted argument takes
    the engine's own default."""
    return {k: v for k, v in options.items() if not is_blank(v)}


def _failure(error: GuideError) -> object:
    """What a rejected cell shows: the message (classic) or an Excel error value."""
    if CLASSIC:
        return str(error)
    return NOT_FOUND if isinstance(error, LookupError) else BAD_VALUE


def _scalar_failure(error: GuideError) -> object:
    if CLASSIC:
        return str(error)
    if isinstance(error, LookupError):
        return [[NOT_FOUND]]
    raise error  # xlwings shows it as #VALUE! with this one-line message


def _spread(compute, width: int, **columns):
    """Apply ``compute`` to each row of arguments; one cell in, one result out.

    ``compute`` returns a number or a list of ``width`` numbers. A rejected row shows its
    failure in every column of that row; a rejected single call follows the runtime rule.
    """
    try:
        n, rows = _rows(**columns)
    except GuideError as e:
        return _scalar_failure(e)
    compute = _checked(compute)
    if n == 1:
        try:
            out = compute(*rows[0])
        except GuideError as e:
            return _scalar_failure(e)
        return [out] if isinstance(out, list) else out
    results = []
    for args in rows:
        try:
            out = compute(*args)
        except GuideError as e:
            out = [_failure(e)] * width
        results.append(out if isinstance(out, list) else [out])
    return results


def _spread_band(lookup, point, **columns):
    """Spread a band lookup: [low, mid, high] per row when ``point`` is omitted, else the
    value at each row's point. ``lookup`` takes the ``columns`` in order."""
    try:
        whole = all(is_blank(p) for p in _cells(point, "point"))
    except GuideError as e:
        return _scalar_failure(e)

    def compute(*args):
        *names, p = args
        band = lookup(*names)
        if whole:
            return [band.low, band.mid, band.high]
        if is_blank(p):
            raise InvalidValueError("point is empty in this row: give a point in every row or none.")
        return band.at(p)

    return _spread(compute, 3 if whole else 1, **columns, point=point)



def _one(value: object, name: str) -> object:
    """Return the cleaned value of an argument that must be one cell; raises its error."""
    cells = _cells(value, name)
    if len(cells) != 1:
        raise InvalidValueError(f"{name} must be one cell, not {len(cells)}.")
    if isinstance(cells[0], GuideError):
        raise cells[0]
    return cells[0]


def _our_bands(value) -> object:
    """Return our bands of a range (guide/our_bands.cached_range: None when no row below the
    header holds anything), read once however many calls hand it over; raises
    InvalidValueError naming the row of a wrong table, or an error cell's error."""
    grid = tuple(tuple(r) for r in _grid(value))
    for r in grid:
        error = next((c for c in r if isinstance(c, GuideError)), None)
        if error is not None:
            raise error
    return import_module("..guide.our_bands", __package__).cached_range(grid, "Our bands, row")


_BANDS_DOC = "Our bands (optional): the Our bands table, header row first; a level of ours (L5) then works."
_AGAINST_DOC = "\"ours\" (default with bands) or \"market\" (the guide's band of the level ours maps to)."
_NAMES_DOC = "Our bands (optional): the Our bands table, header row first; our names (L5) read as the guide's."


def _mapped(compute, bands, region: int | None = None, first: int = 0):
    """Return ``compute`` reading its role and level (arguments ``first`` and ``first`` + 1)
    as the guide's names our bands map them to (OurBands.guide_names, in the region of
    argument ``region``); ``compute`` itself without bands. Raises the range's error."""
    ours = None if bands is None else _our_bands(bands)
    if ours is None:
        return compute

    def call(*args):
        names = ours.guide_names(args[first], args[first + 1],
                                 None if region is None else args[region])
        return compute(*args[:first], *names, *args[first + 2:])

    return call
