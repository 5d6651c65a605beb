"""Tests of the ``formulas``-engine test harness (tests/formula_engine.py).

Toy functions only: the harness must not depend on the add-in's own UDFs.
"""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula

try:
    import formula_engine as fe
except ImportError:  # pragma: no cover - tests/ imported as a package
    from tests import formula_engine as fe

from formulas.functions import get_functions

CALLS: list[tuple] = []


def double(x):
    CALLS.append((x,))
    return x * 2


def dayrate(role, level, london=False, band="mid"):
    CALLS.append((role, level, london, band))
    rates = {("LLM Engineer", "Lead"): 900.0, ("ML Engineer", "Senior"): 700.0}
    try:
        rate = rates[(role, level)]
    except KeyError:
        raise LookupError(f"no rate for {role!r}/{level!r}") from None
    if band not in ("low", "mid", "high"):
        raise ValueError(f"bad band {band!r}")
    return rate * (1.15 if london else 1.0) * {"low": 0.9, "mid": 1.0, "high": 1.1}[band]


def boom(x):
    return 1 / 0


def first_col_doubled(rng):
    """Takes a 2-D range, returns a column (2-D list)."""
    CALLS.append((rng,))
    return [[row[0] * 2] for row in rng]


def as_row(rng):
    return [row[0] for row in rng]  # 1-D list -> one row


def nothing(x=None):
    return None


def count_args(*args):
    return len(args)


def describe(x):
    return type(x).__name__


TOYS = {
    "DOUBLE": double,
    "DAYRATE": dayrate,
    "BOOM": boom,
    "FIRSTCOL2": first_col_doubled,
    "ASROW": as_row,
    "NOTHING": nothing,
    "NARGS": count_args,
    "TYPENAME": describe,
}


@pytest.fixture(autouse=True)
def _clean_registry():
    CALLS.clear()
    yield
    fe.unregister()
    assert fe.registered_names() == []


@pytest.fixture
def toys():
    fe.register(TOYS)
    return TOYS


# --------------------------------------------------------------------------
# evaluate(): arguments
# --------------------------------------------------------------------------
def test_scalar_literal_and_reference(toys):
    assert fe.evaluate("=DOUBLE(21)") == 42.0
    assert fe.evaluate("=DOUBLE(A1)", {"A1": 4}) == 8.0
    assert fe.evaluate("DOUBLE(A1)+1", {"a1": 4}) == 9.0  # "=" and case optional


def test_dayrate_arguments_types_and_defaults(toys):
    cells = {"A2": "LLM Engineer", "B2": "Lead"}
    assert fe.evaluate('=DAYRATE(A2,B2,TRUE,"mid")', cells) == pytest.approx(1035.0)
    assert CALLS[-1] == ("LLM Engineer", "Lead", True, "mid")
    assert type(CALLS[-1][2]) is bool
    # omitted trailing optional arguments are not passed -> Python defaults
    assert fe.evaluate("=DAYRATE(A2,B2)", cells) == 900.0
    assert CALLS[-1] == ("LLM Engineer", "Lead", False, "mid")
    assert fe.evaluate("=NARGS(1,2)") == 2.0
    assert fe.evaluate("=NARGS()") == 0.0


def test_numbers_arrive_as_float_and_booleans_as_bool(toys):
    assert fe.evaluate("=TYPENAME(3)") == "float"
    assert fe.evaluate("=TYPENAME(A1)", {"A1": 3}) == "float"
    assert fe.evaluate("=TYPENAME(FALSE)") == "bool"
    assert fe.evaluate("=TYPENAME(A1)", {"A1": True}) == "bool"
    assert fe.evaluate("=TYPENAME(1=1)") == "bool"
    assert fe.evaluate('=TYPENAME("a"&"b")') == "str"
    assert fe.evaluate("=TYPENAME(-A1)", {"A1": 2}) == "float"


def test_empty_cells_arrive_as_none(toys):
    assert fe.evaluate("=TYPENAME(A1)") == "NoneType"
    assert fe.evaluate("=TYPENAME(A1)", {"A1": None}) == "NoneType"
    assert fe.evaluate('=TYPENAME("")') == "NoneType"  # as xlwings does
    fe.evaluate("=FIRSTCOL2(A1:B3)", {"A1": 1, "B1": "x", "A2": 2, "A3": 3})
    assert CALLS[-1] == ([[1.0, "x"], [2.0, None], [3.0, None]],)


def test_error_argument_arrives_as_none(toys):
    assert fe.evaluate("=TYPENAME(NA())") == "NoneType"


# --------------------------------------------------------------------------
# evaluate(): results and errors
# --------------------------------------------------------------------------
def test_lookup_error_is_na_and_other_exceptions_are_value(toys):
    assert fe.evaluate('=DAYRATE("Nope","Lead")') == "#N/A"
    assert fe.evaluate('=DAYRATE("LLM Engineer","Lead",FALSE,"huge")') == "#VALUE!"
    assert fe.evaluate("=BOOM(1)") == "#VALUE!"
    assert fe.evaluate('=IFERROR(DAYRATE("Nope","Lead"),0)') == 0
    assert fe.evaluate('=ISNA(DAYRATE("Nope","Lead"))') is True
    assert fe.evaluate('=ISNA(BOOM(1))') is False
    # error values are plain strings
    assert type(fe.evaluate('=DAYRATE("Nope","Lead")')) is str


def test_range_argument_and_column_result(toys):
    cells = {"A1": 1, "A2": 2, "A3": 5, "B1": "x"}
    assert fe.evaluate("=FIRSTCOL2(A1:B3)", cells) == [[2.0], [4.0], [10.0]]
    assert fe.evaluate("=SUM(FIRSTCOL2(A1:B3))", cells) == 16.0
    assert fe.evaluate("=INDEX(FIRSTCOL2(A1:B3),2,1)", cells) == 4.0
    # a whole range can be given as one 2-D list
    assert fe.evaluate("=FIRSTCOL2(A1:A3)", {"A1:A3": [[1], [2], [3]]}) == [[2.0], [4.0], [6.0]]
    # an array literal is a range too
    assert fe.evaluate("=FIRSTCOL2({1;2})") == [[2.0], [4.0]]


def test_single_cell_range_is_a_scalar_and_1d_list_is_a_row(toys):
    assert fe.evaluate("=TYPENAME(A1:A1)", {"A1": 1}) == "float"
    assert fe.evaluate("=ASROW(A1:A3)", {"A1": 1, "A2": 2, "A3": 3}) == [[1.0, 2.0, 3.0]]


def test_none_result_is_empty_string(toys):
    assert fe.evaluate("=NOTHING(1)") == ""
    assert fe.evaluate("=NOTHING()") == ""


def test_error_text_and_nan_results_are_excel_errors():
    with fe.registered({"NA_TEXT": lambda: "#N/A", "NAN": lambda: float("nan"),
                        "COL_NA": lambda: [[1], ["#N/A"]]}):
        assert fe.evaluate("=NA_TEXT()") == "#N/A"
        assert fe.evaluate("=ISNA(NA_TEXT())") is True
        assert fe.evaluate('=IFERROR(NA_TEXT(),"caught")') == "caught"
        assert fe.evaluate("=NAN()") == "#NUM!"
        assert fe.evaluate("=ISNA(COL_NA())") == [[False], [True]]


def test_builtin_values_errors_and_arrays():
    assert fe.evaluate("=1/0") == "#DIV/0!"
    assert fe.evaluate("=NA()") == "#N/A"
    assert fe.evaluate("=A1") is None  # empty reference
    assert fe.evaluate("=A1+1") == 1
    assert fe.evaluate("={1,2;3,4}") == [[1, 2], [3, 4]]
    assert fe.evaluate('=SUMIFS(B1:B3,A1:A3,"x")',
                       {"A1": "x", "A2": "y", "A3": "x", "B1": 1, "B2": 2, "B3": 4}) == 5
    assert fe.evaluate("=Scenario&\"!\"", {"Scenario": "mid"}) == "mid!"
    assert fe.evaluate("=Sheet2!A1*2", {"Sheet2!A1": 4}) == 8
    assert fe.evaluate("=EOMONTH(DATE(2026,1,15),1)") == 46081  # 2026-02-28


def test_dates_and_errors_as_inputs():
    assert fe.evaluate("=EOMONTH(A1,0)", {"A1": dt.date(2026, 4, 15)}) == 46142  # 2026-04-30
    assert fe.evaluate("=A1+1", {"A1": dt.datetime(2026, 4, 1, 12)}) == 46113.5 + 1
    assert fe.evaluate("=ISNA(A1)", {"A1": fe.XL_ERRORS["#N/A"]}) is True
    assert fe.evaluate("=ISNA(A1)", {"A1": "#N/A"}) is False  # just text


def test_unknown_function_is_name_error_and_does_not_pollute_registry():
    assert fe.evaluate("=NOSUCHFUNC(1)") == "#NAME?"
    assert "NOSUCHFUNC" not in get_functions()


# --------------------------------------------------------------------------
# registration bookkeeping
# --------------------------------------------------------------------------
def test_register_unregister_and_idempotence():
    registry = get_functions()
    assert "DOUBLE" not in registry
    fe.register({"double": double})
    fe.register({"DOUBLE": double})  # twice is fine
    assert "DOUBLE" in registry and "_XLUDF.DOUBLE" in registry
    assert fe.registered_names() == ["DOUBLE"]
    assert fe.evaluate("=_xludf.DOUBLE(2)") == 4.0
    fe.unregister(["double"])
    assert "DOUBLE" not in registry and "_XLUDF.DOUBLE" not in registry
    assert fe.registered_names() == []


def test_overriding_a_builtin_is_restored():
    original = get_functions()["LEN"]
    with fe.registered({"LEN": lambda s: 99}):
        assert fe.evaluate('=LEN("abc")') == 99.0
    assert get_functions()["LEN"] is original
    assert fe.evaluate('=LEN("abc")') == 3


def test_register_rejects_non_callables():
    with pytest.raises(TypeError):
        fe.register({"X": 1})


def test_xlwings_decorated_functions_follow_xlwings_dimensions():
    xw = pytest.importorskip("xlwings")

    @xw.func
    @xw.arg("table", ndim=2)
    def shape2(table):
        return f"{len(table)}x{len(table[0])}"

    @xw.func
    def kind(values):
        return type(values).__name__ + str(len(values) if isinstance(values, list) else "")

    with fe.registered({"SHAPE2": shape2, "KIND": kind}):
        assert fe.evaluate("=SHAPE2(A1)", {"A1": 1}) == "1x1"
        assert fe.evaluate("=SHAPE2(5)") == "1x1"
        assert fe.evaluate("=SHAPE2(A1:B3)") == "3x2"
        # xlwings default: one cell -> scalar, one row/column -> 1-D list
        assert fe.evaluate("=KIND(A1)", {"A1": 1}) == "float"
        assert fe.evaluate("=KIND(A1:A3)") == "list3"
        assert fe.evaluate("=KIND(A1:C1)") == "list3"


# --------------------------------------------------------------------------
# calculate_workbook()
# --------------------------------------------------------------------------
@pytest.fixture
def budget_book(tmp_path):
    wb = openpyxl.Workbook()
    a = wb.active
    a.title = "Assumptions"
    a["A5"], a["B5"] = "Scenario", "high"
    a["A6"], a["B6"] = "FY start", dt.datetime(2026, 4, 1)
    wb.defined_names["Scenario"] = DefinedName("Scenario", attr_text="Assumptions!$B$5")
    wb.defined_names["FYStart"] = DefinedName("FYStart", attr_text="Assumptions!$B$6")

    s = wb.create_sheet("Staff Plan")  # space in the sheet name on purpose
    s.append(["Role", "Level", "London", "Salary", "Start"])
    s.append(["LLM Engineer", "Lead", True, 120000, dt.datetime(2026, 1, 15)])
    s.append(["ML Engineer", "Senior", False, 90000, dt.datetime(2026, 6, 1)])
    s.append(["Prompt Whisperer", "Senior", False, 60000, dt.datetime(2027, 5, 1)])
    for r in (2, 3, 4):
        s[f"F{r}"] = f"=IFERROR(DAYRATE(A{r},B{r},C{r},Scenario),\"n/a\")"
        s[f"G{r}"] = f"=DAYRATE(A{r},B{r})"
    s["H1"] = "=SUMIFS(D2:D4,E2:E4,\"<=\"&EOMONTH(FYStart,11),B2:B4,\"Senior\")"
    s["H2"] = "=COUNTIFS(E2:E4,\">=\"&FYStart)"
    s["H3"] = "=UPPER(Scenario)&\" / \"&TEXT(FYStart,\"mmm yyyy\")"
    s["H4"] = "=SUMPRODUCT((A2:A4<>\"\")*D2:D4)"
    s["I2"] = ArrayFormula("I2:I4", "=FIRSTCOL2(D2:E4)")
    s["J1"] = "=SUM(I2:I4)"
    s["J2"] = "=DOUBLE(Scenario=\"high\")"
    s["J3"] = "=ISBLANK(Z99)"
    path = tmp_path / "budget.xlsx"
    wb.save(path)
    return path


def test_calculate_workbook(toys, budget_book):
    res = fe.calculate_workbook(budget_book)
    sp = "Staff Plan"
    # keys use the workbook's own sheet names and upper-case refs
    assert ("Staff Plan", "A2") in res and ("Assumptions", "B5") in res
    # constants come back as read, dates as Excel serial numbers
    assert res[(sp, "A2")] == "LLM Engineer"
    assert res[(sp, "C2")] is True
    assert res[("Assumptions", "B6")] == 46113
    # custom function with a defined-name argument
    assert res[(sp, "F2")] == pytest.approx(900 * 1.15 * 1.1)
    assert res[(sp, "F3")] == pytest.approx(700 * 1.1)
    assert res[(sp, "F4")] == "n/a"  # LookupError -> #N/A -> IFERROR
    assert res[(sp, "G4")] == "#N/A"
    assert res[(sp, "G2")] == 900.0
    # built-ins with defined names and date criteria
    assert res[(sp, "H1")] == 90000  # only one Senior starts by 2027-03-31
    assert res[(sp, "H2")] == 2
    assert res[(sp, "H3")] == "HIGH / Apr 2026"
    assert res[(sp, "H4")] == 270000
    # array (CSE) formula of a custom function fills its range
    assert [res[(sp, f"I{r}")] for r in (2, 3, 4)] == [240000.0, 180000.0, 120000.0]
    assert res[(sp, "J1")] == 540000.0
    assert res[(sp, "J2")] == 2.0  # DOUBLE(TRUE): Python's True * 2
    assert res[(sp, "J3")] is True


def test_workbook_bool_argument_is_python_bool(toys, budget_book):
    fe.calculate_workbook(budget_book)
    dayrate_calls = [c for c in CALLS if len(c) == 4]
    assert ("LLM Engineer", "Lead", True, "high") in dayrate_calls
    assert all(type(c[2]) is bool for c in dayrate_calls)


def test_unregistered_custom_function_in_workbook_is_name_error(budget_book):
    res = fe.calculate_workbook(budget_book)
    assert res[("Staff Plan", "G2")] == "#NAME?"


@pytest.mark.parametrize("text, trimmed", [
    ("  a   b  ", "a b"),                       # ends dropped, an inner run becomes one space
    ("\u00a0Data\u00a0", "\u00a0Data\u00a0"),  # a no-break space is not a space to TRIM
    ("\tData\n", "\tData\n"),                  # nor a tab or a line break
    ("Data \u00a0 Science", "Data \u00a0 Science"),
])
def test_trim_is_excels_ascii_spaces_only(text, trimmed):
    # Excel's TRIM removes character 32 only; formulas' own TRIM (str.strip) removed every
    # kind of white space, which hid a Team typed with a tab from the parity tests.
    assert fe.evaluate("=TRIM(A1)", {"A1": text}) == trimmed


def test_a_newer_function_needs_its_file_prefix_as_in_excel(tmp_path):
    # UNICHAR is Excel 2013's: a workbook file spells it _xlfn.UNICHAR; the bare name is
    # #NAME? in Excel and LibreOffice (the template once wrote it bare, and this engine
    # computed it, hiding 1,000 rows counted as problems).
    wb = openpyxl.Workbook()
    wb.active["A1"], wb.active["A2"] = "=UNICHAR(65)", "=_xlfn.UNICHAR(65)"
    wb.save(tmp_path / "newer.xlsx")
    values = fe.calculate_workbook(tmp_path / "newer.xlsx")
    assert (values[("Sheet", "A1")], values[("Sheet", "A2")]) == ("#NAME?", "A")
    # Typed into Excel (evaluate's formulas), the bare name is fine: Excel adds the prefix.
    assert fe.evaluate("=UNICHAR(65)") == "A"
