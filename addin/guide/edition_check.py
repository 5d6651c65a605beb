"""Guide layer: an edition folder checked as the loader checks it, every fault with its file
and line (what `ukaipay data check DIR` reports), and what the folder holds that is not read."""

from __future__ import annotations

import hashlib

from ..base.datafile import Faults
from ..base.errors import DataError
from .data import TABLE_FILES, load_tables
from .names import build_index
from .provenance import FILE, load_provenance

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

#: Files of the package's data folder that are the package's, not an edition's: statutory
#: figures (law, one set per release, whatever the edition), the plan checks and the demo.
#: An edition folder copied from data/ holds them too; they are not read from it.
PACKAGE_FILES = ("tax_years.csv", "tax_year_standing.csv", "sacrifice_caps.csv",
                 "sponsorship_charges.csv", "plan_checks.csv", "demo_plan.csv")


def check_folder(folder: Path, text: Path | None = None) -> list[DataError]:
    """Return every fault of the edition in ``folder`` (empty: it loads), each naming its
    file and line: the tables row by row (a missing file or a wrong header stops the
    tables there, as the tables after it need its rows), the names they fold to, the
    provenance, and (with ``text``, the guide's text) its SHA-256."""
    with Faults() as faults:
        try:
            tables = load_tables(folder)
            if not faults:  # names are indexed from sound tables only
                build_index(tables)
        except DataError as e:
            faults.append(e)
    try:
        provenance = load_provenance(folder)
    except DataError as e:
        return [*faults, e]
    if text is not None:
        digest = hashlib.sha256(text.read_bytes()).hexdigest()
        if digest != provenance.sha256:
            lines = (folder / FILE).read_text(encoding="utf-8").splitlines()
            at = next((i + 1 for i, s in enumerate(lines) if s.strip().startswith("sha256")), 0)
            faults.append(DataError(FILE, at, f"sha256 is {provenance.sha256}, but {text.name} "
                                              f"has SHA-256 {digest}"))
    return list(faults)


def unread_files(folder: Path) -> list[str]:
    """Return the package's own files (PACKAGE_FILES) found in ``folder``: not read from it."""
    return [name for name in PACKAGE_FILES if (folder / name).is_file()]


def edition_files() -> tuple[str, ...]:
    """Return the files an edition folder holds: its tables and provenance.toml."""
    return (*(f"{name}.csv" for name in TABLE_FILES), FILE)
