"""Shared fixtures: a kommun repository in tmp_path built from the project's own example data.

Two tiers: `make test` runs every test; `make test-snabb` leaves out those marked `slow` (they
run LibreOffice, pandoc or git in a subprocess). A test is slow when it says so, when its module
says so, or when it uses one of SLOW_FIXTURES. In the fast tier (UPPDRAG_SNABB=1) starting one of
those programs fails the test, so a test that needs one cannot go unmarked. A program a slow
test needs is never a reason to skip: `make test` installs it, so its absence is a failure.
The fast tier runs each property test on SNABB_EXAMPLES inputs (`examples`), and does not
import a module marked slow as a whole.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from click.testing import Result

    from .uppfoljning_support import FollowRepo

SNABB = bool(os.environ.get("UPPDRAG_SNABB"))
"""The fast tier (`make test-snabb`) is running."""

SNABB_EXAMPLES = 10
"""The examples a property test tries in the fast tier: the hypothesis profile `snabb`."""


def pytest_configure(config: pytest.Config) -> None:
    """In the fast tier, hypothesis runs its profile `snabb`: loaded where tests run, not in
    xdist's controller, which would only wait longer to start its workers."""
    controller = bool(config.getoption("numprocesses", None)) and not hasattr(config, "workerinput")
    if SNABB and not controller:
        from hypothesis import settings

        settings.register_profile("snabb", max_examples=SNABB_EXAMPLES)
        settings.load_profile("snabb")


def examples(full: int) -> int:
    """A property test's `max_examples`: `full` in `make test`; in `make test-snabb` no more than
    the profile `snabb`'s, so the fast tier tries every property on a few inputs, not none."""
    return min(full, SNABB_EXAMPLES) if SNABB else full


SLOW_PROGRAMS = frozenset({"soffice", "libreoffice", "pandoc", "git", "node", "pdftotext"})
SLOW_FIXTURES = frozenset({"git_repo"})
"""Fixtures that start one of SLOW_PROGRAMS; a test module adds its own with `slow_fixtures`."""


_MODULE_IS_SLOW = re.compile(r"^pytestmark = pytest\.mark\.slow\b", re.MULTILINE)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under `-m "not slow"`, a module marked slow as a whole is not imported at all: every test
    in it would be deselected, and importing it (assertions rewritten) cost each xdist worker
    about a second. `make test` collects it as before."""
    if config.getoption("markexpr") != "not slow" or not collection_path.name.startswith("test_"):
        return None
    if collection_path.suffix != ".py":
        return None
    return bool(_MODULE_IS_SLOW.search(collection_path.read_text(encoding="utf-8"))) or None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        module_slow = set(getattr(item.module, "SLOW_FIXTURES", ()))  # type: ignore[attr-defined]
        if fixtures & (SLOW_FIXTURES | module_slow):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _fast_tier_starts_no_slow_program(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not SNABB or request.node.get_closest_marker("slow"):
        return
    original = subprocess.Popen.__init__

    def guarded(self: Any, args: Any, *rest: Any, **kwargs: Any) -> None:
        program = args[0] if isinstance(args, list | tuple) else str(args).split()[0]
        name = Path(str(program)).name
        if name in SLOW_PROGRAMS:
            raise AssertionError(f"{request.node.nodeid} startar {name}: markera testet slow")
        original(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", guarded)


def require(program: str, how: str = "make test installerar det") -> str:
    """The path of `program`; a failure, never a skip, when it is missing."""
    found = shutil.which(program)
    if found is None:
        pytest.fail(f"{program} saknas; {how}")
    return found


PROJECT = Path(__file__).resolve().parents[1]
EXAMPLES = PROJECT / "uppdrag"
BASE_ID = "hemtjanst-norr"
BASE_TEXT = (EXAMPLES / f"{BASE_ID}.yaml").read_text(encoding="utf-8")


def changed(text: str, old: str, new: str, count: int = -1) -> str:
    """`text` with `old` replaced by `new` (every time, or the first `count` times); the test
    fails here when `old` is not there, rather than go on to test the unchanged text."""
    assert old in text, f"{old!r} finns inte i texten"
    return text.replace(old, new, count)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the `occurrence`-th line containing `needle`."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")


def column_of(text: str, needle: str, occurrence: int = 1) -> int:
    line = text.splitlines()[line_of(text, needle, occurrence) - 1]
    return line.index(needle) + 1


@dataclass
class KommunRepo:
    root: Path

    @property
    def uppdrag_dir(self) -> Path:
        return self.root / "uppdrag"

    def write(self, text: str, name: str = BASE_ID) -> Path:
        path = self.uppdrag_dir / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def write_base(self, old: str = "", new: str = "", *, count: int = 1) -> tuple[Path, str]:
        """The example uppdrag with `old` replaced by `new` (which must occur)."""
        text = changed(BASE_TEXT, old, new, count) if old else BASE_TEXT
        return self.write(text), text


@pytest.fixture
def repo(tmp_path: Path) -> KommunRepo:
    root = tmp_path / "kommun"
    shutil.copytree(EXAMPLES / "gemensamt", root / "uppdrag" / "gemensamt")
    return KommunRepo(root)


@dataclass
class Cli:
    """`uppdrag` run in the test's process with click's CliRunner, in the current folder."""

    monkeypatch: pytest.MonkeyPatch

    def __call__(self, *args: str) -> Result:
        from click.testing import CliRunner

        from uppdrag_docs.cli import main

        return CliRunner().invoke(main, list(args))

    def cd(self, path: Path) -> None:
        """Run the next commands in `path` (until the test ends)."""
        self.monkeypatch.chdir(path)


@pytest.fixture
def cli(repo: KommunRepo, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The command line, run in the test's kommun repository (`repo`, and `follow` and
    `git_repo`, which are the same folder); `cli.cd` runs it elsewhere."""
    monkeypatch.chdir(repo.root)
    return Cli(monkeypatch)


@pytest.fixture
def kommun(tmp_path: Path) -> Path:
    """A repository of two uppdrag, hemtjanst-norr and hemtjanst-syd (a module may have its own)."""
    root = tmp_path / "kommun"
    shutil.copytree(EXAMPLES / "gemensamt", root / "uppdrag" / "gemensamt")
    (root / "uppdrag" / "hemtjanst-norr.yaml").write_text(BASE_TEXT, encoding="utf-8")
    (root / "uppdrag" / "hemtjanst-syd.yaml").write_text(
        changed(BASE_TEXT, "id: hemtjanst-norr", "id: hemtjanst-syd"), encoding="utf-8"
    )
    return root


@pytest.fixture
def in_dir() -> Iterator[object]:
    """Change the working directory for a test, restoring it after."""
    old = Path.cwd()

    def change(path: Path) -> None:
        os.chdir(path)

    yield change
    os.chdir(old)


GIT_ENV = {
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Anna Lindqvist",
    "GIT_AUTHOR_EMAIL": "anna@example.se",
    "GIT_COMMITTER_NAME": "Anna Lindqvist",
    "GIT_COMMITTER_EMAIL": "anna@example.se",
    "GIT_AUTHOR_DATE": "2027-02-10T10:00:00+01:00",
    "GIT_COMMITTER_DATE": "2027-02-10T10:00:00+01:00",
}


def git(root: Path, *args: str) -> str:
    """Run git in `root` with the isolated configuration of GIT_ENV; its standard output."""
    done = subprocess.run(
        ["git", *args],
        cwd=root,
        env={**os.environ, **GIT_ENV},
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


@dataclass
class GitRepo(KommunRepo):
    """A kommun repository that is also a git repository, with an isolated git configuration."""

    def git(self, *args: str) -> str:
        return git(self.root, *args)

    def commit(self, message: str = "Ändring") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def git_repo(repo: KommunRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """`repo` under git (branch main), never reading the user's or the system's git config."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    repo_under_git = GitRepo(repo.root)
    repo_under_git.git("init", "-q", "-b", "main")
    return repo_under_git


@pytest.fixture
def follow(repo: KommunRepo) -> FollowRepo:
    """`repo` with the example uppdrag and the spec's four follow-up files (uppföljning)."""
    from .uppfoljning_support import with_spec_files

    return with_spec_files(repo)


def published_copy(path: Path) -> Path:
    """uppdrag-docs as its users clone it: these files, committed on the branch main."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in sorted(set(listed.split("\0")) - {""}):
        source, target = PROJECT / name, path / name
        if not os.path.lexists(source):  # deleted in the work tree, not yet in git
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    git(path, "init", "-q", "-b", "main")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "uppdrag-docs")
    return path
