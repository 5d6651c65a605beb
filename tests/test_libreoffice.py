"""An independent spreadsheet program opens what we write: LibreOffice, headless.

CI installs LibreOffice (.ci/run); on a machine without it these tests are skipped.
"""

import csv
import os
import re
import shutil
import subprocess

import pytest

from addin.packaging.template_file import write_template
from addin.planning import budget, plan_csv
from addin.sheets.report import write_report

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (Debian/Ubuntu: apt-get install libreoffice-calc-nogui)")


def _has_carlito() -> bool:
    fc = shutil.which("fc-list")
    return bool(fc and subprocess.run([fc, ":family=Carlito"], capture_output=True, text=True,
                                      timeout=60).stdout.strip())


def _need_pages() -> None:
    """Skip (fail under CI=true) a test that reads printed pages without pdftotext, or without
    Carlito, the font with Calibri's metrics that makes LibreOffice break pages as Excel does."""
    missing = [what for what, ok in (("pdftotext (poppler-utils)", shutil.which("pdftotext")),
                                     ("the Carlito font (fonts-crosextra-carlito)", _has_carlito()))
               if not ok]
    if missing:
        reason = "the printed-page tests need " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def convert(path, target, outdir, profile):
    """Convert ``path`` with LibreOffice; return the files it wrote."""
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", target, "--outdir", str(outdir), str(path)],
                   check=True, capture_output=True, timeout=180)
    return sorted(outdir.iterdir())


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lo")
    rows, a = plan_csv.demo_plan()
    b = budget.price_plan(rows, a)
    write_template(folder / "template.xlsx", rows, a)
    write_report(b, folder / "report.xlsx")
    return folder, b


def test_report_values_read_back_through_libreoffice(demo, tmp_path):
    folder, b = demo
    # Filter options: comma, double quote, UTF-8, from row 1, ..., -1 = every sheet.
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    files = convert(folder / "report.xlsx", options, tmp_path / "csv", tmp_path / "profile")
    summary = next(f for f in files if "Summary" in f.name)
    figures = {row[0]: row[1] for row in csv.reader(summary.open(encoding="utf-8")) if len(row) > 1}
    assert float(figures["In-year cost (fiscal year)"]) == pytest.approx(b.summary["fy_cost"], abs=0.005)
    assert float(figures["Rows with problems (left out of every total)"]) == b.summary["problems"] == 1
    plan = next(f for f in files if "Plan" in f.name)
    lines = list(csv.reader(plan.open(encoding="utf-8")))
    header = next(i for i, row in enumerate(lines) if row[:2] == ["ID", "Team"])
    read = {row[0]: row for row in lines[header + 1:] if row and row[0]}
    fy = lines[header].index("FY cost")
    for r in b.rows:
        if r.priced:
            assert float(read[r.row.id][fy]) == pytest.approx(r.fy_cost, abs=0.005)


def test_template_opens_and_renders(demo, tmp_path):
    folder, _ = demo
    files = convert(folder / "template.xlsx", "pdf", tmp_path / "pdf", tmp_path / "profile")
    assert files and files[0].suffix == ".pdf" and files[0].stat().st_size > 10_000


def test_report_renders_to_png(demo, tmp_path):
    folder, _ = demo
    (pdf,) = convert(folder / "report.xlsx", "pdf", tmp_path / "pdf", tmp_path / "profile")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True, timeout=60)
    (png,) = tmp_path.glob("page*.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_pages_read_with_units_ids_and_clear_labels(demo, tmp_path):
    folder, b = demo
    (pdf,) = convert(folder / "report.xlsx", "pdf", tmp_path / "pdf", tmp_path / "profile")
    _need_pages()

    def page(n):
        return subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                              check=True, capture_output=True, text=True, timeout=60).stdout

    pages = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True,
                           timeout=60).stdout
    # Summary on one page; the Plan three wide: inputs, figures, months
    assert re.search(r"^Pages:\s+4$", pages, re.M)
    summary, inputs, figures, months = page(1), page(2), page(3), page(4)
    assert re.search(r"31 Mar 2027\s+Scenario Mid", summary)
    # AI-02, AI Engineer, Senior, London: £95,000 - £125,000, mid £110,000 a year;
    # LLM-05, LLM Engineer, Senior, outside IR35: £700 - £900, mid £800 a day.
    assert re.search(r"AI-02\s+Applied AI\s+AI Engineer\s+£110,000\.00 /yr", figures)
    assert re.search(r"LLM-05\s+LLM Products\s+LLM Engineer\s+£800\.00 /day", figures)
    assert re.search(r"LLM-05\s+LLM Products\s+LLM Engineer.*Agent platform build", inputs)
    # ID, Team and Role repeat on every Plan page, the header row and the title too.
    for text in (inputs, figures, months):
        assert re.search(r"AI-08\s+Applied AI\s+AI Engineer", text) and "Plan, priced" in text
    assert "Level" in inputs and "FY cost" in figures and "Level" not in figures + months
    assert "Check" not in inputs + months and "Apr 2026" in months
    # The totals row sums the FY cost column: the Summary's in-year cost.
    fy = f"£{b.summary['fy_cost']:,.2f}"
    assert re.search(rf"^Total\s.*{re.escape(fy)}", figures, re.M) and fy in summary
    # FTE as typed and summed: LLM-04 at 0.8, 20.9 at year end (not 0.80, 20.90).
    assert re.search(r"LLM-04 .* 0\.8 ", inputs) and "0.80" not in inputs
    assert re.search(r"FTE at year end\s+20\.9\s", summary) and "20.90" not in summary
    # April's FTE at month end, 7 whole positions: 7, not 7.0 or 7.00
    assert re.search(r"^Apr 2026(\s+£[\d,.]+){3}\s+7\s", summary, re.M)


def test_a_long_check_wraps_in_its_cell_on_the_figures_page(tmp_path):
    _need_pages()
    row = plan_csv.read_csv("ID,Role,Level,Location,Type,Start\n"
                            "W1,Principal Distinguished Staff Wizard of Data and Other Things,Senior,"
                            "London,Permanent,2026-04-01\n")
    b = budget.price_plan(row)
    check = b.rows[0].check
    assert len(check) > 80  # two lines and more in a 40-wide column
    write_report(b, tmp_path / "r.xlsx")
    (pdf,) = convert(tmp_path / "r.xlsx", "pdf", tmp_path / "pdf", tmp_path / "profile")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True, timeout=60).stdout
    pages = text.split("\f")
    words = check.split()
    figures = next(p for p in pages if "Compa-" in p)
    assert words[0] in figures and words[-1] in figures  # all of it on the figures page...
    assert not any(check in line for line in figures.splitlines())  # ...on several lines
    months = next(p for p in pages if "Apr 2026" in p and re.search(r"^ID\s+Team\s+Role", p, re.M))
    assert words[-1] not in months  # nothing spills onto the next page


def test_the_template_plan_prints_in_readable_pages_and_xlwings_conf_prints_none(demo, tmp_path):
    _need_pages()
    folder, _ = demo
    (pdf,) = convert(folder / "template.xlsx", "pdf", tmp_path / "pdf", tmp_path / "profile")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True, timeout=60).stdout
    pages = text.split("\f")
    # every Plan page has the header row with ID, Team and Role (before: one page, 44 columns)
    plan = [p for p in pages if re.search(r"^\s*ID\s+Team\s+Role", p, re.M)]
    # 200 rows three pages wide (inputs, figures, months): more than one page each way
    assert len(plan) >= 6 and len(plan) % 3 == 0
    assert sum("Skills" in p for p in plan) == sum("Compa-" in p for p in plan) == len(plan) // 3
    assert sum("FY cost" in p for p in plan) == len(plan) // 3
    assert not any("UDF Modules" in p for p in pages)  # the hidden xlwings.conf sheet


def test_the_template_counts_rows_below_and_takes_the_default_year(tmp_path):
    # Issue 16 section 3, in a spreadsheet program that reads whole-sheet ranges (the
    # formulas engine cannot): a cell of spaces, a no-break space and a tab, and one of an
    # em space, under the table are blank (as in budget); a filled row under it is 1 problem; a cell far below (row
    # 1,300, past the 1,000 rows checked row by row) is 1 more. An emptied fiscal-year start
    # is the default 1 April 2026, so the year ends on 31 March 2027.
    from addin.sheets import xlsx_file
    from addin.sheets.plan_layout import A_CELL
    from addin.sheets.workbook import build_template

    wb = build_template()
    plan = wb["Plan"]
    plan["B210"], plan["N211"] = " \u00a0\t", "\u2003"
    plan["C220"], plan["C1300"] = "AI Engineer", "x"
    wb["Assumptions"][A_CELL["FYStart"].replace("$", "")] = None
    xlsx_file.save(wb, tmp_path / "t.xlsx")
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    files = convert(tmp_path / "t.xlsx", options, tmp_path / "csv", tmp_path / "profile")
    summary = next(f for f in files if "Summary" in f.name)
    rows = list(csv.reader(summary.open(encoding="utf-8")))
    figures = {row[0]: row[1] for row in rows if len(row) > 1}
    assert figures["Rows with problems (left out of every total)"] == "2"
    assert rows[2][1:4] == ["04/01/2026", "to", "03/31/2027"]  # LibreOffice's US dates
