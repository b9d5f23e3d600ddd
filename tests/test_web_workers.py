"""The register's work shared with a forked child (web/workers.py): the same results in the same
order whichever process made them, the child's share made again here when the child fails, and
the same site either way."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

from uppdrag_docs.web import workers
from uppdrag_docs.web.workers import run_shared

from .web_support import example_repository

forks = pytest.mark.skipif(
    not workers._can_fork(), reason="a child is forked only on Linux with more than one core"
)


def _made(n: int) -> tuple[int, int]:
    return n, os.getpid()


@forks
def test_every_other_result_comes_from_one_child_in_the_order_of_the_jobs() -> None:
    made = run_shared([functools.partial(_made, n) for n in range(5)])
    assert [n for n, _ in made] == [0, 1, 2, 3, 4]
    here = os.getpid()
    assert [pid for _, pid in made[0::2]] == [here, here, here]
    children = {pid for _, pid in made[1::2]}
    assert len(children) == 1
    assert here not in children


@forks
def test_a_share_that_fails_in_the_child_is_made_here() -> None:
    here = os.getpid()

    def job() -> int:
        if os.getpid() != here:
            raise RuntimeError("bara i barnet")
        return 7

    assert run_shared([job, job, job]) == [7, 7, 7]


@pytest.mark.parametrize("failing", [0, 1])
def test_an_error_in_a_job_is_raised_here(failing: int) -> None:
    def job(n: int) -> int:
        if n == failing:
            raise ValueError(f"jobb {n}")
        return n

    with pytest.raises(ValueError, match=f"jobb {failing}"):
        run_shared([functools.partial(job, n) for n in range(4)])


def test_the_site_is_the_same_made_in_one_process_or_two(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = example_repository(tmp_path)
    site.build()
    shared = site.files()
    monkeypatch.setattr(workers, "_can_fork", lambda: False)
    site.build(out=tmp_path / "en-process")
    alone = {
        p.relative_to(tmp_path / "en-process").as_posix(): p.read_bytes()
        for p in (tmp_path / "en-process").rglob("*")
        if p.is_file()
    }
    assert alone == shared
    assert len(shared) > 20
