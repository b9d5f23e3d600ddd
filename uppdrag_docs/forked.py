"""Work shared with one forked child on Linux with more than one core, for a run over many
files: `uppdrag check` runs the guideline's rules on 200 uppdrag in two processes.

The child is forked after everything the jobs need is read and imported, so it starts with the
parent's memory and nothing is sent to it; it runs every other job, sends the results back
pickled through a pipe and ends with `os._exit`, which runs none of the parent's cleanup. A job
gives the same result in either process, so the results never depend on the split, and they
come back in the order of the jobs. Where fork is missing or unsafe (not Linux, or the process
has other threads, as `uppdrag webb --serve` has), for fewer jobs than pay for a fork, or when
the child fails, the jobs run here, and an error of the child's share is raised here, where it
is reported as any other.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import IO, NoReturn, TypeVar

T = TypeVar("T")


def run_shared(jobs: Sequence[Callable[[], T]], *, at_least: int) -> list[T]:
    """Every job's result, in the order of `jobs`; shared with a child from `at_least` jobs."""
    if len(jobs) < max(at_least, 2) or not _can_fork():
        return [job() for job in jobs]
    mine, theirs = jobs[0::2], jobs[1::2]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(theirs, write_end)
    os.close(write_end)
    returned: list[T] | None = None
    with os.fdopen(read_end, "rb") as pipe:
        try:
            ours = [job() for job in mine]
            returned = _received(pipe, len(theirs))
        finally:
            pipe.close()  # a child still writing gets a broken pipe and ends
            _, status = os.waitpid(pid, 0)
    if returned is None or status != 0:
        returned = [job() for job in theirs]
    first, second = iter(ours), iter(returned)
    return [next(second) if i % 2 else next(first) for i in range(len(jobs))]


def _child(jobs: Sequence[Callable[[], T]], write_end: int) -> NoReturn:
    code = 1
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump([job() for job in jobs], pipe, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)  # whatever happened: the parent runs the share again and reports it


def _received(pipe: IO[bytes], count: int) -> list[T] | None:
    try:
        results = pickle.load(pipe)  # from our own child, made of our own objects
    except (EOFError, OSError, pickle.UnpicklingError):
        return None
    return results if isinstance(results, list) and len(results) == count else None


def _can_fork() -> bool:
    return (
        sys.platform == "linux"
        and threading.active_count() == 1
        and len(os.sched_getaffinity(0)) > 1
    )
