"""The ersättning per unit against the standard, steps 13–19 of standardkostnad.md.

For each year of the period: the parts outside the standard X (each item's yearly amount for the
months of the year in the period, rounded), the comparable ersättning J = the fixed part for the
period + the rörlig R − X (tilläggsuppdrag never count), the ersättning per enhet e = J / volym
to öre, its deviation d from s(Y) in percent to one decimal, whether it is over the tolerance
(|e − s| > tolerans × s, exactly, from the rounded figures), J per brukare of egen regi for a
whole year, the private providers' price from the catalogue with and without momskompensation,
and the Kolada lines. Stored are the facts; J, e and d are derived from them, so a printed
table cannot disagree with its rows. Everything is in kr, whatever `belopp_i` says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from uppdrag_docs.calc.engine import Calculation, YearResult
from uppdrag_docs.calc.rounding import ORE, TENTH, THOUSAND, round_money
from uppdrag_docs.calc.standard import StandardPrice, raise_years, standard_price
from uppdrag_docs.format.kolada import Kolada, KoladaValue
from uppdrag_docs.format.repository import Shared
from uppdrag_docs.format.schema import Uppdrag
from uppdrag_docs.format.shared import DEFAULT_TOLERANCE, Indexation
from uppdrag_docs.format.standard import Comparison, Procured, StandardCost, StandardType


def in_unit(amount: Decimal, unit: str) -> Decimal:
    """An amount in kr as the kommun shows amounts: kr, or whole tkr."""
    return round_money(amount / THOUSAND) if unit == "tkr" else amount


def folded_unit(unit: str) -> str:
    """A unit as units are compared: trimmed, spaces collapsed, lower-case."""
    return " ".join(unit.split()).lower()


def per_inhabitant(comparison: Comparison) -> bool:
    """A figure per invånare (the kostnadsutjämningens standardkostnad), never per unit."""
    words = re.findall(r"\w+", comparison.unit.casefold())
    return any(word in ("invånare", "inv") for word in words)


def deviation(value: Decimal, standard: Decimal) -> Decimal:
    """(value − s) / s × 100, in percent to one decimal (step 16)."""
    return round_money((value - standard) / standard * 100, TENTH)


def beyond(value: Decimal, standard: Decimal, tolerance: Decimal) -> bool:
    """|value − s| > tolerans × s, exactly: equal is within, in either direction."""
    return abs(value - standard) > tolerance * standard


def volume_in(volume: Decimal | dict[int, Decimal], year: int) -> Decimal | None:
    if isinstance(volume, dict):
        return volume.get(year)
    return volume


@dataclass(frozen=True)
class OutsideLine:
    """One `utanför_standard` item's part of a year: belopp(Y) × the year's months / 12."""

    description: str
    amount: Decimal
    index: int
    """Its place in `utanför_standard`."""

    @property
    def source(self) -> str:
        return f"ersättning.standardkostnad.utanför_standard[{self.index}]"


@dataclass(frozen=True)
class PerUnitYear:
    year: int
    months: int
    standard: StandardPrice | None
    """s(Y); None when it cannot be had (UD323)."""
    fixed: Decimal
    variable: Decimal
    outside: tuple[OutsideLine, ...]
    volume: Decimal | None
    """None when `volym` lacks the year (UD324)."""
    tolerance: Decimal
    clients: int | None
    """Egen regi's brukare in the nulägesanalys, for J per brukare of a whole year."""

    @property
    def outside_total(self) -> Decimal:
        """X(Y), step 13."""
        return sum((line.amount for line in self.outside), Decimal(0))

    @property
    def comparable(self) -> Decimal:
        """J(Y), step 14."""
        return self.fixed + self.variable - self.outside_total

    @property
    def per_unit(self) -> Decimal | None:
        """e(Y), step 15; None without a volume (or with J ≤ 0, UD325)."""
        if not self.volume or self.comparable <= 0:
            return None
        return round_money(self.comparable / self.volume, ORE)

    @property
    def deviation(self) -> Decimal | None:
        """d(Y) in percent, step 16."""
        if self.per_unit is None or self.standard is None:
            return None
        return deviation(self.per_unit, self.standard.amount)

    @property
    def over_tolerance(self) -> bool:
        if self.per_unit is None or self.standard is None:
            return False
        return beyond(self.per_unit, self.standard.amount, self.tolerance)

    def shown(self, unit: str) -> tuple[Decimal, tuple[Decimal, ...], Decimal]:
        """(fixed + R, each X item, J) as a table in `unit` shows them: in tkr each line
        rounded and J the sum of the lines shown, so the table adds up as printed."""
        both = in_unit(self.fixed + self.variable, unit)
        outside = tuple(in_unit(line.amount, unit) for line in self.outside)
        return both, outside, both - sum(outside, Decimal(0))

    @property
    def per_client(self) -> Decimal | None:
        """J per brukare, step 17: only for a year with all twelve months in the period."""
        if self.months != 12 or not self.clients or self.comparable <= 0:
            return None
        return round_money(self.comparable / self.clients)


@dataclass(frozen=True)
class ProcuredPrice:
    """p(Y) of the upphandlade utförare, with and without momskompensation (step 19)."""

    year: int
    price: Decimal
    vat_compensation: Decimal
    standard: Decimal | None
    tolerance: Decimal
    form: str | None = None
    source: str | None = None

    @property
    def net(self) -> Decimal:
        """p_exkl(Y) = p(Y) / (1 + momskompensation), öre."""
        return round_money(self.price / (1 + self.vat_compensation), ORE)

    @property
    def deviation(self) -> Decimal | None:
        return None if self.standard is None else deviation(self.net, self.standard)

    @property
    def over_tolerance(self) -> bool:
        return self.standard is not None and beyond(self.net, self.standard, self.tolerance)


@dataclass(frozen=True)
class KoladaLine:
    """One comparison for one kommun in year Y (step 18)."""

    comparison: Comparison
    kommun: str
    name: str | None
    value: KoladaValue | None
    """The newest usable value of a year up to Y; None: uppgift saknas."""
    raised: Decimal | None
    """The value raised to Y (the value itself when it is Y's); None when it cannot be."""
    comparable: bool
    """The same unit as the type's, and not a kommun-level line: a deviation is given."""
    standard: Decimal | None

    @property
    def deviation(self) -> Decimal | None:
        if not self.comparable or self.raised is None or self.standard is None:
            return None
        return deviation(self.raised, self.standard)


@dataclass(frozen=True)
class StandardComparison:
    """An uppdrag's ersättning per unit against its type's standard, year by year."""

    type_key: str
    kind: StandardType
    block: StandardCost
    tolerance: Decimal
    source: str | None
    """The catalogue's källa, printed under every table."""
    years: tuple[PerUnitYear, ...]

    def year(self, year: int) -> PerUnitYear:
        return next(y for y in self.years if y.year == year)


def tolerance_of(kind: StandardType, shared: Shared) -> Decimal:
    """The type's own tolerance, else kommun.yaml's, else 0.05."""
    if kind.tolerance is not None:
        return kind.tolerance
    return shared.kommun.standard.tolerance if shared.kommun else DEFAULT_TOLERANCE


def own_clients(uppdrag: Uppdrag, shared: Shared) -> int | None:
    """Egen regi's brukare in the nulägesanalys: the utförare named as the uppdrag's own."""
    names = {folded_unit(uppdrag.provider.name)}
    if shared.kommun is not None:
        names.add(folded_unit(shared.kommun.provider_administration))
    found = [p.clients for p in uppdrag.current_state.providers if folded_unit(p.name) in names]
    return found[0] if found else None


def compare(
    uppdrag: Uppdrag, calculation: Calculation, shared: Shared
) -> StandardComparison | None:
    """Steps 13–17 for an uppdrag with `ersättning.standardkostnad` whose type the catalogue
    has; None otherwise. `calculation` is in kr."""
    comp = uppdrag.compensation
    if comp is None or comp.standard is None or shared.standard is None:
        return None
    block = comp.standard
    kind = shared.standard.types.get(block.type)
    if kind is None or shared.indexation is None:
        return None
    indexation = shared.indexation
    tolerance = tolerance_of(kind, shared)
    clients = own_clients(uppdrag, shared)

    def year(result: YearResult) -> PerUnitYear:
        outside = tuple(
            OutsideLine(item.description, round_money(amount * result.months / 12), i)
            for i, item in enumerate(block.outside)
            for amount in [volume_in(item.amount, result.year)]
            if amount is not None
        )
        return PerUnitYear(
            year=result.year,
            months=result.months,
            standard=standard_price(kind, result.year, indexation),
            fixed=result.fixed_for_period,
            variable=result.variable_total,
            outside=outside,
            volume=volume_in(block.volume, result.year),
            tolerance=tolerance,
            clients=clients,
        )

    years = tuple(year(result) for result in calculation.years)
    return StandardComparison(block.type, kind, block, tolerance, shared.standard.source, years)


def procured_price(
    kind: StandardType,
    year: int,
    standard: StandardPrice | None,
    tolerance: Decimal,
    price: Decimal | None = None,
) -> ProcuredPrice | None:
    """Step 19: `price` (a likvärdighet file's `pris`), else the catalogue's upphandlat for Y."""
    listed: Procured | None = kind.procured_price(year)
    if price is None and listed is None:
        return None
    amount = price if price is not None else listed.amount if listed else Decimal(0)
    return ProcuredPrice(
        year,
        round_money(amount, ORE),
        kind.vat_compensation,
        standard.amount if standard else None,
        tolerance,
        listed.form if listed and price is None else None,
        listed.source if listed and price is None else None,
    )


def kolada_lines(
    kind: StandardType,
    kolada: Kolada | None,
    year: int,
    indexation: Indexation,
    standard: StandardPrice | None,
) -> list[KoladaLine]:
    """Step 18 for every comparison of the type and each of its kommuner; a line in kr per
    invånare without `slag: kommun` is left out (UD327 refuses it)."""
    lines: list[KoladaLine] = []
    for comparison in kind.comparisons:
        context = comparison.kind == "kommun"
        if per_inhabitant(comparison) and not context:
            continue
        same_unit = folded_unit(comparison.unit) == folded_unit(kind.unit)
        for kommun in comparison.kommuner:
            series = kolada.series(comparison.kpi, kommun) if kolada else []
            usable = [v for v in series if v.usable and v.year <= year]
            value = usable[-1] if usable else None
            raised = None
            if value is not None and value.value is not None and not context:
                raised = raise_years(value.value, value.year, year, kind.cost_shares, indexation)
            lines.append(
                KoladaLine(
                    comparison,
                    kommun,
                    kolada.name(kommun) if kolada else None,
                    value,
                    raised,
                    same_unit and not context,
                    standard.amount if standard else None,
                )
            )
    return lines


def stale(kind: StandardType, kolada: Kolada | None, newest: int) -> list[tuple[int, str]]:
    """(comparison index, kommun) of each comparison without a usable value for `newest` or
    later (UD444: Kolada's figure is old, removed, or there is no file)."""
    out = []
    for i, comparison in enumerate(kind.comparisons):
        for kommun in comparison.kommuner:
            series = kolada.series(comparison.kpi, kommun) if kolada else []
            if not any(v.usable and v.year >= newest for v in series):
                out.append((i, kommun))
    return out
