"""PDF conversion with the real LibreOffice (run on CI) and with fake soffice scripts."""

from __future__ import annotations

import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from uppdrag_docs.errors import ConversionError, LibreOfficeMissingError
from uppdrag_docs.libreoffice.convert import convert_to_pdf
from uppdrag_docs.libreoffice.soffice import SOFFICE_ENV, find_soffice

from .conftest import require

pytestmark = pytest.mark.slow

SWEDISH = "Äldreomsorgen i Västerås ska utföras på ett tryggt sätt, även på helgdagar."
HEADING = "Uppdrag för hemtjänst i område Öst"


def real_soffice() -> str:
    """The installed soffice; its absence is a failure (make test installs it)."""
    found = find_soffice()
    if found is None:
        pytest.fail("LibreOffice saknas; make test installerar det")
    return found


def make_docx(path: Path, title: str) -> Path:
    """A small Swedish document: core title, sv-SE default language, a Heading 1."""
    doc = Document()
    doc.core_properties.title = title
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    rpr_default = defaults.find(qn("w:rPrDefault"))
    assert rpr_default is not None
    rpr = rpr_default.find(qn("w:rPr"))
    assert rpr is not None
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "sv-SE")
    doc.add_heading(HEADING, level=1)
    doc.add_paragraph(f"{SWEDISH} ({title})")
    doc.save(str(path))
    return path


def make_docs(folder: Path, count: int = 3) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    names = ["hemtjanst-norr", "hemtjänst söder", "larm-öst", "kost", "städ"]
    return [make_docx(folder / f"{name}.docx", f"Beslut {name}") for name in names[:count]]


# Exits 1 when given more than one document, otherwise runs the real soffice.
BATCHES_FAIL = """n=0
for a in "$@"; do case "$a" in *.docx) n=$((n+1));; esac; done
echo "$n" >> 'LOG'
[ "$n" -gt 1 ] && exit 1
exec 'SOFFICE' "$@"
"""


def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    script = tmp_path / "fake-soffice"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv(SOFFICE_ENV, str(script))


def alive_in_session(sid: int) -> bool:
    """Whether a process of session `sid` is still running (zombies await init, not us)."""
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            return True
    return False


def font_is_embedded(font: Any) -> bool:
    """Whether the font program is in the PDF; a Type0 font's lives in its descendant."""
    if font.get("/Subtype") == "/Type0":
        return all(font_is_embedded(d.get_object()) for d in font["/DescendantFonts"])
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are drawn by the PDF itself
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def page_fonts(reader: PdfReader) -> list[DictionaryObject]:
    fonts = []
    for page in reader.pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources is not None else None
        if font_dict is not None:
            fonts += [ref.get_object() for ref in font_dict.get_object().values()]
    return fonts


@dataclass
class Converted:
    docs: list[Path]
    pdfs: list[Path]
    out: Path
    done: list[Path]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Converted:
    """Three documents converted once with two parallel processes."""
    real_soffice()
    root = tmp_path_factory.mktemp("pdf")
    docs = make_docs(root / "docx")
    done: list[Path] = []
    pdfs = convert_to_pdf(docs, root / "build", jobs=2, on_done=done.append)
    return Converted(docs, pdfs, root / "build", done)


def test_every_pdf_is_in_place_and_nothing_is_left_behind(converted: Converted) -> None:
    out = converted.out
    assert converted.pdfs == [out / f"{d.stem}.pdf" for d in converted.docs]
    assert sorted(converted.done) == sorted(converted.pdfs)
    assert all(p.is_file() and p.read_bytes().startswith(b"%PDF-") for p in converted.pdfs)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in converted.pdfs)


def test_pdf_text_keeps_swedish_letters(converted: Converted) -> None:
    require("pdftotext")
    for pdf in converted.pdfs:
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
        ).stdout
        assert HEADING in text
        assert " ".join(SWEDISH.split()) in " ".join(text.split())


def test_pdf_is_archivable_tagged_swedish_and_titled(converted: Converted) -> None:
    for doc, pdf in zip(converted.docs, converted.pdfs, strict=True):
        reader = PdfReader(pdf)
        title = f"Beslut {doc.stem}"
        xmp = reader.xmp_metadata
        assert xmp is not None
        raw = xmp.stream.get_data().decode("utf-8")
        assert "<pdfaid:part>2</pdfaid:part>" in raw or 'pdfaid:part="2"' in raw
        assert "<pdfaid:conformance>B</pdfaid:conformance>" in raw or 'conformance="B"' in raw
        assert xmp.dc_title == {"x-default": title}
        assert reader.metadata is not None and reader.metadata.title == title
        catalog: Any = reader.trailer["/Root"]
        assert catalog["/MarkInfo"]["/Marked"].value is True
        assert "/StructTreeRoot" in catalog
        assert str(catalog["/Lang"]).startswith("sv")
        assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
        assert "/Outlines" in catalog
        outline: Any = reader.outline
        assert [item["/Title"] for item in outline] == [HEADING]
        fonts = page_fonts(reader)
        assert fonts
        assert all(font_is_embedded(f) for f in fonts), [f.get("/BaseFont") for f in fonts]


def test_missing_soffice_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "finns-inte"))
    assert find_soffice() is None
    with pytest.raises(LibreOfficeMissingError) as caught:
        convert_to_pdf([make_docx(tmp_path / "a.docx", "A")], tmp_path / "out")
    message = str(caught.value)
    assert "sudo apt-get install libreoffice-writer-nogui" in message
    assert "https://sv.libreoffice.org" in message and "--no-pdf" in message
    assert "finns-inte" in message


def test_missing_soffice_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SOFFICE_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(LibreOfficeMissingError, match="apt-get"):
        convert_to_pdf([tmp_path / "a.docx"], tmp_path / "out")


def test_hanging_soffice_is_killed_and_the_document_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "started"
    fake_soffice(tmp_path, monkeypatch, f"echo $$ >> '{marker}'\nsleep 100")
    docs = [make_docx(tmp_path / "hemtjanst-norr.docx", "A")]
    docs.append(make_docx(tmp_path / "kost.docx", "B"))
    start = time.monotonic()
    with pytest.raises(ConversionError) as caught:
        convert_to_pdf(docs, tmp_path / "out", jobs=1, timeout=0.5)
    assert time.monotonic() - start < 15
    message = str(caught.value)
    assert "hemtjanst-norr.docx" in message and "kost.docx" in message
    assert "tidsgräns 0,5 s överskreds" in message
    shells = marker.read_text().split()
    assert len(shells) == 3  # the batch, then each document alone
    deadline = time.monotonic() + 5
    while any(alive_in_session(int(pid)) for pid in shells) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive_in_session(int(pid)) for pid in shells)  # sleep was killed too
    assert not any((tmp_path / "out").iterdir())


def test_single_document_failure_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_soffice(tmp_path, monkeypatch, "exit 3")
    with pytest.raises(ConversionError) as caught:
        convert_to_pdf([make_docx(tmp_path / "hemtjanst-norr.docx", "A")], tmp_path / "out")
    assert str(caught.value) == (
        "LibreOffice kunde inte konvertera hemtjanst-norr.docx till PDF "
        "(LibreOffice avslutades med felkod 3)"
    )


def test_failing_batch_is_retried_one_document_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice = real_soffice()
    log = tmp_path / "calls"
    script = BATCHES_FAIL.replace("LOG", str(log)).replace("SOFFICE", soffice)
    fake_soffice(tmp_path, monkeypatch, script)
    docs = make_docs(tmp_path / "docx", 3)
    done: list[Path] = []
    pdfs = convert_to_pdf(docs, tmp_path / "out", jobs=2, on_done=done.append)
    assert all(p.is_file() for p in pdfs) and sorted(done) == sorted(pdfs)
    assert sorted(log.read_text().split()) == ["1", "1", "1", "2"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in pdfs)


def test_broken_docx_fails_instead_of_becoming_a_text_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_soffice()
    monkeypatch.chdir(tmp_path)  # relative paths, while soffice runs in its profile folder
    make_docx(tmp_path / "bra.docx", "Bra")
    Path("trasig.docx").write_text("inte en docx", encoding="utf-8")
    with pytest.raises(ConversionError, match=r"trasig\.docx .*ingen PDF skapades"):
        convert_to_pdf([Path("bra.docx"), Path("trasig.docx")], Path("ut"), jobs=1)
    assert (tmp_path / "ut" / "bra.pdf").is_file()
    assert not (tmp_path / "ut" / "trasig.pdf").exists()


def test_same_stem_twice_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_soffice(tmp_path, monkeypatch, "exit 0")
    with pytest.raises(ValueError, match="samma PDF: a"):
        convert_to_pdf([tmp_path / "x" / "a.docx", tmp_path / "y" / "a.docx"], tmp_path)
