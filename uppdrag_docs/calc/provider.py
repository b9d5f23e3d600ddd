"""The utförare's whole: each year's ersättning and förväntad kostnad summed over its uppdrag.

Leanlink may cover "över- eller underskott i enskilda uppdrag inom ramen för sin samlade
ersättning", but egenregin as a whole must not run at a deficit (riktlinjen 3.1). So the
deficit that counts is the year's sum: over the uppdrag that have a förväntad kostnad that year,
their totals against their förväntade kostnader. An uppdrag without one that year is listed but
left out of the comparison, since its shortfall cannot be known.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from uppdrag_docs.calc.engine import Calculation


@dataclass(frozen=True)
class ProviderLine:
    """One uppdrag in one year."""

    uppdrag_id: str
    title: str
    total: Decimal
    expected: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        return None if self.expected is None else self.total - self.expected


@dataclass(frozen=True)
class ProviderYear:
    year: int
    lines: tuple[ProviderLine, ...]

    @property
    def total(self) -> Decimal:
        """Every uppdrag's ersättning this year."""
        return sum((line.total for line in self.lines), Decimal(0))

    @property
    def compared(self) -> tuple[ProviderLine, ...]:
        """The uppdrag with a förväntad kostnad this year: the ones the comparison counts."""
        return tuple(line for line in self.lines if line.expected is not None)

    @property
    def compared_total(self) -> Decimal:
        """The ersättning of the uppdrag the comparison counts."""
        return sum((line.total for line in self.compared), Decimal(0))

    @property
    def expected(self) -> Decimal:
        return sum((line.expected or Decimal(0) for line in self.compared), Decimal(0))

    @property
    def difference(self) -> Decimal:
        """The compared uppdrag's ersättning minus their förväntad kostnad (negative: deficit)."""
        return self.compared_total - self.expected

    @property
    def deficit(self) -> bool:
        return self.difference < 0


def provider_years(items: Iterable[tuple[str, Calculation]]) -> list[ProviderYear]:
    """Each calendar year any of the calculations touches, with one line per uppdrag (by title)."""
    by_year: dict[int, list[ProviderLine]] = {}
    for title, calculation in items:
        for result in calculation.years:
            line = ProviderLine(calculation.uppdrag_id, title, result.total, result.expected_cost)
            by_year.setdefault(result.year, []).append(line)
    return [
        ProviderYear(year, tuple(sorted(lines, key=lambda line: line.uppdrag_id)))
        for year, lines in sorted(by_year.items())
    ]
