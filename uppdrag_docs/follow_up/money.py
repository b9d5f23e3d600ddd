"""The decided money of a reporting period, from the compensation calculation of `calc/engine.py`.

The fixed part is F(Y) × the period's months / 12, the rörlig part pris(Y) × the volume the
report says was delivered, and each tilläggsuppdrag's part its ersättning spread by cumulative
rounding over its months; each rounded to whole kronor half away from zero, by the engine's own
functions, so that no figure here is a second calculation. Forecast volume for a period is
prognos(Y) × months / 12, rounded to two decimals. All amounts are in kr, whatever `belopp_i`
says: reports are written in whole kronor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from uppdrag_docs.calc.engine import (
    Calculation,
    additional_for_months,
    fixed_share,
    forecast_in_year,
    variable_amount,
)
from uppdrag_docs.calc.rounding import ORE, round_money
from uppdrag_docs.follow_up.models import Volume
from uppdrag_docs.follow_up.periods import months
from uppdrag_docs.format.compensation import VariableItem
from uppdrag_docs.format.schedule import Due
from uppdrag_docs.format.schema import Uppdrag


@dataclass(frozen=True)
class Decided:
    """What the decision says the utförare receives for one period (övriga is not decided)."""

    fixed: Decimal
    variable: Decimal
    additional: Decimal

    @property
    def total(self) -> Decimal:
        return self.fixed + self.variable + self.additional


def variable_items(uppdrag: Uppdrag) -> list[VariableItem]:
    return list(uppdrag.compensation.variable) if uppdrag.compensation else []


def variable_item(uppdrag: Uppdrag, post: str) -> VariableItem | None:
    """The rörlig item a volume names: by its enhet when that is unique, else its beskrivning."""
    items = variable_items(uppdrag)
    by_unit = [item for item in items if item.unit == post]
    if len(by_unit) == 1:
        return by_unit[0]
    return next((item for item in items if item.description == post), None)


def item_name(uppdrag: Uppdrag, item: VariableItem) -> str:
    """How a report names an item: its enhet, or its beskrivning when two share the enhet."""
    shared_unit = sum(1 for other in variable_items(uppdrag) if other.unit == item.unit) > 1
    return item.description if shared_unit else item.unit


def price(uppdrag: Uppdrag, calculation: Calculation, item: VariableItem, year: int) -> Decimal:
    """pris(Y) of a rörlig item: the price the calculation raised for that year."""
    index = variable_items(uppdrag).index(item)
    return calculation.year(year).variable[index].price


def volume_amount(
    uppdrag: Uppdrag, calculation: Calculation, item: VariableItem, year: int, units: Decimal
) -> Decimal:
    """The rörlig ersättning for `units` delivered in `year`: pris(Y) × units, rounded."""
    return variable_amount(price(uppdrag, calculation, item, year), units)


def decided(
    uppdrag: Uppdrag, calculation: Calculation, due: Due, volumes: Sequence[Volume]
) -> Decided | None:
    """The decided figures for the (clipped) period `due`; None before `ersättning` is set."""
    if not calculation.years:
        return None
    year = due.end.year
    fixed = fixed_share(calculation.year(year).annual_fixed, months(due))
    variable = Decimal(0)
    for volume in volumes:
        item = variable_item(uppdrag, volume.item)
        if item is not None:
            variable += volume_amount(uppdrag, calculation, item, year, volume.units)
    additional = sum(
        (additional_for_months(extra, due.start, due.end) for extra in uppdrag.additional),
        Decimal(0),
    )
    return Decided(fixed, variable, additional)


def forecast_volume(item: VariableItem, due: Due) -> Decimal:
    """The forecast units for the period: prognos(Y) × months / 12, to two decimals."""
    return round_money(forecast_in_year(item.forecast, due.end.year) * months(due) / 12, ORE)
