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
from pathlib import Path

from uppdrag_docs.errors import ConversionError, LibreOfficeMissingError
from uppdrag_docs.files import os_error_text
from uppdrag_docs.libreoffice.soffice import (
    TIMEOUT,
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
    with tempfile.TemporaryDirectory(prefix=".pdf-tmp-", dir=out_dir) as staging:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures: list[Future[list[tuple[Path, str]]]] = [
                pool.submit(
                    _convert_batch,
                    soffice,
                    batch,
                    Path(staging) / f"batch-{n}",
                    out_dir,
                    timeout,
                    finished.put,
                    cancel,
                    verify,
                )
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


def _convert_batch(
    soffice: str,
    docs: list[Path],
    staging: Path,
    out_dir: Path,
    timeout: float,
    publish: Callable[[Path], None],
    cancel: threading.Event,
    verify: Verify | None,
) -> list[tuple[Path, str]]:
    """Convert `docs` in one process, then each unfinished one once more, alone; return the
    failures."""
    undone = _run_soffice(
        soffice, docs, staging / "alla", out_dir, timeout, publish, cancel, verify
    )
    left = [doc for doc, _ in undone]
    failures = []
    for n, doc in enumerate(left):
        if cancel.is_set():
            break
        alone = staging / f"ensam-{n}"
        failures += _run_soffice(soffice, [doc], alone, out_dir, timeout, publish, cancel, verify)
    return failures


def _run_soffice(
    soffice: str,
    docs: list[Path],
    staging: Path,
    out_dir: Path,
    timeout: float,
    publish: Callable[[Path], None],
    cancel: threading.Event,
    verify: Verify | None,
) -> list[tuple[Path, str]]:
    """Run one soffice process over `docs`; return the documents left undone and why.

    The process is killed when no new PDF has appeared for `timeout` seconds. LibreOffice
    converts in argument order, so a PDF is known complete once a later one exists, or once
    the process has exited normally; only those are moved into `out_dir`.
    """
    staging.mkdir(parents=True)
    pdfs = [staging / f"{d.stem}.pdf" for d in docs]
    published = [False] * len(docs)
    refused: dict[int, str] = {}

    def publish_complete(upto: int) -> None:
        for i in range(upto):
            if not published[i] and i not in refused and pdfs[i].is_file():
                problem = verify(docs[i], pdfs[i]) if verify is not None else None
                if problem is not None:
                    refused[i] = problem
                    continue
                target = out_dir / pdfs[i].name
                os.replace(pdfs[i], target)
                published[i] = True
                publish(target)

    # The profile lies in the staging folder too, so a killed build leaves it where the next
    # build removes it, never in /tmp.
    with tempfile.TemporaryDirectory(
        prefix="profil-", dir=staging, ignore_cleanup_errors=True
    ) as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
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
        try:
            process = subprocess.Popen(
                command,
                env=environment(Path(profile)),
                cwd=profile,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # its own process group, so a kill takes every child
            )
        except OSError as exc:
            return [(doc, f"LibreOffice kunde inte startas: {os_error_text(exc)}") for doc in docs]
        deadline = time.monotonic() + timeout
        progress = 0  # 1 + index of the last PDF seen
        returncode: int | None = None
        while returncode is None and not cancel.is_set() and time.monotonic() < deadline:
            try:
                returncode = process.wait(timeout=_POLL_SECONDS)
            except subprocess.TimeoutExpired:
                seen = max((i + 1 for i, pdf in enumerate(pdfs) if pdf.exists()), default=0)
                if seen > progress:
                    progress, deadline = seen, time.monotonic() + timeout
                    publish_complete(seen - 1)
        if returncode is None:
            kill(process)
            publish_complete(max((i for i, pdf in enumerate(pdfs) if pdf.exists()), default=0))
            reason = f"tidsgräns {seconds_text(timeout)} s överskreds"
        elif returncode == 0:
            publish_complete(len(docs))
            reason = "ingen PDF skapades; är det en giltig Word-fil?"
        else:
            publish_complete(max((i for i, pdf in enumerate(pdfs) if pdf.exists()), default=0))
            reason = (
                f"LibreOffice kraschade med signal {-returncode}"
                if returncode < 0
                else f"LibreOffice avslutades med felkod {returncode}"
            )
    return [(d, refused.get(i, reason)) for i, d in enumerate(docs) if not published[i]]


def _failure_message(failures: list[tuple[Path, str]]) -> str:
    if len(failures) == 1:
        doc, reason = failures[0]
        return f"LibreOffice kunde inte konvertera {doc.name} till PDF ({reason})"
    listed = "; ".join(f"{doc.name} ({reason})" for doc, reason in failures)
    return f"LibreOffice kunde inte konvertera {len(failures)} dokument till PDF: {listed}"
