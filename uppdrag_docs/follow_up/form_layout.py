"""The layout of the Excel form, shared by the code that makes it and the code that reads it.

`forms.py` writes these sheets, rows and columns and `readback.py` reads them, so the two
cannot drift apart: a sheet's name, the row of its first entry, the column of each input. And
which forms a period asks for (`uppdrag blankett --alla`), and whether a form on disk has
answers in its input cells (so that a new blank never replaces it without asking).
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import get_args

from uppdrag_docs.errors import UppdragError
from uppdrag_docs.follow_up.judgement import is_text_target
from uppdrag_docs.follow_up.models import Judgement
from uppdrag_docs.follow_up.periods import calendar, parse_period
from uppdrag_docs.format.repository import find_root, load_shared, uppdrag_files
from uppdrag_docs.format.schema import Criterion, Report
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
OUTCOME_COLUMNS += ("Bedömning", "Ej mätt: skälet", "Kommentar", "Åtgärder")
VALUE, JUDGEMENT, NOT_MEASURED, COMMENT, ACTIONS = "E", "F", "G", "H", "I"
ECONOMY_COLUMNS = ("Del", "Post", "Beslutat för perioden, kr", "Utfall")
ECONOMY_INPUT = "D"
VOLUME_COLUMNS = ("Post", "Beskrivning", "Enhet", "Pris, kr", "Prognos för perioden", "Utfall")
VOLUME_INPUT = "F"

INCOME_KEYS = ("ersättning", "rörlig", "tilläggsuppdrag", "övriga")
INCOME, COSTS, TEXT, FORECAST = "intäkter", "kostnader", "text", "prognos_helår"
"""The parts of the economy sheet (column A); column B is the key inside the part."""

JUDGEMENTS: tuple[str, ...] = get_args(Judgement)
MAX_AMOUNT = 10**12

META_KEYS = ("blankett", "version", "uppdrag", "rapport", "period", "sha256")


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


MAX_COMPARED = 10 * 1024 * 1024
"""A form over this size, packed or unpacked, is not compared: far more than any blank."""


def filled(path: Path, blank: bytes) -> str | None:
    """Why the form at `path` must not be replaced by `blank`, a new blank form, without
    asking: an input cell that holds something else (`Utfall!E7 är ifylld`), or a file that
    cannot be compared (not a form, broken, too large: not ours to replace). None when there
    is no file there or nothing in it was filled in."""
    import openpyxl

    unknown = "den går inte att jämföra med en tom blankett"
    try:
        if not path.is_file():
            return None
        if path.stat().st_size > MAX_COMPARED:
            return unknown
        if path.read_bytes() == blank:
            return None
        with zipfile.ZipFile(path) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_COMPARED:
                return unknown
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            existing = openpyxl.load_workbook(path)
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
