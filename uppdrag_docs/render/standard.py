"""The standardkostnad in the decision documents: what the templates see of it, formatted.

For the beslutsdokument, in "Ersättning": *Jämförelse med standardkostnad*, one row per year
(J, volym, e, s with "uppräknad från", d), the parts outside the standard, the motivering when
a year is over the tolerance, the type's namn and innehåll, who fixed the standard and the
catalogue's källa, and the sentence that this is not SCB's standardkostnad; then *Jämförelser*
for the period's first year, one row per source (Leanlink's e, the standard, the upphandlade
utförarnas pris with and without momskompensation, each Kolada line, Leanlink per brukare),
Kolada's kommun-level lines as sentences. For the tjänsteskrivelse: one sentence per year.
Figures per unit with öre ("534,39 kr"), amounts as the other tables (kr or tkr).
"""

from __future__ import annotations

from decimal import Decimal

from uppdrag_docs.calc.engine import Calculation
from uppdrag_docs.calc.per_unit import (
    KoladaLine,
    StandardComparison,
    kolada_lines,
    procured_price,
)
from uppdrag_docs.calc.standard import StandardPrice
from uppdrag_docs.format.kolada import Kolada
from uppdrag_docs.format.words import STANDARD_NOTE
from uppdrag_docs.render.model.standard import ComparisonRow, StandardPart, StandardYear
from uppdrag_docs.swedish import (
    Unit,
    date_iso,
    date_text,
    deviation,
    kronor,
    listing,
    number,
    number_as_written,
    percent,
    unit_price,
)
from uppdrag_docs.trust.calculated import standard_comparison
from uppdrag_docs.trust.checks import LoadedUppdrag

MOTIVATION_KEY = "standard_motivering"
CONTENTS_KEY = "standard_innehall"
"""The Markdown fields (under `md`) of the standardkostnad: the motivering and the innehåll."""


def _unit(unit: str) -> Unit:
    return "tkr" if unit == "tkr" else "kr"


def _deviation_text(points: Decimal | None, over: bool) -> str:
    """ "+2,9 %", or "+5,4 %, utanför toleransen" in words, never by a colour alone."""
    if points is None:
        return "–"
    return deviation(points) + (", utanför toleransen" if over else "")


def _standard_text(price: StandardPrice | None) -> str:
    if price is None:
        return "saknas"
    raised = f" (uppräknad från {price.raised_from})" if price.raised_from else ""
    return unit_price(price.amount) + raised


def decision_part(
    loaded: LoadedUppdrag, calculation: Calculation, markdown: dict[str, str]
) -> StandardPart | None:
    """The decision document's two tables; None for an uppdrag without standardkostnad. The
    Markdown fields it needs are added to `markdown`."""
    comparison = standard_comparison(loaded, calculation)
    if comparison is None:
        return None
    kind, unit = comparison.kind, calculation.unit
    years: list[StandardYear] = []
    outside: list[str] = []
    for year in comparison.years:
        _, parts, comparable = year.shown(unit)
        months = "" if year.months == 12 else f" ({year.months} mån.)"
        years.append(
            {
                "ar": f"{year.year}{months}",
                "jamforbar": kronor(comparable, unit=_unit(unit), suffix=False),
                "volym": number_as_written(year.volume) if year.volume else "–",
                "per_enhet": unit_price(year.per_unit) if year.per_unit else "–",
                "standard": _standard_text(year.standard),
                "avvikelse": _deviation_text(year.deviation, year.over_tolerance),
                "utanfor_tolerans": year.over_tolerance,
            }
        )
        outside += [
            f"varav utanför standarden: {line.description} "
            f"{kronor(amount, unit=_unit(unit))} ({year.year})"
            for line, amount in zip(year.outside, parts, strict=True)
        ]
    if any(y.over_tolerance for y in comparison.years) and comparison.block.motivation:
        markdown[MOTIVATION_KEY] = comparison.block.motivation
    markdown[CONTENTS_KEY] = kind.contents
    first = comparison.years[0].year if comparison.years else 0
    shared = loaded.shared
    assert shared.indexation is not None
    lines = kolada_lines(
        kind, shared.kolada, first, shared.indexation, comparison.year(first).standard
    )
    provider = shared.kommun.provider_administration if shared.kommun else "Egen regi"
    return {
        "rubrik": "Jämförelse med standardkostnad",
        "inledning": (
            f"Ersättningen per {kind.unit} jämförs med kommunens standardkostnad för "
            f"verksamhetstypen. Toleransen är {percent(comparison.tolerance)} åt båda hållen."
        ),
        "enhet": kind.unit,
        "enhet_text": _unit(unit),
        "ar": years,
        "utanfor": outside,
        "typ": f"Verksamhetstypen är {kind.name}, räknad per {kind.unit}. Standardkostnaden "
        "omfattar:",
        "kalla": _source(comparison),
        "anmarkning": STANDARD_NOTE,
        "jamforelser_ar": first,
        "jamforelser": _comparisons(comparison, first, provider, lines),
        "kommunrader": [_kommun_line(line, kind.unit) for line in lines if _context(line)],
        "kolada_kalla": kolada_source(lines, shared.kolada),
    }


def _source(comparison: StandardComparison) -> str:
    used = {y.standard.value.year: y.standard.value for y in comparison.years if y.standard}
    fixed = [
        f"Standardkostnaden {value.year}, {unit_price(value.amount)} per "
        f"{comparison.kind.unit}, är fastställd av {value.fixed.by.lower()} "
        f"{date_text(value.fixed.date)}."
        for _, value in sorted(used.items())
    ]
    source = f" Källa: {comparison.source}." if comparison.source else ""
    return " ".join(fixed) + source


def _context(line: KoladaLine) -> bool:
    return line.comparison.kind == "kommun"


def _kolada_value(line: KoladaLine) -> str:
    value = line.value
    if value is None or value.value is None:
        return "uppgift saknas"
    return unit_price(value.value)


def kolada_row(line: KoladaLine) -> ComparisonRow:
    """A Kolada line in a table per unit: its own year and unit, raised and compared only when
    it can be (egen bearbetning)."""
    where = line.name or line.kommun
    return {
        "kalla": f"{line.comparison.title}, {where} (Kolada {line.comparison.kpi})",
        "ar": str(line.value.year) if line.value else "–",
        "enhet": line.comparison.unit,
        "varde": _kolada_value(line),
        "uppraknat": unit_price(line.raised)
        if line.raised is not None and line.value and line.raised != line.value.value
        else "",
        "avvikelse": deviation(line.deviation) if line.deviation is not None else "",
    }


def _kommun_line(line: KoladaLine, unit: str) -> str:
    where, value = line.name or line.kommun, line.value
    if value is None or value.value is None:
        shown = "uppgift saknas"
    else:
        words = line.comparison.unit
        per = words if "kr" in words.split() else f"kr per {words}"
        shown = f"{number_as_written(value.value)} {per}"
    year = f" {value.year}" if value else ""
    return (
        f"{line.comparison.title}, {where}{year}: {shown} (Kolada {line.comparison.kpi}). Det är "
        f"ett mått för hela kommunen, inte en kostnad per {unit}, och jämförs därför inte med "
        "standardkostnaden."
    )


def kolada_source(lines: list[KoladaLine], kolada: Kolada | None) -> str:
    """Kolada's name and the day of the fetch, and what the tool computed from its figures."""
    if not lines:
        return ""
    if kolada is None:
        return "Uppgift saknas: kommunen har ingen kolada.csv med Koladas siffror."
    fetched = sorted({line.value.fetched for line in lines if line.value})
    text = (
        f"Källa: Kolada (hämtad {listing([date_iso(day) for day in fetched])})." if fetched else ""
    )
    if any(line.raised is not None or line.deviation is not None for line in lines):
        text += " Uppräknade värden och avvikelser är egen bearbetning av data från Kolada."
    return text.strip()


def _comparisons(
    comparison: StandardComparison, year: int, provider: str, lines: list[KoladaLine]
) -> list[ComparisonRow]:
    kind = comparison.kind
    figures = comparison.year(year)
    standard = figures.standard
    raised = f", uppräknad från {standard.raised_from}" if standard and standard.raised_from else ""
    rows: list[ComparisonRow] = [
        {
            "kalla": f"{provider}, ersättning per {kind.unit} (e)",
            "ar": str(year),
            "enhet": kind.unit,
            "varde": unit_price(figures.per_unit) if figures.per_unit else "uppgift saknas",
            "uppraknat": "",
            "avvikelse": deviation(figures.deviation) if figures.deviation is not None else "",
        },
        {
            "kalla": f"Kommunens standardkostnad (s){raised}",
            "ar": str(year),
            "enhet": kind.unit,
            "varde": unit_price(standard.amount) if standard else "uppgift saknas",
            "uppraknat": "",
            "avvikelse": "",
        },
    ]
    procured = procured_price(kind, year, standard, comparison.tolerance)
    if procured is not None:
        form = f" ({procured.form})" if procured.form else ""
        rows.append(
            {
                "kalla": f"Upphandlade utförare{form}",
                "ar": str(year),
                "enhet": kind.unit,
                "varde": unit_price(procured.price),
                "uppraknat": "",
                "avvikelse": "",
            }
        )
        rows.append(
            {
                "kalla": "Upphandlade utförare, exkl. momskompensation "
                f"{percent(procured.vat_compensation)}",
                "ar": str(year),
                "enhet": kind.unit,
                "varde": unit_price(procured.net),
                "uppraknat": "",
                "avvikelse": deviation(procured.deviation)
                if procured.deviation is not None
                else "",
            }
        )
    rows += [kolada_row(line) for line in lines if not _context(line)]
    if figures.per_client is not None:
        rows.append(
            {
                "kalla": f"{provider}, ersättning i jämförelsen per brukare",
                "ar": str(year),
                "enhet": "brukare och år",
                "varde": kronor(figures.per_client),
                "uppraknat": "",
                "avvikelse": "",
            }
        )
    return rows


def case_sentences(loaded: LoadedUppdrag, calculation: Calculation) -> list[str]:
    """The tjänsteskrivelse's Ekonomiska konsekvenser, per year: "Ersättningen motsvarar 534,39 kr
    per utförd timme 2027, 5,2 procent över standardkostnaden 507,99 kr."."""
    comparison = standard_comparison(loaded, calculation)
    if comparison is None:
        return []
    out = []
    for year in comparison.years:
        if year.per_unit is None or year.standard is None or year.deviation is None:
            continue
        points = year.deviation
        where = (
            "i nivå med"
            if points == 0
            else f"{number(abs(points), decimals=1)} procent {'över' if points > 0 else 'under'}"
        )
        out.append(
            f"Ersättningen motsvarar {unit_price(year.per_unit)} per {comparison.kind.unit} "
            f"{year.year}, {where} standardkostnaden {unit_price(year.standard.amount)}."
        )
    return out


def over_tolerance_motivation(loaded: LoadedUppdrag, calculation: Calculation) -> str | None:
    """The block's motivering when a year is over the tolerance, for the tjänsteskrivelse."""
    comparison = standard_comparison(loaded, calculation)
    if comparison is None or not any(y.over_tolerance for y in comparison.years):
        return None
    return comparison.block.motivation
