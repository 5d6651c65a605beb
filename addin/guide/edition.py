"""Guide layer: an edition of the guide as one read-only object (its tables, its name
indexes and its provenance), the edition the engine uses, and switching to another."""

from __future__ import annotations

from ..base import memo
from ..base.datafile import bundled_folder
from .data import Tables, load_tables
from .names import build_index

TYPE_CHECKING = False
if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path

    from .provenance import Provenance


class Edition:
    """One edition of the guide, read from a folder of tables and a provenance.toml.

    ``tables`` are the validated tables (data.Tables), ``index`` every name folded for
    lookup, ``provenance`` what provenance.toml says (read on first use: a lookup needs it
    only to write a source line), ``name`` the edition's name as source lines start.
    Read-only: an edition never changes once loaded.
    """

    __slots__ = ("folder", "tables", "index", "_provenance")

    def __init__(self, folder: Traversable | Path, tables: Tables):
        for slot, value in (("folder", folder), ("tables", tables),
                            ("index", build_index(tables)), ("_provenance", None)):
            object.__setattr__(self, slot, value)

    def __setattr__(self, name: str, value: object):
        raise AttributeError(f"an Edition is read-only: {name} cannot be set")

    def __delattr__(self, name: str):
        raise AttributeError(f"an Edition is read-only: {name} cannot be deleted")

    def __repr__(self) -> str:
        return f"<Edition from {self.folder}>"

    @classmethod
    def load(cls, folder: Traversable | Path | str) -> Edition:
        """Return the edition in ``folder`` (a path, or text naming one), every file read and
        checked now (tables, names, provenance). Raises DataError naming the file and line
        at fault.

        >>> from addin.base.datafile import bundled_folder
        >>> Edition.load(bundled_folder()).tables.salary["AI Engineer", "Senior", "London"].low
        95000.0
        """
        if isinstance(folder, str):
            from pathlib import Path

            folder = Path(folder)
        edition = cls(folder, load_tables(folder))
        edition.provenance  # noqa: B018  (read now, so that a broken file fails here)
        return edition

    @property
    def provenance(self) -> Provenance:
        """Return the edition's provenance (provenance.toml), read once on first use."""
        if self._provenance is None:
            from .provenance import load_provenance

            object.__setattr__(self, "_provenance", load_provenance(self.folder))
        return self._provenance

    @property
    def name(self) -> str:
        """Return the edition's name, "title (period)", as its source lines start."""
        return self.provenance.name

    def section(self, table: str) -> str:
        """Return the section a source line cites for ``table`` (provenance [guide.sections])."""
        return self.provenance.sections[table]


_bundled: Edition | None = None
_default: Edition | None = None
_current: Edition | None = None

#: The environment variable that names an edition folder to use instead of the bundled one.
DATA_VARIABLE = "UKAIPAY_DATA"


def bundled_edition() -> Edition:
    """Return the bundled edition (the package's data folder), loaded on first use."""
    global _bundled
    if _bundled is None:
        _bundled = Edition(bundled_folder(), load_tables(bundled_folder()))
    return _bundled


def default_edition() -> Edition:
    """Return the edition used when none is set: the folder UKAIPAY_DATA names when set
    (read once, on first use), else the bundled one. Raises InvalidValueError for a
    folder that is not a sound edition."""
    global _default
    if _default is None:
        import os

        folder = os.environ.get(DATA_VARIABLE, "").strip()
        _default = open_edition(folder, DATA_VARIABLE) if folder else bundled_edition()
    return _default


def statutory_provenance() -> dict:
    """Return the [statutory] part of the bundled provenance.toml, as plain dicts: the
    statutory figures (tax years, NIC, pensions, the levy, sponsorship) are the package's
    whatever the edition in use; an edition folder's own [statutory] is not read."""
    from .provenance import as_dict

    return as_dict(bundled_edition().provenance.document)["statutory"]


def current_edition() -> Edition:
    """Return the edition the engine uses: the one set by set_edition or use_edition, else
    the default one (default_edition: UKAIPAY_DATA's, or the bundled one)."""
    return (_default or default_edition()) if _current is None else _current


def open_edition(folder: Path | str, named_by: str = "--data") -> Edition:
    """Return the edition in ``folder`` (as ``named_by`` gave it: an option or a variable),
    loaded and checked. Raises InvalidValueError, one line naming the folder, the file and
    the line at fault, for a folder that is missing, holds no edition or a broken one."""
    from pathlib import Path

    from ..base.errors import DataError, InvalidValueError
    from .provenance import FILE

    path = Path(folder)
    if not path.is_dir():
        raise InvalidValueError(f"{named_by} {folder}: no such folder.")
    if not (path / FILE).is_file() and not (path / "roles.csv").is_file():
        raise InvalidValueError(f"{named_by} {folder}: not an edition folder (it holds no "
                                f"{FILE} or roles.csv; an edition is a folder in the shape of "
                                f"the package's data/).")
    try:
        return Edition.load(path)
    except DataError as e:
        raise InvalidValueError(f"{named_by} {folder}: {e} (`ukaipay data check {folder}` "
                                f"lists every fault).") from None


def set_edition(edition: Edition | Traversable | Path | str | None) -> Edition | None:
    """Make ``edition`` (an Edition, or a folder to load one from; None: the default one)
    the one the engine uses, and return the one set before (None: the default one).

    Forgets every remembered lookup, which answered for the edition before. Raises
    DataError for a broken folder, leaving the edition in use as it was.
    """
    global _current
    if edition is not None and not isinstance(edition, Edition):
        edition = Edition.load(edition)
    previous, _current = _current, edition
    memo.clear_all()
    return previous


class _InUse:
    """The context manager use_edition returns."""

    __slots__ = ("edition", "previous")

    def __init__(self, edition: Edition):
        self.edition, self.previous = edition, None

    def __enter__(self) -> Edition:
        self.previous = set_edition(self.edition)
        return self.edition

    def __exit__(self, *exc) -> None:
        set_edition(self.previous)


def use_edition(edition: Edition | Traversable | Path | str) -> _InUse:
    """Return a context manager in which the engine uses ``edition`` (an Edition or a folder
    to load one from), and the edition before it again after. Raises DataError at once for
    a broken folder.

    >>> from addin import salary_band
    >>> with use_edition(bundled_folder()) as edition:
    ...     salary_band("AI Engineer", "Senior", "London").mid
    110000.0
    """
    return _InUse(edition if isinstance(edition, Edition) else Edition.load(edition))


def __getattr__(name: str) -> object:
    """GUIDE_EDITION: the bundled edition's name, read from its provenance on first use."""
    if name == "GUIDE_EDITION":
        return bundled_edition().name
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
