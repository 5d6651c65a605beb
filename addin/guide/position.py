"""Guide layer: where a salary or day rate sits against its band: compa-ratio, band
position and the modelled percentile."""

from __future__ import annotations

import math
from collections import namedtuple

from ..base.errors import InvalidValueError, NotInGuideError
from ..base.inputs import MAX_MONEY, finite_number
from ..base.memo import memoised
from . import pay as engine
from .band import Band
from .checks import plan_checks
from .names import is_blank

MODEL = ("modelled: lognormal, ln(pay) normal with the 25th and 75th percentiles at the band's "
         "low and high")
NO_DAY_RATE_MODEL = ("The guide does not say its day-rate ranges are percentiles (7. Contractor "
                     "Day Rates), so day rates have no percentile model.")
_cached = memoised(4096)


def _pay(value: object, what: str = "pay") -> float:
    """Return pay in £ as a float above 0, at most MAX_MONEY (numeric text accepted); raises
    InvalidValueError."""
    if value.__class__ is float and 0.0 < value <= MAX_MONEY:  # what Excel sends: the hot path
        return value
    if is_blank(value):
        hint = ", or a day rate in £ with ir35" if what == "pay" else ""
        raise InvalidValueError(f"{what.capitalize()} is empty: give a salary in £ a year{hint}.")
    number = value if value.__class__ is float else finite_number(value, what)
    if not 0.0 < number <= MAX_MONEY:
        raise InvalidValueError(f'Invalid {what} "{value}": must be a sum of money above 0, up '
                                f'to £{MAX_MONEY:,.0f}.')
    return number


def _region_option(region: object) -> dict:
    return {} if is_blank(region) else {"region": region}


@_cached
def market_band(role: str, level: object = None, region: object = None, ir35: object = None) -> Band:
    """Return the band a pay is compared against, in £ a year or, with ``ir35``, £ a day.

    A salary role uses its salary band (level required, region default UK National); a
    leadership role its leadership band (level empty, region "UK" or "London"). Any ``ir35``
    ("outside", "inside", TRUE for inside) means a day rate: the day-rate band, which has no
    regions (a region is checked but does not change it). Raises UnknownNameError,
    NotInGuideError or InvalidValueError.

    >>> market_band("Director of AI", None, "London").low
    170000.0
    """
    name = engine.index().roles.get(role)
    if not is_blank(ir35):
        if not is_blank(region):
            engine._region(region)  # not priced, yet a typo is a typo
        return engine.day_rate(name, level, ir35)
    g = engine.guide()
    if g.roles[name] == "leadership":
        if not is_blank(level):
            raise InvalidValueError(f'{name} is a leadership role with no levels: leave level '
                                    f'"{level}" empty (the region comes after it).')
        return engine.leadership_band(name, **_region_option(region))
    if name not in g.levels:
        raise NotInGuideError(f'The guide gives only contractor day rates for {name}: give ir35 '
                              f'("outside" or "inside") to place a day rate.')
    if is_blank(level):
        raise InvalidValueError(f'Level is empty: give a level of {name} such as "Senior", or '
                                f'years of experience.')
    return engine.salary_band(name, level, **_region_option(region))


def no_model(band: Band) -> str | None:
    """Return why ``band`` has no percentile model (a day rate, an open top), or None."""
    if band.unit != engine.GBP_YEAR:
        return NO_DAY_RATE_MODEL
    if band.open_top:
        return (f"The band's top £{band.high:,.0f}+ is open-ended, a floor and "
                f"not a 75th percentile, so the percentile model is undefined for it.")
    return None


def _distribution(band: Band):
    """Return the statistics.NormalDist of ln(pay), with low and high at its 25th and 75th."""
    # Imported on first use: statistics pulls in random, fractions and decimal (about 6 ms),
    # which `import addin` and the Excel functions' cold start need not pay.
    from statistics import NormalDist

    reason = no_model(band)
    if reason:
        raise NotInGuideError(reason)
    low, high = math.log(band.low), math.log(band.high)
    z75 = NormalDist().inv_cdf(0.75)  # 0.6745 standard deviations above the mean
    return NormalDist((low + high) / 2, (high - low) / (2 * z75))


@_cached
def _model(role, level, region):
    # Keyed on the arguments, so that a repeated call is one cache hit.
    return _distribution(market_band(role, level, region))


def _in_unit(amount: float, ir35: object) -> float:
    """Return ``amount`` (_pay's), refused where its unit cannot be right: a day rate
    (``ir35`` given) above the ceiling, a salary below the floor (checks.plan_checks;
    provenance rule unit_slips)."""
    checks, per_day = plan_checks(), not is_blank(ir35)
    if not checks.wrong_unit(amount, per_day):
        return amount
    if per_day:
        raise InvalidValueError(f"Pay £{amount:,.0f} a day: is this a salary? A day rate is at "
                                f"most £{checks.day_rate_ceiling:,.0f}: leave ir35 empty for a "
                                f"salary.")
    raise InvalidValueError(f"Pay £{amount:,.0f} a year: is this a day rate? A salary is at "
                            f"least £{checks.salary_floor:,.0f}: give ir35 (\"outside\" or "
                            f"\"inside\") for a day rate.")


def compa_ratio(pay: object, role: str, level: object = None, region: object = None,
                ir35: object = None) -> float:
    """Return pay / the band's mid (1.0 is the middle of the band), a plain ratio.

    An open top counts at its printed figure. Raises what market_band raises, and
    InvalidValueError unless pay is a finite number above 0.

    >>> round(compa_ratio(120000, "AI Engineer", "Senior", "London"), 4)
    1.0909
    """
    amount = _pay(pay)
    return market_band(role, level, region, ir35).compa_ratio(_in_unit(amount, ir35))


def band_position(pay: object, role: str, level: object = None, region: object = None,
                  ir35: object = None) -> float:
    """Return (pay - low) / (high - low): 0 at the band's low, 1 at its high, beyond either
    outside the band. An open top counts at its printed figure. Raises as compa_ratio.

    >>> round(band_position(120000, "AI Engineer", "Senior", "London"), 4)
    0.8333
    """
    amount = _pay(pay)
    return market_band(role, level, region, ir35).position(_in_unit(amount, ir35))


def market_percentile(pay: object, role: str, level: object = None, region: object = None) -> float:
    """Return the modelled percentile (0 to 100) of a salary in £ a year.

    The model: ln(pay) is normal with the band's low and high at its 25th and 75th
    percentiles. Raises NotInGuideError for a band with an open-ended top, and what
    compa_ratio raises.

    >>> round(market_percentile(120000, "AI Engineer", "Senior", "London"), 1)
    68.2
    """
    amount = _pay(pay, "salary")
    model = _model(role, level, region)
    return 100 * model.cdf(math.log(_in_unit(amount, None)))


def salary_percentile(p: object, role: str, level: object = None, region: object = None) -> float:
    """Return the modelled salary in £ a year, to the penny, at percentile ``p`` (1 to 99).

    Raises InvalidValueError for p outside 1 to 99, and what market_percentile raises.

    >>> salary_percentile(50, "AI Engineer", "Senior", "London")
    108972.47
    """
    number = finite_number(p, "percentile") if not is_blank(p) else math.nan
    if not 1.0 <= number <= 99.0:
        raise InvalidValueError(f'Invalid percentile "{p}": must be a number from 1 to 99.')
    return round(math.exp(_model(role, level, region).inv_cdf(number / 100)), 2)


def _sentence(place: float, band: Band, percentiles: bool) -> str:
    if place < 0:
        return "below the band" + (", under the 25th percentile" if percentiles else "")
    if place > 1:
        if band.open_top:
            return "above the band's printed top, which is open-ended"
        return "above the band" + (", above the 75th percentile" if percentiles else "")
    if place == 0.5:
        return "in the band, at the mid"
    return "in the band, " + ("lower half" if place < 0.5 else "upper half")


class Position(namedtuple("Position", "pay unit compa_ratio band_position percentile band "
                                      "open_top source sentence")):
    """Where a pay sits: ``pay`` in ``unit`` (GBP/year or GBP/day), ``compa_ratio`` (pay /
    mid), ``band_position`` (0 at low, 1 at high), ``percentile`` (modelled, 0 to 100; None
    for a day rate or an open top), the ``band`` compared against, ``open_top``, ``source``
    (the band's, plus the model where used) and a plain ``sentence``."""

    __slots__ = ()

    def as_dict(self) -> dict:
        """Return the position as plain JSON-ready values, money rounded to pennies."""
        band = {k: round(v, 2) if k in ("low", "mid", "high") else v
                for k, v in self.band.as_dict().items()}
        return {"pay": round(self.pay, 2), "unit": self.unit, "compa_ratio": self.compa_ratio,
                "band_position": self.band_position, "percentile": self.percentile,
                "percentile_note": no_model(self.band), "open_top": self.open_top,
                "band": band, "source": self.source, "sentence": self.sentence}


def market_position(pay: object, role: str, level: object = None, region: object = None,
             ir35: object = None) -> Position:
    """Return where ``pay`` sits against its band, as a Position.

    Arguments as compa_ratio: ``ir35`` makes pay a day rate. Raises what compa_ratio raises;
    an open top or a day rate gives percentile None rather than an error.

    >>> market_position(120000, "AI Engineer", "Senior", "London").sentence
    'in the band, upper half'
    """
    amount = _pay(pay)
    band = market_band(role, level, region, ir35)
    amount = _in_unit(amount, ir35)
    place = (amount - band.low) / (band.high - band.low)
    modelled = no_model(band) is None
    percentile = 100 * _distribution(band).cdf(math.log(amount)) if modelled else None
    source = band.source + (f"; percentile {MODEL}" if modelled else "")
    return Position(amount, band.unit, amount / band.mid, place, percentile, band,
                    band.open_top, source, _sentence(place, band, modelled))
