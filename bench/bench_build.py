"""Benchmark of `uppdrag build`: docx rendering, PDF conversion, and a no-op rebuild.

Run from the repository root:

    python -m bench.bench_build [--count 100] [--naive 20] [--jobs 2]

It generates a corpus of `--count` uppdrag (bench.corpus), and measures in the same run:
- the docx render time per document (every uppdrag gives two documents, without PDF);
- the PDF time per document with `--jobs` batched LibreOffice workers, over every document;
- the same conversion the naive way, one soffice process per file, over the first `--naive`
  documents (one process per file costs the same for each, so fewer suffice), and the ratio;
- the time of a no-op rebuild, where nothing has changed.
It prints its figures and the goals beside them, and asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.bench_check import decimal
from bench.corpus import make_corpus
from uppdrag_docs.build.documents import build
from uppdrag_docs.build.run import BuildOptions
from uppdrag_docs.libreoffice.convert import convert_to_pdf


def _line(label: str, value: str, goal: str = "") -> None:
    print(f"{label:<46} {value:>16}  {goal}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--naive", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="uppdrag-bench-") as temp:
        root = make_corpus(Path(temp) / "kommun", args.count)
        out = root / "build"

        started = time.perf_counter()
        report = build([root / "uppdrag"], BuildOptions(out=out, pdf=False, force=True))
        docx_seconds = time.perf_counter() - started
        documents = sorted(out.glob("*.docx"))
        assert not report.failed, report.failed

        pdf_dir = Path(temp) / "pdf"
        started = time.perf_counter()
        convert_to_pdf(documents, pdf_dir, jobs=args.jobs)
        batched = (time.perf_counter() - started) / len(documents)

        naive_dir = Path(temp) / "naive"
        sample = documents[: args.naive]
        started = time.perf_counter()
        for document in sample:
            convert_to_pdf([document], naive_dir, jobs=1)
        naive = (time.perf_counter() - started) / len(sample)

        # The real build makes and records the PDFs (copied ones would be files it did not
        # make, which it refuses to overwrite), so that the no-op rebuild checks them too.
        full = build([root / "uppdrag"], BuildOptions(out=out))
        assert not full.failed, full.failed
        started = time.perf_counter()
        noop = build([root / "uppdrag"], BuildOptions(out=out))
        noop_seconds = time.perf_counter() - started
        assert not noop.built and len(noop.skipped) == args.count

    print(f"uppdrag build, {args.count} genererade uppdrag ({len(documents)} Word-dokument)")
    ms = 1000 * docx_seconds / len(documents)
    _line("Word (docx) per dokument, inklusive kontroll", f"{ms:.0f} ms", "mål: högst 40 ms")
    _line(
        f"PDF per dokument, {args.jobs} LibreOffice-processer",
        f"{decimal(batched, 2)} s",
        "mål: högst 0,15 s",
    )
    _line(f"PDF per dokument, en process per fil ({len(sample)} st)", f"{decimal(naive, 2)} s")
    _line("kvot naivt / i omgångar", f"{decimal(naive / batched, 1)}×", "mål: minst 8×")
    _line("omstart utan ändringar", f"{decimal(noop_seconds, 2)} s", "mål: under 0,5 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
