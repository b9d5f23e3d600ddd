"""`uppdrag build`: which documents to make, making them, and recording them in the manifest.

Builds are incremental like make (`build/manifest.py`): an uppdrag whose inputs and outputs all
still match its manifest entry is skipped without even being parsed, so a no-op rebuild costs a
few file hashes (and in git, asking for HEAD and the files touched since the last build). The
others are loaded through `calculated.load`, which refuses those with errors. Every output is
made in the build's staging folder (`build/staging.py`), opened as its reader will open it
(`build/verify.py`), and only then moved to its real name and recorded in the manifest; an
uppdrag that fails, for whatever reason, keeps its previous documents and is rebuilt next time,
while the others are built. PDFs come from LibreOffice in batches.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from uppdrag_docs.build.manifest import (
    MANIFEST,
    Manifest,
    environment,
    input_name,
    output_names,
)
from uppdrag_docs.build.selection import changed_uppdrag
from uppdrag_docs.build.staging import Staging
from uppdrag_docs.build.verify import docx_problem, pdf_problem
from uppdrag_docs.errors import (
    ConversionError,
    LibreOfficeMissingError,
    UppdragError,
    UsageError,
)
from uppdrag_docs.files import display_path, os_error_text, sha256_file
from uppdrag_docs.findings import Finding
from uppdrag_docs.format.repository import (
    CATALOGUE_FILE,
    INDEX_FILE,
    KOMMUN_FILE,
    SHARED_DIR,
    UPPDRAG_DIR,
    common_root,
    find_root,
    prepare_output,
    uppdrag_files,
)
from uppdrag_docs.git import file_history, head_commit, in_repository, is_shallow, last_commit_date
from uppdrag_docs.libreoffice.convert import convert_to_pdf
from uppdrag_docs.libreoffice.soffice import TIMEOUT
from uppdrag_docs.render.arende import build_case_context
from uppdrag_docs.render.context import DocumentContext, build_context
from uppdrag_docs.render.docx import (
    CASE_TEMPLATE,
    DECISION_TEMPLATE,
    REPORTING_TEMPLATE,
    render_docx,
    template_path,
)
from uppdrag_docs.render.ics import calendar_bytes
from uppdrag_docs.render.pandoc import MarkdownCache
from uppdrag_docs.trust.calculated import Calculated, load

Progress = Callable[[str], None]

SHALLOW = (
    "klonen har bara en del av git-historiken (shallow clone), så kalendrarna kan inte räkna "
    "alla tidigare versioner och en flyttad inlämningsdag kan få för låg SEQUENCE; hämta hela "
    "historiken med 'git fetch --unshallow', eller med 'fetch-depth: 0' i actions/checkout"
)


@dataclass
class BuildReport:
    out: Path
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    pdf_problem: str | None = None
    warnings: list[str] = field(default_factory=list)
    """What the documents are built despite (a shallow clone's short history), in Swedish."""
    problem: str | None = None
    """What stopped the build as a whole (a full disk), with what it means for the outputs."""
    outputs: list[Path] = field(default_factory=list)
    traces: dict[str, str] = field(default_factory=dict)
    """For an uppdrag that failed on a bug of ours, the traceback (`--debug` prints it)."""
    changed: list[Path] | None = None
    """With `changed_since`: the uppdrag files that changed since the revision (maybe none)."""

    @property
    def ok(self) -> bool:
        return (
            not self.failed
            and self.pdf_problem is None
            and self.problem is None
            and not any(f.is_error for f in self.findings)
        )


def _inputs(item: Calculated, templates: Sequence[Path]) -> list[Path]:
    folder = item.shared.root / UPPDRAG_DIR / SHARED_DIR
    paths = [item.path, folder / KOMMUN_FILE, folder / INDEX_FILE]
    if any(c.ref for c in item.loaded.criteria):
        paths.append(folder / CATALOGUE_FILE)
    paths += [item.path.parent / a.file for a in item.uppdrag.attachments]
    return [*paths, *templates]


def build(
    paths: Sequence[Path] = (),
    *,
    changed_since: str | None = None,
    out: Path | None = None,
    pdf: bool = True,
    force: bool = False,
    jobs: int = 2,
    timeout: float = TIMEOUT,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the documents of the uppdrag under `paths` (default: all of `uppdrag/`).

    `timeout` is the time in seconds LibreOffice may take over one document.

    With `changed_since` (a git revision), only the uppdrag whose documents may differ from
    that revision's are built (`build/selection.py`); `report.changed` names them.
    """
    say = progress or (lambda message: None)
    changed: list[Path] | None = None
    if changed_since is not None:
        if paths:
            raise UsageError("--changed-since väljer själv sina uppdrag; ange ingen SÖKVÄG")
        changed = changed_uppdrag(find_root(Path.cwd()), changed_since)
        if not changed:
            return BuildReport(out=out or find_root(Path.cwd()) / "build", changed=[])
        paths = changed
    root = common_root(paths or [Path.cwd()])
    out = out if out is not None else root / "build"
    prepare_output(out, root)
    report = BuildReport(out=out, changed=changed)
    manifest = Manifest(out / MANIFEST)
    templates = [
        template_path(name, root) for name in (DECISION_TEMPLATE, REPORTING_TEMPLATE, CASE_TEMPLATE)
    ]
    files = uppdrag_files(list(paths) or [root / UPPDRAG_DIR], root)
    head = head_commit(root) if in_repository(root) else None

    stale: list[Path] = []
    for path in files:
        ident = path.stem
        if not force and manifest.up_to_date(
            ident, root, out, pdf=pdf, templates=templates, head=head
        ):
            report.skipped.append(ident)
            report.outputs += [out / n for n in output_names(ident, pdf=pdf)]
        else:
            stale.append(path)
    if not stale:
        if manifest.refreshed:
            with contextlib.suppress(OSError):  # only a shortcut for the next build is lost
                manifest.save()
        return report
    if head is not None and is_shallow(cwd=root):
        report.warnings.append(SHALLOW)

    loaded = load(stale, root=root)
    report.findings = loaded.errors
    for path in loaded.refused:
        report.failed[path.stem] = "uppdraget har fel och byggdes inte"
    to_build = list(loaded.uppdrag.values())

    try:
        with Staging(out) as staging:
            staged = _render_all(to_build, templates, staging, report, say)
            if pdf and staged:
                _convert(staged, staging, jobs, timeout, report, say)
            _publish(staged, out, manifest, templates, root, report, head)
    except OSError as exc:
        report.problem = (
            f"bygget avbröts: {os_error_text(exc)}; dokumenten från förra bygget finns kvar"
        )
    try:
        manifest.save()
    except OSError as exc:
        report.problem = (
            f"{display_path(manifest.path)} kunde inte skrivas: {os_error_text(exc)}; "
            "dokumenten byggs om nästa gång"
        )
    return report


@dataclass
class _Staged:
    """One uppdrag's new outputs, in the staging folder until they are all verified."""

    item: Calculated
    folder: Path
    files: dict[str, Path] = field(default_factory=dict)
    titles: dict[Path, str] = field(default_factory=dict)
    """The title each Word document shows, which its PDF must show too."""


def _write(path: Path, data: bytes) -> None:
    """Write a staged file (the seam where a full disk meets the build)."""
    path.write_bytes(data)


def _render_all(
    to_build: list[Calculated],
    templates: list[Path],
    staging: Path,
    report: BuildReport,
    say: Progress,
) -> dict[str, _Staged]:
    """Each uppdrag's Word documents and calendar, verified, in its own staging folder.

    One uppdrag failing, for any reason, is reported under its name and the others go on.
    """
    cache = MarkdownCache()
    contexts = {}
    for item in to_build:
        with _isolated(item.uppdrag.id, report):
            committed = last_commit_date(item.path) if _dated_by_commit(item) else None
            contexts[item.uppdrag.id] = (
                item,
                build_context(item.loaded, item.calculation, committed=committed),
                build_case_context(item.loaded, item.calculation, committed=committed),
            )
    cache.prefetch(
        text for _, *both in contexts.values() for ctx in both for text in ctx.markdown.values()
    )

    staged: dict[str, _Staged] = {}
    for ident, (item, context, case) in sorted(contexts.items()):
        say(f"Skapar Word-dokument för {ident}")
        folder = staging / ident
        with _isolated(ident, report):
            folder.mkdir()
            entry = _Staged(item, folder)
            for name, template, document in (
                (f"{ident}.docx", templates[0], context),
                (f"{ident}-rapportering.docx", templates[1], context),
                (f"{ident}-tjansteskrivelse.docx", templates[2], case),
            ):
                _write(folder / name, _verified_docx(template, document, cache, name))
                entry.files[name] = folder / name
                entry.titles[folder / name] = document.title
            ics = f"{ident}-rapportering.ics"
            kommun = item.shared.kommun
            calendar = calendar_bytes(
                item.loaded,
                context.date,
                history=file_history(item.path),
                settings=kommun.calendar if kommun is not None else None,
            )
            _write(folder / ics, calendar)
            entry.files[ics] = folder / ics
            staged[ident] = entry
    return staged


@contextlib.contextmanager
def _isolated(ident: str, report: BuildReport) -> Iterator[None]:
    """Whatever goes wrong for one uppdrag is reported under its name, and the build goes on."""
    try:
        yield
    except UppdragError as exc:
        report.failed[ident] = str(exc)
    except OSError as exc:
        report.failed[ident] = f"dokumenten kunde inte skrivas: {os_error_text(exc)}"
    except Exception as exc:  # a bug of ours: named, and the other uppdrag are built
        report.failed[ident] = (
            f"kunde inte byggas på grund av ett fel i verktyget ({type(exc).__name__}); "
            "kör kommandot med --debug och rapportera felet"
        )
        report.traces[ident] = traceback.format_exc()


def _verified_docx(
    template: Path, context: DocumentContext, cache: MarkdownCache, name: str
) -> bytes:
    """The document rendered and opened as Word opens it; made once more if that fails."""
    for _ in range(2):
        data = render_docx(template, context, cache=cache)
        problem = docx_problem(data)
        if problem is None:
            return data
    raise UppdragError(f"{name} blev trasig två gånger och publicerades inte ({problem})")


def _dated_by_commit(item: Calculated) -> bool:
    """A förslag or utkast without `ärende.datum` is dated by its file's last commit."""
    case = item.uppdrag.case
    return item.uppdrag.status in ("utkast", "förslag") and (case is None or case.date is None)


def _convert(
    staged: dict[str, _Staged],
    staging: Path,
    jobs: int,
    timeout: float,
    report: BuildReport,
    say: Progress,
) -> None:
    """Every staged docx to a PDF that passes verification; an uppdrag whose PDF cannot be made
    is not published at all (its previous documents stay as they were)."""
    docs = {
        path.absolute(): entry
        for entry in staged.values()
        for name, path in entry.files.items()
        if name.endswith(".docx")
    }  # as LibreOffice is given them
    titles = {path.absolute(): title for e in staged.values() for path, title in e.titles.items()}
    say(f"Konverterar {len(docs)} dokument till PDF med LibreOffice ({jobs} parallellt)")
    out = staging / "pdf"
    try:
        convert_to_pdf(
            list(docs),
            out,
            jobs=jobs,
            timeout=timeout,
            on_done=lambda p: say(f"Klar: {p.name}"),
            verify=lambda docx, pdf: pdf_problem(pdf, titles[docx]),
        )
    except LibreOfficeMissingError as exc:
        report.pdf_problem = str(exc)
        return
    except ConversionError as exc:
        for doc, reason in exc.failures:
            ident = docs[doc].item.uppdrag.id
            report.failed.setdefault(
                ident, f"{doc.stem}.pdf kunde inte göras och publicerades inte ({reason})"
            )
            staged.pop(ident, None)
    for docx, entry in docs.items():
        pdf = out / f"{docx.stem}.pdf"
        if pdf.is_file() and entry.item.uppdrag.id in staged:
            entry.files[pdf.name] = pdf


def _publish(
    staged: dict[str, _Staged],
    out: Path,
    manifest: Manifest,
    templates: list[Path],
    root: Path,
    report: BuildReport,
    head: str | None,
) -> None:
    """Move each uppdrag's verified outputs into place and record them in the manifest.

    A file in `out` that this tool did not make is never replaced; a file of an uppdrag's
    previous build that this build did not make again (a PDF, after `--no-pdf`) is removed, so
    no document stands beside another version of itself.
    """
    for ident, entry in sorted(staged.items()):
        refusal = manifest.refusal(list(entry.files), out, "uppdrag build")
        if refusal:
            report.failed[ident] = refusal
            continue
        record: dict[str, Any] = {
            "källa": input_name(entry.item.path, root),
            "indata": {input_name(p, root): sha256_file(p) for p in _inputs(entry.item, templates)},
            "miljö": environment(),
            "git": head,
        }
        try:
            report.outputs += manifest.publish(ident, entry.files, out, record)
        except OSError as exc:
            report.failed[ident] = f"dokumenten kunde inte publiceras: {os_error_text(exc)}"
            continue
        report.built.append(ident)
