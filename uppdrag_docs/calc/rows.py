"""The calculation as the rows a reader sees: Swedish labels, amounts, sources.

The terminal (`uppdrag calc`), the decision document and the diff all show these same rows, so
a line is labelled identically wherever it appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from uppdrag_docs.calc.engine import Calculation, Line, YearResult
from uppdrag_docs.swedish import (
    kronor,
    number,
    number_as_written,
    percent,
    price_text,
    unit_price,
)

RowKind = Literal["line", "part", "sum", "total", "info"]


@dataclass(frozen=True)
class Row:
    key: str
    """Stable within a year, e.g. `U`, `U.personal`, `R.0`; the diff matches rows by it."""
    label: str
    amount: Decimal
    kind: RowKind
    source: str = ""


def year_rows(
    result: YearResult,
    *,
    first_year: int,
    fixed: bool = True,
    variable: bool = True,
    additional: bool = True,
) -> list[Row]:
    """The rows of one year's table, in the order of format.md's calculation.

    A part the uppdrag does not have at all (no fixed part in a purely variable model, no
    variable items, no tilläggsuppdrag) would be a line of zeros; it is left out.
    """
    base_label = (
        f"Driftskostnad basår {result.year - 1}"
        if result.year == first_year
        else f"Årlig fast ersättning {result.year - 1}"
    )
    base_source = "ersättning.driftskostnad_basår" if result.year == first_year else ""
    rows: list[Row] = [Row("B", base_label, result.base, "line", base_source)]
    rows.append(
        Row(
            "U",
            "Uppräkning enligt uppräkningsmodellen",
            result.indexation,
            "line",
            "ersättning.kostnadsfördelning",
        )
    )
    rows += [
        Row(
            f"U.{part.label}",
            f"{part.label.capitalize()}: {percent(part.factors[0])} × {percent(part.factors[1])}",
            part.amount,
            "part",
            part.source,
        )
        for part in result.indexation_parts
    ]
    rows.append(
        Row("V", "Volymförändringar", result.volume, "line", "ersättning.volymförändringar")
    )
    rows += [
        Row(f"V.{line.source}", _volume_label(line), line.amount, "part", line.source)
        for line in result.volume_lines
    ]
    rows.append(
        Row(
            "A",
            "Ambitionsförändringar",
            result.ambition,
            "line",
            "ersättning.ambitionsförändringar",
        )
    )
    rows += [
        Row(f"A.{line.source}", line.label, line.amount, "part", line.source)
        for line in result.ambition_lines
    ]
    rows.append(
        Row(
            "E",
            f"Effektiviseringskrav ({percent(result.efficiency_share)})",
            result.efficiency,
            "line",
            "ersättning.effektiviseringskrav",
        )
    )
    rows.append(Row("F", "Årlig fast ersättning", result.annual_fixed, "sum"))
    rows.append(
        Row(
            "FP",
            f"Fast ersättning för perioden ({result.months} av 12 månader)",
            result.fixed_for_period,
            "line",
            "period",
        )
    )
    if not fixed:
        rows = []
    if variable:
        rows.append(
            Row("R", "Rörlig ersättning", result.variable_total, "line", "ersättning.rörlig")
        )
    rows += [
        Row(
            f"R.{v.source}",
            f"{v.description}: {number(v.forecast)} × {price_text(v.price)} per {v.unit}",
            v.amount,
            "part",
            v.source,
        )
        for v in result.variable
    ]
    if additional:
        rows.append(Row("T", "Tilläggsuppdrag", result.additional_total, "line", "tilläggsuppdrag"))
    rows += [
        Row(f"T.{line.source}", line.label, line.amount, "part", line.source)
        for line in result.additional
    ]
    rows.append(Row("S", f"Total ersättning {result.year}", result.total, "total"))
    if fixed:
        rows.append(Row("OH", "varav OH-kostnader", result.overhead, "info", "ersättning.oh_andel"))
    if result.expected_cost is not None and result.difference is not None:
        rows.append(
            Row(
                "K",
                "Förväntad kostnad enligt utförarens kalkyl",
                result.expected_cost,
                "info",
                f"ersättning.förväntad_kostnad.{result.year}",
            )
        )
        rows.append(Row("D", "Skillnad mot förväntad kostnad", result.difference, "info"))
    return rows


def _volume_label(line: Line) -> str:
    """ "Fler brukare: 12 × 68 000 kr", or enligt standard "Ny gruppbostad: 6 platser ×
    3 353,00 kr × 365 dygn × 10/12" (the styckkostnad made from the standardkostnad)."""
    standard = line.standard
    if standard is None:
        return f"{line.label}: {number(line.factors[0])} × {price_text(line.factors[1])}"
    count = line.factors[0]
    parts = [f"{number_as_written(count)} {standard.unit}", unit_price(standard.price)]
    if standard.units_per_place is not None:
        places = "plats" if abs(count) == 1 else "platser"
        parts = [
            f"{number_as_written(count)} {places}",
            unit_price(standard.price),
            f"{number_as_written(standard.units_per_place)} {standard.unit}",
        ]
    if standard.months != 12:
        parts.append(f"{standard.months}/12")
    return f"{line.label}: " + " × ".join(parts)


def calculation_rows(calc: Calculation) -> dict[int, list[Row]]:
    first = calc.years[0].year if calc.years else 0
    parts = {
        "fixed": any(y.base or y.annual_fixed for y in calc.years),
        "variable": any(y.variable for y in calc.years),
        "additional": any(y.additional for y in calc.years),
    }
    return {y.year: year_rows(y, first_year=first, **parts) for y in calc.years}


def amount_text(amount: Decimal, unit: str) -> str:
    return kronor(amount, unit="tkr" if unit == "tkr" else "kr")
