"""Kolada's figures, read offline from `uppdrag/gemensamt/kolada.csv` (standardkostnad.md).

The kommun exports the figures it compares with from Kolada's API (v3) into one CSV file, reviews
the diff in a pull request, and the tool reads it with the standard library's csv module: UTF-8
(a BOM allowed), comma-separated, quoted as RFC 4180, one header row whose columns may come in
any order. Every problem is a finding at the row's line (1 is the header) and the field's column,
as an editor shows them: an unknown or missing column ("menade du"), a malformed kpi, kommun,
år, kön or hämtad, a värde that is not a number, the same kpi × kommun × år × kön twice. A file
saved by a spreadsheet with semicolons or in Latin-1 gets a sentence that says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from uppdrag_docs import codes
from uppdrag_docs.codes import Code
from uppdrag_docs.errors import UnsafeFileError
from uppdrag_docs.files import os_error_text, read_bounded
from uppdrag_docs.findings import Finding, Position
from uppdrag_docs.format.base import KOLADA_KOMMUN_PATTERN, KPI_PATTERN
from uppdrag_docs.quoting import quoted

MAX_BYTES = 16 * 1024 * 1024
"""A kommun's export of a few dozen KPIs over ten years is well under 1 MiB."""

REQUIRED = ("kpi", "kommun", "år", "kön", "värde", "hämtad")
OPTIONAL = ("antal", "status", "namn", "anmärkning")
COLUMNS = REQUIRED + OPTIONAL
TOTAL = "T"
"""Kön as Kolada writes both together; the tool uses only these rows."""

_KPI = re.compile(KPI_PATTERN)
_KOMMUN = re.compile(KOLADA_KOMMUN_PATTERN)
_YEAR = re.compile(r"^\d{4}$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
MAX_WHOLE_DIGITS = 12
"""A Kolada figure has fewer digits before its point: a cost per unit, per invånare, or a kommun's
total in kronor. More could not be raised by the uppräkningsmodell exactly (UD308)."""
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class KoladaValue:
    """One row: a KPI's value for one kommun, year and kön, as Kolada gave it."""

    kpi: str
    kommun: str
    year: int
    gender: str
    value: Decimal | None
    """None: Kolada has no value (an empty cell)."""
    fetched: dt.date
    status: str | None
    name: str | None
    line: int

    @property
    def usable(self) -> bool:
        """Shown and computed with: a value for both kön together, without a status."""
        return self.value is not None and self.gender == TOTAL and not self.status


@dataclass
class Kolada:
    """The file's rows that could be read, and the findings about the others."""

    path: Path
    rows: tuple[KoladaValue, ...] = field(default=(), repr=False)
    findings: list[Finding] = field(default_factory=list)

    def series(self, kpi: str, kommun: str) -> list[KoladaValue]:
        """The rows of one KPI and kommun for both kön together, oldest first."""
        found = [r for r in self.rows if r.kpi == kpi and r.kommun == kommun and r.gender == TOTAL]
        return sorted(found, key=lambda r: r.year)

    def name(self, kommun: str) -> str | None:
        """The kommun's or group's name as the file gives it, for the documents."""
        return next((r.name for r in self.rows if r.kommun == kommun and r.name), None)


def read_kolada(path: Path, root: Path) -> Kolada:
    """Read `kolada.csv` in the repository `root`; every problem is a finding on the returned
    object, never raised."""
    out = Kolada(path)
    try:
        raw = read_bounded(path, MAX_BYTES, root=root)
    except UnsafeFileError as exc:
        if exc.size is None:
            return _refused(out, codes.FILE_UNREADABLE, exc.message)
        return _refused(
            out,
            codes.FILE_TOO_LARGE,
            f"filen är {exc.size // 1024} kB; gränsen är {MAX_BYTES // 1024} kB",
        )
    except OSError as exc:
        return _refused(out, codes.FILE_UNREADABLE, f"filen kan inte läsas: {os_error_text(exc)}")
    return kolada_from_bytes(path, raw)


def kolada_from_bytes(path: Path, raw: bytes) -> Kolada:
    """The file's bytes read elsewhere (git, for `diff`) as `read_kolada` reads a file."""
    out = Kolada(path)
    if len(raw) > MAX_BYTES:
        return _refused(
            out,
            codes.FILE_TOO_LARGE,
            f"filen är {len(raw) // 1024} kB; gränsen är {MAX_BYTES // 1024} kB",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return _refused(
            out,
            codes.FILE_UNREADABLE,
            f"filen är inte UTF-8 (byte 0x{raw[exc.start]:02X} på rad {line}); den är troligen "
            "sparad som Latin-1 eller Windows-1252 av ett kalkylprogram: spara den som CSV "
            "UTF-8, eller exportera den på nytt från Kolada",
            Position(line, 1),
        )
    parse_kolada(out, text)
    return out


def _refused(out: Kolada, code: Code, message: str, at: Position | None = None) -> Kolada:
    out.findings.append(code.at(out.path, at or Position(1, 1), message))
    return out


def parse_kolada(out: Kolada, text: str) -> None:
    """The rows of `text` into `out`, with a finding for each problem."""
    records = list(_records(text))
    if not records:
        out.findings.append(
            _finding(out, 1, 1, "filen är tom; den ska ha en rubrikrad med " + ", ".join(REQUIRED))
        )
        return
    header = records[0]
    if len(header.fields) == 1 and ";" in header.fields[0]:
        out.findings.append(
            _finding(
                out,
                1,
                1,
                "filen är avgränsad med semikolon; kolada.csv ska vara kommaseparerad (RFC "
                "4180), med punkt som decimaltecken, som exporten med jq:s @csv skriver den",
            )
        )
        return
    columns = _columns(out, header)
    if any(name not in columns for name in REQUIRED):
        return
    seen: dict[tuple[str, str, int, str], int] = {}
    rows: list[KoladaValue] = []
    for record in records[1:]:
        row = _row(out, record, columns, len(header.fields))
        if row is None:
            continue
        key = (row.kpi, row.kommun, row.year, row.gender)
        if key in seen:
            out.findings.append(
                _finding(
                    out,
                    record.line,
                    1,
                    f"{row.kpi} för {row.kommun} {row.year} (kön {row.gender}) finns redan på "
                    f"rad {seen[key]}",
                )
            )
            continue
        seen[key] = record.line
        rows.append(row)
    out.rows = tuple(rows)


@dataclass(frozen=True)
class _Record:
    line: int
    fields: list[str]
    columns: list[int]
    """Each field's column on its line, 1-based, as an editor counts it."""


def _records(text: str) -> Iterator[_Record]:
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines, strict=True)
    start = 1
    try:
        for fields in reader:
            raw = "".join(lines[start - 1 : reader.line_num])
            if fields:
                yield _Record(start, fields, _starts(raw))
            start = reader.line_num + 1
    except csv.Error:
        yield _Record(start, ["\0"], [1])  # reported by `_row` as a broken line


def _starts(raw: str) -> list[int]:
    """The column where each field of a record's first line begins."""
    starts, quoted = [1], False
    for i, char in enumerate(raw.split("\n", 1)[0]):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(i + 2)
    return starts


def _finding(out: Kolada, line: int, column: int, message: str) -> Finding:
    return codes.KOLADA_FILE.at(out.path, Position(line, column), message)


def _columns(out: Kolada, header: _Record) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, name in enumerate(header.fields):
        clean = name.strip()
        column = header.columns[i] if i < len(header.columns) else 1
        if clean in columns:
            out.findings.append(_finding(out, 1, column, f"kolumnen '{clean}' finns två gånger"))
        elif clean not in COLUMNS:
            bare = {_ascii(name): name for name in COLUMNS}
            close = [bare[_ascii(clean)]] if _ascii(clean) in bare else []
            close = close or difflib.get_close_matches(clean, COLUMNS, n=1, cutoff=0.6)
            hint = (
                f"; menade du '{close[0]}'?" if close else "; kolumnerna är " + ", ".join(COLUMNS)
            )
            out.findings.append(_finding(out, 1, column, f"okänd kolumn '{clean}'{hint}"))
        else:
            columns[clean] = i
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        out.findings.append(
            _finding(out, 1, 1, "kolumnen " + ", ".join(f"'{m}'" for m in missing) + " saknas")
        )
    return columns


def _row(out: Kolada, record: _Record, columns: dict[str, int], width: int) -> KoladaValue | None:
    if record.fields == ["\0"]:
        out.findings.append(
            _finding(
                out,
                record.line,
                1,
                "raden går inte att läsa som CSV (ett citattecken som inte avslutas?)",
            )
        )
        return None
    if len(record.fields) != width:
        out.findings.append(
            _finding(
                out,
                record.line,
                1,
                f"raden har {len(record.fields)} fält men rubrikraden har {width}",
            )
        )
        return None
    problems: list[Finding] = []

    def cell(name: str) -> str:
        index = columns.get(name)
        return record.fields[index].strip() if index is not None else ""

    def bad(name: str, message: str) -> None:
        index = columns[name]
        column = record.columns[index] if index < len(record.columns) else 1
        problems.append(_finding(out, record.line, column, message))

    kpi, kommun, year, gender = cell("kpi"), cell("kommun"), cell("år"), cell("kön")
    value, fetched = cell("värde"), cell("hämtad")
    if not _KPI.match(kpi):
        bad("kpi", f"kpi '{kpi}' ska vara ett id i Kolada: N eller U och fem siffror")
    if not _KOMMUN.match(kommun):
        bad("kommun", f"kommun '{kommun}' ska vara fyra siffror (0580) eller en grupp (G…)")
    if not _YEAR.match(year):
        bad("år", f"år '{year}' ska vara fyra siffror")
    if gender not in ("T", "K", "M"):
        bad("kön", f"kön '{gender}' ska vara T, K eller M")
    wrong = _wrong_value(value)
    if wrong is not None:
        bad("värde", wrong)
    day = _date(fetched)
    if day is None:
        bad("hämtad", f"hämtad '{fetched}' ska vara ett datum, ÅÅÅÅ-MM-DD")
    if problems or day is None:
        out.findings.extend(problems)
        return None
    return KoladaValue(
        kpi=kpi,
        kommun=kommun,
        year=int(year),
        gender=gender,
        value=Decimal(value) if value else None,
        fetched=day,
        status=cell("status") or None,
        name=cell("namn") or None,
        line=record.line,
    )


def _wrong_value(value: str) -> str | None:
    """What is wrong with a value of the column `värde` (empty is no value), if anything."""
    if value and not _NUMBER.match(value):
        return f"värde {quoted(value)} är inget tal med punkt som decimaltecken"
    if len(value.lstrip("-").split(".")[0].lstrip("0")) > MAX_WHOLE_DIGITS:
        return (
            f"värde {quoted(value)} har fler än {MAX_WHOLE_DIGITS} siffror före decimalpunkten "
            "och kan inte räknas upp exakt; Kolada har inga så stora tal"
        )
    return None


def _date(text: str) -> dt.date | None:
    if not _DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _ascii(name: str) -> str:
    """A column's name without its å, ä and ö, as a keyboard without them writes it."""
    decomposed = unicodedata.normalize("NFD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
