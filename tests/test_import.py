"""`import addin` stays light: no heavy libraries and no file read at import."""

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
