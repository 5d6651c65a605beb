"""Loading rules: a broken data file is an error naming the file and line."""

import pytest

from addin.base.errors import DataError
from addin.guide.edition import Edition, bundled_edition


def rewrite(folder, name, old, new):
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bundled_data_loads(data_copy):
    g = Edition.load(data_copy).tables
    assert len(g.salary) == 48 and len(g.day_rates) == 18


@pytest.mark.parametrize("file,old,new,problem", [
    ("salary_bands.csv", "AI Engineer,Senior,London,95000,125000", "AI Engineer,Senior,London,135000,125000", "above"),
    ("salary_bands.csv", "AI Engineer,Senior,London,95000", "AI Engineer,Senior,London,-95000", "positive"),
    ("salary_bands.csv", "AI Engineer,Senior,London,95000", "AI Engineer,Senior,London,ninety", "not a number"),
    ("salary_bands.csv", "AI Engineer,Senior,Remote UK", "AI Engineer,Senior,London", "duplicate"),
    ("day_rates.csv", "AI Engineer,Senior,650,800\n", "", "missing day rate"),
    ("salary_bands.csv", "Data Engineer,Junior,UK National,40000,50000,false\n", "", "missing Data Engineer"),
    ("salary_bands.csv", "false\n", "maybe\n", "true or false"),
    ("aliases.csv", "role,,CAIO,Chief AI Officer", "role,,CAIO,Chief Vibes Officer", "unknown role"),
    ("aliases.csv", "skill,LLM Engineer,Evals,", "skill,AI Engineer,Evals,", "not a skill of"),
    ("levels.csv", "role,level,rank", "role,level,order", "header"),
])
def test_broken_file_names_file_and_line(data_copy, file, old, new, problem):
    rewrite(data_copy, file, old, new)
    with pytest.raises(DataError) as e:
        Edition.load(data_copy)
    assert e.value.file == file and problem in str(e.value)
    assert str(e.value).startswith(f"{file}, line ")


def test_line_number_is_the_broken_row(data_copy):
    rewrite(data_copy, "day_rates.csv", "LLM Engineer,Senior,700,900", "LLM Engineer,Senior,900,700")
    with pytest.raises(DataError) as e:
        Edition.load(data_copy)
    lines = (data_copy / "day_rates.csv").read_text().splitlines()
    assert lines[e.value.line - 1] == "LLM Engineer,Senior,900,700"


def test_two_names_folding_to_one_key_is_an_error(data_copy):
    rewrite(data_copy, "aliases.csv", "role,,CAIO,Chief AI Officer", "role,,Data-Engineer,Chief AI Officer")
    with pytest.raises(DataError, match="folds to the same key"):
        Edition.load(data_copy)


def test_missing_file(data_copy):
    (data_copy / "stages.csv").unlink()
    with pytest.raises(DataError, match="stages.csv"):
        Edition.load(data_copy)


def test_loaded_tables_are_read_only():
    edition = bundled_edition()
    with pytest.raises(TypeError):
        edition.tables.salary[("X", "Y", "Z")] = None
    with pytest.raises(AttributeError, match="read-only"):
        edition.tables = None
    with pytest.raises(AttributeError, match="read-only"):
        del edition.index


@pytest.mark.parametrize("old, new, problem, at", [
    ('title = "UK AI & ML', 'title = UK AI & ML', "is not valid TOML", "title = UK AI & ML"),
    ('period = "Q4 2025 to January 2026"\n', "", "[guide] needs period", "[guide]"),
    ('sha256 = "5523', 'sha256 = "X523', "sha256 must be 64 lowercase hex digits", "[guide]"),
    ('day_rates = "7. Contractor Day Rates"\n', "", "[guide.sections] needs day_rates",
     "[guide.sections]"),
])
def test_a_broken_provenance_names_the_line(data_copy, old, new, problem, at):
    rewrite(data_copy, "provenance.toml", old, new)
    with pytest.raises(DataError) as e:
        Edition.load(data_copy)
    assert e.value.file == "provenance.toml" and problem in str(e.value)
    # The line at fault: a syntax error's own line, else the header of the table at fault.
    lines = (data_copy / "provenance.toml").read_text(encoding="utf-8").splitlines()
    assert lines[e.value.line - 1].startswith(at)
