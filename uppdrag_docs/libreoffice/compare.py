"""Comparing Word documents in LibreOffice, for the redlines of `uppdrag diff --redline`.

LibreOffice's own comparison (`.uno:CompareDocuments`) runs in `uno_compare.py`, a script run by
the system Python that has Debian's python3-uno (the UNO bridge does not import into a venv).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from uppdrag_docs.errors import ConversionError, LibreOfficeMissingError
from uppdrag_docs.files import os_error_text
from uppdrag_docs.libreoffice.soffice import (
    environment,
    find_soffice,
    kill,
    missing_message,
    seconds_text,
)

UNO_PYTHON_ENV = "UPPDRAG_UNO_PYTHON"
"""Environment variable naming the Python that has LibreOffice's UNO bridge."""
UNO_PYTHON = "/usr/bin/python3"
"""Debian's python3-uno installs the bridge for the system Python only, not for a venv."""
UNO_SCRIPT = Path(__file__).resolve().parent / "uno_compare.py"
UNO_MISSING = 3
"""Exit status of the UNO script when `import uno` fails."""
UNO_HELP = (
    "Installera den på Debian/Ubuntu med `sudo apt-get install python3-uno`, eller peka ut en "
    f"annan Python med {UNO_PYTHON_ENV}."
)


class Comparison(NamedTuple):
    """Two versions of a document, and where their comparison goes."""

    old: Path
    new: Path
    out: Path
    """`new` with its differences from `old` as tracked changes."""


def compare_documents(
    comparisons: Sequence[Comparison],
    *,
    author: str,
    date: dt.date,
    timeout: float,
) -> None:
    """Make each comparison in one LibreOffice process, which costs one start for all.

    LibreOffice's own comparison (`.uno:CompareDocuments`) runs through `uno_compare.py`, and
    the changes are attributed to `author` on `date`. `timeout` applies per document, and once
    more for the start.
    """
    if not comparisons:
        return
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeMissingError(missing_message())
    python = os.environ.get(UNO_PYTHON_ENV) or UNO_PYTHON
    for compared in comparisons:
        for path in (compared.old, compared.new):
            if not path.is_file():
                raise ConversionError(f"{path} finns inte och kan inte jämföras")
    with tempfile.TemporaryDirectory(prefix="uppdrag-soffice-") as profile:
        job = {
            "soffice": soffice,
            "profile": Path(profile).as_uri(),
            "pipe": f"uppdrag-{os.getpid()}-{Path(profile).name}",
            "author": author,
            "date": date.isoformat(),
            "connect_timeout": timeout,
            "pairs": [[str(path.resolve()) for path in compared] for compared in comparisons],
        }
        try:
            process = subprocess.Popen(
                [python, str(UNO_SCRIPT)],
                env=environment(Path(profile)),
                cwd=profile,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,  # a kill takes LibreOffice, which the script starts
            )
        except OSError as exc:
            raise LibreOfficeMissingError(
                f"{python} kan inte köras ({os_error_text(exc)}); jämförelsen behöver Python "
                f"med LibreOffices UNO-brygga. {UNO_HELP}"
            ) from exc
        try:
            _, errors = process.communicate(
                json.dumps(job).encode(), timeout=timeout * (len(comparisons) + 1)
            )
        except subprocess.TimeoutExpired:
            kill(process)
            raise ConversionError(
                f"LibreOffice jämförde inte dokumenten inom tidsgränsen "
                f"({seconds_text(timeout)} s per dokument)"
            ) from None
    reason = errors.decode("utf-8", "replace").strip().splitlines()
    if process.returncode == UNO_MISSING:
        raise LibreOfficeMissingError(f"{python} saknar LibreOffices UNO-brygga. {UNO_HELP}")
    if process.returncode != 0:
        raise ConversionError(
            "LibreOffice kunde inte jämföra dokumenten"
            + (f" ({reason[-1]})" if reason else f" (felkod {process.returncode})")
        )
    missing = [c.out for c in comparisons if not c.out.is_file()]
    if missing:
        raise ConversionError(f"LibreOffice skapade inte {', '.join(p.name for p in missing)}")
