"""The open data tables: each column's name, type and meaning, as `data/index.html` explains
them and as the CSV and JSON files carry them (webb.md, "Open data")."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["text", "heltal", "decimaltal", "datum", "sant/falskt"]


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    meaning: str


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    row: str
    """What one row is."""
    columns: tuple[Column, ...]

    @functools.cached_property  # asked for every row of the table
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name: str, kind: ColumnType, meaning: str) -> Column:
    return Column(name, kind, meaning)


_ID = _c("uppdrag_id", "text", "Uppdragets id, samma som i sidans adress")
_CRITERION = _c("kriterium_id", "text", "Kriteriets id i uppdraget, till exempel KK1")
_YEAR = _c("ar", "heltal", "Året som följs upp")
_JUDGEMENT = (
    "uppfyllt, delvis uppfyllt, ej uppfyllt, ej redovisat eller för få svar (färre än fem svar)"
)

TABLES: tuple[Table, ...] = (
    Table(
        "uppdrag",
        "Uppdragen",
        "ett fastställt eller upphävt verksamhetsuppdrag",
        (
            _ID,
            _c("titel", "text", "Uppdragets titel"),
            _c("diarienummer", "text", "Ärendets diarienummer"),
            _c("verksamhetsomrade", "text", "Verksamhetsområdet"),
            _c("namnd", "text", "Den beställande nämnden"),
            _c("forvaltning", "text", "Förvaltningen som företräder nämnden"),
            _c("utforare", "text", "Utföraren, kommunens utförarförvaltning (egen regi)"),
            _c("enhet", "text", "Enheten hos utföraren; tomt om ingen anges"),
            _c("status", "text", "fastställt eller upphävt"),
            _c("period_fran", "datum", "Uppdragets första dag"),
            _c("period_till", "datum", "Uppdragets sista dag"),
            _c("beslut_organ", "text", "Organet som fastställde uppdraget"),
            _c("beslut_datum", "datum", "Sammanträdet då uppdraget fastställdes"),
            _c("beslut_paragraf", "heltal", "Paragrafen i protokollet"),
            _c("upphavande_datum", "datum", "Sammanträdet då uppdraget upphävdes; tomt annars"),
            _c("upphavande_paragraf", "heltal", "Paragrafen för upphävandet; tomt annars"),
            _c("sida", "text", "Uppdragets sida på webbplatsen"),
            _c("beslutsdokument", "text", "Verksamhetsuppdraget som PDF; tomt om den saknas"),
            _c("tjansteskrivelse", "text", "Tjänsteskrivelsen som PDF; tomt om den saknas"),
        ),
    ),
    Table(
        "mal",
        "Målen",
        "ett mål i ett uppdrag och ett redovisat år (ett mål utan redovisat år: en rad utan år)",
        (
            _ID,
            _c("mal_nr", "heltal", "Målets nummer, 1 är det första i uppdraget"),
            _c("mal", "text", "Målet"),
            _c("namndmal", "text", "Nämndens eller fullmäktiges mål som det stöder"),
            _c("ar", "heltal", "Året som bedöms; tomt när inget år är redovisat"),
            _c("bedomning", "text", "Förvaltningens bedömning av målet, eller bedömning saknas"),
            _c("motivering", "text", "Förvaltningens motivering (Markdown)"),
        ),
    ),
    Table(
        "kriterier",
        "Kvalitetskriterierna",
        "ett kvalitetskriterium i ett uppdrag",
        (
            _ID,
            _CRITERION,
            _c("katalog", "text", "Nyckeln i kommunens gemensamma katalog; tomt för ett eget"),
            _c("namn", "text", "Kriteriets namn"),
            _c("beskrivning", "text", "Vad som mäts"),
            _c("kalla", "text", "Varifrån måttet kommer"),
            _c("enhet", "text", "Enheten som värdena anges i"),
            _c("malvarde_minst", "decimaltal", "Lägsta godtagbara värde"),
            _c("malvarde_hogst", "decimaltal", "Högsta godtagbara värde"),
            _c("malvarde_text", "text", "Ett målvärde i ord, för ett kriterium utan tal"),
            _c("riktning", "text", "minst, högst, mellan eller text"),
            _c("likvardig", "sant/falskt", "Om samma kriterium gäller upphandlade utförare"),
            _c("rapporter", "text", "Rapporterna som redovisar kriteriet, med mellanslag emellan"),
        ),
    ),
    Table(
        "utfall",
        "Egen regis utfall",
        "en period av ett kriterium för egen regi under ett redovisat år",
        (
            _ID,
            _CRITERION,
            _YEAR,
            _c("period", "text", "Perioden, till exempel 2027-K2 (kvartal 2 2027)"),
            _c("period_fran", "datum", "Periodens första dag inom uppdraget"),
            _c("period_till", "datum", "Periodens sista dag inom uppdraget"),
            _c("rapport", "text", "Rapporten som redovisar perioden"),
            _c("varde", "decimaltal", "Utfallet i kriteriets enhet; tomt om det saknas"),
            _c("antal_svar", "heltal", "Hur många som svarade, när det är känt"),
            _c("bedomning", "text", _JUDGEMENT),
            _c("ej_matt", "text", "Skälet när kriteriet inte mättes"),
            _c("kommentar", "text", "Utförarens kommentar (Markdown)"),
            _c("atgarder", "text", "Utförarens åtgärder (Markdown)"),
        ),
    ),
    Table(
        "arsbedomning",
        "Årets bedömning",
        "ett kriterium och ett redovisat år",
        (
            _ID,
            _CRITERION,
            _YEAR,
            _c("bedomning", "text", "Årets bedömning räknad ur perioderna: " + _JUDGEMENT),
            _c("forvaltningens_bedomning", "text", "Förvaltningens egen bedömning, om den finns"),
            _c("motivering", "text", "Förvaltningens motivering (Markdown)"),
            _c("sammantrade", "datum", "Nämndens sammanträde som tog emot uppföljningen"),
        ),
    ),
    Table(
        "likvardighet",
        "Likvärdigheten",
        "en rad i en jämförelse mellan egen regi, upphandlade utförare och referenser",
        (
            _ID,
            _CRITERION,
            _YEAR,
            _c("period", "text", "Perioden som jämförs"),
            _c("namn", "text", "Utföraren som den skrivs, eller referensen (Riket)"),
            _c("regi", "text", "egen regi, upphandlad eller referens"),
            _c("varde", "decimaltal", "Värdet i kriteriets enhet; tomt om det saknas"),
            _c("antal_svar", "heltal", "Hur många som svarade, när det är känt"),
            _c("bedomning", "text", _JUDGEMENT + "; tomt för en referens"),
            _c("berakning", "text", "För egen regi: samma period, eller medelvärde av perioderna"),
            _c("kalla", "text", "Varifrån siffrorna kommer"),
        ),
    ),
    Table(
        "ersattning",
        "Ersättningen",
        "ett år av ett uppdrag",
        (
            _ID,
            _YEAR,
            _c("manader", "heltal", "Årets månader inom uppdragets period"),
            _c("fast_kr", "heltal", "Den fasta ersättningen för de månaderna, kr"),
            _c("rorlig_kr", "heltal", "Den rörliga ersättningen enligt prognosen, kr"),
            _c("tillaggsuppdrag_kr", "heltal", "Ersättningen för tilläggsuppdrag, kr"),
            _c("totalt_kr", "heltal", "Summan av fast, rörlig och tilläggsuppdrag, kr"),
            _c("varav_oh_kr", "heltal", "Den del av den fasta ersättningen som är OH, kr"),
        ),
    ),
)
