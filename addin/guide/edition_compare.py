"""Guide layer: two editions side by side: every band the guides print (salary, leadership,
day rate) with its old and new figures and the change, for every role or one."""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from .data import Range
    from .edition import Edition

#: The tables compared, as each change names them, with the unit of their figures.
TABLES = {"salary": "GBP/year", "leadership": "GBP/year", "day rate": "GBP/day"}


class Change(namedtuple("Change", "table role level region unit old_low old_mid old_high "
                                  "new_low new_mid new_high low_change mid_change high_change")):
    """One band in two editions: its figures in each (None where the edition lacks the
    band) in ``unit``, mid = (low + high) / 2, and each figure's change as a fraction of
    the old one (0.0455 is +4.55%; None unless both editions hold the band)."""

    __slots__ = ()


def _bands(edition: Edition) -> dict[tuple[str, str, str, str], Range]:
    """Return every printed band of ``edition`` by (table, role, level, region); "" where the
    table has no level (leadership) or no region (day rates, outside IR35)."""
    g = edition.tables
    bands = {("salary", r, lv, rg): b for (r, lv, rg), b in g.salary.items()}
    bands.update({("leadership", r, "", rg): b for (r, rg), b in g.leadership.items()})
    bands.update({("day rate", r, lv, ""): b for (r, lv), b in g.day_rates.items()})
    return bands


def _change(old: float | None, new: float | None) -> float | None:
    return None if old is None or new is None else new / old - 1


def compare_editions(old: Edition | Path | str, new: Edition | Path | str,
                     role: object = None) -> list[Change]:
    """Return every band of either edition (an Edition or a folder to load one from; only
    ``role``'s bands when given: a name or alias of either edition) in the new edition's
    order, then the bands only the old one has.

    Raises UnknownNameError for a role neither edition knows, DataError for a broken folder.

    >>> from addin.guide.edition import bundled_edition
    >>> same = compare_editions(bundled_edition(), bundled_edition(), "AI Eng")
    >>> same[0].role, same[0].old_mid, same[0].mid_change
    ('AI Engineer', 54000.0, 0.0)
    """
    from .edition import Edition

    old, new = (e if isinstance(e, Edition) else Edition.load(e) for e in (old, new))
    if role is not None:
        role = new.index.roles.find(str(role)) or old.index.roles.find(str(role)) or role
        if role not in new.tables.roles and role not in old.tables.roles:
            raise new.index.roles.unknown(role)
    before, after = _bands(old), _bands(new)
    changes = []
    for key in [*after, *(k for k in before if k not in after)]:
        if role is not None and key[1] != role:
            continue
        a, b = before.get(key), after.get(key)
        lows, highs = (a and a.low, b and b.low), (a and a.high, b and b.high)
        mids = tuple(None if x is None else (x.low + x.high) / 2 for x in (a, b))
        changes.append(Change(*key, TABLES[key[0]], lows[0], mids[0], highs[0], lows[1], mids[1],
                              highs[1], _change(*lows), _change(*mids), _change(*highs)))
    return changes
