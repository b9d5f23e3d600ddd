"""The compensation calculation of format.md, exactly, in `Decimal`.

For each calendar year the period touches: base B, uppräkning U, volume V, ambition A,
efficiency E, annual fixed compensation F, the period's share, variable R, tilläggsuppdrag T and
the total. Every line is rounded to whole kronor, half away from zero, in `round_money` alone;
each step uses the rounded values before it and each sum is the sum of the rounded lines, so
the table adds up as printed. Every line keeps the YAML entry it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from uppdrag_docs.calc.rounding import (
    ORE,
    THOUSAND,
    largest_remainder,
    raised,
    round_money,
    split_exactly,
    weighted_index,
)
from uppdrag_docs.calc.standard import StandardUnitCost, volume_unit_cost
from uppdrag_docs.errors import CalculationError
from uppdrag_docs.format.compensation import VolumeChange
from uppdrag_docs.format.schema import AdditionalAssignment, Period, Uppdrag
from uppdrag_docs.format.shared import Indexation
from uppdrag_docs.format.standard import StandardCatalogue


@dataclass(frozen=True)
class Line:
    """One amount in the table, with its Swedish label and the YAML entry it came from."""

    label: str
    amount: Decimal
    source: str
    factors: tuple[Decimal, ...] = ()
    """What was multiplied: (share, index) for uppräkning, (antal, styckkostnad) for volume."""
    standard: StandardUnitCost | None = None
    """For a volymförändring `enligt_standard`: how its styckkostnad was made (step 12)."""


@dataclass(frozen=True)
class VariableLine:
    description: str
    unit: str
    price: Decimal
    forecast: Decimal
    amount: Decimal
    source: str


def _sum(lines: Iterable[Line | VariableLine]) -> Decimal:
    return sum((line.amount for line in lines), Decimal(0))


@dataclass(frozen=True)
class FixedYear:
    """A year's fixed compensation before its share of the period: the rounded lines of B, U,
    V, A and E, with V, A and F = B + U + V + A + E as sums over them."""

    year: int
    base: Decimal
    indexation: Decimal
    indexation_parts: tuple[Line, ...]
    volume_lines: tuple[Line, ...]
    ambition_lines: tuple[Line, ...]
    efficiency_share: Decimal
    efficiency: Decimal

    @property
    def volume(self) -> Decimal:
        return _sum(self.volume_lines)

    @property
    def ambition(self) -> Decimal:
        return _sum(self.ambition_lines)

    @property
    def annual_fixed(self) -> Decimal:
        return self.base + self.indexation + self.volume + self.ambition + self.efficiency


@dataclass(frozen=True)
class YearResult(FixedYear):
    """One year of the table. Its rounded lines are stored and every sum is a property over
    them (R, T and the total too), so a printed sum cannot disagree with the lines above it."""

    months: int
    fixed_for_period: Decimal
    variable: tuple[VariableLine, ...]
    additional: tuple[Line, ...]
    overhead: Decimal
    expected_cost: Decimal | None

    @property
    def variable_total(self) -> Decimal:
        return _sum(self.variable)

    @property
    def additional_total(self) -> Decimal:
        return _sum(self.additional)

    @property
    def total(self) -> Decimal:
        return self.fixed_for_period + self.variable_total + self.additional_total

    @property
    def difference(self) -> Decimal | None:
        """Total minus the utförare's expected cost (negative: a deficit)."""
        return None if self.expected_cost is None else self.total - self.expected_cost


@dataclass(frozen=True)
class Calculation:
    uppdrag_id: str
    unit: Literal["kr", "tkr"]
    years: tuple[YearResult, ...]
    compensation_set: bool = True
    """False for an utkast or förslag without `ersättning` yet: then there are no years."""

    @property
    def total(self) -> Decimal:
        return sum((y.total for y in self.years), Decimal(0))

    def year(self, year: int) -> YearResult:
        for result in self.years:
            if result.year == year:
                return result
        raise KeyError(year)


def base_comparison(calc: Calculation) -> dict[int, tuple[Decimal, Decimal]]:
    """Each year's fixed compensation against the base year's driftskostnad, month for month.

    year → (the base year's cost for the year's months, the fixed compensation for the period
    minus that), in the calculation's unit and rounded like every line. The driftskostnad is the
    base of the fixed part only (format.md, step 1), so the rörlig part and the
    tilläggsuppdrag stay out of the change; a year of six months is set against half the base.
    """
    if not calc.years:
        return {}
    base = calc.years[0].base
    out: dict[int, tuple[Decimal, Decimal]] = {}
    for result in calc.years:
        part = round_money(base * result.months / 12)
        out[result.year] = (part, result.fixed_for_period - part)
    return out


def months_in_year(period: Period, year: int) -> int:
    """How many months of `year` lie inside the period (whole months, as periods are)."""
    return sum(1 for month in range(1, 13) if period.start <= dt.date(year, month, 1) <= period.end)


def period_years(period: Period) -> list[int]:
    return list(range(period.start.year, period.end.year + 1))


def missing_indices(uppdrag: Uppdrag, indexation: Indexation) -> dict[int, list[str]]:
    """For each year of the period, the cost types that have no index (empty when all do)."""
    missing: dict[int, list[str]] = {}
    if uppdrag.compensation is None:
        return missing
    for year in period_years(uppdrag.period):
        available = indexation.years.get(year, {})
        lacking = [kind for kind in uppdrag.compensation.cost_shares if kind not in available]
        if lacking:
            missing[year] = lacking
    return missing


def calculate(
    uppdrag: Uppdrag,
    indexation: Indexation,
    *,
    unit: Literal["kr", "tkr"] = "kr",
    catalogue: StandardCatalogue | None = None,
) -> Calculation:
    """The compensation for every year of the period; `unit="tkr"` for display in thousands.

    An uppdrag without `ersättning` (an utkast or förslag may wait with it) has no years.
    `catalogue` prices the volymförändringar `enligt_standard` (standardkostnader.yaml).
    """
    comp = uppdrag.compensation
    if comp is None:
        return Calculation(uppdrag.id, unit, (), compensation_set=False)
    missing = missing_indices(uppdrag, indexation)
    if missing:
        years = ", ".join(f"{y} ({', '.join(kinds)})" for y, kinds in missing.items())
        raise CalculationError(f"uppräkningsmodellen saknar index för {years}")
    results: list[YearResult] = []
    base = round_money(comp.base_cost)
    prices = [round_money(item.price, ORE) for item in comp.variable]
    extra_parts = _additional_parts(uppdrag)
    for position, year in enumerate(period_years(uppdrag.period)):
        indices = indexation.years[year]
        exact_parts = [base * share * indices[kind] for kind, share in comp.cost_shares.items()]
        indexation_total = round_money(base * weighted_index(comp.cost_shares, indices))
        parts = tuple(
            Line(kind, amount, f"ersättning.kostnadsfördelning.{kind}", (share, indices[kind]))
            for (kind, share), amount in zip(
                comp.cost_shares.items(),
                largest_remainder(indexation_total, exact_parts),
                strict=True,
            )
        )
        volume_lines = tuple(
            _volume_line(i, change, catalogue, indexation)
            for i, change in enumerate(comp.volume_changes)
            if change.year == year
        )
        ambition_lines = tuple(
            Line(
                change.description,
                round_money(change.amount),
                f"ersättning.ambitionsförändringar[{i}]",
            )
            for i, change in enumerate(comp.ambition_changes)
            if change.year == year
        )
        share = (
            comp.efficiency.get(year, Decimal(0))
            if isinstance(comp.efficiency, dict)
            else comp.efficiency
        )
        efficiency = round_money(-share * (base + indexation_total))
        fixed = FixedYear(
            year, base, indexation_total, parts, volume_lines, ambition_lines, share, efficiency
        )
        months = months_in_year(uppdrag.period, year)
        fixed_for_period = fixed_share(fixed.annual_fixed, months)
        if position > 0:
            prices = [raised(price, comp.cost_shares, indices) for price in prices]
        variable = tuple(
            VariableLine(
                item.description,
                item.unit,
                price,
                forecast,
                variable_amount(price, forecast),
                f"ersättning.rörlig[{i}]",
            )
            for i, (item, price) in enumerate(zip(comp.variable, prices, strict=True))
            for forecast in [forecast_in_year(item.forecast, year)]
        )
        additional = tuple(
            Line(title, parts_by_year[year], source)
            for title, source, parts_by_year in extra_parts
            if year in parts_by_year
        )
        expected = (comp.expected_cost or {}).get(year)
        results.append(
            YearResult(
                **vars(fixed),
                months=months,
                fixed_for_period=fixed_for_period,
                variable=variable,
                additional=additional,
                overhead=round_money(comp.overhead_share * fixed_for_period),
                expected_cost=None if expected is None else round_money(expected),
            )
        )
        base = fixed.annual_fixed
    calculation = Calculation(uppdrag.id, "kr", tuple(results))
    return in_thousands(calculation) if unit == "tkr" else calculation


def _volume_line(
    i: int, change: VolumeChange, catalogue: StandardCatalogue | None, indexation: Indexation
) -> Line:
    """Step 3's line for one volymförändring; its styckkostnad from the standard (step 12)
    when it is `enligt_standard`."""
    source = f"ersättning.volymförändringar[{i}]"
    if change.unit_cost is not None:
        amount = round_money(change.count * change.unit_cost)
        return Line(change.description, amount, source, (change.count, change.unit_cost))
    kind = catalogue.types.get(change.standard or "") if catalogue is not None else None
    cost = volume_unit_cost(change, kind, indexation) if kind is not None else None
    if cost is None:
        raise CalculationError(
            f"volymförändringen '{change.description}' är enligt_standard '{change.standard}', "
            f"som saknar standardkostnad för {change.year} i standardkostnader.yaml"
        )
    amount = round_money(change.count * cost.amount)
    return Line(change.description, amount, source, (change.count, cost.amount), cost)


def fixed_share(annual: Decimal, months: int) -> Decimal:
    """The fixed compensation for `months` months of a year: F × months / 12, rounded (step 7).

    The year's share of the period, and the decided fixed part of a reporting period that the
    follow-up compares the utförare's booked ersättning with.
    """
    return round_money(annual * months / 12)


def variable_amount(price: Decimal, units: Decimal) -> Decimal:
    """pris(Y) × units, rounded (step 8): a forecast, or the volume a report says was delivered."""
    return round_money(price * units)


def forecast_in_year(forecast: Decimal | dict[int, Decimal], year: int) -> Decimal:
    """A rörlig item's forecast units for `year` (one figure for every year, or a table)."""
    if isinstance(forecast, dict):
        return forecast.get(year, Decimal(0))
    return forecast


def additional_by_year(extra: AdditionalAssignment) -> dict[int, Decimal]:
    """A tilläggsuppdrag's ersättning per calendar year, by its months (step 9): each part
    rounded, the last year the remainder, so the parts add up to the decided ersättning."""
    years = period_years(extra.period)
    months = [Decimal(months_in_year(extra.period, y)) for y in years]
    return dict(zip(years, split_exactly(round_money(extra.amount), months), strict=True))


def additional_for_months(extra: AdditionalAssignment, start: dt.date, end: dt.date) -> Decimal:
    """The part of a tilläggsuppdrag that falls on the months from `start` to `end` of one year.

    The year's part (`additional_by_year`) is spread over the tilläggsuppdrag's months in that
    year by cumulative rounding: the rounded amount accumulated at the end of the last month
    minus the rounded amount accumulated before the first. The parts of consecutive periods so
    add up to the year's part exactly, and the years' parts to the decided ersättning.
    """
    if start.year != end.year:
        raise ValueError(f"{start}–{end} ligger i två kalenderår")
    part = additional_by_year(extra).get(end.year)
    if part is None:
        return Decimal(0)
    months = [
        month
        for month in range(1, 13)
        if extra.period.start <= dt.date(end.year, month, 1) <= extra.period.end
    ]
    before = sum(1 for month in months if month < start.month)
    through = sum(1 for month in months if month <= end.month)
    return round_money(part * through / len(months)) - round_money(part * before / len(months))


def _additional_parts(uppdrag: Uppdrag) -> list[tuple[str, str, dict[int, Decimal]]]:
    return [
        (f"{extra.id} {extra.title}", f"tilläggsuppdrag[{i}]", additional_by_year(extra))
        for i, extra in enumerate(uppdrag.additional)
    ]


def _tkr(amount: Decimal) -> Decimal:
    return round_money(amount / THOUSAND)


def in_thousands(calc: Calculation) -> Calculation:
    """The same table in tkr: each line rounded to whole tkr, each sum the sum of those lines.

    The base of a later year is the previous year's F as shown, so the table still reads
    consistently; totals may differ by a tkr or two from the kr totals divided by 1 000.
    """
    years: list[YearResult] = []
    previous_annual: Decimal | None = None
    for y in calc.years:
        indexation = _tkr(y.indexation)
        parts = largest_remainder(indexation, [p.amount / THOUSAND for p in y.indexation_parts])
        shown = replace(
            y,
            base=_tkr(y.base) if previous_annual is None else previous_annual,
            indexation=indexation,
            indexation_parts=tuple(
                replace(p, amount=a) for p, a in zip(y.indexation_parts, parts, strict=True)
            ),
            volume_lines=tuple(replace(v, amount=_tkr(v.amount)) for v in y.volume_lines),
            ambition_lines=tuple(replace(a, amount=_tkr(a.amount)) for a in y.ambition_lines),
            efficiency=_tkr(y.efficiency),
            fixed_for_period=_tkr(y.fixed_for_period),
            variable=tuple(replace(v, amount=_tkr(v.amount)) for v in y.variable),
            additional=tuple(replace(a, amount=_tkr(a.amount)) for a in y.additional),
            overhead=_tkr(y.overhead),
            expected_cost=None if y.expected_cost is None else _tkr(y.expected_cost),
        )
        years.append(shown)
        previous_annual = shown.annual_fixed
    return Calculation(calc.uppdrag_id, "tkr", tuple(years), calc.compensation_set)
