"""The codes of the follow-up half: UD4xx."""

from __future__ import annotations

from uppdrag_docs.codes.registry import ERROR, WARNING, define

# --- UD4xx: uppföljningen ----------------------------------------------------------------
# The files of uppfoljning/ (shared/spec/uppfoljning.md). Errors: the file cannot be trusted.
# Warnings: what the outcomes say (late or missing reports, deficits, outcomes below target);
# outcomes are facts to report, not mistakes in a file.

FOLLOW_UP_NAME = define(
    "UD401",
    ERROR,
    "filens namn eller mapp stämmer inte med nycklarna uppdrag, rapport, period eller år",
)
FOLLOW_UP_UNKNOWN_UPPDRAG = define(
    "UD402", ERROR, "uppföljningen gäller ett uppdrag som inte finns"
)
UNKNOWN_REPORT = define("UD403", ERROR, "rapporten finns inte i uppdragets rapportering", "3.2.1")
UNKNOWN_CRITERION = define("UD404", ERROR, "kriteriet finns inte i uppdraget", "3.2.1")
PERIOD_NOT_REPORTED = define(
    "UD405",
    ERROR,
    "perioden har fel frekvens för rapporten, eller ligger utanför uppdragets period",
    "3.2.1",
)
CRITERION_NOT_CARRIED = define(
    "UD406",
    ERROR,
    "kriteriet redovisas inte i den här rapporten, eller binder inte upphandlad verksamhet "
    "(likvärdigheten)",
    "2.3, 3.2.1",
)
VALUE_NOT_NUMBER = define(
    "UD407", ERROR, "värdet är inget tal, eller ligger utanför 0–100 för enheten procent"
)
OUTCOME_KIND = define(
    "UD408",
    ERROR,
    "utfallet passar inte målvärdet: textmål utan bedömning, talmål utan värde, eller mer än "
    "ett av värde, bedömning och ej_mätt",
)
REPORT_CONTENT_MISSING = define(
    "UD409",
    ERROR,
    "rapporten saknar det dess typ ska ha: utfall (kvalitet), ekonomi (ekonomi), volymer för "
    "varje rörlig post (ekonomi, verksamhet)",
    "3.1, 3.2.1",
)
MOTIVATION_MISSING = define(
    "UD410", ERROR, "förvaltningens bedömning av ett mål eller kriterium saknar motivering", "3.2"
)
UNKNOWN_GOAL = define("UD411", ERROR, "målnumret finns inte i uppdraget", "3.2")
PERSONAL_NUMBER = define(
    "UD412",
    ERROR,
    "något som ser ut som ett personnummer (ÅÅÅÅMMDD-NNNN, ÅÅMMDD-NNNN, med eller utan "
    "bindestreck); uppföljningen har bara sammanställda uppgifter",
)
UNKNOWN_ITEM = define(
    "UD413", ERROR, "ett kostnadsslag eller en rörlig post som uppdraget inte har", "3.1"
)
DUPLICATE_ENTRY = define(
    "UD414", ERROR, "samma kriterium, mål, post, utförare eller referens två gånger i en fil"
)
FORM_UNREADABLE = define(
    "UD415",
    ERROR,
    "en blankett som inte går att läsa in: inte .xlsx, skyddad med lösenord, trasig, större "
    "än 50 MB, eller inte gjord av uppdrag blankett",
)
CELL_VALUE = define(
    "UD416",
    ERROR,
    "en cell i blanketten har ett värde av fel slag: inget tal, inget datum, ingen av "
    "bedömningarna",
)
CELL_FORMULA = define(
    "UD417", ERROR, "en cell i blanketten har en formel; bara skrivna värden läses in"
)
REPORT_EXISTS = define(
    "UD418",
    ERROR,
    "rapporten finns redan med annat innehåll och ersätts bara med --ersätt, eller två "
    "blanketter gäller samma rapport",
)
CELL_TEXT = define(
    "UD419", ERROR, "en text i blanketten har styrtecken eller är längre än 5 000 tecken"
)
REPORT_MISSING = define(
    "UD420", WARNING, "en rapport som skulle ha lämnats senast per-dagen saknas", "3.2.1"
)
REPORT_LATE = define("UD421", WARNING, "rapporten lämnades efter sista dagen", "3.2.1")
NOT_MEASURED = define(
    "UD422", WARNING, "ett kriterium är inte mätt (ej_mätt) eller saknas i rapporten", "3.2.1"
)
RESULT_DEFICIT = define(
    "UD423", WARNING, "underskott: resultatet för en period eller för året är negativt", "3.1"
)
FORECAST_DEFICIT = define("UD424", WARNING, "prognosen för helåret visar underskott", "3.1")
PROVIDER_RESULT_DEFICIT = define(
    "UD425",
    WARNING,
    "utförarens resultat för året, summerat över alla dess uppdrag, är negativt: det underskott "
    "som riktlinjen förbjuder",
    "3.1",
)
INCOME_DIFFERS = define(
    "UD426",
    WARNING,
    "en intäkt skiljer sig mer än 1 kr från den beslutade ersättningen för perioden",
    "3.1.2",
)
NO_ACTIONS = define("UD427", WARNING, "ett utfall sämre än uppfyllt utan åtgärder", "3.2.1")
EQUAL_TERMS_MISSING = define(
    "UD428",
    WARNING,
    "ett kriterium som binder upphandlad verksamhet saknar likvärdighetssiffror för året",
    "2.3",
)
REVIEW_MISSING = define(
    "UD429", WARNING, "året är slut och har rapporter, men förvaltningens bedömning saknas", "3.2"
)
PROVIDER_NOT_IN_ANALYSIS = define(
    "UD430", WARNING, "en utförare i likvärdigheten finns inte i nulägesanalysen", "2.3"
)
FOLLOW_UP_NOT_DECIDED = define(
    "UD431", WARNING, "uppföljningsfiler för ett uppdrag som inte är fastställt"
)
FORM_OTHER_VERSION = define(
    "UD432", WARNING, "blanketten är gjord från en annan version av uppdraget än den i arkivet"
)
DELIVERED_TODAY = define(
    "UD433", WARNING, "blanketten saknar inlämningsdag; dagen den läses in används"
)
FORM_MISMATCH = define(
    "UD434",
    ERROR,
    "blanketten stämmer inte med uppdraget, rapporten eller perioden som dess dolda blad anger: "
    "en annan rubrik, eller en annan enhet för ett kriterium eller en post",
)
IMPOSSIBLE_DATE = define(
    "UD435",
    ERROR,
    "ett datum som inte kan stämma: en rapport inlämnad före periodens början, eller en "
    "bedömning daterad efter sammanträdet som ska behandla den",
)
VOLUME_MISSING = define(
    "UD440", WARNING, "en ekonomirapport för ett uppdrag med standardkostnad saknar `volym`", "3.1"
)
COST_PER_UNIT_OVER = define(
    "UD441",
    WARNING,
    "kostnaden per enhet enligt öppna böcker avviker mer än toleransen från standardkostnaden",
    "3.1.1",
)
FORECAST_MISSING = define(
    "UD442",
    WARNING,
    "ekonomirapporten för perioden som innehåller ett prognosdatum i kommun.yaml saknar "
    "`prognos_helår`",
)
KOLADA_FILE = define(
    "UD443",
    ERROR,
    "kolada.csv: okänd eller saknad kolumn, fel form på kpi, kommun, år, kön eller hämtad, ett "
    "värde som inte är ett tal, eller samma rad två gånger",
)
KOLADA_STALE = define(
    "UD444",
    WARNING,
    "en jämförelse saknar värde i kolada.csv för året två år före per-dagen eller senare "
    "(gammalt, borttaget eller ingen fil)",
    "3.1.1",
)
