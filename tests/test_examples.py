"""README examples are real files: run them and check what they print."""

import subprocess
import sys

from conftest import REPO


def test_api_example_prints_the_readme_figures():
    out = subprocess.run([sys.executable, str(REPO / "examples" / "api_example.py")],
                         capture_output=True, text=True, check=True, cwd=REPO).stdout.splitlines()
    assert out[0] == "95000.0 110000.0 125000.0 False"
    assert out[1] == "102500.0"
    assert "3. AI Engineer Salaries" in out[2] and out[2].endswith("quoted")
    assert out[3:] == ["870.0", "173100.0", "98320.9", "112983.4"]  # 85,000 + 15% bonus: see test_costs


def test_readme_excel_examples_are_the_guide_figures():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    # MLOps Senior London 85,000-110,000; LLM Senior inside IR35: 700 x 0.80 to 900 x 0.85.
    assert '=SALARY_BAND("MLOps Engineer","Senior","London")      ->  85,000 | 97,500 | 110,000' in readme
    assert '=DAYRATE("LLM Engineer","Senior","inside","mid")       ->  662.50' in readme
    assert '=EMPLOYER_COST(85000,"2026/27")                        ->  98,320.90' in readme


def test_notebook_example_prints_the_readme_figures():
    from addin.planning import budget, plan_csv

    out = subprocess.run([sys.executable, str(REPO / "examples" / "notebook_example.py")],
                         capture_output=True, text=True, check=True, cwd=REPO).stdout.splitlines()
    # Senior, London (sections 2 to 5 of the guide).
    assert [line.split() for line in out[1:5]] == [
        ["MLOps", "Engineer", "85000.0", "110000.0"], ["AI", "Engineer", "95000.0", "125000.0"],
        ["LLM", "Engineer", "110000.0", "150000.0"], ["Data", "Engineer", "80000.0", "105000.0"]]
    # LLM Engineer 6 years = Senior; Manchester = London 110,000 x 0.85 to 150,000 x 0.90.
    assert out[5] == "[110000.0, 114250.0, nan]"
    assert out[6].endswith("no salary table: use day_rate().")
    assert out[7] == "27 rows, 1 with a problem"  # the demo's one deliberately broken row
    first_month = budget.price_plan(*plan_csv.demo_plan()).summary["months"][0]["total"]
    assert out[8] == f"{first_month:,.2f}"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    # The README links this file and shows the line that runs it (tests/test_readme_commands.py
    # runs that line, and holds any code block the README shows equal to its example file).
    assert "(examples/notebook_example.py)" in readme
    assert "\n    python examples/notebook_example.py\n" in readme
