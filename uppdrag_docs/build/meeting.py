"""`uppdrag build --meeting`: the documents for one board meeting, complete and verifiable.

The meeting's uppdrag are built as usual (incrementally, into OUT/), then put together in
OUT/sammantrade-DATE/: `handlingar.pdf` (cover, list of ärenden by their tjänsteskrivelse's
title, then each ärende: its tjänsteskrivelse, the decision document it puts forward, and its
bilagor), each ärende's own PDFs and docx, and `manifest.json` with every file's
sha256 and size, the git commit and the tool's version, so anyone can check that a published
file is the one CI built.

The list prints the page where each ärende and bilaga starts, so it is made in two passes: the
documents and the Word bilagor are converted and their pages counted first, then the cover is
rendered with those numbers (its own length does not matter: the ärenden count from 1 after
it). Every PDF from LibreOffice goes through `build/pdf.py`'s `normalise`, so the same commit gives
the same bytes. Every bilaga is made PDF/A (`build/pdfa.py`) before `build/bundle.py` merges the
documents into one PDF/A-2b, tagged bundle; a bilaga that cannot be, or has no tags, becomes a
warning in the report, and the bundle is made all the same. The folder is assembled beside its
final place and moved in at the end: it is always the previous folder or the new one, never half
of each.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from uppdrag_docs.build.agenda import (
    Attachment,
    FollowUpItem,
    Item,
    agenda_order,
    number_pages,
)
from uppdrag_docs.build.bundle import Chapter, Part, Properties, assemble
from uppdrag_docs.build.documents import BuildReport, build
from uppdrag_docs.build.follow_up import meeting_items
from uppdrag_docs.build.meeting_folder import (
    MANIFEST,
    check_names,
    folder_files,
    folder_manifest,
    kommun_name,
    refuse_foreign,
    replace_folder,
)
from uppdrag_docs.build.pdf import PdfProblem, meeting_pdf, page_count
from uppdrag_docs.build.pdfa import archival
from uppdrag_docs.build.run import BuildOptions
from uppdrag_docs.build.selection import Meeting, meeting_uppdrag
from uppdrag_docs.build.staging import Staging
from uppdrag_docs.errors import ConversionError, MeetingError
from uppdrag_docs.files import display_path
from uppdrag_docs.format.repository import (
    MEETING_TEMPLATE,
    find_root,
    prepare_output,
    template_path,
)
from uppdrag_docs.libreoffice.convert import convert_to_pdf
from uppdrag_docs.lock import hold
from uppdrag_docs.names import BUNDLE
from uppdrag_docs.render.agenda import DECISION_PART, agenda_values
from uppdrag_docs.render.context import DocumentContext
from uppdrag_docs.render.docx import render_docx
from uppdrag_docs.swedish import date_iso, date_text
from uppdrag_docs.trust.calculated import load
from uppdrag_docs.version import TOOL

ARCHIVAL_STEP = "Kontrollerar att bilagorna är PDF/A"
"""The progress message of `_archival` (the benchmark times the step by it)."""
UNTAGGED = (
    "en skärmläsare får bara dess text, sida för sida, utan rubriker och tabeller; spara den "
    "som taggad PDF/A i programmet den gjordes i för att få med dem"
)
FOLDER_PREFIX = "sammantrade-"


@dataclass
class MeetingReport:
    meeting: Meeting
    build: BuildReport
    folder: Path | None = None
    """OUT/sammantrade-DATE/ once it is written; None when the uppdrag could not all be built."""
    pages: int = 0
    warnings: list[str] = field(default_factory=list)
    """Swedish sentences about bilagor that made the bundle less than PDF/A and tagged."""

    @property
    def ok(self) -> bool:
        return self.folder is not None and self.build.ok


def build_meeting(
    date: dt.date,
    options: BuildOptions = BuildOptions(),
    *,
    board: str | None = None,
    root: Path | None = None,
) -> MeetingReport:
    """Build the uppdrag of the meeting on `date` and write OUT/sammantrade-DATE/ (a meeting's
    documents are PDF: `options.pdf` is not asked)."""
    root = root if root is not None else find_root(Path.cwd())
    meeting = meeting_uppdrag(root, date, board=board)
    check_names(meeting, root)
    out = options.out if options.out is not None else root / "build"
    prepare_output(out, root)
    command = f"uppdrag build --meeting {date_iso(date)}"
    with hold((out, root), command, options.progress):  # its uppdrag's builds hold it too
        return _build(meeting, replace(options, out=out, pdf=True), root=root)


def _build(meeting: Meeting, options: BuildOptions, *, root: Path) -> MeetingReport:
    """The meeting's documents, with the lock of the repository and output folder held."""
    say = options.progress
    date = meeting.date
    out = options.out
    assert out is not None
    built = (
        build(list(meeting.paths), options)
        if meeting.paths
        else BuildReport(out=out)  # only samlade redovisningar: no uppdrag to build
    )
    report = MeetingReport(meeting=meeting, build=built)
    if not built.ok:
        return report
    run = _MeetingRun(meeting, root, options, dt.datetime.combine(date, dt.time(0), dt.UTC))
    items = run.items() if meeting.paths else []
    follow_ups = meeting_items(meeting, root, options, run.moment, len(items))
    out.mkdir(parents=True, exist_ok=True)
    folder = out / f"{FOLDER_PREFIX}{date_iso(date)}"
    refuse_foreign(folder)
    with Staging(out) as work:
        run.convert_attachments(items, work)
        say(ARCHIVAL_STEP)
        report.warnings, pdfa = _archival(items, root, run.moment)
        number_pages(items, follow_ups)
        say("Skapar omslag och ärendeförteckning")
        front = run.front(items, follow_ups, work)
        say(f"Sätter ihop {BUNDLE}")
        kommun = kommun_name(items, follow_ups)
        properties = _properties(kommun, len(items) + len(follow_ups), meeting, pdfa=pdfa)
        chapters = [_chapter(item) for item in items] + [
            Chapter(title=f"Ärende {f.number}: {f.title}", pdf=f.pdf) for f in follow_ups
        ]
        bundle = assemble(front, chapters, properties)
        files = folder_files(bundle, items, follow_ups)
        files[MANIFEST] = folder_manifest(meeting, root, items, follow_ups, files)
        replace_folder(folder, files, work)
    report.folder = folder
    report.pages = page_count(bundle)
    return report


@dataclass(frozen=True)
class _MeetingRun:
    """One build of a meeting's documents, and its stages."""

    meeting: Meeting
    root: Path
    options: BuildOptions
    """With `out` set."""
    moment: dt.datetime
    """The meeting's day: the date every PDF of the meeting carries."""

    @property
    def out(self) -> Path:
        assert self.options.out is not None
        return self.options.out

    def items(self) -> list[Item]:
        """The ärenden in the order of the list: by paragraf when decided, then diarienummer."""
        meeting, root, out, moment = self.meeting, self.root, self.out, self.moment
        result = load(list(meeting.paths), root=root)
        if result.refused:  # build() succeeded, so only a file changed since then gets here
            names = ", ".join(str(display_path(p)) for p in result.refused)
            raise MeetingError(f"{names} har fel; kör uppdrag check")
        loaded = sorted((result.uppdrag[p].loaded for p in meeting.paths), key=agenda_order)
        items = []
        for number, entry in enumerate(loaded, start=1):
            ident = entry.uppdrag.id
            pdf = meeting_pdf(out / f"{ident}.pdf", moment)
            case_pdf = meeting_pdf(out / f"{ident}-tjansteskrivelse.pdf", moment)
            item = Item(
                number=number,
                loaded=entry,
                pdf=pdf,
                docx=(out / f"{ident}.docx").read_bytes(),
                pages=page_count(pdf),
                case_pdf=case_pdf,
                case_docx=(out / f"{ident}-tjansteskrivelse.docx").read_bytes(),
                case_pages=page_count(case_pdf),
            )
            for k, attachment in enumerate(entry.uppdrag.attachments, start=1):
                part = Attachment(k, attachment.title, entry.path.parent / attachment.file)
                if part.is_pdf:
                    part.pdf = part.source.read_bytes()
                item.attachments.append(part)
            items.append(item)
        return items

    def convert_attachments(self, items: list[Item], work: Path) -> None:
        """Make a PDF of every Word bilaga (named after its uppdrag, so no two collide)."""
        pending: dict[Path, Attachment] = {}
        for item in items:
            for attachment in item.attachments:
                if not attachment.is_pdf:
                    copy = work / f"{item.id}-bilaga-{attachment.number}.docx"
                    shutil.copyfile(attachment.source, copy)
                    pending[copy] = attachment
        if not pending:
            return
        self.options.progress(f"Konverterar {len(pending)} bilagor i Word till PDF")
        try:
            convert_to_pdf(
                list(pending), work / "pdf", jobs=self.options.jobs, timeout=self.options.timeout
            )
        except ConversionError as exc:
            raise MeetingError(f"en bilaga i Word kunde inte göras till PDF: {exc}") from exc
        for copy, attachment in pending.items():
            attachment.pdf = meeting_pdf(work / "pdf" / f"{copy.stem}.pdf", self.moment)

    def front(self, items: list[Item], follow_ups: list[FollowUpItem], work: Path) -> bytes:
        """The cover and the list of ärenden as a PDF, from the template `sammantrade.docx`."""
        meeting, root = self.meeting, self.root
        values = agenda_values(items, board=meeting.board, date=meeting.date, follow_ups=follow_ups)
        context = DocumentContext(
            values=values, markdown={}, date=meeting.date, title=_title(meeting)
        )
        docx = work / "omslag.docx"
        docx.write_bytes(render_docx(template_path(MEETING_TEMPLATE, root), context))
        convert_to_pdf([docx], work, jobs=1, timeout=self.options.timeout)
        return meeting_pdf(work / "omslag.pdf", self.moment)


def _archival(items: list[Item], root: Path, moment: dt.datetime) -> tuple[list[str], bool]:
    """Make every bilaga PDF/A (`build/pdfa.py`): the warnings, and whether all of them are."""
    warnings: list[str] = []
    pdfa = True
    for item in items:
        for attachment in item.attachments:
            try:
                made = archival(attachment.pdf, moment=moment)
            except PdfProblem as exc:
                raise MeetingError(
                    f"bilaga {attachment.number} till {item.id}: {exc}",
                    path=display_path(attachment.source),
                ) from exc
            attachment.pdf = made.pdf
            name = item.name(attachment, root)
            if made.problem is not None:
                pdfa = False
                warnings.append(
                    f"{name} kunde inte göras till PDF/A: {made.problem}. Den finns med som "
                    f"den är, och {BUNDLE} anges därför inte som PDF/A"
                )
            if made.lost_tags:
                warnings.append(
                    f"{name} gjordes till PDF/A med Ghostscript och förlorade då sin struktur "
                    f"(taggar): {UNTAGGED}"
                )
            elif not made.tagged:
                warnings.append(f"{name} saknar struktur (taggar): {UNTAGGED}")
    return warnings, pdfa


def _title(meeting: Meeting) -> str:
    return f"Handlingar till sammanträde med {meeting.board} {date_text(meeting.date)}"


def _chapter(item: Item) -> Chapter:
    decision = Part(f"{DECISION_PART}: {item.loaded.uppdrag.title}", item.pdf)
    return Chapter(
        title=f"Ärende {item.number}: {item.title}",
        pdf=item.case_pdf,
        attachments=(
            decision,
            *(Part(f"Bilaga {a.number}: {a.title}", a.pdf) for a in item.attachments),
        ),
    )


def _properties(kommun: str, count: int, meeting: Meeting, *, pdfa: bool) -> Properties:
    return Properties(
        title=_title(meeting),
        author=kommun,
        subject=f"{meeting.board}, {count} ärenden",
        creator=TOOL,
        moment=dt.datetime.combine(meeting.date, dt.time(0), dt.UTC),
        pdfa=pdfa,
    )
