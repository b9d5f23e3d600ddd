"""Every finding code of the tool, defined once: its severity, the guideline section, its meaning.

As yamllint keeps its rules, each code is one constant here, and the place that reports it
names the constant (`doc.finding(loc, codes.DUPLICATE_ID, message)`), so one code always means
one thing and a code cannot be mistyped. The README's table of checks and `uppdrag check
--koder` are generated from `REGISTRY`; a test keeps the README equal to it.

Codes are grouped: UD1xx the file and its schema, UD2xx the guideline's rules, UD3xx the money,
UD4xx the follow-up (uppföljningen: outcomes, likvärdighet and the förvaltning's bedömning).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from uppdrag_docs.findings import Finding, Position, Severity

ERROR = Severity.ERROR
WARNING = Severity.WARNING


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity | None
    """None: an error once the uppdrag is fastställt, a warning before (the uppdrag's
    `state_severity` decides)."""
    meaning: str
    """One Swedish line: what the check finds, as the README's table says it."""
    section: str | None = None
    """The section of riktlinjen the check enforces, if any."""

    @property
    def severity_text(self) -> str:
        if self.severity is None:
            return "fel när fastställt, annars varning"
        return self.severity.value

    def in_state(self, severity: Severity) -> Code:
        """This code with the uppdrag's `state_severity`, when the code leaves it to the state."""
        return self if self.severity is not None else replace(self, severity=severity)

    def at(
        self,
        path: Path,
        position: Position,
        message: str,
        *,
        field: str | None = None,
        cell: str | None = None,
    ) -> Finding:
        """A finding of this code at `position` in `path`."""
        if self.severity is None:
            raise ValueError(f"{self.code} needs the uppdrag's state (Code.in_state)")
        return Finding(path, position, self.severity, self.code, message, self.section, field, cell)


REGISTRY: dict[str, Code] = {}


def _code(code: str, severity: Severity | None, meaning: str, section: str | None = None) -> Code:
    if code in REGISTRY:
        raise ValueError(f"{code} is defined twice")
    REGISTRY[code] = Code(code, severity, meaning, section)
    return REGISTRY[code]


# --- UD1xx: the file and its schema ------------------------------------------------------

FILE_UNREADABLE = _code("UD100", ERROR, "filen kan inte läsas eller är inte UTF-8")
YAML_SYNTAX = _code("UD101", ERROR, "YAML-syntaxfel, tabbtecken i indrag")
DUPLICATE_KEY = _code("UD102", ERROR, "samma nyckel två gånger")
NOT_A_MAPPING = _code(
    "UD103", ERROR, "tom fil, eller en lista eller ett enstaka värde i stället för nycklar"
)
FILE_TOO_LARGE = _code(
    "UD104",
    ERROR,
    "filen är större än 1 MiB eller expanderar till fler än 100 000 noder (alias)",
)
YAML_TAG = _code("UD105", ERROR, "en YAML-tagg som `!!binary` eller `!egen`; formatet har inga")
KEY_NOT_TEXT = _code("UD106", ERROR, "en nyckel som inte är text, till exempel en lista")
MERGE_KEY = _code("UD107", ERROR, "sammanslagningsnyckeln `<<`, som formatet inte har")
UNKNOWN_KEY = _code("UD110", ERROR, "okänd nyckel, med förslag på den närmaste kända")
MISSING_KEY = _code("UD111", ERROR, "obligatorisk nyckel saknas")
WRONG_VALUE = _code("UD112", ERROR, "fel typ eller otillåtet värde")
BAD_PATTERN = _code(
    "UD113", ERROR, "`diarienummer_mönster` i kommun.yaml är inget giltigt reguljärt uttryck"
)
CONTROL_CHARACTER = _code(
    "UD114", ERROR, "ett styrtecken (som U+0001) som inte kan stå i ett dokument"
)
INVISIBLE_IN_NAME = _code(
    "UD115",
    ERROR,
    "ett osynligt tecken (nollbreddsmellanrum, mjukt bindestreck, riktningstecken) i en nyckel, "
    "ett id eller en kod",
)
INVISIBLE_IN_TEXT = _code("UD116", WARNING, "ett osynligt tecken i löpande text")
LINE_BREAK = _code(
    "UD117", ERROR, "en radbrytning i en titel eller ett namn, som står på en rad i dokumenten"
)
TOO_LONG_FOR_WORD = _code(
    "UD118",
    ERROR,
    "en titel eller ett namn blir längre än de 255 tecken Word rymmer i ett dokuments egenskaper "
    "(ett tecken som 😀 räknas som två)",
)
ID_NOT_FILE_NAME = _code("UD120", ERROR, "id är inte samma som filnamnet")
DUPLICATE_UPPDRAG_ID = _code("UD121", ERROR, "samma id i två filer")
SAME_FILE_NAME = _code(
    "UD122",
    ERROR,
    "två uppdrag får dokument med samma filnamn, eller två stavningar av en nämnd samma "
    "samlade redovisning (också där stora och små bokstäver är samma fil)",
)

# --- UD2xx: the guideline's rules --------------------------------------------------------

CASE_NUMBER = _code("UD201", WARNING, "diarienumret följer inte kommunens mönster")
PERIOD_START = _code("UD202", ERROR, "perioden börjar inte den första dagen i en månad")
PERIOD_END = _code("UD203", ERROR, "perioden slutar inte den sista dagen i en månad")
PERIOD_REVERSED = _code("UD204", ERROR, "perioden slutar före sin början")
DECISION_MISSING = _code(
    "UD205", ERROR, "ett fastställt uppdrag saknar beslut med organ, sammanträde och paragraf", "3"
)
DECISION_AFTER_START = _code("UD206", WARNING, "sammanträdet ligger efter periodens början")
PAST_MANDATE = _code("UD207", WARNING, "perioden går förbi mandatperiodens slut", "4")
PROVIDER_NOT_OWN = _code(
    "UD208", ERROR, "utföraren är inte kommunens utförarförvaltning (bara egen regi)", "1"
)
PLAN_NOT_CASE_NUMBER = _code(
    "UD209",
    WARNING,
    "konkurrensutsättningsplanen är inget diarienummer enligt kommunens mönster",
    "2.1, 2.2",
)
REPEAL_WITHOUT_STATUS = _code(
    "UD213", ERROR, "`upphävande` i ett uppdrag vars status inte är upphävt"
)
REPEAL_MISSING = _code(
    "UD214", WARNING, "ett upphävt uppdrag saknar `upphävande`; registret visar det inte"
)
CLIENTS_TOTAL = _code("UD210", ERROR, "utförarnas brukare blir inte antal_brukare", "2.1")
ANALYSIS_AFTER_DECISION = _code(
    "UD211", None, "nulägesanalysen är gjord efter sammanträdet, inte inför beslutet", "2.1"
)
NO_SHARED_CRITERION = _code(
    "UD212",
    WARNING,
    "privata utförare i nulägesanalysen, men inget kriterium gäller även upphandlad verksamhet",
    "2.3",
)
CRITERION_NOT_REPORTED = _code(
    "UD220", ERROR, "ett kvalitetskriterium redovisas inte i någon befintlig rapport", "3.2.1"
)
REPORT_WITHOUT_CRITERION = _code(
    "UD221", WARNING, "en kvalitetsrapport redovisar inget kriterium", "3.2.1"
)
NO_ECONOMY_REPORT = _code("UD222", ERROR, "ingen rapport av typen `ekonomi` (öppna böcker)", "3.1")
RECIPIENT_OUTSIDE = _code(
    "UD224",
    WARNING,
    "en rapport går varken till beställarens förvaltning eller till nämnden",
    "3.2.1",
)
DUPLICATE_ID = _code(
    "UD223", ERROR, "samma id två gånger bland kriterier, rapporter eller tilläggsuppdrag"
)
UNKNOWN_REF = _code("UD226", ERROR, "`ref` saknas i den gemensamma katalogen", "2.3")
ADDITIONAL_OUTSIDE = _code("UD230", ERROR, "ett tilläggsuppdrag ligger utanför perioden")
ADDITIONAL_DECIDED_LATE = _code(
    "UD234", WARNING, "ett tilläggsuppdrag är beslutat efter att dess period har börjat"
)
ATTACHMENT_MISSING = _code("UD231", ERROR, "en bilaga saknas")
ATTACHMENT_OUTSIDE = _code("UD232", ERROR, "en bilaga ligger utanför arkivet")
ATTACHMENT_KIND = _code("UD233", ERROR, "en bilaga är inte en PDF- eller DOCX-fil")
RAW_MARKUP = _code("UD240", ERROR, "rå HTML eller Word-XML i ett Markdown-fält")
UNSAFE_LINK = _code(
    "UD241",
    ERROR,
    "en länk i ett Markdown-fält som inte är https:, http: eller mailto: (som javascript:, "
    "file:, data: eller en sökväg \\\\server)",
)
MARKDOWN_TOO_DEEP = _code(
    "UD242", ERROR, "listor och citat i ett Markdown-fält i fler nivåer än Word visar (9)"
)
MODEL_MISMATCH = _code("UD250", ERROR, "modellen stämmer inte med de rörliga posterna", "3.1.2")
SHARES_NOT_ONE = _code("UD251", ERROR, "kostnadsfördelningen blir inte 1", "3.1.2")
UNKNOWN_COST_TYPE = _code(
    "UD252", ERROR, "kostnadsfördelningen nämner ett okänt kostnadsslag", "3.1.2"
)
BASE_YEAR = _code("UD253", ERROR, "basåret är inte året före periodens början", "3.1.3")
COMPENSATION_MISSING = _code("UD254", ERROR, "ett fastställt uppdrag saknar `ersättning`", "3.1")
NO_EQUALITY = _code(
    "UD255", WARNING, "ett förslag eller fastställt uppdrag saknar `ärende.jämställdhet`"
)
PROVIDER_NOT_CONSULTED = _code(
    "UD256",
    WARNING,
    "utföraren är inte med bland samrådets parter; förslaget ska tas fram gemensamt",
    "3",
)
CASE_DATE = _code(
    "UD257",
    ERROR,
    "ett datum i ärendet som inte kan stämma: tjänsteskrivelsen daterad efter sammanträdet, "
    "eller ett beslutsunderlag daterat efter tjänsteskrivelsen",
)

# --- UD3xx: the money --------------------------------------------------------------------

INDEX_MISSING = _code(
    "UD301", ERROR, "uppräkningsmodellen saknar index för ett år i perioden", "3.1.2"
)
DEFICIT = _code(
    "UD302",
    WARNING,
    "uppdragets ersättning ett år är lägre än dess förväntade kostnad (underskott i uppdraget)",
    "3.1.1, 3.1.3",
)
SURPLUS = _code("UD303", WARNING, "ersättningen är mer än 2 % högre än förväntad kostnad", "3.1.1")
RECONCILIATION_MISSING = _code("UD304", None, "avstämning av ekonomidirektören saknas", "3.1.2")
EXPECTED_COST_OUTSIDE = _code("UD305", WARNING, "förväntad kostnad för ett år utanför perioden")
FORECAST_YEAR_MISSING = _code("UD306", WARNING, "prognosen saknar ett år i perioden")
FORECAST_PER_YEAR = _code(
    "UD307",
    WARNING,
    "prognosen är ett helårstal för en period som bara täcker en del av ett år",
)
TOO_MANY_DIGITS = _code(
    "UD308",
    ERROR,
    "ett belopp, antal, pris eller index har så många siffror att ersättningen inte kan räknas "
    "exakt",
)
PROVIDER_DEFICIT = _code(
    "UD309",
    ERROR,
    "utförarens samlade ersättning ett år i de fastställda uppdragen är lägre än deras samlade "
    "förväntade kostnad (egenregin går med underskott)",
    "3.1",
)
EXPECTED_COST_MISSING = _code(
    "UD310",
    WARNING,
    "förväntad kostnad saknas för ett år i perioden, så årets underskott kan inte kontrolleras",
    "3.1.2",
)
RECONCILED_BY_OTHER = _code(
    "UD311", None, "avstämningen är godkänd av någon annan än ekonomidirektören", "3.1.2"
)
RECONCILED_AFTER_DECISION = _code(
    "UD312", None, "avstämningen är daterad efter sammanträdet", "3.1.2"
)

# The standardkostnad (shared/spec/standardkostnad.md): the kommun's price per unit of a
# verksamhetstyp, never the kostnadsutjämningens standardkostnad per invånare.

STANDARD_OVER_TOLERANCE = _code(
    "UD320",
    WARNING,
    "ersättningen per enhet ett år avviker mer än toleransen från standardkostnaden",
    "3.1.2",
)
STANDARD_MOTIVATION_MISSING = _code(
    "UD321",
    None,
    "ett år avviker mer än toleransen från standardkostnaden och `motivering` saknas",
    "3.1.2",
)
STANDARD_TYPE_UNKNOWN = _code(
    "UD322",
    ERROR,
    "`typ` eller `enligt_standard` finns inte i standardkostnader.yaml (eller katalogen "
    "saknas), `per_plats` för en typ utan `enheter_per_plats`, eller `enligt_standard` ett år "
    "utan standardkostnad",
    "3.1.3",
)
STANDARD_YEAR_MISSING = _code(
    "UD323",
    WARNING,
    "standardkostnaden saknas ett år i perioden och kan inte räknas upp (inget tidigare värde, "
    "ingen kostnadsfördelning eller inget index)",
)
STANDARD_VOLUME_YEAR = _code("UD324", WARNING, "`volym` saknar ett år i perioden", "3.1")
OUTSIDE_STANDARD_TOO_LARGE = _code(
    "UD325",
    ERROR,
    "delarna utanför standarden är lika stora som eller större än den fasta och rörliga "
    "ersättningen ett år",
)
STANDARD_FIXED_AFTER = _code(
    "UD326",
    None,
    "ett värde i standardkostnader.yaml som uppdraget använder är fastställt efter "
    "uppdragets sammanträde",
    "3.1.2",
)
PER_INHABITANT = _code(
    "UD327",
    ERROR,
    "en jämförelse i kr per invånare utan `slag: kommun`: kostnadsutjämningens "
    "standardkostnad hör inte till en tabell per enhet",
    "3.1.1",
)


def table() -> str:
    """The README's table of checks, one row per code, in code order."""
    rows = [
        "| kod | fel eller varning | kontroll | riktlinjen |",
        "| --- | --- | --- | --- |",
    ]
    for code in sorted(REGISTRY.values(), key=lambda c: c.code):
        rows.append(
            f"| {code.code} | {code.severity_text} | {code.meaning} | {code.section or ''} |"
        )
    return "\n".join(rows) + "\n"


# --- UD4xx: uppföljningen ----------------------------------------------------------------
# The files of uppfoljning/ (shared/spec/uppfoljning.md). Errors: the file cannot be trusted.
# Warnings: what the outcomes say (late or missing reports, deficits, outcomes below target);
# outcomes are facts to report, not mistakes in a file.

FOLLOW_UP_NAME = _code(
    "UD401",
    ERROR,
    "filens namn eller mapp stämmer inte med nycklarna uppdrag, rapport, period eller år",
)
FOLLOW_UP_UNKNOWN_UPPDRAG = _code("UD402", ERROR, "uppföljningen gäller ett uppdrag som inte finns")
UNKNOWN_REPORT = _code("UD403", ERROR, "rapporten finns inte i uppdragets rapportering", "3.2.1")
UNKNOWN_CRITERION = _code("UD404", ERROR, "kriteriet finns inte i uppdraget", "3.2.1")
PERIOD_NOT_REPORTED = _code(
    "UD405",
    ERROR,
    "perioden har fel frekvens för rapporten, eller ligger utanför uppdragets period",
    "3.2.1",
)
CRITERION_NOT_CARRIED = _code(
    "UD406",
    ERROR,
    "kriteriet redovisas inte i den här rapporten, eller binder inte upphandlad verksamhet "
    "(likvärdigheten)",
    "2.3, 3.2.1",
)
VALUE_NOT_NUMBER = _code(
    "UD407", ERROR, "värdet är inget tal, eller ligger utanför 0–100 för enheten procent"
)
OUTCOME_KIND = _code(
    "UD408",
    ERROR,
    "utfallet passar inte målvärdet: textmål utan bedömning, talmål utan värde, eller mer än "
    "ett av värde, bedömning och ej_mätt",
)
REPORT_CONTENT_MISSING = _code(
    "UD409",
    ERROR,
    "rapporten saknar det dess typ ska ha: utfall (kvalitet), ekonomi (ekonomi), volymer för "
    "varje rörlig post (ekonomi, verksamhet)",
    "3.1, 3.2.1",
)
MOTIVATION_MISSING = _code(
    "UD410", ERROR, "förvaltningens bedömning av ett mål eller kriterium saknar motivering", "3.2"
)
UNKNOWN_GOAL = _code("UD411", ERROR, "målnumret finns inte i uppdraget", "3.2")
PERSONAL_NUMBER = _code(
    "UD412",
    ERROR,
    "något som ser ut som ett personnummer (ÅÅÅÅMMDD-NNNN, ÅÅMMDD-NNNN, med eller utan "
    "bindestreck); uppföljningen har bara sammanställda uppgifter",
)
UNKNOWN_ITEM = _code(
    "UD413", ERROR, "ett kostnadsslag eller en rörlig post som uppdraget inte har", "3.1"
)
DUPLICATE_ENTRY = _code(
    "UD414", ERROR, "samma kriterium, mål, post, utförare eller referens två gånger i en fil"
)
FORM_UNREADABLE = _code(
    "UD415",
    ERROR,
    "en blankett som inte går att läsa in: inte .xlsx, skyddad med lösenord, trasig, större "
    "än 50 MB, eller inte gjord av uppdrag blankett",
)
CELL_VALUE = _code(
    "UD416",
    ERROR,
    "en cell i blanketten har ett värde av fel slag: inget tal, inget datum, ingen av "
    "bedömningarna",
)
CELL_FORMULA = _code(
    "UD417", ERROR, "en cell i blanketten har en formel; bara skrivna värden läses in"
)
REPORT_EXISTS = _code(
    "UD418",
    ERROR,
    "rapporten finns redan med annat innehåll och ersätts bara med --ersätt, eller två "
    "blanketter gäller samma rapport",
)
CELL_TEXT = _code(
    "UD419", ERROR, "en text i blanketten har styrtecken eller är längre än 5 000 tecken"
)
REPORT_MISSING = _code(
    "UD420", WARNING, "en rapport som skulle ha lämnats senast per-dagen saknas", "3.2.1"
)
REPORT_LATE = _code("UD421", WARNING, "rapporten lämnades efter sista dagen", "3.2.1")
NOT_MEASURED = _code(
    "UD422", WARNING, "ett kriterium är inte mätt (ej_mätt) eller saknas i rapporten", "3.2.1"
)
RESULT_DEFICIT = _code(
    "UD423", WARNING, "underskott: resultatet för en period eller för året är negativt", "3.1"
)
FORECAST_DEFICIT = _code("UD424", WARNING, "prognosen för helåret visar underskott", "3.1")
PROVIDER_RESULT_DEFICIT = _code(
    "UD425",
    WARNING,
    "utförarens resultat för året, summerat över alla dess uppdrag, är negativt: det underskott "
    "som riktlinjen förbjuder",
    "3.1",
)
INCOME_DIFFERS = _code(
    "UD426",
    WARNING,
    "en intäkt skiljer sig mer än 1 kr från den beslutade ersättningen för perioden",
    "3.1.2",
)
NO_ACTIONS = _code("UD427", WARNING, "ett utfall sämre än uppfyllt utan åtgärder", "3.2.1")
EQUAL_TERMS_MISSING = _code(
    "UD428",
    WARNING,
    "ett kriterium som binder upphandlad verksamhet saknar likvärdighetssiffror för året",
    "2.3",
)
REVIEW_MISSING = _code(
    "UD429", WARNING, "året är slut och har rapporter, men förvaltningens bedömning saknas", "3.2"
)
PROVIDER_NOT_IN_ANALYSIS = _code(
    "UD430", WARNING, "en utförare i likvärdigheten finns inte i nulägesanalysen", "2.3"
)
FOLLOW_UP_NOT_DECIDED = _code(
    "UD431", WARNING, "uppföljningsfiler för ett uppdrag som inte är fastställt"
)
FORM_OTHER_VERSION = _code(
    "UD432", WARNING, "blanketten är gjord från en annan version av uppdraget än den i arkivet"
)
DELIVERED_TODAY = _code(
    "UD433", WARNING, "blanketten saknar inlämningsdag; dagen den läses in används"
)
FORM_MISMATCH = _code(
    "UD434",
    ERROR,
    "blanketten stämmer inte med uppdraget, rapporten eller perioden som dess dolda blad anger: "
    "en annan rubrik, eller en annan enhet för ett kriterium eller en post",
)
IMPOSSIBLE_DATE = _code(
    "UD435",
    ERROR,
    "ett datum som inte kan stämma: en rapport inlämnad före periodens början, eller en "
    "bedömning daterad efter sammanträdet som ska behandla den",
)
VOLUME_MISSING = _code(
    "UD440", WARNING, "en ekonomirapport för ett uppdrag med standardkostnad saknar `volym`", "3.1"
)
COST_PER_UNIT_OVER = _code(
    "UD441",
    WARNING,
    "kostnaden per enhet enligt öppna böcker avviker mer än toleransen från standardkostnaden",
    "3.1.1",
)
FORECAST_MISSING = _code(
    "UD442",
    WARNING,
    "ekonomirapporten för perioden som innehåller ett prognosdatum i kommun.yaml saknar "
    "`prognos_helår`",
)
KOLADA_FILE = _code(
    "UD443",
    ERROR,
    "kolada.csv: okänd eller saknad kolumn, fel form på kpi, kommun, år, kön eller hämtad, ett "
    "värde som inte är ett tal, eller samma rad två gånger",
)
KOLADA_STALE = _code(
    "UD444",
    WARNING,
    "en jämförelse saknar värde i kolada.csv för året två år före per-dagen eller senare "
    "(gammalt, borttaget eller ingen fil)",
    "3.1.1",
)
