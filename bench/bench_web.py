"""How fast is `uppdrag webb` on a kommun's whole register, and how large are its pages?

Run from the repository root, with the package installed:

    python -m bench.bench_web [--count 100] [--providers 20] [--areas 10] [--years 3]

It builds a corpus of `--count` fastställda uppdrag (bench/corpus.py, from the example
boendestod-socialpsykiatri with its period stretched to `--years` years) in `--areas`
verksamhetsområden, each compared with two of `--providers` upphandlade utförare, and for every
year the reports egenregin delivers (bench_follow_up.make_reports), a likvärdighet file and the
förvaltning's bedömning taken by the nämnd. Then it measures, as whole processes:

- `uppdrag webb` with no output folder: a full build (goal: under 3 s, best of 3);
- `uppdrag webb` again: the no-op rebuild (goal: under 0.5 s, best of 3);
- the largest HTML page (goal: every page under 100 kB);
- `uppdrag check` on the same corpus, for comparison.

It prints the figures beside the goals and asserts nothing; the exit status is 0.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_check import decimal, met, uppdrag_command
from bench.bench_follow_up import best_run_in, make_reports
from bench.corpus import ATTACHMENTS, EXAMPLES, SHARED, make_corpus

FULL_GOAL, NOOP_GOAL, PAGE_GOAL = 3.0, 0.5, 100 * 1024
SOURCE = "boendestod-socialpsykiatri"
PROVIDER = "Humana Individ och familj AB"
FIRST_YEAR = 2027


def examples(dest: Path, years: int) -> Path:
    """The one fastställt example, its period and förväntad kostnad stretched to `years`."""
    shutil.copytree(EXAMPLES / SHARED, dest / SHARED)
    shutil.copytree(EXAMPLES / ATTACHMENTS, dest / ATTACHMENTS)
    text = (EXAMPLES / f"{SOURCE}.yaml").read_text(encoding="utf-8")
    last = FIRST_YEAR + years - 1
    text = text.replace("till: 2028-12-31", f"till: {last}-12-31", 1)
    extra = "".join(f"    {y}: 57_180_000\n" for y in range(2029, last + 1))
    text = text.replace("    2028: 57_180_000\n", "    2028: 57_180_000\n" + extra, 1)
    (dest / f"{SOURCE}.yaml").write_text(text, encoding="utf-8")
    return dest


def follow_up_files(root: Path, providers: int, areas: int, years: int) -> int:
    """Areas and utförare spread over the corpus, and each year's likvärdighet and bedömning."""
    written = 0
    paths = sorted((root / "uppdrag").rglob(f"{SOURCE}-*.yaml"))
    for n, path in enumerate(paths):
        ident = path.stem
        names = [f"Utförare {(n + k) % providers + 1} AB" for k in (0, 1)]
        text = path.read_text(encoding="utf-8")
        text = text.replace(
            "verksamhetsområde: Socialpsykiatri", f"verksamhetsområde: Område {n % areas + 1}"
        )
        text = text.replace(PROVIDER, names[0])
        path.write_text(text, encoding="utf-8")
        folder = root / "uppfoljning" / ident
        for year in range(FIRST_YEAR, FIRST_YEAR + years):
            lines = [
                "schemaversion: 1",
                f"uppdrag: {ident}",
                f"period: {year}",
                "källa: Avtalsuppföljning",
                "utförare:",
            ]
            for k, name in enumerate(names):
                lines += [
                    f"  - namn: {name}",
                    "    utfall:",
                    f"      - kriterium: KK1\n        värde: {86 + k}",
                    f"      - kriterium: KK2\n        värde: {78 + k}",
                    f"        antal_svar: {40 + k}",
                ]
            lines += [
                "referens:",
                "  - namn: Riket",
                "    utfall:",
                "      - kriterium: KK2\n        värde: 79",
            ]
            (folder / f"likvardighet-{year}.yaml").write_text(
                "\n".join(lines) + "\n", encoding="utf-8"
            )
            review = [
                "schemaversion: 1",
                f"uppdrag: {ident}",
                f"år: {year}",
                f"datum: {year + 1}-03-03",
                "beredd_av: Uppdragsansvarig, Social- och omsorgsförvaltningen",
                f"sammanträde: {year + 1}-03-16",
                "sammanfattning: Uppdraget har genomförts enligt beslut.",
                "mål:",
                "  - mål: 1\n    bedömning: uppfyllt\n    motivering: Enligt plan.",
                "  - mål: 2\n    bedömning: delvis uppfyllt\n    motivering: Nästan.",
                "förslag_till_beslut: Nämnden godkänner uppföljningen.",
            ]
            (folder / f"bedomning-{year}.yaml").write_text(
                "\n".join(review) + "\n", encoding="utf-8"
            )
            written += 2
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100, help="antal uppdrag")
    parser.add_argument("--providers", type=int, default=20, help="upphandlade utförare")
    parser.add_argument("--areas", type=int, default=10, help="verksamhetsområden")
    parser.add_argument("--years", type=int, default=3, help="år av uppföljning, minst 2")
    parser.add_argument("--runs", type=int, default=3, help="körningar per mätning")
    args = parser.parse_args(argv)

    command = uppdrag_command()
    print(f"Kommando: {' '.join(command)}")
    with tempfile.TemporaryDirectory(prefix="uppdrag-bench-") as tmp:
        root = Path(tmp) / "kommun"
        started = time.perf_counter()
        make_corpus(root, args.count, examples=examples(Path(tmp) / "exempel", args.years))
        reports = make_reports(root, 8 * args.years)
        others = follow_up_files(root, args.providers, args.areas, args.years)
        print(
            f"Korpus: {args.count} uppdrag, {reports + others} uppföljningsfiler över "
            f"{args.years} år, {args.providers} upphandlade utförare, {args.areas} "
            f"verksamhetsområden (skapad på {decimal(time.perf_counter() - started, 1)} s)"
        )
        seconds, result = best_run_in(root, [*command, "check", "--per", "2031-01-01"], runs=1)
        print(f"uppdrag check: {decimal(seconds, 2)} s, slutstatus {result.returncode}")
        out = root / "build" / "webb"
        full, full_cpu = float("inf"), float("inf")
        for _ in range(args.runs):
            shutil.rmtree(out, ignore_errors=True)
            seconds, cpu, result = _timed(root, [*command, "webb"])
            full, full_cpu = min(full, seconds), min(full_cpu, cpu)
        if result.returncode != 0:
            print(result.stdout[-2000:] + result.stderr[-2000:])
        said = (result.stderr.strip().splitlines() or ["(ingen utdata)"])[-1]
        print(
            f"uppdrag webb, hela bygget: {decimal(full, 2)} s, CPU {decimal(full_cpu, 2)} s "
            f"(mål: under {FULL_GOAL:.0f} s, {met(full < FULL_GOAL)}); {said}"
        )
        noop, noop_cpu = float("inf"), float("inf")
        for _ in range(args.runs):
            seconds, cpu, result = _timed(root, [*command, "webb"])
            noop, noop_cpu = min(noop, seconds), min(noop_cpu, cpu)
        print(
            f"uppdrag webb, oförändrat: {decimal(noop, 2)} s, CPU {decimal(noop_cpu, 2)} s "
            f"(mål: under {decimal(NOOP_GOAL, 1)} s, {met(noop < NOOP_GOAL)})"
        )
        pages = sorted(out.rglob("*.html"), key=lambda p: p.stat().st_size)
        if not pages:
            print("Inga sidor byggdes")
            return 0
        largest = pages[-1]
        size = largest.stat().st_size
        print(
            f"Största sidan: {largest.relative_to(out)}, {decimal(size / 1024, 1)} KiB av "
            f"{len(pages)} sidor (mål: under 100 KiB, {met(size < PAGE_GOAL)})"
        )
    return 0


def _timed(
    root: Path, args: Sequence[str]
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall-clock and CPU seconds (user and system) of one run: on a shared machine the CPU
    time says what the wall clock cannot. It counts the child that makes half of the files
    (web/workers.py), so on two free cores it is more than the wall clock."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(args, cwd=root, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, result


if __name__ == "__main__":
    sys.exit(main())
