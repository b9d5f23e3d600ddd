"""PDF files put together with pypdf: the meeting's `handlingar.pdf`, and bytes that repeat.

`assemble` concatenates the cover and the ärenden with their bilagor into one PDF with a
bookmark per ärende (its own headings nested below it) and per bilaga, and page labels that
match the printed list: "Omslag", then i, ii … for the list, then 1 … N from the first ärende.

`normalise` exists because LibreOffice stamps each PDF with the moment of conversion. Checked
on LibreOffice 7.4.7: two conversions of the same docx differ in exactly four places, all of
them the clock: `/CreationDate` in the document information, `xmp:CreateDate` in the XMP
metadata, the creation time in the header of the sRGB ICC profile embedded for PDF/A, and the
file `/ID` computed from them. `normalise` sets the first three from a fixed moment (the
meeting's date) and derives the `/ID` from the content, and copies everything else as it is;
the information and XMP dates stay equal, as PDF/A requires. The same commit then gives the
same bytes, which is what lets anyone check a published document against `manifest.json`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

_ICC_DATE = slice(24, 36)
"""The profile header's dateTimeNumber: year, month, day, hour, minute, second (uint16 each)."""
_ICC_SIGNATURE = slice(36, 40)
_XMP_DATE = re.compile(
    rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)[^<]*(</xmp:(?:CreateDate|ModifyDate|MetadataDate)>)"
)


FRONT_TITLES = ("Omslag", "Ärendeförteckning")
"""The bookmarks of the cover and the list; the cover's page label is the first."""


class PdfProblem(Exception):
    """A PDF that pypdf cannot read; the caller names the file and wraps it in its own error."""


@dataclass(frozen=True)
class Part:
    """One PDF to append, with the title of its bookmark."""

    title: str
    pdf: bytes


@dataclass(frozen=True)
class Chapter:
    """An ärende: its decision document and the bilagor that follow it."""

    title: str
    pdf: bytes
    attachments: tuple[Part, ...] = ()


@dataclass(frozen=True)
class Properties:
    """What the PDF says about itself (document information and catalogue)."""

    title: str
    author: str
    subject: str
    creator: str
    moment: dt.datetime
    language: str = "sv-SE"


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
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise PdfProblem("filen är trasig och kan inte läsas som PDF") from exc
    return opened


def page_count(data: bytes) -> int:
    return len(reader(data).pages)


def normalise(data: bytes, moment: dt.datetime) -> bytes:
    """The same PDF with the conversion time replaced by `moment` and a content-derived /ID."""
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
    data = stream.get_data()
    if len(data) < 128 or data[_ICC_SIGNATURE] != b"acsp":
        return  # not an ICC profile header; leave it alone
    utc = moment.astimezone(dt.UTC)
    fields = (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
    stream.set_data(data[: _ICC_DATE.start] + struct.pack(">6H", *fields) + data[_ICC_DATE.stop :])


def assemble(front: bytes, chapters: Sequence[Chapter], properties: Properties) -> bytes:
    """One PDF: `front` (the cover, then the list), then each chapter and its attachments.

    The front's first pages are bookmarked with FRONT_TITLES. Page labels: the first page is
    "Omslag", the rest of the front i, ii …, and the chapters count from 1.
    """
    writer = PdfWriter()
    writer.append(reader(front), import_outline=False)
    front_pages = len(writer.pages)
    for index, title in enumerate(FRONT_TITLES[:front_pages]):
        writer.add_outline_item(title=title, page_number=index)
    for chapter in chapters:
        writer.append(reader(chapter.pdf), outline_item=chapter.title)
        parent = cast(IndirectObject, writer.get_outline_root()["/Last"])
        for attachment in chapter.attachments:
            start = len(writer.pages)
            writer.append(reader(attachment.pdf), import_outline=False)
            writer.add_outline_item(title=attachment.title, page_number=start, parent=parent)
    total = len(writer.pages)
    writer.set_page_label(0, 0, prefix=FRONT_TITLES[0])
    if front_pages > 1:
        writer.set_page_label(1, front_pages - 1, style=PageLabelStyle.LOWERCASE_ROMAN, start=1)
    if total > front_pages:
        writer.set_page_label(front_pages, total - 1, style=PageLabelStyle.DECIMAL, start=1)
    stamp = pdf_date(properties.moment)
    writer.add_metadata(
        {
            "/Title": properties.title,
            "/Author": properties.author,
            "/Subject": properties.subject,
            "/Creator": properties.creator,
            "/CreationDate": stamp,
            "/ModDate": stamp,
        }
    )
    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject(properties.language)
    writer.page_mode = "/UseOutlines"
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    return _write(writer)


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
