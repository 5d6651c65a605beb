"""The wheel carries the data: build it, install it outside the tree, run a lookup; and
import it straight from the zip."""

import subprocess
import sys
import venv
import zipfile

import pytest
from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps",
                    "--no-build-isolation", "-q", "-w", str(dist)], check=True)
    (built,) = dist.glob("ukaipay-*.whl")
    return built


def test_the_wheel_s_version_is_the_one_declared_in_the_package(wheel):
    # pyproject.toml reads the version from addin/__init__.py ([tool.hatch.version]): one
    # declaration, so the wheel, its metadata and `ukaipay --version` cannot disagree.
    from addin import __version__

    assert wheel.name == f"ukaipay-{__version__}-py3-none-any.whl"
    (metadata,) = [n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".dist-info/METADATA")]
    lines = zipfile.ZipFile(wheel).read(metadata).decode("utf-8").splitlines()
    assert f"Version: {__version__}" in lines
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and "\nversion =" not in pyproject


def test_wheel_carries_the_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "addin/data/salary_bands.csv" in names and "addin/data/provenance.toml" in names


def test_wheel_installs_and_looks_up_outside_the_source_tree(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    code = ("import addin; b = addin.salary_band('AI Engineer', 'Senior', 'London'); "
            "print(b.low, b.high, addin.__file__.startswith(%r))" % str(REPO))
    out = subprocess.run([str(python), "-I", "-c", code], cwd=tmp_path,
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["95000.0", "125000.0", "False"]


def test_data_reads_from_a_zip(wheel, tmp_path):
    """A wheel is a zip: imported straight from it (zipimport), the data still loads."""
    code = ("import addin; b = addin.salary_band('Data Engineer', 'Senior', 'Manchester'); "
            "print(b.low, b.high, addin.__spec__.loader.__class__.__name__)")
    out = subprocess.run([sys.executable, "-I", "-S", "-c",
                          f"import sys; sys.path.insert(0, {str(wheel)!r}); {code}"],
                         cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["68000.0", "94500.0", "zipimporter"]
