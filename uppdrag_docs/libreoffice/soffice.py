"""Finding and running LibreOffice's `soffice`: the program, its environment, how it is killed.

Both uses of LibreOffice (`convert.py`: Word to PDF, `compare.py`: Word redlines) start it the
same way: the program named by UPPDRAG_SOFFICE or found on PATH, a throwaway profile and HOME, a
fixed environment without a display, and its own process group so that a kill takes every child.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

SOFFICE_ENV = "UPPDRAG_SOFFICE"
"""Environment variable naming the soffice program to use instead of the one on PATH."""

INSTALL_HELP = (
    "Installera LibreOffice: på Debian/Ubuntu med `sudo apt-get install "
    "libreoffice-writer-nogui`, på andra system från https://sv.libreoffice.org. "
    "Word-dokumenten byggs ändå; använd `--no-pdf` för att bygga utan PDF."
)


def find_soffice() -> str | None:
    """The LibreOffice program to run: `UPPDRAG_SOFFICE` if set, else soffice on PATH."""
    override = os.environ.get(SOFFICE_ENV)
    if override:
        return shutil.which(override)  # a wrong override is an error, not a reason to guess
    return shutil.which("soffice") or shutil.which("libreoffice")


def kill(process: subprocess.Popen[bytes]) -> None:
    """Kill the whole process group: soffice is a script that starts soffice.bin."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def environment(home: Path) -> dict[str, str]:
    """A fixed environment: no display or session bus, UTF-8 file names, a throwaway HOME."""
    return {
        "PATH": os.environ.get("PATH") or os.defpath,
        "HOME": str(home),
        "TMPDIR": tempfile.gettempdir(),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "SAL_USE_VCLPLUGIN": "svp",  # headless rendering; never a window, never X11
    }


def seconds_text(value: float) -> str:
    """Seconds the Swedish way: 120, 0,5."""
    return f"{value:g}".replace(".", ",")


def missing_message() -> str:
    override = os.environ.get(SOFFICE_ENV)
    if override:
        found = f"{SOFFICE_ENV} pekar på {override}, som inte är ett körbart program."
    else:
        found = "LibreOffice (soffice) hittades inte, så inga PDF:er kan skapas."
    return f"{found} {INSTALL_HELP}"
