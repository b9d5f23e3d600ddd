"""One build run: its options, where it writes, and the stages every build shares.

`uppdrag build`, the samlad redovisning and a meeting's documents are made the same way: each
output is written in the run's staging folder (`build/staging.py`), opened as its reader will
open it (`build/verify.py`), converted to PDF in a batch, and only then moved to its real name
and recorded in `build/manifest.json`. The options travel as one frozen `BuildOptions`, made
once by the CLI or the library; a `BuildRun` holds what a run knows (the output folder, the
manifest, the report it fills in) and its methods are the shared stages: `convert` and `publish`.
What to make, and whether it is current, is each build's own (`documents.py`, `follow_up.py`).

A run is a context: `with BuildRun(...) as run:` takes the lock of the repository and of the
output folder (`lock.py`), so a second build into the same folder waits for the first and then
reads the manifest it left, and only then clears away what killed builds left there and reads
the manifest.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Self, TypeVar

from uppdrag_docs.build.manifest import Manifest, environment, input_name
from uppdrag_docs.build.staging import Staging, remove_dead
from uppdrag_docs.build.verify import pdf_problem
from uppdrag_docs.errors import ConversionError, LibreOfficeMissingError
from uppdrag_docs.files import os_error_text, remove_leftovers, sha256_file
from uppdrag_docs.format.repository import prepare_output
from uppdrag_docs.libreoffice import TIMEOUT
from uppdrag_docs.libreoffice.convert import convert_to_pdf
from uppdrag_docs.lock import hold, quiet
from uppdrag_docs.names import clashes

Progress = Callable[[str], None]


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
    progress: Progress = quiet
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
        """The command, as the lock names its holder and a refusal names who made a file."""
        self._lock = contextlib.ExitStack()

    def __enter__(self) -> Self:
        prepare_output(self.out, self.root)
        with self._lock as lock:
            lock.enter_context(hold((self.out, self.root), self.command, self.say))
            remove_dead(self.out)
            remove_leftovers(self.out)  # a manifest.json half-written by a killed build
            self.manifest = Manifest(self.out, self.root)
            self._lock = lock.pop_all()
        return self

    def __exit__(self, *raised: object) -> None:
        self._lock.close()  # the lock goes, however the run ended

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

        A file in the output folder that this tool did not make is never replaced, nor one that
        another source made or makes (`names.py`: compared as a file system that ignores case
        compares names); a file of a key's previous build that this run did not make again (a
        PDF, after `--no-pdf`) is removed, so no document stands beside another version of
        itself.
        """
        claims = self.manifest.claims()
        claims += [(name, e.source) for e in staged.values() for name in e.files]
        clashing = clashes(claims)
        for label, entry in sorted(staged.items()):
            clash = next((c for c in clashing if entry.source in (c.first, c.second)), None)
            if clash is not None:
                self.report.failed[label] = (
                    f"{clash.text()}, så inget av dess dokument publicerades; byt id på ett av "
                    "uppdragen"
                )
                continue
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
