"""Base layer: money to the penny, one rule for every figure the product shows.

Money is rounded half up (half a penny away from zero, as Excel's ROUND) at one place:
where it becomes money (a salary times FTE, a cost, a fee), never again on the way out.
Figures shown under a total are allocated by largest remainder so that they add up to it
to the penny (data/provenance.toml, [rules] pennies).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# Binary floating point leaves noise far below a millionth of a pound (126,090.525 is
# stored as 126,090.52499999...): it is dropped before the half-up rule looks at the
# half penny. Every exact figure here (pennies times rates of a few places) has fewer
# than six decimals of a pound that matter to the penny.
_NOISE = Decimal("0.000001")


def rounded(value: float, places: int = 2) -> Decimal:
    """Return ``value`` rounded half up to ``places`` decimal places, as a Decimal.

    >>> rounded(126090.52499999999), rounded(0.125, 2), rounded(2.5, 0)
    (Decimal('126090.53'), Decimal('0.13'), Decimal('3'))
    """
    exact = Decimal(repr(float(value)))
    if places < 6:
        exact = exact.quantize(_NOISE, ROUND_HALF_UP)
    return exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def pennies(value: float) -> int:
    """Return ``value`` (£) in whole pence, rounded half up (as ``rounded``, in floats:
    a plan prices it millions of times).

    >>> pennies(10635.075), pennies(126090.52499999999), pennies(-0.005)
    (1063508, 12609053, -1)
    """
    p = value * 100
    n = round(p)
    if -1e-4 < p - n < 1e-4:  # whole pence already (most figures): the rule agrees
        return n
    # The noise guard in pence: 4 places of a penny are 6 of a pound.
    p = round(abs(value) * 100, 4)
    return int(p + 0.5) if value >= 0 else -int(p + 0.5)


def to_penny(value: float) -> float:
    """Return ``value`` (£) rounded half up to the penny, in £.

    >>> to_penny(108674.99999999999), to_penny(10635.075)
    (108675.0, 10635.08)
    """
    return pennies(value) / 100


def half_up(numerator: int, denominator: int) -> int:
    """Return numerator / denominator rounded half up (away from zero), for integers.

    >>> half_up(12762090, 12), half_up(-5, 2)
    (1063508, -3)
    """
    q, r = divmod(abs(numerator), denominator)
    q += 2 * r >= denominator
    return q if numerator >= 0 else -q


def allocate(total: int, exact: list[int], scale: int) -> list[int]:
    """Return whole pence for parts whose exact values are ``exact`` / ``scale`` pence,
    adding up to ``total`` pence: each part rounded down, then one penny more to the parts
    with the largest remainders (the earliest first among equals) until they reach it.

    >>> allocate(14350215, [14350215] * 12, 12)
    [1195852, 1195852, 1195852, 1195851, 1195851, 1195851, 1195851, 1195851, 1195851, 1195851, 1195851, 1195851]
    """
    floors = [v // scale for v in exact]
    short = total - sum(floors)
    if short:
        step = 1 if short > 0 else -1
        # Parts ranked by remainder (descending when pennies are added, ascending when
        # taken away), the earliest first among equals: the same input, the same pennies.
        order = sorted(range(len(exact)), key=lambda k: (-step * (exact[k] % scale), k))
        for k in order[:abs(short)]:
            floors[k] += step
    return floors
