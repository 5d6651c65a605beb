"""Text longer than a cell holds: Excel refuses a file with a cell over 32,767 characters,
and a message quotes at most 60 characters of what was typed (README, "Errors")."""

import re
import zipfile

import openpyxl

from addin.base import errors
from addin.commands.cli import main
from addin.planning import budget, plan_csv
from addin.sheets.sheet_style import CELL_LIMIT, cell_text

HEADER = "ID,Team,Role,Level,Location,Type,IR35,Start,End,FTE,Skills,Override rate,Status,Notes\n"


def test_cell_text_cuts_to_excel_s_limit_counting_utf16_units():
    assert CELL_LIMIT == 32_767  # Excel's specifications: total characters a cell can hold
    assert cell_text("x" * 32_767) == "x" * 32_767  # exactly the limit: kept whole
    assert cell_text("x" * 40_000) == "x" * 32_766 + "…"
    # Outside the Basic Multilingual Plane a character is two UTF-16 units, as Excel counts:
    # 20,000 emoji are 40,000 units; 16,383 of them (32,766 units) and the ellipsis fit.
    cut = cell_text("\U0001F600" * 20_000)
    assert cut == "\U0001F600" * 16_383 + "…" and len(cut.encode("utf-16-le")) // 2 == 32_767


def _texts(path):
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet") or name == "xl/sharedStrings.xml":
                yield from re.findall(r"<t[^>]*>([^<]*)</t>", z.read(name).decode("utf-8"))


def test_a_report_holds_no_cell_over_the_limit_and_checks_quote_60(tmp_path, capsys):
    long = "N" * 40_000
    plan = tmp_path / "long.csv"
    plan.write_text(HEADER
                    # IR35 on a permanent row: a problem whose Check quotes what was typed.
                    + f"P1,Data,AI Engineer,Senior,London,Permanent,{'I' * 40_000},2026-10-01,,,,,Open,{long}\n"
                    # A priced row: its 40,000-character Team is a Summary line too.
                    + f"P2,{'T' * 40_000},AI Engineer,Senior,London,Permanent,,2026-10-01,,,,,Open,\n",
                    encoding="utf-8")
    report = tmp_path / "r.xlsx"
    assert main(["budget", str(plan), "-o", str(report)]) == 0
    out = capsys.readouterr().out
    texts = list(_texts(report))
    assert max(len(t) for t in texts) == 32_767  # the Notes, the Team and the IR35 inputs, cut
    assert "N" * 32_766 + "…" in texts
    check = f'IR35 "{"I" * 59}…" applies to contractors only: clear it for a permanent position.'
    assert check in texts and check in out
    wb = openpyxl.load_workbook(report)  # the Summary's team line (openpyxl's writer) too
    teams = [c.value for row in wb["Summary"].iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("TTT")]
    assert teams and all(t == "T" * 32_766 + "…" for t in teams)


def test_a_check_with_two_short_quotes_far_apart_is_not_cut():
    # Pairing quotes from the left: the text between two quoted values is no quoted value.
    rows = plan_csv.read_csv(HEADER + "P1,Data,AI Engineer,Senior,London,Permanent,,next spring,"
                                      "soon,,,,Open,\n")
    check = budget.price_plan(rows).rows[0].figures.check
    assert '"next spring" is not a date' in check and '"soon" is not a date' in check
    assert "…" not in check
    message = ('Start "next spring" is text, not a date: enter a date (in a CSV, YYYY-MM-DD). '
               'End "2027-01-05" is text, not a date: enter a date (in a CSV, YYYY-MM-DD).')
    assert errors.one_line(message) == message
    assert errors.one_line("the guide's " + "x" * 70 + " contractor's rate") == \
        "the guide's " + "x" * 70 + " contractor's rate"  # apostrophes are not quotes
    assert errors.one_line(f"Unknown role '{'r' * 70}'.") == f'Unknown role "{"r" * 59}…".'
