"""The benchmarks still run: each on a small corpus, so that a change that breaks one (as
build's refusal to overwrite files it did not make once broke `bench_build`) is seen in CI and
not first when someone measures. Only that they finish and print their figures is asserted;
the figures themselves are for `make bench` on a quiet machine."""

from __future__ import annotations

import importlib
import re

import pytest

SMALL = {
    "bench_check": ["--count", "5"],
    "bench_follow_up": ["--count", "3", "--reports", "4"],
    "bench_build": ["--count", "2", "--naive", "1"],
    "bench_samlad": ["--count", "2", "--reports", "4"],
    "bench_meeting": ["--runs", "1"],
    "bench_diff": ["--count", "20", "--changed", "2"],
    "bench_web": ["--count", "3", "--years", "2", "--runs", "1"],
}
"""Each benchmark with arguments that make it small; a benchmark missing here fails the test
below, so a new one is run too."""


def test_every_benchmark_is_run_here() -> None:
    from pathlib import Path

    bench = Path(__file__).resolve().parents[1] / "bench"
    assert {p.stem for p in bench.glob("bench_*.py")} == set(SMALL)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SMALL))
def test_a_benchmark_runs_and_prints_its_figures(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    module = importlib.import_module(f"bench.{name}")
    assert module.main(SMALL[name]) in (0, None)
    printed = capsys.readouterr().out
    assert re.search(r"\d+(,\d+)? (s|ms|filer/s|KiB|×)", printed), printed
