"""Sheets layer: every file the program writes goes through here (atomic, never over a stranger's file).

Rules, the same for `template`, `budget`'s report and `demo`:

- Never write over an input of the same command (however its path is spelled).
- An existing file is replaced only when it is this program's own output that holds no
  one's work: a report (its docProps carry REPORT_MARK), or a file byte-for-byte equal to
  what would be written (an untouched template). Anything else, a filled template
  included, needs ``force``.
- An output is a regular file or a new name, never anything else, even with ``force``: a
  device (/dev/full, /dev/zero), a FIFO, a socket or a read-only file is refused at once,
  from its metadata alone (opening a FIFO or a device to compare it would hang or read
  without end). A symbolic link is followed: its target is replaced, the link stays.
- Write to a temporary file in the target's folder, then ``os.replace``: on any failure the
  old file is intact and the temporary file is gone.

Every failure is an OutputError, one line naming the path.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import zipfile
from pathlib import Path

from ..base.errors import InvalidValueError

#: Set as the workbook description of every report, so a later run may replace it.
REPORT_MARK = "ukaipay report: values computed from a plan; re-running ukaipay budget replaces it."


class OutputError(InvalidValueError):
    """A file that cannot or must not be written; the message names it."""


def same_file(a, b) -> bool:
    """Return True when paths ``a`` and ``b`` name the same file (symlinks, case, ./ aside).

    >>> same_file(".", "./")
    True
    """
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def is_report(path) -> bool:
    """Return True when ``path`` is a workbook that carries REPORT_MARK in its docProps."""
    try:
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, RuntimeError, EOFError):
        return False
    return REPORT_MARK in core


def _why(e: OSError) -> str:
    if e.errno == errno.ENOSPC:
        return "the disk is full"
    if isinstance(e, PermissionError):
        return "permission denied (is the file open in Excel, or the folder read-only?)"
    if isinstance(e, FileNotFoundError):
        return "no such folder"
    if isinstance(e, IsADirectoryError):
        return "it is a folder"
    return e.strerror or type(e).__name__


def _existing(path) -> os.stat_result | None:
    """Return the stat of the file ``path`` names (a link followed), None for a new name.

    Raises OutputError for anything but a regular file or a new name: a folder, a device,
    a FIFO, a socket, a read-only file. Reads metadata only, so it returns at once.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:  # a new name, or a link to one
        return None
    except (OSError, ValueError) as e:  # a loop of links, a name too long, a NUL in it
        why = _why(e) if isinstance(e, OSError) else "not a file name"
        raise OutputError(f"Cannot write {path}: {why}.") from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"Cannot write {path}: it is a folder; name a file.")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"Refusing to write {path}: it is not a regular file (a device, a "
                          f"pipe or a socket); name a file.")
    if not st.st_mode & 0o222:
        raise OutputError(f"Refusing to write {path}: it is read-only. Make it writable "
                          f"first, or choose another name.")
    return st


def check_target(path, *, inputs=(), force: bool = False, replaceable=None) -> Path:
    """Return ``path`` as a Path once it may be written; raise OutputError otherwise.

    ``inputs`` are the command's input files; ``replaceable(path)`` says whether an
    existing file is ours to replace (default: a report). ``force`` lifts only that
    last check: never the input, device, FIFO, folder or read-only ones.
    """
    if str(path) == "-":  # a workbook is a file: "-" (standard output) would be a file named "-"
        raise OutputError("Cannot write a workbook to standard output (-): name a file, e.g. "
                          "-o budget.xlsx.")
    p = Path(path)
    for i in inputs:
        if same_file(p, i):
            raise OutputError(f"Refusing to write {path}: it is the input file {i}. "
                              f"Choose another output name.")
    existing = _existing(p)
    folder = Path(os.path.realpath(p)).parent
    if not folder.is_dir():
        raise OutputError(f"Cannot write {path}: the folder {folder} does not exist.")
    if existing is not None and not force:
        if not (replaceable or is_report)(p):
            raise OutputError(f"Refusing to overwrite {path}: it is not a report or an untouched "
                              f"template of this version of ukaipay (someone may have filled it "
                              f"in). Use --force to replace it, or choose another name.")
    return p


def write_atomic(path, data: bytes | None = None, *, writer=None) -> None:
    """Write ``data`` (or call ``writer(file)``) to a temp file beside ``path``, then rename.

    A link at ``path`` is followed: its target is replaced and the link stays a link.
    Raises OutputError (a device, FIFO, folder or read-only file at ``path`` included),
    leaving any old file intact and no temp file behind.
    """
    try:
        p = Path(os.path.realpath(path))
    except (OSError, ValueError):
        p = Path(path)
    old = _existing(p)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent or ".")
        with os.fdopen(fd, "wb") as f:
            if writer is not None:
                writer(f)
            else:
                f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if old is not None:
            os.chmod(tmp, old.st_mode & 0o777)
        else:  # mkstemp makes 0600; give the file the usual mode for a new file
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, p)
        tmp = None
    except OSError as e:
        raise OutputError(f"Cannot write {path}: {_why(e)}.") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
