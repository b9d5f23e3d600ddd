"""The guideline's own words, for the documents: reasons, report kinds, frequencies, models.

Each reason is printed as riktlinjen 2.1 phrases it ("Verksamhetsuppdrag är lämpligt när …");
`arbetsmarknadsåtgärd` comes from the tjänsteskrivelse that adopted the guideline.
"""

from __future__ import annotations

REASONS = {
    "myndighetsutövning": "det ingår myndighetsutövning",
    "svårbedömda_behov": "de individuella behoven är svårbedömda eller föränderliga",
    "svåravgränsat_uppdrag": "uppdraget är svårt att beskriva och avgränsa",
    "utvecklingsinsatser": "uppdraget innehåller ett stort mått av utvecklingsinsatser",
    "indikatorer_under_utveckling": (
        "uppföljnings- och kvalitetsindikatorer behöver formuleras över tid"
    ),
    "samordningsvinster": "uppdraget omfattar del av annan insats (samordningsvinster)",
    "specialiserad_kompetens": "specialiserad kompetens efterfrågas och finns i egenregin",
    "yttersta_ansvaret": (
        "kommunen behöver ha egen kompetens och organisatorisk beredskap för att säkra det "
        "lagstadgade ansvaret (det så kallade ”yttersta ansvaret”)"
    ),
    "känslig_målgrupp": "verksamheten är för målgrupper som är känsliga för förändringar",
    "rådighet_över_lokaler": "rådighet över lokaler är viktigt",
    "arbetsmarknadsåtgärd": (
        "utförande av tjänster som lämpar sig som arbetsmarknadsåtgärder kan, beroende på "
        "tjänstens innehåll, hanteras som verksamhetsuppdrag till egenregin"
    ),
}

REASONS_INTRO = "Enligt riktlinjen (avsnitt 2.1) är verksamhetsuppdrag lämpligt när"

REPORT_TYPES = {
    "kvalitet": "Kvalitet",
    "ekonomi": "Ekonomi (öppna böcker)",
    "verksamhet": "Verksamhet",
}

FREQUENCIES = {
    "månad": "Varje månad",
    "kvartal": "Varje kvartal",
    "tertial": "Varje tertial",
    "halvår": "Varje halvår",
    "år": "Varje år",
}

MODELS = {
    "fast": (
        "Ersättningen är fast. Den bygger på verksamhetens driftskostnad föregående år, "
        "uppräknad enligt kommunens uppräkningsmodell och justerad för volymförändringar, "
        "ambitionsförändringar och effektiviseringskrav (riktlinjen 3.1.2 och 3.1.3)."
    ),
    "rörlig": (
        "Ersättningen är rörlig: den betalas per utförd enhet till ett pris som räknas upp "
        "varje år enligt kommunens uppräkningsmodell (riktlinjen 3.1.2)."
    ),
    "kombination": (
        "Ersättningen är en kombination av en fast och en rörlig del. Den fasta delen bygger "
        "på verksamhetens driftskostnad föregående år, uppräknad enligt kommunens "
        "uppräkningsmodell och justerad för volymförändringar, ambitionsförändringar och "
        "effektiviseringskrav. Den rörliga delen betalas per utförd enhet till ett pris som "
        "räknas upp varje år på samma sätt (riktlinjen 3.1.2 och 3.1.3)."
    ),
}

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
