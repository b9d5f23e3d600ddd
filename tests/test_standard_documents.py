"""The standardkostnad in the documents: the decision document's two tables and the sentences of
the tjänsteskrivelse, read back with python-docx, and the PDF's text with pdftotext.

Each test builds the example uppdrag with the spec's block (178 000 timmar, a motivering) or
one change of it. Markdown goes through pandoc, so the module is slow.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.table import Table

from uppdrag_docs.build.documents import build
from uppdrag_docs.build.run import BuildOptions

from .conftest import BASE_TEXT, KommunRepo, changed, require
from .test_standard import MOTIVATION, MOTIVATION_COMMENT, spec_text

pytestmark = pytest.mark.slow

NBSP = "\u00a0"


def built(repo: KommunRepo, text: str, *, pdf: bool = False) -> Path:
    repo.write(text)
    out = repo.root / "build"
    report = build([repo.uppdrag_dir], BuildOptions(out=out, pdf=pdf))
    assert report.ok, (report.failed, [f.text() for f in report.findings])
    return out


def rows(table: Table) -> list[list[str]]:
    return [[c.text.replace(NBSP, " ") for c in r.cells] for r in table.rows]


def table_after(path: Path, caption: str) -> list[list[str]]:
    doc = open_docx(str(path))
    for table in doc.tables:
        found = table._tbl.tblPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblCaption"
        )
        if (
            found is not None
            and found.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
            == caption
        ):
            return rows(table)
    raise AssertionError(f"ingen tabell {caption}")


def texts(path: Path) -> list[str]:
    return [p.text.replace(NBSP, " ") for p in open_docx(str(path)).paragraphs]


def test_the_decision_shows_the_worked_example(repo: KommunRepo) -> None:
    out = built(repo, spec_text())
    decision = out / "hemtjanst-norr.docx"
    assert table_after(decision, "Jämförelse med standardkostnad") == [
        [
            "År",
            "Ersättning i jämförelsen (kr)",
            "Volym (utförd timme)",
            "Ersättning per enhet",
            "Standardkostnad per enhet",
            "Avvikelse",
        ],
        [
            "2027",
            "95 122 048",
            "178 000",
            "534,39 kr",
            "507,99 kr (uppräknad från 2026)",
            "+5,2 %, utanför toleransen",
        ],
        ["2028", "97 960 677", "181 500", "539,73 kr", "522,66 kr (uppräknad från 2026)", "+3,3 %"],
    ]
    paragraphs = texts(decision)
    at = paragraphs.index("Jämförelse med standardkostnad")
    assert paragraphs[at + 1 : at + 12] == [
        "Ersättningen per utförd timme jämförs med kommunens standardkostnad för verksamhetstypen. "
        "Toleransen är 5 % åt båda hållen.",
        "varav utanför standarden: Nattpatrull för hela kommunen 6 800 000 kr (2027)",
        "varav utanför standarden: Nattpatrull för hela kommunen 7 000 000 kr (2028)",
        "Motivering till avvikelsen från standardkostnaden:",
        "Glesbygden norr om Stångån ger längre restid per utförd timme än standarden räknar med.",
        "Verksamhetstypen är Hemtjänst i ordinärt boende enligt SoL, omvårdnad och service, räknad "
        "per utförd timme. Standardkostnaden omfattar:",
        "Personal, fordon, lokaler, ledning och Leanlinks OH-andel. Inte hemsjukvård, inte "
        "trygghetslarmets teknik och inte nattpatrullen.",
        "Standardkostnaden 2026, 492,00 kr per utförd timme, är fastställd av ekonomidirektören "
        "14 november 2025. Källa: Standardkostnadsmodell för egen regi, "
        "Kommunledningsförvaltningen och Leanlink.",
        "Standardkostnaden här är kommunens kalkyl per verksamhetstyp. Den är inte "
        "standardkostnaden i den kommunalekonomiska utjämningen, som SCB räknar per invånare för "
        "hela kommunen.",
        "Jämförelser 2027",
        "Standardkostnad vård och omsorg om äldre (kostnadsutjämningen), Linköping 2026: 13 600 kr "
        "per invånare (Kolada N21013). Det är ett mått för hela kommunen, inte en kostnad per "
        "utförd timme, och jämförs därför inte med standardkostnaden.",
    ]
    assert paragraphs[at + 12] == (
        "Källa: Kolada (hämtad 2027-10-01). Uppräknade värden och avvikelser är egen bearbetning "
        "av data från Kolada."
    )


def test_the_decision_compares_with_every_source(repo: KommunRepo) -> None:
    decision = built(repo, spec_text()) / "hemtjanst-norr.docx"
    comparisons = table_after(decision, "Jämförelser")
    assert comparisons[0] == ["Källa", "År", "Enhet", "Värde", "Uppräknat till 2027", "Avvikelse"]
    assert comparisons[1:] == [
        [
            "Leanlink, ersättning per utförd timme (e)",
            "2027",
            "utförd timme",
            "534,39 kr",
            "",
            "+5,2 %",
        ],
        [
            "Kommunens standardkostnad (s), uppräknad från 2026",
            "2027",
            "utförd timme",
            "507,99 kr",
            "",
            "",
        ],
        ["Upphandlade utförare (LOV)", "2027", "utförd timme", "556,00 kr", "", ""],
        [
            "Upphandlade utförare, exkl. momskompensation 6 %",
            "2027",
            "utförd timme",
            "524,53 kr",
            "",
            "+3,3 %",
        ],
        [
            "KPB, kostnad hemtjänst, egen regi, Linköping (Kolada U21003)",
            "2026",
            "beviljad timme",
            "571,00 kr",
            "589,56 kr",
            "",
        ],
        [
            "KPB, kostnad hemtjänst, egen regi, Riket (Kolada U21003)",
            "2026",
            "beviljad timme",
            "562,00 kr",
            "580,27 kr",
            "",
        ],
        [
            "Kostnad hemtjänst äldreomsorg, alla regiformer, Linköping (Kolada N21819)",
            "2026",
            "brukare och år",
            "219 000,00 kr",
            "226 119,69 kr",
            "",
        ],
        [
            "Kostnad hemtjänst äldreomsorg, alla regiformer, Riket (Kolada N21819)",
            "2026",
            "brukare och år",
            "211 000,00 kr",
            "217 859,61 kr",
            "",
        ],
        [
            "Leanlink, ersättning i jämförelsen per brukare",
            "2027",
            "brukare och år",
            "117 145 kr",
            "",
            "",
        ],
    ]


def test_without_kolada_the_comparisons_say_so(repo: KommunRepo) -> None:
    (repo.uppdrag_dir / "gemensamt" / "kolada.csv").unlink()
    decision = built(repo, spec_text()) / "hemtjanst-norr.docx"
    kolada = [r for r in table_after(decision, "Jämförelser") if "Kolada" in r[0]]
    assert [r[3] for r in kolada] == ["uppgift saknas"] * 4
    assert "Uppgift saknas: kommunen har ingen kolada.csv med Koladas siffror." in texts(decision)


def test_the_tjansteskrivelse_says_it_per_year(repo: KommunRepo) -> None:
    case = built(repo, spec_text()) / "hemtjanst-norr-tjansteskrivelse.docx"
    paragraphs = texts(case)
    first = paragraphs.index(
        "Ersättningen motsvarar 534,39 kr per utförd timme 2027, 5,2 procent över "
        "standardkostnaden 507,99 kr."
    )
    assert paragraphs[first + 1 : first + 3] == [
        "Ersättningen motsvarar 539,73 kr per utförd timme 2028, 3,3 procent över "
        "standardkostnaden 522,66 kr.",
        "Glesbygden norr om Stångån ger längre restid per utförd timme än standarden räknar med.",
    ]


def test_within_the_tolerance_the_motivering_is_left_out(repo: KommunRepo) -> None:
    text = BASE_TEXT.replace(MOTIVATION_COMMENT, MOTIVATION)
    out = built(repo, text)
    for name in ("hemtjanst-norr.docx", "hemtjanst-norr-tjansteskrivelse.docx"):
        assert not any("Glesbygden" in p for p in texts(out / name)), name


def test_amounts_in_tkr_and_per_unit_in_kr(repo: KommunRepo) -> None:
    kommun = repo.uppdrag_dir / "gemensamt" / "kommun.yaml"
    kommun.write_text(kommun.read_text("utf-8").replace("belopp_i: kr", "belopp_i: tkr"), "utf-8")
    decision = built(repo, spec_text()) / "hemtjanst-norr.docx"
    table = table_after(decision, "Jämförelse med standardkostnad")
    assert table[0][1] == "Ersättning i jämförelsen (tkr)"
    assert table[1][1:5] == ["95 122", "178 000", "534,39 kr", "507,99 kr (uppräknad från 2026)"]
    assert "varav utanför standarden: Nattpatrull för hela kommunen 6 800 tkr (2027)" in texts(
        decision
    )


def test_an_uppdrag_without_the_block_has_no_comparison(repo: KommunRepo) -> None:
    start, end = BASE_TEXT.index("  standardkostnad:"), BASE_TEXT.index("  förväntad_kostnad:")
    out = built(repo, BASE_TEXT[:start] + BASE_TEXT[end:])
    for name in ("hemtjanst-norr.docx", "hemtjanst-norr-tjansteskrivelse.docx"):
        assert not any("standardkostnad" in p.lower() for p in texts(out / name)), name


def test_the_pdf_has_the_tables(repo: KommunRepo) -> None:
    out = built(repo, spec_text(), pdf=True)
    text = subprocess.run(
        [require("pdftotext"), "-layout", str(out / "hemtjanst-norr.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.replace(NBSP, " ")
    assert "Jämförelse med standardkostnad" in text and "Jämförelser 2027" in text
    assert "534,39 kr" in text and "+5,2 %, utanför" in text  # "toleransen" on the cell's next line
    assert "egen bearbetning av data från Kolada" in " ".join(text.split())


def samlad(tmp_path: Path, k3_personal: str = "", *, pdf: bool = False) -> Path:
    """The examples' samlad redovisning 2027, with hemtjanst-norr's K3 personal cost changed."""
    from uppdrag_docs.build.follow_up import build_follow_up

    from .conftest import PROJECT

    root = tmp_path / "kommun"
    shutil.copytree(PROJECT / "uppdrag", root / "uppdrag")
    shutil.copytree(PROJECT / "uppfoljning", root / "uppfoljning")
    if k3_personal:
        k3 = root / "uppfoljning" / "hemtjanst-norr" / "R3-2027-K3.yaml"
        text = k3.read_text(encoding="utf-8")
        k3.write_text(changed(text, "personal: 21_900_000", k3_personal, 1), encoding="utf-8")
    options = BuildOptions(out=root / "build", pdf=pdf)
    build_follow_up(2027, options, per=dt.date(2028, 3, 1), root=root)
    return root / "build" / "uppfoljning" / f"socialnamnden-2027.{'pdf' if pdf else 'docx'}"


def test_the_samlad_redovisning_has_both_tables(tmp_path: Path) -> None:
    document = samlad(tmp_path)
    combined = table_after(document, "Samlad ersättning")
    assert combined[0] == [
        "Uppdrag",
        "Perioder",
        "Beslutad ersättning",
        "Intäkter",
        "Kostnader",
        "Resultat",
        "Senaste prognos",
    ]
    assert combined[-1] == [
        "Summa",
        "8 av 8",
        "158 718 817",
        "158 718 817",
        "158 360 000",
        "358 817",
        "300 000",
    ]
    cost = table_after(document, "Kostnad och kvalitet per utförare")
    assert cost[1] == [
        "Leanlink (egen regi), kostnad enligt öppna böcker",
        "525,17 kr",
        "+3,4 %",
        "KK1 14,8, KK2 89",
    ]
    assert "Kostnad per enhet och jämförelser" in texts(document)


def test_a_deficit_is_covered_within_leanlinks_samlade_ersattning(tmp_path: Path) -> None:
    # hemtjanst-norr's year 220 198 kr − 320 198 kr = −100 000 kr; the whole stays at 38 619 kr
    document = samlad(tmp_path, "personal: 22_220_198")
    paragraphs = texts(document)
    at = paragraphs.index("Leanlinks samlade ersättning 2027")
    assert table_after(document, "Samlad ersättning")[1:] == [
        [
            "Boendestöd och träffpunkter inom socialpsykiatrin",
            "4 av 4",
            "56 298 619",
            "56 298 619",
            "56 160 000",
            "138 619",
            "50 000",
        ],
        [
            "Hemtjänst i egen regi – område Norr (täcks inom den samlade ersättningen)",
            "4 av 4",
            "102 420 198",
            "102 420 198",
            "102 520 198",
            "−100 000",
            "250 000",
        ],
        ["Summa", "8 av 8", "158 718 817", "158 718 817", "158 680 198", "38 619", "300 000"],
    ]
    assert paragraphs[at + 1 :].index(
        "Leanlinks samlade resultat 2027 är 38 619 kr: underskottet i Hemtjänst i egen regi – "
        "område Norr täcks inom den samlade ersättningen."
    ) < paragraphs[at + 1 :].index(
        "Leanlink hanterar över- eller underskott i enskilda uppdrag inom ramen för sin samlade "
        "ersättning."
    )


def test_a_deficit_of_the_whole_is_egenregins(tmp_path: Path) -> None:
    # −279 802 kr in hemtjanst-norr is more than boendestödet's 138 619 kr covers
    pdf = samlad(tmp_path, "personal: 22_400_000", pdf=True)
    combined = table_after(pdf.with_suffix(".docx"), "Samlad ersättning")
    assert [row[0] for row in combined[1:]] == [
        "Boendestöd och träffpunkter inom socialpsykiatrin",
        "Hemtjänst i egen regi – område Norr (underskott för egenregin)",
        "Summa (underskott för egenregin)",
    ]
    assert combined[-1][1:] == [
        "8 av 8",
        "158 718 817",
        "158 718 817",
        "158 860 000",
        "−141 183",
        "300 000",
    ]
    text = subprocess.run(
        [require("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.replace(NBSP, " ")
    words = " ".join(text.split())
    assert "Leanlinks samlade ersättning 2027 Resultat enligt öppna böcker per uppdrag" in words
    assert (
        "Leanlinks samlade resultat 2027 är −141 183 kr: egenregin går med underskott, vilket "
        "riktlinjen inte tillåter (3.1)." in words
    )
