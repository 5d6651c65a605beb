"""Editions as data (issue 20 §4-6): another edition chosen by --data DIR, UKAIPAY_DATA or the
Python API with no code changed; `data check DIR` naming the file and line of every fault;
the data's age in `source`; two editions side by side; `lite --data` carrying an edition.

The copy of the bundled edition changes AI Engineer / Senior / London from the guide's
95,000-125,000 (mid 110,000) to 100,000-130,000 (mid (100,000 + 130,000) / 2 = 115,000)
and its title to "Test Edition 2027"."""

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from conftest import REPO, TINY, edition_title

import addin
from addin.commands.cli import main
from addin.guide.provenance import Provenance

GUIDE_ROW = "AI Engineer,Senior,London,95000,125000,false"
NEW_ROW = "AI Engineer,Senior,London,100000,130000,false"


def rewrite(folder, name, old, new):
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def edition_2027(data_copy):
    """A copy of the bundled edition: AI Engineer / Senior / London 100,000-130,000, titled
    "Test Edition 2027"."""
    rewrite(data_copy, "salary_bands.csv", GUIDE_ROW, NEW_ROW)
    rewrite(data_copy, "provenance.toml", f'title = "{edition_title()}"', 'title = "Test Edition 2027"')
    return data_copy


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def line_of(path, text):
    """The line number (from 1) of the line of ``path`` that starts with ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i + 1 for i, s in enumerate(lines) if s.startswith(text))


# --- choosing the edition --------------------------------------------------------------------

def test_data_option_answers_from_another_edition_with_no_code_changed(capsys, edition_2027):
    code, out, _ = run(capsys, "--data", edition_2027, "band", "AI Engineer", "Senior", "London", "--json")
    band = json.loads(out)
    assert code == 0 and (band["low"], band["mid"], band["high"]) == (100000, 115000, 130000)
    assert band["source"].startswith("Test Edition 2027 (")
    code, out, _ = run(capsys, "--data", edition_2027, "source")
    assert code == 0 and out.startswith("Test Edition 2027 (")
    # After the command too, as --json is; and the bundled edition again once it is done.
    code, out, _ = run(capsys, "band", "AI Engineer", "Senior", "London", "--data", edition_2027)
    assert "£115,000" in out
    code, out, _ = run(capsys, "band", "AI Engineer", "Senior", "London", "--json")
    assert json.loads(out)["mid"] == 110000  # (95,000 + 125,000) / 2


def _ukaipay(args, env_data, code="from addin.commands.cli import main; import sys; sys.exit(main(sys.argv[1:]))"):
    env = {k: v for k, v in os.environ.items() if k != "UKAIPAY_DATA"}
    if env_data is not None:
        env["UKAIPAY_DATA"] = str(env_data)
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True,
                          text=True, env=env)


def test_the_environment_variable_names_an_edition_and_the_option_wins(edition_2027, tmp_path):
    out = _ukaipay(["band", "AI Engineer", "Senior", "London", "--json"], edition_2027)
    assert out.returncode == 0 and json.loads(out.stdout)["mid"] == 115000
    # The option wins: a broken folder in the variable is never read.
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "roles.csv").write_text("nothing,here\n", encoding="utf-8")
    out = _ukaipay(["--data", edition_2027, "band", "AI Engineer", "Senior", "London", "--json"], broken)
    assert out.returncode == 0 and json.loads(out.stdout)["mid"] == 115000
    out = _ukaipay(["band", "AI Engineer", "Senior", "London"], broken)
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert out.stderr.startswith(f"ukaipay: UKAIPAY_DATA {broken}: roles.csv, line 1: header must be")
    # The Python API (and so classic xlwings and xlwings Server) reads the variable too.
    code = "import addin; print(addin.salary_band('AI Engineer', 'Senior', 'London').mid)"
    out = _ukaipay([], edition_2027, code)
    assert out.stdout == "115000.0\n"


@pytest.mark.parametrize("make, words", [
    (lambda tmp: tmp / "nowhere", "no such folder."),
    (lambda tmp: tmp, "not an edition folder (it holds no provenance.toml or roles.csv"),
])
def test_a_folder_that_is_not_an_edition_is_one_line(capsys, tmp_path, make, words):
    folder = make(tmp_path)
    code, out, err = run(capsys, "--data", folder, "band", "AI Engineer", "Senior")
    assert code == 2 and out == "" and err.startswith(f"ukaipay: --data {folder}: {words}")
    assert err.count("\n") == 1


def test_a_broken_edition_in_use_names_the_file_and_line(capsys, data_copy):
    rewrite(data_copy, "salary_bands.csv", GUIDE_ROW, "AI Engineer,Senior,London,135000,125000,false")
    line = line_of(data_copy / "salary_bands.csv", "AI Engineer,Senior,London")
    code, _, err = run(capsys, "--data", data_copy, "band", "AI Engineer", "Senior", "London")
    assert code == 2 and err == (f"ukaipay: --data {data_copy}: salary_bands.csv, line {line}: low "
                                 f"135000 is above high 125000 (`ukaipay data check {data_copy}` "
                                 f"lists every fault).\n")


def test_the_frames_and_api_take_an_edition_as_an_argument(edition_2027):
    from addin import frames

    table = frames.guide_table("salary_bands", data=edition_2027)
    row = table.query("role == 'AI Engineer' and level == 'Senior' and region == 'London'")
    assert row["high_gbp_year"].item() == 130000
    assert frames.guide_table("salary_bands").query(  # the bundled edition again
        "role == 'AI Engineer' and level == 'Senior' and region == 'London'")["high_gbp_year"].item() == 125000


# --- data check ------------------------------------------------------------------------------

def test_data_check_passes_a_sound_edition(capsys, edition_2027):
    code, out, _ = run(capsys, "data", "check", edition_2027)
    assert code == 0 and out.startswith(f"{edition_2027}: a sound edition: Test Edition 2027 (")
    # The copy holds the package's statutory tables too: they are not read from an edition.
    assert "Not read from it" in out and "tax_years.csv" in out


def test_data_check_names_every_fault_with_its_file_and_line(capsys, data_copy):
    # Three faults in three files: a Min above its Max, an alias to no role, a provenance
    # key missing. The loader would stop at the first; the check names each.
    rewrite(data_copy, "salary_bands.csv", GUIDE_ROW, "AI Engineer,Senior,London,135000,125000,false")
    rewrite(data_copy, "day_rates.csv", "LLM Engineer,Senior,700,900", "LLM Engineer,Senior,900,700")
    rewrite(data_copy, "aliases.csv", "role,,CAIO,Chief AI Officer", "role,,CAIO,Chief Vibes Officer")
    rewrite(data_copy, "provenance.toml", 'publisher = "', 'publisher_name = "')
    band = line_of(data_copy / "salary_bands.csv", "AI Engineer,Senior,London")
    rate = line_of(data_copy / "day_rates.csv", "LLM Engineer,Senior")
    alias = line_of(data_copy / "aliases.csv", "role,,CAIO")
    guide = line_of(data_copy / "provenance.toml", "[guide]")
    code, out, err = run(capsys, "data", "check", data_copy)
    assert code == 1
    assert err == f"ukaipay: {data_copy}: 4 faults; not an edition the engine will load.\n"
    assert out.splitlines() == [
        f"{data_copy / 'salary_bands.csv'}, line {band}: low 135000 is above high 125000",
        f"{data_copy / 'day_rates.csv'}, line {rate}: low 900 is above high 700",
        f"{data_copy / 'aliases.csv'}, line {alias}: role alias 'CAIO' points to unknown role "
        "'Chief Vibes Officer'",
        f"{data_copy / 'provenance.toml'}, line {guide}: [guide] needs publisher (text, not empty)",
    ]
    code, out, _ = run(capsys, "data", "check", data_copy, "--json")
    faults = json.loads(out)["faults"]
    assert code == 1 and [(f["file"], f["line"]) for f in faults] == [
        (str(data_copy / "salary_bands.csv"), band), (str(data_copy / "day_rates.csv"), rate),
        (str(data_copy / "aliases.csv"), alias), (str(data_copy / "provenance.toml"), guide)]


def test_data_check_of_two_broken_rows_in_one_file_names_both(capsys, data_copy):
    rewrite(data_copy, "salary_bands.csv", "AI Engineer,Junior,London,55000", "AI Engineer,Junior,London,ninety")
    rewrite(data_copy, "salary_bands.csv", GUIDE_ROW, "AI Engineer,Senior,London,135000,125000,false")
    code, out, err = run(capsys, "data", "check", data_copy)
    first = line_of(data_copy / "salary_bands.csv", "AI Engineer,Junior,London")
    second = line_of(data_copy / "salary_bands.csv", "AI Engineer,Senior,London")
    # The skipped rows leave their bands missing: not counted again as "missing" faults.
    assert code == 1 and out.splitlines()[:2] == [
        f"{data_copy / 'salary_bands.csv'}, line {first}: low 'ninety' is not a number",
        f"{data_copy / 'salary_bands.csv'}, line {second}: low 135000 is above high 125000"]
    assert len(out.splitlines()) == 2 and "2 faults" in err


def test_data_check_words_a_role_of_the_wrong_kind(capsys, data_copy):
    # Salary bands are for engineer roles: a leadership role there (Chief AI Officer is one in
    # roles.csv) and a role roles.csv lacks are each named in plain words.
    rewrite(data_copy, "salary_bands.csv", GUIDE_ROW, "Chief AI Officer,Senior,London,95000,125000,false")
    rewrite(data_copy, "salary_bands.csv", "AI Engineer,Junior,London,", "Vibes Engineer,Junior,London,")
    code, out, _ = run(capsys, "data", "check", data_copy)
    assert code == 1
    assert "role 'Chief AI Officer' is not an engineer role in roles.csv" in out
    assert "role 'Vibes Engineer' is not an engineer role in roles.csv" in out


def test_data_check_compares_the_guide_text_s_sha256(capsys, edition_2027, tmp_path):
    text = tmp_path / "guide.txt"
    text.write_bytes(b"")  # SHA-256 of nothing: e3b0c442...b855, not the edition's
    code, out, _ = run(capsys, "data", "check", edition_2027, "--text", text)
    line = line_of(edition_2027 / "provenance.toml", "sha256")
    assert code == 1 and out.splitlines()[0] == (
        f"{edition_2027 / 'provenance.toml'}, line {line}: sha256 is "
        f"{addin.Edition.load(edition_2027).provenance.sha256}, but guide.txt has SHA-256 "
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")


def test_data_check_of_a_missing_folder_is_a_usage_error(capsys, tmp_path):
    code, _, err = run(capsys, "data", "check", tmp_path / "nowhere")
    assert code == 2 and err == f"ukaipay: {tmp_path / 'nowhere'}: no such folder.\n"


def test_data_copy_starts_a_new_edition_from_the_one_in_use(capsys, edition_2027, tmp_path):
    folder = tmp_path / "next"
    code, out, _ = run(capsys, "--data", edition_2027, "data", "copy", folder)
    assert code == 0 and out.startswith(f"{folder}: a copy of Test Edition 2027 (")
    # The edition's 13 tables and provenance.toml, byte for byte; no statutory table.
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [p.name for p in edition_2027.glob("*.csv") if p.name not in (
            "tax_years.csv", "tax_year_standing.csv", "sacrifice_caps.csv",
            "sponsorship_charges.csv", "plan_checks.csv", "demo_plan.csv")] + ["provenance.toml"])
    assert all((folder / name).read_bytes() == (edition_2027 / name).read_bytes()
               for name in os.listdir(folder))
    assert run(capsys, "data", "check", folder)[0] == 0
    code, _, err = run(capsys, "data", "copy", folder)  # never over a folder that exists
    assert code == 2 and err == f"ukaipay: {folder} already exists: give a new folder to copy the edition into.\n"


def test_an_unknown_unit_is_a_fault(data_copy):
    from addin.base.errors import DataError

    rewrite(data_copy, "insights.csv", "900,1100,false,GBP per day", "900,1100,false,GBP a fortnight")
    with pytest.raises(DataError, match="unit must be GBP per year, GBP per day, percent"):
        addin.Edition.load(data_copy)


# --- the data's age --------------------------------------------------------------------------

def _provenance(as_of):
    return Provenance("T", "P", "period", as_of, "pct", "0" * 64, sections={}, document={})


@pytest.mark.parametrize("as_of, today, months", [
    ("January 2026", date(2026, 12, 1), 11),  # January to December
    ("January 2026", date(2027, 1, 1), 12),
    ("January 2026", date(2027, 2, 1), 13),
    ("2026-01-31", date(2027, 1, 30), 11),  # a day short of 12 whole months
    ("2026-01-31", date(2027, 1, 31), 12),
])
def test_age_in_whole_months(as_of, today, months):
    assert _provenance(as_of).age_months(today) == months


def test_a_warning_only_past_twelve_months():
    p = _provenance("January 2026")
    assert p.age(date(2026, 12, 6)) == "Data as of January 2026: 11 months old."
    assert p.age(date(2027, 1, 6)) == "Data as of January 2026: 12 months old."
    assert p.age(date(2027, 2, 6)).startswith(
        "Data as of January 2026: 13 months old. Warning: over 12 months old; a newer edition may be out")


def _months_before(n):
    today = date.today()
    month = today.year * 12 + today.month - 1 - n
    return f"{date(month // 12, month % 12 + 1, 1):%B %Y}"


@pytest.mark.parametrize("months", [11, 13])
def test_source_says_how_old_the_edition_in_use_is(capsys, edition_2027, months):
    # as_of the first of the month n months before this one: n whole months from the clock.
    as_of = _months_before(months)
    rewrite(edition_2027, "provenance.toml", f'as_of = "{addin.Edition.load(REPO / "data").provenance.as_of}"',
            f'as_of = "{as_of}"')
    code, out, _ = run(capsys, "--data", edition_2027, "source")
    age = out.splitlines()[1]
    assert code == 0 and age.startswith(f"Data as of {as_of}: {months} months old.")
    assert ("Warning" in age) is (months > 12)
    code, out, _ = run(capsys, "--data", edition_2027, "source", "--json")
    edition = json.loads(out)["edition"]
    assert (edition["as_of"], edition["age_months"], edition["stale"]) == (as_of, months, months > 12)


def test_guide_source_in_excel_says_how_old_the_edition_is(edition_2027):
    from udf_runtime import call

    as_of = _months_before(13)
    rewrite(edition_2027, "provenance.toml", f'as_of = "{addin.Edition.load(REPO / "data").provenance.as_of}"',
            f'as_of = "{as_of}"')
    with addin.use_edition(edition_2027):
        text = call("GUIDE_SOURCE")[0][0]
    assert text.startswith("Test Edition 2027 (")
    assert f"Data as of {as_of}: 13 months old. Warning: over 12 months old" in text


def test_an_as_of_that_is_no_date_is_refused(data_copy):
    from addin.base.errors import DataError

    rewrite(data_copy, "provenance.toml", 'as_of = "', 'as_of = "about ')
    with pytest.raises(DataError, match="as_of must be a month"):
        addin.Edition.load(data_copy)


# --- two editions side by side ---------------------------------------------------------------

def test_compare_editions_shows_old_new_and_the_change(capsys, edition_2027):
    code, out, _ = run(capsys, "compare-editions", "bundled", edition_2027, "AI Eng", "--json")
    got = json.loads(out)
    assert code == 0 and got["new"].startswith("Test Edition 2027 (")
    # AI Engineer: 4 levels x 3 regions of salary bands, and 3 day rates.
    assert len(got["bands"]) == 15 and {b["role"] for b in got["bands"]} == {"AI Engineer"}
    (changed,) = [b for b in got["bands"] if b["mid_change"] != 0]
    assert changed == {
        "table": "salary", "role": "AI Engineer", "level": "Senior", "region": "London",
        "unit": "GBP/year", "old_low": 95000, "old_mid": 110000, "old_high": 125000,
        "new_low": 100000, "new_mid": 115000, "new_high": 130000,
        "low_change": 0.0526,  # 100,000 / 95,000 - 1 = 0.05263
        "mid_change": 0.0455,  # 115,000 / 110,000 - 1 = 0.04545
        "high_change": 0.04}  # 130,000 / 125,000 - 1
    code, out, _ = run(capsys, "compare-editions", "bundled", edition_2027)
    line = next(s for s in out.splitlines() if "AI Engineer / Senior / London" in s)
    assert line.split()[-6:] == ["£95,000-£125,000", "£100,000-£130,000", "£110,000", "->",
                                 "£115,000", "+4.55%"]


def test_compare_editions_marks_bands_only_one_edition_has(capsys):
    code, out, _ = run(capsys, "compare-editions", "bundled", TINY, "Test Engineer")
    rows = [s for s in out.splitlines() if s.startswith("salary: Test Engineer")]
    assert code == 0 and rows and all(s.endswith("added") for s in rows)
    code, _, err = run(capsys, "compare-editions", "bundled", TINY, "Prompt Wizard")
    assert code == 1 and err.startswith('ukaipay: Unknown role "Prompt Wizard".')


def test_the_dataframe_gives_the_same_as_the_command(edition_2027):
    from addin import frames

    frame = frames.edition_changes(REPO / "data", edition_2027, "AI Engineer")
    row = frame.query("level == 'Senior' and region == 'London'").iloc[0]
    assert (row.old_mid, row.new_mid) == (110000, 115000)
    assert row.mid_change == pytest.approx(115000 / 110000 - 1)
    assert len(frame) == 15 and (frame.drop(index=row.name).mid_change == 0).all()


# --- Excel users get the edition -------------------------------------------------------------

def test_the_template_builds_on_the_tiny_edition(tiny_edition):
    # The Guide sheet took [statutory] and the guide's sources from the edition's provenance,
    # which the tiny one lacks; statutory figures are now the package's whatever the edition.
    from addin.sheets.workbook import build_template

    wb = build_template()
    assert wb["Guide"]["A1"].value == "Guide: Tiny Test Guide (never)"


def test_lite_data_carries_the_edition_into_the_workbook(capsys, edition_2027, tmp_path):
    import openpyxl

    from addin.packaging import lite_parts

    book = tmp_path / "model.xlsx"
    openpyxl.Workbook().save(book)
    code, out, _ = run(capsys, "lite", "--data", edition_2027, book)
    assert code == 0
    main_py = lite_parts.read_settings(book)["main.py"]
    assert "every figure from the Test Edition 2027 (" in main_py
    (tmp_path / "main.py").write_text(main_py, encoding="utf-8")
    code = ("import types\n"
            "m = types.ModuleType('main'); exec(open('main.py').read(), m.__dict__)\n"
            "import addin\n"
            "print(addin.__file__.startswith('/ukaipay-'))\n"
            "print(m.SALARY_BAND('AI Engineer', 'Senior', 'London'))\n"
            "print(m.GUIDE_SOURCE('AI Engineer', 'Senior', 'London'))\n")
    out = subprocess.run([sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, check=True)
    carried, band, source = out.stdout.splitlines()
    assert carried == "True"  # the workbook's package, not this checkout's
    assert band == "[[100000.0, 115000.0, 130000.0]]"
    assert source.startswith("Test Edition 2027 (")


def test_lite_data_in_pyodide(edition_2027, tmp_path):
    import lite_runtimes

    from addin.packaging import lite

    reason = lite_runtimes.missing("node", "0.28", lite.XLWINGS_VERSION)
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the Pyodide tests: {reason}")
        pytest.skip(reason)
    with addin.use_edition(edition_2027):
        (tmp_path / "main.py").write_text(lite.main_py(), encoding="utf-8")
    (tmp_path / "requirements.txt").write_text(lite.REQUIREMENTS, encoding="utf-8")
    (tmp_path / "calls.json").write_text(json.dumps([
        {"func_name": "SALARY_BAND", "args": [[["AI Engineer"]], [["Senior"]], [["London"]]],
         "runtime": "1.4"}]), encoding="utf-8")
    got = lite_runtimes.run("node", "0.28", tmp_path / "main.py", tmp_path / "requirements.txt",
                            tmp_path / "calls.json")
    assert got["results"] == [[[100000, 115000, 130000]]]


def test_lite_dropdowns_follow_the_carried_edition(tmp_path):
    # The Literal lists of the Excel functions are read from the edition at import: in the
    # workbook that is the carried one, here the tiny edition's three roles.
    import lite_runtimes

    from addin.packaging import lite

    reason = lite_runtimes.missing("node", "0.28", lite.XLWINGS_VERSION)
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the Pyodide tests: {reason}")
        pytest.skip(reason)
    with addin.use_edition(TINY):
        (tmp_path / "main.py").write_text(lite.main_py(), encoding="utf-8")
    (tmp_path / "requirements.txt").write_text(lite.REQUIREMENTS, encoding="utf-8")
    (tmp_path / "calls.json").write_text(json.dumps([  # "Tester": the tiny alias of Test Engineer
        {"func_name": "SALARY_BAND", "args": [[["Tester"]], [["Senior"]], [["London"]]],
         "runtime": "1.4"}]), encoding="utf-8")
    got = lite_runtimes.run("node", "0.28", tmp_path / "main.py", tmp_path / "requirements.txt",
                            tmp_path / "calls.json")
    assert got["results"] == [[[100000, 150000, 200000]]]  # tiny London Senior, mid 150,000
    assert got["enums"]["GUIDE_SOURCE.ROLE"] == ["Test Engineer", "Rate Only Engineer", "Head of Test"]
    assert got["enums"]["GUIDE_SOURCE.REGION"] == ["UK National", "London", "Remote UK", "Testcity"]
