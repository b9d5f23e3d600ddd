"""What the tjänsteskrivelse sees (filled by `render/arende.py`)."""

from __future__ import annotations

from typing import NotRequired, TypedDict

from uppdrag_docs.render.model.base import Letterhead, MarkdownText


class CaseValues(Letterhead):
    datum: str
    """Tjänsteskrivelsens datum, ÅÅÅÅ-MM-DD: ärende.datum, annars beslutsdokumentets."""
    datum_text: str
    """Tjänsteskrivelsens datum i ord."""
    titel: str
    """Ärendets titel: Verksamhetsuppdrag …, fastställande (eller upphävande)."""
    uppdrag_titel: str
    """Uppdragets titel."""
    status: str
    """utkast, förslag, fastställt eller upphävt."""
    markering: str
    """UTKAST eller UPPHÄVT; tom annars, eftersom tjänsteskrivelsen själv är förslaget."""
    forslag_rubrik: str
    """Rubriken Förslag till nämndens beslut, med nämndens namn."""
    forslag: list[Proposal]
    """Förslagen till beslut (ärende.förslag_till_beslut, annars fastställandet och varje års
    ersättning)."""
    beslutsunderlag: list[str]
    """Beslutsunderlaget: tjänsteskrivelsen, uppdraget, bilagorna och ärendets egna
    underlag."""
    bakgrund: Background
    """Bakgrunden."""
    ekonomi: Economics
    """Den beräknade delen av Ekonomiska konsekvenser."""
    mal: BoardGoals
    """Kommunala mål: nämndmålen som uppdragets mål anger."""
    samrad: list[Consultation]
    """Samråden (ärende.samråd)."""
    samrad_text: str
    """Vilka samråd har skett med, i en mening; tom utan samråd."""
    mbl: str
    """Information eller förhandling enligt MBL i en mening; tom när ärendet inte anger den."""
    underskrifter: list[Signature]
    """Underskrifterna (ärende.underskrifter)."""
    skickas_till: list[str]
    """Vilka beslutet skickas till (ärende.skickas_till, annars utföraren och
    förvaltningen)."""
    verktyg: str
    """Verktyget och dess version, för dokumentets egenskaper."""


class CaseMarkdown(TypedDict):
    arende: MarkdownText
    """Ärendet (ärende.ärendebeskrivning, annars uppdragets sammanfattning)."""
    motivering: NotRequired[MarkdownText]
    """Motiveringen till skälen (motivering), när den finns."""
    standard_motivering: NotRequired[MarkdownText]
    """Varför ersättningen per enhet avviker från standardkostnaden, när ett år ligger utanför
    toleransen (ersättning.standardkostnad.motivering)."""
    ekonomi: NotRequired[MarkdownText]
    """Ärendets egen text om ekonomiska konsekvenser (ärende.ekonomiska_konsekvenser), när den
    finns."""
    jamstalldhet: NotRequired[MarkdownText]
    """Jämställdhet (ärende.jämställdhet), när den finns."""
    barnkonsekvens: NotRequired[MarkdownText]
    """Barnkonsekvens (ärende.barnkonsekvens), när den finns."""


class Proposal(TypedDict):
    nr: str
    """Punktens nummer med punkt."""
    text: str
    """Förslaget."""


class Background(TypedDict):
    plan: str
    """Konkurrensutsättningsplanen och uppdragets period, i ord."""
    nulage: str
    """Nulägesanalysen i en mening, med utförarnas andelar."""
    skal_inledning: str
    """Riktlinjens inledning till skälen för verksamhetsuppdrag."""
    skal: list[str]
    """Skälen för verksamhetsuppdrag med riktlinjens ord, ett per stycke."""


class Economics(TypedDict):
    satt: bool
    """Sant när ersättningen är fastställd; annars finns bara ej_satt och enhet_text."""
    ej_satt: str
    """Meningen att ersättningen ännu inte är fastställd; tom när den är det."""
    enhet_text: str
    """Enheten som den skrivs i tabellens rubrik, kr eller tkr."""
    total: NotRequired[str]
    """Ersättningen för hela perioden, med enhet."""
    basar: NotRequired[str]
    """Basårets driftskostnad och vad förändringen jämförs med, i ord."""
    ar: NotRequired[list[EconomicsYear]]
    """Ersättningen år för år, jämförd med basåret."""
    rorlig: NotRequired[list[str]]
    """Den rörliga ersättningens beräkning, en rad per år och pris."""
    rorlig_inledning: NotRequired[str]
    """Inledningen till den rörliga ersättningen; tom utan rörlig ersättning."""
    ram: NotRequired[str]
    """Ersättningen som andel av nämndens budgetram (ärende.ram); tom utan ram."""
    standard: NotRequired[list[str]]
    """Ersättningen per enhet mot standardkostnaden, en mening per år; tom utan
    ersättning.standardkostnad."""


class EconomicsYear(TypedDict):
    ar: str
    """Året, med antalet månader när uppdraget inte gäller hela året."""
    total: str
    """Årets ersättning, utan enhet."""
    fast: str
    """Årets fasta ersättning, utan enhet."""
    forandring: str
    """Den fasta ersättningens förändring mot basåret, med tecken, utan enhet."""
    andel: str
    """Förändringen i procent, med tecken."""
    rorlig: str
    """Årets rörliga ersättning, utan enhet."""


class BoardGoals(TypedDict):
    inledning: str
    """Inledningen till målen, eller meningen att uppdragets mål inte anger något."""
    lista: list[str]
    """Nämndmålen, vart och ett en gång."""


class Consultation(TypedDict):
    part: str
    """Vem samrådet skedde med."""
    stallningstagande: str
    """Partens ställningstagande."""


class Signature(TypedDict):
    namn: str
    """Namnet."""
    titel: str
    """Titeln."""
