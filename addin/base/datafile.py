"""Base layer: a data folder's files read through the package loader, a CSV table's rows
with parsers that name the file and line of a fault, and the text of a user's CSV file."""

from __future__ import annotations

import io
import os
import sys

# csv.reader is _csv.reader (the default dialect is Excel's): importing the csv module
# around it costs about 30 ms in Pyodide, which compiles its standard library from source.
from _csv import reader as csv_reader
from collections import namedtuple

from .errors import DataError, InvalidValueError

TYPE_CHECKING = False  # the stdlib idiom: annotations only, no typing import at run time
if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path


class Range(namedtuple("Range", "low high open_top", defaults=(False,))):
    """A printed range in the table's unit (pounds, or percent for _pct columns), open_top for "+"."""

    __slots__ = ()


class _BundledFile(namedtuple("_BundledFile", "name")):
    """A file of the bundled data folder, read through the package loader's resource API."""

    __slots__ = ()

    def read_text(self, encoding: str = "utf-8") -> str:
        """Return the file's text; raises FileNotFoundError when it is missing (OSError in a zip)."""
        # What pkgutil.get_data("addin", "data/NAME") does: the package's own loader reads
        # the file, from a folder, a zip or Pyodide alike.
        package = sys.modules["addin"]  # the data folder sits in the top package
        path = os.path.join(os.path.dirname(package.__file__), "data", self.name)
        return package.__spec__.loader.get_data(path).decode(encoding)


class _BundledFolder:
    """The data folder inside the installed package, as ``folder / name`` with read_text().

    The package's own loader reads the files, as pkgutil.get_data and importlib.resources
    do, so they read from a wheel install, a zip and Pyodide alike; importing either module
    would cost 20 ms or more of xlwings Lite's start-up (Pyodide compiles it from source).
    """

    __slots__ = ()

    def __truediv__(self, name: str) -> _BundledFile:
        return _BundledFile(name)

    def __repr__(self) -> str:
        return "the bundled data folder"


_BUNDLED = _BundledFolder()


def bundled_folder() -> _BundledFolder:
    """Return the bundled data folder (inside the installed package)."""
    return _BUNDLED


def read_text(folder: Traversable | Path, name: str) -> str:
    """Return the text of file ``name`` in ``folder``; raises DataError when it is missing."""
    try:
        return (folder / name).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        raise DataError(name, 0, "file is missing") from None


_collected: list[DataError] | None = None  # while Faults is in use: every fault, in order


class Faults:
    """A context in which tables record every row's fault instead of stopping at the first.

    ``with Faults() as faults:`` gives the list the faults go into. A row at fault is
    skipped (a loader wraps each row in ``with table:``); a fault of the file as a whole
    (line 0, e.g. a missing row) is recorded only when no row of that file was at fault,
    as a skipped row would be missing for that reason alone. A missing file or a wrong
    header still stops the load: the tables after it need its rows.
    """

    def __enter__(self) -> list[DataError]:
        global _collected
        _collected = []
        return _collected

    def __exit__(self, *exc) -> None:
        global _collected
        _collected = None


class Table:
    """Rows of one CSV file with line numbers, and parsers that name the file and line.

    ``with table:`` around the reading of one row records its fault and skips the row while
    Faults is in use; otherwise the fault is raised.
    """

    def __init__(self, folder: Traversable | Path, name: str, columns: tuple[str, ...]):
        self.file = f"{name}.csv"
        self.faults, self.row_faults = _collected, 0
        reader = csv_reader(io.StringIO(read_text(folder, self.file)))
        header = next(reader, None)
        if header is None or tuple(header) != columns:
            raise DataError(self.file, 1, f"header must be {','.join(columns)}, found {header}")
        self.rows: list[tuple[int, dict[str, str]]] = []
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            with self:
                if len(row) != len(columns):
                    self.fail(line, f"expected {len(columns)} fields, found {len(row)}")
                self.rows.append((line, {c: v.strip() for c, v in zip(columns, row)}))

    def __enter__(self) -> Table:
        return self

    def __exit__(self, kind, error, traceback) -> bool:
        if kind is not None and issubclass(kind, DataError) and self.faults is not None:
            self.faults.append(error)
            self.row_faults += 1
            return True  # the row is skipped; the next one is read
        return False

    def fail(self, line: int, problem: str):
        """Raise DataError naming this file, ``line`` (0: the file as a whole) and ``problem``.

        While Faults is in use, a fault of the file as a whole is recorded instead (unless
        a row of the file was at fault) and the loader goes on."""
        if line == 0 and self.faults is not None:
            if not self.row_faults:
                self.faults.append(DataError(self.file, 0, problem))
            return
        raise DataError(self.file, line, problem)

    def text(self, line: int, row: dict, column: str) -> str:
        """Return the column's text; raises DataError when it is empty."""
        if not row[column]:
            self.fail(line, f"{column} is empty")
        return row[column]

    def number(self, line: int, row: dict, column: str, *, positive=True, optional=False):
        """Return the column as a finite float above 0 (``positive``) or at least 0; None
        for an empty ``optional`` cell. Raises DataError."""
        raw = row[column]
        if optional and raw == "":
            return None
        try:
            value = float(raw)
        except ValueError:
            self.fail(line, f"{column} {raw!r} is not a number")
        if value != value or value in (float("inf"), float("-inf")):
            self.fail(line, f"{column} {raw!r} is not a finite number")
        if value < 0 or (positive and value == 0):
            self.fail(line, f"{column} {raw!r} must be {'positive' if positive else 'zero or more'}")
        return value

    def flag(self, line: int, row: dict, column: str) -> bool:
        """Return the column's true or false; raises DataError for anything else."""
        raw = row[column].lower()
        if raw not in ("true", "false"):
            self.fail(line, f"{column} must be true or false, found {row[column]!r}")
        return raw == "true"

    def band(self, line, row, low="low", high="high", *, positive=True, open_top=None) -> Range:
        """Return the columns ``low`` and ``high`` as a Range; raises DataError when low > high."""
        lo = self.number(line, row, low, positive=positive)
        hi = self.number(line, row, high, positive=positive)
        if lo > hi:
            self.fail(line, f"{low} {row[low]} is above {high} {row[high]}")
        top = self.flag(line, row, open_top) if open_top else False
        return Range(lo, hi, top)

    def unique(self, seen: dict, key, line: int) -> None:
        """Record ``key`` as seen on ``line``; raises DataError when it was seen before."""
        if key in seen:
            self.fail(line, f"duplicate key {key!r} (first on line {seen[key]})")
        seen[key] = line


def user_csv_text(path, named: str | None = None) -> str:
    """Return the text of a user's CSV file at ``path`` (UTF-8, a byte-order mark allowed);
    raise InvalidValueError in one line when it cannot be read (``named``: how that line
    names the file, default its path)."""
    from pathlib import Path

    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise InvalidValueError(f"Cannot read {path}: it is not UTF-8 text (byte {e.start + 1}); "
                                f"save it as CSV UTF-8.") from None
    except OSError as e:
        raise InvalidValueError(f"Cannot read {named or path}: {e.strerror or e}.") from None
