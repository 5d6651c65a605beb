"""`import addin` stays light: no heavy libraries and no file read at import."""

import os
import subprocess
import sys

PROBE = """
import builtins, io, sys
opened = []
real_open = io.open
def spy(file, *a, **k):
    opened.append(str(file))
    return real_open(file, *a, **k)
builtins.open = io.open = spy
import addin
heavy = [m for m in ("xlwings", "openpyxl", "pandas", "numpy") if m in sys.modules]
print(heavy, [f for f in opened if f.endswith((".csv", ".toml"))])
"""


def test_import_addin_pulls_no_heavy_library_and_reads_no_data():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] []"


def test_first_lookup_reads_the_data():
    code = "import addin, sys; addin.salary_band('AI Engineer','Senior'); print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


WITHOUT_PANDAS = """
import sys
sys.modules["pandas"] = None  # as if pandas were not installed: importing it fails
import addin, addin.excel.udfs
from addin.planning import budget, plan_csv
from addin.commands.cli import main
from addin.excel.udfs import GUIDE_TABLE
assert addin.salary_band("AI Engineer", "Senior", "London").high == 125000
assert GUIDE_TABLE("stages")[1][:3] == ["Early Startup", 70.0, 85.0]
b = budget.price_plan(*plan_csv.demo_plan())
assert main(["band", "AI Engineer", "Senior", "--json"]) == 0
try:
    import addin.frames
except ImportError as e:
    print("frames:", e)
"""


def test_everything_but_the_dataframe_helpers_works_without_pandas():
    out = subprocess.run([sys.executable, "-c", WITHOUT_PANDAS], capture_output=True, text=True,
                         check=True, env={**os.environ, "XLWINGS_ON_SERVER": "true",
                                          "XLWINGS_LICENSE_KEY": "noncommercial"})
    assert out.stdout.splitlines()[-1] == 'frames: addin.frames needs pandas: pip install "ukaipay[pandas]"'


def test_only_the_dataframe_helpers_import_pandas():
    # xlwings imports pandas itself where it is installed; our modules must not need it.
    from conftest import REPO

    for module in (REPO / "addin").glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert ("import pandas" in text) == (module.name == "frames.py"), module.name
    code = ("import sys, addin, addin.excel.udfs, addin.commands.cli, addin.sheets.workbook; "
            "addin.excel.udfs.GUIDE_TABLE('salary_bands'); print('addin.frames' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "XLWINGS_ON_SERVER": "true",
                              "XLWINGS_LICENSE_KEY": "noncommercial"})
    assert out.stdout.strip() == "False"


LITE_START = """
import sys
import addin.excel.udfs as udfs
loaded = set(sys.modules)
band = udfs.SALARY_BAND([["AI Engineer"]], [["Senior"]], [["London"]])
called = set(sys.modules)
cost = udfs.EMPLOYER_COST(85000, "2026/27")
print(sorted(m for m in loaded if m.startswith("addin.")))
print(sorted(m for m in called - loaded if m.startswith("addin.")))
print(band, cost, "addin.costs.employment" in sys.modules)
"""


def test_the_excel_functions_compile_only_what_salary_band_needs():
    # xlwings Lite compiles every module it imports from source at each start: registering
    # the functions and a first SALARY_BAND must leave the plan, cost and position modules
    # (and the public API's re-exports) unimported until a function that needs them runs.
    out = subprocess.run([sys.executable, "-c", LITE_START], capture_output=True, text=True,
                         check=True, env={**os.environ, "XLWINGS_ON_SERVER": "true",
                                          "XLWINGS_LICENSE_KEY": "noncommercial"})
    at_start, at_first_call, values = out.stdout.splitlines()
    # addin.base.inputs: the one blank and spelling rule, which every function reads through.
    # addin.guide.edition: the edition in use, its tables read by addin.guide.data through
    # addin.base.datafile.
    assert at_start == str(["addin.base", "addin.base.datafile", "addin.base.errors",
                            "addin.base.inputs", "addin.base.memo", "addin.excel",
                            "addin.excel.arguments", "addin.excel.cost_functions",
                            "addin.excel.guide_functions", "addin.excel.plan_functions",
                            "addin.excel.position_functions", "addin.excel.scenario_functions",
                            "addin.excel.udfs", "addin.guide",
                            "addin.guide.band", "addin.guide.data", "addin.guide.edition",
                            "addin.guide.names", "addin.guide.pay"])
    # The first lookup reads the edition's provenance (its name, for the band's source line:
    # a Band is a plain record, equal to another with the same figures and source).
    assert at_first_call == "['addin.guide.provenance']"
    # The band is the guide's AI Engineer, Senior, London; the cost is worked by hand in
    # tests/test_employment.py (85,000 + NIC 12,000 + pension 1,320.90).
    assert values == "[[95000.0, 110000.0, 125000.0]] 98320.9 True"


def test_the_guide_loads_without_the_csv_and_pkgutil_modules():
    # Pyodide compiles these standard modules from source (about 20-30 ms each): the data
    # loader reads through the package's loader and the C csv reader instead.
    code = ('import sys; sys.modules["csv"] = sys.modules["pkgutil"] = None; import addin; '
            'print(addin.salary_band("AI Engineer", "Senior", "London").high)')
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "125000.0"
