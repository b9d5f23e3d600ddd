"""`uppdrag build`: which documents to make, making them, and recording them in the manifest.

Builds are incremental like make (`build/manifest.py`): an uppdrag whose inputs and outputs all
still match its manifest entry is skipped without even being parsed, so a no-op rebuild costs a
few file hashes. The others are loaded through `calculated.load`, which refuses those with
errors; every file is written atomically, and PDFs come from LibreOffice in batches at the end.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from uppdrag_docs.build.manifest import (
    MANIFEST,
    Manifest,
    document_ident,
    environment,
    input_name,
    output_names,
)
from uppdrag_docs.build.selection import changed_uppdrag
from uppdrag_docs.calculated import Calculated, load
from uppdrag_docs.errors import (
    ConversionError,
    LibreOfficeMissingError,
    UppdragError,
    UsageError,
)
from uppdrag_docs.files import sha256_file, write_atomic
from uppdrag_docs.findings import Finding
from uppdrag_docs.git import last_commit_date
from uppdrag_docs.libreoffice.convert import convert_to_pdf
from uppdrag_docs.render.arende import build_case_context
from uppdrag_docs.render.context import build_context
from uppdrag_docs.render.docx import (
    CASE_TEMPLATE,
    DECISION_TEMPLATE,
    REPORTING_TEMPLATE,
    render_docx,
    template_path,
)
from uppdrag_docs.render.ics import calendar_bytes
from uppdrag_docs.render.pandoc import MarkdownCache
from uppdrag_docs.repository import (
    CATALOGUE_FILE,
    INDEX_FILE,
    KOMMUN_FILE,
    SHARED_DIR,
    UPPDRAG_DIR,
    common_root,
    find_root,
    uppdrag_files,
)

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    out: Path
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    pdf_problem: str | None = None
    outputs: list[Path] = field(default_factory=list)
    changed: list[Path] | None = None
    """With `changed_since`: the uppdrag files that changed since the revision (maybe none)."""

    @property
    def ok(self) -> bool:
        return (
            not self.failed
            and self.pdf_problem is None
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
    progress: Progress | None = None,
) -> BuildReport:
    """Build the documents of the uppdrag under `paths` (default: all of `uppdrag/`).

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
    report = BuildReport(out=out, changed=changed)
    manifest = Manifest(out / MANIFEST)
    templates = [
        template_path(name, root) for name in (DECISION_TEMPLATE, REPORTING_TEMPLATE, CASE_TEMPLATE)
    ]
    files = uppdrag_files(list(paths) or [root / UPPDRAG_DIR], root)

    stale: list[Path] = []
    for path in files:
        ident = path.stem
        if not force and manifest.up_to_date(ident, root, out, pdf=pdf, templates=templates):
            report.skipped.append(ident)
            report.outputs += [out / n for n in output_names(ident, pdf=pdf)]
        else:
            stale.append(path)
    if not stale:
        return report

    loaded = load(stale, root=root)
    report.findings = loaded.errors
    for path in loaded.refused:
        report.failed[path.stem] = "uppdraget har fel och byggdes inte"
    to_build = list(loaded.uppdrag.values())

    documents = _render_all(to_build, templates, out, report, manifest, root, say)
    if pdf and documents:
        _convert(documents, out, jobs, report, manifest, say)
    manifest.save()
    return report


def _render_all(
    to_build: list[Calculated],
    templates: list[Path],
    out: Path,
    report: BuildReport,
    manifest: Manifest,
    root: Path,
    say: Progress,
) -> list[Path]:
    cache = MarkdownCache()
    contexts = {}
    for item in to_build:
        committed = last_commit_date(item.path) if _dated_by_commit(item) else None
        contexts[item.uppdrag.id] = (
            item,
            build_context(item.loaded, item.calculation, committed=committed),
            build_case_context(item.loaded, item.calculation, committed=committed),
        )
    cache.prefetch(
        text for _, *both in contexts.values() for ctx in both for text in ctx.markdown.values()
    )

    documents: list[Path] = []
    for ident, (item, context, case) in sorted(contexts.items()):
        say(f"Skapar Word-dokument för {ident}")
        try:
            outputs = {
                f"{ident}.docx": render_docx(templates[0], context, cache=cache),
                f"{ident}-rapportering.docx": render_docx(templates[1], context, cache=cache),
                f"{ident}-rapportering.ics": calendar_bytes(item.loaded, context.date),
                f"{ident}-tjansteskrivelse.docx": render_docx(templates[2], case, cache=cache),
            }
        except UppdragError as exc:
            report.failed[ident] = str(exc)
            continue
        entry: dict[str, Any] = {
            "källa": input_name(item.path, root),
            "indata": {input_name(p, root): sha256_file(p) for p in _inputs(item, templates)},
            "miljö": environment(),
            "utdata": {},
        }
        for name, data in outputs.items():
            write_atomic(out / name, data)
            entry["utdata"][name] = {
                "sha256": hashlib.sha256(data).hexdigest(),
                "storlek": len(data),
            }
            report.outputs.append(out / name)
        manifest.entries[ident] = entry
        report.built.append(ident)
        documents += [out / name for name in outputs if name.endswith(".docx")]
    return documents


def _dated_by_commit(item: Calculated) -> bool:
    """A förslag or utkast without `ärende.datum` is dated by its file's last commit."""
    case = item.uppdrag.case
    return item.uppdrag.status in ("utkast", "förslag") and (case is None or case.date is None)


def _convert(
    documents: list[Path],
    out: Path,
    jobs: int,
    report: BuildReport,
    manifest: Manifest,
    say: Progress,
) -> None:
    say(f"Konverterar {len(documents)} dokument till PDF med LibreOffice ({jobs} parallellt)")
    for docx in documents:
        docx.with_suffix(".pdf").unlink(missing_ok=True)  # never keep a PDF of an older docx
    try:
        convert_to_pdf(documents, out, jobs=jobs, on_done=lambda p: say(f"Klar: {p.name}"))
    except LibreOfficeMissingError as exc:
        report.pdf_problem = str(exc)
    except ConversionError as exc:
        report.pdf_problem = str(exc)
    for docx in documents:
        pdf = docx.with_suffix(".pdf")
        ident = document_ident(docx)
        entry = manifest.entries.get(ident)
        if entry is None:
            continue
        if pdf.is_file():
            entry["utdata"][pdf.name] = {"sha256": sha256_file(pdf), "storlek": pdf.stat().st_size}
            report.outputs.append(pdf)
        else:
            entry["utdata"].pop(pdf.name, None)
