"""Work shared with one forked child on Linux with more than one core, for a run over many
files: `uppdrag check` runs the guideline's rules on 200 uppdrag in two processes.

The child is forked after everything the jobs need is read and imported, so it starts with the
parent's memory and nothing is sent to it. The two take the jobs from one queue, a pipe holding
their numbers, as each is ready for the next, so a slower process (its core busy, its files
longer) takes fewer. The child sends its results back pickled through a pipe and ends with
`os._exit`, which runs none of the parent's cleanup. A job gives the same result in either
process, so the results never depend on the split, and they come back in the order of the jobs.
Where fork is missing or unsafe (not Linux, or the process has other threads, as `uppdrag webb
--serve` has), or for fewer jobs than pay for a fork, the jobs run here; when the child fails,
the jobs it took are made here again, and an error of one of them is raised here, where it is
reported as any other.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn, TypeVar

T = TypeVar("T")


_RECORD = 2
"""Bytes of one entry in the queue of work: the number of a batch of jobs."""

_BATCHES = 2048
"""Batches at most, so that the whole queue (4 096 bytes, PIPE_BUF on Linux) is written into its
pipe at once, before the fork, and each read of one entry takes one whole entry."""


def run_shared(jobs: Sequence[Callable[[], T]], *, at_least: int) -> list[T]:
    """Every job's result, in the order of `jobs`; shared with a child from `at_least` jobs.

    Python's garbage collector does not run while the jobs do, nor right after them: what they
    make is kept, so a collection would walk objects that are all in use (a quarter of the time
    of reading 3 105 follow-up files; 10-20 ms for each collection of the young objects in
    `uppdrag check` of 200 uppdrag). Afterwards they join the oldest generation uncollected,
    as survivors of collections would have; the few dozen objects in cycles that reading
    leaves are taken by its next collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(jobs, at_least=at_least)
    finally:
        gc.freeze()  # every object to the permanent generation, the count of new ones to 0,
        gc.unfreeze()  # and from there to the oldest generation
        if enabled:
            gc.enable()


def _run(jobs: Sequence[Callable[[], T]], *, at_least: int) -> list[T]:
    if len(jobs) < max(at_least, 2) or not _can_fork():
        return [job() for job in jobs]
    batches = _batches(len(jobs))
    try:
        queue, read_end, pid = _forked(jobs, batches)
    except OSError:  # no process or pipe to be had (a limit of the system): the jobs run here
        return [job() for job in jobs]
    made: dict[int, T] = {}
    received = _Received(read_end, len(jobs))
    try:
        for n in _taken(queue, batches):
            made[n] = jobs[n]()
            received.take()
        received.rest()
    finally:
        os.close(queue)
        os.close(read_end)  # a child still writing gets a broken pipe and ends
        os.waitpid(pid, 0)
    made.update(received.results)  # each whole, even from a child that failed later
    return [made[n] if n in made else job() for n, job in enumerate(jobs)]


def _forked(jobs: Sequence[Callable[[], T]], batches: Sequence[range]) -> tuple[int, int, int]:
    """The queue of work, filled, and the end the child's results come from, and the child's
    process id; a pipe or fork that fails closes what was opened before it raises. The child
    never returns: interrupted (Ctrl-C) before the try that ends it, it ends here."""
    parent = os.getpid()
    opened: list[int] = []
    try:
        opened += os.pipe()
        queue, feed = opened
        os.write(feed, b"".join(n.to_bytes(_RECORD, "little") for n in range(len(batches))))
        os.close(opened.pop())  # the feed: a read of the empty queue then ends
        opened += os.pipe()
        _, read_end, write_end = opened
        pid = os.fork()
        if pid == 0:
            _child(jobs, batches, queue, read_end, write_end)
    except BaseException:
        if os.getpid() != parent:
            os._exit(1)  # as the child ends: its jobs are made in the parent
        for fd in opened:
            os.close(fd)
        raise
    os.close(write_end)
    return queue, read_end, pid


def _batches(count: int) -> list[range]:
    size = -(-count // _BATCHES)
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def _taken(queue: int, batches: Sequence[range]) -> Iterator[int]:
    """The jobs of each batch this process takes from the queue, until it is empty: the two
    processes take turns as each gets through its last, so neither waits for the other while
    jobs are left, however unevenly long they are."""
    while entry := os.read(queue, _RECORD):
        yield from batches[int.from_bytes(entry, "little")]


_LENGTH = 4
"""Bytes of the length before each result the child sends."""


def _child(
    jobs: Sequence[Callable[[], T]],
    batches: Sequence[range],
    queue: int,
    read_end: int,
    write_end: int,
) -> NoReturn:
    """Make the jobs the child takes, each result sent as soon as it is made, pickled with
    its length before it: the parent unpickles them between its own jobs, not all at the end."""
    code = 1
    try:
        os.close(read_end)  # in the try: whatever happens in the child ends in os._exit
        with os.fdopen(write_end, "wb") as pipe:
            for n in _taken(queue, batches):
                data = pickle.dumps((n, jobs[n]()), protocol=pickle.HIGHEST_PROTOCOL)
                pipe.write(len(data).to_bytes(_LENGTH, "little") + data)
                pipe.flush()  # whole, however the pipe takes it
        code = 0
    finally:
        os._exit(code)  # whatever happened: the parent makes what did not come back and reports it


class _Received:
    """The results the child has sent, as they arrive."""

    def __init__(self, pipe: int, count: int) -> None:
        self.pipe, self.count = pipe, count
        self.results: dict[int, Any] = {}
        self.buffer = bytearray()
        self.ended = False
        os.set_blocking(pipe, False)

    def take(self) -> None:
        """Unpickle every whole result that has arrived."""
        while not self.ended:
            try:
                data = os.read(self.pipe, 1 << 16)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                self.ended = True
            self.buffer += data
            self._unpickled()

    def rest(self) -> None:
        """Every result still to come, until the child closes its end."""
        os.set_blocking(self.pipe, True)
        self.take()

    def _unpickled(self) -> None:
        buffer, at = self.buffer, 0
        while len(buffer) - at >= _LENGTH:
            length = int.from_bytes(buffer[at : at + _LENGTH], "little")
            if len(buffer) - at - _LENGTH < length:
                break
            start = at + _LENGTH
            try:  # from our own child, made of our own objects
                n, result = pickle.loads(buffer[start : start + length])
            except (pickle.UnpicklingError, ValueError, TypeError, EOFError):
                self.ended = True  # not what our child writes: make the rest here
                return
            if type(n) is int and 0 <= n < self.count:
                self.results[n] = result
            at = start + length
        del buffer[:at]


def _can_fork() -> bool:
    return (
        sys.platform == "linux"
        and threading.active_count() == 1
        and len(os.sched_getaffinity(0)) > 1
    )
