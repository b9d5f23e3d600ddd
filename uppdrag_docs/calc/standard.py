"""The standard price per unit of a year, steps 11 and 12 of standardkostnad.md.

s(Y) is the catalogue's value for Y; a year without one takes the latest earlier year's value
and raises it one year at a time by the type's kostnadsfördelning and the uppräkningsmodell,
each step rounded to öre, as format.md's step 8 raises a rörlig price. Without an earlier value,
a kostnadsfördelning or an index there is no s(Y). A volymförändring `enligt_standard` is paid
s(Y) per unit (per plats: times the type's units per plats), for its months of the year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from uppdrag_docs.calc.rounding import ORE, raised, round_money
from uppdrag_docs.format.compensation import VolumeChange
from uppdrag_docs.format.shared import Indexation
from uppdrag_docs.format.standard import StandardType, StandardValue


@dataclass(frozen=True)
class StandardPrice:
    """s(Y): the standard price per unit of one year, and the catalogue value it comes from."""

    year: int
    amount: Decimal
    value: StandardValue
    """The catalogue's entry for the year, or the one it was raised from."""

    @property
    def raised_from(self) -> int | None:
        """The year raised from ("uppräknad från 2026"); None for the year's own value."""
        return None if self.value.year == self.year else self.value.year


def raise_years(
    amount: Decimal,
    start: int,
    end: int,
    shares: Mapping[str, Decimal] | None,
    indexation: Indexation,
) -> Decimal | None:
    """`amount` of year `start` raised to year `end`, one year at a time (step 11); None when a
    share or an index is missing. A year before `start` is not raised."""
    if end <= start:
        return amount if end == start else None
    if not shares:
        return None
    for year in range(start + 1, end + 1):
        indices = indexation.years.get(year, {})
        if any(kind not in indices for kind in shares):
            return None
        amount = raised(amount, shares, indices)
    return amount


_PRICES: dict[tuple[int, int, int], tuple[StandardType, Indexation, StandardPrice | None]] = {}
"""s(Y) by the type, the uppräkningsmodell and the year, each object held so that its identity
stays its own: `uppdrag check` asks for the same few prices for every uppdrag of a type, and
raising one took as long as the rest of the standardkostnad's rule."""


def standard_price(kind: StandardType, year: int, indexation: Indexation) -> StandardPrice | None:
    """s(Y) for the type, or None when the year has no value and none can be raised to it."""
    key = (id(kind), id(indexation), year)
    known = _PRICES.get(key)
    if known is not None and known[0] is kind and known[1] is indexation:
        return known[2]
    if len(_PRICES) > 10_000:  # a long `uppdrag webb --serve` does not keep every old file
        _PRICES.clear()
    price = _price(kind, year, indexation)
    _PRICES[key] = (kind, indexation, price)
    return price


def _price(kind: StandardType, year: int, indexation: Indexation) -> StandardPrice | None:
    own = kind.value(year)
    if own is not None:
        return StandardPrice(year, round_money(own.amount, ORE), own)
    earlier = [v for v in kind.values if v.year < year]
    if not earlier:
        return None
    start = max(earlier, key=lambda v: v.year)
    amount = raise_years(
        round_money(start.amount, ORE), start.year, year, kind.cost_shares, indexation
    )
    return None if amount is None else StandardPrice(year, amount, start)


@dataclass(frozen=True)
class StandardUnitCost:
    """How a volymförändring `enligt_standard` got its styckkostnad, for the row that shows it:
    "6 platser × 3 353,00 kr × 365 dygn × 10/12"."""

    price: Decimal
    """s(Y)."""
    units_per_place: Decimal | None
    """The type's units per plats, when the change counts platser."""
    unit: str
    months: int

    @property
    def amount(self) -> Decimal:
        """The styckkostnad (step 12), whole kronor: s(Y) × units per plats × months / 12."""
        return round_money(self.price * (self.units_per_place or 1) * self.months / 12)


def volume_unit_cost(
    change: VolumeChange, kind: StandardType, indexation: Indexation
) -> StandardUnitCost | None:
    """Step 12 for a volymförändring `enligt_standard`; None without s(Y) for its year."""
    price = standard_price(kind, change.year, indexation)
    if price is None:
        return None
    per_place = kind.units_per_place if change.per_place else None
    return StandardUnitCost(price.amount, per_place, kind.unit, change.months or 12)
