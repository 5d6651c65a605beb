"""Writing files: never over an input or a file we did not write, atomic, one line on failure."""

import errno
import os
import subprocess
import sys

import openpyxl
import pytest

from addin.commands.cli import main
from addin.packaging import lite_parts, template_file
from addin.sheets import files
from addin.sheets import report as report_module

HEADER = "ID,Team,Role,Level,Location,Type,IR35,Start,End,FTE,Skills,Override rate,Status,Notes\n"
P1 = "P1,Applied AI,AI Engineer,Senior,London,Permanent,,2026-10-01,,,,,Open,\n"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "unexpected error" not in err
    return code, out, err


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(HEADER + P1, encoding="utf-8")
    return path


def leftovers(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


# --- never over an input -----------------------------------------------------------------

def test_output_naming_the_input_is_refused_however_spelled(capsys, plan, tmp_path, monkeypatch):
    before = plan.read_bytes()
    monkeypatch.chdir(tmp_path)
    link = tmp_path / "link.csv"
    link.symlink_to(plan)
    for out in ("plan.csv", "./plan.csv", str(plan), f"{tmp_path}/../{tmp_path.name}/plan.csv", "link.csv"):
        code, _, err = run(capsys, "budget", "plan.csv", "-o", out)
        assert code == 2 and "it is the input file" in err, out
    code, _, err = run(capsys, "budget", "link.csv", "-o", "plan.csv", "--force")
    assert code == 2 and "it is the input file" in err  # --force never writes over the input
    assert plan.read_bytes() == before


def test_a_filled_xlsx_plan_is_not_overwritten_by_its_own_report(capsys, tmp_path):
    path = tmp_path / "plan.xlsx"
    template_file.write_template(path)
    before = path.read_bytes()
    code, _, err = run(capsys, "budget", path, "-o", tmp_path / "." / "plan.xlsx")
    assert code == 2 and path.read_bytes() == before


# --- never over a file we did not write --------------------------------------------------

def test_template_never_replaces_a_filled_plan_without_force(capsys, tmp_path):
    path = tmp_path / "budget.xlsx"
    assert run(capsys, "template", "-o", path)[0] == 0
    assert run(capsys, "template", "-o", path)[0] == 0  # an untouched template: same bytes
    wb = openpyxl.load_workbook(path)
    wb["Plan"]["C4"] = "AI Engineer"
    wb.save(path)
    filled = path.read_bytes()
    code, _, err = run(capsys, "template", "-o", path)
    assert code == 2 and "Refusing to overwrite" in err and "--force" in err
    assert path.read_bytes() == filled
    assert run(capsys, "template", "-o", path, "--force")[0] == 0
    assert path.read_bytes() != filled


def test_a_bare_template_over_someone_elses_file_is_refused(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "headcount_budget_template.xlsx"
    mine.write_bytes(b"my own spreadsheet")
    code, _, _ = run(capsys, "template")
    assert code == 2 and mine.read_bytes() == b"my own spreadsheet"


def test_a_report_replaces_a_report_but_nothing_else(capsys, plan, tmp_path):
    report = tmp_path / "report.xlsx"
    assert run(capsys, "budget", plan, "-o", report)[0] == 0
    assert files.is_report(report)
    assert run(capsys, "budget", plan, "-o", report)[0] == 0
    other = tmp_path / "numbers.xlsx"
    openpyxl.Workbook().save(other)
    before = other.read_bytes()
    code, _, err = run(capsys, "budget", plan, "-o", other)
    assert code == 2 and "Refusing to overwrite" in err and other.read_bytes() == before
    assert run(capsys, "budget", plan, "-o", other, "--force")[0] == 0 and files.is_report(other)


def test_demo_keeps_a_filled_demo_template(capsys, tmp_path):
    out = tmp_path / "demo"
    assert run(capsys, "demo", "--out", out)[0] == 0
    assert run(capsys, "demo", "--out", out)[0] == 0  # its own, untouched files
    template = out / "headcount_budget_demo.xlsx"
    wb = openpyxl.load_workbook(template)
    wb["Plan"]["C4"] = "ML Engineer"
    wb.save(template)
    before = template.read_bytes()
    code, _, err = run(capsys, "demo", "--out", out)
    assert code == 2 and template.read_bytes() == before


# --- atomic writes and output errors -----------------------------------------------------

def test_a_full_disk_leaves_the_old_report_intact(capsys, plan, tmp_path, monkeypatch):
    report = tmp_path / "report.xlsx"
    assert run(capsys, "budget", plan, "-o", report)[0] == 0
    before = report.read_bytes()

    def full(wb, out, splice=None):
        out.write(b"PK\x03\x04 half a zip")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(report_module, "write_zip", full)
    code, _, err = run(capsys, "budget", plan, "-o", report)
    assert code == 2 and err == f"ukaipay: Cannot write {report}: the disk is full.\n"
    assert report.read_bytes() == before and leftovers(tmp_path) == []


def test_a_file_open_in_excel_is_one_line(capsys, plan, tmp_path, monkeypatch):
    def locked(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(files.os, "replace", locked)
    for argv in (["budget", plan, "-o", tmp_path / "r.xlsx"], ["template", "-o", tmp_path / "t.xlsx"],
                 ["demo", "--out", tmp_path / "d"]):
        code, _, err = run(capsys, *argv)
        assert code == 2 and "permission denied (is the file open in Excel" in err, argv
    assert leftovers(tmp_path) == [] and leftovers(tmp_path / "d") == []


@pytest.mark.parametrize("command", ["budget", "template", "demo"])
def test_output_to_a_folder_or_a_missing_folder_is_one_line(capsys, plan, tmp_path, command):
    (tmp_path / "taken").write_text("x")
    cases = {"budget": [["-o", tmp_path], ["-o", tmp_path / "no" / "r.xlsx"]],
             "template": [["-o", tmp_path], ["-o", tmp_path / "no" / "t.xlsx"]],
             "demo": [["--out", tmp_path / "taken"]]}[command]
    for extra in cases:
        argv = [command] + ([plan] if command == "budget" else []) + extra
        code, _, err = run(capsys, *argv)
        assert code == 2 and err.startswith("ukaipay: Cannot ") and err.count("\n") == 1, argv


@pytest.mark.parametrize("argv", [["template", "-o", "-"], ["template", "-o", "-", "--force"],
                                  ["demo", "--out", "-"], ["upgrade", "OLD", "-o", "-"]])
def test_a_workbook_to_standard_output_is_refused_and_no_file_named_dash_is_left(
        capsys, tmp_path, monkeypatch, argv):
    # `budget -o -` means "no report"; a workbook has no text form, so "-" elsewhere was a
    # file (or folder) named "-" in the current folder, a mistake the user would never see.
    monkeypatch.chdir(tmp_path)
    old = tmp_path / "old.xlsx"
    template_file.write_template(old)
    code, out, err = run(capsys, *[str(old) if a == "OLD" else a for a in argv])
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "standard output (-): name a" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.xlsx"]


def test_a_read_only_folder_is_one_line(capsys, tmp_path, monkeypatch):
    # Tests run as root here, where chmod does not stop a write: make mkstemp fail the same way.
    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", refused)
    code, _, err = run(capsys, "template", "-o", tmp_path / "t.xlsx")
    assert code == 2 and "Cannot write" in err and not (tmp_path / "t.xlsx").exists()


def test_a_failed_write_removes_its_temp_file(tmp_path):
    def boom(f):
        f.write(b"partial")
        raise RuntimeError("writer failed")

    (tmp_path / "old.xlsx").write_bytes(b"old")
    with pytest.raises(RuntimeError):
        files.write_atomic(tmp_path / "old.xlsx", writer=boom)
    assert (tmp_path / "old.xlsx").read_bytes() == b"old" and leftovers(tmp_path) == []


def test_a_new_file_gets_the_usual_permissions(tmp_path):
    files.write_atomic(tmp_path / "n.xlsx", b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "n.xlsx").stat().st_mode & 0o777 == 0o666 & ~umask


# --- output encoding ---------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "utf-8:strict"])
def test_a_narrow_terminal_gets_text_not_a_traceback(encoding, plan):
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    for argv in (["cost", "85000"], ["budget", str(plan), "-o", "-"], ["band", "AI Engineer", "Senior"],
                 [b"band", b"\xff\xfe", b"Senior"]):
        p = subprocess.run([sys.executable, "-m", "addin", *argv], capture_output=True, env=env)
        assert b"Traceback" not in p.stderr and p.returncode in (0, 1, 2), (argv, p.stderr)
        if argv[0] == "cost":
            assert p.returncode == 0 and b"85,000" in p.stdout


# --- an output is a regular file or a new name, never a device, pipe, link or read-only file --

def _limited(*argv, timeout=60):
    """Run ukaipay in a process that cannot take more than 1 GB or a minute: a device read
    to its end would fail the test instead of the machine."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run([sys.executable, "-m", "addin", *map(str, argv)], capture_output=True,
                          text=True, timeout=timeout, preexec_fn=limit)


def _special_files(tmp_path):
    """A FIFO, a socket and (where allowed: as root) a device node like /dev/full, in
    tmp_path: --force must never replace one with a regular file (never a real /dev node:
    the code under test, wrong, would replace it)."""
    import socket
    import stat as stat_

    made = {}
    os.mkfifo(tmp_path / "fifo.xlsx")
    made["fifo.xlsx"] = stat_.S_ISFIFO
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "socket.xlsx"))
    sock.close()
    made["socket.xlsx"] = stat_.S_ISSOCK
    try:  # root may make one, unless the container withholds the right (CAP_MKNOD)
        os.mknod(tmp_path / "full.xlsx", 0o666 | stat_.S_IFCHR, os.makedev(1, 7))
        made["full.xlsx"] = stat_.S_ISCHR
    except PermissionError:
        pass
    return made


@pytest.mark.parametrize("device", ["/dev/full", "/dev/zero", "/dev/null"])
def test_budget_to_a_device_is_refused_at_once(plan, device):
    p = _limited("budget", plan, "-o", device)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert p.stderr == f"ukaipay: Refusing to write {device}: it is not a regular file (a device, " \
                       f"a pipe or a socket); name a file.\n"


def test_budget_to_a_fifo_is_refused_at_once(plan, tmp_path):
    os.mkfifo(tmp_path / "pipe")  # opened to read, it would wait for a writer for ever
    p = _limited("budget", plan, "-o", tmp_path / "pipe", timeout=60)
    assert p.returncode == 2 and "not a regular file" in p.stderr and p.stderr.count("\n") == 1


@pytest.mark.parametrize("command", ["budget", "template", "demo"])
def test_force_never_replaces_a_fifo_socket_or_device(capsys, plan, tmp_path, command):
    made = _special_files(tmp_path)
    for name, kind in made.items():
        if command == "demo":  # the demo writes fixed names into its folder
            folder = tmp_path / f"demo_{name}"
            folder.mkdir()
            os.symlink(tmp_path / name, folder / "headcount_budget_demo_report.xlsx")
            argv, target = ["demo", "--out", folder], folder / "headcount_budget_demo_report.xlsx"
        else:
            target = tmp_path / name
            argv = [command] + ([plan] if command == "budget" else []) + ["-o", target]
        code, _, err = run(capsys, *argv, "--force")
        assert code == 2 and "not a regular file" in err, (name, err)
        assert kind(os.stat(tmp_path / name).st_mode), name  # still what it was
    assert leftovers(tmp_path) == []


def test_a_link_is_followed_and_its_target_replaced(capsys, plan, tmp_path):
    (tmp_path / "real").mkdir()
    report, link = tmp_path / "real" / "report.xlsx", tmp_path / "link.xlsx"
    assert run(capsys, "budget", plan, "-o", report)[0] == 0
    link.symlink_to(report)
    report.write_bytes(b"not yet")  # the link's target is now someone's file
    assert run(capsys, "budget", plan, "-o", link)[0] == 2
    assert run(capsys, "budget", plan, "-o", link, "--force")[0] == 0
    assert link.is_symlink() and files.is_report(report)  # the link kept; its target rewritten
    template = tmp_path / "t_link.xlsx"
    template.symlink_to("real/t.xlsx")  # a link to a name that does not exist yet: made there
    assert run(capsys, "template", "-o", template)[0] == 0
    assert template.is_symlink() and (tmp_path / "real" / "t.xlsx").is_file()
    assert leftovers(tmp_path) == [] and leftovers(tmp_path / "real") == []


def test_a_read_only_file_is_never_written_even_with_force(capsys, plan, tmp_path):
    report = tmp_path / "report.xlsx"
    assert run(capsys, "budget", plan, "-o", report)[0] == 0
    report.chmod(0o444)
    before = report.read_bytes()
    for extra in ([], ["--force"]):
        code, _, err = run(capsys, "budget", plan, "-o", report, *extra)
        assert code == 2 and err == f"ukaipay: Refusing to write {report}: it is read-only. " \
                                    f"Make it writable first, or choose another name.\n"
    code, _, err = run(capsys, "template", "-o", report, "--force")
    assert code == 2 and "read-only" in err and report.read_bytes() == before


def test_lite_keeps_a_link_and_refuses_a_read_only_workbook(capsys, tmp_path):
    (tmp_path / "real").mkdir()
    book = tmp_path / "real" / "book.xlsx"
    wb = openpyxl.Workbook()
    wb.save(book)
    link = tmp_path / "book.xlsx"
    link.symlink_to(book)
    assert run(capsys, "lite", link)[0] == 0
    assert link.is_symlink() and "main.py" in lite_parts.read_settings(book)
    os.mkfifo(tmp_path / "pipe.xlsx")  # read to see whether it is a zip, it would hang
    code, _, err = run(capsys, "lite", tmp_path / "pipe.xlsx")
    assert code == 2 and "is not a regular file" in err
    other = tmp_path / "other.xlsx"
    wb.save(other)
    other.chmod(0o444)
    before = other.read_bytes()
    code, _, err = run(capsys, "lite", other, "--force")
    assert code == 2 and "read-only" in err and other.read_bytes() == before


# --- everything is checked before anything is written ----------------------------------------

def test_budget_json_with_a_non_finite_input_prints_strict_json_and_writes(capsys, tmp_path):
    import json

    path = tmp_path / "inf.csv"
    path.write_text(HEADER + P1.replace(",,,,Open", ",1e400,,,Open"), encoding="utf-8")
    report = tmp_path / "r.xlsx"
    code, out, _ = run(capsys, "budget", path, "--json", "-o", report)

    def refuse(constant):
        raise AssertionError(f"{constant} is not strict JSON")

    data = json.loads(out, parse_constant=refuse)
    (row,) = data["rows"]
    # the cell as typed (the one input reader keeps a number it cannot hold as text)
    assert code == 0 and row["FTE"] == "1e400" and row["Check"].startswith("FTE")
    assert data["summary"]["problems"] == 1 and files.is_report(report)


def test_a_failure_while_making_the_output_writes_no_report(capsys, plan, tmp_path, monkeypatch):
    from addin.commands import cli_budget

    def broken(*args, **kwargs):
        raise ValueError("Out of range float values are not JSON compliant")

    monkeypatch.setattr(cli_budget, "json_text", broken)
    report = tmp_path / "r.xlsx"
    with pytest.raises(ValueError):  # the CLI turns it into one line; here: nothing written
        cli_budget.cmd_budget(cli_budget_args(plan, report))
    assert not report.exists() and leftovers(tmp_path) == []


def cli_budget_args(plan, report):
    from addin.commands.cli import parser

    return parser().parse_args(["budget", str(plan), "--json", "-o", str(report)])
