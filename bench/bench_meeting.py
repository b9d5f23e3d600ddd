"""Benchmark of `uppdrag build --meeting`: the example meeting, and `handlingar.pdf` in it.

Run from the repository root:

    python -m bench.bench_meeting [--runs 3]

It copies the example uppdrag to a temporary folder and builds the meeting of 2026-12-14 once
(the decision documents and tjänsteskrivelser through LibreOffice), then `--runs` times more,
when nothing has changed. Each of those runs still renders the cover, converts the Word bilaga,
makes the bilagor PDF/A and puts the bundle together; the phases are timed by the progress
messages of `build_meeting`, so the figures are those of the real code. It prints the median
of each and asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.bench_check import decimal
from uppdrag_docs.build.meeting import ARCHIVAL_STEP, build_meeting
from uppdrag_docs.build.run import BuildOptions
from uppdrag_docs.names import BUNDLE

PROJECT = Path(__file__).resolve().parent.parent
MEETING = dt.date(2026, 12, 14)
BUNDLE_STEP = f"Sätter ihop {BUNDLE}"
"""The progress message that starts the bundle; everything after it is the bundle's."""
FRONT_STEP = "Skapar omslag och ärendeförteckning"
"""The progress message after the bilagor are made PDF/A."""


def _line(label: str, value: str) -> None:
    print(f"{label:<46} {value:>10}")


def _timed_run(root: Path) -> tuple[float, float, float]:
    """One meeting build, in seconds: in all, the bundle's merge, and the bilagor made PDF/A."""
    marks: dict[str, float] = {}

    def progress(message: str) -> None:
        marks.setdefault(message, time.perf_counter())

    started = time.perf_counter()
    report = build_meeting(MEETING, BuildOptions(progress=progress), root=root)
    ended = time.perf_counter()
    assert report.ok and not report.build.built, "the documents should be built already"
    archival = marks[FRONT_STEP] - marks[ARCHIVAL_STEP]
    return ended - started, ended - marks[BUNDLE_STEP], archival


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="uppdrag-bench-") as temp:
        root = Path(temp) / "kommun"
        shutil.copytree(PROJECT / "uppdrag", root / "uppdrag")
        started = time.perf_counter()
        first = build_meeting(MEETING, root=root)
        cold = time.perf_counter() - started
        assert first.ok, first.build.failed
        runs = [_timed_run(root) for _ in range(args.runs)]
        size = (root / "build" / f"sammantrade-{MEETING}" / BUNDLE).stat().st_size

    print(f"uppdrag build --meeting {MEETING}, exemplen ({first.pages} sidor i {BUNDLE})")
    _line("första bygget, med alla dokument", f"{decimal(cold, 2)} s")
    _line(f"ombygge, inget ändrat (median av {args.runs})", f"{decimal(_median(runs, 0), 2)} s")
    _line(f"varav {BUNDLE} (sätts ihop och skrivs)", f"{decimal(_median(runs, 1), 2)} s")
    _line("varav bilagorna i PDF till PDF/A", f"{decimal(_median(runs, 2), 2)} s")
    _line(f"storlek på {BUNDLE}", f"{size // 1024} KiB")
    return 0


def _median(runs: list[tuple[float, float, float]], index: int) -> float:
    return statistics.median(run[index] for run in runs)


if __name__ == "__main__":
    raise SystemExit(main())
