"""The layout of the Excel form, shared by the code that makes it and the code that reads it.

`forms.py` writes these sheets, rows and columns and `readback.py` reads them, so the two
cannot drift apart: a sheet's name, the row of its first entry, the column of each input, the
lines of the heading and the hashes of the files a form is made from. And which forms a period
asks for (`uppdrag blankett --alla`), and whether a form on disk has answers in its input cells
(so that a new blank never replaces it without asking).
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import get_args

from uppdrag_docs.errors import UnsafeFileError, UppdragError
from uppdrag_docs.files import read_bounded
from uppdrag_docs.follow_up.judgement import is_text_target
from uppdrag_docs.follow_up.models import Judgement
from uppdrag_docs.follow_up.periods import calendar, parse_period
from uppdrag_docs.follow_up.xlsx_file import xlsx_bytes
from uppdrag_docs.format.document import MAX_FILE_BYTES
from uppdrag_docs.format.repository import (
    CATALOGUE_FILE,
    INDEX_FILE,
    find_root,
    load_shared,
    uppdrag_files,
)
from uppdrag_docs.format.schedule import Due
from uppdrag_docs.format.schema import Criterion, Report, Uppdrag
from uppdrag_docs.swedish import number_as_written
from uppdrag_docs.trust.checks import LoadedUppdrag, load_uppdrag

FORMS_DIR = Path("build") / "blanketter"
FORM_KIND = "uppdrag-docs rapportblankett"
FORM_VERSION = 1

REPORT_SHEET = "Rapport"
OUTCOME_SHEET = "Utfall"
ECONOMY_SHEET = "Ekonomi"
VOLUME_SHEET = "Volymer"
META_SHEET = "Blankett"

HEADING_ROW = 6
FIRST_ROW = 7
"""Every table has its column headings on row 6 and its first entry on row 7."""

DELIVERED_BY = "B6"
DELIVERED = "B7"
CLIENTS = "B8"
"""The input cells of the report sheet."""

OUTCOME_COLUMNS: tuple[str, ...] = ("Kriterium", "Namn", "Målvärde", "Enhet", "Värde")
OUTCOME_COLUMNS += ("Bedömning", "Ej mätt: skälet", "Kommentar", "Åtgärder", "Antal svar")
VALUE, JUDGEMENT, NOT_MEASURED, COMMENT, ACTIONS, ANSWERS = "E", "F", "G", "H", "I", "J"
ECONOMY_COLUMNS = ("Del", "Post", "Beslutat för perioden, kr", "Utfall")
ECONOMY_INPUT = "D"
VOLUME_COLUMNS = ("Post", "Beskrivning", "Enhet", "Pris, kr", "Prognos för perioden", "Utfall")
VOLUME_INPUT = "F"

INCOME_KEYS = ("ersättning", "rörlig", "tilläggsuppdrag", "övriga")
INCOME, COSTS, TEXT, FORECAST = "intäkter", "kostnader", "text", "prognos_helår"
"""The parts of the economy sheet (column A); column B is the key inside the part."""

JUDGEMENTS: tuple[str, ...] = get_args(Judgement)
MAX_AMOUNT = 10**12

HASH = "sha256"
MADE_FROM_SHARED = (CATALOGUE_FILE, INDEX_FILE)
"""The shared files a form is made from besides its uppdrag: the catalogue of the shared
criteria (names, targets, units) and the index of the decided figures and prices."""
META_KEYS: tuple[str, ...] = ("blankett", "version", "uppdrag", "rapport", "period", HASH)
META_KEYS += tuple(f"{HASH} {name}" for name in MADE_FROM_SHARED)


def made_from(loaded: LoadedUppdrag) -> dict[str, tuple[Path, str]]:
    """Each file a form of `loaded` is made from, and its sha256 now ("" when it cannot be
    read), by the key of its hash on the hidden sheet."""
    documents = loaded.shared.documents
    paths = {HASH: loaded.path}
    paths.update({f"{HASH} {name}": documents[name].path for name in MADE_FROM_SHARED})
    out: dict[str, tuple[Path, str]] = {}
    for key, path in paths.items():
        try:
            digest = hashlib.sha256(read_bounded(path, MAX_FILE_BYTES, root=loaded.shared.root))
        except (OSError, UnsafeFileError):
            out[key] = (path, "")
        else:
            out[key] = (path, digest.hexdigest())
    return out


def title_line(report_id: str, period: object, what: str) -> str:
    """The first line of every sheet: which report and period, and what the sheet holds."""
    return f"Rapport {report_id} för {period}: {what}"


def uppdrag_line(uppdrag: Uppdrag, report: Report) -> str:
    return f"Uppdrag: {uppdrag.title} ({uppdrag.id}). {report.what}."


def uppdrag_of(line: str) -> str | None:
    """The uppdrag id a sheet's `uppdrag_line` names (its title may hold brackets too)."""
    found = re.findall(r"\(([^()\s]+)\)\. ", line)
    return found[-1] if found else None


def period_line(due: Due, report: Report) -> str:
    return f"{period_span(due)} Lämnas senast {due.due.isoformat()} till {report.recipient}."


def period_span(due: Due) -> str:
    """The part of `period_line` that says which period a form is for."""
    return f"Perioden {due.start.isoformat()}–{due.end.isoformat()}."


def target_text(criterion: Criterion) -> str:
    """`högst 15`, `minst 95`, or a text target as written: the målvärde column of the form."""
    target = criterion.target
    if is_text_target(criterion):
        return target.text or ""
    bounds = [
        f"{word} {number_as_written(value)}"
        for word, value in (("minst", target.at_least), ("högst", target.at_most))
        if value is not None
    ]
    return " och ".join(bounds)


def carried(loaded: LoadedUppdrag, report: Report) -> list[Criterion]:
    return [c for c in loaded.criteria if report.id in c.reports]


def due_in(start: Path, period_text: str, ids: Sequence[str] = ()) -> list[tuple[str, str, str]]:
    """Every (uppdrag, rapport, period) whose (clipped) period ends within `period_text`: of the
    uppdrag `ids`, or of every uppdrag that is not an utkast or upphävt."""
    root = find_root(start)
    shared = load_shared(root)
    try:
        span = parse_period(period_text)
    except ValueError as exc:
        raise UppdragError(str(exc)) from None
    first, last = span.start, span.end
    out: list[tuple[str, str, str]] = []
    paths = uppdrag_files([root / "uppdrag"], root)
    known = {p.stem for p in paths}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise UppdragError(f"hittar inget uppdrag med id {', '.join(unknown)}")
    for path in paths:
        if ids and path.stem not in ids:
            continue
        loaded, _ = load_uppdrag(path, shared)
        if loaded is None or (not ids and not loaded.uppdrag.presented):
            continue
        for report in loaded.uppdrag.reports:
            for key, due in calendar(report, loaded.uppdrag.period).items():
                if first <= due.end <= last:
                    out.append((loaded.uppdrag.id, report.id, str(key)))
    return out


def filled(path: Path, blank: bytes) -> str | None:
    """Why the form at `path` must not be replaced by `blank`, a new blank form, without
    asking: an input cell that holds something else (`Utfall!E7 är ifylld`), or a file that
    cannot be compared (not a form, broken, too large: not ours to replace). None when there
    is no file there or nothing in it was filled in."""
    import openpyxl

    unknown = "den går inte att jämföra med en tom blankett"
    if not path.exists():  # nothing, or a link to nothing yet: nothing filled in to lose
        return None
    raw = xlsx_bytes(path)  # bounded as a form read in is: sizes, cells, no device
    if isinstance(raw, str):
        return unknown
    if raw == blank:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            existing = openpyxl.load_workbook(io.BytesIO(raw))
            fresh = openpyxl.load_workbook(io.BytesIO(blank))
    except Exception:  # openpyxl raises many kinds for a file that is not a form
        return unknown
    for sheet in existing.worksheets:
        other = fresh[sheet.title] if sheet.title in fresh.sheetnames else None
        for row in sheet.iter_rows():
            for cell in row:
                if cell.protection.locked or cell.value in (None, ""):
                    continue
                if other is None or other[cell.coordinate].value != cell.value:
                    return f"{sheet.title}!{cell.coordinate} är ifylld"
    return None
