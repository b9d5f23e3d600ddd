"""What the templates see of the standardkostnad (filled by `render/standard.py`).

The decision document's "Jämförelse med standardkostnad" and "Jämförelser", the sentences of
the tjänsteskrivelse's Ekonomiska konsekvenser, and the samlad redovisning's "Kostnad per
enhet och jämförelser" and "Leanlinks samlade ersättning". Only an uppdrag with
`ersättning.standardkostnad` has them; without it the fields are None or empty, and the
documents print as before.
"""

from __future__ import annotations

from typing import TypedDict

from uppdrag_docs.render.model.base import Chart


class StandardPart(TypedDict):
    rubrik: str
    """Rubriken: Jämförelse med standardkostnad."""
    inledning: str
    """Vad tabellen jämför, i en mening: verksamhetstypen och dess enhet."""
    enhet: str
    """Volymens enhet i ord, t.ex. utförd timme."""
    enhet_text: str
    """kr eller tkr, som beloppen i tabellen."""
    ar: list[StandardYear]
    """Jämförelsen år för år."""
    utanfor: list[str]
    """Delarna utanför standarden, en mening per del och år."""
    typ: str
    """Verksamhetstypens namn och enhet, som inledning till vad standardkostnaden omfattar."""
    kalla: str
    """Vem som fastställde standardkostnaden och när, och katalogens källa."""
    anmarkning: str
    """Att standardkostnaden här inte är den kommunalekonomiska utjämningens."""
    jamforelser_ar: int
    """Året som jämförelserna gäller: periodens första år."""
    jamforelser: list[ComparisonRow]
    """En rad per källa: ersättningen, standarden, upphandlade utförare, Kolada, per brukare."""
    kommunrader: list[str]
    """Upplysningar för hela kommunen (slag: kommun), en mening var; aldrig i tabellen."""
    kolada_kalla: str
    """Källan för Koladas siffror och vad som är egen bearbetning; tom utan Koladarader."""


class StandardYear(TypedDict):
    ar: str
    """Året, med antalet månader när uppdraget inte gäller hela året."""
    jamforbar: str
    """Ersättningen i jämförelsen (J): fast och rörlig ersättning utan delarna utanför
    standarden, utan enhet."""
    volym: str
    """Volymen som ersättningen betalar för; – när den saknas."""
    per_enhet: str
    """Ersättningen per enhet (e), med enhet."""
    standard: str
    """Standardkostnaden per enhet (s), med enhet och ”uppräknad från” när den är uppräknad."""
    avvikelse: str
    """Avvikelsen från standardkostnaden (d), med tecken: +5,2 %."""
    utanfor_tolerans: bool
    """Sant när avvikelsen är större än toleransen."""


class ComparisonRow(TypedDict):
    kalla: str
    """Vad raden visar och varifrån, t.ex. Leanlink, ersättning per enhet eller en Koladarad."""
    ar: str
    """Året värdet gäller."""
    enhet: str
    """Värdets enhet i ord."""
    varde: str
    """Värdet, med enhet; uppgift saknas när det inte finns."""
    uppraknat: str
    """Värdet uppräknat till jämförelseåret (egen bearbetning); tom när det inte räknas upp."""
    avvikelse: str
    """Avvikelsen från standardkostnaden, bara för samma enhet; tom annars."""


class PerUnitPart(TypedDict):
    rubrik: str
    """Rubriken: Kostnad per enhet och jämförelser."""
    inledning: str
    """Kostnaden per enhet mot standardkostnaden i ord, med antalet redovisade perioder."""
    rader: list[PerUnitRow]
    """Egen regi och varje upphandlad utförare: kostnad och kvalitet på samma rad."""
    kriterier: str
    """De likvärdiga kriterierna som raderna visar, med id och namn; tom utan
    likvärdighetsuppgifter."""
    jamforelser: list[ComparisonRow]
    """Standardkostnaden och Koladas rader för året."""
    kolada_kalla: str
    """Källan för Koladas siffror och vad som är egen bearbetning; tom utan Koladarader."""
    diagram: Chart
    """Stapeldiagram per enhet med standardkostnaden som en linje, med alternativtext."""
    anmarkning: str
    """Att standardkostnaden här inte är den kommunalekonomiska utjämningens."""


class PerUnitRow(TypedDict):
    utforare: str
    """Egen regi eller den upphandlade utföraren."""
    per_enhet: str
    """Kostnad per enhet (egen regi) eller pris exklusive momskompensation, med enhet."""
    avvikelse: str
    """Avvikelsen från standardkostnaden, med tecken."""
    kvalitet: str
    """Utförarens värde för varje likvärdigt kriterium, t.ex. KK1 14, KK2 88; – utan värden."""


class CombinedPart(TypedDict):
    rubrik: str
    """Rubriken: utförarförvaltningens samlade ersättning, t.ex. Leanlinks samlade ersättning."""
    rader: list[CombinedRow]
    """Nämndens uppdrag ett och ett, och andra nämnders uppdrag på en rad."""
    summa: CombinedRow
    """Summaraden: raderna summerade som de står."""
    slutsats: str
    """Om ett underskott i ett uppdrag täcks inom den samlade ersättningen, i en mening."""
    anmarkning: str
    """Tjänsteskrivelsens mening om över- och underskott inom den samlade ersättningen."""


class CombinedRow(TypedDict):
    uppdrag: str
    """Uppdragets titel, Andra nämnders uppdrag, eller Summa."""
    perioder: str
    """Redovisade perioder av årets, t.ex. 5 av 12."""
    beslutad: str
    """Beslutad ersättning för de redovisade perioderna, kr, utan enhet."""
    intakter: str
    """Intäkter, kr, utan enhet."""
    kostnader: str
    """Kostnader, kr, utan enhet."""
    resultat: str
    """Resultat, kr, utan enhet."""
    prognos: str
    """Resultatet i årets senaste prognos för helåret; – utan prognos."""
    markering: str
    """täcks inom den samlade ersättningen, underskott för egenregin, eller tom."""
