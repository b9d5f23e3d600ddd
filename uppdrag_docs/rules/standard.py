"""The checks of standardkostnad.md: UD320–UD327 on the uppdrag and the catalogue, UD444 on Kolada.

On an uppdrag with `ersättning.standardkostnad` or a volymförändring `enligt_standard`: a type the
catalogue lacks (with "menade du"), `per_plats` for a type without units per plats, a year
without a standard price, `volym` without a year, parts outside the standard as large as the
ersättning, an ersättning per enhet outside the tolerance (and then the motivering it needs), a
catalogue value decided after the uppdrag's meeting. On the catalogue: one value per year, the
cost shares (the generic UD251, UD252), too many digits (UD308) and a comparison in kr per
invånare without `slag: kommun` (UD327). `stale_comparisons` needs the `per` day, so the
follow-up's `check` calls it (UD444).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from decimal import Decimal, DecimalException

from uppdrag_docs import codes
from uppdrag_docs.calc.engine import period_years
from uppdrag_docs.calc.per_unit import (
    StandardComparison,
    compare,
    per_inhabitant,
    stale,
)
from uppdrag_docs.calc.standard import StandardPrice, standard_price
from uppdrag_docs.findings import Finding
from uppdrag_docs.format.compensation import VolumeChange
from uppdrag_docs.format.document import Document
from uppdrag_docs.format.repository import STANDARD_FILE, Shared
from uppdrag_docs.format.schema import Uppdrag
from uppdrag_docs.format.standard import StandardType
from uppdrag_docs.rules.money import calculated
from uppdrag_docs.swedish import deviation, kronor, listing, percent, unit_price

MAX_PRICE = Decimal(10) ** 9
"""No price per unit is larger: a figure of more digits cannot be raised exactly (UD308)."""


def check_standard(uppdrag: Uppdrag, doc: Document, shared: Shared) -> list[Finding]:
    try:
        return list(_check(uppdrag, doc, shared))
    except DecimalException:  # raised to so many digits that no price can be exact
        return [
            doc.finding(
                ("ersättning", "standardkostnad")
                if uppdrag.compensation is not None and uppdrag.compensation.standard is not None
                else ("ersättning",),
                codes.TOO_MANY_DIGITS,
                "standardkostnaden blir för stor för att räknas upp exakt; kontrollera beloppen "
                f"i {STANDARD_FILE} och indexen i uppräkningsmodellen",
                key=True,
            )
        ]


def _check(uppdrag: Uppdrag, doc: Document, shared: Shared) -> Iterator[Finding]:
    comp = uppdrag.compensation
    if comp is None:
        return
    for i, change in enumerate(comp.volume_changes):
        if change.standard is not None:
            yield from _volume_change(uppdrag, doc, shared, i, change)
    block = comp.standard
    if block is None:
        return
    loc = ("ersättning", "standardkostnad")
    kind = _known(doc, shared, block.type, (*loc, "typ"))
    if isinstance(kind, Finding):
        yield kind
        return
    years = period_years(uppdrag.period)
    if isinstance(block.volume, dict):
        lacking = [y for y in years if y not in block.volume]
        if lacking:
            yield doc.finding(
                (*loc, "volym"),
                codes.STANDARD_VOLUME_YEAR,
                f"volym saknar {_years(lacking)}; ersättningen per enhet kan inte räknas för "
                f"{'det året' if len(lacking) == 1 else 'de åren'}",
                key=True,
            )
    if shared.indexation is None:
        return
    prices = {y: standard_price(kind, y, shared.indexation) for y in years}
    missing = [y for y, price in prices.items() if price is None]
    if missing:
        yield doc.finding(
            (*loc, "typ"),
            codes.STANDARD_YEAR_MISSING,
            f"standardkostnaden för '{block.type}' saknas för {_years(missing)} och kan inte "
            "räknas upp: standardkostnader.yaml har inget tidigare värde, ingen "
            "kostnadsfördelning, eller uppräkningsmodellen saknar index",
        )
    yield from _decided_after(uppdrag, doc, prices.values(), (*loc, "typ"))
    calculation = calculated(uppdrag, shared)
    comparison = compare(uppdrag, calculation, shared) if calculation is not None else None
    if comparison is not None:
        yield from _per_unit(uppdrag, doc, comparison)


def _known(
    doc: Document, shared: Shared, key: str, loc: tuple[str | int, ...]
) -> StandardType | Finding:
    """The catalogue's type, or UD322 saying why there is none ("menade du …")."""
    if shared.standard is None:
        return doc.finding(
            loc,
            codes.STANDARD_TYPE_UNKNOWN,
            f"'{key}' finns inte: uppdrag/gemensamt/{STANDARD_FILE} saknas eller har fel",
        )
    kind = shared.standard.types.get(key)
    if kind is not None:
        return kind
    known = sorted(shared.standard.types)
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"; menade du '{close[0]}'?" if close else f"; typerna är {', '.join(known)}"
    if not known:
        hint = "; filen har inga typer"
    return doc.finding(
        loc, codes.STANDARD_TYPE_UNKNOWN, f"typen '{key}' finns inte i {STANDARD_FILE}{hint}"
    )


def _volume_change(
    uppdrag: Uppdrag, doc: Document, shared: Shared, i: int, change: VolumeChange
) -> Iterator[Finding]:
    loc = ("ersättning", "volymförändringar", i)
    kind = _known(doc, shared, change.standard or "", (*loc, "enligt_standard"))
    if isinstance(kind, Finding):
        yield kind
        return
    if change.per_place and kind.units_per_place is None:
        yield doc.finding(
            (*loc, "per_plats"),
            codes.STANDARD_TYPE_UNKNOWN,
            f"typen '{change.standard}' har inga enheter_per_plats i {STANDARD_FILE}, så "
            "antal kan inte räknas i platser",
        )
    if shared.indexation is None:
        return
    price = standard_price(kind, change.year, shared.indexation)
    if price is None:
        yield doc.finding(
            (*loc, "enligt_standard"),
            codes.STANDARD_TYPE_UNKNOWN,
            f"typen '{change.standard}' har ingen standardkostnad för {change.year} och den "
            "kan inte räknas upp, så volymförändringen saknar styckkostnad",
        )
    else:
        yield from _decided_after(uppdrag, doc, [price], (*loc, "enligt_standard"))


def _decided_after(
    uppdrag: Uppdrag,
    doc: Document,
    prices: Iterable[StandardPrice | None],
    loc: tuple[str | int, ...],
) -> Iterator[Finding]:
    """UD326: a catalogue value the uppdrag uses (through `prices`, its years' standard
    prices), decided after its meeting."""
    decision = uppdrag.decision
    if decision is None:
        return
    used = {price.value.year: price.value for price in prices if price is not None}
    for value in (v for _, v in sorted(used.items()) if v.fixed.date > decision.meeting):
        yield doc.finding(
            loc,
            codes.STANDARD_FIXED_AFTER,
            f"standardkostnaden {value.year} ({unit_price(value.amount)}) fastställdes "
            f"{value.fixed.date.isoformat()}, efter sammanträdet "
            f"{decision.meeting.isoformat()}; nämnden ska besluta på fastställda värden",
            severity=uppdrag.state_severity,
        )


def _per_unit(uppdrag: Uppdrag, doc: Document, comparison: StandardComparison) -> Iterator[Finding]:
    loc = ("ersättning", "standardkostnad")
    block, unit = comparison.block, comparison.kind.unit
    over = []
    for year in comparison.years:
        fixed_and_variable = year.fixed + year.variable
        if year.outside and year.outside_total >= fixed_and_variable:
            yield _too_large(doc, comparison, year.year, fixed_and_variable)
            continue
        if not year.over_tolerance or year.per_unit is None or year.standard is None:
            continue
        over.append(year.year)
        direction = "över" if year.per_unit > year.standard.amount else "under"
        where = (*loc, "volym", year.year) if isinstance(block.volume, dict) else (*loc, "volym")
        yield doc.finding(
            where,
            codes.STANDARD_OVER_TOLERANCE,
            f"ersättningen per {unit} {year.year} är {unit_price(year.per_unit)} "
            f"({deviation(year.deviation or Decimal(0))}), {direction} standardkostnaden "
            f"{unit_price(year.standard.amount)}{_raised(year.standard.raised_from)} med mer än "
            f"toleransen {percent(comparison.tolerance)}",
        )
    if over and block.motivation is None:
        yield doc.finding(
            loc,
            codes.STANDARD_MOTIVATION_MISSING,
            f"ersättningen per enhet {_years(over)} ligger utanför toleransen från "
            "standardkostnaden; 'motivering' ska säga varför",
            severity=uppdrag.state_severity,
            key=True,
        )


def _too_large(
    doc: Document, comparison: StandardComparison, year: int, fixed_and_variable: Decimal
) -> Finding:
    """UD325 at the item whose part of the year makes X(Y) reach the ersättning."""
    lines = comparison.year(year).outside
    running, at = Decimal(0), lines[-1].index
    for line in lines:
        running += line.amount
        if running >= fixed_and_variable:
            at = line.index
            break
    where: tuple[str | int, ...] = ("ersättning", "standardkostnad", "utanför_standard", at)
    where = (*where, "belopp")
    if isinstance(comparison.block.outside[at].amount, dict):
        where = (*where, year)
    return doc.finding(
        where,
        codes.OUTSIDE_STANDARD_TOO_LARGE,
        f"delarna utanför standarden {year} ({kronor(comparison.year(year).outside_total)}) är "
        "lika stora som eller större än den fasta och rörliga ersättningen "
        f"({kronor(fixed_and_variable)}); ersättningen i jämförelsen blir inte större än 0",
    )


def _raised(year: int | None) -> str:
    return "" if year is None else f" (uppräknad från {year})"


def _years(years: list[int]) -> str:
    return listing([str(y) for y in years])


def check_catalogue(shared: Shared) -> list[Finding]:
    """The catalogue's own rules: keys, one value per year, shares, digits, UD327."""
    doc = shared.documents.get(STANDARD_FILE)
    if doc is None or not isinstance(doc.data, dict) or shared.standard is None:
        return []
    return list(_catalogue(doc, shared))


def _catalogue(doc: Document, shared: Shared) -> Iterator[Finding]:
    assert shared.standard is not None
    known = None
    if shared.indexation is not None:
        known = {kind for year in shared.indexation.years.values() for kind in year}
    for key, kind in shared.standard.types.items():
        yield from _type(doc, key, kind, known)


def _type(doc: Document, key: str, kind: StandardType, known: set[str] | None) -> Iterator[Finding]:
    entries: list[tuple[str, list[tuple[int, Decimal]]]] = [
        ("värden", [(v.year, v.amount) for v in kind.values]),
        ("upphandlat", [(p.year, p.amount) for p in kind.procured]),
    ]
    for field, years in entries:
        seen: set[int] = set()
        for i, (year, amount) in enumerate(years):
            if year in seen:
                yield doc.finding(
                    (key, field, i, "år"),
                    codes.WRONG_VALUE,
                    f"{year} finns redan i '{key}.{field}'; ett värde per år",
                )
            seen.add(year)
            if amount > MAX_PRICE:
                yield doc.finding(
                    (key, field, i, "belopp"),
                    codes.TOO_MANY_DIGITS,
                    "beloppet har så många siffror att det inte kan räknas upp exakt",
                )
    if kind.cost_shares is not None:
        total = sum(kind.cost_shares.values(), Decimal(0))
        if total != 1:
            yield doc.finding(
                (key, "kostnadsfördelning"),
                codes.SHARES_NOT_ONE,
                f"kostnadsfördelningens andelar blir {total}, inte 1",
                key=True,
            )
        for cost_type in kind.cost_shares:
            if known is not None and cost_type not in known:
                yield doc.finding(
                    (key, "kostnadsfördelning", cost_type),
                    codes.UNKNOWN_COST_TYPE,
                    f"kostnadsslaget '{cost_type}' finns inte i uppräkningsmodellen "
                    f"({', '.join(sorted(known))})",
                    key=True,
                )
    for i, comparison in enumerate(kind.comparisons):
        if per_inhabitant(comparison) and comparison.kind != "kommun":
            yield doc.finding(
                (key, "jämförelser", i, "enhet"),
                codes.PER_INHABITANT,
                f"{comparison.kpi} är i {comparison.unit}: kostnadsutjämningens "
                "standardkostnad per invånare är inte kommunens standardkostnad per enhet; "
                "ange 'slag: kommun' så visas den som en upplysning för hela kommunen",
            )


def stale_comparisons(shared: Shared, per: dt.date) -> list[Finding]:
    """UD444 on each comparison without a value for year(per) − 2 or later for a kommun."""
    doc = shared.documents.get(STANDARD_FILE)
    if doc is None or shared.standard is None:
        return []
    newest = per.year - 2
    out: list[Finding] = []
    for key, kind in shared.standard.types.items():
        by_comparison: dict[int, list[str]] = {}
        for i, kommun in stale(kind, shared.kolada, newest):
            by_comparison.setdefault(i, []).append(kommun)
        for i, kommuner in by_comparison.items():
            comparison = kind.comparisons[i]
            why = (
                "kolada.csv saknas"
                if shared.kolada is None
                else f"kolada.csv har inget värde för {newest} eller senare"
            )
            out.append(
                doc.finding(
                    (key, "jämförelser", i, "kpi"),
                    codes.KOLADA_STALE,
                    f"{comparison.kpi} för {listing([_name(shared, k) for k in kommuner])}: "
                    f"{why}; hämta siffrorna från "
                    "Kolada på nytt (dokumenten visar det senaste värdet med sitt år, eller "
                    "'uppgift saknas')",
                )
            )
    return out


def _name(shared: Shared, kommun: str) -> str:
    """A kommun by the name kolada.csv gives it, else by its id."""
    return (shared.kolada.name(kommun) if shared.kolada else None) or kommun
