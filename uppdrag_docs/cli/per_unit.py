"""`uppdrag calc`'s comparison with the standardkostnad: a table after each year, or JSON.

The table follows the calculation (standardkostnad.md, steps 11–17): s, the parts outside the
standard X, the comparable ersättning J, the volume, e = J / volym, the deviation d and the
tolerance. JSON gives each figure as an exact decimal string, as calc gives its amounts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from uppdrag_docs.calc.per_unit import StandardComparison, in_unit
from uppdrag_docs.calc.rows import amount_text
from uppdrag_docs.swedish import deviation, number_as_written, percent, unit_price

if TYPE_CHECKING:
    from rich.console import Console

TITLE = "Jämförelse med standardkostnad"


def year_json(standard: StandardComparison | None, year: int) -> dict[str, object] | None:
    """One year's comparison for `--format json`; None for an uppdrag without one."""
    if standard is None:
        return None
    figures = standard.year(year)
    price = figures.standard

    return {
        "typ": standard.type_key,
        "enhet": standard.kind.unit,
        "standardkostnad": exact(price.amount if price else None),
        "uppräknad_från": price.raised_from if price else None,
        "utanför_standard": str(figures.outside_total),
        "jämförbar_ersättning": str(figures.comparable),
        "volym": exact(figures.volume),
        "per_enhet": exact(figures.per_unit),
        "avvikelse": exact(figures.deviation),
        "tolerans": str(standard.tolerance),
        "över_tolerans": figures.over_tolerance,
        "per_brukare": exact(figures.per_client),
    }


def exact(value: Decimal | None) -> str | None:
    """A figure as an exact decimal string, or null when it cannot be computed."""
    return None if value is None else str(value)


def print_year(console: Console, standard: StandardComparison, year: int, unit: str) -> None:
    """The year's comparison as a table under its calculation."""
    from rich.table import Table

    figures = standard.year(year)
    price = figures.standard
    enhet = standard.kind.unit
    table = Table(title=f"{TITLE} {year}", title_justify="left", show_header=True)
    table.add_column("Rad")
    table.add_column("Värde", justify="right")
    raised = f", uppräknad från {price.raised_from}" if price and price.raised_from else ""
    table.add_row(
        f"Standardkostnad per {enhet} ({standard.type_key}{raised})",
        unit_price(price.amount) if price else "saknas",
    )
    both, outside, comparable = figures.shown(unit)
    if figures.outside:
        table.add_row("Fast och rörlig ersättning", amount_text(both, unit))
    for line, amount in zip(figures.outside, outside, strict=True):
        table.add_row(f"  Utanför standarden: {line.description}", amount_text(-amount, unit))
    table.add_row("Ersättning i jämförelsen (J)", amount_text(comparable, unit))
    volume = figures.volume
    table.add_row(f"Volym ({enhet})", number_as_written(volume) if volume else "saknas")
    per_unit = figures.per_unit
    table.add_row(f"Ersättning per {enhet} (e)", unit_price(per_unit) if per_unit else "–")
    shown = deviation(figures.deviation) if figures.deviation is not None else "–"
    verdict = " (utanför toleransen)" if figures.over_tolerance else ""
    table.add_row("Avvikelse från standardkostnaden", shown + verdict)
    table.add_row("Tolerans", percent(standard.tolerance))
    if figures.per_client is not None:
        per_client = amount_text(in_unit(figures.per_client, unit), unit)
        table.add_row("Ersättning i jämförelsen per brukare", per_client)
    console.print(table)
