"""PDF bilagor made PDF/A-2b for the meeting's bundle (`build/pdfa.py`, `ghostscript.py`).

The example's PDF bilaga (LibreOffice's ordinary export, untagged) passes pikepdf's checker once
prepared; a PDF with an unembedded font in CMYK does not, and Ghostscript converts it; a fake
`gs` that fails, and a missing one, give a Swedish reason instead of a PDF/A.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pikepdf
import pikepdf.pdfa
import pytest

from uppdrag_docs.build.pdf import PdfProblem
from uppdrag_docs.build.pdfa import archival

from .conftest import EXAMPLES
from .pdfcheck import claim, fonts_not_embedded, plain_pdf

pytestmark = pytest.mark.slow

MOMENT = dt.datetime(2026, 12, 14, tzinfo=dt.UTC)
EXAMPLE = EXAMPLES / "bilagor" / "lss-gruppbostader-vast-bostader.pdf"


def text(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()


def opened(pdf: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(pdf))


def passes(pdf: bytes) -> bool:
    return pikepdf.pdfa.validate_written(io.BytesIO(pdf), "2b").passed


def test_a_plain_pdf_that_the_checker_approves_keeps_its_text() -> None:
    original = EXAMPLE.read_bytes()
    assert claim(opened(original)) == ""  # the example's bilaga is not PDF/A
    made = archival(original, moment=MOMENT)
    assert made.problem is None and not made.tagged and not made.lost_tags
    assert claim(opened(made.pdf)) == "2B" and passes(made.pdf)
    assert text(made.pdf) == text(original)


def test_a_pdf_that_claims_pdfa_is_taken_as_it_is() -> None:
    converted = archival(plain_pdf("Förteckning över bostäder"), moment=MOMENT).pdf
    assert archival(converted, moment=MOMENT).pdf == converted


def test_ghostscript_converts_what_the_checker_refuses() -> None:
    original = plain_pdf("Förteckning över bostäder")
    assert fonts_not_embedded(opened(original)) == ["/Helvetica"]
    made = archival(original, moment=MOMENT)
    assert made.problem is None and not made.tagged
    with opened(made.pdf) as pdf:
        assert claim(pdf) == "2B"
        assert fonts_not_embedded(pdf) == []
    assert passes(made.pdf)
    assert "Förteckning över bostäder" in text(made.pdf)
    assert archival(original, moment=MOMENT).pdf == made.pdf  # the same bytes every time


def fake_gs(folder: Path, script: str) -> Path:
    folder.mkdir()
    program = folder / "gs"
    program.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    program.chmod(0o755)
    return folder


def test_a_failing_ghostscript_is_a_reason_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = fake_gs(tmp_path / "bin", 'echo "Unrecoverable error, exit code 1" >&2; exit 1')
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    original = plain_pdf("Förteckning")
    made = archival(original, moment=MOMENT)
    assert made.problem == "Ghostscript misslyckades: Unrecoverable error, exit code 1"
    assert made.pdf == original


def test_without_ghostscript_the_reason_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    made = archival(plain_pdf("Förteckning"), moment=MOMENT)
    assert made.problem == "Ghostscript (gs) saknas; installera paketet ghostscript"


def test_a_ghostscript_that_writes_no_pdfa_is_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(plain_pdf("Förteckning"))
    copy = f'cp {plain} "${{a#-sOutputFile=}}"'  # writes the plain PDF where gs would write
    script = f'for a; do case "$a" in -sOutputFile=*) {copy};; esac; done'
    monkeypatch.setenv("PATH", f"{fake_gs(tmp_path / 'bin', script)}:/usr/bin:/bin")
    made = archival(plain.read_bytes(), moment=MOMENT)
    assert made.problem == "Ghostscript skrev en fil som inte är PDF/A-2b"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\nnot a pdf", "filen är trasig och kan inte läsas som PDF"),
        ("encrypted", "filen är lösenordsskyddad"),
    ],
)
def test_an_unreadable_pdf_is_a_pdf_problem(data: bytes | str, message: str) -> None:
    if data == "encrypted":
        buffer = io.BytesIO()
        with opened(plain_pdf("Hemlig")) as pdf:
            pdf.save(buffer, encryption=pikepdf.Encryption(owner="ägare", user="läsare"))
        data = buffer.getvalue()
    assert isinstance(data, bytes)
    with pytest.raises(PdfProblem, match=message):
        archival(data, moment=MOMENT)
