"""Packaging layer: xlwings Lite's parts in an .xlsx, found, added or refreshed.

The settings of lite.py go into a part ``xl/webextensions/webextensionN.xml`` with a task
pane that shows Lite; every other part keeps its bytes. The .xlsx is read and checked as
a package by opc.py.
"""

from __future__ import annotations

import io
import json
import posixpath
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from ..base.errors import InvalidValueError
from . import opc
from .lite import LITE_STORE_ID, merged_settings, setting_value, settings

WE_NS = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11"
TP_NS = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_WEBEXTENSION = "http://schemas.microsoft.com/office/2011/relationships/webextension"
REL_TASKPANES = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
CT_TASKPANES = "application/vnd.ms-office.webextensiontaskpanes+xml"
CT_WEBEXTENSION = "application/vnd.ms-office.webextension+xml"
# A fixed id: a rebuilt template must give the same bytes.
_EXTENSION_ID = "{6F3C8A52-1D4E-4B7A-9C21-5E0B7D94A318}"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _properties(values: dict[str, object]) -> str:
    return "".join(f'<we:property name="{_attr(k)}" value="{_attr(setting_value(v))}"/>'
                   for k, v in values.items())


def webextension_xml(values: dict[str, object]) -> bytes:
    """Return the web-extension part for Lite holding ``values`` as its settings."""
    return (f'{_XML_DECL}<we:webextension xmlns:we="{WE_NS}" id="{_EXTENSION_ID}">'
            f'<we:reference id="{LITE_STORE_ID}" version="1.0.0.0" store="en-US" storeType="OMEX"/>'
            f'<we:alternateReferences><we:reference id="{LITE_STORE_ID.upper()}" version="1.0.0.0" '
            f'store="{LITE_STORE_ID.upper()}" storeType="OMEX"/></we:alternateReferences>'
            f'<we:properties>{_properties(values)}</we:properties><we:bindings/>'
            f'<we:snapshot xmlns:r="{R_NS}"/></we:webextension>').encode()


def _taskpane(rid: str) -> str:
    # Visible, as Lite leaves its pane in a workbook saved with it open.
    return (f'<wetp:taskpane dockstate="right" visibility="1" width="350" row="4">'
            f'<wetp:webextensionref xmlns:r="{R_NS}" r:id="{rid}"/></wetp:taskpane>')


def _relationship(rid: str, kind: str, target: str) -> str:
    return f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'


def _new_rid(rels_xml: bytes) -> str:
    used = set(re.findall(rb'\bId="([^"]+)"', rels_xml))
    n = 1
    while f"rId{n}".encode() in used:
        n += 1
    return f"rId{n}"


def _lite_part(parts: dict[str, bytes], panes: str | None = None
               ) -> tuple[str | None, dict[str, str]]:
    """Return (name, settings) of the workbook's xlwings Lite web extension, or (None, {}).

    Every web-extension part is read (any case of its name; another add-in's too), so a
    malformed one is refused by name rather than mistaken for no Lite part; two Lite parts
    are refused: refreshing one would leave two task panes.
    """
    found = []
    for name in sorted(parts):
        if name == panes or not re.fullmatch(r"xl/webextensions/[^/]+\.xml", opc.fold(name)):
            continue
        root = opc.parse(parts, name)
        refs = root.iter(f"{{{WE_NS}}}reference")
        if root.tag == f"{{{WE_NS}}}webextension" and any(
                r.get("id", "").lower() == LITE_STORE_ID for r in refs):
            found.append((name, root))
    if len(found) > 1:
        raise opc.PackageError(f'The workbook holds xlwings Lite twice ("{found[0][0]}" and '
                               f'"{found[1][0]}"): remove one in Excel first.')
    if not found:
        return None, {}
    name, root = found[0]
    values = {}
    for p in root.iter(f"{{{WE_NS}}}property"):
        if p.get("name") is None or p.get("value") is None:
            raise opc.PackageError(f'The workbook\'s xlwings Lite part "{name}" has a setting '
                                   f"without its name or value; save it again in Excel first.")
        try:
            value = json.loads(p.get("value", '""'))
        except json.JSONDecodeError:
            value = p.get("value", "")
        values[p.get("name")] = value
    return name, values


def _refreshed(xml: bytes, values: dict[str, str]) -> bytes:
    """Return the Lite part ``xml`` with its properties set to ``values``."""
    text = xml.decode("utf-8")
    found = re.search(r"<(\w+:)?properties\s*/>|<(\w+:)?properties>.*?</\2properties>", text, re.S)
    prefix = (found[1] or found[2] or "") if found else "we:"
    block = _properties(values).replace("<we:", f"<{prefix}")
    block = f"<{prefix}properties>{block}</{prefix}properties>"
    if found is None:
        raise InvalidValueError("The workbook's xlwings Lite part has no properties element.")
    return (text[:found.start()] + block + text[found.end():]).encode("utf-8")



def _task_panes(parts: dict[str, bytes]) -> str | None:
    """Return the name of the package's task-pane part (found through its relationship,
    whatever its name), or None; raises PackageError for two, or one that is missing."""
    targets = [t for _, kind, t in opc.relationships(parts, "") if kind == REL_TASKPANES]
    if len(targets) > 1:
        raise opc.PackageError(f'The workbook has {len(targets)} task-pane parts ("{targets[0]}", '
                               f'"{targets[1]}"); Office reads one: save it again in Excel first.')
    if not targets:
        return None
    name = opc.find(parts, targets[0])
    if name is None:
        raise opc.PackageError(f'The workbook\'s task-pane part "{targets[0]}" is missing; '
                               f"save it again in Excel first.")
    if opc.parse(parts, name).tag != f"{{{TP_NS}}}taskpanes":
        raise opc.PackageError(f'The workbook\'s part "{name}" is not a task-pane part.')
    return name


def _add_pane(out: dict[str, bytes], panes: str | None, part: str) -> None:
    """Give the Lite part ``part`` a task pane in ``out`` unless it has one: in the
    package's task-pane part ``panes``, or a new one."""
    ct = opc.CONTENT_TYPES
    if panes is None:
        panes = opc.free_name(out, posixpath.dirname(part) + "/taskpanes{}.xml", 0)
        rels = opc.rels_of(panes)
        out[panes] = (f'{_XML_DECL}<wetp:taskpanes xmlns:wetp="{TP_NS}">{_taskpane("rId1")}'
                      f'</wetp:taskpanes>').encode()
        out[rels] = (f'{_XML_DECL}<Relationships xmlns="{PKG_RELS_NS}">'
                     f'{_relationship("rId1", REL_WEBEXTENSION, opc.relative(panes, part))}'
                     f'</Relationships>').encode()
        out[ct] = opc.set_override(out, panes, CT_TASKPANES)
        root_rels = out[opc.ROOT_RELS]
        out[opc.ROOT_RELS] = opc.insert_last(
            root_rels, "Relationships", _relationship(_new_rid(root_rels), REL_TASKPANES, panes))
        return
    rels = opc.find(out, opc.rels_of(panes)) or opc.rels_of(panes)
    to_part = [rid for rid, kind, target in opc.relationships(out, panes)
               if kind == REL_WEBEXTENSION and opc.fold(target) == opc.fold(part)]
    used = {ref.get(f"{{{R_NS}}}id") for ref in opc.parse(out, panes).iter(f"{{{TP_NS}}}webextensionref")}
    if any(rid in used for rid in to_part):
        return
    if not to_part:
        rels_xml = out.get(rels, f'{_XML_DECL}<Relationships xmlns="{PKG_RELS_NS}"/>'.encode())
        to_part = [_new_rid(rels_xml)]
        out[rels] = opc.insert_last(rels_xml, "Relationships", _relationship(
            to_part[0], REL_WEBEXTENSION, opc.relative(panes, part)))
    out[panes] = opc.insert_last(opc.text(out, panes).encode(), "taskpanes", _taskpane(to_part[0]))


def _check_panes(out: dict[str, bytes], part: str) -> None:
    """Raise PackageError unless every task pane in ``out`` refers, through a relationship
    its part holds, to a web extension that is there, and ``part`` (Lite) has one pane."""
    panes = _task_panes(out)
    if panes is None:
        raise opc.PackageError("ukaipay lite could not give xlwings Lite a task pane in this "
                               "workbook; nothing was written: save it again in Excel first.")
    targets = {rid: target for rid, kind, target in opc.relationships(out, panes)
               if kind == REL_WEBEXTENSION}
    shown = []
    for pane in opc.parse(out, panes).iter(f"{{{TP_NS}}}taskpane"):
        refs = [r.get(f"{{{R_NS}}}id") for r in pane.iter(f"{{{TP_NS}}}webextensionref")]
        if len(refs) != 1 or refs[0] not in targets or opc.find(out, targets[refs[0]]) is None:
            raise opc.PackageError(f'The workbook\'s task-pane part "{panes}" has a pane whose '
                                   f"add-in is not there ({refs or 'no reference'}); save it "
                                   f"again in Excel first.")
        shown.append(opc.fold(targets[refs[0]]))
    if len(shown) != len(set(shown)) or opc.fold(part) not in shown:
        raise opc.PackageError(f'The workbook\'s task-pane part "{panes}" shows an add-in twice; '
                               f"save it again in Excel first.")


def with_code(parts: dict[str, bytes], force: bool = False) -> dict[str, bytes]:
    """Return ``parts`` (an .xlsx's part name -> bytes) with our code for xlwings Lite
    added or refreshed; only the parts that must change are replaced.

    Part names are matched in any case, as Office does. Raises InvalidValueError when the
    workbook holds Lite code that is not ours, or ours changed (see merged_settings), unless
    ``force``; opc.PackageError for a package it cannot change into a valid one.
    """
    ct = opc.find(parts, opc.CONTENT_TYPES)
    if ct is None or opc.find(parts, opc.ROOT_RELS) is None:
        raise opc.PackageError("The workbook has no [Content_Types].xml or _rels/.rels: it "
                               "is not an Excel workbook (.xlsx).")
    for name in (ct, opc.find(parts, opc.ROOT_RELS)):
        opc.text(parts, name)  # well-formed UTF-8, or refused by name
    opc.expect(parts, ct, f"{{{opc.CT_NS}}}Types", "a content-types part")
    opc.expect(parts, opc.find(parts, opc.ROOT_RELS), f"{{{opc.RELS_NS}}}Relationships",
               "a relationships part")
    out = dict(parts)
    # The standard's spellings while editing, so every edit below finds them; back after.
    spelled = {opc.CONTENT_TYPES: ct, opc.ROOT_RELS: opc.find(parts, opc.ROOT_RELS)}
    for standard, actual in spelled.items():
        out[standard] = out.pop(actual)
    panes = _task_panes(out)
    if panes is not None:
        opc.text(out, panes)
    name, old = _lite_part(out, panes)
    if name is not None:
        opc.text(out, name)
        out[name] = _refreshed(out[name], merged_settings(old, force, parts))
    else:
        folder = posixpath.dirname(panes) if panes else "xl/webextensions"
        name = opc.free_name(out, folder + "/webextension{}.xml")
        out[name] = webextension_xml(settings(parts))
    out[opc.CONTENT_TYPES] = opc.set_override(out, name, CT_WEBEXTENSION)
    _add_pane(out, panes, name)
    _check_panes(out, name)
    for standard, actual in spelled.items():
        out[actual] = out.pop(standard)
    opc.check(parts, out)
    return out



# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------
def carried(data: bytes) -> bytes:
    """Return the bytes of an .xlsx (``data``, one this program wrote) with our xlwings Lite
    code added."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        parts = {i.filename: z.read(i.filename) for i in infos}
    return opc.zipped(infos, parts, with_code(parts))


def install(path, force: bool = False) -> bool:
    """Add or refresh our xlwings Lite code in the workbook at ``path``, in place.

    Returns False when it already held this code (the file is left untouched). Every part
    other than the Lite parts, ``_rels/.rels`` and ``[Content_Types].xml`` keeps its bytes;
    a link is followed and its target changed. Raises InvalidValueError for a file that is
    not an .xlsx, is damaged, or holds Lite code of its own or ours edited (without
    ``force``); files.OutputError when it cannot or must not be written (read-only).
    """
    from ..sheets.files import check_target, write_atomic

    path = Path(path)
    infos, parts = opc.read_workbook(path)
    new = with_code(parts, force)
    if new == parts:
        return False
    # force: whose file it is was decided above; a read-only file is still refused.
    check_target(path, force=True)
    write_atomic(path, opc.zipped(infos, parts, new))  # a temp file beside it, then renamed
    return True


def read_settings(path) -> dict[str, str]:
    """Return the xlwings Lite settings stored in the workbook at ``path`` ({} if none)."""
    parts = opc.read_workbook(Path(path))[1]
    return _lite_part(parts, _task_panes(parts))[1]
