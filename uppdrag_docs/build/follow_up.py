"""`uppdrag uppföljning ÅR`: the samlad redovisning per beställande nämnd, built like `build`.

One document per nämnd and year, `build/uppfoljning/<nämnd>-<år>.docx` and `.pdf`. The year is
assessed first (`follow_up/review.py`, a fraction of a second): that says which uppdrag and
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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from uppdrag_docs.build.agenda import FollowUpItem, relative
from uppdrag_docs.build.pdf import meeting_pdf, page_count
from uppdrag_docs.build.run import BuildOptions, BuildRun, RunReport, Staged
from uppdrag_docs.build.selection import Meeting
from uppdrag_docs.build.verify import docx_problem
from uppdrag_docs.errors import MeetingError, UppdragError, UsageError
from uppdrag_docs.files import os_error_text
from uppdrag_docs.findings import Finding
from uppdrag_docs.follow_up.assessment import UppdragYear, YearAssessment
from uppdrag_docs.follow_up.review import FollowUpYear, follow_up
from uppdrag_docs.format.repository import (
    CATALOGUE_FILE,
    FOLLOW_UP_TEMPLATE,
    INDEX_FILE,
    KOMMUN_FILE,
    SHARED_DIR,
    UPPDRAG_DIR,
    find_root,
    standard_files,
    template_path,
)
from uppdrag_docs.render.context import DocumentContext
from uppdrag_docs.render.docx import render_docx
from uppdrag_docs.render.follow_up import (
    build_follow_up_context,
    document_name,
    follow_up_title,
)
from uppdrag_docs.render.pandoc import MarkdownCache

FOLDER = "uppfoljning"
"""The samlad redovisningar's folder inside the output folder."""


@dataclass(kw_only=True)
class FollowUpReport(RunReport):
    """What `build_follow_up` did, per document (`<nämnd>-<år>`)."""

    assessment: YearAssessment
    refused: dict[str, list[Finding]] = field(default_factory=dict)
    """Each uppdrag left out, with the errors that stop it."""

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
        comp = loaded.uppdrag.compensation
        if comp is not None and comp.uses_standard:
            paths += standard_files(loaded.shared.root)
        paths += [f.path for f in item.follow_up.files]
    paths.append(template)
    return sorted(dict.fromkeys(paths), key=lambda p: p.as_posix())


def output_names(name: str, *, pdf: bool) -> list[str]:
    return [f"{FOLDER}/{name}.docx"] + ([f"{FOLDER}/{name}.pdf"] if pdf else [])


def build_follow_up(
    year: int,
    options: BuildOptions = BuildOptions(),
    *,
    per: dt.date,
    root: Path | None = None,
    ids: Sequence[str] = (),
    board: str | None = None,
) -> FollowUpReport:
    """Build the samlad redovisning of `year` as of `per` for each nämnd (or `board`)."""
    root = root or find_root(Path.cwd())
    result = follow_up(year, per=per, root=root, ids=ids, board=board)
    out = options.out if options.out is not None else root / "build"
    report = FollowUpReport(out=out, assessment=result.assessment, refused=result.refused)
    with BuildRun(options, root, report, command="uppdrag uppföljning") as run:
        _build(run, result, per=per, ids=ids, board=board)
    return report


def _build(
    run: BuildRun[FollowUpReport],
    result: FollowUpYear,
    *,
    per: dt.date,
    ids: Sequence[str],
    board: str | None,
) -> None:
    """The documents of the assessed year, with the lock held."""
    options, root, report, out = run.options, run.root, run.report, run.out
    year = result.assessment.year
    template = template_path(FOLLOW_UP_TEMPLATE, root)
    stale: dict[str, Staged] = {}
    board_of: dict[str, str] = {}
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
        key = f"{FOLDER}/{name}"
        entry = Staged(
            key=key,
            source=key,
            inputs=inputs_of(items, template),
            recorded={"per": per.isoformat(), "uppdrag": [i.id for i in items]},
        )
        outputs = output_names(name, pdf=options.pdf)
        if not options.force and run.manifest.current(
            key, inputs=entry.inputs, outputs=outputs, recorded=entry.recorded
        ):
            report.skipped.append(name)
            report.outputs += [out / n for n in outputs]
        else:
            stale[name] = entry
            board_of[name] = name_of_board
    if not stale:
        return
    (out / FOLDER).mkdir(exist_ok=True)
    with run.staging() as staging:
        contexts = {
            n: build_follow_up_context(result.assessment, b, result.combined)
            for n, b in board_of.items()
        }
        staged = _render(contexts, stale, template, staging, run)
        if options.pdf and staged:
            many = len(staged) > 1
            what = f"{len(staged)} samlade redovisningar" if many else "den samlade redovisningen"
            run.say(f"Konverterar {what} till PDF med LibreOffice")
            run.convert(staged, staging, each=False)
        run.publish(staged)
    with contextlib.suppress(OSError):  # a lost entry only means the next build redoes it
        run.manifest.save()


def _render(
    contexts: dict[str, DocumentContext],
    stale: dict[str, Staged],
    template: Path,
    staging: Path,
    run: BuildRun[FollowUpReport],
) -> dict[str, Staged]:
    """Each nämnd's document from its context, verified, in the staging folder."""
    cache = MarkdownCache()
    cache.prefetch(text for c in contexts.values() for text in c.markdown.values())
    staged: dict[str, Staged] = {}
    for name, context in contexts.items():
        run.say(f"Skapar den samlade redovisningen {name}.docx med diagram")
        try:
            data = render_docx(template, context, cache=cache)
            problem = docx_problem(data)
            if problem is not None:
                raise UppdragError(f"{name}.docx blev trasig och publicerades inte ({problem})")
            path = staging / f"{name}.docx"
            path.write_bytes(data)
        except UppdragError as exc:
            run.report.failed[name] = str(exc)
            continue
        except OSError as exc:
            run.report.failed[name] = f"dokumentet kunde inte skrivas: {os_error_text(exc)}"
            continue
        entry = stale[name]
        entry.files[f"{FOLDER}/{name}.docx"] = path
        entry.titles[path] = context.title
        staged[name] = entry
    return staged


def meeting_items(
    meeting: Meeting, root: Path, options: BuildOptions, moment: dt.datetime, before: int
) -> list[FollowUpItem]:
    """Each samlad redovisning whose bedömning names the meeting, built as `uppdrag
    uppföljning` builds it (as of the latest bedömning's day), numbered after the uppdrag."""
    made = []
    for number, at in enumerate(meeting.follow_ups, start=before + 1):
        report = build_follow_up(at.year, options, per=at.per, root=root, board=meeting.board)
        if not report.ok:
            problems = [*report.failed.values(), *report.refused]
            if report.pdf_problem:
                problems.append(report.pdf_problem)
            raise MeetingError(
                f"den samlade redovisningen för {at.year} kunde inte byggas: {'; '.join(problems)}"
            )
        items, out = list(report.assessment.uppdrag), report.out
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
