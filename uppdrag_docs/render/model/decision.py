"""What the decision document and the reporting form see (filled by `render/context.py`)."""

from __future__ import annotations

from typing import Annotated, NotRequired, TypedDict

from uppdrag_docs.render.model.base import Letterhead, MarkdownKey, MarkdownText
from uppdrag_docs.render.model.standard import StandardPart


class DecisionValues(Letterhead):
    kontakt: str
    """Kontaktperson hos beställaren (beställare.kontakt); tom när uppdraget inte anger någon."""
    datum: str
    """Dokumentets datum, ÅÅÅÅ-MM-DD: det senaste beslutet för ett fastställt uppdrag, annars
    ärende.datum eller dagen uppdragsfilen senast checkades in."""
    datum_text: str
    """Dokumentets datum i ord."""
    id: str
    """Uppdragets id, filens namn utan .yaml."""
    titel: str
    """Uppdragets titel."""
    verksamhetsomrade: str
    """Verksamhetsområdet."""
    status: str
    """utkast, förslag, fastställt eller upphävt."""
    markering: str
    """Statusen som stämpel: UTKAST, FÖRSLAG eller UPPHÄVT; tom när uppdraget är fastställt."""
    beslut: str
    """Nämndens beslut i en mening: organ, datum och paragraf, eller förslag till beslut."""
    utforare: str
    """Utföraren och dess enhet."""
    period: str
    """Uppdragets period i ord."""
    konkurrensutsattningsplan: str
    """Diarienumret för nämndens konkurrensutsättningsplan (riktlinjen 2.1)."""
    nulage: CurrentState
    """Nulägesanalysen (riktlinjen 2.1)."""
    skal_inledning: str
    """Riktlinjens inledning till skälen för verksamhetsuppdrag."""
    skal: list[str]
    """Skälen för verksamhetsuppdrag med riktlinjens ord, ett per stycke."""
    mal: list[Goal]
    """Uppdragets mål."""
    kriterier: list[Criterion]
    """Kvalitetskriterierna, också de från gemensamt/kvalitetskriterier.yaml."""
    rapporter: list[Report]
    """Rapporteringen: varje rapport som utföraren lämnar (riktlinjen 3.2.1)."""
    kalender: list[DueDate]
    """Alla inlämningsdagar i datumordning."""
    ersattning: Compensation
    """Ersättningen, som uppdrag calc räknar den."""
    tillaggsuppdrag: list[AdditionalAssignment]
    """Tilläggsuppdragen."""
    giltighet: Validity
    """Uppdragets giltighet och omprövning."""
    bilagor: list[Attachment]
    """Uppdragets bilagor."""
    verktyg: str
    """Verktyget och dess version, för dokumentets egenskaper."""


class DecisionMarkdown(TypedDict):
    sammanfattning: MarkdownText
    """Uppdragets sammanfattning (uppdrag.sammanfattning)."""
    omfattning: MarkdownText
    """Vad uppdraget omfattar (uppdrag.omfattning)."""
    marknadslage: MarkdownText
    """Marknadsläget i nulägesanalysen (nulägesanalys.marknadsläge)."""
    geografisk_fordelning: NotRequired[MarkdownText]
    """Den geografiska fördelningen (nulägesanalys.geografisk_fördelning), när den finns."""
    motivering: NotRequired[MarkdownText]
    """Motiveringen till skälen (motivering), när den finns."""
    krisberedskap: MarkdownText
    """Krisberedskap och extraordinära händelser: uppdragets egen text, annars lagens krav."""
    standard_innehall: NotRequired[MarkdownText]
    """Vad standardkostnaden omfattar (innehåll i standardkostnader.yaml), när uppdraget
    jämförs med en."""
    standard_motivering: NotRequired[MarkdownText]
    """Varför ersättningen per enhet avviker från standardkostnaden
    (ersättning.standardkostnad.motivering), när ett år ligger utanför toleransen."""


class CurrentState(TypedDict):
    datum: str
    """Nulägesanalysens datum i ord."""
    antal_brukare: str
    """Antalet brukare i verksamhetsområdet."""
    utforare: list[MarketProvider]
    """Utförarna i området, en rad var."""
    antal_utforare: int
    """Antalet utförare."""


class MarketProvider(TypedDict):
    namn: str
    """Utförarens namn."""
    brukare: str
    """Utförarens antal brukare."""
    andel: str
    """Utförarens andel av brukarna."""


class Goal(TypedDict):
    text: str
    """Målet."""
    namndmal: str
    """Nämndens eller kommunfullmäktiges mål som målet bidrar till; tom när det inte anges."""


class Criterion(TypedDict):
    id: str
    """Kriteriets id."""
    namn: str
    """Kriteriets namn."""
    beskrivning: str
    """Vad som mäts."""
    kalla: str
    """Var måttet kommer från; tom när det inte anges."""
    malvarde: str
    """Målvärdet i ord."""
    rapporter: str
    """Rapporterna som kriteriet följs upp i, med komma emellan."""
    likvardig: str
    """Ja när samma kriterium gäller upphandlad verksamhet (riktlinjen 2.3), annars Nej."""
    gemensam: bool
    """Sant när kriteriet kommer från gemensamt/kvalitetskriterier.yaml."""


class Report(TypedDict):
    id: str
    """Rapportens id."""
    typ: str
    """Kvalitet, Ekonomi (öppna böcker) eller Verksamhet."""
    vad: str
    """Vad rapporten innehåller."""
    frekvens: str
    """Hur ofta rapporten lämnas."""
    mottagare: str
    """Vem som tar emot rapporten."""
    form: str
    """I vilken form rapporten lämnas."""
    dagar: int
    """Antal dagar efter periodens slut som rapporten ska vara inlämnad."""
    perioder: list[ReportPeriod]
    """Rapportens perioder under uppdragets tid."""
    kriterier: list[ReportCriterion]
    """Kriterierna som följs upp i rapporten."""
    ar_kvalitet: bool
    """Sant för en kvalitetsrapport."""
    ar_ekonomi: bool
    """Sant för en ekonomisk rapport."""


class ReportPeriod(TypedDict):
    namn: str
    """Periodens namn."""
    fran: str
    """Periodens första dag, ÅÅÅÅ-MM-DD."""
    till: str
    """Periodens sista dag, ÅÅÅÅ-MM-DD."""
    senast: str
    """Sista inlämningsdag, ÅÅÅÅ-MM-DD."""


class ReportCriterion(TypedDict):
    id: str
    """Kriteriets id."""
    namn: str
    """Kriteriets namn."""
    malvarde: str
    """Målvärdet i ord."""


class DueDate(TypedDict):
    datum: str
    """Inlämningsdagen, ÅÅÅÅ-MM-DD."""
    rapport: str
    """Rapportens id."""
    vad: str
    """Vad rapporten innehåller."""
    period: str
    """Perioden som rapporten gäller."""
    mottagare: str
    """Vem som tar emot rapporten."""


class Compensation(TypedDict):
    satt: bool
    """Sant när uppdraget har en ersättning; annars är listorna tomma och beloppen tomma."""
    ej_satt: str
    """Meningen att ersättningen ännu inte är fastställd; tom när den är det."""
    modell: str
    """fast, rörlig eller kombination; tom utan ersättning."""
    beskrivning: str
    """Ersättningsmodellen beskriven med riktlinjens ord."""
    enhet: str
    """kr eller tkr, som belopp_i i kommun.yaml."""
    enhet_text: str
    """Enheten som den skrivs i tabellernas rubriker."""
    ar: list[CompensationYear]
    """Ersättningen år för år."""
    total: str
    """Ersättningen för hela perioden, utan enhet."""
    total_text: str
    """Ersättningen för hela perioden i ord, med enhet."""
    oh_andel: str
    """Andelen OH-kostnader av den fasta ersättningen."""
    effektivisering: str
    """Effektiviseringskravet, per år eller för varje år."""
    rorliga: list[VariablePrice]
    """Den rörliga ersättningens priser."""
    avstamning: str
    """Om beräkningen är avstämd och godkänd av ekonomidirektören (riktlinjen 3.1.2)."""
    sjalvkostnad: str
    """Självkostnadsprincipen med riktlinjens ord (riktlinjen 3.1 och 3.1.1)."""
    standard: StandardPart | None
    """Jämförelsen med standardkostnaden och jämförelserna; None utan
    ersättning.standardkostnad."""
    tkr_not: str
    """Hur beloppen är avrundade."""


class CompensationYear(TypedDict):
    ar: int
    """Året."""
    manader: int
    """Antalet månader av året som uppdraget gäller."""
    rader: list[CalculationRow]
    """Årets beräkning rad för rad, som i uppdrag calc."""
    total: str
    """Årets ersättning, utan enhet."""
    fast: str
    """Årets fasta ersättning för perioden, utan enhet."""
    rorlig: str
    """Årets rörliga ersättning, utan enhet."""
    tillagg: str
    """Årets ersättning för tilläggsuppdrag, utan enhet."""
    oh: str
    """Årets OH-kostnader, utan enhet."""
    forvantad: str | None
    """Utförarens förväntade kostnad för året, utan enhet; inget (None) när den saknas."""


CalculationRow = TypedDict(
    "CalculationRow",
    {
        "etikett": Annotated[str, "Radens text."],
        "belopp": Annotated[str, "Radens belopp, utan enhet."],
        "typ": Annotated[
            str, "Radens slag: line, part (en delrad), sum, total eller info (en upplysning)."
        ],
        "summa": Annotated[bool, "Sant för en summa och för årets total."],
        "del": Annotated[bool, "Sant för en delrad, som visas indragen."],
    },
)
"""One row of a year's calculation; `del` is a Python keyword, so the meanings are annotations."""


class VariablePrice(TypedDict):
    beskrivning: str
    """Vad som ersätts."""
    enhet: str
    """Enheten som priset gäller."""
    pris: str
    """Priset per enhet, med enhet."""


class AdditionalAssignment(TypedDict):
    id: str
    """Tilläggsuppdragets id."""
    titel: str
    """Tilläggsuppdragets titel."""
    beslut: str
    """Beslutet om tilläggsuppdraget, eller förslag till beslut när det inte är taget."""
    period: str
    """Tilläggsuppdragets period i ord."""
    ersattning: str
    """Tilläggsuppdragets ersättning, med enhet."""
    md: MarkdownKey
    """Namnet på tilläggsuppdragets beskrivning under md: mallen visar den med
    {{p md[t.md] }}."""


class Validity(TypedDict):
    period: str
    """Uppdragets period i ord."""
    mandatperiod_slut: str
    """Sista dagen i den mandatperiod som uppdraget börjar i."""
    passerar_mandatperiod: bool
    """Sant när uppdraget sträcker sig förbi mandatperiodens slut."""
    omprovning: str
    """Riktlinjens krav på aktualitetsprövning och omprövning (riktlinjen avsnitt 4)."""


class Attachment(TypedDict):
    nr: int
    """Bilagans nummer."""
    titel: str
    """Bilagans rubrik."""
    fil: str
    """Bilagans fil, relativt uppdragsfilen."""
