"""The guideline's own words, for the documents: the sentences around the values.

The words for the values themselves (skäl, report kinds, frequencies, models) live in
`format/words.py`, below the schema, because the JSON Schema describes each value with them.
"""

from __future__ import annotations

REASONS_INTRO = "Enligt riktlinjen (avsnitt 2.1) är verksamhetsuppdrag lämpligt när"

STATUS_MARKINGS = {
    "utkast": "UTKAST",
    "förslag": "FÖRSLAG",
    "fastställt": "",
    "upphävt": "UPPHÄVT",
}

REVIEW = (
    "Riktlinjen ska aktualitetsprövas varje mandatperiod och revideras däremellan vid behov "
    "(riktlinjen avsnitt 4). Ett uppdrag som sträcker sig förbi mandatperiodens slut ska "
    "omprövas av den nya nämnden."
)

SURPLUS_NOTE = (
    "Ersättningen följer självkostnadsprincipen: egenregin får inte gå med underskott och "
    "ersättningen ska motsvara förväntad kostnad (riktlinjen 3.1 och 3.1.1)."
)

PREPAREDNESS = (
    "Utföraren deltar i kommunens planering och förberedelser för att minska sårbarheten i "
    "verksamheten och ha en god förmåga att hantera kriser i fredstid och höjd beredskap, enligt "
    "lagen (2006:544) om kommuners och regioners åtgärder inför och vid extraordinära händelser i "
    "fredstid och höjd beredskap (LEH) och förordningen (2006:637) med samma namn (FEH) "
    "(riktlinjen 2.1)."
)

COMPENSATION_NOT_SET = (
    "Ersättningen är ännu inte fastställd. Enligt riktlinjen (avsnitt 2.1) kan en verksamhet "
    "starta innan ersättningsnivån är fastställd; ersättningen beslutas innan uppdraget "
    "fastställs."
)

BOARD_GOALS_INTRO = (
    "Beslutet förväntas bidra till att följande av kommunfullmäktiges mål påverkas i positiv "
    "riktning."
)

MBL_TEXTS = {
    ("förhandling", "planerad"): "MBL-förhandling är planerad till den {datum}.",
    ("förhandling", "genomford"): "MBL-förhandling har genomförts den {datum}.",
    ("information", "planerad"): "Information enligt MBL är planerad till den {datum}.",
    ("information", "genomford"): "Information enligt MBL har lämnats den {datum}.",
}
"""Information eller förhandling enligt lag (1976:580) om medbestämmande i arbetslivet."""

WITHIN_WHOLE = (
    "Leanlink hanterar över- eller underskott i enskilda uppdrag inom ramen för sin samlade "
    "ersättning."
)
"""The tjänsteskrivelse that adopted the riktlinje; `Leanlink` is replaced by the kommun's
utförarförvaltning."""
