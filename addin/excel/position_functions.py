"""Excel layer: the market-position worksheet functions: where a salary or day rate sits
against its guide band."""

from __future__ import annotations

from ..base.errors import GuideError
from .arguments import (
    _AGAINST_DOC,
    _BANDS_DOC,
    _NAMES_DOC,
    _doc,
    _docs,
    _mapped,
    _one,
    _OnFirstUse,
    _our_bands,
    _scalar_failure,
    _spread,
    func,
)

position = _OnFirstUse("..guide.position", globals())
against_ours = _OnFirstUse("..guide.against_ours", globals())


_POSITION_DOCS = (
    ("role", "Role, e.g. \"AI Engineer\", or a leadership role."),
    ("level", "Level or years; leave empty for a leadership role."),
    ("region", "\"UK National\" (default), \"London\", \"Remote UK\" or a city; \"UK\" or \"London\" for leadership."),
)


_position_docs = _docs(_POSITION_DOCS)


def _spread_position(measure, first: dict, role, level, region, bands=None, **ir35):
    """Spread one market-position measure over its first argument and the band's names, our
    names (``bands``) read as the guide's."""
    if bands is not None:
        try:
            measure = _mapped(measure, bands, region=3, first=1)
        except GuideError as e:
            return _scalar_failure(e)
    return _spread(measure, 1, **first, role=role, level=level, region=region, **ir35)


def _spread_against(name: str, pay, role, level, region, ir35, bands, against):
    """Spread compa_ratio or band_position against our band or the market's: ``against``
    spreads as the names do; ``bands`` is one table for every row."""
    if bands is None and against is None:  # the guide's alone: the hot path as before
        return _spread_position(getattr(position, name), {"pay": pay}, role, level, region,
                                ir35=ir35)
    try:
        ours = None if bands is None else _our_bands(bands)
    except GuideError as e:
        return _scalar_failure(e)

    def measure(p, r, lv, g, i, w):
        return against_ours.measure(name, p, r, lv, g, i, ours, w)

    return _spread(measure, 1, pay=pay, role=role, level=level, region=region, ir35=ir35,
                   against=against)


@func
@_doc("pay", "Salary in £ a year, or a day rate in £ when ir35 is given.")
@_position_docs
@_doc("ir35", "Omit for a salary; \"outside\" or \"inside\" (TRUE) makes pay a day rate.")
@_doc("bands", _BANDS_DOC)
@_doc("against", _AGAINST_DOC)
def COMPA_RATIO(pay, role, level=None, region=None, ir35=None, bands=None, against=None):
    """Pay / the mid of its band: 1.00 is the middle of the market band, or of ours."""
    return _spread_against("compa_ratio", pay, role, level, region, ir35, bands, against)


@func
@_doc("pay", "Salary in £ a year, or a day rate in £ when ir35 is given.")
@_position_docs
@_doc("ir35", "Omit for a salary; \"outside\" or \"inside\" (TRUE) makes pay a day rate.")
@_doc("bands", _BANDS_DOC)
@_doc("against", _AGAINST_DOC)
def BAND_POSITION(pay, role, level=None, region=None, ir35=None, bands=None, against=None):
    """Where pay sits in its band: 0 at the low (market: 25th percentile), 1 at the high."""
    return _spread_against("band_position", pay, role, level, region, ir35, bands, against)


@func
@_doc("pay", "Salary in £ a year.")
@_position_docs
@_doc("bands", _NAMES_DOC)
def MARKET_PERCENTILE(pay, role, level=None, region=None, bands=None):
    """Modelled percentile (0 to 100) of a salary: lognormal through the band's 25th and 75th."""
    return _spread_position(position.market_percentile, {"pay": pay}, role, level, region,
                            bands)


@func
@_doc("p", "Percentile, 1 to 99 (e.g. 10 or 90).")
@_position_docs
@_doc("bands", _NAMES_DOC)
def SALARY_PERCENTILE(p, role, level=None, region=None, bands=None):
    """Modelled salary in £ a year at percentile p: lognormal through the band's 25th and 75th."""
    return _spread_position(position.salary_percentile, {"p": p}, role, level, region, bands)


@func
@_doc("bands", "Our bands: the Our bands table, header row first.")
@_doc("rows", "Omit for the table as it is; or the rows of the range it fills, padded with blanks.")
def OUR_BANDS(bands, rows=None):
    """Our bands against the market's: our mid / market mid, where ours sits in the market's."""
    try:
        ours = _our_bands(bands)
        if ours is None:
            raise against_ours.NotInGuideError("The bands table holds no band: add a row per "
                                               "role and level.")
        return against_ours.padded(against_ours.table_rows(ours), _one(rows, "rows"))
    except GuideError as e:
        return _scalar_failure(e)
