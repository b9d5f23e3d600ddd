"""`uppdrag build`: which documents to make, making them, and the manifest that remembers them.

Builds are incremental like make: the manifest records, per uppdrag, the sha256 of every input
(the uppdrag file, the shared files, its bilagor, the templates), the tool's version and
SOURCE_DATE_EPOCH, and of every output. An uppdrag whose inputs and outputs all still match is
skipped without even being parsed, so a no-op rebuild costs a few file hashes. Every file is
written atomically; PDFs come from LibreOffice in batches at the end.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from uppdrag_docs.version import __version__
from uppdrag_docs.check import LoadedUppdrag, check
from uppdrag_docs.errors import ConversionError, LibreOfficeMissingError, UppdragError
from uppdrag_docs.findings import Finding
from uppdrag_docs.repository import UPPDRAG_DIR, common_root, uppdrag_files
from uppdrag_docs.files import sha256_file, write_atomic

MANIFEST = "manifest.json"
TOOL = f"uppdrag-docs {__version__}"

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

    @property
    def ok(self) -> bool:
        return (
            not self.failed
            and self.pdf_problem is None
            and not any(f.is_error for f in self.findings)
        )


def output_names(ident: str, *, pdf: bool) -> list[str]:
    names = [f"{ident}.docx", f"{ident}-rapportering.docx", f"{ident}-rapportering.ics"]
    if pdf:
        names += [f"{ident}.pdf", f"{ident}-rapportering.pdf"]
    return names


class Manifest:
    """`build/manifest.json`: per uppdrag its inputs and outputs with their sha256."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict[str, Any]] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("verktyg") == TOOL and isinstance(data.get("uppdrag"), dict):
                self.entries = data["uppdrag"]
        except (OSError, ValueError, AttributeError):
            pass  # no manifest or a damaged one: everything is rebuilt

    def save(self) -> None:
        document = {"verktyg": TOOL, "uppdrag": dict(sorted(self.entries.items()))}
        text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        write_atomic(self.path, text.encode())

    def up_to_date(
        self, ident: str, root: Path, out: Path, *, pdf: bool, templates: Sequence[Path]
    ) -> bool:
        entry = self.entries.get(ident)
        if entry is None or entry.get("miljö") != _environment():
            return False
        inputs = entry.get("indata", {})
        if any(_input_name(t, root) not in inputs for t in templates):
            return False  # a kommun template now overrides the default, or stopped doing so
        for name, digest in inputs.items():
            path = _input_path(name, root)
            if not path.is_file() or sha256_file(path) != digest:
                return False
        outputs = entry.get("utdata", {})
        for name in output_names(ident, pdf=pdf):
            recorded = outputs.get(name)
            target = out / name
            if recorded is None or not target.is_file():
                return False
            if sha256_file(target) != recorded["sha256"]:
                return False
        return True


def _environment() -> dict[str, str | None]:
    return {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH")}


PACKAGE_PREFIX = "<uppdrag-docs>/"


def _input_name(path: Path, root: Path) -> str:
    from uppdrag_docs.render.docx import PACKAGED_TEMPLATES

    resolved = path.resolve()
    if PACKAGED_TEMPLATES in resolved.parents:
        return PACKAGE_PREFIX + resolved.relative_to(PACKAGED_TEMPLATES.parent).as_posix()
    return resolved.relative_to(root.resolve()).as_posix()


def _input_path(name: str, root: Path) -> Path:
    from uppdrag_docs.render.docx import PACKAGED_TEMPLATES

    if name.startswith(PACKAGE_PREFIX):
        return PACKAGED_TEMPLATES.parent / name.removeprefix(PACKAGE_PREFIX)
    return root / name


def _inputs(loaded: LoadedUppdrag, templates: Sequence[Path]) -> list[Path]:
    shared = loaded.shared
    folder = shared.root / UPPDRAG_DIR / "gemensamt"
    paths = [loaded.path, folder / "kommun.yaml", folder / "upprakning.yaml"]
    if any(c.ref for c in loaded.criteria):
        paths.append(folder / "kvalitetskriterier.yaml")
    paths += [loaded.path.parent / a.file for a in loaded.uppdrag.attachments]
    return [*paths, *templates]


def build(
    paths: Sequence[Path] = (),
    *,
    out: Path | None = None,
    pdf: bool = True,
    force: bool = False,
    jobs: int = 2,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the documents of the uppdrag under `paths` (default: all of `uppdrag/`)."""
    from uppdrag_docs.render.docx import DECISION_TEMPLATE, REPORTING_TEMPLATE, template_path

    say = progress or (lambda message: None)
    root = common_root(paths or [Path.cwd()])
    out = out if out is not None else root / "build"
    report = BuildReport(out=out)
    manifest = Manifest(out / MANIFEST)
    templates = [template_path(DECISION_TEMPLATE, root), template_path(REPORTING_TEMPLATE, root)]
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

    result = check(stale, root=root)
    report.findings = [f for f in result.findings if f.is_error]
    shared_broken = any(f.path not in stale for f in report.findings)
    to_build = [
        loaded
        for path, loaded in result.loaded.items()
        if not shared_broken and not result.errors_for(path)
    ]
    built_paths = {loaded.path for loaded in to_build}
    for path in stale:
        if path not in built_paths:
            report.failed[path.stem] = "uppdraget har fel och byggdes inte"

    documents = _render_all(to_build, templates, out, report, manifest, root, say)
    if pdf and documents:
        _convert(documents, out, jobs, report, manifest, say)
    manifest.save()
    return report


def _render_all(
    to_build: list[LoadedUppdrag],
    templates: list[Path],
    out: Path,
    report: BuildReport,
    manifest: Manifest,
    root: Path,
    say: Progress,
) -> list[Path]:
    from uppdrag_docs.calc.engine import calculate
    from uppdrag_docs.render.context import build_context
    from uppdrag_docs.render.ics import calendar_bytes
    from uppdrag_docs.render.pandoc import MarkdownCache
    from uppdrag_docs.render.docx import render_docx

    cache = MarkdownCache()
    contexts = {}
    for loaded in to_build:
        assert loaded.shared.indexation is not None and loaded.shared.kommun is not None
        calculation = calculate(
            loaded.uppdrag, loaded.shared.indexation, unit=loaded.shared.kommun.amounts_in
        )
        contexts[loaded.uppdrag.id] = (loaded, build_context(loaded, calculation))
    cache.prefetch(t for _, ctx in contexts.values() for t in ctx.markdown.values())

    documents: list[Path] = []
    for ident, (loaded, context) in sorted(contexts.items()):
        say(f"Skapar Word-dokument för {ident}")
        try:
            outputs = {
                f"{ident}.docx": render_docx(templates[0], context, cache=cache),
                f"{ident}-rapportering.docx": render_docx(templates[1], context, cache=cache),
                f"{ident}-rapportering.ics": calendar_bytes(loaded, context.date),
            }
        except UppdragError as exc:
            report.failed[ident] = str(exc)
            continue
        entry: dict[str, Any] = {
            "källa": _input_name(loaded.path, root),
            "indata": {_input_name(p, root): sha256_file(p) for p in _inputs(loaded, templates)},
            "miljö": _environment(),
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
        documents += [out / f"{ident}.docx", out / f"{ident}-rapportering.docx"]
    return documents


def _convert(
    documents: list[Path],
    out: Path,
    jobs: int,
    report: BuildReport,
    manifest: Manifest,
    say: Progress,
) -> None:
    from uppdrag_docs.libreoffice.convert import convert_to_pdf

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
        ident = docx.stem.removesuffix("-rapportering")
        entry = manifest.entries.get(ident)
        if entry is None:
            continue
        if pdf.is_file():
            entry["utdata"][pdf.name] = {"sha256": sha256_file(pdf), "storlek": pdf.stat().st_size}
            report.outputs.append(pdf)
        else:
            entry["utdata"].pop(pdf.name, None)
