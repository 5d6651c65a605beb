"""Guide layer: a pay placed against our band and against the market's band of the guide
level ours maps to, and each of our bands against the market's."""

from __future__ import annotations

from collections import namedtuple

from ..base import inputs
from ..base.errors import InvalidValueError, NotInGuideError
from ..base.inputs import is_blank
from . import pay, position
from .our_bands import HEADERS, OurBand, OurBands

OURS, MARKET = "ours", "market"
_AGAINST = {"ours": OURS, "our": OURS, "our band": OURS, "company": OURS,
            "market": MARKET, "guide": MARKET}


def read_against(value: object, bands: OurBands | None) -> str:
    """Return "ours" or "market": the word as typed (any case), blank meaning ours when
    ``bands`` are given, else the market. Raises InvalidValueError."""
    if is_blank(value):
        return MARKET if bands is None else OURS
    found = _AGAINST.get(inputs.word(value))
    if found is None:
        raise InvalidValueError(f'Against "{value}" must be "ours" or "market".')
    if found == OURS and bands is None:
        raise InvalidValueError('Against "ours" needs our bands: give the bands table (a '
                                'range, or --bands FILE).')
    return found


class Placed(namedtuple("Placed", "pay compa_ratio band_position band sentence")):
    """A pay (£ a year) against one band: ``compa_ratio`` (pay / its mid), ``band_position``
    (0 at its low, 1 at its high), the ``band`` and a plain ``sentence``."""

    __slots__ = ()

    def as_dict(self) -> dict:
        """Return plain JSON-ready values, money rounded to pennies."""
        band = {k: round(v, 2) if k in ("low", "mid", "high") else v
                for k, v in self.band.as_dict().items()}
        return {"compa_ratio": self.compa_ratio, "band_position": self.band_position,
                "band": band, "sentence": self.sentence}


def place(amount: float, band) -> Placed:
    """Return ``amount`` placed in ``band`` (ours or a guide band)."""
    at = band.position(amount)
    if at < 0:
        words = "below the band"
    elif at > 1:
        words = "above the band"
    else:
        words = "in the band, " + ("at the mid" if amount == band.mid else
                                   "lower half" if amount < band.mid else "upper half")
    return Placed(amount, band.compa_ratio(amount), at, band, words)


def ours_and_market(pay: object, role, level=None, region=None, bands: OurBands | None = None,
                    ir35=None) -> tuple[Placed | None, position.Position]:
    """Return (pay against our band, None where we hold none or for a day rate; pay against
    the market's band of the guide's names ours map to, in ``region`` as given: a guide
    Position), as COMPA_RATIO gives each. Raises what market_position raises."""
    ours, role, level = mapped(bands, role, level, region)
    if not is_blank(ir35):  # a day rate: never against ours, which are salaries
        ours = None
    market = position.market_position(pay, role, level, region, ir35)
    return (None if ours is None else place(market.pay, ours)), market


def mapped(bands: OurBands | None, role, level, region=None) -> tuple:
    """Return (our band for ``role`` and ``level`` in ``region``, None where we hold none
    there: held; the guide's role and level ours map them to: OurBands.guide_names), or
    (None, ``role``, ``level``) without ``bands``."""
    if bands is None:
        return None, role, level
    return (held(bands, role, level, region), *bands.guide_names(role, level, region))


def held(bands: OurBands, role, level, region=None) -> OurBand | None:
    """Return our band for ``role`` and ``level`` in ``region`` (OurBands.find), None where
    we hold none there. Raises AmbiguousNameError as find does."""
    try:
        return bands.find(role, level, region)
    except NotInGuideError:  # ours for other regions only
        return None


def measure(name: str, pay, role, level=None, region=None, ir35=None,
            bands: OurBands | None = None, against: object = None) -> float:
    """Return ``name`` ("compa_ratio" or "band_position") of ``pay`` against our band or the
    market's band of the guide's names ours map to (``against``, read_against). Raises
    NotInGuideError where we hold no band for the role and level, InvalidValueError for a
    day rate against ours, and what market_position raises."""
    if read_against(against, bands) == MARKET:
        role, level = _guide_names(bands, role, level, region)
        return getattr(position, name)(pay, role, level, region, ir35)
    if not is_blank(ir35):
        raise InvalidValueError("Our bands are salaries: against ours, leave ir35 empty.")
    amount = position._in_unit(position._pay(pay), None)
    return getattr(place(amount, our_band(bands, role, level, region)), name)


def band(role, level, region=None, bands: OurBands | None = None, against: object = None):
    """Return our band (OurBand, £ a year) for ``role`` and ``level`` in ``region``, or with
    ``against`` "market" the guide's salary band (pay.salary_band) of the guide's names ours
    map to. Raises as measure does, and what salary_band raises."""
    if read_against(against, bands) == MARKET:
        role, level = _guide_names(bands, role, level, region)
        return pay.salary_band(role, level, **({} if is_blank(region) else {"region": region}))
    return our_band(bands, role, level, region)


def our_band(bands: OurBands, role, level, region=None) -> OurBand:
    """Return our band for ``role`` and ``level`` in ``region`` (OurBands.find); raises
    NotInGuideError where we hold none."""
    ours = bands.find(role, level, region)
    if ours is None:
        named = role if is_blank(level) else f'{role} "{level}"'  # a leadership role: none
        raise NotInGuideError(f'We hold no band for {named}'
                              f'{"" if is_blank(region) else f" in {region}"}: add it to our '
                              f'bands, or measure against the market.')
    return ours


def _guide_names(bands: OurBands | None, role, level, region) -> tuple:
    return (role, level) if bands is None else bands.guide_names(role, level, region)


class Against(namedtuple("Against", "band market mid_ratio low_at mid_at high_at sentence")):
    """One of our bands against the market's: ``band`` (OurBand), the ``market`` guide band
    it maps to, ``mid_ratio`` (our mid / market mid) and where our Min, Mid and Max sit in
    the market's band (0 at its low, the 25th percentile; 1 at its high, the 75th)."""

    __slots__ = ()

    def as_dict(self) -> dict:
        """Return plain JSON-ready values."""
        return {"ours": self.band.as_dict(), "market": self.market.as_dict(),
                "mid_ratio": self.mid_ratio, "min_position": self.low_at,
                "mid_position": self.mid_at, "max_position": self.high_at,
                "sentence": self.sentence}


def against_market(bands: OurBands) -> list[Against]:
    """Return each of our bands against the market's band of its guide role and level (in
    its region; any region: the guide's UK National), in table order.

    >>> from addin.guide.our_bands import from_grid
    >>> b = from_grid([["Role", "Level", "Guide level", "Region", "Min", "Mid", "Max"],
    ...                ["AI Engineer", "L5", "Senior", "London", 100000, 120000, 140000]])
    >>> round(against_market(b)[0].mid_ratio, 4)  # 120,000 / 110,000
    1.0909
    """
    out = []
    for b in bands.bands:
        market = b.market()
        at = [market.position(x) for x in (b.low, b.mid, b.high)]
        out.append(Against(b, market, b.mid / market.mid, *at, _sentence(b, market, at)))
    return out


def _sentence(b: OurBand, market, at: list[float]) -> str:
    if at[2] < 0:
        return "our whole band is below the market's 25th percentile"
    if at[0] > 1:
        return "our whole band is above the market's 75th percentile"
    mid = "at" if b.mid == market.mid else "above" if b.mid > market.mid else "below"
    return f"our mid is {mid} the market's mid"


#: The header of the our-bands-against-the-market table (table_rows), Excel's OUR_BANDS.
TABLE_HEADERS = (HEADERS[0], HEADERS[2], HEADERS[4], HEADERS[3], "Our min £", "Our mid £",
                 "Our max £", "Market low £", "Market mid £", "Market high £",
                 "Our mid / market mid", "Our min in market", "Our mid in market",
                 "Our max in market")


def table_rows(bands: OurBands) -> list[list]:
    """Return against_market as a table, header row first (TABLE_HEADERS): names as text
    ("" for none), money in £ a year, the rest plain ratios (in market: 0 at the market's
    low, 1 at its high)."""
    rows = [list(TABLE_HEADERS)]
    for r in against_market(bands):
        b, m = r.band, r.market
        rows.append([b.role, b.level, b.region or "", b.guide_level or "", b.low, b.mid,
                     b.high, m.low, m.mid, m.high, r.mid_ratio, r.low_at, r.mid_at, r.high_at])
    return rows


def padded(table: list[list], rows: object = None) -> list[list]:
    """Return ``table`` with rows of "" below it up to ``rows`` (blank: as it is), so that
    a fixed range it fills (a legacy array formula, whose spare cells Excel fills with
    #N/A) shows blanks. Raises InvalidValueError when ``rows`` is not a whole number at
    least the table's height."""
    if is_blank(rows):
        return table
    n = inputs.number(rows)
    if n is None or n != int(n) or not len(table) <= n <= 100_000:
        raise InvalidValueError(f'rows "{rows}" must be a whole number of rows from '
                                f"{len(table)} (the table's header and bands) to 100,000: "
                                f"give the range more rows.")
    return table + [[""] * len(table[0]) for _ in range(int(n) - len(table))]
