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
import addin, addin.udfs
from addin import budget, plan_csv
from addin.cli import main
from addin.udfs import GUIDE_TABLE
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
    code = ("import sys, addin, addin.udfs, addin.cli, addin.workbook; "
            "addin.udfs.GUIDE_TABLE('salary_bands'); print('addin.frames' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "XLWINGS_ON_SERVER": "true",
                              "XLWINGS_LICENSE_KEY": "noncommercial"})
    assert out.stdout.strip() == "False"
