"""The README's Python API example, run by the tests (tests/test_examples.py)."""

from addin import day_rate, employer_cost, salary_band, salary_estimate

band = salary_band("AI Engineer", "Senior", "London")
print(band.low, band.mid, band.high, band.open_top)  # 95000.0 110000.0 125000.0 False
print(band.at(0.25))  # 102500.0
print(band.source)  # guide section, quoted or derived
print(day_rate("LLM Engineer", "Lead", "inside").mid)  # 870.0
print(salary_estimate("LLM Engineer", "Senior", "London", "RAG, fine-tuning", "Scale-up").mid)  # 173100.0
print(employer_cost(85000, "2026/27"))  # 98320.9
print(employer_cost(85000, "2026/27", bonus_rate=0.15))  # 112983.4
