"""How fast is the samlad redovisning for a nämnd with 20 uppdrag and a year of reports?

Run from the repository root, with the package installed:

    python -m bench.bench_samlad [--count 20] [--reports 16] [--seed 0]

It builds a corpus of `--count` uppdrag (bench/corpus.py), all ordered by Socialnämnden, with
`--reports` report files each (as `bench_follow_up` writes them: a year and more of reports
from January 2027), then measures as whole processes:

- `uppdrag uppföljning 2027 --per 2028-03-01 --nämnd Socialnämnden`: one document with every
  uppdrag's charts, Word and the PDF from LibreOffice (goal: under 10 s);
- the same with `--no-pdf`, for the share of LibreOffice;
- the same again when nothing has changed (the document is not made again).

It prints the figures beside the goal and asserts nothing; the exit status is 0.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_check import decimal, met, uppdrag_command
from bench.bench_follow_up import PER, best_run_in, make_reports
from bench.corpus import make_corpus

GOAL = 10.0
"""Seconds the samlad redovisning of 20 uppdrag, charts and PDF included, should stay under."""
BOARD = "Socialnämnden"


def one_board(root: Path) -> None:
    """Every uppdrag of the corpus ordered by BOARD (the examples have one other nämnd)."""
    for path in (root / "uppdrag").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("nämnd: Arbetsmarknadsnämnden", f"nämnd: {BOARD}"), "utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20, help="antal uppdrag i korpusen")
    parser.add_argument("--reports", type=int, default=16, help="rapporter per uppdrag")
    parser.add_argument("--seed", type=int, default=0, help="frö för korpusen")
    args = parser.parse_args(argv)

    command = uppdrag_command()
    with tempfile.TemporaryDirectory(prefix="uppdrag-bench-") as tmp:
        root = Path(tmp) / "kommun"
        make_corpus(root, args.count, seed=args.seed)
        one_board(root)
        reports = make_reports(root, args.reports)
        print(f"Korpus: {args.count} uppdrag till {BOARD} och {reports} rapporter")
        follow = [*command, "uppföljning", "2027", "--per", PER, "--nämnd", BOARD]
        best_run_in(root, [*follow, "--no-pdf"], runs=1)  # warm: matplotlib's font cache
        shutil.rmtree(root / "build", ignore_errors=True)
        full, result = best_run_in(root, follow, runs=1)
        lines = result.stdout.strip().splitlines()
        print(f"  {lines[0] if lines else '(ingen utdata)'}, slutstatus {result.returncode}")
        if result.returncode != 0:
            print(result.stderr.strip()[-2000:])
        written = sorted((root / "build" / "uppfoljning").glob("*"))
        pages = ""
        pdfs = [p for p in written if p.suffix == ".pdf"]
        if pdfs:
            from uppdrag_docs.build.pdf import page_count

            pages = f", {page_count(pdfs[0].read_bytes())} sidor"
        print(
            f"samlad redovisning med diagram, Word och PDF: {decimal(full, 2)} s "
            f"(mål: under {GOAL:.0f} s, {met(full < GOAL)}){pages}"
        )
        shutil.rmtree(root / "build", ignore_errors=True)
        word, _ = best_run_in(root, [*follow, "--no-pdf"], runs=1)
        print(f"  varav utan PDF (--no-pdf): {decimal(word, 2)} s")
        best_run_in(root, follow, runs=1)
        again, _ = best_run_in(root, follow, runs=3)
        print(f"  ombygge när inget har ändrats: {decimal(again, 2)} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
