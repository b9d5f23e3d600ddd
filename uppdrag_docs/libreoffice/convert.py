"""Converting Word documents to PDF with LibreOffice, in batches across parallel processes.

Starting LibreOffice costs more than converting a small document, so documents are converted
in batches, one `soffice` process per batch, and the batches run in parallel. Each process
gets its own throwaway profile: processes sharing a profile connect to each other and
conversions fail. A batch that hangs, crashes or skips a document is killed and every
document it did not finish is retried alone, so one bad document cannot take others with it.

PDFs are written into a staging folder inside the output folder and moved into place with
`os.replace`, so an interrupted build never leaves a half-written PDF under its real name.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from uppdrag_docs.errors import ConversionError, Failure, LibreOfficeMissingError
from uppdrag_docs.files import os_error_text
from uppdrag_docs.libreoffice import TIMEOUT
from uppdrag_docs.libreoffice.soffice import (
    environment,
    find_soffice,
    kill,
    missing_message,
    seconds_text,
)

# The JSON form of the filter options (LibreOffice >= 7.4; checked on 7.4.7) can set any
# export option by name. Older versions silently ignore it and write an untagged plain PDF,
# which the tests would catch. The PDF title comes from the docx core property `title`,
# /Lang from the docx default language (`w:lang` in the docDefaults of styles.xml).
PDF_EXPORT_OPTIONS: dict[str, tuple[str, str]] = {
    "SelectPdfVersion": ("long", "2"),  # PDF/A-2b: archivable, every font embedded
    "UseTaggedPDF": ("boolean", "true"),  # structure tree for screen readers
    "ExportBookmarks": ("boolean", "true"),  # headings become the PDF outline
    "DisplayPDFDocumentTitle": ("boolean", "true"),  # viewers show the title, not the file name
}
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {name: {"type": kind, "value": value} for name, (kind, value) in PDF_EXPORT_OPTIONS.items()},
    separators=(",", ":"),
)
# Without a fixed import filter LibreOffice "converts" a broken docx as plain text.
DOCX_IMPORT_FILTER = "MS Word 2007 XML"

_POLL_SECONDS = 0.2

Verify = Callable[[Path, Path], str | None]
"""(docx, pdf) -> why the PDF is not acceptable, or None."""


def convert_to_pdf(
    docx_paths: Sequence[Path],
    out_dir: Path,
    *,
    jobs: int = 2,
    timeout: float = TIMEOUT,
    on_done: Callable[[Path], None] | None = None,
    verify: Verify | None = None,
) -> list[Path]:
    """Convert every docx to `out_dir/<stem>.pdf`; return those absolute paths in input order.

    `jobs` processes run in parallel; `timeout` is the time in seconds one document may take.
    `on_done` is called on the calling thread for each PDF once it is in place. `verify(docx,
    pdf)` is asked about each PDF before it is moved into place and returns why it is not
    acceptable, or None; a PDF it refuses is converted once more, alone. Documents that fail
    even alone raise one `ConversionError` (with `failures`) after the others are converted.
    """
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeMissingError(missing_message())
    docs = [Path(p).absolute() for p in docx_paths]  # soffice runs in another folder
    out_dir = out_dir.absolute()
    stems = [d.stem for d in docs]
    duplicates = sorted({s for s in stems if stems.count(s) > 1})
    if duplicates:
        raise ValueError(f"Flera dokument skulle bli samma PDF: {', '.join(duplicates)}")
    if not docs:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    workers = max(1, min(jobs, len(docs)))
    batches = [docs[i::workers] for i in range(workers)]
    finished: queue.SimpleQueue[Path] = queue.SimpleQueue()
    cancel = threading.Event()

    def report() -> None:
        while not finished.empty():
            path = finished.get()
            if on_done is not None:
                on_done(path)

    # The staging folder is inside out_dir: same file system, so os.replace is atomic, and a
    # killed build leaves its leftovers in build/ rather than in the kommun's repository.
    converter = _Converter(soffice, out_dir, timeout, finished.put, cancel, verify)
    with tempfile.TemporaryDirectory(prefix=".pdf-tmp-", dir=out_dir) as staging:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures: list[Future[list[Failure]]] = [
                pool.submit(converter.batch, batch, Path(staging) / f"batch-{n}")
                for n, batch in enumerate(batches)
            ]
            try:
                pending = set(futures)
                while pending:
                    _, pending = wait(pending, timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
                    report()
            except BaseException:  # Ctrl-C: soffice runs in its own session and would live on
                cancel.set()
                raise
        report()
    failures = [failure for future in futures for failure in future.result()]
    if failures:
        raise ConversionError(_failure_message(failures), failures=failures)
    return [out_dir / f"{d.stem}.pdf" for d in docs]


@dataclass(frozen=True)
class _Converter:
    """What every soffice process of one `convert_to_pdf` shares."""

    soffice: str
    out_dir: Path
    timeout: float
    publish: Callable[[Path], None]
    """Told of each PDF once it is in place in `out_dir`."""
    cancel: threading.Event
    verify: Verify | None

    def batch(self, docs: list[Path], staging: Path) -> list[Failure]:
        """Convert `docs` in one process, then each unfinished one once more, alone; return the
        failures."""
        undone = self.run(docs, staging / "alla")
        failures = []
        for n, left in enumerate(undone):
            if self.cancel.is_set():
                break
            failures += self.run([left.doc], staging / f"ensam-{n}")
        return failures

    def run(self, docs: list[Path], staging: Path) -> list[Failure]:
        """Run one soffice process over `docs`; return the documents left undone and why."""
        staging.mkdir(parents=True)
        finished = _Finished(self, docs, staging)
        # The profile lies in the staging folder too, so a killed build leaves it where the next
        # build removes it, never in /tmp.
        with tempfile.TemporaryDirectory(
            prefix="profil-", dir=staging, ignore_cleanup_errors=True
        ) as profile:
            try:
                process = subprocess.Popen(
                    _command(self.soffice, Path(profile), staging, docs),
                    env=environment(Path(profile)),
                    cwd=profile,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,  # its own process group, so a kill takes every child
                )
            except OSError as exc:
                problem = f"LibreOffice kunde inte startas: {os_error_text(exc)}"
                return [Failure(doc, problem) for doc in docs]
            returncode = self._watch(process, finished)
        return finished.failures(_reason(returncode, self.timeout))

    def _watch(self, process: subprocess.Popen[bytes], finished: _Finished) -> int | None:
        """Wait for soffice to exit; its return code, or None when it was killed.

        The process is killed when no new PDF has appeared for `timeout` seconds. LibreOffice
        converts in argument order, so a PDF is known complete once a later one exists, or once
        the process has exited normally; only those are moved into `out_dir`.
        """
        deadline = time.monotonic() + self.timeout
        progress = 0  # 1 + index of the last PDF seen
        returncode: int | None = None
        while returncode is None and not self.cancel.is_set() and time.monotonic() < deadline:
            try:
                returncode = process.wait(timeout=_POLL_SECONDS)
            except subprocess.TimeoutExpired:
                seen = finished.written()
                if seen > progress:
                    progress, deadline = seen, time.monotonic() + self.timeout
                    finished.publish(seen - 1)
        if returncode is None:
            kill(process)
        finished.publish(len(finished.docs) if returncode == 0 else finished.written() - 1)
        return returncode


class _Finished:
    """The PDFs of one soffice process, each verified and moved into place once complete."""

    def __init__(self, converter: _Converter, docs: list[Path], staging: Path) -> None:
        self.converter = converter
        self.docs = docs
        self.pdfs = [staging / f"{d.stem}.pdf" for d in docs]
        self.published = [False] * len(docs)
        self.refused: dict[int, str] = {}
        """Why `verify` refused the PDF of a document, by its index."""

    def written(self) -> int:
        """1 + the index of the last PDF that exists; 0 when none does."""
        return max((i + 1 for i, pdf in enumerate(self.pdfs) if pdf.exists()), default=0)

    def publish(self, upto: int) -> None:
        """Move every PDF before index `upto` that exists and passes `verify` into place."""
        verify = self.converter.verify
        for i in range(upto):
            if self.published[i] or i in self.refused or not self.pdfs[i].is_file():
                continue
            problem = verify(self.docs[i], self.pdfs[i]) if verify is not None else None
            if problem is not None:
                self.refused[i] = problem
                continue
            target = self.converter.out_dir / self.pdfs[i].name
            os.replace(self.pdfs[i], target)
            self.published[i] = True
            self.converter.publish(target)

    def failures(self, reason: str) -> list[Failure]:
        """Each document without a PDF in place: why `verify` refused it, else `reason`."""
        return [
            Failure(doc, self.refused.get(i, reason))
            for i, doc in enumerate(self.docs)
            if not self.published[i]
        ]


def _command(soffice: str, profile: Path, staging: Path, docs: list[Path]) -> list[str]:
    return [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        f"--infilter={DOCX_IMPORT_FILTER}",
        "--convert-to",
        PDF_FILTER,
        "--outdir",
        str(staging),
        *(str(d) for d in docs),
    ]


def _reason(returncode: int | None, timeout: float) -> str:
    """Why the documents a process left undone are undone."""
    if returncode is None:
        return f"tidsgräns {seconds_text(timeout)} s överskreds"
    if returncode == 0:
        return "ingen PDF skapades; är det en giltig Word-fil?"
    if returncode < 0:
        return f"LibreOffice kraschade med signal {-returncode}"
    return f"LibreOffice avslutades med felkod {returncode}"


def _failure_message(failures: list[Failure]) -> str:
    if len(failures) == 1:
        doc, reason = failures[0]
        return f"LibreOffice kunde inte konvertera {doc.name} till PDF ({reason})"
    listed = "; ".join(f"{doc.name} ({reason})" for doc, reason in failures)
    return f"LibreOffice kunde inte konvertera {len(failures)} dokument till PDF: {listed}"
