"""Single PDF files made reproducible with pypdf, and opened: pages counted, problems named.

`normalise` exists because LibreOffice stamps each PDF with the moment of conversion. Checked
on LibreOffice 7.4.7: two conversions of the same docx differ in exactly four places, all of
them the clock: `/CreationDate` in the document information, `xmp:CreateDate` in the XMP
metadata, the creation time in the header of the sRGB ICC profile embedded for PDF/A, and the
file `/ID` computed from them. `normalise` sets the first three from a fixed moment (the
meeting's date) and derives the `/ID` from the content, and copies everything else as it is;
the information and XMP dates stay equal, as PDF/A requires. The same commit then gives the
same bytes, which is what lets anyone check a published document against `manifest.json`.

A PDF that LibreOffice wrote broken fails in pypdf in many ways (`BROKEN`) and anywhere, also
when it is copied after it opened: each is a `PdfProblem` in Swedish, which the caller says
with the file's name. pypdf's own warnings about such a file ("Ignoring wrong pointing
object") are English log lines that would reach the terminal: they are not shown.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import logging
import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pikepdf
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, ByteStringObject, StreamObject

from uppdrag_docs.errors import MeetingError
from uppdrag_docs.files import display_path

_ICC_DATE = slice(24, 36)
"""The profile header's dateTimeNumber: year, month, day, hour, minute, second (uint16 each)."""
_ICC_SIGNATURE = slice(36, 40)
_XMP_DATE = re.compile(
    rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)[^<]*(</xmp:(?:CreateDate|ModifyDate|MetadataDate)>)"
)


class PdfProblem(Exception):
    """A PDF that cannot be read; the caller names the file and wraps it in its own error."""


BROKEN: tuple[type[Exception], ...] = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    AssertionError,
    RecursionError,
    OSError,
    struct.error,
    zlib.error,
)
"""What pypdf raises for a damaged file: its own errors, and the ones its parsing runs into."""
BROKEN_TEXT = "filen är trasig och kan inte läsas som PDF"

logging.getLogger("pypdf").addHandler(logging.NullHandler())


def pdf_date(moment: dt.datetime) -> str:
    """A PDF date string in UTC: D:20261214000000Z."""
    return "D:" + moment.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S") + "Z"


def reader(data: bytes) -> PdfReader:
    """Open PDF bytes; a damaged or password-protected file is a `PdfProblem`."""
    try:
        opened = PdfReader(io.BytesIO(data), strict=False)
        if opened.is_encrypted and not opened.decrypt(""):
            raise PdfProblem("filen är lösenordsskyddad")
        len(opened.pages)  # reading the page tree is where most damaged files fail
    except PdfProblem:
        raise
    except BROKEN as exc:
        raise PdfProblem(BROKEN_TEXT) from exc
    return opened


@contextlib.contextmanager
def opened(data: bytes) -> Iterator[pikepdf.Pdf]:
    """PDF bytes opened with pikepdf, for merging; closed after. Problems as for `reader`."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise PdfProblem("filen är lösenordsskyddad") from exc
    except (pikepdf.PdfError, ValueError, OSError) as exc:
        raise PdfProblem(BROKEN_TEXT) from exc
    with pdf:
        yield pdf


def page_count(data: bytes) -> int:
    return len(reader(data).pages)


def normalise(data: bytes, moment: dt.datetime) -> bytes:
    """The same PDF with the conversion time replaced by `moment` and a content-derived /ID;
    a damaged file is a `PdfProblem` here too, though it opened (a stream without its end)."""
    try:
        return _normalised(data, moment)
    except PdfProblem:
        raise
    except BROKEN as exc:
        raise PdfProblem(BROKEN_TEXT) from exc


def _normalised(data: bytes, moment: dt.datetime) -> bytes:
    source = reader(data)
    writer = PdfWriter(clone_from=source)
    writer.pdf_header = source.pdf_header  # pypdf would otherwise write %PDF-1.3
    info = writer.metadata
    stamp = pdf_date(moment)
    updates = {key: stamp for key in ("/CreationDate", "/ModDate") if info and key in info}
    if updates:
        writer.add_metadata(updates)
    root = writer.root_object
    metadata = root.get("/Metadata")
    if metadata is not None:
        stream = cast(StreamObject, metadata.get_object())
        iso = moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
        stream.set_data(_XMP_DATE.sub(lambda m: m[1] + iso + m[2], stream.get_data()))
    for intent in root.get("/OutputIntents", []):
        profile = intent.get_object().get("/DestOutputProfile")
        if profile is not None:
            _stamp_icc(cast(StreamObject, profile.get_object()), moment)
    return _write(writer)


def _stamp_icc(stream: StreamObject, moment: dt.datetime) -> None:
    stream.set_data(icc_stamped(stream.get_data(), moment))


def icc_stamped(profile: bytes, moment: dt.datetime) -> bytes:
    """An ICC profile with its header's creation date set to `moment` (LibreOffice writes now)."""
    if len(profile) < 128 or profile[_ICC_SIGNATURE] != b"acsp":
        return profile  # not an ICC profile header; leave it alone
    utc = moment.astimezone(dt.UTC)
    fields = (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
    return profile[: _ICC_DATE.start] + struct.pack(">6H", *fields) + profile[_ICC_DATE.stop :]


def _write(writer: PdfWriter) -> bytes:
    """Write twice: once with a zero /ID to hash the content, then with that hash as /ID.

    pypdf has no public way to set the file identifier; `_ID` is what `generate_file_identifiers`
    sets, and a test checks that the identifier is the content's.
    """
    writer._ID = _identifier(b"\0" * 16)
    digest = hashlib.sha256(_bytes(writer)).digest()[:16]
    writer._ID = _identifier(digest)
    return _bytes(writer)


def _identifier(value: bytes) -> ArrayObject:
    return ArrayObject([ByteStringObject(value), ByteStringObject(value)])


def _bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def meeting_pdf(path: Path, moment: dt.datetime) -> bytes:
    """A built PDF as it goes into a meeting's bundle, reproducible at `moment`; one that is not
    right stops the meeting with its file named."""
    try:
        return normalise(path.read_bytes(), moment)
    except PdfProblem as exc:
        raise MeetingError(str(exc), path=display_path(path)) from exc
