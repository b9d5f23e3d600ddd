"""`uppdrag diff --redline`: the revised decision document with its changes marked, as in Word.

For each changed uppdrag both versions are rendered from the same template (the working
tree's, so that only the content differs), LibreOffice compares them
(`libreoffice.compare_documents`, one process for all documents), `redline/tidy.py` turns the
result into the redline a board member expects, and LibreOffice makes the PDF. The changes are
real tracked changes, `w:ins` and `w:del`, by "uppdrag-docs" and dated by the newer version:
its commit, or the day the file was saved (SOURCE_DATE_EPOCH when set).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from uppdrag_docs.diff.changes import DiffResult, UppdragChange
from uppdrag_docs.diff.versions import Entry
from uppdrag_docs.files import write_atomic
from uppdrag_docs.format.repository import prepare_output
from uppdrag_docs.libreoffice import TIMEOUT
from uppdrag_docs.redline.tidy import tidy
from uppdrag_docs.render.context import build_context, document_date

AUTHOR = "uppdrag-docs"
SUFFIX = "-andringar"


@dataclass
class RedlineReport:
    written: list[Path] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    """Uppdrag without a redline, and why (added, removed, or a version with errors)."""


def _problem(entry: Entry | None, which: str) -> str | None:
    if entry is None:
        return f"uppdraget finns inte i {which}"
    if entry.loaded is None or entry.loaded.shared.kommun is None:
        return f"{which} har fel som hindrar ett dokument"
    if entry.calculation is None:
        return f"ersättningen i {which} kan inte räknas"
    return None


def write_redlines(
    result: DiffResult, out: Path, *, pdf: bool = True, timeout: float = TIMEOUT
) -> RedlineReport:
    """Write `out/<id>-andringar.docx` (and `.pdf`) for every changed uppdrag."""
    from uppdrag_docs.format.repository import DECISION_TEMPLATE, template_path
    from uppdrag_docs.libreoffice.compare import Comparison, compare_documents
    from uppdrag_docs.libreoffice.convert import convert_to_pdf
    from uppdrag_docs.render.docx import render_docx
    from uppdrag_docs.render.pandoc import MarkdownCache

    report = RedlineReport()
    targets: list[UppdragChange] = []
    for change in result.uppdrag:
        problem = _problem(change.old_entry, "den gamla versionen") or _problem(
            change.new_entry, "den nya versionen"
        )
        if problem is None:
            targets.append(change)
        else:
            report.skipped[change.id] = problem
    if not targets:
        return report
    template = template_path(DECISION_TEMPLATE, result.new.root)
    cache = MarkdownCache()
    prepare_output(out, result.new.root)
    with tempfile.TemporaryDirectory(prefix="uppdrag-redline-") as tmp:
        by_date: dict[dt.date, list[Comparison]] = defaultdict(list)
        for change in targets:
            docs = []
            for entry, name in ((change.old_entry, "fore"), (change.new_entry, "efter")):
                assert entry is not None and entry.loaded is not None
                assert entry.calculation is not None
                path = Path(tmp) / f"{change.id}-{name}.docx"
                context = build_context(entry.loaded, entry.calculation)
                path.write_bytes(render_docx(template, context, cache=cache))
                docs.append(path)
            new = change.new_entry
            assert new is not None and new.loaded is not None
            date = new.date or document_date(new.loaded.uppdrag)
            old, new_doc = docs
            by_date[date].append(Comparison(old, new_doc, Path(tmp) / f"{change.id}{SUFFIX}.docx"))
        for date, comparisons in sorted(by_date.items()):
            compare_documents(comparisons, author=AUTHOR, date=date, timeout=timeout)
            for compared in comparisons:
                target = out / compared.out.name
                write_atomic(target, tidy(compared.out.read_bytes(), author=AUTHOR, date=date))
                report.written.append(target)
    if pdf:
        report.written += convert_to_pdf(
            [p for p in report.written if p.suffix == ".docx"], out, timeout=timeout
        )
    return report
