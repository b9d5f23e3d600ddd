"""The editor and `uppdrag check` agree: every variant of a file gets the same verdict from both.

The tool's side is its own loader and models on a file (the shared files through a temporary
repository, as `check` loads them). The schema's side is the committed schema in `schema/`,
for the data as two YAML readers see it: check-jsonschema's (ruamel.yaml, dates as text) and
the editor's YAML 1.2 core schema (yaml-language-server), where `84_350_000` is text, not a
number. The fast tier validates in-process with jsonschema; one slow test runs the real
check-jsonschema program on every variant.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from check_jsonschema.parsers import yaml as check_jsonschema_yaml
from check_jsonschema.parsers.yaml import impl2loader
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from pydantic import BaseModel
from ruamel.yaml.constructor import SafeConstructor

from uppdrag_docs.cli import main
from uppdrag_docs.findings import Severity
from uppdrag_docs.format.document import Document, parse_into
from uppdrag_docs.format.json_schema import SCHEMAS
from uppdrag_docs.format.repository import (
    CATALOGUE_FILE,
    INDEX_FILE,
    KOMMUN_FILE,
    STANDARD_FILE,
    load_shared,
)
from uppdrag_docs.format.validation import validate

from .conftest import changed, require

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT / "uppdrag" / "gemensamt"
SOURCES = {
    "uppdrag": PROJECT / "uppdrag" / "hemtjanst-norr.yaml",
    "kommun": SHARED / KOMMUN_FILE,
    "upprakning": SHARED / INDEX_FILE,
    "kvalitetskriterier": SHARED / CATALOGUE_FILE,
    "standardkostnader": SHARED / STANDARD_FILE,
    "rapport": PROJECT / "uppfoljning" / "hemtjanst-norr" / "R3-2027-K1.yaml",
    "rapport-kvalitet": PROJECT / "uppfoljning" / "hemtjanst-norr" / "R1-2027-T1.yaml",
    "likvardighet": PROJECT / "uppfoljning" / "hemtjanst-norr" / "likvardighet-2027.yaml",
    "bedomning": PROJECT / "uppfoljning" / "hemtjanst-norr" / "bedomning-2027.yaml",
}
SHARED_NAMES = {
    "kommun": KOMMUN_FILE,
    "upprakning": INDEX_FILE,
    "kvalitetskriterier": CATALOGUE_FILE,
    "standardkostnader": STANDARD_FILE,
}


@dataclass(frozen=True)
class Variant:
    name: str
    source: str
    old: str
    new: str
    valid: bool

    @property
    def kind(self) -> str:
        return self.source.split("-")[0]

    def text(self) -> str:
        base = SOURCES[self.source].read_text(encoding="utf-8")
        if not self.old:
            return base + self.new
        assert self.old in base, f"{self.name}: '{self.old}' finns inte i {self.source}"
        return base.replace(self.old, self.new, 1)


MONEY = "driftskostnad_basår: 84_350_000"
CLIENTS = "antal_brukare: 1240"
DAYS = "dagar_efter_period: 30"
SHARE = "oh_andel: 0.035"
FLAG = "likvärdig: true "
DATE = "datum: 2026-09-30"
TITLE = "titel: Hemtjänst i egen regi – område Norr"
PAY = "ersättning: 22_270_512"
FLAG_SHARED = "likvärdig: true"
REFERENCE = (
    "referens:\n  - namn: Riket\n    källa: Öppna jämförelser 2027\n    utfall:\n"
    "      - kriterium: KK2\n        värde: 79\n        antal_svar: 1200\n"
)
REPEAL = "upphävande:\n  organ: Socialnämnden\n  sammanträde: 2027-06-14\n  paragraf: 97\n"
WEB_BLOCK = "webb:" + SOURCES["kommun"].read_text(encoding="utf-8").partition("\nwebb:")[2]
SCORE = "värde: 93.1"
FEEDBACK = "återkoppling: tillganglighet@linkoping.se"


def money(value: str, valid: bool) -> Variant:
    return Variant(f"pengar {value}", "uppdrag", MONEY, f"driftskostnad_basår: {value}", valid)


VARIANTS = [
    Variant("uppdraget som det är", "uppdrag", "", "", True),
    money("84350000", True),
    money("84350000.50", True),
    money('"84_350_000"', True),
    money("'84_350_000.50'", True),
    money("1e6", True),
    money('"12 kr"', False),
    money("12 kr", False),
    money("true", False),
    money("2027-01-01", False),
    money('"84350000"', False),
    money("-5", False),
    money("84 350 000", False),
    money("null", False),
    Variant("negativt belopp", "uppdrag", "belopp: 1_200_000", "belopp: -1_200_000", True),
    Variant("prognos i grupper", "uppdrag", "prognos: 24_000", 'prognos: "24_000"', True),
    Variant("prognos med enhet", "uppdrag", "prognos: 24_000", "prognos: 24 000 timmar", False),
    Variant("heltal 1_240", "uppdrag", CLIENTS, "antal_brukare: 1_240", True),
    Variant("heltal '1_240'", "uppdrag", CLIENTS, "antal_brukare: '1_240'", True),
    Variant("heltal 3.0", "uppdrag", DAYS, "dagar_efter_period: 30.0", True),
    Variant("heltal 30.5", "uppdrag", DAYS, "dagar_efter_period: 30.5", False),
    Variant('heltal "30"', "uppdrag", DAYS, 'dagar_efter_period: "30"', False),
    Variant("heltal true", "uppdrag", DAYS, "dagar_efter_period: true", False),
    Variant("heltal över gränsen", "uppdrag", DAYS, "dagar_efter_period: 367", False),
    Variant("heltal -1", "uppdrag", CLIENTS, "antal_brukare: -1", False),
    Variant("andel 1.5", "uppdrag", SHARE, "oh_andel: 1.5", False),
    Variant('andel "0.035"', "uppdrag", SHARE, 'oh_andel: "0.035"', False),
    Variant("andel 3.5e-2", "uppdrag", SHARE, "oh_andel: 3.5e-2", True),
    Variant("flagga false", "uppdrag", FLAG, "likvärdig: false ", True),
    Variant("flagga ja", "uppdrag", FLAG, "likvärdig: ja ", False),
    Variant("flagga yes", "uppdrag", FLAG, "likvärdig: yes ", False),
    Variant('flagga "true"', "uppdrag", FLAG, 'likvärdig: "true" ', False),
    Variant("flagga 1", "uppdrag", FLAG, "likvärdig: 1 ", False),
    Variant('datum "2026-09-30"', "uppdrag", DATE, 'datum: "2026-09-30"', True),
    Variant("datum 2026-09-31", "uppdrag", DATE, "datum: 2026-09-31", False),
    Variant("datum 20260930", "uppdrag", DATE, "datum: 20260930", False),
    Variant("datum 2027-02-29", "uppdrag", DATE, "datum: 2027-02-29", False),
    Variant("datum 2028-02-29", "uppdrag", DATE, "datum: 2028-02-29", True),
    Variant("datum 1850", "uppdrag", DATE, "datum: 1850-09-30", False),
    Variant("datum 30/9 2026", "uppdrag", DATE, "datum: 30/9 2026", False),
    Variant("okänd nyckel", "uppdrag", "", "okänd_nyckel: 1\n", False),
    Variant("engelskt namn", "uppdrag", "titel: Hemtjänst", "title: Hemtjänst", False),
    Variant("saknad nyckel", "uppdrag", "verksamhetsområde: Äldreomsorg\n", "", False),
    Variant("fel status", "uppdrag", "status: förslag", "status: klar", False),
    Variant("okänt skäl", "uppdrag", "  - yttersta_ansvaret", "  - billigast", False),
    Variant("fel frekvens", "uppdrag", "frekvens: tertial", "frekvens: vecka", False),
    Variant("titel som tal", "uppdrag", TITLE, "titel: 2027", False),
    Variant("tom titel", "uppdrag", TITLE, 'titel: ""', False),
    Variant("år som nyckel", "uppdrag", "    2027: 102_000_000", "    tjugo: 102_000_000", False),
    Variant("paragraf 0", "uppdrag", "paragraf: null", "paragraf: 0", False),
    Variant("paragraf 187", "uppdrag", "paragraf: null", "paragraf: 187", True),
    Variant("upphävande", "uppdrag", "", REPEAL, True),
    Variant(
        "upphävande utan paragraf", "uppdrag", "", changed(REPEAL, "  paragraf: 97\n", ""), False
    ),
    Variant("upphävande paragraf null", "uppdrag", "", changed(REPEAL, "97", "null"), False),
    Variant("kommun som den är", "kommun", "", "", True),
    Variant("påminnelse null", "kommun", "påminnelse_dagar: 7", "påminnelse_dagar: null", True),
    Variant("påminnelse 7.0", "kommun", "påminnelse_dagar: 7", "påminnelse_dagar: 7.0", True),
    Variant('påminnelse "7"', "kommun", "påminnelse_dagar: 7", 'påminnelse_dagar: "7"', False),
    Variant("domän med versaler", "kommun", "domän: linkoping.se", "domän: Linkoping.se", False),
    Variant("belopp i mkr", "kommun", "belopp_i: kr", "belopp_i: mkr", False),
    Variant("marginal", "kommun", "", "uppföljning:\n  delvis_marginal: 0.05\n", True),
    Variant("marginal i procent", "kommun", "", "uppföljning:\n  delvis_marginal: 5 %\n", False),
    Variant("okänd nyckel i kommun", "kommun", "", "kommunkod: 580\n", False),
    Variant("utan webb", "kommun", WEB_BLOCK, "", True),
    Variant("webb utan tillgänglighet", "kommun", "  tillgänglighet:\n", "  x:\n", False),
    Variant("bas_url utan /", "kommun", ".linkoping.se/ ", ".linkoping.se ", False),
    Variant("bas_url http", "kommun", "bas_url: https:", "bas_url: http:", False),
    Variant("epost utan @", "kommun", "epost: kontaktcenter@", "epost: kontaktcenter.", False),
    Variant("återkoppling formulär", "kommun", FEEDBACK, "återkoppling: https://x.se/f", True),
    Variant("återkoppling http", "kommun", FEEDBACK, "återkoppling: http://x.se/f", False),
    Variant("licens CC-BY-4.0", "kommun", "licens: CC0-1.0", "licens: CC-BY-4.0", True),
    Variant("licens MIT", "kommun", "licens: CC0-1.0", "licens: MIT", False),
    Variant("förenlighet okänd", "kommun", "förenlighet: delvis", "förenlighet: mest", False),
    Variant("metod extern", "kommun", "metod: självskattning", "metod: extern granskning", True),
    Variant("metod okänd", "kommun", "metod: självskattning", "metod: gissning", False),
    Variant("situation okänd", "kommun", "situation: Användning utan syn", "situation: x", False),
    Variant("bedömd som tal", "kommun", "bedömd: 2028-03-01", "bedömd: 20280301", False),
    Variant("uppräkningen som den är", "upprakning", "", "", True),
    Variant("index i procent", "upprakning", "personal: 0.030", "personal: 3 %", False),
    Variant("index som text", "upprakning", "personal: 0.030", 'personal: "0.030"', False),
    Variant("år som text", "upprakning", "  2026:", "  tjugotjugosex:", False),
    Variant("katalogen som den är", "kvalitetskriterier", "", "", True),
    Variant("katalogens flagga ja", "kvalitetskriterier", FLAG_SHARED, "likvärdig: ja", False),
    Variant("målvärde i procent", "kvalitetskriterier", "minst: 90", "minst: 90 %", False),
    Variant("målvärde 9_000", "kvalitetskriterier", "minst: 90", "minst: 9_000", True),
    Variant("målvärde utan enhet", "kvalitetskriterier", "    enhet: personer\n", "", False),
    Variant("målvärde med tom enhet", "kvalitetskriterier", "enhet: personer", 'enhet: ""', False),
    Variant("målvärde null", "kvalitetskriterier", "högst: 15", "högst: null", False),
    Variant(
        "målvärde som text",
        "kvalitetskriterier",
        "    högst: 15\n    enhet: personer",
        "    text: Kontinuitet",
        True,
    ),
    Variant("katalogen som lista", "kvalitetskriterier", "", "- x\n", False),
    Variant("katalogens typ", "standardkostnader", "", "", True),
    Variant("standard 0 kr", "standardkostnader", "belopp: 492.00", "belopp: 0", False),
    Variant("standard som text", "standardkostnader", "belopp: 492.00", 'belopp: "492"', False),
    Variant("standard i grupper", "standardkostnader", "belopp: 492.00", "belopp: 1_492.50", True),
    Variant("standard i kr", "standardkostnader", "belopp: 492.00", "belopp: 492 kr", False),
    Variant("typ med versal", "standardkostnader", "\nhemtjanst:", "\nHemtjanst:", False),
    Variant("typ utan enhet", "standardkostnader", "  enhet: utförd timme", "", False),
    Variant("momskompensation 1", "standardkostnader", "0.06", "1", False),
    Variant(
        "tolerans",
        "standardkostnader",
        "  enheter_per_plats:",
        "  tolerans: 0.1\n  enheter_per_plats:",
        True,
    ),
    Variant(
        "tolerans 0",
        "standardkostnader",
        "  enheter_per_plats:",
        "  tolerans: 0\n  enheter_per_plats:",
        False,
    ),
    Variant("upphandlat enligt LOF", "standardkostnader", "form: LOV", "form: LOF", False),
    Variant("kpi X21003", "standardkostnader", "kpi: U21003", "kpi: X21003", False),
    Variant("kommun 580", "standardkostnader", '["0580", "0000"]', '["580"]', False),
    Variant("kommungrupp", "standardkostnader", '["0580", "0000"]', '["0580", "G33"]', True),
    Variant("slag region", "standardkostnader", "slag: kommun", "slag: region", False),
    Variant(
        "okänd nyckel i en typ",
        "standardkostnader",
        "  enhet: dygn",
        "  enhet: dygn\n  pris: 1",
        False,
    ),
    Variant("standardkostnad i uppdraget", "uppdrag", "", "", True),
    Variant(
        "volym ett tal", "uppdrag", "volym: {2027: 182_000, 2028: 185_500}", "volym: 182_000", True
    ),
    Variant("volym 0", "uppdrag", "volym: {2027: 182_000", "volym: {2027: 0", False),
    Variant(
        "volym i timmar", "uppdrag", "volym: {2027: 182_000", "volym: {2027: 182 000 timmar", False
    ),
    Variant("typ med versal i uppdraget", "uppdrag", "typ: hemtjanst", "typ: Hemtjänst", False),
    Variant(
        "utanför standard negativt",
        "uppdrag",
        "belopp: {2027: 6_800_000",
        "belopp: {2027: -1",
        False,
    ),
    Variant(
        "enligt standard",
        "uppdrag",
        "      styckkostnad: 68_000",
        "      enligt_standard: hemtjanst\n      per_plats: false\n      månader: 6",
        True,
    ),
    Variant(
        "enligt standard och styckkostnad",
        "uppdrag",
        "      styckkostnad: 68_000",
        "      styckkostnad: 68_000\n      enligt_standard: hemtjanst",
        False,
    ),
    Variant("ingen styckkostnad", "uppdrag", "      styckkostnad: 68_000\n", "", False),
    Variant(
        "styckkostnad null",
        "uppdrag",
        "      styckkostnad: 68_000",
        "      styckkostnad: null",
        False,
    ),
    Variant(
        "per plats utan standard",
        "uppdrag",
        "      styckkostnad: 68_000",
        "      styckkostnad: 68_000\n      per_plats: true",
        False,
    ),
    Variant(
        "månader 13",
        "uppdrag",
        "      styckkostnad: 68_000",
        "      enligt_standard: hemtjanst\n      månader: 13",
        False,
    ),
    Variant("tolerans i kommun", "kommun", "", "standardkostnad:\n  tolerans: 0.05\n", True),
    Variant("tolerans 1 i kommun", "kommun", "", "standardkostnad:\n  tolerans: 1\n", False),
    Variant(
        "prognosdatum",
        "kommun",
        "",
        'budgetuppföljning:\n  prognosdatum: ["03-31", "08-31", "10-31"]\n',
        True,
    ),
    Variant(
        "prognosdatum 02-30", "kommun", "", 'budgetuppföljning:\n  prognosdatum: ["02-30"]\n', False
    ),
    Variant(
        "prognosdatum 3/31", "kommun", "", "budgetuppföljning:\n  prognosdatum: [3/31]\n", False
    ),
    Variant("rapporten som den är", "rapport", "", "", True),
    Variant("volym med decimaler", "rapport", "volym: 45_200", "volym: 45200.5", True),
    Variant("volym -1", "rapport", "volym: 45_200", "volym: -1", False),
    Variant("volym i timmar", "rapport", "volym: 45_200", "volym: 45 200 timmar", False),
    Variant(
        "utanför standard i öppna böcker",
        "rapport",
        "  kommentar: Resultatet",
        "  utanför_standard: 1_700_000\n  kommentar: Resultatet",
        True,
    ),
    Variant(
        "utanför standard med öre",
        "rapport",
        "  kommentar: Resultatet",
        "  utanför_standard: 1700000.50\n  kommentar: Resultatet",
        False,
    ),
    Variant(
        "pris i likvärdigheten",
        "likvardighet",
        "  - namn: Vardaga Omsorg AB\n",
        "  - namn: Vardaga Omsorg AB\n    pris: 556.00\n",
        True,
    ),
    Variant(
        "pris 0",
        "likvardighet",
        "  - namn: Vardaga Omsorg AB\n",
        "  - namn: Vardaga Omsorg AB\n    pris: 0\n",
        False,
    ),
    Variant("ersättning i grupper", "rapport", PAY, "ersättning: '22_270_512'", True),
    Variant("ersättning med öre", "rapport", PAY, "ersättning: 22270512.50", False),
    Variant("ersättning med öre i grupper", "rapport", PAY, "ersättning: 22_270_512.50", False),
    Variant("ersättning i kr", "rapport", PAY, "ersättning: 22 270 512 kr", False),
    Variant("period 2027-K5", "rapport", "period: 2027-K1", "period: 2027-K5", False),
    Variant("period 12", "rapport-kvalitet", "period: 2027-T1", "period: 12", False),
    Variant("period 2027.0", "likvardighet", "period: 2027", "period: 2027.0", True),
    Variant("period som text", "rapport", "period: 2027-K1", 'period: "2027-K1"', True),
    Variant("inlämnad som tal", "rapport", "inlämnad: 2027-04-22", "inlämnad: 20270415", False),
    Variant("kvalitetsrapporten", "rapport-kvalitet", "", "", True),
    Variant("värde i procent", "rapport-kvalitet", "värde: 14", "värde: 14 procent", False),
    Variant("värde i grupper", "rapport-kvalitet", "värde: 14", "värde: 14_000", True),
    Variant("likvärdigheten som den är", "likvardighet", "", "", True),
    Variant("likvärdighet utan utförare", "likvardighet", "", "utförare: []\n", False),
    Variant("antal svar", "rapport-kvalitet", SCORE, "värde: 93.1\n    antal_svar: 312", True),
    Variant("antal svar 0", "rapport-kvalitet", SCORE, "värde: 93.1\n    antal_svar: 0", True),
    Variant("antal svar -1", "rapport-kvalitet", SCORE, "värde: 93.1\n    antal_svar: -1", False),
    Variant("antal svar 4.5", "rapport-kvalitet", SCORE, "värde: 93.1\n    antal_svar: 4.5", False),
    Variant("antal svar text", "rapport-kvalitet", SCORE, "värde: 93.1\n    antal_svar: få", False),
    Variant("referens", "likvardighet", "", REFERENCE, True),
    Variant("referens utan utfall", "likvardighet", "", "referens:\n  - namn: Riket\n", False),
    Variant(
        "referens utan namn",
        "likvardighet",
        "",
        changed(REFERENCE, "  - namn: Riket\n    källa: Öppna jämförelser 2027\n", "  - "),
        False,
    ),
    Variant("bedömningen som den är", "bedomning", "", "", True),
    Variant("bedömning med fel ord", "bedomning", "bedömning: uppfyllt", "bedömning: bra", False),
    Variant("bedömning av år 1850", "bedomning", "år: 2027", "år: 1850", False),
]


def model_of(kind: str) -> type[BaseModel]:
    model = SCHEMAS[kind].model
    assert isinstance(model, type)
    return model


def tool_accepts(variant: Variant, tmp: Path) -> bool:
    """The tool's verdict: no error from reading and the models (the guideline's rules aside)."""
    text = variant.text()
    if variant.kind in SHARED_NAMES:
        folder = tmp / "uppdrag" / "gemensamt"
        folder.mkdir(parents=True, exist_ok=True)
        for kind, name in SHARED_NAMES.items():
            source = text if kind == variant.kind else SOURCES[kind].read_text(encoding="utf-8")
            (folder / name).write_text(source, encoding="utf-8")
        shared = load_shared(tmp)
        findings = shared.documents[SHARED_NAMES[variant.kind]].findings
        return not any(f.severity is Severity.ERROR for f in findings)
    doc = Document(path=tmp / SOURCES[variant.source].name)
    parse_into(doc, text.encode())
    if doc.data is not None:
        validate(doc, model_of(variant.kind))
    return doc.data is not None and not any(f.severity is Severity.ERROR for f in doc.findings)


@cache
def validator(kind: str) -> Draft202012Validator:
    name = SCHEMAS[kind].file
    schema = json.loads((PROJECT / "schema" / name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def construct_yaml_implementation(*, pure: bool = False) -> Any:
    """check-jsonschema's YAML reader, with its table of constructors kept to itself.

    check-jsonschema reads timestamps as text by writing into the table that its subclass of
    ruamel.yaml's SafeConstructor inherits, which is SafeConstructor's own: every later safe
    load in the process would then read `2027-02-10` as text. The table is restored here and
    the reader gets a copy of the changed one.
    """
    shared = SafeConstructor.yaml_constructors
    saved = dict(shared)
    implementation = check_jsonschema_yaml.construct_yaml_implementation(pure=pure)
    implementation.Constructor.yaml_constructors = dict(shared)
    shared.clear()
    shared.update(saved)
    return implementation


_CHECK_JSONSCHEMA = impl2loader(
    construct_yaml_implementation(), construct_yaml_implementation(pure=True)
)
"""check-jsonschema's own reader: the C parser, and the pure one when that fails."""


def _core_yaml() -> Any:
    """YAML 1.2's core schema as the editor's parser has it: no `_` in numbers, no dates."""
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.tag import Tag

    text_tag = Tag(suffix="tag:yaml.org,2002:str")

    class CoreResolver(VersionedResolver):
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            tag = super().resolve(kind, value, implicit)
            if isinstance(value, str) and "_" in value and str(tag).endswith(("int", "float")):
                return text_tag
            return tag

    yaml = construct_yaml_implementation()
    yaml.Resolver = CoreResolver
    return yaml


_EDITOR = impl2loader(_core_yaml())


def schema_accepts(kind: str, data: Any) -> bool:
    return validator(kind).is_valid(data)


def _parsed(loader: Any, text: str) -> tuple[bool, Any]:
    import io

    from ruamel.yaml import YAMLError

    try:
        return True, loader(io.BytesIO(text.encode()))
    except YAMLError:
        return False, None


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.name)
def test_editor_and_check_agree(variant: Variant, tmp_path: Path) -> None:
    text = variant.text()
    tool = tool_accepts(variant, tmp_path)
    verdicts = {"uppdrag check": tool}
    for reader, loader in (("check-jsonschema", _CHECK_JSONSCHEMA), ("redigeraren", _EDITOR)):
        ok, data = _parsed(loader, text)
        verdicts[reader] = ok and schema_accepts(variant.kind, data)
    assert verdicts == dict.fromkeys(verdicts, variant.valid), verdicts


def test_digit_groups_of_another_size_are_the_one_known_difference(tmp_path: Path) -> None:
    """`8435_0000` is an integer to ruamel.yaml (the tool, check-jsonschema) and text to the
    editor's YAML 1.2, which finds no digit groups of three in it: the editor is the stricter."""
    variant = money("8435_0000", True)
    assert tool_accepts(variant, tmp_path)
    assert schema_accepts("uppdrag", _parsed(_CHECK_JSONSCHEMA, variant.text())[1])
    assert not schema_accepts("uppdrag", _parsed(_EDITOR, variant.text())[1])


def test_the_variants_cover_every_kind_of_file() -> None:
    assert {v.kind for v in VARIANTS} == set(SCHEMAS)
    assert len(VARIANTS) >= 30
    assert {True, False} == {v.valid for v in VARIANTS}


@pytest.mark.slow
def test_check_jsonschema_itself_agrees(tmp_path: Path) -> None:
    """The real program, as CI or pre-commit would run it, on every variant at once per schema."""
    program = Path(sys.executable).with_name("check-jsonschema")
    for kind in SCHEMAS:
        files = _variant_files(tmp_path, kind)
        schema = PROJECT / "schema" / SCHEMAS[kind].file
        result = subprocess.run(
            [str(program), "--schemafile", str(schema), "-o", "json", *files],
            capture_output=True,
            text=True,
            check=False,
        )
        report = json.loads(result.stdout)
        failed = {e["filename"] for e in report.get("errors", []) + report.get("parse_errors", [])}
        for path, variant in files.items():
            assert (path not in failed) == variant.valid, (variant.name, report)


@pytest.mark.slow
def test_yaml_language_server_itself_agrees(tmp_path: Path) -> None:
    """The editor's own validation: VS Code's YAML language server (`tools/yaml-validate.mjs`)."""
    node = require("node", "make test installerar npm och yaml-language-server")
    if not (PROJECT / "tools" / "node_modules" / "yaml-language-server").is_dir():
        pytest.fail("yaml-language-server saknas: kör 'npm ci --prefix tools' (make test gör det)")
    disagree = []
    for kind in SCHEMAS:
        files = _variant_files(tmp_path, kind)
        schema = PROJECT / "schema" / SCHEMAS[kind].file
        script = PROJECT / "tools" / "yaml-validate.mjs"
        result = subprocess.run(
            [node, str(script), str(schema), *files],
            capture_output=True,
            text=True,
            check=True,
        )
        report = json.loads(result.stdout)
        for path, variant in files.items():
            if (not report[path]) != variant.valid:
                disagree.append((variant.name, report[path]))
    assert disagree == []


def _variant_files(tmp: Path, kind: str) -> dict[str, Variant]:
    files = {}
    for i, variant in enumerate(v for v in VARIANTS if v.kind == kind):
        path = tmp / kind / f"{i:02d}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(variant.text(), encoding="utf-8")
        files[str(path)] = variant
    return files


# Swedish everywhere: no title or description that pydantic made of an English name.

_AUTO_TITLE = re.compile(r"^[A-Z][a-z]+( [A-Z][a-z]+)*$")


def _walk(node: Any, where: str = "") -> Any:
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{where}/{i}")


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_every_key_is_described_in_swedish(kind: str) -> None:
    schema = json.loads((PROJECT / "schema" / SCHEMAS[kind].file).read_text(encoding="utf-8"))
    titles = [(where, node["title"]) for where, node in _walk(schema) if "title" in node]
    assert titles == [("", schema["title"])], "bara filens egen titel, på svenska"
    for where, node in _walk(schema):
        if re.fullmatch(r"(/\$defs/\w+)?/properties", where):  # a model's keys
            for key, field in node.items():
                assert field.get("description"), f"{kind}: {where}/{key} saknar beskrivning"
        if "enum" in node and len(node["enum"]) > 1:
            assert len(node.get("markdownEnumDescriptions", [])) == len(node["enum"]), where
    english = re.compile(r"\b(the|of|and|is|an|for|when|with)\b")
    for where, node in _walk(schema):
        description = node.get("description")
        if isinstance(description, str):
            assert not english.search(description), f"{kind}: {where}: {description}"


def test_the_reasons_are_the_guidelines_words() -> None:
    schema = json.loads((PROJECT / "schema" / "uppdrag.schema.json").read_text(encoding="utf-8"))
    reasons = schema["properties"]["skäl"]["items"]
    at = reasons["enum"].index("yttersta_ansvaret")
    assert "lagstadgade ansvaret" in reasons["enumDescriptions"][at]
    assert reasons["enumDescriptions"][0].startswith("Verksamhetsuppdrag är lämpligt när")


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_the_committed_schemas_are_up_to_date(kind: str) -> None:
    from uppdrag_docs.format.json_schema import schema_text

    name = SCHEMAS[kind].file
    kept = (PROJECT / "schema" / name).read_text(encoding="utf-8")
    assert kept == schema_text(kind), f"kör: uppdrag schema --typ {kind} -o schema/{name}"
    assert CliRunner().invoke(main, ["schema", "--typ", kind]).output == kept


def test_the_editor_settings_map_every_folder_to_its_schema() -> None:
    from uppdrag_docs.format.json_schema import editor_settings_text

    kept = (PROJECT / ".vscode" / "settings.json").read_text(encoding="utf-8")
    assert kept == editor_settings_text()
    for path in (PROJECT / "schema").glob("*.json"):
        assert f"./schema/{path.name}" in json.loads(kept)["yaml.schemas"]


def test_every_example_names_its_schema_on_its_first_line() -> None:
    """Where the settings' globs overlap, the first line decides which schema the editor uses."""
    from uppdrag_docs.format.json_schema import modeline

    def kind_of(path: Path) -> str:
        if path.parent.name == "gemensamt":
            return path.stem
        if path.parts[-3] == "uppfoljning":
            return next(
                (k for k in ("likvardighet", "bedomning") if path.name.startswith(k)), "rapport"
            )
        return "uppdrag"

    files = [*(PROJECT / "uppdrag").rglob("*.yaml"), *(PROJECT / "uppfoljning").rglob("*.yaml")]
    assert len(files) > 20
    for path in files:
        depth = len(path.relative_to(PROJECT).parts) - 1
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == modeline(kind_of(path), depth), path
