"""Bilagor made PDF/A-2b for the meeting's bundle, or told why they cannot be.

`handlingar.pdf` claims PDF/A-2b, so every PDF in it must conform. LibreOffice's PDFs do (the
decision documents, the tjänsteskrivelser, the cover and the Word bilagor are exported as
PDF/A-2b); a PDF bilaga that a person supplied may or may not. `archival` tries, the most
faithful way first:

1. A PDF whose XMP metadata claims PDF/A-1, -2 or -3 (-3 without embedded files, which PDF/A-2
   does not allow), with no output intent other than RGB, is taken as it is: the claim is its
   maker's promise, and the bundle's output intent is sRGB.
2. Otherwise pikepdf's PDF/A checker (an allowlist: it approves only what it knows conforms) is
   asked about what the bundle takes from the PDF, its pages and its structure tree, once
   `pikepdf.pdfa.prepare` has given them the metadata and output intent that the bundle will
   have and repaired what it can (annotation flags, image interpolation, font encodings). When
   it approves, that copy is taken, its text and structure as they were. LibreOffice's ordinary
   (not PDF/A) export passes this way.
3. Otherwise Ghostscript rewrites it (`uppdrag_docs.ghostscript`): fonts embedded, colours RGB.
   Ghostscript keeps no structure tree, so a tagged PDF comes out untagged.
4. When Ghostscript cannot, the PDF is taken as it is and `problem` says why.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf
import pikepdf.pdfa

from uppdrag_docs import ghostscript
from uppdrag_docs.build.pdf import opened
from uppdrag_docs.errors import GhostscriptError

FLAVOUR = "2b"
PDFA_PARTS = ("1", "2", "3")
"""The PDF/A parts whose files a PDF/A-2 file may hold unchanged (part 3 without attachments)."""


@dataclass(frozen=True)
class Archival:
    """A bilaga as the bundle takes it."""

    pdf: bytes
    problem: str | None = None
    """Why it is not PDF/A, in Swedish; None when it is."""
    tagged: bool = True
    """Whether it has a structure tree (headings, tables) for a screen reader."""
    lost_tags: bool = False
    """Whether it had one before Ghostscript made it PDF/A."""


def archival(data: bytes, *, moment: dt.datetime) -> Archival:
    """`data` as PDF/A-2b, the most faithful way that works (see the module's docstring).

    A PDF that cannot be read at all is a `PdfProblem`; the caller names the bilaga.
    """
    with opened(data) as pdf:
        tagged = _tagged(pdf)
        if _acceptable_claim(pdf):
            return Archival(data, tagged=tagged)
        held = _prepared(pdf)
        if held is not None:
            return Archival(held, tagged=tagged)
    try:
        converted = ghostscript.to_pdfa(data, moment=moment)
    except GhostscriptError as exc:
        return Archival(data, problem=exc.message, tagged=tagged)
    with opened(converted) as pdf:
        if not pdfa_claim(pdf).startswith("2") or _prepared(pdf) is None:
            problem = "Ghostscript skrev en fil som inte är PDF/A-2b"
            return Archival(data, problem=problem, tagged=tagged)
        return Archival(converted, tagged=_tagged(pdf), lost_tags=tagged and not _tagged(pdf))


def pdfa_claim(pdf: pikepdf.Pdf) -> str:
    """The PDF/A part and conformance the XMP metadata claims ('2B', '1A' …), or ''."""
    if "/Metadata" not in pdf.Root:
        return ""
    # Read only: an input's metadata is never rewritten, so no `with` (which would save it)
    metadata = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
    return str(metadata.pdfa_status)


def _tagged(pdf: pikepdf.Pdf) -> bool:
    return "/StructTreeRoot" in pdf.Root


def _acceptable_claim(pdf: pikepdf.Pdf) -> bool:
    claim = pdfa_claim(pdf)
    if not claim or claim[0] not in PDFA_PARTS:
        return False
    names = pdf.Root.get("/Names", pikepdf.Dictionary())
    if claim[0] == "3" and ("/AF" in pdf.Root or "/EmbeddedFiles" in names):
        return False
    for intent in pdf.Root.get("/OutputIntents", pikepdf.Array()):
        profile = intent.get("/DestOutputProfile")
        if profile is not None and profile.read_bytes()[16:20] != b"RGB ":
            return False  # the colour space in the ICC header; the bundle's is sRGB
    return True


def _prepared(pdf: pikepdf.Pdf) -> bytes | None:
    """The pages and structure tree of `pdf`, prepared for PDF/A-2b, if the checker approves."""
    held = pikepdf.Pdf.new()
    held.pages.extend(pdf.pages)
    if _tagged(pdf):
        held.Root.StructTreeRoot = held.copy_foreign(pdf.Root.StructTreeRoot)
        held.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    if "/Lang" in pdf.Root:
        held.Root.Lang = pdf.Root.Lang
    with _quiet_fonttools():
        pikepdf.pdfa.prepare(held, FLAVOUR)
        report = pikepdf.pdfa.check(held, FLAVOUR)
    if not report.passed:
        return None
    buffer = io.BytesIO()
    held.save(buffer, **report.save_kwargs)
    return buffer.getvalue()


@contextlib.contextmanager
def _quiet_fonttools() -> Iterator[None]:
    """Keep fontTools' notes on the fonts it reads (odd timestamps) out of the terminal."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
