"""Guide layer: an edition's provenance file (provenance.toml): its name, publisher, period,
as-of date, percentiles, the sections its source lines cite and the SHA-256 of its text."""

from __future__ import annotations

import re
from collections import namedtuple
from datetime import date
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

    @property
    def as_of_date(self) -> date:
        """Return the day the edition's data is as of (a month alone: its first day)."""
        return as_of_date(self.as_of)

    def age_months(self, today: date | None = None) -> int:
        """Return the whole months from the as-of date to ``today`` (None: the clock's).

        >>> p = Provenance(*[""] * 3, "January 2026", *[""] * 2, sections={}, document={})
        >>> p.age_months(date(2027, 2, 1)), p.age_months(date(2026, 12, 31))
        (13, 11)
        """
        start, today = self.as_of_date, today or date.today()
        months = (today.year - start.year) * 12 + today.month - start.month
        return months - (today.day < start.day)

    def age(self, today: date | None = None) -> str:
        """Return how old the edition's data is, in words, with a warning past STALE_MONTHS
        (``today``: None for the clock's)."""
        months = self.age_months(today)
        text = f"Data as of {self.as_of}: {months} month{'s' * (months != 1)} old."
        if months > STALE_MONTHS:
            text += (f" Warning: over {STALE_MONTHS} months old; a newer edition may be out "
                     f"(check it with `ukaipay data check DIR`, use it with `ukaipay --data DIR`).")
        return text


#: An edition whose data is older than this many months is flagged as stale.
STALE_MONTHS = 12
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")


def as_of_date(text: str) -> date | None:
    """Return the date an as-of text names: "January 2026" (its first day) or an ISO date
    "2026-01-31"; None when it names neither."""
    text = text.strip()
    words = text.split()
    if len(words) == 2 and words[0].lower() in _MONTHS and re.fullmatch(r"\d{4}", words[1]):
        return date(int(words[1]), _MONTHS.index(words[0].lower()) + 1, 1)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:  # 2026-02-30
            return None
    return None


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
    if as_of_date(found["as_of"]) is None:
        raise DataError(FILE, _line(text, "[guide]"), f"as_of must be a month (January 2026) or "
                        f"a date (2026-01-31), found {found['as_of']!r}")
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
