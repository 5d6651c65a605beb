"""Sheets layer: the look shared by every sheet the product writes (formats, fills,
fonts) and the helpers that write a cell, a title, a header, a validation or a name."""

from __future__ import annotations

from datetime import date

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from ..base.kinds import excel_format

#: The formats of the output kinds (kinds.KINDS declares them; money to the penny).
MONEY, DATE, FTE, PCT = (excel_format(k) for k in ("money", "date", "fte", "rate"))
#: The report's Rate (and Override rate) formats: money with the unit in the format, so
#: the column stays numbers that sort.
YEAR_RATE, DAY_RATE = '£#,##0.00" /yr"', '£#,##0.00" /day"'
MONTH = "mmm yyyy"
_THIN = Side(style="thin", color="BFBFBF")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
CALC_FILL = PatternFill("solid", fgColor="F2F2F2")
HEAD_FILL = PatternFill("solid", fgColor="1F4E78")
ALERT_FILL = PatternFill("solid", fgColor="F8CBAD")
OK_FILL = PatternFill("solid", fgColor="C6EFCE")
OUTSIDE_FILL = PatternFill("solid", fgColor="FFEB9C")  # amber: a rate outside the guide's band
# Every font names the workbook's own (Calibri 11): a font without a name is drawn in the
# program's default, which LibreOffice makes a wider one (a bold total showed ###).
HEAD_FONT = Font(name="Calibri", size=11, bold=True, color="FFFFFF")
TITLE_FONT = Font(name="Calibri", bold=True, size=14, color="1F4E78")
BOLD = Font(name="Calibri", size=11, bold=True)
NOTE_FONT = Font(name="Calibri", size=11, italic=True, color="595959")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")


#: The most characters an Excel cell holds (UTF-16 units); Excel refuses a longer cell.
CELL_LIMIT = 32_767


def cell_text(text: str) -> str:
    """Return ``text`` as a cell can hold it: cut to CELL_LIMIT UTF-16 units, the last
    one an ellipsis, when it is longer.

    >>> len(cell_text("x" * 40_000)), cell_text("x" * 40_000)[-2:]
    (32767, 'x…')
    """
    if len(text) <= CELL_LIMIT // 2:  # the usual case, decided without encoding
        return text
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > CELL_LIMIT - 1:
            return text[:i] + "…" if len(text.encode("utf-16-le")) > 2 * CELL_LIMIT else text
    return text


def text_cell(cell, value: object) -> None:
    """Write ``value`` as text (cut to what a cell holds), never as a formula, whatever it
    starts with."""
    text = cell_text(str(value))
    cell.value = text
    cell.data_type = "s"
    if text[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True  # stays text when someone edits the cell in Excel


def put_cell(cell, value: object, fmt: str | None = None) -> None:
    """Write a plan's value: text as text, numbers and dates as themselves."""
    if value is None:
        cell.value = None
    elif isinstance(value, str):
        text_cell(cell, value)
    elif isinstance(value, (int, float, date)) and not isinstance(value, bool):
        cell.value = value
        if fmt:
            cell.number_format = fmt
    else:
        text_cell(cell, value)


def title(ws, text: str, note: str | None = None) -> None:
    """Write a sheet's title in A1 and its note, if any, in A2."""
    ws["A1"] = text
    ws["A1"].font = TITLE_FONT
    if note:
        ws["A2"] = note
        ws["A2"].font = NOTE_FONT


def header_cell(cell, text) -> None:
    """Write a column header: white on dark blue, wrapped."""
    cell.value = text
    cell.font = HEAD_FONT
    cell.fill = HEAD_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    cell.border = BORDER


def print_setup(ws) -> None:
    """Print landscape on A4, one page wide."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def protect(ws) -> None:
    """Lock formula cells (inputs are unlocked cell by cell); no password."""
    p = ws.protection
    p.sheet = True
    p.formatColumns = p.formatRows = p.formatCells = False  # False: allowed
    p.sort = p.autoFilter = False


def validation(ws, sqref: str, formula1: str, title: str, error: str, *, kind="list",
                operator=None, formula2=None, prompt=None, warning=False) -> None:
    """Add a data validation to ``sqref``: a list, or a ``kind`` with ``operator`` (a
    warning lets the value stand; a stop refuses it)."""
    dv = DataValidation(type=kind, formula1=formula1, formula2=formula2, operator=operator,
                        allow_blank=True, showErrorMessage=True, errorTitle=title, error=error,
                        errorStyle="warning" if warning else "stop",
                        showInputMessage=prompt is not None, promptTitle=title if prompt else None,
                        prompt=prompt)
    dv.add(sqref)
    ws.add_data_validation(dv)


def inline_list(values) -> str:
    """Return a validation's list formula of ``values``, e.g. "Yes,No" in quotes."""
    return '"' + ",".join(values) + '"'


def define_name(wb, name: str, ref: str) -> None:
    """Define the workbook name ``name`` as ``ref``."""
    wb.defined_names[name] = DefinedName(name, attr_text=ref)

