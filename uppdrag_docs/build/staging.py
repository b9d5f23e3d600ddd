"""A build's own folder inside the output folder, and the clearing away of what dead builds left.

Everything a build makes (documents, PDFs, LibreOffice's profiles) is first written into
`OUT/.uppdrag-bygge-<pid>-<random>/`: on the same file system as the outputs, so a finished file
moves into place with one atomic rename, and never in the kommun's repository or in /tmp. The
folder holds `ägare.json` with the process id and its start time. A build killed with SIGKILL
cannot remove its folder, so every build first removes the folders whose process no longer
runs (a new process with the same id has another start time).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from pathlib import Path
from types import TracebackType

PREFIX = ".uppdrag-bygge-"
OWNER = "ägare.json"


def _start_time(pid: int) -> str | None:
    """When process `pid` started, in clock ticks since boot (Linux), or None if unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[19]  # field 22; the name may hold spaces


def _alive(pid: int, started: str | None) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists
    now = _start_time(pid)
    return started is None or now is None or now == started


def remove_dead(out: Path) -> list[Path]:
    """Remove the staging folders in `out` of builds that no longer run; return them."""
    removed = []
    for folder in sorted(out.glob(PREFIX + "*")):
        try:
            owner = json.loads((folder / OWNER).read_text(encoding="utf-8"))
            pid, started = int(owner["pid"]), owner.get("start")
        except (OSError, ValueError, KeyError, TypeError):
            pid, started = -1, None  # no owner written: killed before it could say
        if pid <= 0 or not _alive(pid, started):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


class Staging:
    """`with Staging(out) as folder:` a folder of this build's own, removed when it ends."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.folder = out / f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}"

    def __enter__(self) -> Path:
        remove_dead(self.out)
        self.folder.mkdir(parents=True)
        owner = {"pid": os.getpid(), "start": _start_time(os.getpid())}
        (self.folder / OWNER).write_text(json.dumps(owner), encoding="utf-8")
        return self.folder

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
