"""The wheel carries the data: build it, install it outside the tree, run a lookup."""

import subprocess
import sys
import venv
import zipfile

from conftest import REPO


def test_wheel_installs_and_looks_up_outside_the_source_tree(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps",
                    "--no-build-isolation", "-q", "-w", str(dist)], check=True)
    (wheel,) = dist.glob("ukaipay-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "addin/data/salary_bands.csv" in names and "addin/data/provenance.toml" in names

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    code = ("import addin; b = addin.salary_band('AI Engineer', 'Senior', 'London'); "
            "print(b.low, b.high, addin.__file__.startswith(%r))" % str(REPO))
    out = subprocess.run([str(python), "-I", "-c", code], cwd=tmp_path,
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["95000.0", "125000.0", "False"]
