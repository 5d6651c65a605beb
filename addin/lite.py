"""Packaging layer: the workbook carries its functions for xlwings Lite (no install).

xlwings Lite keeps a workbook's Python code as Office web-extension settings: a part
``xl/webextensions/webextensionN.xml`` whose properties hold ``main.py`` and
``requirements.txt``. This module writes our ``main.py`` (a readable header, a Lite script,
then the package and its data as a base64 zip that it imports from memory) and adds or
refreshes those parts in an .xlsx, leaving every other part byte-identical.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import uuid
import zipfile
from importlib.resources import files
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from . import __version__
from .data import GUIDE_EDITION
from .errors import InvalidValueError
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

# Modules the functions never import stay out of the workbook: the command line, its
# display helpers and file writer, the workbook modules (openpyxl), plan files, the
# DataFrame helpers (pandas, which Lite does not install) and this module.
_LEFT_OUT = {"__main__.py", "cli.py", "cli_budget.py", "cli_lite.py", "display.py", "files.py",
             "frames.py", "lite.py", "workbook.py", "guide_sheet.py", "plan_layout.py",
             "plan_reader.py", "report.py", "sheet_style.py", "summary_sheet.py", "xlsx_file.py",
             "plan_csv.py", "spill.py", "lite_scripts.py"}
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
# To update: run `ukaipay lite YOUR-WORKBOOK.xlsx` with a newer ukaipay (it replaces this
# file and changes nothing else in the workbook), or paste the output of
# `ukaipay lite --print` here. Do not edit the carried package at the end.
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
from addin.udfs import *  # noqa: E402,F401,F403  the Excel functions
'''


def package_zip() -> bytes:
    """Return the addin package's function modules and bundled data as zip bytes
    (deterministic: sorted names, fixed times)."""
    root = files("addin")
    entries = [(f"addin/{p.name}", p) for p in root.iterdir()
               if p.name.endswith(".py") and p.name not in _LEFT_OUT]
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


def main_py() -> str:
    """Return the text of main.py: header, Lite script, then the carried package."""
    from .udfs import __all__ as names  # the function names the script looks for

    data = package_zip()
    encoded = base64.b64encode(data).decode("ascii")
    lines = "\n".join(encoded[i:i + 96] for i in range(0, len(encoded), 96))
    digest = hashlib.sha256(data).hexdigest()[:12]
    header = _HEADER.format(version=__version__, edition=GUIDE_EDITION)
    scripts = SCRIPTS.replace("__NAMES__", "|".join(names)).strip()
    return header + _BODY.format(scripts=scripts, version=__version__, payload=lines,
                                 zip_name=f"ukaipay-{__version__}-{digest}")


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


def _insert_before_close(xml: bytes, tag: str, fragment: str) -> bytes:
    """Return ``xml`` with ``fragment`` as the last child of its root ``tag`` (an empty
    root ``<tag .../>`` is opened); everything else stays as it was."""
    text = xml.decode("utf-8")
    close = re.search(rf"</(?:\w+:)?{tag}>\s*$", text)
    if close:
        return (text[:close.start()] + fragment + text[close.start():]).encode("utf-8")
    empty = re.search(rf"<((?:\w+:)?{tag})\b([^>]*?)/>\s*$", text)
    if not empty:
        raise InvalidValueError(f"The workbook's {tag} part is not as Office writes it.")
    return (text[:empty.start()] + f"<{empty[1]}{empty[2]}>{fragment}</{empty[1]}>"
            + text[empty.end():]).encode("utf-8")


def _new_rid(rels_xml: bytes) -> str:
    used = set(re.findall(rb'\bId="([^"]+)"', rels_xml))
    n = 1
    while f"rId{n}".encode() in used:
        n += 1
    return f"rId{n}"


def _rels_of(part: str) -> str:
    folder, name = part.rsplit("/", 1)
    return f"{folder}/_rels/{name}.rels"


def _lite_part(parts: dict[str, bytes]) -> tuple[str | None, dict[str, str]]:
    """Return (name, settings) of the workbook's xlwings Lite web extension, or (None, {})."""
    for name in sorted(parts):
        if not re.fullmatch(r"xl/webextensions/[^/]+\.xml", name) or "taskpanes" in name:
            continue
        root = ElementTree.fromstring(parts[name])
        refs = root.iter(f"{{{WE_NS}}}reference")
        if any(r.get("id", "").lower() == LITE_STORE_ID for r in refs):
            values = {}
            for p in root.iter(f"{{{WE_NS}}}property"):
                try:
                    values[p.get("name")] = json.loads(p.get("value", '""'))
                except json.JSONDecodeError:
                    values[p.get("name")] = p.get("value", "")
            return name, values
    return None, {}


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


def with_code(parts: dict[str, bytes], force: bool = False) -> dict[str, bytes]:
    """Return ``parts`` (an .xlsx's part name -> bytes) with our code for xlwings Lite
    added or refreshed; only the parts that must change are replaced.

    Raises InvalidValueError when the workbook holds Lite code that is not ours, unless
    ``force``.
    """
    new = settings(parts)
    out = dict(parts)
    name, old = _lite_part(parts)
    if name is not None:
        code = old.get("main.py", "")
        if code.strip() and not code.startswith(MARKER) and not force:
            raise InvalidValueError("The workbook already holds xlwings Lite code of its own "
                                    "(main.py): use --force to replace it with ukaipay's.")
        # Lite's own properties (its versions, pinned requirements, workbook id, other
        # workbook settings, ...) are kept; Lite starts with the workbook.
        values = {**old, "main.py": new["main.py"], "requirements.txt": new["requirements.txt"]}
        for key in ("pyodideVersion", "addinVersion", "xlwingsWorkbookId", AUTO_SHOW):
            values.setdefault(key, new[key])
        workbook = old.get("xlwingsSettingsWorkbook")
        values["xlwingsSettingsWorkbook"] = {**(workbook if isinstance(workbook, dict) else {}),
                                             **STARTUP}
        out[name] = _refreshed(parts[name], values)
        return out
    n = 1
    while f"xl/webextensions/webextension{n}.xml" in parts:
        n += 1
    part = f"webextension{n}.xml"
    out[f"xl/webextensions/{part}"] = webextension_xml(new)
    out["[Content_Types].xml"] = _insert_before_close(
        out["[Content_Types].xml"], "Types",
        f'<Override PartName="/xl/webextensions/{part}" ContentType="{CT_WEBEXTENSION}"/>')
    panes = "xl/webextensions/taskpanes.xml"
    rels = _rels_of(panes)
    if panes in parts:
        rels_xml = parts.get(rels, f'{_XML_DECL}<Relationships xmlns="{PKG_RELS_NS}"/>'.encode())
        rid = _new_rid(rels_xml)
        out[rels] = _insert_before_close(rels_xml, "Relationships",
                                         _relationship(rid, REL_WEBEXTENSION, part))
        out[panes] = _insert_before_close(parts[panes], "taskpanes", _taskpane(rid))
        return out
    out[panes] = (f'{_XML_DECL}<wetp:taskpanes xmlns:wetp="{TP_NS}">{_taskpane("rId1")}'
                  f'</wetp:taskpanes>').encode()
    out[rels] = (f'{_XML_DECL}<Relationships xmlns="{PKG_RELS_NS}">'
                 f'{_relationship("rId1", REL_WEBEXTENSION, part)}</Relationships>').encode()
    out["[Content_Types].xml"] = _insert_before_close(
        out["[Content_Types].xml"], "Types",
        f'<Override PartName="/{panes}" ContentType="{CT_TASKPANES}"/>')
    root_rels = out["_rels/.rels"]
    out["_rels/.rels"] = _insert_before_close(
        root_rels, "Relationships", _relationship(_new_rid(root_rels), REL_TASKPANES, panes))
    return out


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------
def _read_parts(path: Path) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    """Return an .xlsx's entries and parts; raises InvalidValueError for anything else."""
    if path.is_dir():
        raise InvalidValueError(f'"{path}" is a folder, not a workbook.')
    if not path.is_file():  # also a name no file can have (a NUL in it)
        raise InvalidValueError(f'No file "{path}".')
    try:
        head = path.read_bytes()[:8]
    except OSError as e:
        raise InvalidValueError(f'Cannot read "{path}": {e.strerror or e}.') from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidValueError(f'"{path}" is an .xls or a password-protected workbook: save it '
                                "as an Excel Workbook (.xlsx) without a password first.")
    if not zipfile.is_zipfile(path):
        raise InvalidValueError(f'"{path}" is not an Excel workbook (.xlsx).')
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        parts = {i.filename: z.read(i.filename) for i in infos}
    if "xl/workbook.bin" in parts:
        raise InvalidValueError(f'"{path}" is a binary workbook (.xlsb): save it as an Excel '
                                "Workbook (.xlsx) first.")
    if "xl/workbook.xml" not in parts or "[Content_Types].xml" not in parts:
        raise InvalidValueError(f'"{path}" is not an Excel workbook (.xlsx).')
    return infos, parts


def _zipped(infos: list[zipfile.ZipInfo], parts: dict[str, bytes], new: dict[str, bytes]) -> bytes:
    """Return the .xlsx bytes of ``new``: the entries of ``infos`` in order with their
    settings, then the added parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in infos:
            z.writestr(info, new[info.filename])
        for name in sorted(set(new) - set(parts)):
            info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, new[name])
    return out.getvalue()


def carried(data: bytes) -> bytes:
    """Return the bytes of an .xlsx (``data``, one this program wrote) with our xlwings Lite
    code added."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        parts = {i.filename: z.read(i.filename) for i in infos}
    return _zipped(infos, parts, with_code(parts))


def install(path, force: bool = False) -> bool:
    """Add or refresh our xlwings Lite code in the workbook at ``path``, in place.

    Returns False when it already held this code (the file is left untouched). Every part
    other than the Lite parts, ``_rels/.rels`` and ``[Content_Types].xml`` keeps its bytes.
    Raises InvalidValueError for a file that is not an .xlsx or holds Lite code of its own,
    files.OutputError when it cannot be written.
    """
    from .files import write_atomic

    path = Path(path)
    infos, parts = _read_parts(path)
    new = with_code(parts, force)
    if new == parts:
        return False
    write_atomic(path, _zipped(infos, parts, new))  # a temp file beside it, then renamed
    return True


def read_settings(path) -> dict[str, str]:
    """Return the xlwings Lite settings stored in the workbook at ``path`` ({} if none)."""
    return _lite_part(_read_parts(Path(path))[1])[1]
