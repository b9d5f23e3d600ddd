"""`uppdrag uppföljning ÅR`: the samlad redovisning per beställande nämnd, built like `build`.

One document per nämnd and year, `build/uppfoljning/<nämnd>-<år>.docx` and `.pdf`. The year is
assessed first (`uppfoljning/review.py`, a fraction of a second): that says which uppdrag and
which files each document is made from. A document whose inputs (the uppdrag files, the shared
files, every follow-up file of its uppdrag, the template), `per` date and tool version are as
the manifest recorded, and whose outputs are untouched, is not made again: the charts, Word and
LibreOffice are what cost. The others are made in the build's staging folder, opened as their
reader will open them (`build/verify.py`), and only then moved into place and recorded in
`build/manifest.json` under `uppfoljning/<nämnd>-<år>`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from uppdrag_docs.build.agenda import FollowUpItem, relative
from uppdrag_docs.build.manifest import MANIFEST, Manifest, environment, input_name
from uppdrag_docs.build.pdf import meeting_pdf, page_count
from uppdrag_docs.build.selection import Meeting
from uppdrag_docs.build.staging import Staging
from uppdrag_docs.build.verify import docx_problem, pdf_problem
from uppdrag_docs.errors import (
    ConversionError,
    LibreOfficeMissingError,
    MeetingError,
    UppdragError,
    UsageError,
)
from uppdrag_docs.files import os_error_text, sha256_file
from uppdrag_docs.findings import Finding
from uppdrag_docs.follow_up.assessment import UppdragYear, YearAssessment
from uppdrag_docs.follow_up.review import follow_up
from uppdrag_docs.format.repository import (
    CATALOGUE_FILE,
    INDEX_FILE,
    KOMMUN_FILE,
    SHARED_DIR,
    UPPDRAG_DIR,
    find_root,
    prepare_output,
)
from uppdrag_docs.libreoffice.convert import convert_to_pdf
from uppdrag_docs.libreoffice.soffice import TIMEOUT
from uppdrag_docs.render.docx import FOLLOW_UP_TEMPLATE, render_docx, template_path
from uppdrag_docs.render.follow_up import (
    build_follow_up_context,
    document_name,
    follow_up_title,
)
from uppdrag_docs.render.pandoc import MarkdownCache

FOLDER = "uppfoljning"
"""The samlad redovisningar's folder inside the output folder."""

Progress = Callable[[str], None]


@dataclass
class FollowUpReport:
    """What `build_follow_up` did, per document (`<nämnd>-<år>`)."""

    out: Path
    assessment: YearAssessment
    refused: dict[str, list[Finding]] = field(default_factory=dict)
    """Each uppdrag left out, with the errors that stop it."""
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    outputs: list[Path] = field(default_factory=list)
    pdf_problem: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failed and not self.refused and self.pdf_problem is None


def by_board(assessment: YearAssessment) -> dict[str, list[UppdragYear]]:
    """The assessed uppdrag by their beställande nämnd, in the nämnder's name order."""
    boards: dict[str, list[UppdragYear]] = {}
    for item in assessment.uppdrag:
        boards.setdefault(item.follow_up.uppdrag.orderer.board, []).append(item)
    return dict(sorted(boards.items()))


def inputs_of(items: Sequence[UppdragYear], template: Path) -> list[Path]:
    """Every file a nämnd's document is made from, in a fixed order."""
    paths: list[Path] = []
    for item in items:
        loaded = item.follow_up.loaded
        shared = loaded.shared.root / UPPDRAG_DIR / SHARED_DIR
        paths += [loaded.path, shared / KOMMUN_FILE, shared / INDEX_FILE]
        if any(c.ref for c in loaded.criteria):
            paths.append(shared / CATALOGUE_FILE)
        paths += [f.path for f in item.follow_up.files]
    paths.append(template)
    return sorted(dict.fromkeys(paths), key=lambda p: p.as_posix())


def output_names(name: str, *, pdf: bool) -> list[str]:
    return [f"{FOLDER}/{name}.docx"] + ([f"{FOLDER}/{name}.pdf"] if pdf else [])


def build_follow_up(
    year: int,
    *,
    per: dt.date,
    root: Path | None = None,
    out: Path | None = None,
    ids: Sequence[str] = (),
    board: str | None = None,
    pdf: bool = True,
    force: bool = False,
    timeout: float = TIMEOUT,
    progress: Progress | None = None,
) -> FollowUpReport:
    """Build the samlad redovisning of `year` as of `per` for each nämnd (or `board`)."""
    say = progress or (lambda message: None)
    root = root or find_root(Path.cwd())
    result = follow_up(year, per=per, root=root, ids=ids, board=board)
    out = out if out is not None else root / "build"
    prepare_output(out, root)
    report = FollowUpReport(out=out, assessment=result.assessment, refused=result.refused)
    manifest = Manifest(out / MANIFEST)
    template = template_path(FOLLOW_UP_TEMPLATE, root)
    stale: dict[str, tuple[str, list[Path], dict[str, Any]]] = {}
    boards = by_board(result.assessment)
    if board is not None and not boards and not result.refused:
        raise UsageError(f"inget uppdrag till {board} följs upp {year}")
    for name_of_board, items in boards.items():
        name = document_name(name_of_board, year)
        if ids:  # a selection has a name of its own, never the whole nämnd's document's
            name += "".join(f"-{item.id}" for item in items)
        left_out = sorted(i for i, b in result.refused_boards.items() if b == name_of_board)
        if left_out:  # it would say nothing of them, yet count them in the utförare's result
            report.failed[name] = (
                f"byggs inte förrän felen i {', '.join(left_out)} är rättade: redovisningen "
                "till nämnden vore annars ofullständig"
            )
            continue
        inputs = inputs_of(items, template)
        recorded = {"per": per.isoformat(), "uppdrag": [i.id for i in items]}
        outputs = output_names(name, pdf=pdf)
        if not force and manifest.current(
            f"{FOLDER}/{name}", root, out, inputs=inputs, outputs=outputs, recorded=recorded
        ):
            report.skipped.append(name)
            report.outputs += [out / n for n in outputs]
        else:
            stale[name] = (name_of_board, inputs, recorded)
    if not stale:
        return report
    (out / FOLDER).mkdir(exist_ok=True)
    with Staging(out) as staging:
        staged = _render(result.assessment, stale, template, staging, report, say)
        if pdf and staged:
            _convert(staged, staging, timeout, report, say)
        _publish(staged, stale, out, root, manifest, report)
    with contextlib.suppress(OSError):  # a lost entry only means the next build redoes it
        manifest.save()
    return report


@dataclass
class _Staged:
    title: str
    files: dict[str, Path] = field(default_factory=dict)
    """Output name (relative to out) → the staged file."""


def _render(
    assessment: YearAssessment,
    stale: dict[str, tuple[str, list[Path], dict[str, Any]]],
    template: Path,
    staging: Path,
    report: FollowUpReport,
    say: Progress,
) -> dict[str, _Staged]:
    contexts = {
        name: build_follow_up_context(assessment, board) for name, (board, _, _) in stale.items()
    }
    cache = MarkdownCache()
    cache.prefetch(text for c in contexts.values() for text in c.markdown.values())
    staged: dict[str, _Staged] = {}
    for name, context in contexts.items():
        say(f"Skapar den samlade redovisningen {name}.docx med diagram")
        try:
            data = render_docx(template, context, cache=cache)
            problem = docx_problem(data)
            if problem is not None:
                raise UppdragError(f"{name}.docx blev trasig och publicerades inte ({problem})")
            path = staging / f"{name}.docx"
            path.write_bytes(data)
        except UppdragError as exc:
            report.failed[name] = str(exc)
            continue
        except OSError as exc:
            report.failed[name] = f"dokumentet kunde inte skrivas: {os_error_text(exc)}"
            continue
        staged[name] = _Staged(context.title, {f"{FOLDER}/{name}.docx": path})
    return staged


def _convert(
    staged: dict[str, _Staged],
    staging: Path,
    timeout: float,
    report: FollowUpReport,
    say: Progress,
) -> None:
    docs = {(staging / f"{name}.docx").absolute(): name for name in staged}
    what = "den samlade redovisningen" if len(docs) == 1 else f"{len(docs)} samlade redovisningar"
    say(f"Konverterar {what} till PDF med LibreOffice")
    target = staging / "pdf"
    try:
        convert_to_pdf(
            list(docs),
            target,
            jobs=1,
            timeout=timeout,
            verify=lambda docx, pdf: pdf_problem(pdf, staged[docs[docx]].title),
        )
    except LibreOfficeMissingError as exc:
        report.pdf_problem = str(exc)
        return
    except ConversionError as exc:
        for doc, reason in exc.failures:
            name = docs[doc]
            report.failed[name] = f"{name}.pdf kunde inte göras och publicerades inte ({reason})"
            staged.pop(name, None)
    for docx, name in docs.items():
        pdf = target / f"{docx.stem}.pdf"
        if pdf.is_file() and name in staged:
            staged[name].files[f"{FOLDER}/{name}.pdf"] = pdf


def _publish(
    staged: dict[str, _Staged],
    stale: dict[str, tuple[str, list[Path], dict[str, Any]]],
    out: Path,
    root: Path,
    manifest: Manifest,
    report: FollowUpReport,
) -> None:
    """Each document's verified outputs into place, recorded; never over a file not ours."""
    for name, entry in sorted(staged.items()):
        key = f"{FOLDER}/{name}"
        refusal = manifest.refusal(list(entry.files), out, "uppdrag")
        if refusal:
            report.failed[name] = refusal
            continue
        _, inputs, recorded = stale[name]
        record: dict[str, Any] = {
            "källa": key,
            "indata": {input_name(p, root): sha256_file(p) for p in inputs},
            "miljö": environment(),
            **recorded,
        }
        try:
            report.outputs += manifest.publish(key, entry.files, out, record)
        except OSError as exc:
            report.failed[name] = f"dokumentet kunde inte publiceras: {os_error_text(exc)}"
            continue
        report.built.append(name)


def meeting_items(
    meeting: Meeting,
    root: Path,
    out: Path,
    moment: dt.datetime,
    before: int,
    timeout: float,
    say: Progress,
) -> list[FollowUpItem]:
    """Each samlad redovisning whose bedömning names the meeting, built as `uppdrag
    uppföljning` builds it (as of the latest bedömning's day), numbered after the uppdrag."""
    made = []
    for number, at in enumerate(meeting.follow_ups, start=before + 1):
        report = build_follow_up(
            at.year,
            per=at.per,
            root=root,
            out=out,
            board=meeting.board,
            timeout=timeout,
            progress=say,
        )
        if not report.ok:
            problems = [*report.failed.values(), *report.refused]
            if report.pdf_problem:
                problems.append(report.pdf_problem)
            raise MeetingError(
                f"den samlade redovisningen för {at.year} kunde inte byggas: {'; '.join(problems)}"
            )
        items = list(report.assessment.uppdrag)
        name = document_name(meeting.board, at.year)
        pdf = meeting_pdf(out / FOLDER / f"{name}.pdf", moment)
        kommun = items[0].follow_up.loaded.shared.kommun if items else None
        made.append(
            FollowUpItem(
                number=number,
                name=name,
                title=follow_up_title(at.year),
                pdf=pdf,
                docx=(out / FOLDER / f"{name}.docx").read_bytes(),
                pages=page_count(pdf),
                case_numbers=tuple(i.follow_up.uppdrag.case_number for i in items),
                administration=", ".join(
                    sorted({i.follow_up.uppdrag.orderer.administration for i in items})
                ),
                kommun=kommun.name if kommun else "",
                sources=tuple(relative(p, root) for p in at.reviews),
            )
        )
    return made
