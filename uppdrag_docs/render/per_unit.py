"""The standardkostnad in the samlad redovisning: cost per unit beside quality, and the whole.

Per uppdrag with `ersättning.standardkostnad`, after "Ekonomi enligt öppna böcker": *Kostnad
per enhet och jämförelser*: egen regi's cost per unit from öppna böcker (c) and each upphandlad
utförare's price without momskompensation, each on a row with its outcomes of the likvärdiga
criteria (kostnad och kvalitet side by side, riktlinjen 3.1.1), the standard and Kolada's lines,
and a bar chart per unit with the standard as a line. Once per document: *Leanlinks samlade
ersättning*, the nämnd's uppdrag one by one and the other nämnders' in one row, and whether a
deficit in one is covered within the whole.
"""

from __future__ import annotations

from decimal import Decimal

from uppdrag_docs.follow_up.assessment import UppdragYear
from uppdrag_docs.follow_up.per_unit import Combined, CombinedRow, PerUnitYear, per_unit_year
from uppdrag_docs.format.words import STANDARD_NOTE
from uppdrag_docs.render import charts
from uppdrag_docs.render.context import target_text
from uppdrag_docs.render.model.base import Chart
from uppdrag_docs.render.model.standard import (
    CombinedPart,
    ComparisonRow,
    PerUnitPart,
    PerUnitRow,
)
from uppdrag_docs.render.model.standard import CombinedRow as CombinedShown
from uppdrag_docs.render.standard import kolada_row, kolada_source
from uppdrag_docs.render.wording import WITHIN_WHOLE
from uppdrag_docs.swedish import (
    deviation,
    genitive,
    kronor,
    listing,
    number_as_written,
    percent,
    unit_price,
)

NONE = "–"
COVERED = "täcks inom den samlade ersättningen"
DEFICIT = "underskott för egenregin"


def per_unit_part(item: UppdragYear) -> PerUnitPart | None:
    """The uppdrag's cost per unit in the year; None without standardkostnad."""
    figures = per_unit_year(item)
    if figures is None:
        return None
    unit = figures.comparison.kind.unit
    own = item.follow_up.loaded.shared.kommun
    provider = own.provider_administration if own else item.follow_up.uppdrag.provider.name
    criteria = [line.criterion for line in item.equal_terms]
    criteria = list({c.id: c for c in criteria}.values())
    rows: list[PerUnitRow] = [
        {
            "utforare": f"{provider} (egen regi), kostnad enligt öppna böcker",
            "per_enhet": unit_price(figures.cost) if figures.cost is not None else NONE,
            "avvikelse": _deviation(figures.deviation),
            "kvalitet": _quality([(c.id, _own_value(item, c.id)) for c in criteria]),
        }
    ]
    rows += [
        {
            "utforare": f"{p.name}, pris exkl. momskompensation",
            "per_enhet": unit_price(p.price.net),
            "avvikelse": _deviation(p.price.deviation),
            "kvalitet": _quality([(c.id, _provider_value(item, c.id, p.name)) for c in criteria]),
        }
        for p in figures.providers
    ]
    return {
        "rubrik": "Kostnad per enhet och jämförelser",
        "inledning": _introduction(figures, unit),
        "rader": rows,
        "kriterier": (
            "Likvärdiga kriterier (riktlinjen 2.3): "
            + "; ".join(f"{c.id} {c.name} ({target_text(c.target)})" for c in criteria)
            + "."
            if criteria
            else ""
        ),
        "jamforelser": _comparisons(figures),
        "kolada_kalla": kolada_source(list(figures.kolada), item.follow_up.loaded.shared.kolada),
        "diagram": _chart(figures, provider),
        "anmarkning": STANDARD_NOTE,
    }


def _quality(values: list[tuple[str, str]]) -> str:
    return ", ".join(f"{ident} {value}" for ident, value in values) or NONE


def _deviation(points: Decimal | None) -> str:
    return deviation(points) if points is not None else NONE


def _introduction(figures: PerUnitYear, unit: str) -> str:
    counted = f"{len(figures.periods)} av {figures.of} perioder"
    if figures.cost is None:
        reason = (
            f"de redovisade perioderna anger volymen 0 ({counted})"
            if figures.periods
            else f"ingen redovisad period anger volym ({counted})"
        )
        return f"Kostnaden per {unit} kan inte räknas för {figures.year}: {reason}."
    decided = unit_price(figures.decided) if figures.decided is not None else NONE
    return (
        f"Kostnaden enligt öppna böcker är {unit_price(figures.cost)} per {unit} {figures.year} "
        f"({counted}, volymen {number_as_written(figures.volume)} i enheten {unit}), "
        f"{_against_standard(figures)}. Den beslutade ersättningen för samma perioder är "
        f"{decided} per {unit}. Delarna utanför standarden och tilläggsuppdragen är inte med."
    )


def _against_standard(figures: PerUnitYear) -> str:
    """The comparison with s(Y), as in "mot standardkostnaden 507,99 kr (uppräknad från 2026):
    +2,7 %, inom toleransen 5 %"; when s(Y) is missing, that it is not compared."""
    if figures.standard is None or figures.cost is None:
        return f"men standardkostnaden för {figures.year} saknas, så den jämförs inte"
    where = "utanför" if figures.over_tolerance else "inom"
    raised = f" (uppräknad från {figures.raised_from})" if figures.raised_from else ""
    return (
        f"mot standardkostnaden {unit_price(figures.standard)}{raised}: "
        f"{deviation(figures.deviation or Decimal(0))}, {where} toleransen "
        f"{percent(figures.comparison.tolerance)}"
    )


def _own_value(item: UppdragYear, criterion: str) -> str:
    lines = [line for line in item.equal_terms if line.criterion.id == criterion]
    value = lines[-1].own if lines else None
    return number_as_written(value) if value is not None else NONE


def _provider_value(item: UppdragYear, criterion: str, name: str) -> str:
    for line in reversed(item.equal_terms):
        if line.criterion.id != criterion:
            continue
        for provider in line.providers:
            if provider.name == name and provider.value is not None:
                return number_as_written(provider.value)
    return NONE


def _comparisons(figures: PerUnitYear) -> list[ComparisonRow]:
    unit = figures.comparison.kind.unit
    raised = f", uppräknad från {figures.raised_from}" if figures.raised_from else ""
    rows: list[ComparisonRow] = [
        {
            "kalla": f"Kommunens standardkostnad (s){raised}",
            "ar": str(figures.year),
            "enhet": unit,
            "varde": unit_price(figures.standard) if figures.standard else "uppgift saknas",
            "uppraknat": "",
            "avvikelse": "",
        },
        {
            "kalla": "Beslutad ersättning per enhet, samma perioder",
            "ar": str(figures.year),
            "enhet": unit,
            "varde": unit_price(figures.decided) if figures.decided is not None else NONE,
            "uppraknat": "",
            "avvikelse": "",
        },
    ]
    return rows + [kolada_row(line) for line in figures.kolada if line.comparison.kind != "kommun"]


def _chart(figures: PerUnitYear, provider: str) -> Chart:
    unit = figures.comparison.kind.unit
    named: list[tuple[str, Decimal | None]] = [(f"{provider} (kostnad)", figures.cost)]
    named += [(p.name, p.price.net) for p in figures.providers]
    names = [n for n, _ in named]
    values = [float(v) if v is not None else None for _, v in named]
    labels = [unit_price(v) if v is not None else "uppgift saknas" for _, v in named]
    targets = [(float(figures.standard), "")] if figures.standard is not None else []
    said = "; ".join(f"{n} {label}" for n, label in zip(names, labels, strict=True))
    standard = unit_price(figures.standard) if figures.standard is not None else "saknas"
    title = f"Per {unit} {figures.year}, streckad linje: standardkostnad {standard}"
    alt = (
        f"Stapeldiagram över kostnad och pris per {unit} {figures.year}: egen regis kostnad "
        "enligt öppna böcker bredvid de upphandlade utförarnas pris utan momskompensation, med "
        f"standardkostnaden {standard} som streckad linje: {said}."
    )

    def draw() -> bytes:
        return charts.bar_chart(title, names, values, labels, targets)

    return Chart(alt, draw)


def combined_part(combined: Combined | None, board: str) -> CombinedPart | None:
    """Leanlinks samlade ersättning for the nämnd's document; None without ekonomi reports."""
    if combined is None:
        return None
    own = [row for row in combined.rows if row.board == board]
    others = [row for row in combined.rows if row.board != board]
    shown = [_row(row.title, [row], combined) for row in own]
    if others:
        shown.append(_row(f"Andra nämnders uppdrag ({len(others)})", others, combined))
    total = _row("Summa", list(combined.rows), combined, total=True)
    owner = genitive(combined.provider)
    short = [row.title for row in combined.rows if row.result < 0]
    if not combined.within:
        said = "egenregin går med underskott, vilket riktlinjen inte tillåter (3.1)."
    elif short:
        said = f"underskottet i {listing(short)} täcks inom den samlade ersättningen."
    else:
        said = "inget uppdrag gick med underskott."
    return {
        "rubrik": f"{owner} samlade ersättning {combined.year}",
        "rader": shown,
        "summa": total,
        "slutsats": f"{owner} samlade resultat {combined.year} är {kronor(combined.result)}: "
        + said,
        "anmarkning": WITHIN_WHOLE.replace("Leanlink", combined.provider),
    }


def _row(
    name: str, rows: list[CombinedRow], combined: Combined, *, total: bool = False
) -> CombinedShown:
    result = sum((r.result for r in rows), Decimal(0))
    forecasts = [r.forecast.result for r in rows if r.forecast is not None]
    whole = len(forecasts) == len(rows)
    forecast = kronor(sum(forecasts, Decimal(0)), suffix=False) if whole else NONE
    marking = ""
    if result < 0 and not total:
        marking = COVERED if combined.within else DEFICIT
    elif result < 0:
        marking = DEFICIT
    return {
        "uppdrag": name,
        "perioder": f"{sum(r.periods for r in rows)} av {sum(r.of for r in rows)}",
        "beslutad": kronor(sum((r.decided for r in rows), Decimal(0)), suffix=False),
        "intakter": kronor(sum((r.income for r in rows), Decimal(0)), suffix=False),
        "kostnader": kronor(sum((r.costs for r in rows), Decimal(0)), suffix=False),
        "resultat": kronor(result, suffix=False),
        "prognos": forecast,
        "markering": marking,
    }
