"""Notebook layer: the guide, band lookups and a priced plan as pandas DataFrames.

Needs the optional extra: ``pip install "ukaipay[pandas]"``. Nothing else in the package
imports this module, so the Excel functions, the CLI and the API work without pandas.
Lookups over a DataFrame's columns call the same engine as Excel and the CLI, once per
distinct row: a row the guide cannot answer gets empty figures and its one-line message
in the ``error`` column, and the other rows still compute (as a column call in Excel).
"""

from __future__ import annotations

import contextlib
import math

try:
    import pandas as pd
except ImportError as e:  # the one module that needs the extra: say how to get it
    raise ImportError('addin.frames needs pandas: pip install "ukaipay[pandas]"') from e

from .base.errors import GuideError, InvalidValueError
from .guide import pay, tables
from .guide.edition import use_edition
from .guide.edition_compare import Change, compare_editions
from .planning.budget import Budget
from .planning.columns import CALCULATED, IN, INPUTS, OUT, ROW
from .planning.key_figures import KEY_FIGURES
from .planning.phasing import month_labels
from .planning.plan import as_date

_UNITS = {pay.GBP_YEAR: "gbp_year", pay.GBP_DAY: "gbp_day", pay.FRACTION: "fraction"}


def guide_table(name: str, data: object = None) -> pd.DataFrame:
    """Return one guide table as a tidy DataFrame; units are in the column names
    (``_gbp_year``, ``_gbp_day``, ``_pct`` in percent as printed). ``data``: an edition
    (an Edition or its folder) to read instead of the one in use.

    Raises UnknownNameError for a name that is not one of ``tables.table_names()``.

    >>> guide_table("salary_bands").query("role == 'AI Engineer' and level == 'Senior'"
    ...     " and region == 'London'")["high_gbp_year"].item()
    125000.0
    """
    with _edition(data):
        header, rows = tables.guide_table(name)
    return pd.DataFrame(rows, columns=list(header))


def guide_tables(data: object = None) -> dict[str, pd.DataFrame]:
    """Return every guide table by name, as guide_table returns it (``data``: as there)."""
    with _edition(data):
        return {name: guide_table(name) for name in tables.table_names()}


def _edition(data: object):
    """Return a context in which the engine uses ``data`` (an Edition or a folder; None: the
    edition in use, unchanged)."""
    return contextlib.nullcontext() if data is None else use_edition(data)


def edition_changes(old: object, new: object, role: str | None = None) -> pd.DataFrame:
    """Return two editions' bands side by side (each an Edition or a folder), one line per
    band: table (salary, leadership, day rate), role, level, region, unit, the old and new
    low, mid and high (NaN where an edition lacks the band) and their changes as fractions
    (0.0455 is +4.55%). Only ``role``'s bands when given. As `ukaipay compare-editions`.

    >>> from addin.guide.edition import bundled_edition
    >>> same = edition_changes(bundled_edition(), bundled_edition(), "AI Engineer")
    >>> same.loc[0, ["role", "level", "region"]].tolist(), float(same.loc[0, "new_mid"])
    (['AI Engineer', 'Junior', 'UK National'], 54000.0)
    """
    changes = compare_editions(old, new, role)
    frame = pd.DataFrame(changes, columns=list(Change._fields))
    for column in Change._fields[5:]:
        frame[column] = frame[column].astype("float64")
    return frame


def _cell(value: object) -> object:
    """Return a DataFrame cell as the engine takes it: None for a missing value, Python
    numbers for NumPy's (an int64 is not an int)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value


def _argument(frame: pd.DataFrame, value: object, what: str, required: bool) -> list:
    """Return one argument's value for every row: a column of ``frame`` named by
    ``value``, or (optional arguments only) ``value`` itself for every row."""
    if isinstance(value, str) and value in frame.columns:
        if list(frame.columns).count(value) > 1:  # frame[value] would be a DataFrame
            raise InvalidValueError(f'{what}: the DataFrame has {list(frame.columns).count(value)} '
                                    f'columns named "{value}"; rename them so that one is.')
        return [_cell(v) for v in frame[value]]
    if required:
        raise InvalidValueError(f'{what} must name a column of the DataFrame; "{value}" is not one.')
    return [value] * len(frame)


def _lookup(frame: pd.DataFrame, lookup, unit: str, point, **arguments) -> pd.DataFrame:
    """Apply ``lookup`` to each row's arguments; see salary_bands for the columns."""
    suffix = _UNITS[unit]
    columns = [_argument(frame, v, name, required) for name, (v, required) in arguments.items()]
    points = _argument(frame, point, "point", False)
    answers: dict[tuple, tuple] = {}  # one engine call per distinct row
    out = []
    for args, p in zip(zip(*columns), points):
        # Typed: 1 == True == 1.0 in a dict, yet level True is an error and level 1 is not.
        key = tuple((type(v), v) for v in (*args, p))
        if key not in answers:
            try:
                band = lookup(*args)
                at = None if p is None else band.at(p)
                answers[key] = (band.low, band.mid, band.high, band.open_top, at, band.source, None)
            except GuideError as e:
                answers[key] = (None, None, None, None, None, None, e.render("python"))
        out.append(answers[key])
    names = [f"low_{suffix}", f"mid_{suffix}", f"high_{suffix}", "open_top", f"at_{suffix}",
             "source", "error"]
    result = pd.DataFrame(out, columns=names, index=frame.index)
    for name in names[:3] + [names[4]]:
        result[name] = result[name].astype("float64")  # None -> NaN: a number column
    return result if point is not None else result.drop(columns=f"at_{suffix}")


def _given(**options) -> dict:
    return {k: v for k, v in options.items() if v is not None}


def salary_bands(frame: pd.DataFrame, role: str = "role", level: str = "level",
                 region: str | None = None, point: object = None) -> pd.DataFrame:
    """Return the salary band of each row of ``frame``, aligned on its index.

    ``role`` and ``level`` name columns (a level is a name or years); ``region`` and
    ``point`` name a column or give one value for every row (None: UK National, no
    point). Columns: low_gbp_year, mid_gbp_year, high_gbp_year, open_top, at_gbp_year
    (with a point), source, and error (missing, or why the row has no figures: then its
    figures are NaN).

    >>> plan = pd.DataFrame({"role": ["AI Engineer", "ML Engineer"], "level": ["Senior", 5]})
    >>> salary_bands(plan, region="London")["mid_gbp_year"].tolist()[0]
    110000.0
    """
    return _lookup(frame, lambda r, lv, rg: pay.salary_band(r, lv, **_given(region=rg)),
                   pay.GBP_YEAR, point, role=(role, True), level=(level, True),
                   region=(region, False))


def day_rates(frame: pd.DataFrame, role: str = "role", level: str = "level",
              ir35: object = None, point: object = None) -> pd.DataFrame:
    """Return the day rate band of each row (columns as salary_bands, in ``_gbp_day``).

    ``ir35`` names a column or gives "inside"/"outside" (or True) for every row
    (None: outside).
    """
    return _lookup(frame, lambda r, lv, s: pay.day_rate(r, lv, **_given(ir35=s)),
                   pay.GBP_DAY, point, role=(role, True), level=(level, True), ir35=(ir35, False))


def leadership_bands(frame: pd.DataFrame, role: str = "role", region: object = None,
                     point: object = None) -> pd.DataFrame:
    """Return the leadership band of each row (columns as salary_bands); region UK or London."""
    return _lookup(frame, lambda r, rg: pay.leadership_band(r, **_given(region=rg)),
                   pay.GBP_YEAR, point, role=(role, True), region=(region, False))


def skill_premiums(frame: pd.DataFrame, role: str = "role", skill: str = "skill",
                   point: object = None) -> pd.DataFrame:
    """Return each row's skill premium as fractions (0.15 for +15%), columns ``_fraction``."""
    return _lookup(frame, pay.skill_premium, pay.FRACTION, point,
                   role=(role, True), skill=(skill, True))


def plan_rows(budget: Budget) -> pd.DataFrame:
    """Return a priced plan's rows, one per position, in plan order.

    Columns are the Plan's headers: Row (the sheet row or CSV line; empty for a plan
    built in Python), the inputs, then Check ("" when the row priced), Rate (£ a
    year, or £ a day for contractors), Annual cost, FY cost, FY NIC and Risk-adjusted cost
    (£, modelled: planning/risk.py; NaN for a row with a problem). Start and End are dates as the engine reads them (an Excel serial
    46296 is 2026-10-01), NaT where blank or not a date (the row's Check says why). An
    empty plan gives no rows and the same columns. The months are in plan_months.
    """
    months = set(month_labels(budget.assumptions.fy_start, budget.assumptions.months))
    rows = [{k: v for k, v in r.items() if k not in months} for r in budget.row_dicts()]
    columns = list(rows[0]) if rows else [ROW, *(c.header for c in INPUTS + CALCULATED
                                                  if c.part != "month")]
    frame = pd.DataFrame(rows, columns=columns)
    for c in INPUTS:
        if c.kind == "date":
            frame[c.header] = pd.to_datetime(pd.Series(
                [_date(getattr(r.row, c.field)) for r in budget.rows], index=frame.index,
                dtype=object)).astype("datetime64[ns]")
    for column in (OUT.rate, OUT.annual_cost, OUT.fy_cost, OUT.fy_nic, OUT.risk_cost):
        frame[column] = frame[column].astype("float64")
    return frame


def _date(value: object):
    """Return a plan cell as the engine reads a date, or None where it reads none."""
    try:
        return as_date(value)
    except GuideError:
        return None


def plan_months(budget: Budget) -> pd.DataFrame:
    """Return the cost of each priced row in each month of the horizon, tidy: one line per
    row and month, with Row, ID, Team, Role, Type, month (its first day) and cost_gbp (£).

    Pivot it for the template's month columns, or sum by month for the Summary's.
    """
    starts = [pd.Timestamp(m["start"]) for m in budget.summary["months"]]
    heads = [ROW, IN.id, IN.team, IN.role, IN.type, "month", "cost_gbp"]
    lines = [(r.row.line, r.row.id, r.row.team, r.role, r.type, start, cost)
             for r in budget.rows if r.priced for start, cost in zip(starts, r.months)]
    return pd.DataFrame(lines, columns=heads)


def plan_fiscal_years(budget: Budget) -> pd.DataFrame:
    """Return each fiscal year of a priced plan's horizon: start and end (dates), fy_cost
    (the sum of its months), fy_nic, hire_fees and visa_costs (£), annual_cost (the run-rate
    at its end, £ a year) and fte_year_end, as budget.summarise gives them."""
    frame = pd.DataFrame(budget.summary["fiscal_years"])
    for column in ("start", "end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


_UNIT = {"money": "GBP", "fte": "FTE", "count": "rows"}  # by a key figure's kind


def plan_summary(budget: Budget) -> pd.DataFrame:
    """Return a priced plan's key figures (the Summary's: key_figures.KEY_FIGURES) and its
    row count: one line each, with figure, value and unit (GBP, FTE or rows), indexed by
    the key of ``budget.summary``."""
    s = budget.summary
    lines = [(f.key, f.label, s[f.key], _UNIT[f.kind.name]) for f in KEY_FIGURES]
    lines.append(("rows", "Rows", s["rows"], _UNIT["count"]))
    return pd.DataFrame(lines, columns=["key", "figure", "value", "unit"]).set_index("key")
