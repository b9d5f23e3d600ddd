"""One build run: its options, where it writes, and the stages every build shares.

`uppdrag build`, the samlad redovisning and a meeting's documents are made the same way: each
output is written in the run's staging folder (`build/staging.py`), opened as its reader will
open it (`build/verify.py`), converted to PDF in a batch, and only then moved to its real name
and recorded in `build/manifest.json`. The options travel as one frozen `BuildOptions`, made
once by the CLI or the library; a `BuildRun` holds what a run knows (the output folder, the
manifest, the report it fills in) and its methods are the shared stages: `convert` and `publish`.
What to make, and whether it is current, is each build's own (`documents.py`, `follow_up.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from uppdrag_docs.build.manifest import Manifest, environment, input_name
from uppdrag_docs.build.staging import Staging
from uppdrag_docs.build.verify import pdf_problem
from uppdrag_docs.errors import ConversionError, LibreOfficeMissingError
from uppdrag_docs.files import os_error_text, sha256_file
from uppdrag_docs.format.repository import prepare_output
from uppdrag_docs.libreoffice.convert import convert_to_pdf
from uppdrag_docs.libreoffice.soffice import TIMEOUT

Progress = Callable[[str], None]


def _silent(message: str) -> None:
    """Progress for a caller that asked for none."""


@dataclass(frozen=True)
class BuildOptions:
    """How to build, the same for every document of a run."""

    out: Path | None = None
    """The output folder; None: `build/` in the repository."""
    pdf: bool = True
    force: bool = False
    """Build everything again, also what is up to date."""
    jobs: int = 2
    """LibreOffice processes converting at once."""
    timeout: float = TIMEOUT
    """Seconds LibreOffice may take over one document."""
    progress: Progress = _silent
    """Called with a Swedish line as work proceeds."""


@dataclass(kw_only=True)
class RunReport:
    """What a run did, per output key (an uppdrag's id, a samlad redovisning's name)."""

    out: Path
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    outputs: list[Path] = field(default_factory=list)
    pdf_problem: str | None = None


@dataclass
class Staged:
    """One key's new outputs, in the staging folder until they are all verified."""

    key: str
    """Its entry in the manifest."""
    source: str
    """What the manifest names as its source (`källa`)."""
    inputs: list[Path]
    """Every file it is made from; their hashes decide whether it is current next time."""
    recorded: dict[str, Any] = field(default_factory=dict)
    """What else the manifest records for it (the git commit, the follow-up's day)."""
    files: dict[str, Path] = field(default_factory=dict)
    """Output name (relative to the output folder) → the staged file."""
    titles: dict[Path, str] = field(default_factory=dict)
    """The title each staged Word document shows, which its PDF must show too."""


R = TypeVar("R", bound=RunReport)


class BuildRun(Generic[R]):
    """A run of one build command into one output folder, and the stages it shares."""

    def __init__(self, options: BuildOptions, root: Path, report: R, *, command: str) -> None:
        self.options = options
        self.root = root
        self.report = report
        self.command = command
        """The command named when a file in the folder is not the tool's."""
        prepare_output(report.out, root)
        self.manifest = Manifest(report.out, root)

    @property
    def out(self) -> Path:
        return self.report.out

    def say(self, message: str) -> None:
        self.options.progress(message)

    def staging(self) -> Staging:
        return Staging(self.out)

    def convert(self, staged: dict[str, Staged], staging: Path, *, each: bool) -> None:
        """Every staged docx to a PDF that passes verification, beside it under the same output
        name; a key whose PDF cannot be made is not published at all (its previous outputs stay
        as they were). `each`: say so as each document is done."""
        docs = {
            path.absolute(): (label, name)
            for label, entry in staged.items()
            for name, path in entry.files.items()
            if name.endswith(".docx")
        }  # as LibreOffice is given them
        titles = {
            path.absolute(): title for e in staged.values() for path, title in e.titles.items()
        }
        target = staging / "pdf"
        try:
            convert_to_pdf(
                list(docs),
                target,
                jobs=self.options.jobs,
                timeout=self.options.timeout,
                on_done=(lambda p: self.say(f"Klar: {p.name}")) if each else None,
                verify=lambda docx, pdf: pdf_problem(pdf, titles[docx]),
            )
        except LibreOfficeMissingError as exc:
            self.report.pdf_problem = str(exc)
            return
        except ConversionError as exc:
            for doc, reason in exc.failures:
                label = docs[doc][0]
                self.report.failed.setdefault(
                    label, f"{doc.stem}.pdf kunde inte göras och publicerades inte ({reason})"
                )
                staged.pop(label, None)
        for docx, (label, name) in docs.items():
            pdf = target / f"{docx.stem}.pdf"
            if pdf.is_file() and label in staged:
                staged[label].files[name.removesuffix(".docx") + ".pdf"] = pdf

    def publish(self, staged: Mapping[str, Staged]) -> None:
        """Move each key's verified outputs into place and record them in the manifest.

        A file in the output folder that this tool did not make is never replaced; a file of a
        key's previous build that this run did not make again (a PDF, after `--no-pdf`) is
        removed, so no document stands beside another version of itself.
        """
        for label, entry in sorted(staged.items()):
            refusal = self.manifest.refusal(list(entry.files), self.command)
            if refusal:
                self.report.failed[label] = refusal
                continue
            record: dict[str, Any] = {
                "källa": entry.source,
                "indata": {input_name(p, self.root): sha256_file(p) for p in entry.inputs},
                "miljö": environment(),
                **entry.recorded,
            }
            try:
                self.report.outputs += self.manifest.publish(entry.key, entry.files, record)
            except OSError as exc:
                several = sum(name.endswith(".docx") for name in entry.files) > 1
                what = "dokumenten" if several else "dokumentet"
                self.report.failed[label] = f"{what} kunde inte publiceras: {os_error_text(exc)}"
                continue
            self.report.built.append(label)
