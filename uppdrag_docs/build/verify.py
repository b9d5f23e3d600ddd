"""Each output is opened as its reader will open it before it gets its real name.

A docx must be a readable zip that python-docx opens; a PDF must open with pypdf, have pages,
show the document's title on its first page and claim PDF/A in its metadata. A LibreOffice that
writes 19 bytes and exits 0, a disk that fills up halfway through a zip: each is caught here,
and the document is made again or reported, never published.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

PDFA_PART = re.compile(rb"pdfaid:part(?:>|=\")\s*2")


def _letters(text: str) -> str:
    """Letters and digits only, casefolded: extracted PDF text spaces and breaks words freely."""
    return "".join(
        c
        for c in unicodedata.normalize("NFC", text).casefold()
        if unicodedata.category(c)[0] in "LN"
    )


def docx_problem(data: bytes) -> str | None:
    """Why `data` is not a Word document python-docx can open, or None."""
    from docx import Document

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            broken = archive.testzip()
            if broken is not None:
                return f"delen {broken} i Word-filen är skadad"
        Document(io.BytesIO(data))
    except Exception:  # python-docx raises what zipfile, lxml and its parts raise
        return "Word-filen är trasig och kan inte öppnas"
    return None


def pdf_problem(path: Path, title: str) -> str | None:
    """Why the PDF at `path` is not the archivable document titled `title`, or None."""
    from pypdf import PdfReader

    from uppdrag_docs.build.pdf import BROKEN

    try:
        data = path.read_bytes()
        if not data.startswith(b"%PDF-"):
            return f"filen är ingen PDF ({len(data)} byte)"
        reader = PdfReader(io.BytesIO(data), strict=False)
        if not reader.pages:
            return "PDF-filen har inga sidor"
        metadata = reader.xmp_metadata
        xmp = metadata.stream.get_data() if metadata is not None else b""
        if not PDFA_PART.search(xmp):
            return "PDF-filen är inte PDF/A-2"
        first = reader.pages[0].extract_text() or ""
    except BROKEN:
        return "PDF-filen är trasig och kan inte läsas"
    if _letters(title) not in _letters(first):
        return "PDF-filen visar inte dokumentets titel på första sidan"
    return None
