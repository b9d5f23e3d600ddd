"""`uppdrag build`: which documents to make, making them, and recording them in the manifest.

Builds are incremental like make (`build/manifest.py`): an uppdrag whose inputs and outputs all
still match its manifest entry is skipped without even being parsed, so a no-op rebuild costs a
few file hashes (and in git, asking for HEAD and the files touched since the last build). The
others are loaded through `trust/calculated.load`, which refuses those with errors. Every output is
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
from typing import TYPE_CHECKING, NamedTuple

from uppdrag_docs.build.manifest import input_name
from uppdrag_docs.build.run import BuildOptions, BuildRun, RunReport, Staged
from uppdrag_docs.build.verify import docx_problem
from uppdrag_docs.errors import (
    UppdragError,
    UsageError,
)
from uppdrag_docs.files import display_path, os_error_text
from uppdrag_docs.findings import Finding
from uppdrag_docs.format.repository import (
    CASE_TEMPLATE,
    CATALOGUE_FILE,
    DECISION_TEMPLATE,
    INDEX_FILE,
    KOMMUN_FILE,
    REPORTING_TEMPLATE,
    SHARED_DIR,
    UPPDRAG_DIR,
    common_root,
    find_root,
    standard_files,
    template_path,
    uppdrag_files,
)
from uppdrag_docs.git import file_history, head_commit, in_repository, is_shallow, last_commit_date
from uppdrag_docs.names import uppdrag_outputs

if TYPE_CHECKING:  # rendering is imported when something is to be built: a no-op build
    # decides from the manifest alone, without pydantic, Jinja or the models
    from uppdrag_docs.render.context import DocumentContext
    from uppdrag_docs.render.pandoc import MarkdownCache
    from uppdrag_docs.trust.calculated import Calculated

Progress = Callable[[str], None]

SHALLOW = (
    "klonen har bara en del av git-historiken (shallow clone), så kalendrarna kan inte räkna "
    "alla tidigare versioner och en flyttad inlämningsdag kan få för låg SEQUENCE; hämta hela "
    "historiken med 'git fetch --unshallow', eller med 'fetch-depth: 0' i actions/checkout"
)


@dataclass(kw_only=True)
class BuildReport(RunReport):
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """What the documents are built despite (a shallow clone's short history), in Swedish."""
    problem: str | None = None
    """What stopped the build as a whole (a full disk), with what it means for the outputs."""
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
    comp = item.uppdrag.compensation
    if comp is not None and comp.uses_standard:
        paths += standard_files(item.shared.root)
    paths += [item.path.parent / a.file for a in item.uppdrag.attachments]
    return [*paths, *templates]


def build(
    paths: Sequence[Path] = (),
    options: BuildOptions = BuildOptions(),
    *,
    changed_since: str | None = None,
) -> BuildReport:
    """Build the documents of the uppdrag under `paths` (default: all of `uppdrag/`).

    With `changed_since` (a git revision), only the uppdrag whose documents may differ from
    that revision's are built (`build/selection.py`); `report.changed` names them.
    """
    changed: list[Path] | None = None
    if changed_since is not None:
        if paths:
            raise UsageError("--changed-since väljer själv sina uppdrag; ange ingen SÖKVÄG")
        from uppdrag_docs.build.selection import changed_uppdrag

        changed = changed_uppdrag(find_root(Path.cwd()), changed_since)
        if not changed:
            return BuildReport(out=options.out or find_root(Path.cwd()) / "build", changed=[])
        paths = changed
    root = common_root(paths or [Path.cwd()])
    report = BuildReport(out=options.out if options.out is not None else root / "build")
    report.changed = changed
    with BuildRun(options, root, report, command="uppdrag build") as run:
        _build(run, list(paths))
    return report


def _build(run: BuildRun[BuildReport], paths: list[Path]) -> None:
    """The uppdrag under `paths` (default: all) built, with the lock held."""
    options, root, report = run.options, run.root, run.report
    templates = [
        template_path(name, root) for name in (DECISION_TEMPLATE, REPORTING_TEMPLATE, CASE_TEMPLATE)
    ]
    files = uppdrag_files(list(paths) or [root / UPPDRAG_DIR], root)
    head = head_commit(root) if in_repository(root) else None

    stale: list[Path] = []
    for path in files:
        ident = path.stem
        if not options.force and run.manifest.up_to_date(
            ident, pdf=options.pdf, templates=templates, head=head
        ):
            report.skipped.append(ident)
            report.outputs += [run.out / n for n in uppdrag_outputs(ident, pdf=options.pdf)]
        else:
            stale.append(path)
    if not stale:
        if run.manifest.refreshed:
            with contextlib.suppress(OSError):  # only a shortcut for the next build is lost
                run.manifest.save()
        return
    if head is not None and is_shallow(cwd=root):
        report.warnings.append(SHALLOW)

    from uppdrag_docs.trust.calculated import load

    loaded = load(stale, root=root)
    report.findings = loaded.errors
    for path in loaded.refused:
        report.failed[path.stem] = "uppdraget har fel och byggdes inte"
    to_build = list(loaded.uppdrag.values())

    try:
        with run.staging() as staging:
            staged = _render_all(to_build, templates, staging, run, head)
            if options.pdf and staged:
                docs = sum(name.endswith(".docx") for e in staged.values() for name in e.files)
                run.say(
                    f"Konverterar {docs} dokument till PDF med LibreOffice "
                    f"({options.jobs} parallellt)"
                )
                run.convert(staged, staging, each=True)
            run.publish(staged)
    except OSError as exc:
        report.problem = (
            f"bygget avbröts: {os_error_text(exc)}; dokumenten från förra bygget finns kvar"
        )
    try:
        run.manifest.save()
    except OSError as exc:
        report.problem = (
            f"{display_path(run.manifest.path)} kunde inte skrivas: {os_error_text(exc)}; "
            "dokumenten byggs om nästa gång"
        )


def _write(path: Path, data: bytes) -> None:
    """Write a staged file (the seam where a full disk meets the build)."""
    path.write_bytes(data)


class _Contexts(NamedTuple):
    """What one uppdrag's documents are rendered from."""

    item: Calculated
    decision: DocumentContext
    """The decision document's and the reporting template's."""
    case: DocumentContext
    """The tjänsteskrivelse's."""


def _render_all(
    to_build: list[Calculated],
    templates: list[Path],
    staging: Path,
    run: BuildRun[BuildReport],
    head: str | None,
) -> dict[str, Staged]:
    """Each uppdrag's Word documents and calendar, verified, in its own staging folder.

    One uppdrag failing, for any reason, is reported under its name and the others go on.
    """
    from uppdrag_docs.render.arende import build_case_context
    from uppdrag_docs.render.context import build_context
    from uppdrag_docs.render.ics import calendar_bytes
    from uppdrag_docs.render.pandoc import MarkdownCache

    report = run.report
    cache = MarkdownCache()
    contexts: dict[str, _Contexts] = {}
    for item in to_build:
        with _isolated(item.uppdrag.id, report):
            committed = last_commit_date(item.path) if _dated_by_commit(item) else None
            contexts[item.uppdrag.id] = _Contexts(
                item,
                build_context(item.loaded, item.calculation, committed=committed),
                build_case_context(item.loaded, item.calculation, committed=committed),
            )
    cache.prefetch(
        text
        for both in contexts.values()
        for ctx in (both.decision, both.case)
        for text in ctx.markdown.values()
    )

    staged: dict[str, Staged] = {}
    for ident, (item, context, case) in sorted(contexts.items()):
        run.say(f"Skapar Word-dokument för {ident}")
        folder = staging / ident
        with _isolated(ident, report):
            folder.mkdir()
            entry = Staged(
                key=ident,
                source=input_name(item.path, run.root),
                inputs=_inputs(item, templates),
                recorded={"git": head},
            )
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
    from uppdrag_docs.render.docx import render_docx

    for _ in range(2):
        data = render_docx(template, context, cache=cache)
        problem = docx_problem(data)
        if problem is None:
            return data
    raise UppdragError(f"{name} blev trasig två gånger och publicerades inte ({problem})")


def _dated_by_commit(item: Calculated) -> bool:
    """A förslag or utkast without `ärende.datum` is dated by its file's last commit."""
    case = item.uppdrag.case
    return item.uppdrag.draft and (case is None or case.date is None)
