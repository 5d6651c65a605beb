"""A stand-in for Excel behind xlwings Lite's JavaScript, which ENFORCES Excel's rules.

Plain Python with no imports beyond the standard library, so that the same rules run in
CPython (tests/test_excel_standin.py), in Pyodide under Node.js (run_main.mjs) and in any
other runner. It holds a workbook's cells as ``state`` (a JSON-ready dict; CPython builds it
from an .xlsx with ``state_from_xlsx``), answers what Lite's JavaScript answers to a script
(``book_payload``: getBookData; ``get_range_data``: getRangeData) and applies the actions a
script sends (``run_actions``: runActions), refusing as Excel does:

- a write into part of a legacy (Ctrl+Shift+Enter) array, or a clear of part of one
  ("You can't change part of an array"); every cell of a legacy array reports the
  array's formula when formulas are read, as Office.js does;
- a write or clear of a locked cell on a protected sheet (xlwings' Lite API has no action
  that unprotects a sheet);
- an action it does not model (so it never accepts what it cannot check).

It also keeps what Excel shows: a formula that calls an add-in function entered before
the add-in registered its functions (every formula in the file) stays #NAME? until its
cell is re-entered after registration; a dynamic array's spilled cells report values,
and a write into one of them blocks the spill (#SPILL! in its anchor).
"""

from __future__ import annotations

import re

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")
_DATE_FORMATS = re.compile(r"[dy]", re.IGNORECASE)


class Refused(Exception):
    """Excel refused an action (Office.js rejects the batch at that action)."""


def col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(c: int) -> str:
    s = ""
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def parse_ref(ref: str) -> tuple[int, int, int, int]:
    """Return (first row, first column, last row, last column), 1-based, of "A1" or "A1:B2"."""
    m = _REF.match(ref.split("!")[-1])
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    r1, c1 = int(m[2]), col_number(m[1])
    r2, c2 = (int(m[4]), col_number(m[3])) if m[3] else (r1, c1)
    return r1, c1, r2, c2


def _inside(r, c, box):
    return box[0] <= r <= box[2] and box[1] <= c <= box[3]


def _overlaps(a, b):
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def _covers(a, b):
    return a[0] <= b[0] and a[1] <= b[1] and a[2] >= b[2] and a[3] >= b[3]


class Excel:
    """One workbook open in Excel with an add-in whose functions are ``state["functions"]``."""

    def __init__(self, state: dict):
        self.functions = [f.upper() for f in state["functions"]]
        self._calls = re.compile(
            r"(?<![\w.])(?:_xldudf_\w*?_|[A-Za-z_]\w*\.)?(?:%s)\s*\(" % "|".join(self.functions),
            re.IGNORECASE) if self.functions else None
        self.names = list(state.get("names", []))
        self.sheets = []
        for s in state["sheets"]:
            cells = {}
            for ref, cell in s["cells"].items():
                r, c, _, _ = parse_ref(ref)
                cell = dict(cell)
                if cell.get("f"):
                    cell["bound"] = False  # in the file: entered before registration
                cells[(r, c)] = cell
            arrays = [{"box": parse_ref(a["ref"]), "dynamic": bool(a["dynamic"]), "blocked": False}
                      for a in s.get("arrays", [])]
            self.sheets.append({"name": s["name"], "protected": bool(s.get("protected")),
                                "cells": cells, "arrays": arrays})
        self.applied: list[dict] = []
        self.refused: list[tuple[dict, str]] = []

    # --- what a cell holds and shows ----------------------------------------------------
    def sheet(self, name_or_position):
        if isinstance(name_or_position, int):
            return self.sheets[name_or_position]
        for s in self.sheets:
            if s["name"] == name_or_position:
                return s
        raise Refused(f"The sheet {name_or_position!r} does not exist.")

    def calls_ours(self, formula) -> bool:
        return bool(self._calls and isinstance(formula, str) and self._calls.search(formula))

    def _array_at(self, sheet, r, c):
        for a in sheet["arrays"]:
            if _inside(r, c, a["box"]):
                return a
        return None

    def shows(self, sheet_name: str, ref: str):
        """Return what Excel shows in a cell: "#NAME?" for an unbound call of ours,
        "#SPILL!" for a blocked dynamic array's anchor, else the cell's value or formula."""
        s = self.sheet(sheet_name)
        r, c, _, _ = parse_ref(ref)
        cell = s["cells"].get((r, c), {})
        a = self._array_at(s, r, c)
        if a and a["dynamic"] and (r, c) == a["box"][:2] and a["blocked"]:
            return "#SPILL!"
        formula = self._formula_of(s, r, c)
        if formula and self.calls_ours(formula):
            anchor = s["cells"].get(a["box"][:2], {}) if a else cell
            if not anchor.get("bound"):
                return "#NAME?"
            return formula
        return formula or cell.get("v")

    def _formula_of(self, sheet, r, c):
        """The formula Office.js reports for a cell: a legacy array's in each of its cells,
        a dynamic array's in its anchor only; None for a value or an empty cell."""
        a = self._array_at(sheet, r, c)
        if a and not a["dynamic"]:
            return sheet["cells"].get(a["box"][:2], {}).get("f")
        return sheet["cells"].get((r, c), {}).get("f")

    def _value_of(self, sheet, r, c, date_categories):
        cell = sheet["cells"].get((r, c), {})
        if self._formula_of(sheet, r, c) and self.calls_ours(self._formula_of(sheet, r, c)):
            a = self._array_at(sheet, r, c)
            anchor = sheet["cells"].get(a["box"][:2], {}) if a else cell
            if not anchor.get("bound"):
                return "#NAME?"
        v = cell.get("v")
        if v is None:
            return ""
        if date_categories and cell.get("date") and isinstance(v, (int, float)):
            return _iso(v)  # getBookData: Date-category cells as ISO text (ExcelApi 1.12)
        return v

    # --- what Lite's JavaScript answers ---------------------------------------------------
    def used_box(self, sheet) -> tuple[int, int]:
        rows = [r for (r, c), cell in sheet["cells"].items() if cell.get("f") or cell.get("v") not in (None, "")]
        cols = [c for (r, c), cell in sheet["cells"].items() if cell.get("f") or cell.get("v") not in (None, "")]
        for a in sheet["arrays"]:
            rows.append(a["box"][2])
            cols.append(a["box"][3])
        return (max(rows, default=1), max(cols, default=1))

    def book_payload(self, version: str, date_categories: bool = True) -> dict:
        """Return what getBookData sends: every sheet's values from A1 to its last used
        cell, the workbook-scoped names that point at ranges."""
        sheets = []
        for s in self.sheets:
            nr, nc = self.used_box(s)
            values = [[self._value_of(s, r, c, date_categories) for c in range(1, nc + 1)]
                      for r in range(1, nr + 1)]
            sheets.append({"name": s["name"], "values": values, "pictures": [], "tables": []})
        names = []
        for n in self.names:
            names.append({"name": n["name"], "sheet_index": [s["name"] for s in self.sheets].index(n["sheet"]),
                          "address": n["address"], "scope_sheet_name": None,
                          "scope_sheet_index": None, "book_scope": True})
        return {"client": "Office.js", "version": version,
                "book": {"name": "Budget.xlsx", "active_sheet_index": 0, "selection": "A1"},
                "names": names, "sheets": sheets}

    def get_range_data(self, sheet_name: str, address: str, keys) -> dict:
        """Answer getRangeData: "formulas" (each cell's formula, else its value, "" when
        empty) and "formula_array" (the legacy array formula of a range that is exactly
        one such array, else None). Any other key is refused: it is not modelled."""
        s = self.sheet(sheet_name)
        box = parse_ref(address)
        out = {}
        for key in keys:
            if key == "formulas":
                out[key] = [[self._formula_of(s, r, c) or self._value_of(s, r, c, False)
                             for c in range(box[1], box[3] + 1)] for r in range(box[0], box[2] + 1)]
            elif key == "formula_array":
                hit = [a for a in s["arrays"] if not a["dynamic"] and a["box"] == box]
                out[key] = s["cells"][box[:2]]["f"] if hit else None
            else:
                raise Refused(f"getRangeData({key!r}) is not modelled by the stand-in.")
        return out

    # --- the actions a script sends -------------------------------------------------------
    def run_actions(self, actions) -> None:
        """Apply ``actions`` in order, as Lite's runActions does; raises Refused at the first
        one Excel refuses (the ones before it stay applied)."""
        for action in actions:
            try:
                self._apply(action)
            except Refused as e:
                self.refused.append((action, str(e)))
                raise
            self.applied.append(action)

    def _box(self, a):
        r, c = a["start_row"] + 1, a["start_column"] + 1
        return (r, c, r + a["row_count"] - 1, c + a["column_count"] - 1)

    def _check_change(self, s, box, clearing: bool):
        for arr in s["arrays"]:
            if arr["dynamic"] or not _overlaps(arr["box"], box):
                continue
            single = arr["box"][:2] == arr["box"][2:]
            if not (_covers(box, arr["box"]) and (clearing or single)):
                raise Refused("You can't change part of an array.")
        if s["protected"]:
            for r in range(box[0], box[2] + 1):
                for c in range(box[1], box[3] + 1):
                    if s["cells"].get((r, c), {}).get("locked", True):
                        raise Refused(f"The cell {col_letters(c)}{r} is on a protected sheet: "
                                      "it is locked.")

    def _write(self, s, r, c, value):
        for arr in list(s["arrays"]):
            if not _inside(r, c, arr["box"]):
                continue
            if (r, c) == arr["box"][:2]:
                if not (isinstance(value, str) and value.startswith("=")):
                    s["arrays"].remove(arr)  # a value over the anchor ends the array
                else:
                    arr["dynamic"], arr["blocked"] = True, False  # entered now: it spills
            elif arr["dynamic"] and value not in (None, ""):
                arr["blocked"] = True  # a value in a spilled cell blocks the spill
            elif not arr["dynamic"]:
                raise Refused("You can't change part of an array.")
        cell = s["cells"].setdefault((r, c), {"locked": True})
        text = isinstance(value, str) and value.startswith("'")
        if text:
            value = value[1:]  # Excel's text prefix: the rest is text, whatever it looks like
        elif isinstance(value, str) and value[:1] in ("+", "-", "@") and not _is_number(value):
            value = "=" + value  # Office.js reads it as a formula, as if typed
        if not text and isinstance(value, str) and value.startswith("="):
            # Entered now, after the add-in registered its functions: it binds.
            cell.update(f=value, v=None, bound=True)
            if not self._array_at(s, r, c):
                s["arrays"].append({"box": (r, c, r, c), "dynamic": True, "blocked": False})
        else:
            cell.update(f=None, v=value, bound=False)

    def _apply(self, a):
        func = a["func"]
        if func in ("setFormula", "setValues"):
            s = self.sheet(a["sheet_position"])
            box = self._box(a)
            self._check_change(s, box, clearing=False)
            values = a["values"]
            for i, r in enumerate(range(box[0], box[2] + 1)):
                for j, c in enumerate(range(box[1], box[3] + 1)):
                    v = values[i][j] if isinstance(values, list) else values
                    self._write(s, r, c, v)
        elif func == "rangeClearContents":
            s = self.sheet(a["sheet_position"])
            box = self._box(a)
            self._check_change(s, box, clearing=True)
            s["arrays"] = [arr for arr in s["arrays"]
                           if not (_covers(box, arr["box"]) or
                                   (arr["dynamic"] and _inside(*arr["box"][:2], box)))]
            for (r, c), cell in s["cells"].items():
                if _inside(r, c, box):
                    cell.update(f=None, v=None, bound=False)
        elif func == "sheetClearContents":
            s = self.sheet(a["sheet_position"])
            nr, nc = self.used_box(s)
            self._check_change(s, (1, 1, nr, nc), clearing=True)
            s["arrays"] = []
            for cell in s["cells"].values():
                cell.update(f=None, v=None, bound=False)
        elif func == "addSheet":
            position, name = a["args"][0], a["args"][1]
            if any(x["name"].lower() == str(name).lower() for x in self.sheets):
                raise Refused(f"A sheet named {name!r} already exists.")
            # A new sheet is unprotected, its cells locked (Excel's default style).
            self.sheets.insert(int(position), {"name": str(name), "protected": False,
                                               "cells": {}, "arrays": []})
        else:
            raise Refused(f"The action {func!r} is not modelled by the stand-in.")

    # --- what the tests read back --------------------------------------------------------
    def values(self, sheet_name: str) -> list[list]:
        """Return a sheet's cells from A1 to its last used cell as shown (values; "" empty)."""
        s = self.sheet(sheet_name)
        nr, nc = self.used_box(s)
        return [[self._value_of(s, r, c, False) for c in range(1, nc + 1)] for r in range(1, nr + 1)]

    def report(self, read=()) -> dict:
        """Return what a runner sends back after a script: the refused actions with Excel's
        message, the cells still #NAME?, and the values of the sheets named in ``read``."""
        names = [s["name"] for s in self.sheets]
        return {"refused": self.refused, "unbound": self.unbound(),
                "sheets": {n: self.values(n) for n in read if n in names},
                "formulas": {n: self.formulas_in(n) for n in read if n in names}}

    def formulas_in(self, sheet_name: str) -> list[str]:
        """Return the cells (A1) of a sheet that hold a formula."""
        s = self.sheet(sheet_name)
        return sorted(f"{col_letters(c)}{r}" for (r, c), cell in s["cells"].items() if cell.get("f"))

    def unbound(self) -> list[str]:
        """Return every cell (Sheet!A1) that shows #NAME? for a call of ours."""
        out = []
        for s in self.sheets:
            for (r, c), cell in s["cells"].items():
                if cell.get("f") and self.calls_ours(cell["f"]) and not cell.get("bound"):
                    out.append(f"{s['name']}!{col_letters(c)}{r}")
        return sorted(out)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _iso(serial: float) -> str:
    """An Excel serial number as Office.js's getBookData sends a date: ISO text (UTC)."""
    import datetime as dt

    t = dt.datetime(1899, 12, 30) + dt.timedelta(days=serial)
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def state_from_xlsx(path, functions) -> dict:
    """Return the stand-in's state of the .xlsx at ``path`` (CPython only: openpyxl):
    every cell's formula (as Office.js reports it: without the _xlfn. a file spells a newer
    function with) or value, whether it is locked and a date, each sheet's protection, its
    array formulas (dynamic when the cell carries Excel's ``cm``), the workbook's defined
    names that point at one range."""
    import zipfile

    import openpyxl
    from openpyxl.worksheet.formula import ArrayFormula

    wb = openpyxl.load_workbook(path)
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
        order = re.findall(r'<sheet\b[^>]*\bname="([^"]*)"', book)
        xml = {name: z.read(f"xl/worksheets/sheet{i}.xml").decode() for i, name in enumerate(order, 1)}
    sheets = []
    for ws in wb.worksheets:
        dynamic = set(re.findall(r'<c r="([A-Z]+\d+)"[^>]*\bcm="1"', xml.get(ws.title, "")))
        cells, arrays = {}, []
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                entry = {"locked": bool(cell.protection.locked)}
                if isinstance(value, ArrayFormula):
                    entry["f"] = value.text.replace("_xlfn.", "")
                    arrays.append({"ref": value.ref, "dynamic": cell.coordinate in dynamic})
                elif isinstance(value, str) and value.startswith("="):
                    entry["f"] = value.replace("_xlfn.", "")
                elif value is not None:
                    if hasattr(value, "year"):
                        from openpyxl.utils.datetime import to_excel

                        value, entry["date"] = to_excel(value), True
                    entry["v"] = value
                if entry.get("f") or "v" in entry or not entry["locked"]:
                    cells[cell.coordinate] = entry
        sheets.append({"name": ws.title, "protected": bool(ws.protection.sheet),
                       "cells": cells, "arrays": arrays})
    names = []
    for name, dn in wb.defined_names.items():
        places = list(dn.destinations)
        if len(places) == 1:
            names.append({"name": name, "sheet": places[0][0], "address": places[0][1]})
    return {"functions": list(functions), "sheets": sheets, "names": names}
