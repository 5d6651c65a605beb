"""Command-line layer: how the CLI prints money, percentages and tables."""

from __future__ import annotations

from .pence import rounded as _round  # half up, one rule for every figure shown


def money(value: float, unit: str = "GBP/year", open_top: bool = False) -> str:
    """Return a display string: pounds with thousands separators (pence where there are
    any), a percentage for fractions, and "+" on an open top.

    >>> money(1234.5), money(98320.9), money(0.15, "fraction"), money(200000, open_top=True)
    ('£1,234.50', '£98,320.90', '15%', '£200,000+')
    """
    if unit == "fraction":
        text = f"{value * 100:.4g}%"
    else:
        text = f"£{_round(value, 2):,}" if not float(value).is_integer() else f"£{value:,.0f}"
    return text + ("+" if open_top else "")


def whole_pounds(value: float) -> str:
    """Return whole pounds with thousands separators, rounded half up: £1,234."""
    return f"£{_round(value, 0):,}"


def table(rows: list[list[str]]) -> str:
    """Return rows as left-aligned text columns; the first row is the header."""
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# Numbers under these keys are not money (fractions, FTE, days, scores): JSON keeps their digits.
NOT_MONEY = frozenset({"FTE", "fte", "fte_year_end", "share", "score", "days", "billable_days",
                       "fee_rate", "pension_rate", "benefits_rate", "agency_fee", "Row", "row",
                       "rows", "priced", "problems", "compa_ratio", "band_position",
                       "percentile", "FTE read", "bonus_rate", "bik_rate", "allowance_rate",
                       "sacrifice_rate", "on_cost_rate"})


def json_text(data: object, money_values: bool = True) -> str:
    """Return ``data`` as strict JSON (no NaN or infinity) with money in pounds rounded to
    pennies, half up as in display: every float except those under NOT_MONEY keys, and
    none when ``money_values`` is false (a band of fractions).

    >>> json_text({"cost": 187675.89999999994, "fte": 0.5, "note": "x"})
    '{"cost": 187675.9, "fte": 0.5, "note": "x"}'
    """
    def walk(value, key=None):
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [walk(v, key) for v in value]
        if isinstance(value, float) and money_values and key not in NOT_MONEY \
                and abs(value) < 1e15:  # finite, and pennies fit a float (1e308 echoed from an input)
            return float(_round(value, 2))
        return value

    import json

    return json.dumps(walk(data), ensure_ascii=False, allow_nan=False)
