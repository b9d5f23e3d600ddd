"""An .xlsx file as bytes, checked before openpyxl opens it: what it is and how large it gets.

A file that cannot be a form of ours is refused with a Swedish sentence, never a traceback:
an .xls, an .ods, a password-protected or corrupt file, a device or a pipe, one over 50 MB, or
one whose parts unpack to more than openpyxl can take in: a sheet over 10 MB of XML, or more
than 100 000 cells, rows and columns in all its sheets, hidden ones too, counting every cell of
the ranges openpyxl fills one by one. All of it is known from the zip before any XML is parsed.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from uppdrag_docs.errors import UnsafeFileError
from uppdrag_docs.files import MB, os_error_text, read_bounded, unpacked_problem

MAX_BYTES = 50 * MB
MAX_UNPACKED = 200 * MB
MAX_PART = 10 * MB
"""One XML part (a sheet, the shared strings): a filled form's are well under 1 MB."""
MAX_CELLS = 100_000
"""Cells, rows and columns of the whole workbook: a form has a few hundred, and openpyxl takes
about a second and 100 MB for each 100 000."""

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


def xlsx_bytes(path: Path) -> bytes | str:
    """The file's bytes when it can be an .xlsx form at all; else why not, in Swedish."""
    suffix = path.suffix.lower()
    try:
        raw = read_bounded(path, MAX_BYTES)
    except UnsafeFileError as exc:  # a device, a pipe, a folder, or far too large
        if exc.size is None:
            return exc.message
        return f"filen är {exc.size // MB} MB; en blankett är högst 50 MB"
    except OSError as exc:
        return f"filen kan inte läsas: {os_error_text(exc)}"
    if raw.startswith(_OLE):
        if _ENCRYPTED in raw:
            return "filen är skyddad med lösenord; spara den utan lösenord och läs in igen"
        return "filen är en .xls-fil (Excel 97–2003); spara den som .xlsx"
    if suffix == ".ods" or b"application/vnd.oasis.opendocument" in raw[:100]:
        return "filen är en .ods-fil (OpenDocument); spara den som .xlsx"
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            problem = unpacked_problem(
                archive,
                total=MAX_UNPACKED,
                part=MAX_PART,
                what="en blankett",
                part_word="ett blad i en blankett",
            ) or _too_many_cells(archive)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return "filen är trasig eller ingen .xlsx-fil"
    if problem is not None:
        return problem
    if "xl/workbook.xml" not in names:
        return "filen är ingen .xlsx-fil (arbetsboken saknas)"
    return raw


_CELL = re.compile(rb"<(?:[\w.-]+:)?(?:c|row|col)[\s/>]")
"""An element openpyxl makes an object of: a cell, a row, a column."""
_RANGE_REF = re.compile(rb"<(?:[\w.-]+:)?(?:mergeCell|hyperlink|comment)\b[^>]*?\sref=\"([^\"]*)\"")
"""A range that openpyxl fills with a cell object for each of its cells."""
_RANGE = re.compile(r"\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?")


def _too_many_cells(archive: zipfile.ZipFile) -> str | None:
    """Why the workbook holds more cells than a form can, counted in its XML before openpyxl
    reads it: the cells of every sheet (hidden ones too) and every cell of the merged,
    linked and commented ranges, which openpyxl makes one by one. A 22 kB file can hold
    millions of `<c/>`, or one merged range of all 17 billion cells of a sheet."""
    count = 0
    for info in archive.infolist():
        if not info.filename.endswith(".xml"):
            continue
        xml = archive.read(info)
        for _ in _CELL.finditer(xml):
            count += 1
            if count > MAX_CELLS:
                return _cells_message()
        for ref in _RANGE_REF.finditer(xml):
            for match in _RANGE.finditer(ref[1].decode("ascii", "replace").upper()):
                count += _area(match)
                if count > MAX_CELLS:
                    return _cells_message()
    return None


def _area(match: re.Match[str]) -> int:
    first_col, first_row, last_col, last_row = match.groups()
    if last_col is None:
        return 1
    columns = abs(_column(last_col) - _column(first_col)) + 1
    return columns * (abs(int(last_row) - int(first_row)) + 1)


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _cells_message() -> str:
    return (
        f"filen har mer än {MAX_CELLS:,} celler (de dolda bladen och sammanslagna celler "
        "medräknade); en blankett har några hundra".replace(",", " ")
    )
