"""The codes of the decision half: UD1xx the file and its schema, UD2xx the guideline's rules,
UD3xx the money."""

from __future__ import annotations

from uppdrag_docs.codes.registry import ERROR, WARNING, define

# --- UD1xx: the file and its schema ------------------------------------------------------

FILE_UNREADABLE = define("UD100", ERROR, "filen kan inte läsas eller är inte UTF-8")
YAML_SYNTAX = define("UD101", ERROR, "YAML-syntaxfel, tabbtecken i indrag")
DUPLICATE_KEY = define("UD102", ERROR, "samma nyckel två gånger")
NOT_A_MAPPING = define(
    "UD103", ERROR, "tom fil, eller en lista eller ett enstaka värde i stället för nycklar"
)
FILE_TOO_LARGE = define(
    "UD104",
    ERROR,
    "filen är större än 1 MiB eller expanderar till fler än 100 000 noder (alias)",
)
YAML_TAG = define("UD105", ERROR, "en YAML-tagg som `!!binary` eller `!egen`; formatet har inga")
KEY_NOT_TEXT = define("UD106", ERROR, "en nyckel som inte är text, till exempel en lista")
MERGE_KEY = define("UD107", ERROR, "sammanslagningsnyckeln `<<`, som formatet inte har")
UNKNOWN_KEY = define("UD110", ERROR, "okänd nyckel, med förslag på den närmaste kända")
MISSING_KEY = define("UD111", ERROR, "obligatorisk nyckel saknas")
WRONG_VALUE = define("UD112", ERROR, "fel typ eller otillåtet värde")
BAD_PATTERN = define(
    "UD113", ERROR, "`diarienummer_mönster` i kommun.yaml är inget giltigt reguljärt uttryck"
)
CONTROL_CHARACTER = define(
    "UD114", ERROR, "ett styrtecken (som U+0001) som inte kan stå i ett dokument"
)
INVISIBLE_IN_NAME = define(
    "UD115",
    ERROR,
    "ett osynligt tecken (nollbreddsmellanrum, mjukt bindestreck, riktningstecken) i en nyckel, "
    "ett id eller en kod",
)
INVISIBLE_IN_TEXT = define("UD116", WARNING, "ett osynligt tecken i löpande text")
LINE_BREAK = define(
    "UD117", ERROR, "en radbrytning i en titel eller ett namn, som står på en rad i dokumenten"
)
TOO_LONG_FOR_WORD = define(
    "UD118",
    ERROR,
    "en titel eller ett namn blir längre än de 255 tecken Word rymmer i ett dokuments egenskaper "
    "(ett tecken som 😀 räknas som två)",
)
ID_NOT_FILE_NAME = define("UD120", ERROR, "id är inte samma som filnamnet")
DUPLICATE_UPPDRAG_ID = define("UD121", ERROR, "samma id i två filer")
SAME_FILE_NAME = define(
    "UD122",
    ERROR,
    "två uppdrag får dokument med samma filnamn, eller två stavningar av en nämnd samma "
    "samlade redovisning (också där stora och små bokstäver är samma fil)",
)

# --- UD2xx: the guideline's rules --------------------------------------------------------

CASE_NUMBER = define("UD201", WARNING, "diarienumret följer inte kommunens mönster")
PERIOD_START = define("UD202", ERROR, "perioden börjar inte den första dagen i en månad")
PERIOD_END = define("UD203", ERROR, "perioden slutar inte den sista dagen i en månad")
PERIOD_REVERSED = define("UD204", ERROR, "perioden slutar före sin början")
DECISION_MISSING = define(
    "UD205", ERROR, "ett fastställt uppdrag saknar beslut med organ, sammanträde och paragraf", "3"
)
DECISION_AFTER_START = define("UD206", WARNING, "sammanträdet ligger efter periodens början")
PAST_MANDATE = define("UD207", WARNING, "perioden går förbi mandatperiodens slut", "4")
PROVIDER_NOT_OWN = define(
    "UD208", ERROR, "utföraren är inte kommunens utförarförvaltning (bara egen regi)", "1"
)
PLAN_NOT_CASE_NUMBER = define(
    "UD209",
    WARNING,
    "konkurrensutsättningsplanen är inget diarienummer enligt kommunens mönster",
    "2.1, 2.2",
)
REPEAL_WITHOUT_STATUS = define(
    "UD213", ERROR, "`upphävande` i ett uppdrag vars status inte är upphävt"
)
REPEAL_MISSING = define(
    "UD214", WARNING, "ett upphävt uppdrag saknar `upphävande`; registret visar det inte"
)
CLIENTS_TOTAL = define("UD210", ERROR, "utförarnas brukare blir inte antal_brukare", "2.1")
ANALYSIS_AFTER_DECISION = define(
    "UD211", None, "nulägesanalysen är gjord efter sammanträdet, inte inför beslutet", "2.1"
)
NO_SHARED_CRITERION = define(
    "UD212",
    WARNING,
    "privata utförare i nulägesanalysen, men inget kriterium gäller även upphandlad verksamhet",
    "2.3",
)
CRITERION_NOT_REPORTED = define(
    "UD220", ERROR, "ett kvalitetskriterium redovisas inte i någon befintlig rapport", "3.2.1"
)
REPORT_WITHOUT_CRITERION = define(
    "UD221", WARNING, "en kvalitetsrapport redovisar inget kriterium", "3.2.1"
)
NO_ECONOMY_REPORT = define("UD222", ERROR, "ingen rapport av typen `ekonomi` (öppna böcker)", "3.1")
RECIPIENT_OUTSIDE = define(
    "UD224",
    WARNING,
    "en rapport går varken till beställarens förvaltning eller till nämnden",
    "3.2.1",
)
DUPLICATE_ID = define(
    "UD223", ERROR, "samma id två gånger bland kriterier, rapporter eller tilläggsuppdrag"
)
UNKNOWN_REF = define("UD226", ERROR, "`ref` saknas i den gemensamma katalogen", "2.3")
ADDITIONAL_OUTSIDE = define("UD230", ERROR, "ett tilläggsuppdrag ligger utanför perioden")
ADDITIONAL_DECIDED_LATE = define(
    "UD234", WARNING, "ett tilläggsuppdrag är beslutat efter att dess period har börjat"
)
ATTACHMENT_MISSING = define("UD231", ERROR, "en bilaga saknas")
ATTACHMENT_OUTSIDE = define("UD232", ERROR, "en bilaga ligger utanför arkivet")
ATTACHMENT_KIND = define("UD233", ERROR, "en bilaga är inte en PDF- eller DOCX-fil")
RAW_MARKUP = define("UD240", ERROR, "rå HTML eller Word-XML i ett Markdown-fält")
UNSAFE_LINK = define(
    "UD241",
    ERROR,
    "en länk i ett Markdown-fält som inte är https:, http: eller mailto: (som javascript:, "
    "file:, data: eller en sökväg \\\\server)",
)
MARKDOWN_TOO_DEEP = define(
    "UD242", ERROR, "listor och citat i ett Markdown-fält i fler nivåer än Word visar (9)"
)
MODEL_MISMATCH = define("UD250", ERROR, "modellen stämmer inte med de rörliga posterna", "3.1.2")
SHARES_NOT_ONE = define("UD251", ERROR, "kostnadsfördelningen blir inte 1", "3.1.2")
UNKNOWN_COST_TYPE = define(
    "UD252", ERROR, "kostnadsfördelningen nämner ett okänt kostnadsslag", "3.1.2"
)
BASE_YEAR = define("UD253", ERROR, "basåret är inte året före periodens början", "3.1.3")
COMPENSATION_MISSING = define("UD254", ERROR, "ett fastställt uppdrag saknar `ersättning`", "3.1")
NO_EQUALITY = define(
    "UD255", WARNING, "ett förslag eller fastställt uppdrag saknar `ärende.jämställdhet`"
)
PROVIDER_NOT_CONSULTED = define(
    "UD256",
    WARNING,
    "utföraren är inte med bland samrådets parter; förslaget ska tas fram gemensamt",
    "3",
)
CASE_DATE = define(
    "UD257",
    ERROR,
    "ett datum i ärendet som inte kan stämma: tjänsteskrivelsen daterad efter sammanträdet, "
    "eller ett beslutsunderlag daterat efter tjänsteskrivelsen",
)

# --- UD3xx: the money --------------------------------------------------------------------

INDEX_MISSING = define(
    "UD301", ERROR, "uppräkningsmodellen saknar index för ett år i perioden", "3.1.2"
)
DEFICIT = define(
    "UD302",
    WARNING,
    "uppdragets ersättning ett år är lägre än dess förväntade kostnad (underskott i uppdraget)",
    "3.1.1, 3.1.3",
)
SURPLUS = define("UD303", WARNING, "ersättningen är mer än 2 % högre än förväntad kostnad", "3.1.1")
RECONCILIATION_MISSING = define("UD304", None, "avstämning av ekonomidirektören saknas", "3.1.2")
EXPECTED_COST_OUTSIDE = define("UD305", WARNING, "förväntad kostnad för ett år utanför perioden")
FORECAST_YEAR_MISSING = define("UD306", WARNING, "prognosen saknar ett år i perioden")
FORECAST_PER_YEAR = define(
    "UD307",
    WARNING,
    "prognosen är ett helårstal för en period som bara täcker en del av ett år",
)
TOO_MANY_DIGITS = define(
    "UD308",
    ERROR,
    "ett belopp, antal, pris eller index har så många siffror att ersättningen inte kan räknas "
    "exakt",
)
PROVIDER_DEFICIT = define(
    "UD309",
    ERROR,
    "utförarens samlade ersättning ett år i de fastställda uppdragen är lägre än deras samlade "
    "förväntade kostnad (egenregin går med underskott)",
    "3.1",
)
EXPECTED_COST_MISSING = define(
    "UD310",
    WARNING,
    "förväntad kostnad saknas för ett år i perioden, så årets underskott kan inte kontrolleras",
    "3.1.2",
)
RECONCILED_BY_OTHER = define(
    "UD311", None, "avstämningen är godkänd av någon annan än ekonomidirektören", "3.1.2"
)
RECONCILED_AFTER_DECISION = define(
    "UD312", None, "avstämningen är daterad efter sammanträdet", "3.1.2"
)

# The standardkostnad (shared/spec/standardkostnad.md): the kommun's price per unit of a
# verksamhetstyp, never the kostnadsutjämningens standardkostnad per invånare.

STANDARD_OVER_TOLERANCE = define(
    "UD320",
    WARNING,
    "ersättningen per enhet ett år avviker mer än toleransen från standardkostnaden",
    "3.1.2",
)
STANDARD_MOTIVATION_MISSING = define(
    "UD321",
    None,
    "ett år avviker mer än toleransen från standardkostnaden och `motivering` saknas",
    "3.1.2",
)
STANDARD_TYPE_UNKNOWN = define(
    "UD322",
    ERROR,
    "`typ` eller `enligt_standard` finns inte i standardkostnader.yaml (eller katalogen "
    "saknas), `per_plats` för en typ utan `enheter_per_plats`, eller `enligt_standard` ett år "
    "utan standardkostnad",
    "3.1.3",
)
STANDARD_YEAR_MISSING = define(
    "UD323",
    WARNING,
    "standardkostnaden saknas ett år i perioden och kan inte räknas upp (inget tidigare värde, "
    "ingen kostnadsfördelning eller inget index)",
)
STANDARD_VOLUME_YEAR = define("UD324", WARNING, "`volym` saknar ett år i perioden", "3.1")
OUTSIDE_STANDARD_TOO_LARGE = define(
    "UD325",
    ERROR,
    "delarna utanför standarden är lika stora som eller större än den fasta och rörliga "
    "ersättningen ett år",
)
STANDARD_FIXED_AFTER = define(
    "UD326",
    None,
    "ett värde i standardkostnader.yaml som uppdraget använder är fastställt efter "
    "uppdragets sammanträde",
    "3.1.2",
)
PER_INHABITANT = define(
    "UD327",
    ERROR,
    "en jämförelse i kr per invånare utan `slag: kommun`: kostnadsutjämningens "
    "standardkostnad hör inte till en tabell per enhet",
    "3.1.1",
)
