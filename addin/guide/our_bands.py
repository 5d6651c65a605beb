"""Guide layer: the company's own pay bands (a table of Role, Level, Min, Mid, Max), each
mapped to the guide's role and level, read from CSV or a worksheet range and checked.

A table's columns, matched by header (case and spaces ignored): Role (our title or a guide
role), Guide role (blank: Role is the guide's), Level (our level name, e.g. L5; blank for
a leadership role), Guide level (blank: Level is the guide's), Region (blank: any
region), Min, Mid, Max (pounds a year, as people type money: 100000, £100,000, 100k).
Other columns (Notes...) are ignored. Every name is read by the guide's own index
(aliases, case, spaces) and a table that breaks a rule is refused in one line naming the
row. Day rates are not held here: our bands are salaries.
"""

from __future__ import annotations

import csv
import io
from collections import namedtuple
from datetime import date

from ..base import inputs
from ..base.datafile import user_csv_text
from ..base.errors import (
    AmbiguousNameError,
    GuideError,
    InvalidValueError,
    NotInGuideError,
)
from ..base.inputs import MAX_MONEY, is_blank, squeeze
from ..base.memo import memoised
from . import pay
from .names import fold

#: The table's headers, in the order a new table lists them.
HEADERS = ("Role", "Guide role", "Level", "Guide level", "Region", "Min", "Mid", "Max")
REQUIRED = ("Role", "Level", "Min", "Mid", "Max")
#: Other ways a header may be typed (folded) -> the header.
_HEADER_ALIASES = {"minimum": "Min", "low": "Min", "midpoint": "Mid", "maximum": "Max",
                   "high": "Max", "title": "Role", "location": "Region"}
_KEYS = {fold(h): h for h in HEADERS} | _HEADER_ALIASES
#: A level typed as a number is years of experience to the guide, a name to us: 5 is "5".
_TEXT = ("Role", "Guide role", "Level", "Guide level", "Region")


class OurBand(namedtuple("OurBand", "role level region low mid high guide_role guide_level "
                                    "where")):
    """One of our bands: ``role`` and ``level`` as we name them, ``region`` (None: any),
    ``low``/``mid``/``high`` our Min, Mid and Max in £ a year, the guide's ``guide_role``
    and ``guide_level`` (None for a leadership role) it maps to, and ``where`` it was read
    (for messages). Shaped as a guide Band (``unit``, ``open_top``, ``source``, ``at``,
    ``compa_ratio``, ``position``), so every front end shows it as one."""

    __slots__ = ()
    unit = pay.GBP_YEAR
    open_top = False

    @property
    def source(self) -> str:
        """Return where the band comes from, in words."""
        mapped = " / ".join(x for x in (self.guide_role, self.guide_level) if x)
        region = self.region or "any region"
        return (f"our bands ({self.where}): {self.role} {self.level or ''} ({region}) = guide "
                f"{mapped}").replace("  ", " ")

    def at(self, point: object = "mid") -> float:
        """Return our figure at ``point`` in £ a year: Min at "low" (0), our Mid at "mid"
        (0.5), Max at "high" (1), straight lines between (our Mid need not be halfway).

        >>> OurBand("AI Engineer", "L5", None, 100000, 120000, 140000, "", "", "").at(0.25)
        110000.0
        """
        from .band import parse_point

        p = parse_point(point)
        if p <= 0.5:
            return self.low + 2 * p * (self.mid - self.low)
        return self.mid + (2 * p - 1) * (self.high - self.mid)

    def compa_ratio(self, value: float) -> float:
        """Return ``value`` / our Mid, a plain ratio (1.0 at our Mid)."""
        return value / self.mid

    def position(self, value: float) -> float:
        """Return (``value`` - Min) / (Max - Min): 0 at our Min, 1 at our Max."""
        return (value - self.low) / (self.high - self.low)

    def market(self, region: object = None):
        """Return the guide band this one maps to (position.market_band), in ``region`` when
        ours holds for any region (default the guide's UK National), else in ours."""
        from .position import market_band

        return market_band(self.guide_role, self.guide_level, self.region or region)

    def as_dict(self) -> dict:
        """Return the band as plain values (low, mid, high in £ a year, names, source)."""
        return {"role": self.role, "level": self.level, "region": self.region,
                "guide_role": self.guide_role, "guide_level": self.guide_level,
                "low": self.low, "mid": self.mid, "high": self.high, "open_top": False,
                "unit": self.unit, "source": self.source}


class OurBands(namedtuple("OurBands", "bands by_name by_guide")):
    """Our bands, checked: ``bands`` in table order, indexed by our names and by the
    guide's names (both folded) for ``find``."""

    __slots__ = ()

    def find(self, role: object, level: object, region: object = None) -> OurBand | None:
        """Return our band for ``role`` and ``level`` (ours or the guide's names) in
        ``region``, or None when we hold none. A band for the region itself wins over one
        for any region. Raises AmbiguousNameError when the guide's names match two of ours
        (two of our levels mapped to one guide level): name our level instead."""
        key = (_key(role), _key(level))
        found = self.by_name.get(key)
        ours = found is not None
        if not ours:
            found = self.by_guide.get(_guide_key(role, level))
        if not found:
            return None
        place = None if is_blank(region) else pay.index().regions.find(str(region))
        best = [b for b in found if b.region == place] if place else []
        best = best or [b for b in found if b.region is None]
        if len(best) > 1:
            raise AmbiguousNameError("level", level, [b.level for b in best])
        if not best and ours and (_guide_key(role, level) or (None, None))[1] is None:
            # A level only we use, in a region we hold no band for: the guide cannot stand in.
            held = ", ".join(b.region for b in found)
            raise NotInGuideError(f'We hold {found[0].role} {found[0].level} for {held} only, '
                                  f'not {region or "UK National"}, and the guide has no level '
                                  f'"{_text(level)}": add a band for it, or give a guide level.')
        return best[0] if best else None

    def guide_names(self, role: object, level: object, region: object = None) -> tuple:
        """Return (the guide's role, the guide's level: None for a leadership role) that our
        ``role`` and ``level`` map to; both as typed when we hold no band by those names.
        Where our bands map them to different guide names by region, ``region``'s band
        decides (blank: our band for any region); raises AmbiguousNameError when none does.

        >>> b = from_grid([["Role", "Level", "Guide level", "Region", "Min", "Mid", "Max"],
        ...                ["AI Engineer", "L5", "Senior", "London", 100000, 120000, 140000]])
        >>> b.guide_names("AI Engineer", "l5", "Leeds"), b.guide_names("AI Engineer", 5)
        (('AI Engineer', 'Senior'), ('AI Engineer', 5))
        """
        found = self.by_name.get((_key(role), _key(level)))
        if not found:
            return role, level
        pairs = {(b.guide_role, b.guide_level) for b in found}
        if len(pairs) > 1:
            place = None if is_blank(region) else pay._region(region)
            here = [b for b in found if place and b.region == place] or \
                [b for b in found if b.region is None]
            pairs = {(b.guide_role, b.guide_level) for b in here}
        if len(pairs) != 1:
            raise AmbiguousNameError("level", _text(level), [
                f"{b.guide_level or b.guide_role} ({b.region or 'any region'})" for b in found],
                "our bands map it by region: give a region of ours, or the guide's level instead.")
        return pairs.pop()


def _key(value: object) -> str:
    return "" if is_blank(value) else fold(_text(value))


def _guide_key(role: object, level: object) -> tuple | None:
    """Return (guide role, guide level) that ``role`` and ``level`` name, or None."""
    if is_blank(role):
        return None
    name = pay.index().roles.find(_text(role))
    if name is None:
        return None
    if is_blank(level):
        return (name, None)
    levels = pay.index().levels.get(name)
    return (name, levels.find(_text(level)) if levels else None)


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a level typed as 5 is the name "5"
    return squeeze(str(value))


def _where(label: str, line: int) -> str:
    return f"{label} {line}"


def _fail(where: str, problem: str, role: str | None = None) -> InvalidValueError:
    return InvalidValueError(f"{where}: {problem}", role)


def _header(cells: list, where: str) -> dict:
    """Return {header: column index} of a header row; raises naming what is missing."""
    columns = {}
    for i, cell in enumerate(cells):
        if isinstance(cell, str) and not is_blank(cell):
            h = _KEYS.get(fold(cell))
            if h and h not in columns:
                columns[h] = i
    missing = [h for h in REQUIRED if h not in columns]
    if missing:
        shown = ", ".join(f'"{squeeze(str(c))}"' for c in cells if not is_blank(c)) or "nothing"
        raise _fail(where, f"the bands table needs the headers {', '.join(REQUIRED)} "
                           f"(Guide role, Guide level and Region are optional); missing "
                           f"{', '.join(missing)}, found {shown}.")
    return columns


def _money(value: object, what: str, where: str) -> float:
    if is_blank(value):
        raise _fail(where, f"{what} is empty: give a salary in £ a year.")
    amount = None if isinstance(value, (bool, date)) else inputs.money(value)
    if amount is None or not 0 < amount <= MAX_MONEY:
        raise _fail(where, f'{what} "{_text(value)}" is not a salary in £ a year (a sum above '
                           f"0, up to £{MAX_MONEY:,.0f}).")
    return amount


def _named(where: str, fn, *args):
    try:
        return fn(*args)
    except GuideError as e:  # its {SLOTS} kept: each front end names its own list
        raise _fail(where, e.template, e.role) from None


def _mapped(cells: dict, where: str) -> tuple:
    """Return (guide role, guide level) of a row's Role/Guide role and Level/Guide level."""
    typed_role = cells["Guide role"] if not is_blank(cells["Guide role"]) else cells["Role"]
    role = _named(where, pay.index().roles.get, _text(typed_role))
    kind = pay.guide().roles[role]
    typed = cells["Guide level"] if not is_blank(cells["Guide level"]) else cells["Level"]
    if kind == "leadership":
        if not is_blank(cells["Guide level"]):
            raise _fail(where, f"{role} is a leadership role with no guide levels: clear "
                               f'Guide level "{_text(cells["Guide level"])}".')
        return role, None
    if role not in pay.guide().levels:
        raise _fail(where, f"the guide gives only contractor day rates for {role}; our bands "
                           f"are salaries: map it to a role with a salary table.")
    if is_blank(typed):
        raise _fail(where, f"Level is empty: give our level and the guide level it maps to "
                           f"({', '.join(pay.levels(role))}).")
    levels = pay.index().levels[role]
    found = levels.find(_text(typed))
    if found is None:
        hint = "" if not is_blank(cells["Guide level"]) else \
            " Give the guide level it maps to in Guide level."
        raise _fail(where, levels.unknown(_text(typed)).template + hint, role)
    return role, found


def _row(cells: dict, where: str) -> OurBand:
    """Return one row of the table checked as an OurBand; raises naming ``where``."""
    if is_blank(cells["Role"]):
        raise _fail(where, "Role is empty: give our title or the guide's role.")
    role, level = _mapped(cells, where)
    region = None if is_blank(cells["Region"]) else _named(where, pay._region, cells["Region"])
    low, mid, high = (_money(cells[h], h, where) for h in ("Min", "Mid", "Max"))
    if not low <= mid <= high or low == high:
        raise _fail(where, f"Min £{low:,.0f}, Mid £{mid:,.0f} and Max £{high:,.0f} must rise: "
                           f"Min at most Mid, Mid at most Max, Min below Max.")
    band = OurBand(_text(cells["Role"]), "" if is_blank(cells["Level"]) else
                   _text(cells["Level"]), region, low, mid, high, role, level, where)
    _named(where, band.market, None)  # a region the guide has no figures for fails here
    return band


def from_grid(grid, label: str = "Our bands, row", first: int = 1) -> OurBands:
    """Return our bands from a 2-D list (a worksheet range as xlwings hands it over: header
    row first, None for blanks, numbers as floats): blank rows skipped. ``label`` and
    ``first`` (the header's row number) name a row in messages. Raises InvalidValueError
    naming the row: a header missing, a name the guide does not have, Min/Mid/Max not
    rising, the same role, level and region twice, no band at all.

    >>> b = from_grid([["Role", "Level", "Guide level", "Region", "Min", "Mid", "Max"],
    ...                ["AI Engineer", "L5", "Senior", "London", 100000, 120000, 140000]])
    >>> b.find("ai engineer", "l5", "London").mid
    120000.0
    """
    rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in grid]
    start = next((i for i, r in enumerate(rows) if not all(is_blank(c) for c in r)), None)
    if start is None:
        raise InvalidValueError(f"{_where(label, first)}: the bands table is empty: give a "
                                f"header row ({', '.join(HEADERS)}) and a row a band.")
    columns = _header(rows[start], _where(label, first + start))
    bands, seen = [], {}
    for i, r in enumerate(rows[start + 1:], start + 1):
        if all(is_blank(c) for c in r):
            continue
        where = _where(label, first + i)
        cells = {h: (r[columns[h]] if h in columns and columns[h] < len(r) else None)
                 for h in HEADERS}
        band = _row(cells, where)
        key = (fold(band.role), fold(band.level), band.region)
        if key in seen:
            raise _fail(where, f"{band.role} {band.level} ({band.region or 'any region'}) is "
                               f"already a band at {seen[key]}: keep one.")
        seen[key] = f"{label.rpartition(' ')[2]} {first + i}"
        bands.append(band)
    if not bands:
        raise InvalidValueError(f"{_where(label, first + start)}: the bands table has headers "
                                f"but no band: add a row per role and level.")
    return _indexed(tuple(bands))


def _indexed(bands: tuple) -> OurBands:
    by_name, by_guide = {}, {}
    for b in bands:
        by_name.setdefault((fold(b.role), fold(b.level)), []).append(b)
        by_guide.setdefault((b.guide_role, b.guide_level), []).append(b)
    return OurBands(bands, {k: tuple(v) for k, v in by_name.items()},
                    {k: tuple(v) for k, v in by_guide.items()})


def from_csv(text: str, name: str = "bands CSV") -> OurBands:
    """Return our bands from CSV text (a header row, then a row a band); rows are named by
    line in messages ("bands.csv, line 3"). Raises as from_grid."""
    rows = [[None if is_blank(c) else c for c in r] for r in csv.reader(io.StringIO(text))]
    return from_grid(rows, f"{name}, line", 1)


def read_bands(path) -> OurBands:
    """Return our bands from a CSV file at ``path``; raises InvalidValueError naming it."""
    from pathlib import Path

    return from_csv(user_csv_text(path, f"the bands file {path}"), Path(path).name)


@memoised(16)
def cached_range(grid: tuple, label: str = "Our bands, row", first: int = 1) -> OurBands | None:
    """Return our bands of a range as a tuple of rows (header first), None when no row
    below the header holds anything (an empty table in a template), read once: the
    template's 200 PLAN_ROW calls hand over the same range; ``label`` and ``first`` as
    from_grid's. Raises as from_grid."""
    if all(is_blank(c) for r in grid[1:] for c in r):
        return None
    return from_grid(grid, label, first)
