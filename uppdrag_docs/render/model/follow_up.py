"""What the samlad redovisning sees (filled by `render/follow_up.py`): one nämnd, one year."""

from __future__ import annotations

from typing import TypedDict

from uppdrag_docs.render.model.base import Chart, MarkdownKey
from uppdrag_docs.render.model.standard import CombinedPart, PerUnitPart


class FollowUpValues(TypedDict):
    kommun: str
    """Kommunens namn (kommun i gemensamt/kommun.yaml)."""
    forvaltning: str
    """Förvaltningen som lämnar redovisningen (uppdragens beställare.förvaltning)."""
    namnd: str
    """Den beställande nämnden som redovisningen går till."""
    ar: str
    """Året som följs upp."""
    per: str
    """Dagen redovisningen avser, ÅÅÅÅ-MM-DD (--per): vilka rapporter som skulle ha lämnats."""
    datum: str
    """Redovisningens datum, ÅÅÅÅ-MM-DD: den senaste bedömningens datum, annars per-dagen."""
    datum_text: str
    """Redovisningens datum i ord."""
    titel: str
    """Redovisningens titel: Uppföljning av verksamhetsuppdragen och året."""
    undertitel: str
    """Vad redovisningen är och vem den går till."""
    markering: str
    """FÖRSLAG tills varje uppdrags bedömning anger ett sammanträde; tom sedan."""
    sammantrade: str
    """Sammanträdet som tar upp redovisningen, i en mening; tom utan sammanträde."""
    sammanfattning: Summary
    """Del 1: sammanfattningen över nämndens uppdrag."""
    samlad: CombinedPart | None
    """Utförarförvaltningens samlade ersättning över alla dess uppdrag med ekonomirapporter;
    None utan ekonomirapporter."""
    uppdrag: list[UppdragPart]
    """Varje uppdrag med delarna 2–8, i id-ordning."""
    verktyg: str
    """Verktyget och dess version, för dokumentets egenskaper."""


class Summary(TypedDict):
    rader: list[SummaryRow]
    """En rad per uppdrag."""
    summa: SummaryRow
    """Summaraden: raderna ovan summerade som de står."""
    utforare: str
    """Utförarens resultat för året över alla uppdrag med ekonomirapporter, i en mening."""


class SummaryRow(TypedDict):
    uppdrag: str
    """Uppdragets titel (Summa på summaraden)."""
    kriterier: str
    """Kriterier uppfyllda av alla, enligt den beräknade bedömningen (3 av 4)."""
    mal: str
    """Målens bedömning: antal uppfyllda av alla, eller bedömning saknas."""
    resultat: str
    """Årets resultat i kr, de redovisade perioderna summerade; – utan ekonomirapporter."""
    rapporter: str
    """Rapporter försenade och saknade."""


class UppdragPart(TypedDict):
    id: str
    """Uppdragets id."""
    titel: str
    """Uppdragets titel."""
    diarienummer: str
    """Uppdragets diarienummer."""
    status: str
    """Uppdragets status: förslag, fastställt, …"""
    bedomning: str
    """Förvaltningens bedömning: dag, vem som berett den och sammanträdet, i en mening; eller
    att bedömningen saknas."""
    mal: list[GoalRow]
    """Del 2: målen med förvaltningens bedömning och motivering."""
    kriterier: list[CriterionPart]
    """Del 3: kvalitetskriterierna."""
    likvardighet: EqualTermsPart
    """Del 4: likvärdigheten mot de upphandlade utförarna."""
    ekonomi: EconomyPart
    """Del 5: ekonomi enligt öppna böcker."""
    per_enhet: PerUnitPart | None
    """Kostnad per enhet mot standardkostnaden, bredvid de upphandlade utförarnas pris och
    kvalitet; None utan ersättning.standardkostnad."""
    volymer: list[VolumeRow]
    """Del 6: volymerna per post och period, och en summarad per post."""
    rapporter: list[ReportRow]
    """Del 7: varje rapport som förfaller under året."""
    md_sammanfattning: MarkdownKey
    """Del 8: namnet på fältet under md med förvaltningens sammanfattning."""
    md_forslag: MarkdownKey
    """Del 8: namnet på fältet under md med förslaget till beslut."""


class GoalRow(TypedDict):
    nr: str
    """Målets nummer."""
    text: str
    """Målet."""
    bedomning: str
    """Förvaltningens bedömning, eller bedömning saknas."""
    motivering: str
    """Förvaltningens motivering, som text."""


class CriterionPart(TypedDict):
    rubrik: str
    """Kriteriets id och namn."""
    malvarde: str
    """Målvärdet i ord (högst 15 personer)."""
    perioder: list[PeriodRow]
    """Varje period som har förfallit, och de som redovisats innan dess."""
    bedomning: str
    """Den beräknade bedömningen för året."""
    har_forvaltningens: bool
    """Om förvaltningen har gjort en egen bedömning av kriteriet, bredvid den beräknade."""
    forvaltningens: str
    """Förvaltningens bedömning av kriteriet, om den ändrar den beräknade; annars –."""
    motivering: str
    """Förvaltningens motivering till sin bedömning; tom utan."""
    har_diagram: bool
    """Om kriteriet har ett diagram (ett kriterium med numeriskt målvärde)."""
    diagram: Chart | None
    """Linjediagrammet över perioderna med målvärdet, med alternativtext."""


class PeriodRow(TypedDict):
    period: str
    """Perioden (2027-T1)."""
    rapport: str
    """Rapporten som redovisar kriteriet."""
    varde: str
    """Värdet med enhet, eller ej mätt med skälet, eller –."""
    bedomning: str
    """Periodens bedömning, utskriven."""
    kommentar: str
    """Utförarens kommentar och åtgärder, som text."""


class EqualTermsPart(TypedDict):
    finns: bool
    """Om året har likvärdighetsuppgifter."""
    kalla: str
    """Var de upphandlade utförarnas siffror kommer ifrån."""
    rader: list[EqualTermsRow]
    """Egen regi och varje upphandlad utförare per kriterium och period."""
    diagram: list[Chart]
    """Ett stapeldiagram per kriterium och period, med målvärdet."""


class EqualTermsRow(TypedDict):
    kriterium: str
    """Kriteriets id och målvärde (på första raden för kriteriet och perioden)."""
    period: str
    """Perioden."""
    utforare: str
    """Egen regi eller den upphandlade utförarens namn."""
    varde: str
    """Värdet, för egen regi med vad det är medelvärde av."""
    bedomning: str
    """Bedömningen av värdet, utskriven."""


class EconomyPart(TypedDict):
    finns: bool
    """Om året har ekonomirapporter."""
    rader: list[EconomyRow]
    """En rad per redovisad period."""
    summa: EconomyRow
    """Årets summa av raderna ovan, som de står."""
    redovisade: str
    """Hur många av årets ekonomiperioder som är redovisade."""
    prognos: str
    """Den senaste prognosen för helåret, i en mening; tom utan prognos."""
    underskott: list[str]
    """Varje period med underskott, med utförarens åtgärder eller att åtgärder saknas."""
    diagram: Chart | None
    """Intäkter och kostnader per period, underskotten markerade, med alternativtext."""


class EconomyRow(TypedDict):
    period: str
    """Perioden (År på summaraden)."""
    intakter: str
    """Intäkterna i kr."""
    beslutad: str
    """Den beslutade ersättningen för perioden i kr; – när den inte kan beräknas."""
    kostnader: str
    """Kostnaderna i kr."""
    resultat: str
    """Resultatet, intäkter minus kostnader, i kr."""
    markering: str
    """underskott när resultatet är negativt; tom annars."""


class VolumeRow(TypedDict):
    post: str
    """Den rörliga posten (Summa … på summaraden)."""
    period: str
    """Perioden."""
    utfall: str
    """Utförda enheter."""
    prognos: str
    """Prognosen för perioden."""
    ersattning: str
    """Den rörliga ersättningen för utfallet i kr."""


class ReportRow(TypedDict):
    rapport: str
    """Rapportens id och typ."""
    period: str
    """Perioden."""
    forfaller: str
    """Sista dag att lämna rapporten, ÅÅÅÅ-MM-DD."""
    inlamnad: str
    """Dagen den lämnades, eller –."""
    status: str
    """i tid, försenad med antal dagar, saknas eller ej förfallen."""


class FollowUpMarkdown(TypedDict):
    """The Markdown fields are named per uppdrag (`md[u.md_sammanfattning]`)."""
