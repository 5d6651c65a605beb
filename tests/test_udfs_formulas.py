"""Formulas as a user types them, computed by the independent `formulas` engine with the
Excel functions registered as its custom functions."""

import formula_engine as fe
import pytest
from test_udfs import FUNCTIONS

import addin.excel.udfs as udfs


@pytest.fixture(scope="module", autouse=True)
def registered():
    with fe.registered({name: getattr(udfs, name) for name in FUNCTIONS}):
        yield


def test_salary_band_mid_literal():
    assert fe.evaluate('=SALARY_BAND("AI Engineer","Senior","London","mid")') == 110000


def test_dayrate_with_cells():
    cells = {"A2": "LLM Engineer", "B2": "Lead"}
    assert fe.evaluate('=DAYRATE(A2,B2,TRUE,"mid")', cells) == 870


def test_band_row_and_arithmetic():
    assert fe.evaluate('=SALARY_BAND("ai engineer","SENIOR","london")') == [[95000, 110000, 125000]]
    assert fe.evaluate('=SALARY_BAND("AI Engineer","Senior","London",0.25)*2') == 205000


def test_salary_estimate_formula():
    assert fe.evaluate('=SALARY_ESTIMATE("LLM Engineer","Senior","London","RAG, fine-tuning",'
                       '"Scale-up","high")') == 217500


def test_column_reference():
    cells = {"A1": "AI Engineer", "A2": "MLOps Engineer", "A3": "Data Engineer"}
    assert fe.evaluate('=SALARY_BAND(A1:A3,"Senior","London","mid")', cells) == [
        [110000], [97500], [92500]]


def test_errors_become_excel_errors():
    assert fe.evaluate('=SALARY_BAND("ML Engineer","Senior")') == "#N/A"
    assert fe.evaluate('=IFNA(SALARY_BAND("ML Engineer","Senior"),"none")') == "none"
    assert fe.evaluate('=SALARY_BAND("AI Engineer","Senior","London",7)') == "#VALUE!"


def test_employment_costs_in_formulas():
    assert fe.evaluate('=ROUND(EMPLOYER_COST(85000,"2026/27"),2)') == 98320.90
    assert fe.evaluate('=ROUND(EMPLOYER_COST(60000,"2026/27",0.05,"full",0.04,TRUE),2)') == 73950
    assert fe.evaluate("=CONTRACTOR_COST(650)") == 143000
    assert fe.evaluate('=ROUND(PERM_EQUIVALENT(650,220,"2026/27"),2)') == 123851.39
    assert fe.evaluate('=ROUND(DAYRATE_EQUIVALENT(123851.39,220,"2026/27"),2)') == 650
