"""Data layer: an edition's provenance file (provenance.toml): its name, publisher, period,
as-of date, percentiles, the sections its source lines cite and the SHA-256 of its text."""

from __future__ import annotations

import re
from collections import namedtuple
from types import MappingProxyType

from ..base.datafile import read_text
from ..base.errors import DataError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from importlib.resources.abc import Traversable
    from pathlib import Path

FILE = "provenance.toml"
#: What [guide] must say, each a non-empty string.
GUIDE_KEYS = ("title", "publisher", "period", "as_of", "percentiles", "sha256")
#: The sections a source line cites, by the table it quotes (a salary table's section is
#: its role's, in roles.csv): [guide.sections] names each.
SECTION_KEYS = ("day_rates", "leadership", "london_comparison", "stages")


class Provenance(namedtuple("Provenance", GUIDE_KEYS + ("sections", "document"))):
    """An edition's provenance: the [guide] strings, ``sections`` (table -> the section
    cited) and ``document``, the whole file as read-only mappings ([rules], [tables]...)."""

    __slots__ = ()

    @property
    def name(self) -> str:
        """Return the edition's name as every source line starts: "title (period)"."""
        return f"{self.title} ({self.period})"


def _line(text: str, header: str) -> int:
    """Return the line of ``header`` ("[guide]") in ``text``, or 0 when it is absent."""
    lines = text.splitlines()
    return next((i + 1 for i, s in enumerate(lines) if s.strip() == header), 0)


def _strings(table: object, keys: tuple[str, ...], where: str, line: int) -> dict[str, str]:
    if not isinstance(table, dict):
        raise DataError(FILE, line, f"needs a {where} table")
    missing = [k for k in keys if not (isinstance(table.get(k), str) and table[k].strip())]
    if missing:
        raise DataError(FILE, line, f"{where} needs {', '.join(missing)} (text, not empty)")
    return {k: table[k] for k in keys}


def _read_only(value: object) -> object:
    if isinstance(value, dict):
        return MappingProxyType({k: _read_only(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_read_only(v) for v in value)
    return value


def load_provenance(folder: Traversable | Path) -> Provenance:
    """Read and check ``folder``'s provenance.toml. Raises DataError naming the file and the
    line of the table at fault (0 for the file as a whole)."""
    import tomllib  # on first use: about 25 ms to compile in Pyodide, which a lookup need not pay

    text = read_text(folder, FILE)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        at = re.search(r"line (\d+)", str(e))
        raise DataError(FILE, int(at[1]) if at else 0, f"is not valid TOML: {e}") from None
    guide = document.get("guide")
    found = _strings(guide, GUIDE_KEYS, "[guide]", _line(text, "[guide]"))
    if not re.fullmatch(r"[0-9a-f]{64}", found["sha256"]):
        raise DataError(FILE, _line(text, "[guide]"),
                        f"sha256 must be 64 lowercase hex digits, found {found['sha256']!r}")
    sections = guide.get("sections") if isinstance(guide, dict) else None
    cited = _strings(sections, SECTION_KEYS, "[guide.sections]", _line(text, "[guide.sections]"))
    return Provenance(**found, sections=MappingProxyType(cited), document=_read_only(document))


def as_dict(value: Mapping | tuple | object) -> object:
    """Return a provenance document (or part of one) as plain dicts and lists, for JSON."""
    if isinstance(value, MappingProxyType):
        return {k: as_dict(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [as_dict(v) for v in value]
    return value
