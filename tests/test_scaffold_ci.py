"""A new kommun's CI and hooks, run by the programs that judge them: actionlint and zizmor on
the workflows `uppdrag init` writes, pre-commit on the hooks of a tagged uppdrag-docs, and
`uppdrag init` answering a person at a terminal."""

from __future__ import annotations

import datetime as dt
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from uppdrag_docs.format.skeleton import write_skeleton
from uppdrag_docs.scaffold.adopt import init_repository
from uppdrag_docs.scaffold.answers import Answers
from uppdrag_docs.version import REPOSITORY

from .conftest import GIT_ENV, git, published_copy
from .test_ci_files import actionlint
from .test_ci_security import zizmor

pytestmark = pytest.mark.slow

VENV_BIN = Path(sys.executable).parent
VERSION = "9.8.7"
ANSWERS = Answers("Exempelby kommun", "Omsorg i egen regi", dt.date(2026, 10, 15))


def new_kommun(root: Path) -> Path:
    answers = Answers(ANSWERS.kommun, ANSWERS.provider, ANSWERS.mandate_start)
    init_repository(root, answers, version=VERSION, today=dt.date(2026, 12, 6))
    return root


def test_the_kommuns_workflows_pass_actionlint(tmp_path: Path) -> None:
    workflows = sorted((new_kommun(tmp_path) / ".github" / "workflows").glob("*.yml"))
    assert [p.name for p in workflows] == [
        "dokument.yml",
        "granskning.yml",
        "sammantrade.yml",
        "webb.yml",
    ]
    done = actionlint(*workflows)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_zizmor_finds_nothing_in_the_kommuns_repository_as_its_config_says(
    tmp_path: Path,
) -> None:
    """The action is pinned by its tag, which the kommun's zizmor.yml allows for it alone."""
    root = new_kommun(tmp_path / "kommun")
    done = zizmor(str(root))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout
    assert "dependabot.yml" in done.stderr  # audited too
    done = zizmor("--no-config", str(root))
    assert done.returncode != 0
    pinned = re.findall(r"unpinned-uses.*\n.*--> (\S+)", done.stdout)
    assert pinned and all("workflows" in p for p in pinned)
    assert f"uses: {REPOSITORY}@v{VERSION}" in done.stdout


def pre_commit(root: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home)}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env['PATH']}"
    return subprocess.run(
        [str(VENV_BIN / "pre-commit"), *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_the_hooks_of_a_tag_check_the_kommuns_uppdrag(tmp_path: Path) -> None:
    """`pre-commit try-repo` with the tag that the kommun's .pre-commit-config.yaml names, from
    a clone of this repository tagged in tmp_path; pre-commit installs it (from PyPI its
    dependencies) into an environment of its own, which takes a minute."""
    upstream = published_copy(tmp_path / "uppdrag-docs")
    git(upstream, "tag", f"v{VERSION}")
    root = new_kommun(tmp_path / "kommun")
    config = (root / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f"rev: v{VERSION}\n" in config
    path = write_skeleton(root, "hemtjanst", year=2027)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    home = tmp_path / "pre-commit"
    done = pre_commit(root, home, "try-repo", str(upstream), "--ref", f"v{VERSION}", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.findall(r"^uppdrag check.*\.(\w+)$", done.stdout, re.MULTILINE) == ["Passed"] * 2
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: utkast", "status: klar", 1), encoding="utf-8")
    done = pre_commit(root, home, "try-repo", str(upstream), "--ref", f"v{VERSION}", "--all-files")
    assert done.returncode == 1
    assert re.search(r"^uppdrag/hemtjanst\.yaml:\d+:\d+: fel UD1\d\d: ", done.stdout, re.M)


def test_init_asks_for_what_it_is_not_told_at_a_terminal(tmp_path: Path) -> None:
    answers = [
        ("Kommunens namn: ", "Exempelby kommun"),
        ("Utförarförvaltningen: ", "Omsorg i egen regi"),
        ("Mandatperiodens första dag [", "2022-10-15"),
        ("Webbdomän: ", "exempelby.se"),
        ("Belopp i (kr, tkr) [kr]: ", "tkr"),
        ("Plattform (github, gitlab) [github]: ", "gitlab"),
    ]
    main, other = pty.openpty()
    process = subprocess.Popen(
        [str(VENV_BIN / "uppdrag"), "init", "kommun"],
        stdin=other,
        stdout=other,
        stderr=other,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "200"},
    )
    os.close(other)
    seen = ""
    try:
        for prompt, answer in answers:
            seen = _read_until(main, prompt, seen)
            os.write(main, f"{answer}\n".encode())
        seen = _read_until(main, "Nästa steg:", seen)
        assert process.wait(timeout=60) == 0, seen
    finally:
        process.kill()
        os.close(main)
    written = (tmp_path / "kommun" / "uppdrag" / "gemensamt" / "kommun.yaml").read_text()
    for line in (
        "kommun: Exempelby kommun\n",
        "utförarförvaltning: Omsorg i egen regi\n",
        "belopp_i: tkr\n",
        "mandatperiod_start: 2022-10-15\n",
        "  domän: exempelby.se\n",
    ):
        assert line in written
    assert (tmp_path / "kommun" / ".gitlab-ci.yml").is_file()
    assert not (tmp_path / "kommun" / ".github").exists()


def _read_until(fd: int, text: str, seen: str) -> str:
    """Everything read from the terminal so far, once `text` is in what came after `seen`."""
    start = len(seen)
    while text not in seen[start:]:
        ready, _, _ = select.select([fd], [], [], 30)
        assert ready, f"väntade på {text!r}, fick {seen[start:]!r}"
        seen += os.read(fd, 4096).decode(errors="replace")
    return seen
