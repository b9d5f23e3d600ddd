"""How fast is `uppdrag diff A B` when a few of many uppdrag changed?

Run from the repository root, with the package installed:

    python -m bench.bench_diff [--count 1000] [--changed 10]

It builds a corpus of `--count` uppdrag (bench/corpus.py) in a temporary git repository,
commits it, changes `--changed` of them (a quality criterion's target, as a reviewer would see
in a pull request) and commits again. In the same run it measures, each as a whole process:
- the comparison as it was, every uppdrag of both revisions read (once);
- `uppdrag diff HEAD~1 HEAD --format markdown`, which reads only the changed files (best of 3);
and prints, in Swedish, the wall-clock time and the peak memory (maximum resident set size)
next to the goal (under 1,5 s). A last case changes `upprakning.yaml`, which every uppdrag
uses, so that all of them are read, for context. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable from the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_check import decimal, met, uppdrag_command
from bench.corpus import make_corpus

GOAL = 1.5
"""Seconds `uppdrag diff` may take on 1 000 uppdrag with 10 changed."""

_TARGET = re.compile(r"(\n +minst: )(\d+)")

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.se",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.se",
}


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, env={**os.environ, **GIT_ENV}, check=True)


def _commit(root: Path, message: str) -> None:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", message)


def _change_criteria(root: Path, count: int) -> None:
    """Raise one criterion's target in `count` uppdrag: no money moves, as in many reviews."""
    files = sorted((root / "uppdrag").rglob("*.yaml"))
    files = [p for p in files if "gemensamt" not in p.parts]
    step = max(1, len(files) // count)
    changed = 0
    for path in files[::step]:
        text = path.read_text(encoding="utf-8")
        new = _TARGET.sub(lambda m: f"{m[1]}{int(m[2]) - 1}", text, count=1)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
        if changed == count:
            return
    raise SystemExit(f"korpusen har inte {count} uppdrag med ett målvärde att ändra")


EVERYTHING = """
from pathlib import Path
from uppdrag_docs.diff.changes import compare
from uppdrag_docs.diff.comment import render_markdown
from uppdrag_docs.diff.versions import load, resolve
old, new = resolve("HEAD~1", "HEAD", cwd=Path.cwd())
for version in (old, new):
    load(version, version.files)
print(render_markdown(compare(old, new)))
"""
"""The comparison as it was before issue 16: every uppdrag of both revisions read."""


def _run(command: list[str], root: Path) -> tuple[float, float, str]:
    """Wall-clock seconds, peak memory (maximum resident set size) in MB, standard output."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)  # this child's own resource usage
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode not in (0, 1):
        print(f"  varning: slutstatus {process.returncode}")
    return seconds, usage.ru_maxrss / 1024, out


def _timed(command: list[str], root: Path, runs: int = 3) -> tuple[float, float, str]:
    """Best wall-clock seconds and its peak memory of `runs` runs, and the summary line."""
    best: tuple[float, float, str] = (float("inf"), 0.0, "")
    for _ in range(runs):
        seconds, peak, out = _run(command, root)
        if seconds < best[0]:
            first = next((line for line in out.splitlines() if line.startswith("Jämför")), "")
            best = (seconds, peak, first)
    return best


def _figures(measured: tuple[float, float, str]) -> str:
    return f"{decimal(measured[0], 2)} s, högst {measured[1]:.0f} MB minne"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mät uppdrag diff på många uppdrag.")
    parser.add_argument("--count", type=int, default=1000, help="antal uppdrag i korpusen")
    parser.add_argument("--changed", type=int, default=10, help="antal ändrade uppdrag")
    args = parser.parse_args(argv)

    command = [*uppdrag_command(), "diff", "HEAD~1", "HEAD", "--format", "markdown"]
    print(f"Kommando: {' '.join(command)}")
    with tempfile.TemporaryDirectory(prefix="uppdrag-bench-") as tmp:
        root = make_corpus(Path(tmp) / "kommun", args.count)
        _git(root, "init", "-q", "-b", "main")
        _commit(root, "Korpus")
        _change_criteria(root, args.changed)
        _commit(root, "Målvärden")
        print(f"uppdrag diff HEAD~1 HEAD, {args.count} uppdrag varav {args.changed} ändrade:")
        before = _timed([sys.executable, "-c", EVERYTHING], root, runs=1)
        after = _timed(command, root)
        print(f"  som förut, alla {2 * args.count} versioner lästa: {_figures(before)}")
        print(
            f"  bara de ändrade filerna lästa: {_figures(after)} "
            f"(mål: under {decimal(GOAL, 1)} s, {met(after[0] < GOAL)})"
        )
        print(f"  {after[2]}")

        index = root / "uppdrag" / "gemensamt" / "upprakning.yaml"
        text = index.read_text(encoding="utf-8")
        index.write_text(text.replace("personal: 0.035", "personal: 0.037", 1), encoding="utf-8")
        _commit(root, "Index")
        seconds, peak, first = _timed(command, root, runs=1)
        print(f"uppdrag diff HEAD~1 HEAD när upprakning.yaml ändras (alla {args.count} läses):")
        print(f"  {_figures((seconds, peak, first))}")
        print(f"  {first}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
