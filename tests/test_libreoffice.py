"""An independent spreadsheet program opens what we write: LibreOffice, headless.

CI installs LibreOffice (.ci/run); on a machine without it these tests are skipped.
"""

import csv
import re
import shutil
import subprocess

import pytest

from addin import budget, plan_csv
from addin.report import write_report
from addin.workbook import write_template

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (Debian/Ubuntu: apt-get install libreoffice-calc-nogui)")


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
    folder, _ = demo
    (pdf,) = convert(folder / "report.xlsx", "pdf", tmp_path / "pdf", tmp_path / "profile")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")

    def page(n):
        return subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                              check=True, capture_output=True, text=True, timeout=60).stdout

    pages = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True,
                           timeout=60).stdout
    assert re.search(r"^Pages:\s+3$", pages, re.M)  # Summary on one page, the Plan two wide
    summary, inputs, figures = page(1), page(2), page(3)
    assert re.search(r"31 Mar 2027\s+Scenario Mid", summary)
    # AI-02, AI Engineer, Senior, London: £95,000 - £125,000, mid £110,000 a year;
    # LLM-05, LLM Engineer, Senior, outside IR35: £700 - £900, mid £800 a day.
    assert re.search(r"AI-02\s+£110,000\.00 /yr", figures)  # money to the penny
    assert re.search(r"LLM-05\s+£800\.00 /day", figures)
    # The ID column repeats on both Plan pages; the header row too.
    assert "AI-08" in inputs and "AI-08" in figures
    assert "Team" in inputs and "FY cost" in figures and "Team" not in figures


def test_the_template_counts_rows_below_and_takes_the_default_year(tmp_path):
    # Issue 16 section 3, in a spreadsheet program that reads whole-sheet ranges (the
    # formulas engine cannot): a cell of spaces, a no-break space and a tab, and one of an
    # em space, under the table are blank (as in budget); a filled row under it is 1 problem; a cell far below (row
    # 1,300, past the 1,000 rows checked row by row) is 1 more. An emptied fiscal-year start
    # is the default 1 April 2026, so the year ends on 31 March 2027.
    from addin import xlsx_file
    from addin.plan_layout import A_CELL
    from addin.workbook import build_template

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
