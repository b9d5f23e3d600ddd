"""How fast is `uppdrag check` on a realistic repository, and how fast does `uppdrag` start?

Run from the repository root, with the package installed:

    python bench/bench_check.py [--count 200] [--seed 0] [--mot REV]
    python -m bench.bench_check [--count 200] [--mot HEAD~1]

It builds a corpus of `--count` uppdrag in a temporary folder (bench/corpus.py) and prints, in
Swedish, next to the goals:

- `uppdrag check <corpus>/uppdrag` as a whole process, best of 3, with Python's bytecode
  written by a first run that is not counted, as an installed wheel has it: files per second
  (goal: at least 400 files/s), and the cores it had (check shares the files with a forked
  process from `SHARED_FROM` uppdrag); with `--mot REV`, the same for commit REV, the two taking
  turns run by run (bench/against.py), and the ratio between them;
- `uppdrag --help` as a whole process, best of 5 (goal: under 150 ms);
- for context, the time per file of ruamel.yaml's round-trip loader against the C parser's
  `compose` on one example file; and the time of `uppdrag_docs.format.document` itself (libyaml's
  events read once, then data and positions built from them without the composer).

The processes run the `uppdrag` script installed beside this Python, not a pyenv shim, whose own
start-up would be counted otherwise. Nothing is asserted; the exit status is 0.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.against import checkout, environment, module_command, short
from bench.corpus import EXAMPLES, make_corpus
from uppdrag_docs.trust.checks import SHARED_FROM

CHECK_GOAL = 400.0
"""Files per second that `uppdrag check` should reach at least."""

HELP_GOAL = 0.150
"""Seconds that `uppdrag --help` should stay under."""

SAMPLE = EXAMPLES / "hemtjanst-norr.yaml"


def uppdrag_command() -> list[str]:
    """The installed `uppdrag` script of this Python, or `python -m uppdrag_docs`."""
    script = Path(sys.executable).parent / "uppdrag"
    if script.is_file():
        return [str(script)]
    found = shutil.which("uppdrag")
    return [found] if found else [sys.executable, "-m", "uppdrag_docs"]


def best_run(
    args: Sequence[str], runs: int, env: dict[str, str] | None = None
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """The shortest wall-clock time of `runs` runs of a process, and the last run's result."""
    best = float("inf")
    result: subprocess.CompletedProcess[str] | None = None
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(args, capture_output=True, text=True, check=False, env=env)
        best = min(best, time.perf_counter() - started)
    assert result is not None
    return best, result


def compared(
    args: Sequence[str], source: Path | None, runs: int, *, theirs: Sequence[str] | None = None
) -> tuple[float, float | None, subprocess.CompletedProcess[str]]:
    """The best time of `args` (a command without its `uppdrag`) here and, with `source`, in
    that checkout (with `theirs` instead of `args` if given), the two taking turns after a
    warm-up run each; and this side's last result."""
    sides = [([*module_command(), *args], environment())]
    if source is not None:
        sides.append(([*module_command(), *(theirs or args)], environment(source)))
    best = [float("inf")] * len(sides)
    last: subprocess.CompletedProcess[str] | None = None
    for round_ in range(runs + 1):
        for i, (command, env) in enumerate(sides):
            started = time.perf_counter()
            result = subprocess.run(  # not in the project, whose package `-m` would find first
                command,
                capture_output=True,
                text=True,
                check=False,
                env=env,
                cwd=tempfile.gettempdir(),
            )
            if round_:  # the first round writes the bytecode caches
                best[i] = min(best[i], time.perf_counter() - started)
            if i == 0:
                last = result
            elif result.returncode != 0 and not round_:
                print(f"  varning: den andra revisionen slutade med {result.returncode}:")
                print("  " + (result.stderr or result.stdout).strip()[-500:])
    assert last is not None
    return best[0], (best[1] if source is not None else None), last


def ratio_line(label: str, ours: float, theirs: float | None, rev: str | None) -> None:
    """`mot REV: x s, kvot y` beside a figure, when there is another commit to compare with."""
    if theirs is None or rev is None:
        return
    print(
        f"  {label} för {short(rev)}: {decimal(theirs, 3)} s; "
        f"kvot {decimal(theirs / ours, 2)} (över 1: snabbare nu)"
    )


def per_call(*funcs: Callable[[], object], repeat: int = 7, number: int = 10) -> list[float]:
    """Seconds per call of each function: the best of `repeat` rounds of `number` calls each.

    The functions take turns round by round, so a busy moment of the machine hits them alike.
    """
    best = [float("inf")] * len(funcs)
    for _ in range(repeat):
        for i, func in enumerate(funcs):
            started = time.perf_counter()
            for _ in range(number):
                func()
            best[i] = min(best[i], (time.perf_counter() - started) / number)
    return best


def decimal(value: float, decimals: int) -> str:
    """A number with a decimal comma, as Swedish is written."""
    return f"{value:.{decimals}f}".replace(".", ",")


def met(ok: bool) -> str:
    return "uppfyllt" if ok else "INTE uppfyllt"


def bench_check(corpus: Path, count: int, source: Path | None, rev: str | None) -> None:
    seconds, theirs, result = compared(["check", str(corpus / "uppdrag")], source, runs=3)
    rate = count / seconds
    print(
        f"uppdrag check: {count} filer på {decimal(seconds, 2)} s "
        f"= {rate:.0f} filer/s "
        f"(mål: minst {CHECK_GOAL:.0f} filer/s, {met(rate >= CHECK_GOAL)})"
    )
    print(
        f"  som en installation kör: bytekoden skriven i en första körning som inte räknas, "
        f"{_cores()} kärnor (check delar filerna med en förgrenad process från "
        f"{SHARED_FROM} uppdrag)"
    )
    summary = result.stdout.strip().splitlines()[-1:] or ["(ingen utdata)"]
    print(f"  slutstatus {result.returncode}: {summary[0]}")
    ratio_line("samma kontroll", seconds, theirs, rev)
    if result.returncode != 0:
        print("  varning: korpusen borde inte ge några fel; mätningen räknar då fel", flush=True)
        print(result.stderr.strip()[-2000:])


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def bench_help(command: list[str]) -> None:
    seconds, result = best_run([*command, "--help"], runs=5)
    print(
        f"uppdrag --help: {decimal(seconds * 1000, 0)} ms "
        f"(mål: under {HELP_GOAL * 1000:.0f} ms, {met(seconds < HELP_GOAL)})"
    )
    baseline, _ = best_run([sys.executable, "-c", "pass"], runs=5)
    print(f"  varav Pythons egen start (python -c pass): {decimal(baseline * 1000, 0)} ms")
    if result.returncode != 0:
        print(f"  varning: slutstatus {result.returncode}")


def bench_yaml(sample: Path) -> None:
    from ruamel.yaml import YAML

    text = sample.read_text(encoding="utf-8")
    from uppdrag_docs.format.document import Document, parse_into

    raw = text.encode()
    round_trip, compose, ours = per_call(
        lambda: YAML().load(text),
        lambda: YAML(typ="safe", pure=False).compose(text),
        lambda: parse_into(Document(sample), raw),
    )
    print(
        f"ruamel.yaml på {sample.name} ({len(raw) // 1024} kB): "
        f"round-trip-läsning {decimal(round_trip * 1000, 1)} ms/fil, "
        f"C-parserns compose {decimal(compose * 1000, 1)} ms/fil, "
        f"kvot {decimal(round_trip / compose, 1)}"
    )
    print(
        "  uppdrag_docs.format.document (händelser, data och positioner): "
        f"{decimal(ours * 1000, 1)} ms/fil"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mät uppdrag check och uppdrag --help.")
    parser.add_argument("--count", type=int, default=200, help="antal uppdrag i korpusen")
    parser.add_argument("--seed", type=int, default=0, help="frö för korpusen")
    parser.add_argument("--mot", metavar="REV", help="jämför med git-revisionen REV, t.ex. HEAD~1")
    args = parser.parse_args(argv)

    command = uppdrag_command()
    print(f"Kommando: {' '.join(command)}")
    with tempfile.TemporaryDirectory(prefix="uppdrag-bench-") as tmp:
        corpus = Path(tmp) / "kommun"
        started = time.perf_counter()
        make_corpus(corpus, args.count, seed=args.seed)
        built = time.perf_counter() - started
        print(f"Korpus: {args.count} uppdrag i {corpus} (skapad på {decimal(built, 1)} s)")
        with contextlib.ExitStack() as stack:
            source = stack.enter_context(checkout(args.mot)) if args.mot else None
            bench_check(corpus, args.count, source, args.mot)
    bench_help(command)
    bench_yaml(SAMPLE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
