"""`uppdrag check` shares the files with a forked child when there are many (forked.py): the
same findings at the same places, the same loaded uppdrag and follow-up files as in one
process, the results in the order of the jobs, the child's share made again here when the child
fails, and a document that comes back pickled is the document that was read."""

from __future__ import annotations

import functools
import gc
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from uppdrag_docs import forked
from uppdrag_docs.follow_up.periods import today
from uppdrag_docs.follow_up.review import check, read_all
from uppdrag_docs.forked import run_shared
from uppdrag_docs.format.document import read_document
from uppdrag_docs.trust import checks

from .conftest import PROJECT, changed

forks = pytest.mark.skipif(
    not forked._can_fork(), reason="a child is forked only on Linux with more than one core"
)


def _taken_by(other: Path) -> None:
    """Wait until the other process has taken a job: the two take jobs from one queue as each
    is ready, and quick jobs could otherwise all go to one of them."""
    for _ in range(3000):
        if other.exists():
            return
        time.sleep(0.01)
    pytest.fail(f"den andra processen tog inget jobb på 30 sekunder ({other.name})")


def _made(n: int, here: int, folder: Path) -> tuple[int, int]:
    mine, other = ("föräldern", "barnet") if os.getpid() == here else ("barnet", "föräldern")
    (folder / mine).touch()
    _taken_by(folder / other)
    return n, os.getpid()


@forks
def test_the_jobs_are_shared_with_one_child_and_come_back_in_their_order(
    tmp_path: Path,
) -> None:
    here = os.getpid()
    made = run_shared([functools.partial(_made, n, here, tmp_path) for n in range(5)], at_least=2)
    assert [n for n, _ in made] == [0, 1, 2, 3, 4]
    pids = {pid for _, pid in made}
    assert here in pids
    assert len(pids) == 2


def _slow_in_the_child(n: int, here: int, folder: Path) -> tuple[int, int]:
    if os.getpid() == here:
        (folder / str(n)).touch()
    else:
        for _ in range(1000):  # up to 10 s: until the parent has made four
            if len(list(folder.iterdir())) >= 4:
                break
            time.sleep(0.01)
    return n, os.getpid()


@forks
def test_a_slow_process_takes_fewer_jobs(tmp_path: Path) -> None:
    here = os.getpid()
    jobs = [functools.partial(_slow_in_the_child, n, here, tmp_path) for n in range(5)]
    made = run_shared(jobs, at_least=2)
    assert [n for n, _ in made] == [0, 1, 2, 3, 4]
    assert sum(pid == here for _, pid in made) >= 4  # every other job would give it three


@forks
def test_more_jobs_than_the_queue_has_entries_are_taken_in_batches() -> None:
    assert run_shared([functools.partial(int, n) for n in range(5000)], at_least=2) == list(
        range(5000)
    )


def test_fewer_jobs_than_pay_for_a_fork_run_here(tmp_path: Path) -> None:
    (tmp_path / "barnet").touch()  # no child: nothing to wait for
    made = run_shared(
        [functools.partial(_made, n, os.getpid(), tmp_path) for n in range(5)], at_least=6
    )
    assert made == [(n, os.getpid()) for n in range(5)]


@forks
def test_the_jobs_a_failing_child_took_are_made_here(tmp_path: Path) -> None:
    here, marker = os.getpid(), tmp_path / "barnet"

    def job() -> int:
        if os.getpid() != here:
            marker.touch()
            raise RuntimeError("bara i barnet")
        _taken_by(marker)
        return 7

    assert run_shared([job, job, job], at_least=2) == [7, 7, 7]


@forks
def test_what_a_child_made_before_it_failed_is_kept(tmp_path: Path) -> None:
    here, made_one, failed = os.getpid(), tmp_path / "barnet", tmp_path / "barnet-fel"

    def job(n: int) -> tuple[int, int]:
        if os.getpid() == here:
            _taken_by(failed)  # the child has made one job and failed at its second
        elif made_one.exists():
            failed.touch()
            raise RuntimeError("barnets andra jobb")
        else:
            made_one.touch()
        return n, os.getpid()

    made = run_shared([functools.partial(job, n) for n in range(4)], at_least=2)
    assert [n for n, _ in made] == [0, 1, 2, 3]
    assert sum(pid != here for _, pid in made) == 1


@forks
def test_what_the_child_sends_that_is_no_result_is_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forked.pickle, "dumps", lambda *_args, **_kwargs: b"\x80\x05trasig")
    here = os.getpid()
    made = run_shared([functools.partial(_made, n, here, tmp_path) for n in range(6)], at_least=2)
    assert made == [(n, here) for n in range(6)]


@pytest.mark.parametrize("at_least", [2, 100])
@pytest.mark.parametrize("enabled", [True, False])
def test_no_garbage_collection_runs_while_the_jobs_do(at_least: int, enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        collections = gc.get_stats()[0]["collections"]
        made = run_shared([gc.isenabled] * 3, at_least=at_least)
        assert made == [False, False, False]
        assert gc.get_stats()[0]["collections"] == collections
        assert gc.isenabled() is enabled
        assert gc.get_count()[0] < 100  # what the jobs made joined the oldest generation
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("failing", [0, 1])
def test_an_error_in_a_job_is_raised_here(failing: int) -> None:
    def job(n: int) -> int:
        if n == failing:
            raise ValueError(f"jobb {n}")
        return n

    with pytest.raises(ValueError, match=f"jobb {failing}"):
        run_shared([functools.partial(job, n) for n in range(4)], at_least=2)


def test_a_document_comes_back_from_pickle_as_it_was_read() -> None:
    doc = read_document(PROJECT / "uppdrag" / "hemtjanst-norr.yaml", root=PROJECT)
    again = pickle.loads(pickle.dumps(doc))
    assert again == doc
    assert (again.raw, list(again.values), list(again.keys)) == (
        doc.raw,
        list(doc.values),
        list(doc.keys),
    )


def test_check_finds_the_same_in_one_process_or_two(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "kommun"
    shutil.copytree(PROJECT / "uppdrag", root / "uppdrag")
    shutil.copytree(PROJECT / "uppfoljning", root / "uppfoljning")
    norr = root / "uppdrag" / "hemtjanst-norr.yaml"
    broken = changed(norr.read_text(encoding="utf-8"), "status: ", "status: [", count=1)
    (root / "uppdrag" / "trasig.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.setattr(checks, "SHARED_FROM", 1_000_000)
    alone = check(root=root, per=today())
    monkeypatch.setattr(checks, "SHARED_FROM", 2)
    shared = check(root=root, per=today())
    assert shared.findings == alone.findings
    assert any(f.code == "UD101" for f in alone.findings)
    assert len(alone.loaded) >= 5
    assert list(shared.loaded) == list(alone.loaded)
    for path, loaded in alone.loaded.items():
        other = shared.loaded[path]
        assert (other.uppdrag, other.criteria, other.document) == (
            loaded.uppdrag,
            loaded.criteria,
            loaded.document,
        )
    assert len(shared.files) > len(shared.loaded) + 20  # the follow-up files, read shared too
    whole = checks.check(root=root)
    read = read_all(whole)
    monkeypatch.setattr(checks, "SHARED_FROM", 1_000_000)
    read_alone = read_all(whole)
    assert [(f.rel, f.name, f.document, f.model) for f in read.files] == [
        (f.rel, f.name, f.document, f.model) for f in read_alone.files
    ]
    assert read.findings == read_alone.findings
    assert sum(f.model is not None for f in read.files) >= 20


def _open_fds() -> list[str]:
    return sorted(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files in /proc")
@pytest.mark.parametrize("failing", ["fork", "pipe"])
def test_when_no_child_or_pipe_can_be_had_the_jobs_run_here_and_nothing_stays_open(
    failing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A limit of the system (processes: EAGAIN, open files: EMFILE) is no error of the check:
    before, the fork's error was an internal error and the two pipes stayed open."""
    pipe = os.pipe
    calls = []

    def second_pipe_fails() -> tuple[int, int]:
        calls.append(1)
        if len(calls) == 2:
            raise OSError(24, "Too many open files")
        return pipe()

    def fork_fails() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(forked, "_can_fork", lambda: True)
    if failing == "fork":
        monkeypatch.setattr(forked.os, "fork", fork_fails)
    else:
        monkeypatch.setattr(forked.os, "pipe", second_pipe_fails)
    before = _open_fds()
    made = run_shared([functools.partial(divmod, n, 1) for n in range(5)], at_least=2)
    assert made == [(n, 0) for n in range(5)]
    assert _open_fds() == before


_INTERRUPTED_CHILD = """
import atexit, functools, os, sys
from uppdrag_docs import forked

fork = os.fork
here = os.getpid()

def interrupted_fork():
    pid = fork()
    if pid == 0:
        raise KeyboardInterrupt  # Ctrl-C as the child starts, before its own try
    return pid

forked.os.fork = interrupted_fork
forked._can_fork = lambda: True
atexit.register(lambda: print("slut", "förälder" if os.getpid() == here else "barn"))
try:
    print(forked.run_shared([functools.partial(int, n) for n in range(4)], at_least=2))
except KeyboardInterrupt:
    print("avbrutet", "förälder" if os.getpid() == here else "barn")
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks")
def test_a_child_interrupted_as_it_starts_ends_there(tmp_path: Path) -> None:
    """Ctrl-C reaches the child before its own try: it ended as a second copy of the command,
    which said it was interrupted and ran the parent's exit handlers (the build lock's)."""
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_CHILD],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    assert (done.returncode, done.stdout.splitlines()) == (0, ["[0, 1, 2, 3]", "slut förälder"])
