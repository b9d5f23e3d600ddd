"""Rounding, in one place: half away from zero, to whole kronor or to öre, all in `Decimal`.

format.md and standardkostnad.md round every line the same way; each step uses the rounded
values of the steps before it. Raising a price one year by the uppräkningsmodell (a rörlig
pris(Y), a standardkostnad s(Y), a Kolada figure) is the same step everywhere: the price times
one plus the year's weighted index, to öre.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

KRONA = Decimal(1)
ORE = Decimal("0.01")
TENTH = Decimal("0.1")
THOUSAND = Decimal(1000)


def round_money(amount: Decimal, step: Decimal = KRONA) -> Decimal:
    """Half away from zero (Decimal's ROUND_HALF_UP), to whole kronor unless told otherwise."""
    return amount.quantize(step, rounding=ROUND_HALF_UP)


def weighted_index(shares: Mapping[str, Decimal], indices: Mapping[str, Decimal]) -> Decimal:
    return sum((share * indices[kind] for kind, share in shares.items()), Decimal(0))


def raised(
    price: Decimal, shares: Mapping[str, Decimal], indices: Mapping[str, Decimal]
) -> Decimal:
    """A price per unit raised one year by that year's weighted index, to öre (step 8)."""
    return round_money(price * (1 + weighted_index(shares, indices)), ORE)


def split_exactly(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Whole-krona parts of `total` in proportion to `weights` that add up to `total` exactly.

    Each part is rounded and the last takes the remainder, as format.md says for a
    tilläggsuppdrag's yearly parts.
    """
    whole = sum(weights, Decimal(0))
    if whole == 0:
        return [Decimal(0) for _ in weights]
    parts = [round_money(total * w / whole) for w in weights[:-1]]
    return [*parts, total - sum(parts, Decimal(0))]


def largest_remainder(total: Decimal, exact: Sequence[Decimal]) -> list[Decimal]:
    """Round each of `exact` so that they add up to `total` (a rounded sum of them)."""
    rounded = [round_money(x) for x in exact]
    gap = total - sum(rounded, Decimal(0))
    order = sorted(
        range(len(exact)), key=lambda i: (-(exact[i] - rounded[i]) * (1 if gap > 0 else -1), i)
    )
    step = Decimal(1) if gap > 0 else Decimal(-1)
    for i in order[: int(abs(gap))]:
        rounded[i] += step
    return rounded
