"""`uppdrag` ends its process without Python's teardown (cli.run): the exit status, every line
of the output and every exit handler stay as they were; with other threads alive the process
ends as Python ends it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from uppdrag_docs.cli import main

from .conftest import BASE_TEXT, KommunRepo, changed

RUN = "import sys; from uppdrag_docs.cli import run; sys.argv[0] = 'uppdrag'; {before}; run()"


def _run(cwd: Path, *args: str, before: str = "pass", stdout: object = subprocess.PIPE) -> Any:
    code = RUN.format(before=before)
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )


def test_the_exit_status_and_the_whole_output_stay(repo: KommunRepo, tmp_path: Path) -> None:
    repo.write(changed(BASE_TEXT, "status: ", "status: [", count=1))
    with (tmp_path / "ut.txt").open("w", encoding="utf-8") as out:  # a file buffers its output
        failed = _run(repo.root, "check", "--format", "json", stdout=out)
    assert failed.returncode == 1
    assert '"UD101"' in (tmp_path / "ut.txt").read_text(encoding="utf-8")
    listed = _run(repo.root, "check", "--koder")
    in_process = CliRunner().invoke(main, ["check", "--koder"])
    assert (listed.returncode, listed.stdout) == (0, in_process.output)
    assert listed.stdout.count("UD") > 100


def test_the_exit_handlers_still_run(repo: KommunRepo) -> None:
    done = _run(
        repo.root, "--version", before="import atexit; atexit.register(print, 'hanterare körd')"
    )
    assert done.returncode == 0
    assert done.stdout.splitlines() == [done.stdout.splitlines()[0], "hanterare körd"]
    assert done.stdout.startswith("uppdrag, version ")


def test_with_another_thread_alive_python_ends_the_process(repo: KommunRepo) -> None:
    thread = (
        "import threading, time, atexit; atexit.register(print, 'hanterare körd'); "
        "threading.Thread(target=lambda: (time.sleep(0.1), print('tråden klar'))).start()"
    )
    done = _run(repo.root, "--version", before=thread)
    assert done.returncode == 0
    assert done.stdout.splitlines()[1:] == ["tråden klar", "hanterare körd"]
