"""Planning layer: a plan priced from our own bands: the Price from setting, a row's role
and level of ours mapped to the guide's, and the rate and figures against our band."""

from __future__ import annotations

from ..base import inputs
from ..base.errors import (
    AmbiguousNameError,
    GuideError,
    InvalidValueError,
    UnknownNameError,
)
from ..base.inputs import is_blank
from ..base.pence import to_penny
from ..guide.our_bands import OurBand, OurBands
from .plan import FILLED, PERMANENT, PlanRow

MARKET, OURS = "Market", "Ours"
CHOICES = (MARKET, OURS)
#: What a priced row's Priced from says.
FROM_OURS, FROM_MARKET, FROM_OVERRIDE = "Our band", "Market", "Override rate"


def read(value: object) -> str:
    """Return the Price from setting, "Market" or "Ours" (any case; "our", "guide" too);
    raises UnknownNameError."""
    word = inputs.word(value)
    found = {"market": MARKET, "guide": MARKET, "ours": OURS, "our": OURS,
             "our bands": OURS}.get(word)
    if found is None:
        raise UnknownNameError("Price from", value, choices=CHOICES)
    return found


def bands(value: object) -> OurBands | None:
    """Return our bands as given (None: none); raises InvalidValueError for anything else."""
    if value is None or isinstance(value, OurBands):
        return value
    raise InvalidValueError("Our bands must be a bands table (guide/our_bands.from_grid).")


def map_row(row: PlanRow, bands: OurBands | None) -> tuple[PlanRow, OurBand | None, str]:
    """Return (the row with our role and level as the guide's they map to, our band for it
    or None, and "" or the problem of a row whose names match two of our bands)."""
    if bands is None or is_blank(row.role):
        return row, None, ""
    try:
        ours = bands.find(row.role, row.level, row.location)
    except AmbiguousNameError as e:
        return row, None, e.render("plan") + " Type our level (e.g. L5) instead."
    except GuideError as e:
        return row, None, e.render("plan")
    if ours is None:
        return row, None, ""
    return row._replace(role=ours.guide_role, level=ours.guide_level), ours, ""


def ours_for(ours: OurBand | None, v: dict) -> OurBand | None:
    """Return our band where it applies to the row read as ``v``: a permanent row (our
    bands are salaries)."""
    return ours if v["type"] == PERMANENT else None


def start_rate(band, ours: OurBand | None, v: dict, a) -> tuple[float, str]:
    """Return (the rate of a row without an Override rate, £ a year or a day, to the penny;
    what it is priced from): our band's point for the scenario where Price from is Ours,
    we hold a band and the row is Open or Offer (blank Status is Open), else the guide's."""
    if ours is not None and a.price_from == OURS and v["status"] != FILLED:
        return to_penny(ours.at(a.scenario)), FROM_OURS
    return to_penny(band.at(a.scenario)), FROM_MARKET


def against_ours(rate: float, ours: OurBand | None) -> tuple:
    """Return (compa-ratio, band position) of a row's Rate (£ a year, full time: an Override
    rate, our band's point or the market's) against our band; (None, None) without one."""
    if ours is None:
        return None, None
    return ours.compa_ratio(rate), ours.position(rate)
