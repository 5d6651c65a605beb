"""The workbook carries its functions for xlwings Lite: the parts as Lite writes them,
`ukaipay lite` on a user's workbook, and main.py run as a module from its text."""

import asyncio
import inspect
import json
import os
import re
import subprocess
import sys
import types
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest
from conftest import REPO

from addin import __version__
from addin.commands.cli import main
from addin.packaging import lite, lite_parts, lite_user, template_file
from addin.sheets import workbook

WE = "{http://schemas.microsoft.com/office/webextensions/webextension/2010/11}"
TP = "{http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
LITE_PARTS = {"xl/webextensions/webextension1.xml", "xl/webextensions/taskpanes.xml",
              "xl/webextensions/_rels/taskpanes.xml.rels"}


def _parts(path) -> dict:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("lite") / "template.xlsx"
    template_file.write_template(path)
    return path


@pytest.fixture
def plain(tmp_path):
    """A user's own workbook, written by openpyxl: no Lite parts."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Salary"
    wb.active["B1"] = '=SALARY_BAND("AI Engineer","Senior","London","mid")'
    path = tmp_path / "model.xlsx"
    wb.save(path)
    return path


# --- the parts, as workbooks saved by xlwings Lite hold them ---------------------------------

def test_the_web_extension_part_is_as_lite_writes_it(template):
    root = ElementTree.fromstring(_parts(template)["xl/webextensions/webextension1.xml"])
    assert root.tag == f"{WE}webextension"
    assert re.fullmatch(r"\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", root.get("id"))
    assert [c.tag for c in root] == [f"{WE}{t}" for t in
                                     ("reference", "alternateReferences", "properties",
                                      "bindings", "snapshot")]
    assert root[0].attrib == {"id": "wa200008175", "version": "1.0.0.0", "store": "en-US",
                              "storeType": "OMEX"}
    assert root[1][0].attrib == {"id": "WA200008175", "version": "1.0.0.0",
                                 "store": "WA200008175", "storeType": "OMEX"}
    names = [p.get("name") for p in root[2]]
    assert names == ["main.py", "requirements.txt", "pyodideVersion", "addinVersion",
                     "xlwingsWorkbookId", "xlwingsSettingsWorkbook",
                     "Office.AutoShowTaskpaneWithDocument"]
    values = {p.get("name"): json.loads(p.get("value")) for p in root[2]}
    assert values["pyodideVersion"] == "0.27.5" and values["addinVersion"] == "1.0.0.0-18"
    # Autostart as a workbook saved by Lite 1.0.0.0-35 stores it (Settings > Workbook >
    # Startup Behavior): a JSON object, not a string; and Office's document auto-open.
    settings = {p.get("name"): p.get("value") for p in root[2]}
    assert settings["xlwingsSettingsWorkbook"] == '{"startupBehavior":"taskpane"}'
    assert settings["Office.AutoShowTaskpaneWithDocument"] == "true"
    assert re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", values["xlwingsWorkbookId"])


def test_lite_keeps_a_workbook_s_id_and_its_other_lite_settings_and_turns_autostart_on(plain):
    main(["lite", str(plain)])
    parts = _parts(plain)
    name = "xl/webextensions/webextension1.xml"
    values = {**lite_parts.read_settings(plain), "xlwingsWorkbookId": "a0403022-0000-4000-8000-000000000001",
              "xlwingsSettingsWorkbook": {"startupBehavior": "none", "theme": "dark"}}
    parts[name] = lite_parts._refreshed(parts[name], values)
    with zipfile.ZipFile(plain, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    _with_main_py(plain, lite.MARKER + "\n# ukaipay 0.0.9\n")  # an older ukaipay: refreshed
    assert main(["lite", str(plain)]) == 0
    stored = lite_parts.read_settings(plain)
    assert stored["xlwingsWorkbookId"] == "a0403022-0000-4000-8000-000000000001"
    assert stored["xlwingsSettingsWorkbook"] == {"startupBehavior": "taskpane", "theme": "dark"}


def test_the_task_pane_and_relationships(template):
    parts = _parts(template)
    panes = ElementTree.fromstring(parts["xl/webextensions/taskpanes.xml"])
    (pane,) = panes
    assert (panes.tag, pane.tag) == (f"{TP}taskpanes", f"{TP}taskpane")
    # Visible: Lite leaves its pane so in a workbook saved with it open, and opens it again.
    assert pane.attrib == {"dockstate": "right", "visibility": "1", "width": "350", "row": "4"}
    assert pane[0].tag == f"{TP}webextensionref" and pane[0].get(R_ID) == "rId1"
    rels = parts["xl/webextensions/_rels/taskpanes.xml.rels"].decode()
    assert ('Id="rId1" Type="http://schemas.microsoft.com/office/2011/relationships/'
            'webextension" Target="webextension1.xml"') in rels
    assert ('Type="http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"'
            ' Target="xl/webextensions/taskpanes.xml"') in parts["_rels/.rels"].decode()
    assert "webextension" not in parts["xl/_rels/workbook.xml.rels"].decode()
    types_ = parts["[Content_Types].xml"].decode()
    assert ('<Override PartName="/xl/webextensions/taskpanes.xml" '
            'ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/>') in types_
    assert ('<Override PartName="/xl/webextensions/webextension1.xml" '
            'ContentType="application/vnd.ms-office.webextension+xml"/>') in types_


def test_a_setting_is_its_json_string_with_escaped_slashes_as_an_xml_attribute():
    # Worked by hand from the format Lite writes: "/" as "\/", non-ASCII kept, XML-escaped.
    xml = lite_parts.webextension_xml({"main.py": 'a/b "£" <&>\n'}).decode()
    assert ('<we:property name="main.py" value="&quot;a\\/b \\&quot;£\\&quot; &lt;&amp;&gt;'
            '\\n&quot;"/>') in xml


def test_requirements_hold_only_lite_s_required_lines():
    assert lite.REQUIREMENTS.splitlines() == [
        "xlwings==0.37.8  # required", "python-dotenv==1.0.1  # required",
        "pyodide-http  # required", "black  # required"]
    assert (REPO / "tests" / "pyodide" / "wheels.txt").read_text().count("xlwings==0.37.8") == 1


def test_main_py_opens_with_a_readable_header_and_all_settings_fit_in_1_mb(template):
    stored = lite_parts.read_settings(template)
    code = stored["main.py"]
    assert code.splitlines()[0] == lite.MARKER
    header = code[:code.index("\nimport")]
    assert "ukaipay 0.1.0" in header and "Salary Guide 2026" in header
    assert "ukaipay lite" in header and "refresh_functions" in header
    ours, seal, head, user = code.rsplit("\n", 3)
    assert ours.endswith("from addin.excel.udfs import *  # noqa: E402,F401,F403  the Excel functions\n")
    assert seal.startswith("# ---- end of ukaipay's code (sha256 ")
    assert (head, user) == (lite_user.USER_HEAD, "")  # the user's section, empty
    size = len(_parts(template)["xl/webextensions/webextension1.xml"])
    assert size < 1_000_000


def test_the_template_demo_and_template_command_carry_the_code_the_report_none(tmp_path):
    assert main(["demo", "--out", str(tmp_path / "demo")]) == 0
    assert main(["template", "-o", str(tmp_path / "t.xlsx")]) == 0
    for path in (REPO / workbook.TEMPLATE, tmp_path / "demo" / "headcount_budget_demo.xlsx",
                 tmp_path / "t.xlsx"):
        assert lite_parts.read_settings(path)["main.py"] == lite.main_py(), path
    report = _parts(tmp_path / "demo" / "headcount_budget_demo_report.xlsx")
    assert not [n for n in report if "webextension" in n]
    assert b"webextension" not in report["[Content_Types].xml"] + report["_rels/.rels"]


# --- ukaipay lite on a user's workbook ------------------------------------------------------

def test_lite_adds_the_code_and_changes_nothing_else(plain, capsys):
    plain.chmod(0o664)
    mode = plain.stat().st_mode & 0o777
    before = _parts(plain)
    assert main(["lite", str(plain)]) == 0
    after = _parts(plain)
    assert set(after) - set(before) == LITE_PARTS
    for name, data in before.items():
        if name in ("_rels/.rels", "[Content_Types].xml"):
            # Only a line was added: taking it out gives the original bytes.
            added = re.sub(rb'<(Override|Relationship) [^>]*webextension[^>]*/>', b"", after[name])
            assert added == data, name
        else:
            assert after[name] == data, name
    assert lite_parts.read_settings(plain)["requirements.txt"] == lite.REQUIREMENTS
    assert plain.stat().st_mode & 0o777 == mode  # the user's file keeps its permissions
    assert openpyxl.load_workbook(plain).active["B1"].value.startswith("=SALARY_BAND(")


def test_running_lite_twice_changes_nothing_the_second_time(plain, capsys):
    main(["lite", str(plain)])
    once = plain.read_bytes()
    capsys.readouterr()
    assert main(["lite", str(plain)]) == 0
    assert plain.read_bytes() == once
    assert "nothing changed" in capsys.readouterr().out


def _with_main_py(path, code):
    """Give the workbook's Lite part another main.py, as if a user had written it in Lite."""
    parts = _parts(path)
    name = "xl/webextensions/webextension1.xml"
    values = {**lite_parts.read_settings(path), "main.py": code, "requirements-pinned.txt": "x==1\n"}
    parts[name] = lite_parts._refreshed(parts[name], values)
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)


def test_lite_code_of_the_user_s_own_is_refused_unless_force(plain, capsys):
    main(["lite", str(plain)])
    _with_main_py(plain, "import xlwings as xw\n\n@xw.func\ndef hello(): return 1\n")
    mine = plain.read_bytes()
    assert main(["lite", str(plain)]) == 2
    err = capsys.readouterr().err
    assert "own" in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert plain.read_bytes() == mine
    assert main(["lite", str(plain), "--force"]) == 0
    stored = lite_parts.read_settings(plain)
    assert stored["main.py"] == lite.main_py()
    assert stored["requirements-pinned.txt"] == "x==1\n"  # Lite's own settings are kept


def test_an_older_ukaipay_main_py_is_refreshed(plain):
    main(["lite", str(plain)])
    _with_main_py(plain, lite.MARKER + "\n# ukaipay 0.0.9\n")
    assert main(["lite", str(plain)]) == 0
    assert lite_parts.read_settings(plain)["main.py"] == lite.main_py()


@pytest.mark.parametrize("name, content, words", [
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, ".xls or a password"),
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "password-protected"),
    ("notes.xlsx", b"just text", "not an Excel workbook"),
    ("binary.xlsb", None, "binary workbook (.xlsb)"),
])
def test_files_lite_cannot_change_get_one_clear_line(tmp_path, capsys, name, content, words):
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("xl/workbook.bin", b"\0")
    else:
        path.write_bytes(content)
    assert main(["lite", str(path)]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1


def test_print_writes_the_main_py_that_the_workbooks_carry(template, capsys):
    assert main(["lite", "--print"]) == 0
    assert capsys.readouterr().out == lite_parts.read_settings(template)["main.py"]


# --- main.py as a module built from its text (as Lite does), in CPython ---------------------

def test_main_py_loads_the_carried_package_not_the_source_tree(tmp_path):
    code = ("import sys, types\n"
            "m = types.ModuleType('main'); exec(open('main.py').read(), m.__dict__)\n"
            "import addin, xlwings.server as s\n"
            "names = sorted(f['name'] for f in s.custom_functions_meta(m)['functions'])\n"
            f"print(addin.__file__.startswith('/ukaipay-{__version__}-'), addin.__version__, names)\n"
            "print(m.SALARY_BAND('MLOps Engineer', 'Senior', 'London'))\n"
            "print([x['function_name'] for x in s.custom_scripts_meta(m)])\n")
    (tmp_path / "main.py").write_text(lite.main_py(), encoding="utf-8")
    out = subprocess.run([sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, check=True, env={**os.environ, "TMPDIR": str(tmp_path)})
    first, second, scripts = out.stdout.splitlines()
    import addin.excel.udfs as udfs

    assert first == f"True {__version__} {sorted(udfs.__all__)}"
    assert second == "[[85000.0, 97500.0, 110000.0]]"  # one row: low, mid, high
    assert scripts == "['price_plan', 'refresh_functions']"  # what Lite lists as scripts
    assert [p.name for p in tmp_path.iterdir()] == ["main.py"]  # imported from memory: no file written


class _Sheet:
    """A sheet with a used range starting at (row, column) whose formulas a script reads."""

    def __init__(self, row, column, formulas):
        self.written = {}
        sheet = self

        class Used:
            def options(self, ndim=None):
                assert ndim == 2  # the script reads a 2-D grid whatever the range's shape
                return self

            async def get_formula(self):
                return formulas if isinstance(formulas, list) else [[formulas]]

        class Cell:
            def __init__(self, at, to=None):
                assert to is None or to == at  # no block here: every formula is its own
                self.at = at
                self.row, self.column = at

            @property
            def formula(self):
                raise AssertionError("the script must not read formulas synchronously")

            @formula.setter
            def formula(self, value):
                sheet.written[self.at] = value

        self.used_range = Used()
        self.used_range.row, self.used_range.column = row, column
        self.range = Cell


def test_refresh_functions_re_enters_only_formulas_calling_ours(capsys):
    module = types.ModuleType("main")
    # The script alone: the carried package must not replace this process's addin.
    exec(lite.main_py().split("\n# --- carried package")[0], module.__dict__)
    plan = _Sheet(3, 2, [['=SALARY_BAND(A1,"Senior")', "text", 5],
                         ["=SUM(A1:A3)", '=IFNA(dayrate(A2,"Senior"),0)', "=MYSALARY_BAND(1)"]])
    single = _Sheet(1, 1, "=EMPLOYER_COST(85000)")
    async def flush():
        pass

    book = types.SimpleNamespace(sheets=[plan, single], flush=flush)
    asyncio.run(inspect.unwrap(module.refresh_functions)(book))
    # Re-entered under the plain name Excel binds (dayrate -> DAYRATE).
    assert plan.written == {(3, 2): '=SALARY_BAND(A1,"Senior")',
                            (4, 3): '=IFNA(DAYRATE(A2,"Senior"),0)'}
    assert single.written == {(1, 1): "=EMPLOYER_COST(85000)"}
    assert "Re-entered 3 formulas" in capsys.readouterr().out


@pytest.mark.parametrize("shown", [
    "=PLAN_ROW(A1)", "=plan_row(A1)", "=XLW.PLAN_ROW(A1)", "=_xldudf_XLW_PLAN_ROW(A1)",
    "=_XLDUDF_PLAN_ROW (A1)", "=_xldudf_xlw_plan_row(A1)", "=[2]!_xldudf_XLW_PLAN_ROW(A1)"])
def test_refresh_recognises_a_call_however_excel_shows_it_and_writes_the_plain_name(shown):
    module = types.ModuleType("main")
    exec(lite.main_py().split("\n# --- carried package")[0], module.__dict__)
    assert module.plain_calls(shown) == "=PLAN_ROW(A1)"


@pytest.mark.parametrize("other", ["=SUM(A1)", "=MYPLAN_ROW(1)", "=X.MYPLAN_ROW(1)", "PLAN_ROW(A1)",
                                   "=PLAN_ROWS(A1)", None, 5])
def test_refresh_leaves_what_calls_none_of_ours(other):
    module = types.ModuleType("main")
    exec(lite.main_py().split("\n# --- carried package")[0], module.__dict__)
    assert module.plain_calls(other) is None


def test_another_add_in_s_task_pane_is_kept_and_lite_s_added_beside_it(plain):
    main(["lite", str(plain)])
    parts = _parts(plain)
    other = parts["xl/webextensions/webextension1.xml"].replace(b"wa200008175", b"wa104380000")
    other = other.replace(b"WA200008175", b"WA104380000")
    parts["xl/webextensions/webextension1.xml"] = other
    with zipfile.ZipFile(plain, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    assert main(["lite", str(plain)]) == 0
    after = _parts(plain)
    assert after["xl/webextensions/webextension1.xml"] == other
    assert lite_parts.read_settings(plain)["main.py"] == lite.main_py()
    panes = ElementTree.fromstring(after["xl/webextensions/taskpanes.xml"])
    assert [p[0].get(R_ID) for p in panes] == ["rId1", "rId2"]
    rels = after["xl/webextensions/_rels/taskpanes.xml.rels"].decode()
    assert 'Id="rId2" Type="http://schemas.microsoft.com/office/2011/relationships/webextension" ' \
           'Target="webextension2.xml"' in rels
    assert b'PartName="/xl/webextensions/webextension2.xml"' in after["[Content_Types].xml"]
    assert after["_rels/.rels"].count(b"webextensiontaskpanes") == 1
