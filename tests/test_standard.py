"""Standardkostnad (standardkostnad.md): the worked example to the öre, the property that J, e and
d follow from the rounded lines, and every check UD320–UD327 at its line with the whole list of
findings of the file."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import uppdrag_docs
from uppdrag_docs.calc.engine import calculate
from uppdrag_docs.calc.per_unit import beyond, compare, kolada_lines, procured_price
from uppdrag_docs.calc.rounding import ORE, round_money
from uppdrag_docs.calc.rows import calculation_rows
from uppdrag_docs.calc.standard import standard_price
from uppdrag_docs.cli import main
from uppdrag_docs.findings import Finding
from uppdrag_docs.follow_up.review import check as check_with_per
from uppdrag_docs.format.repository import Shared, load_shared
from uppdrag_docs.format.schema import Uppdrag
from uppdrag_docs.format.standard import StandardCatalogue, StandardCost
from uppdrag_docs.trust.checks import check

from .conftest import (
    BASE_TEXT,
    EXAMPLES,
    PROJECT,
    KommunRepo,
    changed,
    column_of,
    examples,
    line_of,
)

VOLUME = "volym: {2027: 182_000, 2028: 185_500}"
SPEC_VOLUME = "volym: {2027: 178_000, 2028: 181_500}"
MOTIVATION_COMMENT = (
    "    # motivering: required when a year's ersättning per timme is over the tolerance (5 %)\n"
)
MOTIVATION = (
    "    motivering: |\n      Glesbygden norr om Stångån ger längre restid per utförd timme än "
    "standarden räknar med.\n"
)


def spec_text() -> str:
    """The example uppdrag with the spec's block: 178 000 and 181 500 timmar, a motivering."""
    text = changed(BASE_TEXT, VOLUME, SPEC_VOLUME, count=1)
    return changed(text, MOTIVATION_COMMENT, MOTIVATION, count=1)


def catalogue(repo: KommunRepo) -> Path:
    return repo.uppdrag_dir / "gemensamt" / "standardkostnader.yaml"


def change_catalogue(repo: KommunRepo, old: str, new: str) -> str:
    path = catalogue(repo)
    text = changed(path.read_text(encoding="utf-8"), old, new, count=1)
    path.write_text(text, encoding="utf-8")
    return text


def findings(repo: KommunRepo, text: str) -> list[Finding]:
    path = repo.write(text)
    return [f for f in check([path], root=repo.root).findings if f.path == path]


def test_the_worked_example_to_the_ore(repo: KommunRepo) -> None:
    repo.write(spec_text())
    item = uppdrag_docs.calculate("hemtjanst-norr", start=repo.root)
    standard = item.standard
    assert standard is not None
    first, second = standard.years
    assert (first.standard and first.standard.amount, first.standard.raised_from) == (
        D("507.99"),
        2026,
    )
    assert second.standard is not None and second.standard.amount == D("522.66")
    assert (first.fixed, first.variable, first.outside_total) == (89082048, 12840000, 6800000)
    assert (first.comparable, first.per_unit, first.deviation) == (95122048, D("534.39"), D("5.2"))
    assert first.over_tolerance and first.per_client == 117145
    assert (second.comparable, second.per_unit, second.deviation) == (
        97960677,
        D("539.73"),
        D("3.3"),
    )
    assert not second.over_tolerance
    lov = procured_price(standard.kind, 2027, first.standard, standard.tolerance)
    assert lov is not None
    assert (lov.price, lov.net, lov.deviation, lov.form) == (
        D("556.00"),
        D("524.53"),
        D("3.3"),
        "LOV",
    )


def test_the_worked_example_gives_ud320_and_ud321_at_their_lines(repo: KommunRepo) -> None:
    text = changed(spec_text(), MOTIVATION, "")
    found = findings(repo, text)
    assert [(f.code, f.severity.value, f.position.line) for f in found] == [
        ("UD321", "varning", line_of(text, "  standardkostnad:")),
        ("UD320", "varning", line_of(text, SPEC_VOLUME)),
    ]
    assert found[1].position.column == column_of(text, "178_000")
    assert found[1].message == (
        "ersättningen per utförd timme 2027 är 534,39\u00a0kr (+5,2\u00a0%), över "
        "standardkostnaden 507,99\u00a0kr (uppräknad från 2026) med mer än toleransen 5\u00a0%"
    )
    assert "2027" in found[0].message and "motivering" in found[0].message


def test_a_motivering_leaves_ud320_only(repo: KommunRepo) -> None:
    assert [f.code for f in findings(repo, spec_text())] == ["UD320"]


def test_the_example_is_within_the_tolerance_and_clean(repo: KommunRepo) -> None:
    assert findings(repo, BASE_TEXT) == []


def test_a_motivering_is_an_error_once_fastställt(repo: KommunRepo) -> None:
    text = changed(spec_text(), MOTIVATION, "")
    text = changed(text, "status: förslag", "status: fastställt", count=1)
    text = changed(text, "paragraf: null", "paragraf: 187", count=1)
    codes = {(f.code, f.severity.value) for f in findings(repo, text)}
    assert ("UD321", "fel") in codes and ("UD320", "varning") in codes


def test_a_deviation_under_the_standard_counts_too(repo: KommunRepo) -> None:
    text = changed(BASE_TEXT, VOLUME, "volym: {2027: 200_000, 2028: 185_500}", count=1)
    [motivation, finding] = findings(repo, text)
    assert (motivation.code, finding.code) == ("UD321", "UD320")
    assert "475,61\u00a0kr (−6,4\u00a0%), under standardkostnaden 507,99" in finding.message


def test_equal_to_the_tolerance_is_within() -> None:
    assert not beyond(D("525.00"), D("500.00"), D("0.05"))
    assert beyond(D("525.01"), D("500.00"), D("0.05"))
    assert not beyond(D("475.00"), D("500.00"), D("0.05"))
    assert beyond(D("474.99"), D("500.00"), D("0.05"))


def test_the_tolerance_is_judged_on_the_rounded_figures(repo: KommunRepo) -> None:
    # 5 % of 507,99 is 25,3995: e = 533,38 is within, 533,39 is over.
    within = changed(BASE_TEXT, VOLUME, "volym: {2027: 178_337, 2028: 185_500}", count=1)
    assert findings(repo, within) == []
    over = changed(BASE_TEXT, VOLUME, "volym: {2027: 178_336, 2028: 185_500}", count=1)
    assert [f.code for f in findings(repo, over)] == ["UD321", "UD320"]


# (code, severity, old, new in the uppdrag, text on the finding's line, codes of the whole file)
CASES = [
    (
        "UD322",
        "fel",
        "typ: hemtjanst",
        "typ: hemtjanst-norr",
        "typ: hemtjanst-norr",
        ["UD322"],
    ),
    (
        "UD112",
        "fel",
        "typ: hemtjanst",
        "typ: hemtjänst",
        "typ: hemtjänst",
        ["UD112"],
    ),
    (
        "UD324",
        "varning",
        VOLUME,
        "volym: {2027: 182_000}",
        "volym: {2027: 182_000}",
        ["UD324"],
    ),
    (
        "UD325",
        "fel",
        "belopp: {2027: 6_800_000, 2028: 7_000_000}",
        "belopp: {2027: 6_800_000, 2028: 120_000_000}",
        "belopp: {2027: 6_800_000, 2028: 120_000_000}",
        ["UD325"],
    ),
    (
        "UD322",
        "fel",
        "      styckkostnad: 68_000",
        "      enligt_standard: hemtjanst\n      per_plats: true",
        "per_plats: true",
        ["UD322", "UD302", "UD302"],  # 25 utförda timmar instead of 25 brukare: a deficit
    ),
    (
        "UD322",
        "fel",
        "      styckkostnad: 68_000",
        "      enligt_standard: lss.gruppbostaden",
        "enligt_standard: lss.gruppbostaden",
        ["UD322"],
    ),
]


@pytest.mark.parametrize(("code", "severity", "old", "new", "line_text", "all_codes"), CASES)
def test_each_case(
    repo: KommunRepo,
    code: str,
    severity: str,
    old: str,
    new: str,
    line_text: str,
    all_codes: list[str],
) -> None:
    text = changed(BASE_TEXT, old, new, count=1)
    found = findings(repo, text)
    assert [f.code for f in found] == all_codes
    finding = next(f for f in found if f.code == code)
    assert finding.severity.value == severity
    assert finding.position.line == line_of(text, line_text)


def test_an_unknown_type_names_the_closest(repo: KommunRepo) -> None:
    [finding] = findings(repo, changed(BASE_TEXT, "typ: hemtjanst", "typ: hemtjanster", count=1))
    assert finding.message == (
        "typen 'hemtjanster' finns inte i standardkostnader.yaml; menade du 'hemtjanst'?"
    )
    assert finding.section == "3.1.3"


def test_without_a_catalogue_the_type_is_unknown(repo: KommunRepo) -> None:
    catalogue(repo).unlink()
    [finding] = findings(repo, BASE_TEXT)
    assert (finding.code, finding.position.line) == ("UD322", line_of(BASE_TEXT, "typ: hemtjanst"))
    assert "standardkostnader.yaml saknas" in finding.message


def test_a_catalogue_without_the_type_gives_only_ud322(repo: KommunRepo) -> None:
    old = catalogue(repo).read_text(encoding="utf-8")
    start, end = old.index("hemtjanst:\n"), old.index("lss.gruppbostad:\n")
    catalogue(repo).write_text(old[:start] + old[end:], encoding="utf-8")
    [finding] = findings(repo, BASE_TEXT)
    assert finding.code == "UD322"
    assert finding.message.endswith("typerna är lss.gruppbostad")


def test_a_year_without_a_standard_is_ud323_at_typ(repo: KommunRepo) -> None:
    change_catalogue(repo, "    personal: 0.85\n    lokaler: 0.03\n    övrigt: 0.12\n", "")
    change_catalogue(repo, "  kostnadsfördelning:            # raises", "  # raises")
    [finding] = findings(repo, BASE_TEXT)
    assert (finding.code, finding.severity.value) == ("UD323", "varning")
    assert finding.position.line == line_of(BASE_TEXT, "typ: hemtjanst")
    assert "saknas för 2027 och 2028" in finding.message


def test_a_value_decided_after_the_meeting(repo: KommunRepo) -> None:
    change_catalogue(repo, "datum: 2025-11-14", "datum: 2026-12-20")
    [finding] = findings(repo, BASE_TEXT)
    assert (finding.code, finding.severity.value, finding.position.line) == (
        "UD326",
        "varning",
        line_of(BASE_TEXT, "typ: hemtjanst"),
    )
    assert finding.message == (
        "standardkostnaden 2026 (492,00\u00a0kr) fastställdes 2026-12-20, efter sammanträdet "
        "2026-12-14; nämnden ska besluta på fastställda värden"
    )


def test_enligt_standard_prices_the_volume_change(repo: KommunRepo) -> None:
    text = changed(
        BASE_TEXT,
        "      antal: 15\n      styckkostnad: 70_000",
        "      antal: 6\n      enligt_standard: lss.gruppbostad\n      per_plats: true\n"
        "      månader: 10",
        count=1,
    )
    repo.write(text)
    item = uppdrag_docs.calculate("hemtjanst-norr", start=repo.root)
    [line] = item.calculation.year(2028).volume_lines
    # s(2028) = 3 150,00 raised twice: 3 250,42 (2027), 3 343,25 (2028)
    assert line.factors == (D(6), round_money(D("3343.25") * 365 * 10 / 12))
    assert line.amount == 6 * round_money(D("3343.25") * 365 * 10 / 12)
    labels = [r.label for r in calculation_rows(item.calculation)[2028] if r.key.startswith("V.")]
    assert labels == [
        "Befolkningsökning 80+ i området: 6 platser × 3\u00a0343,25\u00a0kr × 365 dygn × 10/12"
    ]


def test_enligt_standard_in_a_year_without_a_standard(repo: KommunRepo) -> None:
    change_catalogue(
        repo, "    - år: 2026\n      belopp: 3_150.00", "    - år: 2029\n      belopp: 3_150.00"
    )
    text = changed(
        BASE_TEXT,
        "      styckkostnad: 70_000",
        "      enligt_standard: lss.gruppbostad",
        count=1,
    )
    [finding] = findings(repo, text)
    assert finding.code == "UD322"
    assert finding.position.line == line_of(text, "enligt_standard: lss.gruppbostad")
    assert "ingen standardkostnad för 2028" in finding.message


def catalogue_findings(repo: KommunRepo) -> list[Finding]:
    path = repo.write(BASE_TEXT)
    result = check([path], root=repo.root)
    return [f for f in result.findings if f.path == catalogue(repo)]


def test_a_comparison_per_invånare_must_be_a_kommun_line(repo: KommunRepo) -> None:
    text = change_catalogue(
        repo, '      kommuner: ["0580"]\n      slag: kommun\n', '      kommuner: ["0580"]\n'
    )
    [finding] = catalogue_findings(repo)
    assert (finding.code, finding.severity.value, finding.section) == ("UD327", "fel", "3.1.1")
    assert finding.position.line == line_of(text, "enhet: kr per invånare")


@pytest.mark.parametrize("unit", ["kr/inv.", "Kronor per INVÅNARE"])
def test_every_spelling_of_per_invånare(repo: KommunRepo, unit: str) -> None:
    change_catalogue(repo, "enhet: kr per invånare", f"enhet: {unit}")
    change_catalogue(repo, "      slag: kommun\n", "")
    assert [f.code for f in catalogue_findings(repo)] == ["UD327"]


def test_the_catalogue_takes_the_generic_codes(repo: KommunRepo) -> None:
    change_catalogue(repo, "    lokaler: 0.03", "    lokaler: 0.04")
    change_catalogue(repo, "    övrigt: 0.06", "    ovrigt: 0.06")
    text = change_catalogue(
        repo,
        "  upphandlat:",
        "    - år: 2026\n      belopp: 500\n      fastställd:\n"
        "        av: Ekonomidirektören\n        datum: 2025-11-14\n  upphandlat:",
    )
    found = catalogue_findings(repo)
    assert [(f.code, f.position.line) for f in found] == [
        ("UD251", line_of(text, "kostnadsfördelning:")),
        ("UD112", line_of(text, "- år: 2026", 2)),
        ("UD252", line_of(text, "ovrigt: 0.06")),
    ]


def test_a_catalogue_key_in_the_wrong_form(repo: KommunRepo) -> None:
    text = change_catalogue(repo, "lss.gruppbostad:", "LSS gruppbostad:")
    [finding] = catalogue_findings(repo)
    assert (finding.code, finding.position.line) == ("UD112", line_of(text, "LSS gruppbostad:"))
    assert (
        finding.message
        == "typen 'LSS gruppbostad' får bara innehålla gemena a–z, siffror, '.' och '-'"
    )


def test_an_unknown_key_in_a_type_names_the_closest(repo: KommunRepo) -> None:
    text = change_catalogue(repo, "  momskompensation: 0.06", "  moms_kompensation: 0.06")
    [finding] = catalogue_findings(repo)
    assert (finding.code, finding.position.line) == ("UD110", line_of(text, "moms_kompensation"))
    assert "menade du 'momskompensation'?" in finding.message


def kolada_file(repo: KommunRepo) -> Path:
    return repo.uppdrag_dir / "gemensamt" / "kolada.csv"


def kolada_findings(repo: KommunRepo, text: str | bytes) -> list[Finding]:
    path = kolada_file(repo)
    if isinstance(text, str):
        text = text.encode()
    path.write_bytes(text)
    return load_shared(repo.root).kolada.findings  # type: ignore[union-attr]


HEADER = "kpi,kommun,år,kön,värde,hämtad\n"


def test_the_example_kolada_file_reads_without_findings(repo: KommunRepo) -> None:
    kolada = load_shared(repo.root).kolada
    assert kolada is not None and kolada.findings == []
    [value] = [r for r in kolada.series("U21003", "0580") if r.year == 2026]
    assert (value.value, value.fetched, value.name) == (
        D("571.00"),
        dt.date(2027, 10, 1),
        "Linköping",
    )


def test_a_bom_crlf_and_quoting_are_read(repo: KommunRepo) -> None:
    text = (
        "\ufeffkommun,kpi,år,kön,värde,hämtad,anmärkning\r\n"
        '"0580",U21003,2026,T,571.5,2027-10-01,"a, ""b"""\r\n'
    )
    assert kolada_findings(repo, text) == []
    [row] = load_shared(repo.root).kolada.rows  # type: ignore[union-attr]
    assert (row.kpi, row.kommun, row.value) == ("U21003", "0580", D("571.5"))


def test_a_semicolon_file_says_so(repo: KommunRepo) -> None:
    [finding] = kolada_findings(
        repo, "kpi;kommun;år;kön;värde;hämtad\nU21003;0580;2026;T;571,00;2027-10-01\n"
    )
    assert (finding.code, finding.position.line) == ("UD443", 1)
    assert "avgränsad med semikolon" in finding.message and "kommaseparerad" in finding.message


def test_latin_1_bytes_say_so(repo: KommunRepo) -> None:
    text = HEADER + "U21003,0580,2026,T,571.00,2027-10-01\n"
    [finding] = kolada_findings(repo, text.encode("latin-1"))
    assert (finding.code, finding.position.line) == ("UD100", 1)
    assert "inte UTF-8 (byte 0xE5 på rad 1)" in finding.message and "Latin-1" in finding.message


def test_an_unknown_column_names_the_closest(repo: KommunRepo) -> None:
    [unknown, missing] = kolada_findings(repo, "kpi,kommun,ar,kön,värde,hämtad\n")
    assert (unknown.code, unknown.position.line, unknown.position.column) == ("UD443", 1, 12)
    assert unknown.message == "okänd kolumn 'ar'; menade du 'år'?"
    assert missing.message == "kolumnen 'år' saknas"


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("X21003,0580,2026,T,1,2027-10-01", 1, "kpi 'X21003' ska vara ett id i Kolada"),
        ("U21003,580,2026,T,1,2027-10-01", 8, "kommun '580' ska vara fyra siffror"),
        ("U21003,0580,26,T,1,2027-10-01", 13, "år '26' ska vara fyra siffror"),
        ("U21003,0580,2026,X,1,2027-10-01", 18, "kön 'X' ska vara T, K eller M"),
        ("U21003,0580,2026,T,571,00,2027-10-01", 1, "raden har 7 fält men rubrikraden har 6"),
        ('U21003,0580,2026,T,"571,00",2027-10-01', 20, "värde '571,00' är inget tal"),
        ("U21003,0580,2026,T,1,1 okt 2027", 22, "hämtad '1 okt 2027' ska vara ett datum"),
    ],
)
def test_a_malformed_field_is_found_at_its_line_and_column(
    repo: KommunRepo, row: str, column: int, message: str
) -> None:
    good = "U21003,0000,2026,T,562.00,2027-10-01\n"
    [finding] = kolada_findings(repo, HEADER + good + row + "\n")
    assert (finding.code, finding.position.line, finding.position.column) == ("UD443", 3, column)
    assert finding.message.startswith(message)


def test_a_duplicate_row(repo: KommunRepo) -> None:
    row = "U21003,0580,2026,T,571.00,2027-10-01\n"
    [finding] = kolada_findings(repo, HEADER + row + row)
    assert (finding.code, finding.position.line) == ("UD443", 3)
    assert finding.message == "U21003 för 0580 2026 (kön T) finns redan på rad 2"


def test_an_empty_value_and_a_status_are_never_computed_with(repo: KommunRepo) -> None:
    kolada_findings(
        repo,
        "kpi,kommun,år,kön,värde,hämtad,status\n"
        "U21003,0580,2025,T,560.00,2027-10-01,\n"
        "U21003,0580,2026,T,,2027-10-01,\n"
        "U21003,0000,2026,T,562.00,2027-10-01,B\n",
    )
    shared = load_shared(repo.root)
    assert shared.standard is not None and shared.indexation is not None
    kind = shared.standard.types["hemtjanst"]
    lines = kolada_lines(kind, shared.kolada, 2027, shared.indexation, None)
    by_kommun = {(line.comparison.kpi, line.kommun): line for line in lines}
    linkoping, riket = by_kommun[("U21003", "0580")], by_kommun[("U21003", "0000")]
    assert linkoping.value is not None and linkoping.value.year == 2025
    assert riket.value is None  # only a value with a status: uppgift saknas


def test_kolada_lines_are_raised_and_compared_only_in_the_same_unit(repo: KommunRepo) -> None:
    shared = load_shared(repo.root)
    assert shared.standard is not None and shared.indexation is not None
    kind = shared.standard.types["hemtjanst"]
    from uppdrag_docs.calc.standard import standard_price

    price = standard_price(kind, 2027, shared.indexation)
    lines = kolada_lines(kind, shared.kolada, 2027, shared.indexation, price)
    summary = [
        (
            line.comparison.kpi,
            line.kommun,
            line.value and line.value.year,
            line.raised,
            line.comparable,
        )
        for line in lines
    ]
    assert summary == [
        ("U21003", "0580", 2026, D("589.56"), False),  # 571,00 × 1,03251; beviljad timme
        ("U21003", "0000", 2026, D("580.27"), False),
        ("N21819", "0580", 2026, D("226119.69"), False),
        ("N21819", "0000", 2026, D("217859.61"), False),
        ("N21013", "0580", 2026, None, False),  # slag: kommun is never raised nor compared
    ]
    assert all(line.deviation is None for line in lines)
    change_catalogue(repo, "enhet: beviljad timme", "enhet: Utförd  Timme")
    shared = load_shared(repo.root)
    assert shared.standard is not None and shared.indexation is not None
    kind = shared.standard.types["hemtjanst"]
    first = kolada_lines(kind, shared.kolada, 2027, shared.indexation, price)[0]
    assert first.comparable and first.deviation == D("16.1")  # (589,56 − 507,99) / 507,99


def stale_findings(repo: KommunRepo, per: dt.date) -> list[Finding]:
    repo.write(BASE_TEXT)
    return [f for f in check_with_per(root=repo.root, per=per).findings if f.code == "UD444"]


def test_kolada_is_fresh_for_two_years(repo: KommunRepo) -> None:
    assert stale_findings(repo, dt.date(2028, 12, 31)) == []


def test_a_stale_comparison(repo: KommunRepo) -> None:
    found = stale_findings(repo, dt.date(2029, 1, 1))
    text = catalogue(repo).read_text(encoding="utf-8")
    assert [(f.code, f.severity.value, f.position.line) for f in found] == [
        ("UD444", "varning", line_of(text, "kpi: U21003")),
        ("UD444", "varning", line_of(text, "kpi: N21819")),
        ("UD444", "varning", line_of(text, "kpi: N21013")),
    ]
    assert found[0].message.startswith(
        "U21003 för Linköping och Riket: kolada.csv har inget värde för 2027 eller senare"
    )


def test_a_kpi_kolada_removed(repo: KommunRepo) -> None:
    path = kolada_file(repo)
    kept = [line for line in path.read_text(encoding="utf-8").splitlines() if "N21819" not in line]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    [finding] = stale_findings(repo, dt.date(2027, 6, 1))
    assert finding.message.startswith("N21819 för Linköping och Riket")


def test_without_kolada_each_comparison_is_stale(repo: KommunRepo) -> None:
    kolada_file(repo).unlink()
    found = stale_findings(repo, dt.date(2027, 6, 1))
    assert len(found) == 3 and all("kolada.csv saknas" in f.message for f in found)


def _base() -> tuple[Uppdrag, Shared]:
    from uppdrag_docs.format.document import Document, parse_into

    doc = Document(path=EXAMPLES / "x.yaml")
    parse_into(doc, BASE_TEXT.encode())
    return Uppdrag.model_validate(doc.data), load_shared(PROJECT)


BASE, SHARED = _base()
whole = st.integers(min_value=0, max_value=60_000_000).map(D)


@st.composite
def standard_cases(draw: Any) -> tuple[Uppdrag, Shared]:
    price = D(draw(st.integers(100, 500_000))) / 100
    volume = st.integers(1, 2_000_000).map(D)
    volumes = draw(st.one_of(volume, st.fixed_dictionaries({2027: volume, 2028: volume})))
    items = draw(
        st.lists(st.one_of(whole, st.fixed_dictionaries({2027: whole, 2028: whole})), max_size=3)
    )
    block = StandardCost.model_validate(
        {
            "typ": "hemtjanst",
            "volym": volumes,
            "utanför_standard": [
                {"beskrivning": f"Del {i}", "belopp": amount} for i, amount in enumerate(items)
            ],
        }
    )
    assert BASE.compensation is not None and SHARED.standard is not None
    uppdrag = BASE.model_copy(
        update={"compensation": BASE.compensation.model_copy(update={"standard": block})}
    )
    kind = SHARED.standard.types["hemtjanst"]
    value = kind.values[0].model_copy(update={"amount": price})
    types = {"hemtjanst": kind.model_copy(update={"values": [value]})}
    catalogue = StandardCatalogue.model_validate(types)
    return uppdrag, replace(SHARED, standard=catalogue)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(standard_cases())
def test_per_unit_figures_follow_from_the_rounded_lines(case: tuple[Uppdrag, Shared]) -> None:
    uppdrag, shared = case
    assert shared.indexation is not None
    calculation = calculate(uppdrag, shared.indexation, catalogue=shared.standard)
    comparison = compare(uppdrag, calculation, shared)
    assert comparison is not None
    for year, result in zip(comparison.years, calculation.years, strict=True):
        outside = sum((line.amount for line in year.outside), D(0))
        assert year.comparable == result.fixed_for_period + result.variable_total - outside
        assert all(line.amount == line.amount.to_integral_value() for line in year.outside)
        assert year.volume is not None
        if year.comparable > 0:
            assert year.per_unit == round_money(year.comparable / year.volume, ORE)
            assert year.standard is not None
            exact = (year.per_unit - year.standard.amount) / year.standard.amount * 100
            assert year.deviation == round_money(exact, D("0.1"))
            assert year.over_tolerance == (
                abs(year.per_unit - year.standard.amount) > D("0.05") * year.standard.amount
            )
        else:
            assert year.per_unit is None and year.deviation is None
        for unit in ("kr", "tkr"):
            both, parts, comparable = year.shown(unit)
            assert both - sum(parts, D(0)) == comparable
        assert year.shown("kr")[2] == year.comparable


def test_calc_shows_the_comparison_after_each_year(repo: KommunRepo, in_dir: Any) -> None:
    repo.write(BASE_TEXT)
    in_dir(repo.root)
    result = CliRunner().invoke(main, ["calc", "hemtjanst-norr", "--år", "2027"])
    assert result.exit_code == 0, result.output
    table = result.output.split("Jämförelse med standardkostnad 2027")[1]
    rows = {}
    for line in table.replace("\u00a0", " ").splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if len(cells) == 2 and cells[0] not in ("Rad", ""):
            rows[cells[0]] = cells[1]
    assert rows == {
        "Standardkostnad per utförd timme (hemtjanst, uppräknad från 2026)": "507,99 kr",
        "Fast och rörlig ersättning": "101 922 048 kr",
        "Utanför standarden: Nattpatrull för hela kommunen": "−6 800 000 kr",
        "Ersättning i jämförelsen (J)": "95 122 048 kr",
        "Volym (utförd timme)": "182 000",
        "Ersättning per utförd timme (e)": "522,65 kr",
        "Avvikelse från standardkostnaden": "+2,9 %",
        "Tolerans": "5 %",
        "Ersättning i jämförelsen per brukare": "117 145 kr",
    }


def test_calc_json_carries_the_comparison_as_exact_decimals(repo: KommunRepo, in_dir: Any) -> None:
    repo.write(spec_text())
    in_dir(repo.root)
    result = CliRunner().invoke(main, ["calc", "hemtjanst-norr", "--format", "json"])
    assert result.exit_code == 0, result.output
    years = {y["år"]: y["standardkostnad"] for y in json.loads(result.output)["år"]}
    assert years[2027] == {
        "typ": "hemtjanst",
        "enhet": "utförd timme",
        "standardkostnad": "507.99",
        "uppräknad_från": 2026,
        "utanför_standard": "6800000",
        "jämförbar_ersättning": "95122048",
        "volym": "178000",
        "per_enhet": "534.39",
        "avvikelse": "5.2",
        "tolerans": "0.05",
        "över_tolerans": True,
        "per_brukare": "117145",
    }
    assert years[2028]["avvikelse"] == "3.3" and years[2028]["över_tolerans"] is False


def test_calc_json_without_the_block_is_null(repo: KommunRepo, in_dir: Any) -> None:
    in_dir(repo.root)
    repo.write((PROJECT / "uppdrag" / "socialjour.yaml").read_text(encoding="utf-8"), "socialjour")
    result = CliRunner().invoke(main, ["calc", "socialjour", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [y["standardkostnad"] for y in json.loads(result.output)["år"]] == [None] * 3
    text = CliRunner().invoke(main, ["calc", "socialjour"]).output
    assert "Jämförelse med standardkostnad" not in text


def test_each_standard_price_is_the_catalogues_it_is_asked_for() -> None:
    """s(Y) is worked out once per type, uppräkningsmodell and year, never handed to another
    catalogue's type of the same name."""
    assert SHARED.standard is not None and SHARED.indexation is not None
    kind = SHARED.standard.types["hemtjanst"]
    year = kind.values[0].year
    first = standard_price(kind, year, SHARED.indexation)
    assert first is not None
    for amount in (D("100.004"), D("200"), D("100.004")):
        value = kind.values[0].model_copy(update={"amount": amount})
        other = kind.model_copy(update={"values": [value]})
        price = standard_price(other, year, SHARED.indexation)
        assert price is not None
        assert price.amount == round_money(amount, ORE)
        assert standard_price(other, year + 1, SHARED.indexation) != standard_price(
            kind, year + 1, SHARED.indexation
        )
    assert standard_price(kind, year, SHARED.indexation) == first
