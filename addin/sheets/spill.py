"""Sheets layer: array formulas marked as dynamic arrays (one formula that spills), stored
the way Excel stores them.

Excel (2021 and 365) saves a dynamic-array formula as an array formula over the range it
spilled to, ``<c r="Q4" cm="1"><f t="array" ref="Q4:AR4">...</f></c>``, whose ``cm`` points at
a cell-metadata record of the workbook's metadata part: a ``futureMetadata`` block named
XLDAPR carrying ``xda:dynamicArrayProperties fDynamic="1"`` ([MS-XLSX] 2.6.x, the
dynamicarray schema; ECMA-376 Part 1, 18.9 Metadata and the ``cm`` attribute of ``c``).
Without ``cm`` Excel reads the same XML as a legacy (Ctrl+Shift+Enter) array, which a
script cannot re-enter cell by cell. Programs that know no dynamic arrays (LibreOffice, the
``formulas`` engine, openpyxl) ignore ``cm`` and read an array formula over ``ref``.
"""

from __future__ import annotations

import io
import re
import zipfile

METADATA = "xl/metadata.xml"
CT_METADATA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"
REL_METADATA = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# One cell-metadata record (cm="1"): the XLDAPR type, fDynamic on, as Excel writes it.
METADATA_XML = (
    _XML_DECL
    + '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">'
    '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" '
    'pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" '
    'clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>'
    '<futureMetadata name="XLDAPR" count="1"><bk><extLst>'
    '<ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}">'
    '<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk>'
    '</futureMetadata><cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata>'
    '</metadata>').encode()


def _sheet_part(parts: dict[str, bytes], title: str) -> str:
    """Return the part name of the worksheet called ``title``; raises KeyError."""
    book = parts["xl/workbook.xml"].decode("utf-8")
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    for m in re.finditer(r"<sheet\b[^>]*>", book):
        name = re.search(r'\bname="([^"]*)"', m[0])
        rid = re.search(r'\br:id="([^"]*)"', m[0])
        if name and rid and name[1] == title:
            target = re.search(rf'<Relationship\b[^>]*\bId="{rid[1]}"[^>]*>', rels)
            path = re.search(r'\bTarget="([^"]*)"', target[0])[1]
            return path.lstrip("/") if path.startswith("/") else "xl/" + path
    raise KeyError(title)


def dynamic(data: bytes, sheet: str, anchors) -> bytes:
    """Return the .xlsx bytes ``data`` with the array formulas whose top-left cell is one of
    ``anchors`` (e.g. "Q4") on ``sheet`` marked dynamic (cm="1"), the metadata part added.

    Raises KeyError when ``sheet`` is missing, ValueError when an anchor holds no array
    formula (marking a plain cell would make Excel read a formula that is not there).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        parts = {i.filename: z.read(i.filename) for i in infos}
    name = _sheet_part(parts, sheet)
    xml = parts[name].decode("utf-8")
    wanted = set(anchors)
    marked = set()

    def mark(m):
        ref = re.search(r'\br="([A-Z]+\d+)"', m[1])[1]
        if ref not in wanted:
            return m[0]
        if not m[2].startswith('<f t="array"'):
            raise ValueError(f"{sheet}!{ref} holds no array formula.")
        marked.add(ref)
        return f'{m[1]} cm="1">{m[2]}'

    xml = re.sub(r'(<c\b[^>]*?)>(<f\b[^>]*>)', mark, xml)
    if marked != wanted:
        raise ValueError(f"{sheet} has no cell {sorted(wanted - marked)[0]}.")
    parts[name] = xml.encode("utf-8")
    if METADATA in parts:  # marked on another sheet already: one metadata part serves all
        return _zipped(infos, parts)
    parts[METADATA] = METADATA_XML
    types = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Override PartName="/{METADATA}" ContentType="{CT_METADATA}"/></Types>'
    ).encode("utf-8")
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    used = set(re.findall(r'\bId="([^"]+)"', rels))
    n = 1
    while f"rId{n}" in used:
        n += 1
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rId{n}" Type="{REL_METADATA}" Target="metadata.xml"/></Relationships>'
    ).encode("utf-8")
    info = zipfile.ZipInfo(METADATA, date_time=infos[0].date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    return _zipped(infos + [info], parts)


def _zipped(infos: list, parts: dict[str, bytes]) -> bytes:
    """Return the .xlsx bytes of ``parts`` written in the order of ``infos``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in infos:
            z.writestr(info, parts[info.filename])
    return out.getvalue()
