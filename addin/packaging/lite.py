"""Packaging layer: the code the workbook carries for xlwings Lite (no install).

xlwings Lite keeps a workbook's Python code as Office web-extension settings: ``main.py``
and ``requirements.txt`` among them. This module writes our ``main.py`` (a readable
header, a Lite script, then the package and its data as a base64 zip that it imports from
memory, then a section for the user's own code) and the settings that hold it, merged
with a workbook's own (what the user wrote is kept by lite_user.py). lite_parts.py puts
them into an .xlsx.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import uuid
import zipfile
from importlib.resources import files

from .. import __version__
from ..base.errors import InvalidValueError
from ..guide.edition import bundled_edition, current_edition
from ..guide.edition_check import edition_files
from . import lite_user
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
    """Return the addin package's function modules and data as zip bytes (deterministic:
    sorted names, fixed times): the edition in use (its tables and provenance.toml, which
    the carried package then loads as its own) and the package's own statutory tables."""
    root = files("addin")
    entries = [("addin/__init__.py", root / "__init__.py")]
    entries += [(f"addin/{layer}/{p.name}", p) for layer in CARRIED for p in (root / layer).iterdir()
                if p.name.endswith(".py")]
    data = {p.name: p for p in (root / "data").iterdir() if p.name.endswith((".csv", ".toml"))}
    edition = current_edition()
    if edition is not bundled_edition():  # `ukaipay --data DIR lite`: the workbook carries DIR's
        data.update({name: edition.folder / name for name in edition_files()})
    entries += [(f"addin/data/{name}", p) for name, p in data.items()]
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
    size = sum(len(setting_value(v).encode()) for v in out.values())
    if size > MAX_SETTINGS:
        raise InvalidValueError(f"The Lite settings take {size:,} bytes, over {MAX_SETTINGS:,}.")
    return out


def setting_value(value: object) -> str:
    """A setting as Lite stores it: its JSON (a text as a string literal, Lite's workbook
    settings as an object), "/" written as "\\/"."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("/", "\\/")


def merged_settings(old: dict[str, object], force: bool,
                    parts: dict[str, bytes]) -> dict[str, object]:
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
    size = sum(len(setting_value(v).encode()) for v in values.values())
    if size > MAX_SETTINGS:
        raise InvalidValueError(f"The Lite settings would take {size:,} bytes, over "
                                f"{MAX_SETTINGS:,}: move some of your own code out of main.py.")
    return values

