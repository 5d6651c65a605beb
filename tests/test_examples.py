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
    assert out[3:] == ["870.0", "173100.0", "98320.9"]


def test_readme_excel_examples_are_the_guide_figures():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    # MLOps Senior London 85,000-110,000; LLM Senior inside IR35: 700 x 0.80 to 900 x 0.85.
    assert '=SALARY_BAND("MLOps Engineer","Senior","London")      ->  85,000 | 97,500 | 110,000' in readme
    assert '=DAYRATE("LLM Engineer","Senior","inside","mid")       ->  662.50' in readme
    assert '=EMPLOYER_COST(85000,"2026/27")                        ->  98,320.90' in readme
