"""Excel layer: the market-position worksheet functions: where a salary or day rate sits
against its guide band."""

from __future__ import annotations

from .arguments import _doc, _docs, _OnFirstUse, _spread, func

position = _OnFirstUse("..guide.position", globals())


_POSITION_DOCS = (
    ("role", "Role, e.g. \"AI Engineer\", or a leadership role."),
    ("level", "Level or years; leave empty for a leadership role."),
    ("region", "\"UK National\" (default), \"London\", \"Remote UK\" or a city; \"UK\" or \"London\" for leadership."),
)


_position_docs = _docs(_POSITION_DOCS)


def _spread_position(measure, first: dict, role, level, region, **ir35):
    """Spread one market-position measure over its first argument and the band's names."""
    return _spread(measure, 1, **first, role=role, level=level, region=region, **ir35)


@func
@_doc("pay", "Salary in £ a year, or a day rate in £ when ir35 is given.")
@_position_docs
@_doc("ir35", "Omit for a salary; \"outside\" or \"inside\" (TRUE) makes pay a day rate.")
def COMPA_RATIO(pay, role, level=None, region=None, ir35=None):
    """Pay / the mid of its guide band: 1.00 is the middle of the market band."""
    return _spread_position(position.compa_ratio, {"pay": pay}, role, level, region, ir35=ir35)


@func
@_doc("pay", "Salary in £ a year, or a day rate in £ when ir35 is given.")
@_position_docs
@_doc("ir35", "Omit for a salary; \"outside\" or \"inside\" (TRUE) makes pay a day rate.")
def BAND_POSITION(pay, role, level=None, region=None, ir35=None):
    """Where pay sits in its guide band: 0 at the low (25th percentile), 1 at the high (75th)."""
    return _spread_position(position.band_position, {"pay": pay}, role, level, region, ir35=ir35)


@func
@_doc("pay", "Salary in £ a year.")
@_position_docs
def MARKET_PERCENTILE(pay, role, level=None, region=None):
    """Modelled percentile (0 to 100) of a salary: lognormal through the band's 25th and 75th."""
    return _spread_position(position.market_percentile, {"pay": pay}, role, level, region)


@func
@_doc("p", "Percentile, 1 to 99 (e.g. 10 or 90).")
@_position_docs
def SALARY_PERCENTILE(p, role, level=None, region=None):
    """Modelled salary in £ a year at percentile p: lognormal through the band's 25th and 75th."""
    return _spread_position(position.salary_percentile, {"p": p}, role, level, region)

