"""Sheets layer: a filled template read back as plan rows and assumptions.

Reads the sheet's XML rows as they are (a wrong <dimension> neither hides rows nor pads a
million empty ones), takes an input formula's saved value, and refuses a file that is not
the template, is damaged or is password-protected, in one line.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import WorkSheetParser

from ..base.errors import GuideError, InvalidValueError
from ..planning.assumptions import SETTINGS, Assumptions
from ..planning.columns import OUT
from ..planning.grid import assumptions, header_columns, plan_rows
from ..planning.grid import table_end as grid_table_end
from ..planning.plan import INPUT_HEADERS, ExcelError, PlanRow, repeated_ids
from .our_bands_sheet import read_our_bands
from .plan_layout import FIRST_ROW, HEADER_ROW, LAST_ROW
from .summary_sheet import BELOW_ROWS, summary_cells

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx, and .xls, start with this
_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


def _destination(wb, name: str, *, cells: bool = False) -> tuple[str, str]:
    """Return (sheet, ref) of a defined name: one cell, or (``cells``) one small range."""
    dn = wb.defined_names.get(name)
    if dn is None:
        raise InvalidValueError(f'The workbook has no "{name}" name: is it the headcount budget template?')
    try:
        places = list(dn.destinations)
    except (IndexError, ValueError, TypeError):  # "Assumptions!#REF!" after a deleted row
        places = []
    what = "one small range" if cells else "one cell"
    if len(places) != 1:
        raise InvalidValueError(f'The name "{name}" points at {dn.attr_text or "nothing"}, not at '
                                f"{what} of the Assumptions sheet: was a row deleted? Start from "
                                f"a fresh template (ukaipay template).")
    sheet, ref = places[0]
    m = _RANGE.match(ref)
    big = m and m.group(3) and (int(m.group(4)) - int(m.group(2)) > 1000 or m.group(1) != m.group(3))
    if sheet not in wb.sheetnames or not m or (m.group(3) and not cells) or big:
        raise InvalidValueError(f'The name "{name}" points at {dn.attr_text}, not at {what} of the '
                                f"Assumptions sheet.")
    return sheet, ref.replace("$", "")


def _sheet(wb, title: str):
    ws = wb[title]
    if not hasattr(ws, "_get_source"):
        raise InvalidValueError(f'The "{title}" sheet is a chart, not a worksheet: is this the '
                                f"headcount budget template?")
    return ws


def _cells(wb, ws, *, data_only: bool = False, max_col: int = 200, dates: bool = True):
    """Return ({row: {column: cell dict}} for the rows that hold a value, merged ranges).

    Reads the sheet's XML rows as they are: the declared size (the <dimension> tag, which
    some tools write wrongly, and which openpyxl trusts) neither hides rows nor pads
    a million empty ones. Without ``dates``, a number stays a number whatever its cell's
    format (as Excel hands it to a function: 5 typed over a date format is 5).
    """
    rows = {}
    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=data_only, epoch=wb.epoch,
                                 date_formats=wb._date_formats if dates else set(),
                                 timedelta_formats=wb._timedelta_formats)
        for idx, cells in parser.parse():
            kept = {c["column"]: c for c in cells
                    if c["column"] <= max_col and c["value"] is not None}
            if kept:
                rows[idx] = kept
        merged = [m.ref for m in parser.merged_cells.mergeCell] if parser.merged_cells else []
    return rows, merged


def table_end(wb) -> int:
    """Return the last row of the Plan table that the Summary's totals cover (grid.table_end
    of the Summary's first total's formula); LAST_ROW when it cannot be read."""
    if "Summary" not in wb.sheetnames:
        return LAST_ROW
    ws = wb["Summary"]
    if not hasattr(ws, "_get_source"):
        return LAST_ROW
    ref = summary_cells()[0][0]  # the problem count, whose range spans the table
    row, col = int(ref[1:]), column_index_from_string(ref[0])
    rows, _ = _cells(wb, ws, max_col=col)
    cell = rows.get(row, {}).get(col)
    return grid_table_end(cell["value"] if cell else None)


def below_table(rows, end: int = LAST_ROW) -> list[int]:
    """Return the lines of the non-blank ``rows`` below the table that ends at row ``end``."""
    return [r.line for r in rows if r.line is not None and r.line > end and not r.is_blank()]


def _unpriced(body: dict, head: dict, end: int) -> set[int]:
    """Return the table rows whose Check cell holds no formula, in a workbook where other
    rows hold one (a values-only copy has none anywhere, and is read as it is)."""
    check = next((c for c, text in head.items() if text == OUT.check), None)
    has = {r for r, cells in body.items() if cells.get(check, {}).get("data_type") == "f"}
    return set(range(FIRST_ROW, end + 1)) - has if has else set()


def _unpriced_message(line: int) -> str:
    return (f"Row {line} has inputs but no PLAN_ROW formula (an inserted row?): the template "
            f"leaves it out. Copy the grey cells of a priced row into it.")


def _refuse_far_below(body: dict, where: dict, end: int, path) -> None:
    """Refuse a workbook with anything in an input column more than BELOW_ROWS rows under
    the table: the template's Summary counts such a cell as a problem but cannot price
    or name it, so `budget` gives no total either."""
    last = end + BELOW_ROWS
    far = [r for r, cells in body.items() if r > last and any(c in cells for c in where.values())]
    if far:
        raise InvalidValueError(
            f"{path}: Plan row {min(far):,} holds inputs more than {BELOW_ROWS:,} rows below the "
            f"table (rows {FIRST_ROW} to {end}), where neither the template nor budget prices "
            f"them: move them into the table (insert rows inside it) or clear them.")


def read_template(path, warnings: list | None = None, *, older: bool = False
                  ) -> tuple[list[PlanRow], Assumptions]:
    """Return the Plan rows and the assumptions of a filled-in template (.xlsx).

    Input cells holding a formula take the value Excel saved with it, or the formula's
    text when there is none (the row's check then says it is not a date or number).
    Rows below the table carry a problem. ``warnings`` (a list) gets one line for each
    merged range of input cells and each repeated ID. Raises InvalidValueError when the
    file is not a template or cannot be read, and OlderTemplateError for a template of
    an older release unless ``older`` (for `ukaipay upgrade`: what it lacks takes its
    default).
    """
    try:
        with open(path, "rb") as f:
            magic = f.read(8)
    except OSError as e:
        raise InvalidValueError(f"Cannot read {path}: {e.strerror or e}.") from None
    if magic == _OLE2:
        raise InvalidValueError(f"{path} is password-protected (or an Excel 97-2003 file): "
                                f"remove the password (File > Info > Protect Workbook) and save "
                                f"it as an .xlsx workbook.")
    try:
        return _read_template(path, warnings, older)
    except GuideError:
        raise
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error, KeyError, IndexError, ValueError,
            TypeError, AttributeError, SyntaxError, UnicodeError) as e:
        # zlib.error, BadZipFile: damaged compressed data; SyntaxError: broken XML inside
        # the zip (ElementTree's ParseError); the others: parts missing or malformed.
        detail = " ".join(str(e).split())[:120]
        raise InvalidValueError(f"Cannot read {path}: the file is damaged or not an Excel "
                                f"workbook ({type(e).__name__}: {detail}).") from None


class OlderTemplateError(InvalidValueError):
    """A template of an older release: Excel prices it with that release's code and
    columns, so `budget` will not give it today's figures; the message names the upgrade."""

    def __init__(self, path, lacks: list[str]):
        from shlex import quote

        self.path, self.lacks = path, lacks
        new = Path(path).with_name(Path(path).stem + "_upgraded.xlsx")
        message = (f"{path} is a template from an older release of ukaipay (no "
                   f"{', '.join(lacks[:3])}{', ...' if len(lacks) > 3 else ''}): Excel prices "
                   f"it with that release's rules, not today's. Move its inputs into the "
                   f"current template with `ukaipay upgrade {quote(str(path))} -o "
                   f"{quote(str(new))}`, then price that.")
        super().__init__(message)
        self.template = " ".join(message.split())  # the command whole, not cut: it is to be run


def older_release(wb, headers) -> list[str]:
    """Return what a template lacks that the current release has (Plan input headers,
    Assumptions settings' names): empty for a template of this release."""
    return ([f"{h} column" for h in INPUT_HEADERS if h not in headers]
            + [f"{s.label} setting" for s in SETTINGS if s.name not in wb.defined_names])


def _read_template(path, warnings, older=False):
    wb = load_workbook(path, read_only=True)
    try:
        if "Plan" not in wb.sheetnames or "Assumptions" not in wb.sheetnames:
            raise InvalidValueError(f"{path} has no Plan and Assumptions sheets: is it the "
                                    f"headcount budget template?")
        ws = _sheet(wb, "Plan")
        width = len(INPUT_HEADERS) + 40
        grid, merged = _cells(wb, ws, max_col=width, dates=False)
        head = {c: cell["value"] for c, cell in grid.get(HEADER_ROW, {}).items()}
        where = header_columns(head, str(path))
        lacks = older_release(wb, where)
        if lacks and not older:
            raise OlderTemplateError(path, lacks)
        body = {r: cells for r, cells in grid.items() if r > HEADER_ROW}
        cached = None
        if any(cells[c]["data_type"] == "f" for cells in body.values() for c in where.values()
               if c in cells):
            book = load_workbook(path, read_only=True, data_only=True)
            try:
                cached, _ = _cells(book, _sheet(book, "Plan"), data_only=True, max_col=width,
                                   dates=False)
            finally:
                book.close()
        end = table_end(wb)
        _refuse_far_below(body, where, end, path)
        values = {}  # an input formula's cell takes the value Excel saved with it
        for r, cells in body.items():
            values[r] = {}
            for c, cell in cells.items():
                if cell["data_type"] == "f" and cached is not None:
                    cell = cached.get(r, {}).get(c) or cell
                values[r][c] = ExcelError(cell["value"]) if cell["data_type"] == "e" \
                    else cell["value"]
        rows = plan_rows(where, values, end)
        unpriced = _unpriced(body, head, end)
        rows = [r._replace(problem=_unpriced_message(r.line))
                if r.line in unpriced and not r.problem and not r.is_blank() else r for r in rows]
        if warnings is not None:
            warnings += _merged_warnings(merged, where) + repeated_ids(rows)
        settings, raw = {}, {}
        for s in SETTINGS:
            if s.name not in wb.defined_names:
                continue  # an older template, to upgrade: grid.assumptions says what may lack
            sheet, ref = _destination(wb, s.name)
            if sheet not in raw:  # as Excel hands PLAN_ROW a cell: 3% over a date is 0.03
                raw[sheet] = _cells(wb, _sheet(wb, sheet), dates=False)[0]
            r, c = coordinate_to_tuple(ref)
            settings[s.name] = raw[sheet].get(r, {}).get(c, {}).get("value")
        teams = []
        if not older or "Teams" in wb.defined_names:
            sheet, ref = _destination(wb, "Teams", cells=True)
            block = _sheet(wb, sheet)[ref]
            block = block if isinstance(block, tuple) else ((block,),)
            teams = [c.value for row in block for c in row]
        bands = read_our_bands(wb, lambda sheet: {r: {c: cell["value"] for c, cell in cells.items()}
                                                  for r, cells in _cells(wb, _sheet(wb, sheet),
                                                                         dates=False)[0].items()})
    finally:
        wb.close()
    return rows, assumptions(settings, teams)._replace(bands=bands)


def _merged_warnings(merged, where: dict) -> list[str]:
    """One line per merged range that covers an input column below the headers."""
    names = {c: h for h, c in where.items()}
    out = []
    for ref in merged:
        m = _RANGE.match(str(ref))
        if not m or not m.group(3):
            continue
        c1, r1 = column_index_from_string(m.group(1)), int(m.group(2))
        c2, r2 = column_index_from_string(m.group(3)), int(m.group(4))
        hit = [names[c] for c in range(c1, c2 + 1) if c in names]
        if hit and r2 > HEADER_ROW and (r2 > r1 or c2 > c1):
            out.append(f"Plan {ref}: {'/'.join(hit)} cells are merged, so only {m.group(1)}{r1} "
                       f"has the value (in budget and in the template alike): unmerge them and "
                       f"type it in every cell.")
    return out


