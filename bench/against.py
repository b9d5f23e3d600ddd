"""The same measurement against another commit, in the same run, so that a ratio is fair on a
busy machine: `git archive REV` unpacked in a temporary folder and run with this Python and its
installed dependencies, the unpacked `uppdrag_docs` first on PYTHONPATH.

Both sides run as a user's installation runs, with Python's bytecode cache written and used
(PYTHONDONTWRITEBYTECODE is dropped from the processes' environment), after one warm-up run.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def environment(source: Path | None = None) -> dict[str, str]:
    """The environment of a measured process; with `source`, that checkout's package first."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(source), env.get("PYTHONPATH")]))
    return env


@contextlib.contextmanager
def checkout(rev: str) -> Iterator[Path]:
    """The package of commit `rev` in a temporary folder (removed afterwards), with the
    templates that `uppdrag_docs/templates` links to."""
    data = subprocess.run(
        ["git", "archive", "--format=tar", rev, "uppdrag_docs", "templates"],
        cwd=PROJECT,
        capture_output=True,
        check=True,
    ).stdout
    with tempfile.TemporaryDirectory(prefix="uppdrag-bench-mot-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(tmp, filter="data")
        yield Path(tmp)


def short(rev: str) -> str:
    """`rev` as a short commit id, for the printed figures."""
    return subprocess.run(
        ["git", "rev-parse", "--short", rev],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def module_command() -> list[str]:
    """`uppdrag` as this Python runs it for either side (`python -m uppdrag_docs`)."""
    return [sys.executable, "-m", "uppdrag_docs"]
