"""Guide layer: the band every lookup returns, and the point selector shared by all of them."""

from __future__ import annotations

from collections import namedtuple

from ..base import inputs
from ..base.errors import InvalidValueError

_NAMED_POINTS = {"low": 0.0, "mid": 0.5, "high": 1.0}


def parse_point(point: object) -> float:
    """Return a band position from 0 (low) to 1 (high).

    Takes "low", "mid", "high" (any case) or a number from 0 to 1 (also as text).
    Raises InvalidValueError otherwise.

    >>> parse_point("Mid"), parse_point(0.25)
    (0.5, 0.25)
    """
    if isinstance(point, str):
        key = inputs.word(point)
        if key in _NAMED_POINTS:
            return _NAMED_POINTS[key]
        value = inputs.number(key)
        if value is None:
            raise InvalidValueError(
                f'Point "{point}" is not "low", "mid", "high" or a number from 0 to 1.')
    elif isinstance(point, (int, float)) and not isinstance(point, bool):
        value = float(point)
    else:
        raise InvalidValueError(
            f"Point {point!r} is not \"low\", \"mid\", \"high\" or a number from 0 to 1."
        )
    if not 0.0 <= value <= 1.0:
        raise InvalidValueError(f"Point {point!r} is outside 0 to 1 (0 is low, 1 is high).")
    return value


class Band(namedtuple("Band", "low high open_top unit source")):
    """A 25th-75th percentile range from the guide, or derived from it by a stated rule.

    ``low`` and ``high`` are in ``unit`` (pounds a year, pounds a day, or a fraction for
    premiums and factors). ``open_top`` marks a top printed with a plus sign: ``high``
    is then the printed floor. ``source`` names the guide section and says whether the
    figures are quoted or derived (and how).
    """

    __slots__ = ()

    @property
    def mid(self) -> float:
        """Return (low + high) / 2, in ``unit``."""
        return (self.low + self.high) / 2

    def at(self, point: object = "mid") -> float:
        """Return the value at ``point`` ("low", "mid", "high" or 0 to 1), in ``unit``.

        >>> Band(95000, 125000, False, "GBP/year", "").at(0.25)
        102500.0
        """
        p = parse_point(point)
        if p == 0.5:
            return self.mid
        return self.low + p * (self.high - self.low)

    def compa_ratio(self, value: float) -> float:
        """Return ``value`` / mid, a plain ratio: 1.0 at the middle of the band.

        >>> Band(95000, 125000, False, "GBP/year", "").compa_ratio(120000)
        1.0909090909090908
        """
        return value / self.mid

    def position(self, value: float) -> float:
        """Return (``value`` - low) / (high - low): 0 at the low, 1 at the high, below 0 or
        above 1 outside the band.

        >>> round(Band(95000, 125000, False, "GBP/year", "").position(120000), 4)
        0.8333
        """
        return (value - self.low) / (self.high - self.low)

    def as_dict(self) -> dict:
        """Return the band as a plain dict (low, mid, high, open_top, unit, source)."""
        return {
            "low": self.low, "mid": self.mid, "high": self.high,
            "open_top": self.open_top, "unit": self.unit, "source": self.source,
        }
