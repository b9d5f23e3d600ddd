"""Cost per unit from öppna böcker against the standard, and Leanlink's samlade ersättning.

Steps 19–22 of standardkostnad.md for an uppdrag with `ersättning.standardkostnad` and a year:
the counted periods are the ekonomi report's periods that end in the year, are delivered and
carry `volym` ("x av y perioder"). For each: b, its beslutade ersättning; u, its part of the
year's X by cumulative rounding over the uppdrag's months of the year, plus its tilläggsuppdrag
part; a, the report's `ekonomi.utanför_standard` when given, else u. Then Qr = Σ volym,
C = Σ kostnader − Σ a, c = C / Qr and e_r = (Σ b − Σ u) / Qr to öre, and c's deviation from
s(Y). Beside it: each upphandlad utförare's price (its `pris` in the year's latest likvärdighet
file that gives one, else the catalogue's) and the Kolada lines.

`combined` is the table "Leanlinks samlade ersättning": every uppdrag of the utförare with
ekonomi reports in the year, its reported periods summed, and whether a deficit in one is
covered within the whole (the tjänsteskrivelse's "inom ramen för sin samlade ersättning").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from uppdrag_docs.calc.engine import Calculation, months_in_year
from uppdrag_docs.calc.per_unit import (
    KoladaLine,
    ProcuredPrice,
    StandardComparison,
    beyond,
    compare,
    deviation,
    folded_unit,
    kolada_lines,
    procured_price,
)
from uppdrag_docs.calc.rounding import ORE, round_money
from uppdrag_docs.follow_up.assessment import EconomyPeriod, UppdragYear
from uppdrag_docs.follow_up.collection import Delivered, FollowUp, by_year
from uppdrag_docs.follow_up.models import Forecast
from uppdrag_docs.follow_up.money import decided
from uppdrag_docs.follow_up.periods import PeriodKey
from uppdrag_docs.format.repository import Shared
from uppdrag_docs.format.schedule import Due
from uppdrag_docs.format.schema import Period, Uppdrag


@dataclass(frozen=True)
class CountedPeriod:
    """One reported period with a volume (step 20)."""

    period: PeriodKey
    delivered: Delivered
    volume: Decimal
    decided: Decimal
    """b: the period's beslutade ersättning (fixed, rörlig by the reported volumes, tillägg)."""
    outside_decided: Decimal
    """u: the period's part of X(Y), plus its tilläggsuppdrag part."""
    outside_actual: Decimal
    """a: the report's `ekonomi.utanför_standard`, else u."""
    costs: Decimal


@dataclass(frozen=True)
class ProviderPrice:
    name: str
    price: ProcuredPrice
    from_file: bool
    """True: the likvärdighet file's `pris`; False: the catalogue's upphandlat price."""


@dataclass(frozen=True)
class PerUnitYear:
    """An uppdrag's cost per unit in a year, against its standard and the others'."""

    comparison: StandardComparison
    year: int
    periods: tuple[CountedPeriod, ...]
    of: int
    """How many ekonomi periods of the uppdrag end in the year ("x av y perioder")."""
    providers: tuple[ProviderPrice, ...]
    kolada: tuple[KoladaLine, ...]

    @property
    def standard(self) -> Decimal | None:
        price = self.comparison.year(self.year).standard
        return price.amount if price else None

    @property
    def raised_from(self) -> int | None:
        price = self.comparison.year(self.year).standard
        return price.raised_from if price else None

    @property
    def volume(self) -> Decimal:
        """Qr."""
        return sum((p.volume for p in self.periods), Decimal(0))

    @property
    def comparable_cost(self) -> Decimal:
        """C = Σ kostnader − Σ a."""
        return sum((p.costs - p.outside_actual for p in self.periods), Decimal(0))

    @property
    def cost(self) -> Decimal | None:
        """c(Y) = C / Qr, öre (step 21)."""
        if not self.volume:
            return None
        return round_money(self.comparable_cost / self.volume, ORE)

    @property
    def decided(self) -> Decimal | None:
        """e_r(Y) = (Σ b − Σ u) / Qr, öre (step 21)."""
        if not self.volume:
            return None
        decided = sum((p.decided - p.outside_decided for p in self.periods), Decimal(0))
        return round_money(decided / self.volume, ORE)

    @property
    def deviation(self) -> Decimal | None:
        """c's deviation from s(Y) in percent (step 22)."""
        if self.cost is None or self.standard is None:
            return None
        return deviation(self.cost, self.standard)

    @property
    def over_tolerance(self) -> bool:
        if self.cost is None or self.standard is None:
            return False
        return beyond(self.cost, self.standard, self.comparison.tolerance)


def per_unit_year(assessed: UppdragYear) -> PerUnitYear | None:
    """Steps 19–22 for the assessed year; None for an uppdrag without standardkostnad."""
    follow = assessed.follow_up
    shared = follow.loaded.shared
    if follow.calculation is None or shared.indexation is None:
        return None
    comparison = compare(follow.uppdrag, follow.calculation, shared)
    year = assessed.year
    if comparison is None or all(y.year != year for y in comparison.years):
        return None
    periods = tuple(
        counted
        for economy in assessed.economy
        if (counted := _counted(follow, comparison, economy)) is not None
    )
    figures = comparison.year(year)
    return PerUnitYear(
        comparison=comparison,
        year=year,
        periods=periods,
        of=sum(
            1
            for report in follow.uppdrag.reports
            if report.type == "ekonomi"
            for key in follow.calendars[report.id]
            if key.year == year
        ),
        providers=tuple(_providers(follow, comparison, year)),
        kolada=tuple(
            kolada_lines(comparison.kind, shared.kolada, year, shared.indexation, figures.standard)
        ),
    )


def _counted(
    follow: FollowUp, comparison: StandardComparison, economy: EconomyPeriod
) -> CountedPeriod | None:
    volume = economy.delivered.model.volume
    if volume is None or economy.decided is None:
        return None
    due = economy.delivered.due
    decided_outside = outside_part(comparison, follow.uppdrag.period, due)
    decided_outside += economy.decided.additional
    actual = economy.economy.outside_standard
    return CountedPeriod(
        period=economy.period,
        delivered=economy.delivered,
        volume=volume,
        decided=economy.decided.total,
        outside_decided=decided_outside,
        outside_actual=decided_outside if actual is None else actual,
        costs=economy.economy.cost_total,
    )


def outside_part(comparison: StandardComparison, period: Period, due: Due) -> Decimal:
    """The reporting period's part of X(Y) (step 20): the rounded X(Y) × k₁ / m minus the
    rounded X(Y) × k₀ / m, counting the uppdrag's months of the year before the period (k₀)
    and through its end (k₁), as a tilläggsuppdrag is spread; the parts add up to X(Y)."""
    year = due.end.year
    outside = comparison.year(year).outside_total
    months = [m for m in range(1, 13) if period.start <= dt.date(year, m, 1) <= period.end]
    before = sum(1 for m in months if m < due.start.month)
    through = sum(1 for m in months if m <= due.end.month)
    total = months_in_year(period, year) or 1
    return round_money(outside * through / total) - round_money(outside * before / total)


def _providers(
    follow: FollowUp, comparison: StandardComparison, year: int
) -> Iterable[ProviderPrice]:
    """Step 19 for each upphandlad utförare of the nulägesanalys (egen regi left out)."""
    uppdrag, kommun = follow.uppdrag, follow.loaded.shared.kommun
    own = {folded_unit(uppdrag.provider.name)}
    if kommun is not None:
        own.add(folded_unit(kommun.provider_administration))
    standard = comparison.year(year).standard
    files = sorted(
        (t.model for t in follow.equal_terms if t.model.period.year == year),
        key=lambda terms: terms.period.sort_key(),
    )
    for provider in uppdrag.current_state.providers:
        name = folded_unit(provider.name)
        if name in own:
            continue
        given = [
            entry.price
            for terms in files
            for entry in terms.providers
            if folded_unit(entry.name) == name and entry.price is not None
        ]
        price = procured_price(
            comparison.kind, year, standard, comparison.tolerance, given[-1] if given else None
        )
        if price is not None:
            yield ProviderPrice(provider.name, price, bool(given))


@dataclass(frozen=True)
class CombinedRow:
    """One uppdrag of the utförare in the year: its reported ekonomi periods summed."""

    uppdrag_id: str
    title: str
    board: str
    periods: int
    of: int
    decided: Decimal
    income: Decimal
    costs: Decimal
    forecast: Forecast | None
    """The year's latest `prognos_helår`."""

    @property
    def result(self) -> Decimal:
        return self.income - self.costs


@dataclass(frozen=True)
class Combined:
    """Leanlinks samlade ersättning: every uppdrag of the utförare with ekonomi reports."""

    provider: str
    year: int
    rows: tuple[CombinedRow, ...]

    @property
    def decided(self) -> Decimal:
        return sum((r.decided for r in self.rows), Decimal(0))

    @property
    def income(self) -> Decimal:
        return sum((r.income for r in self.rows), Decimal(0))

    @property
    def costs(self) -> Decimal:
        return sum((r.costs for r in self.rows), Decimal(0))

    @property
    def result(self) -> Decimal:
        return self.income - self.costs

    @property
    def forecast_result(self) -> Decimal | None:
        """The forecasts' resultat summed, only when every uppdrag has one."""
        if not self.rows or any(r.forecast is None for r in self.rows):
            return None
        return sum((r.forecast.result for r in self.rows if r.forecast), Decimal(0))

    @property
    def within(self) -> bool:
        """The whole's resultat is not negative: a deficit in one uppdrag is covered."""
        return self.result >= 0


def combined(follow_ups: Mapping[str, FollowUp], year: int) -> Combined | None:
    """The year's samlade ersättning; None when no uppdrag has an ekonomi report in it."""
    reports = by_year(follow_ups, year)
    if not reports:
        return None
    rows = []
    for ident in sorted({d.model.uppdrag for d in reports}):
        follow = follow_ups[ident]
        own = [d for d in reports if d.model.uppdrag == ident]
        books = [d.model.economy for d in own if d.model.economy is not None]
        decided_total = Decimal(0)
        for delivered in own:
            if follow.calculation is not None and follow.calculation.years:
                volumes = delivered.model.volumes or []
                figures = decided(follow.uppdrag, follow.calculation, delivered.due, volumes)
                decided_total += figures.total if figures else Decimal(0)
        forecasts = [economy.forecast for economy in books if economy.forecast]
        rows.append(
            CombinedRow(
                uppdrag_id=ident,
                title=follow.uppdrag.title,
                board=follow.uppdrag.orderer.board,
                periods=len(own),
                of=sum(
                    1
                    for report in follow.uppdrag.reports
                    if report.type == "ekonomi"
                    for key in follow.calendars[report.id]
                    if key.year == year
                ),
                decided=decided_total,
                income=sum((economy.income.total for economy in books), Decimal(0)),
                costs=sum((economy.cost_total for economy in books), Decimal(0)),
                forecast=forecasts[-1] if forecasts else None,
            )
        )
    first = next(iter(follow_ups.values()))
    kommun = first.loaded.shared.kommun
    provider = kommun.provider_administration if kommun else first.uppdrag.provider.name
    return Combined(provider, year, tuple(rows))


@dataclass(frozen=True)
class FormReference:
    """What the ekonomi form shows beside its standardkostnad cells, for reference."""

    unit: str
    price: Decimal | None
    """s(Y) of the period's year."""
    outside: Decimal
    """u: the period's part of X(Y) and of its tilläggsuppdrag (step 20)."""

    @property
    def note(self) -> str:
        return (
            f"Standardkostnad: volym är periodens volym räknad i {self.unit} (kolumn C: "
            "standardkostnaden per enhet); utanför_standard är periodens kostnad för delarna "
            "utanför standarden och för tilläggsuppdrag (tom: det beslutade i kolumn C)."
        )


def form_reference(
    uppdrag: Uppdrag, calculation: Calculation, shared: Shared, due: Due
) -> FormReference | None:
    """The standardkostnad's reference figures of a period, for an uppdrag that has one."""
    comparison = compare(uppdrag, calculation, shared)
    if comparison is None or all(y.year != due.end.year for y in comparison.years):
        return None
    price = comparison.year(due.end.year).standard
    figures = decided(uppdrag, calculation, due, [])
    additional = figures.additional if figures else Decimal(0)
    return FormReference(
        comparison.kind.unit,
        price.amount if price else None,
        outside_part(comparison, uppdrag.period, due) + additional,
    )
