"""One writer at a time: the lock a run takes before it writes, naming its holder.

A run that writes (`uppdrag build`, `uppföljning`, `inläs`, `blankett`, a meeting's documents,
`webb`) first takes the lock of the repository, a build that of its output folder first (`webb`
that of the folder its site is staged in): the file `.uppdrag-las` in the folder, locked with
`fcntl.flock`. The kernel lets go of a flock when its holder ends, however it ends (SIGKILL
too), so the lock of a dead holder is taken over at once and only a live holder is waited for.
The file names its holder (process id and start time, host, command, since when), which a run
that has waited a second says: "väntar på ett annat bygge i build/ (uppdrag build, process 4711
på ci-3, sedan 2027-03-01 10:02:03)". The file exists only while the lock is held: the holder
removes it before letting go, and a run that got the lock of a file removed under it tries again
with the new one.

Within one process the lock is re-entrant in the thread that holds it (a meeting's build holds
it while its uppdrag are built) and other threads wait as other processes do.

Elsewhere: flock is POSIX (Linux, macOS, the BSDs); on NFS, Linux turns it into a record lock
that the server keeps. Windows has no `fcntl`, and there no lock is taken: runs are not kept
apart (the tool is made for and tested on Linux). A folder the run may not create a file in
(a read-only checkout built into another folder) is not locked: nothing is written there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import socket
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from uppdrag_docs.errors import UppdragError
from uppdrag_docs.files import display_path, os_error_text, process_start

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = ".uppdrag-las"
PATIENCE = 1.0
"""Seconds a run waits in silence before it says what it waits for."""
POLL = 0.05
BUILDING = ("uppdrag build", "uppdrag uppföljning", "uppdrag webb")
"""The commands whose run is a build, to the one waiting for it."""
_UNWRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}

Say = Callable[[str], None]


def quiet(message: str) -> None:
    """For a caller (a library's) that hears nothing while it waits."""


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as its file says."""

    pid: int
    command: str
    host: str
    since: str
    start: str | None = None

    @classmethod
    def me(cls, command: str) -> Holder:
        now = dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
        pid = os.getpid()
        return cls(pid, command, socket.gethostname(), now, process_start(pid))

    @classmethod
    def read(cls, path: Path) -> Holder | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                int(data["pid"]),
                str(data["kommando"]),
                str(data["värd"]),
                str(data["sedan"]),
                data.get("start"),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # not written yet, or gone

    def text(self) -> bytes:
        record = {
            "pid": self.pid,
            "start": self.start,
            "värd": self.host,
            "kommando": self.command,
            "sedan": self.since,
        }
        return (json.dumps(record, ensure_ascii=False) + "\n").encode()


def waiting_text(folder: Path, holder: Holder | None) -> str:
    """What a run says while it waits for `holder` to finish in `folder`."""
    shown = display_path(folder)
    where = f"{folder if shown == Path() else shown}/"
    if holder is None:
        return f"väntar på en annan körning av uppdrag i {where}"
    what = "ett annat bygge" if holder.command.startswith(BUILDING) else "en annan körning"
    return (
        f"väntar på {what} i {where} ({holder.command}, process {holder.pid} på "
        f"{holder.host}, sedan {holder.since})"
    )


@contextlib.contextmanager
def hold(folders: Iterable[Path], command: str, say: Say) -> Iterator[None]:
    """Hold the lock of each folder in `folders` (which exist) while the block runs; `say` is
    told once what the run waits for, when it has waited a second.

    The locks are taken in the order given: a build gives its output folder, then the
    repository, so that it says it waits for the build in its output folder; with every
    caller giving that order, two runs never each hold what the other waits for.
    """
    with contextlib.ExitStack() as stack:
        for folder in dict.fromkeys(f.resolve() for f in folders):
            stack.enter_context(_Lock.of(folder).held(command, say))
        yield


class _Lock:
    """The lock of one folder in this process: a thread's re-entrant hold on its flock."""

    _all: ClassVar[dict[Path, _Lock]] = {}
    _guard: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / LOCK_FILE
        self.threads = threading.RLock()
        self.depth = 0
        self.fd: int | None = None

    @classmethod
    def of(cls, folder: Path) -> _Lock:
        with cls._guard:
            return cls._all.setdefault(folder, cls(folder))

    @contextlib.contextmanager
    def held(self, command: str, say: Say) -> Iterator[None]:
        if not self.threads.acquire(timeout=PATIENCE):
            say(waiting_text(self.folder, Holder.read(self.path)))
            self.threads.acquire()
        try:
            if self.depth == 0:
                self.fd = _take(self.path, Holder.me(command), say)
            self.depth += 1
            try:
                yield
            finally:
                self.depth -= 1
                if self.depth == 0 and self.fd is not None:
                    _let_go(self.path, self.fd)
                    self.fd = None
        finally:
            self.threads.release()


def _take(path: Path, me: Holder, say: Say) -> int | None:
    """The open, flocked lock file at `path`, naming `me`; None where no lock can be taken."""
    if fcntl is None:
        return None
    waited_since = time.monotonic()
    said = False
    while True:
        fd = _open(path)
        if fd is None:
            return None
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if not said and time.monotonic() - waited_since >= PATIENCE:
                        say(waiting_text(path.parent, Holder.read(path)))
                        said = True
                    time.sleep(POLL)
            if _same_file(fd, path):
                os.ftruncate(fd, 0)
                os.pwrite(fd, me.text(), 0)
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # its holder removed it as we waited: lock the one there now


def _open(path: Path) -> int | None:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno in _UNWRITABLE:
            return None
        reason = (
            "det är en symbolisk länk; ta bort den"
            if exc.errno == errno.ELOOP
            else os_error_text(exc)
        )
        raise UppdragError(f"{display_path(path)} kan inte öppnas som lås: {reason}") from exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UppdragError(
            f"{display_path(path)} är inte en vanlig fil och kan inte vara ett lås; ta bort den"
        )
    return fd


def _same_file(fd: int, path: Path) -> bool:
    try:
        now = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino)


def _let_go(path: Path, fd: int) -> None:
    """Remove the lock file, then let go of the lock: whoever waits on it tries the next."""
    try:
        if _same_file(fd, path):
            path.unlink()
    except OSError:
        pass  # a lock file left behind is taken over by the next run
    finally:
        os.close(fd)
