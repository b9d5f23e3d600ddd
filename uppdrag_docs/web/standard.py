"""*Jämförelse med standardkostnad* on an uppdrag's page and `data/standardkostnad`, when the
uppdrag has `ersättning.standardkostnad` (standardkostnad.md): the same figures as `uppdrag calc`
and the beslutsdokument, in kr, with the fixed sentence that tells the kommun's price per unit
from the kommunalekonomiska utjämningen's standardkostnad. Without the block nothing shows."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from uppdrag_docs.calc.per_unit import StandardComparison
from uppdrag_docs.calc.rounding import round_money
from uppdrag_docs.swedish import deviation, kronor, number_as_written, unit_price
from uppdrag_docs.web.data import Row
from uppdrag_docs.web.tables import Column, Table

NOT_SCB = (
    "Standardkostnaden här är kommunens kalkyl per verksamhetstyp. Den är inte "
    "standardkostnaden i den kommunalekonomiska utjämningen, som SCB räknar per invånare för "
    "hela kommunen."
)

TABLE = Table(
    "standardkostnad",
    "Jämförelsen med standardkostnaden",
    "ett år av ett uppdrag som jämförs med kommunens standardkostnad per enhet",
    (
        Column("uppdrag_id", "text", "Uppdragets id"),
        Column("ar", "heltal", "Året"),
        Column("typ", "text", "Verksamhetstypen i kommunens katalog"),
        Column("enhet", "text", "Enheten som volymen räknas i, till exempel utförd timme"),
        Column("standardkostnad_kr", "decimaltal", "Standardkostnaden per enhet, kr"),
        Column("uppraknad_fran", "heltal", "Året standardkostnaden är uppräknad från; tomt annars"),
        Column("utanfor_standard_kr", "heltal", "Delar av ersättningen utanför typen, kr"),
        Column("jamforbar_ersattning_kr", "heltal", "Ersättningen i jämförelsen, kr"),
        Column("volym", "decimaltal", "Volymen som ersättningen betalar för"),
        Column("per_enhet_kr", "decimaltal", "Ersättningen per enhet, kr med två decimaler"),
        Column("avvikelse", "decimaltal", "Avvikelsen från standardkostnaden i procent"),
        Column("over_tolerans", "sant/falskt", "Om avvikelsen är större än toleransen"),
    ),
)


def standard_context(standard: StandardComparison | None) -> dict[str, Any] | None:
    """What the uppdrag page's section shows; None without a comparison."""
    if standard is None:
        return None
    unit = standard.kind.unit
    rows = []
    outside = []
    for year in standard.years:
        price = year.standard
        raised = f" (uppräknad från {price.raised_from})" if price and price.raised_from else ""
        rows.append(
            {
                "ar": str(year.year),
                "jamforbar": kronor(year.comparable),
                "volym": number_as_written(year.volume) if year.volume else "saknas",
                "per_enhet": unit_price(year.per_unit) if year.per_unit else "–",
                "standard": (unit_price(price.amount) + raised) if price else "saknas",
                "avvikelse": (
                    deviation(year.deviation)
                    + (" (utanför toleransen)" if year.over_tolerance else "")
                    if year.deviation is not None
                    else "–"
                ),
            }
        )
        outside += [
            f"varav utanför standarden: {line.description} {kronor(line.amount)} ({year.year})"
            for line in year.outside
        ]
    over = any(y.over_tolerance for y in standard.years)
    return {
        "enhet": unit,
        "rader": rows,
        "utanfor": outside,
        "motivering": standard.block.motivation if over else None,
        "typ": standard.kind.name,
        "innehall": standard.kind.contents,
        "kalla": standard.source,
        "mening": NOT_SCB,
    }


def rows(uppdrag_id: str, standard: StandardComparison) -> Iterator[Row]:
    """The data rows: per-unit figures with two decimals, the deviation with one."""
    for year in standard.years:
        price = year.standard
        yield {
            "uppdrag_id": uppdrag_id,
            "ar": year.year,
            "typ": standard.type_key,
            "enhet": standard.kind.unit,
            "standardkostnad_kr": price.amount if price else None,
            "uppraknad_fran": price.raised_from if price else None,
            "utanfor_standard_kr": int(year.outside_total),
            "jamforbar_ersattning_kr": int(year.comparable),
            "volym": year.volume,
            "per_enhet_kr": year.per_unit,
            "avvikelse": (
                round_money(year.deviation, Decimal("0.1")) if year.deviation is not None else None
            ),
            "over_tolerans": year.over_tolerance,
        }
