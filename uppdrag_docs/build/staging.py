"""A build's own folder inside the output folder, and the clearing away of what dead builds left.

Everything a build makes (documents, PDFs, LibreOffice's profiles) is first written into
`OUT/.uppdrag-bygge-<pid>-<random>/`: on the same file system as the outputs, so a finished file
moves into place with one atomic rename, and never in the kommun's repository or in /tmp. The
folder holds `ägare.json` with the process id and its start time. A build killed with SIGKILL
cannot remove its folder, so every build first removes the folders whose process no longer
runs (a new process with the same id has another start time); a folder whose `ägare.json` is
not written yet is judged by the process id in its name, so a build that has just made its
folder keeps it.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from uppdrag_docs.files import process_alive, process_start

PREFIX = ".uppdrag-bygge-"
OWNER = "ägare.json"


def remove_dead(out: Path) -> list[Path]:
    """Remove the staging folders in `out` of builds that no longer run; return them."""
    removed = []
    for folder in sorted(out.glob(PREFIX + "*")):
        try:
            owner = json.loads((folder / OWNER).read_text(encoding="utf-8"))
            pid, started = int(owner["pid"]), owner.get("start")
        except (OSError, ValueError, KeyError, TypeError):
            pid, started = _named(folder), None  # its owner not written yet, or never
        if not process_alive(pid, started):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _named(folder: Path) -> int:
    """The process id in the folder's name, or -1."""
    pid = folder.name.removeprefix(PREFIX).split("-")[0]
    return int(pid) if pid.isdigit() else -1


class Staging:
    """`with Staging(out) as folder:` a folder of this build's own, removed when it ends."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.folder = out / f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}"

    def __enter__(self) -> Path:
        remove_dead(self.out)
        self.folder.mkdir(parents=True)
        owner = {"pid": os.getpid(), "start": process_start(os.getpid())}
        (self.folder / OWNER).write_text(json.dumps(owner), encoding="utf-8")
        return self.folder

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def made_for_a_run(folder: Path) -> Iterator[None]:
    """`folder`, made with its parents for a run; if the run fails, the folders it made go again
    while they are empty, innermost first, so that a failed first run leaves no empty `build/`.
    An `OSError` from making the folder reaches the caller, which says it in its words."""
    made = [f for f in (folder, *folder.parents) if not os.path.lexists(f)]
    folder.mkdir(parents=True, exist_ok=True)
    try:
        yield
    except BaseException:
        for each in made:
            with contextlib.suppress(OSError):
                each.rmdir()
        raise
