"""Sheets layer: the template's "Our bands" sheet: our pay bands as an Excel table named
OurBands (guide/our_bands.py declares its columns), which PLAN_ROW and `budget` read alike.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.table import Table, TableStyleInfo

from ..base.errors import InvalidValueError
from ..base.kinds import excel_format
from ..guide import our_bands
from ..guide.against_ours import TABLE_HEADERS, table_rows
from ..guide.names import fold
from .sheet_style import (
    BORDER,
    INPUT_FILL,
    MONEY,
    NOTE_FONT,
    TITLE_FONT,
    UNLOCKED,
    define_name,
    header_cell,
    print_setup,
    put_cell,
    validation,
)

SHEET = "Our bands"
#: The defined name of the table's range, header row included (PLAN_ROW's last argument).
NAME = "OurBands"
# The table starts at A1, so that a row's number is the same on the sheet and in the range
# PLAN_ROW is handed: a wrong row is named alike by the template and by `budget`.
HEADER_ROW, BAND_ROWS = 1, 100
LAST_ROW = HEADER_ROW + BAND_ROWS
_LAST_COL = get_column_letter(len(our_bands.HEADERS))
#: The range the name covers, as a formula names it.
REF = f"'{SHEET}'!$A${HEADER_ROW}:${_LAST_COL}${LAST_ROW}"
#: The table's rows below its header: every cell blank (spaces too) is no bands held.
BODY = f"'{SHEET}'!$A${HEADER_ROW + 1}:${_LAST_COL}${LAST_ROW}"
_WIDTHS = (24, 22, 10, 16, 14, 12, 12, 12)  # our_bands.HEADERS' columns
#: Where each header sits on the sheet.
COL = {h: get_column_letter(i + 1) for i, h in enumerate(our_bands.HEADERS)}


_NOTES = (
    "Optional: our own pay bands, a row per role and level (e.g. L5 mapped to the guide's "
    "Senior). With them, Compa-ratio (ours) places each permanent row's Rate in ours (the "
    "Summary counts the rows outside it), and Price from Ours (Assumptions) prices Open and "
    "Offer rows at our band.",
    "Role: our title or the guide's role (Guide role: the guide's, when Role is ours). "
    "Level: ours; Guide level: the guide's it maps to (blank: Level is the guide's). "
    "Region blank: any region. Min, Mid, Max: £ a year.",
    "A wrong row (a name the guide lacks, Min above Mid...) shows in every Plan row's Check "
    "and stops `ukaipay budget`, naming the row.",
    "Our bands against the market's (our mid / market mid, and where our Min, Mid and Max "
    "sit in the market's band): the Guide sheet shows them, or type =OUR_BANDS(OurBands) in "
    "an empty cell.",
)


def _notes(ws) -> None:
    c = len(COL) + 2  # beside the table, which starts at A1
    ws.cell(HEADER_ROW, c, SHEET).font = TITLE_FONT
    for i, text in enumerate(_NOTES):
        ws.cell(HEADER_ROW + 1 + i, c, text).font = NOTE_FONT


def our_bands_sheet(wb, ws, bands=None) -> None:
    """Write the Our bands sheet: its table (filled with ``bands``, guide/our_bands.OurBands,
    when given; else empty), validations and defined name."""
    for (h, c), width in zip(COL.items(), _WIDTHS):
        header_cell(ws[f"{c}{HEADER_ROW}"], h)
        ws.column_dimensions[c].width = width
        for r in range(HEADER_ROW + 1, LAST_ROW + 1):
            cell = ws[f"{c}{r}"]
            cell.fill, cell.border, cell.protection = INPUT_FILL, BORDER, UNLOCKED
            if h in ("Min", "Mid", "Max"):
                cell.number_format = MONEY
    table = Table(displayName="OurBandsTable", ref=f"A{HEADER_ROW}:{_LAST_COL}{LAST_ROW}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    define_name(wb, NAME, REF)

    def span(h):
        return f"{COL[h]}{HEADER_ROW + 1}:{COL[h]}{LAST_ROW}"

    validation(ws, span("Guide role"), "RoleList", "Guide role",
               "Choose the guide's role (the Guide sheet), or leave blank when Role is one.")
    validation(ws, span("Guide level"), "LevelList", "Guide level",
               "Choose the guide's level this one maps to, or leave blank when Level is one.")
    validation(ws, span("Region"), "RegionList", "Region",
               "Choose a region of the guide, or leave blank for a band that holds anywhere.")
    for h in ("Min", "Mid", "Max"):
        validation(ws, span(h), "0", h, "Enter a salary in £ a year, above 0.",
                   kind="decimal", operator="greaterThan")
    _notes(ws)
    for i, b in enumerate(bands.bands if bands is not None else ()):
        guide_role = "" if fold(b.guide_role) == fold(b.role) else b.guide_role
        values = (b.role, guide_role, b.level, b.guide_level or "", b.region or "", b.low,
                  b.mid, b.high)
        for c, value in zip(COL.values(), values):
            put_cell(ws[f"{c}{HEADER_ROW + 1 + i}"], value or None)  # text as text, never a formula
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    print_setup(ws)


#: The formula of the Guide sheet's view of our bands against the market's: OUR_BANDS
#: filling its range (the header and a row a band), padded with blanks as Excel would pad
#: an array formula's spare cells with #N/A; blank with no bands held (#N/A; _xlfn.: how
#: a file spells a function newer than Excel 2007).
VIEW_FORMULA = f"=_xlfn.IFNA(OUR_BANDS({NAME},{BAND_ROWS + 1}),\"\")"
_VIEW_FORMATS = ("money",) * 6 + ("ratio",) * 4  # TABLE_HEADERS' columns from Our min £


def _view_formats() -> tuple:
    """Return each view column's number format (None: text), TABLE_HEADERS' order."""
    kinds = (None,) * (len(TABLE_HEADERS) - len(_VIEW_FORMATS)) + _VIEW_FORMATS
    return tuple(kind and excel_format(kind) for kind in kinds)


def report_view(ws, bands) -> None:
    """Write the report's Our bands sheet: our bands (guide/our_bands.OurBands) against the
    market's as values (against_ours.table_rows), text as text."""
    ws.cell(1, 1, "Our bands against the market's").font = TITLE_FONT
    header, *rows = table_rows(bands)
    for j, h in enumerate(header, 1):
        header_cell(ws.cell(3, j), h)
    for i, values in enumerate(rows, 4):
        for j, (v, fmt) in enumerate(zip(values, _view_formats()), 1):
            put_cell(ws.cell(i, j), v, fmt)
    for j, width in enumerate((22, 10, 14, 14) + (12,) * (len(header) - 4), 1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "A4"
    print_setup(ws)


def bands_view(ws, row: int) -> int:
    """Write, from ``row`` of the Guide sheet ``ws``, our bands against the market's: a
    title, a note and one OUR_BANDS call over room for the table (its header and every
    band), its cells unlocked so that a Lite script can re-enter the call
    (refresh_functions) on the protected sheet; return the next free row."""
    ws.cell(row, 1, "Our bands against the market's").font = TITLE_FONT
    ws.cell(row + 1, 1, "Each band of the Our bands sheet beside the guide's band of the "
                        "level it maps to (in its region; any region: UK National). Empty "
                        "while the Our bands sheet is.").font = NOTE_FONT
    first, width = row + 2, len(TABLE_HEADERS)
    last = first + BAND_ROWS  # the header row, then one row a band
    cells = f"A{first}:{get_column_letter(width)}{last}"
    ws[f"A{first}"] = ArrayFormula(cells, VIEW_FORMULA)
    for r in range(first, last + 1):
        for c, fmt in enumerate(_view_formats(), 1):
            cell = ws.cell(r, c)
            cell.protection = UNLOCKED
            if fmt and r > first:
                cell.number_format = fmt
    return last + 2


def read_our_bands(wb, values) -> object:
    """Return our bands of a filled template (None: no Our bands sheet, or an empty one).

    ``values`` gives a sheet's {row: {column: value}} (the plan reader's cells). Raises
    InvalidValueError naming the sheet's row of a wrong table.
    """
    if SHEET not in wb.sheetnames:
        return None
    if NAME not in wb.defined_names:
        raise InvalidValueError(f'The workbook has no "{NAME}" name: is the {SHEET} sheet '
                                f"the template's?")
    try:
        (sheet, ref), = wb.defined_names[NAME].destinations
        (top, left), (bottom, right) = (coordinate_to_tuple(x) for x in
                                        ref.replace("$", "").split(":"))
    except (ValueError, TypeError):  # "#REF!" after a deleted sheet, or one cell
        raise InvalidValueError(f'The name "{NAME}" points at '
                                f"{wb.defined_names[NAME].attr_text}, not at the {SHEET} "
                                f"table: start from a fresh template.") from None
    if bottom - top > 10000:
        raise InvalidValueError(f'The name "{NAME}" covers {bottom - top + 1} rows: at most '
                                f"10,000 bands.")
    cells = values(sheet)
    grid = [[cells.get(r, {}).get(c) for c in range(left, right + 1)]
            for r in range(top, bottom + 1)]
    return our_bands.cached_range(tuple(map(tuple, grid)), f"{sheet}, row", top)
