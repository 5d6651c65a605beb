"""Command-line layer: how the CLI prints money, percentages and tables."""

from __future__ import annotations

from ..base.pence import rounded as _round  # half up, one rule for every figure shown


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


def table(rows: list[list[str]]) -> str:
    """Return rows as left-aligned text columns; the first row is the header."""
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def json_text(data: object, money_values: bool = True) -> str:
    """Return ``data`` as strict JSON (no NaN or infinity), each float rounded as its
    field's declared kind (a Plan column's, or kinds.FIELDS: money to the penny, a rate to
    4 places, half up), an undeclared one as money; no float is rounded when
    ``money_values`` is false (a band of fractions).

    >>> json_text({"cost": 187675.89999999994, "fte": 0.5, "Bonus": 0.125, "note": "x"})
    '{"cost": 187675.9, "fte": 0.5, "Bonus": 0.125, "note": "x"}'
    """
    return json_encoder()(json_ready(data) if money_values else data)


def json_encoder():
    """Return the function that writes a JSON-ready value as json_text does (strict JSON,
    text as itself, ", " and ": " between items)."""
    import json

    return json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def json_ready(value: object, key: str | None = None) -> object:
    """Return ``value`` with each float rounded as the kind of the field it is under
    (``key`` for ``value`` itself; columns.kind_of); everything else as it is."""
    from ..base.kinds import json_value
    from ..planning.columns import kind_of

    def walk(value, key=None):
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [walk(v, key) for v in value]
        if isinstance(value, float):
            return json_value(value, kind_of(key))
        return value

    return walk(value, key)
