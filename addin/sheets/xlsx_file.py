"""Sheets layer: an .xlsx file written byte for byte the same for the same content, with
big tables streamed as XML (openpyxl's cell objects cost about 1 KB each)."""

from __future__ import annotations

import io
import math
import re
import zipfile
from datetime import date, datetime
from typing import Iterator

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils.datetime import to_excel
from openpyxl.xml.functions import tostring

from . import files
from .sheet_style import BOLD, BORDER, DATE, cell_text

# Every file gets the same timestamps, so a rebuild equals the committed template.
FIXED_TIME = datetime(2026, 1, 1)
_FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
#: zlib level of the streamed sheets (the report's Plan). Measured writing the 100,000-row
#: report (write_zip, four runs on this shared 2-core machine under load): level 1 took
#: 2.6 to 4.5 s for 22.9 MB, level 6 3.9 to 6.8 s for 16.9 MB (26% smaller). Speed wins
#: here: the 100,000-row budget has a 15 s target.
STREAM_LEVEL = 1


def write_zip(wb: Workbook, out, splice=None) -> None:
    """Write ``wb`` to the binary file ``out`` with fixed timestamps (same content, same bytes).

    ``splice`` maps a sheet title to (row number, cells XML) pairs that stream_rows merges
    into that sheet's rows (see report.build_report: the big tables skip openpyxl's cell objects).
    """
    wb.properties.creator = "ukaipay"
    wb.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    wb.properties.modified = FIXED_TIME
    core = tostring(wb.properties.to_tree())
    paths = {f"xl/worksheets/sheet{i}.xml": ws.title for i, ws in enumerate(wb.worksheets, 1)}
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            target = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            target.compress_type = zipfile.ZIP_DEFLATED
            target.external_attr = info.external_attr
            title = paths.get(info.filename)
            if splice and title in splice:
                target._compresslevel = STREAM_LEVEL
                with dst.open(target, "w", force_zip64=True) as f:
                    batch = []  # ~500 rows a write: fewer, larger calls into zlib
                    for chunk in stream_rows(src.read(info.filename).decode("utf-8"), splice[title]):
                        batch.append(chunk)
                        if len(batch) == 500:
                            f.write("".join(batch).encode("utf-8"))
                            batch.clear()
                    f.write("".join(batch).encode("utf-8"))
                continue
            data = core if info.filename == "docProps/core.xml" else src.read(info.filename)
            dst.writestr(target, data)


def save(wb: Workbook, path) -> None:
    """Save ``wb`` at ``path`` atomically, with fixed timestamps; raise files.OutputError."""
    files.write_atomic(path, writer=lambda f: write_zip(wb, f))



# XML 1.0 cannot hold these; a reader refuses them in a plan, this is the last guard.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    text = cell_text(text)  # a 40,000-character Notes cell would make Excel refuse the file
    if not _SPECIAL.search(text):
        return text
    text = _NOT_XML.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class StreamStyles:
    """Cells as SpreadsheetML text, with the workbook's style ids for each number format."""

    def __init__(self, ws):
        self.ws, self.ids, self.texts, self.serials = ws, {}, {}, {}
        probe = ws.cell(ws.max_row + 1, 1)
        probe.quotePrefix = True
        self.quoted = probe.style_id
        del ws._cells[(probe.row, probe.column)]

    def style(self, fmt: str, fill: PatternFill | None = None, align: str | None = None,
              quoted: bool = False, *, wrap: bool = False, bold: bool = False) -> int:
        """Return the style id of number format ``fmt`` (with ``fill``, horizontal
        alignment ``align``, a quote prefix, text wrapped in the cell or a bold font, if
        given)."""
        # A plain format is keyed by itself: number() asks for one per cell, in the hot loop.
        plain = fill is None and align is None and not (quoted or wrap or bold)
        key = fmt if plain else (fmt, fill.fgColor.rgb if fill else None, align, quoted, wrap, bold)
        if key not in self.ids:
            probe = self.ws.cell(self.ws.max_row + 1, 1)
            probe.number_format, probe.quotePrefix = fmt, quoted
            if fill is not None:
                probe.fill, probe.border = fill, BORDER
            if align is not None or wrap:
                probe.alignment = Alignment(horizontal=align, wrap_text=wrap or None)
            if bold:
                probe.font = BOLD
            self.ids[key] = probe.style_id
            del self.ws._cells[(probe.row, probe.column)]
        return self.ids[key]

    def styled(self, col: str, r: int, value, style: int) -> str:
        """Return a cell in style id ``style``: text as text (never a formula), a number as
        itself."""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            return f'<c r="{col}{r}" s="{style}"><v>{value!r}</v></c>'
        text = value if isinstance(value, str) else str(value)
        return (f'<c r="{col}{r}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
                f'{_xml(text)}</t></is></c>')

    def number(self, col: str, r: int, value, fmt: str | None) -> str:
        if not math.isfinite(value):
            return self.text(col, r, str(value))
        s = f' s="{self.style(fmt)}"' if fmt else ""
        return f'<c r="{col}{r}"{s}><v>{value!r}</v></c>'

    def text(self, col: str, r: int, value: str) -> str:
        body = self.texts.get(value)
        if body is None:  # plans repeat their teams, roles and levels: escape each once
            s = f' s="{self.quoted}"' if value[:1] in ("=", "+", "-", "@") else ""
            body = f'{s} t="inlineStr"><is><t xml:space="preserve">{_xml(value)}</t></is></c>'
            if len(self.texts) < 100_000:
                self.texts[value] = body
        return f'<c r="{col}{r}"{body}'


    def put(self, col: str, r: int, value, fmt: str | None = None) -> str:
        """Return a plan value's cell: text as text, numbers and dates as themselves."""
        if value is None:
            return ""
        if isinstance(value, str):
            return self.text(col, r, value)
        if isinstance(value, bool):
            return f'<c r="{col}{r}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (int, float)):
            return self.number(col, r, value, fmt)
        if isinstance(value, date):
            serial = self.serials.get(value)
            if serial is None:  # a plan repeats its dates: convert each once
                serial = self.serials[value] = to_excel(value)
            return self.number(col, r, serial, fmt or DATE)
        return self.text(col, r, str(value))


_ROW = re.compile(r'<row r="(\d+)"[^>]*?(?:/>|>.*?</row>)', re.S)
_DIMENSION = re.compile(r'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"\s*/>')


def stream_rows(xml: str, extra) -> Iterator[str]:
    """Yield a sheet's XML with ``extra`` = (last column, last row, (row, cells XML) pairs) merged in.

    Rows come in ascending order; a row that already exists gets the new cells first (the
    new cells are always left of the existing ones). The dimension covers the new rows.
    """
    last_col, last, rows = extra  # a row may come as (row, cells, row attributes) too
    head, found, rest = xml.partition("<sheetData>")
    if found:
        body, _, tail = rest.partition("</sheetData>")
    else:
        head, _, tail = xml.partition("<sheetData/>")
        body = ""
    m = _DIMENSION.search(head)
    if m:
        end_col, end_row = (m.group(3), int(m.group(4))) if m.group(3) else (m.group(1), int(m.group(2)))
        ref = f"{m.group(1)}{m.group(2)}:{max(end_col, last_col, key=lambda c: (len(c), c))}{max(end_row, last)}"
        head = head[:m.start()] + f'<dimension ref="{ref}"/>' + head[m.end():]
    yield head + "<sheetData>"
    existing = [(int(m.group(1)), m.group(0)) for m in _ROW.finditer(body)]
    k = 0
    for r, cells, *attrs in rows:
        while k < len(existing) and existing[k][0] < r:
            yield existing[k][1]
            k += 1
        if k < len(existing) and existing[k][0] == r:
            row = existing[k][1]
            if row.endswith("/>"):
                yield row[:-2] + ">" + cells + "</row>"
            else:
                cut = row.index(">") + 1
                yield row[:cut] + cells + row[cut:]
            k += 1
        else:
            yield f'<row r="{r}"{attrs[0] if attrs else ""}>{cells}</row>'
    for _, row in existing[k:]:
        yield row
    yield "</sheetData>" + tail

