"""Packaging layer: the workbook carries its functions for xlwings Lite (no install).

xlwings Lite keeps a workbook's Python code as Office web-extension settings: a part
``xl/webextensions/webextensionN.xml`` whose properties hold ``main.py`` and
``requirements.txt``. This module writes our ``main.py`` (a readable header, a Lite script,
then the package and its data as a base64 zip that it imports from memory, then a
section for the user's own code) and adds or refreshes those parts in an .xlsx, leaving
every other part byte-identical. The .xlsx is read and checked as a package by opc.py;
what the user wrote is kept by lite_user.py.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import posixpath
import re
import uuid
import zipfile
from importlib.resources import files
from pathlib import Path
from xml.sax.saxutils import escape

from .. import __version__
from ..base.errors import InvalidValueError
from ..guide.edition import current_edition
from . import lite_user, opc
from .lite_scripts import SCRIPTS

MARKER = "# ukaipay for xlwings Lite: UK AI/ML pay functions"
"""The first line of our main.py: how `ukaipay lite` recognises code it wrote."""

XLWINGS_VERSION = "0.37.8"
"""The xlwings that requirements.txt pins; tests/pyodide runs the functions with it."""

# What workbooks saved by Lite (add-in 1.0.0.0-18) record. Lite rewrites both when it saves;
# they are written so that the part is complete as Lite itself would leave it.
PYODIDE_VERSION = "0.27.5"
ADDIN_VERSION = "1.0.0.0-18"
LITE_STORE_ID = "wa200008175"  # xlwings Lite in Microsoft's add-in store (AppSource)
# Lite's workbook settings (Settings > Workbook > Startup Behavior), as a workbook saved by
# Lite 1.0.0.0-35 stores them: a JSON object under xlwingsSettingsWorkbook, beside the
# workbook's own xlwingsWorkbookId. "taskpane": Lite starts, task pane open, on opening.
STARTUP = {"startupBehavior": "taskpane"}
# Office's own document-scoped auto-open ([MS-OWEMXML] ShowTaskpane action, TaskpaneId
# Office.AutoShowTaskpaneWithDocument): honoured where the add-in's manifest declares it.
AUTO_SHOW = "Office.AutoShowTaskpaneWithDocument"
MAX_SETTINGS = 1_000_000  # bytes; Office caps one add-in's settings at about 2 MB

# Lite's own required lines, as it writes a new workbook's requirements.txt.
REQUIREMENTS = (f"xlwings=={XLWINGS_VERSION}  # required\n"
                "python-dotenv==1.0.1  # required\n"
                "pyodide-http  # required\n"
                "black  # required\n")

# The layers the functions import travel in the workbook; the command line, the workbook
# files (openpyxl), the DataFrame helpers (pandas, which Lite does not install) and this
# packaging stay out.
CARRIED = ("base", "guide", "costs", "planning", "excel")
_FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)

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

_HEADER = f'''{MARKER}
#
# The Excel functions of ukaipay {{version}} (SALARY_BAND, DAYRATE, EMPLOYER_COST, PLAN_CHECK
# and the rest), with every figure from the {{edition}}.
# The package and its data are carried at the end of this file, so nothing is downloaded
# for them: requirements.txt names only what xlwings Lite itself needs.
#
# To update: run `ukaipay lite YOUR-WORKBOOK.xlsx` with a newer ukaipay (it replaces
# ukaipay's code, keeps your own code in the section at the end of this file and changes
# nothing else in the workbook). Write your own functions in that section only.
#
# Cells that show #NAME? once xlwings Lite has loaded: run the script refresh_functions
# (below) once; it re-enters the formulas that call these functions. The script
# price_plan prices the Plan in Python (the rule of `ukaipay budget`) and writes the
# result as values into the sheets Priced plan and Priced summary: no formula needed.
'''

_BODY = '''
import base64
import io
import os
import re
import sys
import zipfile
from importlib.machinery import ModuleSpec

import xlwings as xw

{scripts}


class CarriedPackage:
    """Imports the carried package from its zip in memory and reads its data files.

    Nothing is unpacked: each module is read from the zip when first imported, so start-up
    spends no time writing files that Python would then read back.
    """

    def __init__(self, root, payload):
        self.root = root  # the modules' __file__ is ROOT/addin/NAME.py, as in an imported zip
        self.zip = zipfile.ZipFile(io.BytesIO(base64.b64decode(payload)))
        self.names = set(self.zip.namelist())

    def find_spec(self, name, path=None, target=None):
        stem = name.replace(".", "/")
        for member, package in ((stem + "/__init__.py", True), (stem + ".py", False)):
            if member in self.names:
                spec = ModuleSpec(name, self, origin=f"{{self.root}}/{{member}}", is_package=package)
                spec.has_location = True
                if package:
                    spec.submodule_search_locations = [f"{{self.root}}/{{stem}}"]
                return spec
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        code = compile(self.get_data(module.__file__), module.__file__, "exec", dont_inherit=True)
        exec(code, module.__dict__)

    def get_data(self, path):
        """Return the bytes of a carried file; raises FileNotFoundError."""
        member = path.replace(os.sep, "/")[len(self.root) + 1:]
        if not path.startswith(self.root) or member not in self.names:
            raise FileNotFoundError(path)
        return self.zip.read(member)

    def get_source(self, name):
        stem = name.replace(".", "/")
        member = stem + ("/__init__.py" if stem + "/__init__.py" in self.names else ".py")
        return self.zip.read(member).decode("utf-8")


def _carry(name, payload):
    """Make the carried package importable, once; a newer copy replaces an older one."""
    root = f"/{{name}}.zip"  # a name, not a folder: nothing is written
    loaded = sys.modules.get("addin")
    if loaded is not None and (getattr(loaded, "__file__", "") or "").startswith(root):
        return  # main.py ran before in this session: its modules and importer are in place
    for module in [m for m in sys.modules if m == "addin" or m.startswith("addin.")]:
        del sys.modules[module]
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "CarriedPackage"]
    sys.meta_path.insert(0, CarriedPackage(root, payload))


# --- carried package: ukaipay {version}, a base64 zip of the addin package and its data ---
_carry("{zip_name}", """
{payload}
""")
from addin.excel.udfs import *  # noqa: E402,F401,F403  the Excel functions
'''


def package_zip() -> bytes:
    """Return the addin package's function modules and bundled data as zip bytes
    (deterministic: sorted names, fixed times)."""
    root = files("addin")
    entries = [("addin/__init__.py", root / "__init__.py")]
    entries += [(f"addin/{layer}/{p.name}", p) for layer in CARRIED for p in (root / layer).iterdir()
                if p.name.endswith(".py")]
    entries += [(f"addin/data/{p.name}", p) for p in (root / "data").iterdir()
                if p.name.endswith((".csv", ".toml"))]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, p in sorted(entries, key=lambda e: e[0]):
            info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, p.read_bytes(), compresslevel=9)
    return buffer.getvalue()


def main_py(user: str = "") -> str:
    """Return the text of main.py: header, Lite script, the carried package, then the
    section that is the user's, holding ``user`` (lite_user.sealed)."""
    from ..excel.udfs import __all__ as names  # the function names the script looks for

    data = package_zip()
    encoded = base64.b64encode(data).decode("ascii")
    lines = "\n".join(encoded[i:i + 96] for i in range(0, len(encoded), 96))
    digest = hashlib.sha256(data).hexdigest()[:12]
    header = _HEADER.format(version=__version__, edition=current_edition().name)
    scripts = SCRIPTS.replace("__NAMES__", "|".join(names)).strip()
    return lite_user.sealed(header + _BODY.format(
        scripts=scripts, version=__version__, payload=lines,
        zip_name=f"ukaipay-{__version__}-{digest}"), user)


def workbook_id(parts: dict[str, bytes]) -> str:
    """Return an xlwingsWorkbookId for a workbook that has none: a UUID made from its parts
    (other than Lite's), so the same workbook gets the same id and a rebuilt template the
    same bytes."""
    digest = hashlib.sha256()
    for name in sorted(parts):
        if not name.startswith("xl/webextensions/") and name not in ("[Content_Types].xml", "_rels/.rels"):
            digest.update(name.encode() + b"\0" + parts[name])
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "ukaipay-workbook:" + digest.hexdigest()))


def settings(parts: dict[str, bytes] | None = None) -> dict[str, object]:
    """Return the web-extension settings that carry the code and start Lite with the
    workbook, in Lite's order (``parts``: the workbook's, for its id); raises
    InvalidValueError when they pass MAX_SETTINGS bytes."""
    out = {"main.py": main_py(), "requirements.txt": REQUIREMENTS,
           "pyodideVersion": PYODIDE_VERSION, "addinVersion": ADDIN_VERSION,
           "xlwingsWorkbookId": workbook_id(parts or {}), "xlwingsSettingsWorkbook": dict(STARTUP),
           AUTO_SHOW: True}
    size = sum(len(_setting_value(v).encode()) for v in out.values())
    if size > MAX_SETTINGS:
        raise InvalidValueError(f"The Lite settings take {size:,} bytes, over {MAX_SETTINGS:,}.")
    return out


# --------------------------------------------------------------------------------------
# The parts
# --------------------------------------------------------------------------------------
def _setting_value(value: object) -> str:
    """A setting as Lite stores it: its JSON (a text as a string literal, Lite's workbook
    settings as an object), "/" written as "\\/"."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("/", "\\/")


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _properties(values: dict[str, object]) -> str:
    return "".join(f'<we:property name="{_attr(k)}" value="{_attr(_setting_value(v))}"/>'
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


def _merged(old: dict[str, object], force: bool, parts: dict[str, bytes]) -> dict[str, object]:
    """Return the Lite settings that replace ``old`` (those of the workbook of ``parts``):
    our code with the user's section of main.py and their requirements lines carried over,
    Lite's other settings kept (its versions, workbook id, other workbook settings), and
    Lite set to start with the workbook.

    Raises InvalidValueError, naming what would be lost, for main.py code of the user's
    own or an edit to ours, and for a requirements line pinning a package Lite needs in
    another way, unless ``force``.
    """
    new = settings(parts)
    code, user = old.get("main.py") or "", ""
    if not isinstance(code, str):  # a setting that is not text is no code of ours
        code = json.dumps(code)
    if code.strip() and not code.startswith(MARKER):
        if not force:
            lines = len(code.splitlines())
            raise InvalidValueError(f"The workbook already holds xlwings Lite code of its own "
                                    f"(main.py, {lines:,} lines): replacing it with ukaipay's "
                                    f"would lose them; copy them first, then use --force.")
    elif code.strip():
        user, changed = lite_user.split(code, new["main.py"])
        if changed and not force:
            at, line = changed[0]
            where = f' (line {at}: "{line.strip()}")' if at else ""
            raise InvalidValueError(
                f"main.py: {len(changed)} line(s) of ukaipay's code were changed{where}, and "
                f"updating would lose them: move your code below the line "
                f"\"{lite_user.USER_HEAD[:40]}...\", or use --force.")
    lines = old.get("requirements.txt") or ""
    requirements, replaced = lite_user.requirements(
        lines if isinstance(lines, str) else json.dumps(lines), new["requirements.txt"])
    if replaced and not force:
        raise InvalidValueError(f'requirements.txt pins "{replaced[0]}", which xlwings Lite '
                                f"needs as it is pinned by ukaipay; updating would replace "
                                f"it: remove the line, or use --force.")
    values = {**old, "main.py": main_py(user), "requirements.txt": requirements}
    for key, value in new.items():
        values.setdefault(key, value)
    workbook = old.get("xlwingsSettingsWorkbook")
    values["xlwingsSettingsWorkbook"] = {**(workbook if isinstance(workbook, dict) else {}),
                                         **STARTUP}
    size = sum(len(_setting_value(v).encode()) for v in values.values())
    if size > MAX_SETTINGS:
        raise InvalidValueError(f"The Lite settings would take {size:,} bytes, over "
                                f"{MAX_SETTINGS:,}: move some of your own code out of main.py.")
    return values


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
    workbook holds Lite code that is not ours, or ours changed (see _merged), unless
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
        out[name] = _refreshed(out[name], _merged(old, force, parts))
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
