"""`uppdrag build`: the documents as their readers see them, and the build's bookkeeping.

The example repository (plus one uppdrag full of awkward characters) is built once, PDFs
included, and the tests read the results as a reader would: the docx through python-docx, the
PDF through pdftotext and pypdf.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document as open_docx

from uppdrag_docs.build.documents import build
from uppdrag_docs.build.run import BuildOptions
from uppdrag_docs.cli import main
from uppdrag_docs.libreoffice.soffice import find_soffice
from uppdrag_docs.trust.calculated import load_one

from .conftest import BASE_TEXT, EXAMPLES, PROJECT, changed

NBSP = "\u00a0"
AWKWARD = "A & B <c> \"d\" 'e' {{ x }} {% if y %} {_{ z"


def awkward_uppdrag() -> str:
    text = changed(BASE_TEXT, "id: hemtjanst-norr", "id: specialtecken")
    text = changed(
        text,
        "titel: Hemtjänst i egen regi – område Norr",
        f"titel: '{AWKWARD.replace(chr(39), chr(39) * 2)}'",
    )
    text = changed(
        text,
        "    Hemtjänsten i område Norr drivs enligt LOV sedan 2010. Två privata\n",
        '    Före listorna: A & B "d" {{ x }} {% if y %}\n\n'
        "    1. ett\n    2. två\n\n    Mellan listorna.\n\n    1. första\n    2. andra\n\n"
        "    Hemtjänsten i område Norr drivs enligt LOV sedan 2010. Två privata\n",
    )
    return changed(text, "namn: Larmåtgärd", f"namn: '{AWKWARD.replace(chr(39), chr(39) * 2)}'")


pytestmark = pytest.mark.slow  # pandoc renders the Markdown fields; `built` runs LibreOffice


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example repository, built once with PDFs; returns its root."""
    if find_soffice() is None:
        pytest.fail("LibreOffice saknas; make test installerar det")
    root = tmp_path_factory.mktemp("byggt")
    shutil.copytree(EXAMPLES, root / "uppdrag")
    (root / "uppdrag" / "specialtecken.yaml").write_text(awkward_uppdrag(), encoding="utf-8")
    report = build([root / "uppdrag"], BuildOptions(out=root / "build", jobs=2))
    assert report.ok, (report.failed, report.pdf_problem, [f.text() for f in report.findings])
    return root


def docx_text(path: Path) -> str:
    doc = open_docx(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def table_rows(path: Path) -> list[list[str]]:
    doc = open_docx(str(path))
    return [[c.text.strip() for c in row.cells] for t in doc.tables for row in t.rows]


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode()


def spaces(text: str) -> str:
    return text.replace(NBSP, " ").replace("\u202f", " ")


def test_every_output_is_there(built: Path) -> None:
    out = built / "build"
    ids = sorted(p.stem for p in (built / "uppdrag").rglob("*.yaml") if "gemensamt" not in p.parts)
    for ident in ids:
        for suffix in (
            ".docx",
            ".pdf",
            "-rapportering.docx",
            "-rapportering.pdf",
            "-rapportering.ics",
            "-tjansteskrivelse.docx",
            "-tjansteskrivelse.pdf",
        ):
            assert (out / f"{ident}{suffix}").is_file(), f"{ident}{suffix}"
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))


def test_compensation_table_shows_the_calculation(built: Path) -> None:
    calc = load_one(str(built / "uppdrag" / "hemtjanst-norr.yaml")).calculation
    rows = [r for r in table_rows(built / "build" / "hemtjanst-norr.docx") if r]
    uppraekning = [spaces(r[-1]) for r in rows if r[0] == "Uppräkning enligt uppräkningsmodellen"]
    assert uppraekning == ["2 702 574", "2 538 838"]  # 2027, then 2028 on 2027's F
    text = spaces(docx_text(built / "build" / "hemtjanst-norr.docx"))
    for year in calc.years:
        for amount in (
            year.indexation,
            year.efficiency,
            year.annual_fixed,
            year.total,
            year.overhead,
        ):
            shown = f"{amount:,}".replace(",", " ").replace("-", "−")
            assert shown in text, (year.year, shown)
    pdf = spaces(pdf_text(built / "build" / "hemtjanst-norr.pdf"))
    for shown in ("89 082 048", "−870 526", "102 372 048", "104 960 677"):
        assert shown in pdf


def test_document_content_in_order(built: Path) -> None:
    text = spaces(docx_text(built / "build" / "hemtjanst-norr.docx"))
    headings = [
        "Sammanfattning",
        "Bakgrund",
        "Uppdrag och mål",
        "Krisberedskap och extraordinära händelser",
        "Kvalitetskriterier",
        "Uppföljning och rapportering",
        "Ersättning",
        "Tilläggsuppdrag",
        "Giltighet och omprövning",
    ]
    doc = open_docx(str(built / "build" / "hemtjanst-norr.docx"))
    found = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert [h for h in found if h in headings] == headings
    assert "FÖRSLAG" in text
    assert "Förslag till beslut i Socialnämnden 14 december 2026" in text
    assert "det lagstadgade ansvaret (det så kallade ”yttersta ansvaret”)" in text
    for criterion in ("Personalkontinuitet", "Trygghet", "Larmåtgärd", "högst 15 personer"):
        assert criterion in text


def test_decided_uppdrag_names_its_decision(built: Path) -> None:
    text = spaces(docx_text(built / "build" / "boendestod-socialpsykiatri.docx"))
    assert re.search(r"Beslutat av Socialnämnden \d+ \w+ \d{4}, § \d+", text)
    assert "FÖRSLAG" not in text and "UTKAST" not in text
    assert "Bilagor" in text


def test_reports_and_due_dates(built: Path) -> None:
    text = docx_text(built / "build" / "hemtjanst-norr.docx")
    # R1 tertial, 30 days: tertial 1 2027 ends 2027-04-30, due 2027-05-30
    assert "2027-05-30" in text and "Tertial 1 2027" in text
    # R3 quarterly, 20 days: Q4 2028 ends 2028-12-31, due 2029-01-20
    assert "2029-01-20" in text
    pdf = pdf_text(built / "build" / "hemtjanst-norr.pdf")
    assert "2027-05-30" in pdf and "2029-01-20" in pdf


def test_header_and_footer(built: Path) -> None:
    doc = open_docx(str(built / "build" / "hemtjanst-norr.docx"))
    section = doc.sections[0]
    header = "\n".join(p.text for p in section.header.paragraphs) + "\n".join(
        c.text for t in section.header.tables for r in t.rows for c in r.cells
    )
    for part in (
        "Linköpings kommun",
        "Social- och omsorgsförvaltningen",
        "SOCN 2026-0142",
        "Datum 2026-11-25",  # ärende.datum: a förslag is never dated by the meeting ahead
    ):
        assert part in header
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    pdf = pdf_text(built / "build" / "hemtjanst-norr.pdf")
    pages = pdf.count("\f")
    assert f"Sida 1 ({pages})" in pdf
    assert (section.page_width, section.page_height) == (7560310, 10692130)  # A4


def test_awkward_text_appears_literally(built: Path) -> None:
    text = docx_text(built / "build" / "specialtecken.docx")
    assert AWKWARD in text
    assert 'Före listorna: A & B "d" {{ x }} {% if y %}' in text
    pdf = pdf_text(built / "build" / "specialtecken.pdf")
    assert "A & B <c>" in pdf and "{{ x }}" in pdf


def test_lists_are_numbered_from_one(built: Path) -> None:
    pdf = pdf_text(built / "build" / "specialtecken.pdf")
    lines = [line.strip() for line in pdf.splitlines()]
    first = lines.index(next(s for s in lines if s.endswith("ett")))
    second = lines.index(next(s for s in lines if s.endswith("första")))
    assert lines[first].startswith("1.")
    assert lines[second].startswith("1.")


def test_pdf_is_archival(built: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(built / "build" / "hemtjanst-norr.pdf"))
    root: Any = reader.trailer["/Root"]
    assert str(root["/Lang"]).startswith("sv")
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    metadata = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(=\"|>)2", metadata)
    assert re.search(r"pdfaid:conformance(=\"|>)B", metadata)
    assert reader.metadata is not None and reader.metadata.title == (
        "Hemtjänst i egen regi – område Norr"
    )
    assert "/Outlines" in root
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_reporting_form(built: Path) -> None:
    path = built / "build" / "hemtjanst-norr-rapportering.docx"
    rows = table_rows(path)
    headers = [r for r in rows if "Värde" in r]
    assert headers, "no criteria table with a Värde column"
    criteria = [r for r in rows if r and r[0] in ("KK1", "KK3")]
    assert criteria and all(r[-1] == "" for r in criteria)
    text = docx_text(path)
    assert "Faktisk kostnad" in text and "102 372 048" in spaces(text)
    ics = (built / "build" / "hemtjanst-norr-rapportering.ics").read_text()
    assert ics.count("BEGIN:VEVENT") == 6 + 2 + 8  # tertials, years, quarters over 2027–2028
    assert "DTSTART;VALUE=DATE:20270530" in ics


def test_manifest_checksums_hold(built: Path) -> None:
    manifest = json.loads((built / "build" / "manifest.json").read_text())
    entry = manifest["uppdrag"]["hemtjanst-norr"]
    assert entry["källa"] == "uppdrag/hemtjanst-norr.yaml"
    assert "uppdrag/gemensamt/upprakning.yaml" in entry["indata"]
    for name, output in entry["utdata"].items():
        data = (built / "build" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == output["sha256"]
        assert len(data) == output["storlek"]
    assert len(entry["utdata"]) == 7


def small_repo(tmp_path: Path, *texts: tuple[str, str]) -> Path:
    root = tmp_path / "kommun"
    shutil.copytree(EXAMPLES / "gemensamt", root / "uppdrag" / "gemensamt")
    for name, text in texts:
        (root / "uppdrag" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


def test_same_inputs_give_same_docx_bytes(tmp_path: Path) -> None:
    root = small_repo(tmp_path, ("hemtjanst-norr", BASE_TEXT))
    build([root / "uppdrag"], BuildOptions(out=tmp_path / "a", pdf=False))
    build([root / "uppdrag"], BuildOptions(out=tmp_path / "b", pdf=False, force=True))
    for name in (
        "hemtjanst-norr.docx",
        "hemtjanst-norr-rapportering.docx",
        "hemtjanst-norr-rapportering.ics",
        "hemtjanst-norr-tjansteskrivelse.docx",
    ):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_incremental_build(tmp_path: Path) -> None:
    other = changed(BASE_TEXT, "id: hemtjanst-norr", "id: hemtjanst-syd")
    root = small_repo(tmp_path, ("hemtjanst-norr", BASE_TEXT), ("hemtjanst-syd", other))
    out = tmp_path / "out"
    first = build([root / "uppdrag"], BuildOptions(out=out, pdf=False))
    assert sorted(first.built) == ["hemtjanst-norr", "hemtjanst-syd"]
    second = build([root / "uppdrag"], BuildOptions(out=out, pdf=False))
    assert (second.built, sorted(second.skipped)) == ([], ["hemtjanst-norr", "hemtjanst-syd"])
    edited = changed(other, "antal_brukare: 1240", "antal_brukare: 1240 ")
    (root / "uppdrag" / "hemtjanst-syd.yaml").write_text(edited + "# ändrad\n", encoding="utf-8")
    third = build([root / "uppdrag"], BuildOptions(out=out, pdf=False))
    assert (third.built, third.skipped) == (["hemtjanst-syd"], ["hemtjanst-norr"])
    templates = root / "templates"
    templates.mkdir()
    local = templates / "verksamhetsuppdrag.docx"
    shutil.copy(PROJECT / "templates" / "verksamhetsuppdrag.docx", local)
    fourth = build(
        [root / "uppdrag"], BuildOptions(out=out, pdf=False)
    )  # the kommun's own template applies
    assert sorted(fourth.built) == ["hemtjanst-norr", "hemtjanst-syd"]
    assert build([root / "uppdrag"], BuildOptions(out=out, pdf=False)).built == []
    from docx import Document

    doc = Document(str(local))
    doc.core_properties.comments = "ändrad av kommunikatören"
    doc.save(str(local))
    fifth = build([root / "uppdrag"], BuildOptions(out=out, pdf=False))
    assert sorted(fifth.built) == ["hemtjanst-norr", "hemtjanst-syd"]
    (out / "hemtjanst-norr.docx").write_bytes(b"trasig")
    assert build([root / "uppdrag"], BuildOptions(out=out, pdf=False)).built == ["hemtjanst-norr"]
    assert build([root / "uppdrag"], BuildOptions(out=out, pdf=False, force=True)).skipped == []


def test_uppdrag_with_errors_is_not_built_but_others_are(tmp_path: Path, in_dir: Any) -> None:
    bad = changed(BASE_TEXT, "id: hemtjanst-norr", "id: trasig")
    bad = changed(bad, "antal_brukare: 1240", "antal_brukare: x")
    root = small_repo(tmp_path, ("hemtjanst-norr", BASE_TEXT), ("trasig", bad))
    in_dir(root)
    result = CliRunner().invoke(main, ["build", "--no-pdf"])
    assert result.exit_code == 1
    assert "uppdrag/trasig.yaml:" in result.output and "UD112" in result.output
    assert (root / "build" / "hemtjanst-norr.docx").is_file()
    assert not (root / "build" / "trasig.docx").exists()
    assert "Byggde 1 uppdrag" in result.output


def test_missing_libreoffice_builds_docx_and_says_how_to_install(
    tmp_path: Path, in_dir: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice alone is missing: a PATH emptied as well hid pandoc whenever this test was
    the first in its process to look for it (the look-up is cached), and it failed alone with
    'Pandoc saknas'. A wrong UPPDRAG_SOFFICE is never guessed past."""
    root = small_repo(tmp_path, ("hemtjanst-norr", BASE_TEXT))
    in_dir(root)
    monkeypatch.setenv("UPPDRAG_SOFFICE", str(tmp_path / "finns-inte"))
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert "apt-get install" in result.output
    assert (root / "build" / "hemtjanst-norr.docx").is_file()
    assert not (root / "build" / "hemtjanst-norr.pdf").exists()
    assert CliRunner().invoke(main, ["build", "--no-pdf"]).exit_code == 0


def test_template_with_unknown_field_fails_naming_both(tmp_path: Path) -> None:
    from docx import Document

    root = small_repo(tmp_path, ("hemtjanst-norr", BASE_TEXT))
    (root / "templates").mkdir()
    doc = Document(str(PROJECT / "templates" / "verksamhetsuppdrag.docx"))
    doc.add_paragraph("{{ finns_inte }}")
    doc.save(str(root / "templates" / "verksamhetsuppdrag.docx"))
    report = build([root / "uppdrag"], BuildOptions(out=tmp_path / "out", pdf=False))
    message = report.failed["hemtjanst-norr"]
    assert "verksamhetsuppdrag.docx" in message and "'finns_inte'" in message
    assert not (tmp_path / "out" / "hemtjanst-norr.docx").exists()


def test_kommun_template_override_is_used(tmp_path: Path) -> None:
    from docx import Document

    root = small_repo(tmp_path, ("hemtjanst-norr", BASE_TEXT))
    (root / "templates").mkdir()
    doc = Document(str(PROJECT / "templates" / "rapportering.docx"))
    doc.add_paragraph("Lokal mall för {{ kommun }}")
    doc.save(str(root / "templates" / "rapportering.docx"))
    build([root / "uppdrag"], BuildOptions(out=tmp_path / "out", pdf=False))
    text = docx_text(tmp_path / "out" / "hemtjanst-norr-rapportering.docx")
    assert "Lokal mall för Linköpings kommun" in text


def test_tjansteskrivelse_pdf_is_archival_and_numbered(built: Path) -> None:
    from pypdf import PdfReader

    path = built / "build" / "hemtjanst-norr-tjansteskrivelse.pdf"
    reader = PdfReader(str(path))
    root: Any = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    metadata = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(=\"|>)2", metadata)
    assert reader.metadata is not None and reader.metadata.title == (
        "Verksamhetsuppdrag Hemtjänst i egen regi – område Norr, fastställande"
    )
    text = spaces(pdf_text(path))
    pages = len(reader.pages)
    assert f"Sida 1 ({pages})" in text and f"Sida {pages} ({pages})" in text
    assert "Förslag till socialnämndens beslut" in text
    assert "2. Ersättningen till Leanlink för 2027 fastställs till 102 372 048 kr." in " ".join(
        text.split()
    )
