"""Benchmark of `uppdrag build`: docx rendering, PDF conversion, and a no-op rebuild.

Run from the repository root:

    python -m bench.bench_build [--count 100] [--naive 20] [--jobs 2] [--noop 40] [--mot REV]
    python -m bench.bench_build --bara-noop --mot HEAD~1   # only the whole-process no-op

It generates a corpus of `--count` uppdrag (bench.corpus), and measures in the same run:
- the docx render time per document (every uppdrag gives two documents, without PDF);
- the PDF time per document with `--jobs` batched LibreOffice workers, over every document;
- the same conversion the naive way, one soffice process per file, over the first `--naive`
  documents (one process per file costs the same for each, so fewer suffice), and the ratio;
- the time of a no-op rebuild, where nothing has changed;
- a no-op `uppdrag build --no-pdf` of `--noop` uppdrag (40) as a whole process, best of 5
  (goal: under 0,3 s), and with `--mot REV` the same for commit REV and the ratio.
It prints its figures and the goals beside them, and asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.against import checkout
from bench.bench_check import compared, decimal, ratio_line
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
    parser.add_argument("--noop", type=int, default=40, help="uppdrag i no-op-mätningen")
    parser.add_argument("--mot", metavar="REV", help="jämför no-op med git-revisionen REV")
    parser.add_argument("--bara-noop", action="store_true", help="mät bara no-op som process")
    args = parser.parse_args(argv)
    noop_process(args.noop, args.mot)
    if args.bara_noop:
        return 0

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


def noop_process(count: int, rev: str | None) -> None:
    """A no-op `uppdrag build --no-pdf` of `count` uppdrag as a whole process: the first run of
    each side builds (each into a folder of its own), the next five find nothing to do."""
    with contextlib.ExitStack() as stack:
        temp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="uppdrag-bench-")))
        root = make_corpus(temp / "kommun", count)
        source = stack.enter_context(checkout(rev)) if rev else None
        ours = ["build", "--no-pdf", str(root / "uppdrag"), "--out", str(temp / "a")]
        theirs = [*ours[:-1], str(temp / "b")]
        seconds, other, result = compared(ours, source, runs=5, theirs=theirs)
    ok = seconds < 0.3
    _line(
        f"uppdrag build --no-pdf utan ändringar, {count} uppdrag",
        f"{decimal(seconds, 3)} s",
        f"mål: under 0,3 s, {'uppfyllt' if ok else 'INTE uppfyllt'}",
    )
    print(f"  slutstatus {result.returncode}: {result.stdout.strip().splitlines()[-1:]}")
    ratio_line("samma omstart", seconds, other, rev)


if __name__ == "__main__":
    raise SystemExit(main())
