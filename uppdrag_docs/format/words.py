"""The guideline's words for the values of the format: skäl, report kinds, frequencies, models.

One home for them: the documents print them (`render/`) and the JSON Schema describes each value
of an enum with them (`schema.py`), so an editor shows the guideline's words while typing.
Each reason is phrased as riktlinjen 2.1 phrases it ("Verksamhetsuppdrag är lämpligt när …");
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

STATUSES = {
    "utkast": "Under arbete; ännu inte lagt fram för nämnden.",
    "förslag": "Läggs fram för nämnden; beslut anger det planerade sammanträdet.",
    "fastställt": "Beslutat av nämnden; beslut anger sammanträde och paragraf, och ersättningen "
    "ska finnas.",
    "upphävt": "Gäller inte längre.",
}

JUDGEMENTS = {
    "uppfyllt": "Målvärdet är nått.",
    "delvis uppfyllt": "Målvärdet är nästan nått, inom kommunens delvis_marginal.",
    "ej uppfyllt": "Målvärdet är inte nått.",
}

MBL_FORMS = {
    "information": "Information till arbetstagarorganisationerna enligt MBL (lag 1976:580).",
    "förhandling": "Förhandling med arbetstagarorganisationerna enligt MBL (lag 1976:580).",
}

AMOUNT_UNITS = {
    "kr": "Belopp visas i kronor.",
    "tkr": "Belopp visas i tusentals kronor.",
}

PROCUREMENT_FORMS = {
    "LOV": "Valfrihetssystem enligt lagen (2008:962) om valfrihetssystem.",
    "LOU": "Upphandlat avtal enligt lagen (2016:1145) om offentlig upphandling.",
}

LICENCES = {
    "CC0-1.0": "Creative Commons Zero 1.0: vem som helst får använda uppgifterna utan villkor "
    "(rekommenderas för öppna data).",
    "CC-BY-4.0": "Creative Commons Erkännande 4.0: fri användning om kommunen anges som källa.",
}

COMPLIANCE = {
    "helt förenlig": "Webbplatsen uppfyller lagkraven (WCAG 2.1 AA genom EN 301 549).",
    "delvis förenlig": "Webbplatsen uppfyller lagkraven delvis; bristerna redovisas.",
    "inte förenlig": "Webbplatsen uppfyller i stort sett inte lagkraven.",
}

SITUATIONS = {
    "Användning utan syn": "EN 301 549 4.2.1",
    "Användning med nedsatt syn": "EN 301 549 4.2.2",
    "Användning utan färgseende": "EN 301 549 4.2.3",
    "Användning utan hörsel": "EN 301 549 4.2.4",
    "Användning med nedsatt hörsel": "EN 301 549 4.2.5",
    "Användning utan talförmåga": "EN 301 549 4.2.6",
    "Användning med nedsatt motorik eller styrka": "EN 301 549 4.2.7",
    "Användning med begränsad räckvidd": "EN 301 549 4.2.8",
    "Minimera risken för ljuskänslighetsanfall": "EN 301 549 4.2.9",
    "Användning med nedsatt kognition, språkförmåga eller inlärningsförmåga": "EN 301 549 4.2.10",
}
"""Digg's ten användningssituationer, as a shortcoming of the register names the one it hits."""


def case_title(title: str, *, repealed: bool) -> str:
    """The tjänsteskrivelse's title, as the kommun names its ärenden ("…, fastställande"): the
    documents print it, and the schema keeps `titel` short enough for it to be a Word title."""
    action = "upphävande" if repealed else "fastställande"
    return f"Verksamhetsuppdrag {title}, {action}"
