"""`ukaipay lite` on workbooks other programs wrote or damaged, and on a user's own code.

Every foreign or damaged package is built here from a plain openpyxl workbook with
zipfile and byte edits, so each case says what it is. A package `lite` writes is checked
against ECMA-376 Part 2 by this file's own reading (part names compared case-insensitively,
one content type per part, relationships that resolve), not by the code under test.
"""

import os
import posixpath
import re
import struct
import subprocess
import sys
import warnings
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest

from addin.commands.cli import main
from addin.packaging import lite, lite_parts, lite_user

CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TP = "{http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11}"
WE = "{http://schemas.microsoft.com/office/webextensions/webextension/2010/11}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
REL_PANES = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
REL_WE = "http://schemas.microsoft.com/office/2011/relationships/webextension"
OLD = lite.MARKER + "\n# ukaipay 0.0.9\n"  # an older release's main.py, to be refreshed


def parts_of(path) -> dict:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def write_parts(path, parts: dict, items=None) -> None:
    """Write ``parts`` (or the (name, bytes) ``items``, repeats allowed) as the zip at ``path``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of a duplicate name: that is the case
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in (items or parts.items()):
                z.writestr(name, data)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "unexpected error" not in err, err
    return code, out, err


@pytest.fixture
def plain(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Salary"
    path = tmp_path / "model.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def with_lite(plain):
    assert main(["lite", str(plain)]) == 0
    return plain


def _rels(parts, source):
    """(Type, resolved target) of each relationship of part ``source`` ("" for the package)."""
    folded = {n.lower(): n for n in parts}
    name = "_rels/.rels" if not source else posixpath.join(
        posixpath.dirname(source), "_rels", posixpath.basename(source) + ".rels")
    if name.lower() not in folded:
        return []
    out = []
    for r in ElementTree.fromstring(parts[folded[name.lower()]]).iter(f"{RELS_NS}Relationship"):
        t = r.get("Target")
        assert t and r.get("Id") and r.get("Type"), (name, r.attrib)
        t = t[1:] if t.startswith("/") else posixpath.normpath(posixpath.join(posixpath.dirname(source), t))
        out.append((r.get("Id"), r.get("Type"), t))
    return out


def assert_valid_with_one_lite(path):
    """The package at ``path`` is valid where Lite lives and shows one Lite task pane."""
    parts = parts_of(path)
    folded = {}
    for n in parts:
        assert folded.setdefault(n.lower(), n) == n, f"{n} twice"
    ct = ElementTree.fromstring(parts[folded["[content_types].xml"]])  # its name: any case too
    overrides = [o.get("PartName", "").lower() for o in ct.iter(f"{CT_NS}Override")]
    assert len(overrides) == len(set(overrides)), "a content type given twice"
    defaults = [d.get("Extension", "").lower() for d in ct.iter(f"{CT_NS}Default")]
    assert len(defaults) == len(set(defaults)) and "" not in defaults + overrides
    for n in parts:
        if n.lower() != "[content_types].xml":
            assert "/" + n.lower() in overrides or n.rsplit(".", 1)[-1].lower() in defaults, n
    panes = [t for _, kind, t in _rels(parts, "") if kind == REL_PANES]
    assert len(panes) == 1, panes
    pane_part = folded[panes[0].lower()]
    rels = {rid: t for rid, kind, t in _rels(parts, pane_part) if kind == REL_WE}
    lite_panes = []
    for ref in ElementTree.fromstring(parts[pane_part]).iter(f"{TP}webextensionref"):
        assert ref.get(R_ID) in rels, (pane_part, ref.attrib)  # every pane's reference resolves
        target = folded[rels[ref.get(R_ID)].lower()]
        root = ElementTree.fromstring(parts[target])
        if any(r.get("id", "").lower() == "wa200008175" for r in root.iter(f"{WE}reference")):
            lite_panes.append(target)
    assert len(lite_panes) == 1, lite_panes
    return parts, lite_panes[0]


def _camel(parts: dict) -> dict:
    """The Lite parts renamed as some tools spell them: xl/webExtensions/webExtension1.xml."""
    def rename(name):
        return name.replace("webextensions/", "webExtensions/").replace("webextension1", "webExtension1")

    out = {rename(n): d for n, d in parts.items()}
    out["[Content_Types].xml"] = out["[Content_Types].xml"].replace(
        b"/xl/webextensions/", b"/xl/webExtensions/").replace(b"webextension1.xml", b"webExtension1.xml")
    out["_rels/.rels"] = out["_rels/.rels"].replace(b"xl/webextensions/", b"xl/webExtensions/")
    rels = "xl/webExtensions/_rels/taskpanes.xml.rels"
    out[rels] = out[rels].replace(b'Target="webextension1.xml"', b'Target="webExtension1.xml"')
    return out


# --- foreign layouts: refreshed in place, never a second part or pane -----------------------

def test_camel_case_part_names_are_the_same_parts(with_lite, capsys):
    parts = _camel(parts_of(with_lite))
    name = "xl/webExtensions/webExtension1.xml"
    parts[name] = lite_parts._refreshed(parts[name], {**lite_parts.read_settings(with_lite), "main.py": OLD})
    write_parts(with_lite, parts)
    assert run(capsys, "lite", with_lite)[0] == 0
    after, lite_part = assert_valid_with_one_lite(with_lite)
    assert set(after) == set(parts) and lite_part == name  # no part added: refreshed in place
    assert lite_parts.read_settings(with_lite)["main.py"] == lite.main_py()


def test_a_task_pane_part_of_another_name_gets_lite_s_pane(with_lite, capsys):
    # Another add-in's pane in "taskpanes1.xml": Lite's pane goes into it, not a second part.
    parts = parts_of(with_lite)
    other = parts.pop("xl/webextensions/webextension1.xml").replace(b"wa200008175", b"wa104380000")
    parts["xl/webextensions/webextension1.xml"] = other.replace(b"WA200008175", b"WA104380000")
    parts["xl/webextensions/taskpanes1.xml"] = parts.pop("xl/webextensions/taskpanes.xml")
    parts["xl/webextensions/_rels/taskpanes1.xml.rels"] = parts.pop(
        "xl/webextensions/_rels/taskpanes.xml.rels")
    for key in ("[Content_Types].xml", "_rels/.rels"):
        parts[key] = parts[key].replace(b"webextensions/taskpanes.xml", b"webextensions/taskpanes1.xml")
    write_parts(with_lite, parts)
    assert run(capsys, "lite", with_lite)[0] == 0
    after, lite_part = assert_valid_with_one_lite(with_lite)
    assert set(after) - set(parts) == {"xl/webextensions/webextension2.xml"} == {lite_part}
    panes = ElementTree.fromstring(after["xl/webextensions/taskpanes1.xml"])
    assert len(panes) == 2  # the other add-in's and Lite's


def test_two_task_pane_parts_are_refused(with_lite, capsys):
    parts = parts_of(with_lite)
    parts["xl/webextensions/taskpanes2.xml"] = parts["xl/webextensions/taskpanes.xml"]
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"</Relationships>", (
        f'<Relationship Id="rId99" Type="{REL_PANES}" Target="xl/webextensions/taskpanes2.xml"/>'
        "</Relationships>").encode())
    write_parts(with_lite, parts)
    before = with_lite.read_bytes()
    code, _, err = run(capsys, "lite", with_lite, "--force")
    assert code == 2 and "2 task-pane parts" in err and "taskpanes2.xml" in err
    assert err.count("\n") == 1 and with_lite.read_bytes() == before


def test_a_stale_content_type_entry_is_not_given_twice(plain, capsys):
    # A tool removed the Lite parts but left their content-type entries behind.
    parts = parts_of(plain)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        '<Override PartName="/xl/webExtensions/webextension1.xml" '
        'ContentType="application/vnd.ms-office.webextension+xml"/>'
        '<Override PartName="/xl/webextensions/taskpanes.xml" ContentType="application/xml"/>'
        "</Types>").encode())
    write_parts(plain, parts)
    assert run(capsys, "lite", plain)[0] == 0
    after, _ = assert_valid_with_one_lite(plain)
    types_ = after["[Content_Types].xml"].decode()
    assert types_.lower().count('partname="/xl/webextensions/taskpanes.xml"') == 1
    assert ('<Override PartName="/xl/webextensions/taskpanes.xml" '
            'ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/>') in types_


# --- damaged and unreadable packages: one line naming the part, the file untouched ----------

def _patch_member(path, name, *, flags=None, method=None):
    """Set a member's general-purpose flags or compression method in both of its headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(name)
    local = info.header_offset  # local header: flags at +6, method at +8
    central = next(m.start() for m in re.finditer(rb"PK\x01\x02", data)
                   if data[m.start() + 46:m.start() + 46 + len(name)] == name.encode())
    for at, offset in ((local, 6), (central, 8)):
        if flags is not None:
            struct.pack_into("<H", data, at + offset, flags)
        if method is not None:
            struct.pack_into("<H", data, at + offset + 2, method)
    path.write_bytes(bytes(data))


def _data_offset(path, name):
    data = path.read_bytes()
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(name)
    n, m = struct.unpack_from("<HH", data, info.header_offset + 26)
    return info.header_offset + 30 + n + m, info.compress_size


def damaged_data(path):
    start, size = _data_offset(path, "xl/styles.xml")
    data = bytearray(path.read_bytes())
    data[start:start + size] = b"\xff" * size  # not a deflate stream
    path.write_bytes(bytes(data))


def crc_mismatch(path):
    parts = parts_of(path)
    with zipfile.ZipFile(path, "w") as z:  # stored, so one changed byte still decompresses
        for name, data in parts.items():
            z.writestr(name, data, compress_type=zipfile.ZIP_STORED)
    start, _ = _data_offset(path, "xl/styles.xml")
    data = bytearray(path.read_bytes())
    data[start + 1] ^= 0x20  # '?' of <?xml changes: the stored CRC-32 no longer matches
    path.write_bytes(bytes(data))


def duplicate_member(path):
    parts = parts_of(path)
    write_parts(path, parts, [*parts.items(), ("xl/styles.xml", parts["xl/styles.xml"])])


def duplicate_in_another_case(path):
    parts = parts_of(path)
    write_parts(path, parts, [*parts.items(), ("xl/Styles.xml", parts["xl/styles.xml"])])


def utf16_content_types(path):
    parts = parts_of(path)
    text = parts["[Content_Types].xml"].decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    parts["[Content_Types].xml"] = text.encode("utf-16")  # with its byte-order mark
    write_parts(path, parts)


def malformed_other_add_in(path):
    parts = parts_of(path)
    parts["xl/webextensions/webextension1.xml"] = (
        b'<?xml version="1.0"?><we:webextension xmlns:we="http://schemas.microsoft.com/office/'
        b'webextensions/webextension/2010/11" id="{0}"><we:reference id="wa104380000"')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/webextensions/webextension1.xml" '
        b'ContentType="application/vnd.ms-office.webextension+xml"/></Types>'))
    write_parts(path, parts)


@pytest.mark.parametrize("damage, words", [
    (damaged_data, 'the part "xl/styles.xml" is damaged'),
    (crc_mismatch, 'the part "xl/styles.xml" is damaged (Bad CRC-32'),
    (lambda p: _patch_member(p, "xl/styles.xml", flags=0x1), '"xl/styles.xml" is encrypted'),
    (lambda p: _patch_member(p, "xl/styles.xml", method=9),
     '"xl/styles.xml" is compressed with Deflate64'),
    (duplicate_member, 'names the part "xl/styles.xml" twice'),
    (duplicate_in_another_case, 'names the part "xl/Styles.xml" twice ("xl/styles.xml")'),
    (utf16_content_types, '"[Content_Types].xml" is UTF-16 XML'),
    (malformed_other_add_in, '"xl/webextensions/webextension1.xml" is not well-formed XML'),
])
def test_a_damaged_or_foreign_package_is_refused_naming_the_part(plain, capsys, damage, words):
    damage(plain)
    before = plain.read_bytes()
    for extra in ([], ["--force"]):
        code, _, err = run(capsys, "lite", plain, *extra)
        assert code == 2 and words in err and err.count("\n") == 1, err
    assert plain.read_bytes() == before
    assert [p.name for p in plain.parent.iterdir()] == [plain.name]  # no temp file left


# --- the user's own code and requirements -------------------------------------------------

def _set_settings(path, **values):
    parts = parts_of(path)
    name = "xl/webextensions/webextension1.xml"
    parts[name] = lite_parts._refreshed(parts[name], {**lite_parts.read_settings(path), **values})
    write_parts(path, parts)


MINE = "@xw.func\ndef double(x):\n    return 2 * x\n"


def test_the_user_s_section_is_carried_over_by_an_update(with_lite, capsys):
    older = lite_user.sealed(lite.MARKER + "\n# ukaipay 0.0.9\nimport xlwings as xw\n", MINE)
    _set_settings(with_lite, **{"main.py": older})
    assert run(capsys, "lite", with_lite)[0] == 0
    code = lite_parts.read_settings(with_lite)["main.py"]
    assert code == lite.main_py(MINE) and code.endswith(lite_user.USER_HEAD + "\n" + MINE)
    assert run(capsys, "lite", with_lite)[1].endswith("nothing changed.\n")  # as written: kept


def test_code_after_an_unsealed_older_main_py_is_kept(with_lite, capsys):
    # main.py as ukaipay wrote it before the seal, with the user's function added at the end.
    unsealed = lite.main_py().split("\n# ---- end of ukaipay's code")[0]
    assert unsealed.endswith("the Excel functions\n")
    # Its last line then imported the functions from the package's top (addin.udfs).
    unsealed = unsealed.replace("from addin.excel.udfs import *", "from addin.udfs import *")
    _set_settings(with_lite, **{"main.py": unsealed + "\n" + MINE})
    assert run(capsys, "lite", with_lite)[0] == 0
    assert lite_parts.read_settings(with_lite)["main.py"] == lite.main_py("\n" + MINE)


def test_an_edit_to_ukaipay_s_code_is_refused_naming_the_line(with_lite, capsys):
    edited = lite.main_py(MINE).replace("    count = 0\n", "    count = 100  # my change\n")
    _set_settings(with_lite, **{"main.py": edited})
    before = with_lite.read_bytes()
    code, _, err = run(capsys, "lite", with_lite)
    line = edited.splitlines().index("    count = 100  # my change") + 1
    assert code == 2 and f'(line {line}: "count = 100 # my change")' in err and "--force" in err
    assert err.count("\n") == 1 and with_lite.read_bytes() == before
    assert run(capsys, "lite", with_lite, "--force")[0] == 0
    assert lite_parts.read_settings(with_lite)["main.py"] == lite.main_py(MINE)  # their section kept


def test_code_of_the_user_s_own_says_what_would_be_lost(with_lite, capsys):
    _set_settings(with_lite, **{"main.py": "import xlwings as xw\n\n" + MINE})  # 5 lines
    code, _, err = run(capsys, "lite", with_lite)
    assert code == 2 and "5 lines" in err and "would lose them" in err and "--force" in err


def test_the_user_s_requirements_lines_are_kept(with_lite, capsys):
    # Lite's own line for an older xlwings ("# required") is replaced; the user's stay, in order.
    _set_settings(with_lite, **{"requirements.txt": "xlwings==0.33.0  # required\npandas==2.2.3\n"
                                                    "# my notes\nopenpyxl\n"})
    assert run(capsys, "lite", with_lite)[0] == 0
    assert lite_parts.read_settings(with_lite)["requirements.txt"] == (
        lite.REQUIREMENTS + "pandas==2.2.3\n# my notes\nopenpyxl\n")


def test_a_user_s_pin_of_a_package_lite_needs_is_refused_unless_force(with_lite, capsys):
    _set_settings(with_lite, **{"requirements.txt": "xlwings==0.30.0\nPyodide_HTTP>=0.2\n"})
    before = with_lite.read_bytes()
    code, _, err = run(capsys, "lite", with_lite)
    assert code == 2 and '"xlwings==0.30.0"' in err and with_lite.read_bytes() == before
    assert run(capsys, "lite", with_lite, "--force")[0] == 0
    assert lite_parts.read_settings(with_lite)["requirements.txt"] == lite.REQUIREMENTS


def test_the_user_s_section_runs_as_part_of_main_py(tmp_path):
    code = ("import types, xlwings.server as s\n"
            "m = types.ModuleType('main'); exec(open('main.py').read(), m.__dict__)\n"
            "print(m.double(21), [f['name'] for f in s.custom_functions_meta(m)['functions']])\n")
    (tmp_path / "main.py").write_text(lite.main_py(MINE), encoding="utf-8")
    out = subprocess.run([sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, check=True, env={**os.environ, "TMPDIR": str(tmp_path)})
    result, names = out.stdout.split(" ", 1)
    assert result == "42" and "'DOUBLE'" in names and "'SALARY_BAND'" in names


def test_an_orphan_task_pane_part_is_left_and_lite_s_pane_has_its_own(with_lite, capsys):
    # A tool dropped the package's relationship to the task panes and the Lite part, not
    # the task-pane part itself: adding "taskpanes.xml" again would name it twice.
    parts = parts_of(with_lite)
    del parts["xl/webextensions/webextension1.xml"]
    parts["_rels/.rels"] = re.sub(rb'<Relationship [^>]*webextensiontaskpanes[^>]*/>', b"",
                                  parts["_rels/.rels"])
    write_parts(with_lite, parts)
    assert run(capsys, "lite", with_lite)[0] == 0
    after, lite_part = assert_valid_with_one_lite(with_lite)
    assert set(after) - set(parts) == {"xl/webextensions/webextension1.xml",
                                       "xl/webextensions/taskpanes1.xml",
                                       "xl/webextensions/_rels/taskpanes1.xml.rels"}


def test_a_lite_setting_that_is_not_text_is_kept_as_it_was(with_lite, capsys):
    _set_settings(with_lite, **{"main.py": OLD})  # so that the refresh rewrites the part
    parts = parts_of(with_lite)
    name = "xl/webextensions/webextension1.xml"
    parts[name] = parts[name].replace(b"</we:properties>",
                                      b'<we:property name="someFlag" value="true"/></we:properties>')
    write_parts(with_lite, parts)
    assert run(capsys, "lite", with_lite)[0] == 0
    after = parts_of(with_lite)[name]
    assert b'<we:property name="someFlag" value="true"/>' in after  # JSON true, not "true"
    assert lite_parts.read_settings(with_lite)["main.py"] == lite.main_py()


# --- any damage: a clear refusal, or a valid package -----------------------------------------

@pytest.fixture(scope="module")
def fuzz_base(tmp_path_factory):
    """A folder for the fuzzed files and a plain workbook's bytes (openpyxl, no Lite)."""
    folder = tmp_path_factory.mktemp("lite_fuzz")
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Salary"
    wb.save(folder / "base.xlsx")
    return folder, (folder / "base.xlsx").read_bytes()


def test_lite_on_randomly_damaged_bytes_refuses_or_writes_a_valid_package(fuzz_base):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    folder, base = fuzz_base
    path = folder / "damaged.xlsx"

    @settings(max_examples=40, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.tuples(st.integers(0, len(base) - 1), st.integers(0, 255)),
                    min_size=1, max_size=3), st.booleans())
    def check(edits, truncate):
        data = bytearray(base)
        for at, value in edits:
            data[at] = value
        if truncate:
            data = data[:edits[0][0]]
        path.write_bytes(bytes(data))
        import contextlib
        import io

        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(["lite", str(path)])
        assert code in (0, 2) and "Traceback" not in err.getvalue(), err.getvalue()
        assert "unexpected error" not in err.getvalue(), err.getvalue()
        if code == 0:
            assert_valid_with_one_lite(path)
        else:
            assert err.getvalue().count("\n") == 1 and path.read_bytes() == bytes(data)

    check()


_EDITED = ["[Content_Types].xml", "_rels/.rels", "xl/webextensions/taskpanes.xml",
           "xl/webextensions/_rels/taskpanes.xml.rels", "xl/webextensions/webextension1.xml"]


def test_lite_on_edited_package_parts_refuses_or_writes_a_valid_package(fuzz_base):
    # The parts lite reads and edits, cut, doubled, re-cased or renamed as a careless tool
    # might: every run is a one-line refusal or a valid package with one Lite pane.
    import contextlib
    import io

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    folder, base = fuzz_base
    path = folder / "edited.xlsx"
    path.write_bytes(base)
    main(["lite", str(path)])
    start = parts_of(path)
    start[_EDITED[-1]] = lite_parts._refreshed(start[_EDITED[-1]], {**lite_parts.read_settings(path),
                                                              "main.py": OLD})
    edit = st.tuples(st.sampled_from(_EDITED), st.sampled_from(["cut", "double", "case", "rename",
                                                                "drop"]),
                     st.integers(0, 2999), st.integers(1, 80))

    @settings(max_examples=30, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(edit, min_size=1, max_size=2))
    def check(edits):
        parts = dict(start)
        for name, how, at, size in edits:
            if name not in parts:
                continue
            if how == "drop":
                del parts[name]
            elif how == "rename":
                parts[name.upper()] = parts.pop(name)
            else:
                text = parts[name].decode("utf-8")
                a = at % len(text)
                b = min(len(text), a + size)
                new = {"cut": "", "double": text[a:b] * 2, "case": text[a:b].swapcase()}[how]
                parts[name] = (text[:a] + new + text[b:]).encode("utf-8")
        write_parts(path, parts)
        written = path.read_bytes()
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(["lite", str(path)])
        assert code in (0, 2) and "unexpected error" not in err.getvalue(), err.getvalue()
        if code == 0:
            assert_valid_with_one_lite(path)
        else:
            assert err.getvalue().count("\n") == 1 and path.read_bytes() == written

    check()


def test_a_user_section_quoting_ukaipay_s_lines_is_still_the_user_s(with_lite, capsys):
    # The user pasted an old main.py's tail, seal line and import included, into their section.
    mine = MINE + lite.main_py().split("\n", 1)[1][-400:] + "from addin.excel.udfs import *\n"
    _set_settings(with_lite, **{"main.py": lite_user.sealed(lite.MARKER + "\n# 0.0.9\n", mine)})
    assert run(capsys, "lite", with_lite)[0] == 0
    assert lite_parts.read_settings(with_lite)["main.py"] == lite.main_py(mine)
