"""Writing a repository's files all or nothing: staged, checked, then put in place.

New files are written into a staging folder inside the repository, checked there, and then
linked into place one by one (a link fails when the file exists, so a file that appears
meanwhile is left alone too). Should a step fail, the files and folders already put in place are
taken away again, so a failed `uppdrag init` leaves the folder as it found it. Files that are
replaced keep their old bytes until all the new ones are in place.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from uppdrag_docs.errors import UppdragError
from uppdrag_docs.files import display_path, os_error_text, write_atomic
from uppdrag_docs.scaffold.files import File

STAGING_PREFIX = ".uppdrag-init-"

Check = Callable[[Path], None]
"""Looks at the staged files (under the folder given) and raises to stop before any is placed."""


@dataclass(frozen=True)
class Change:
    path: str
    diff: str
    """A unified diff from the file on disk to the new one."""


@dataclass
class Written:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Files that were there already and were left as they were."""
    changed: list[Change] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    """Files that `replace` would have rewritten, but the repository does not have."""


def create(root: Path, planned: Sequence[File], check: Check | None = None) -> Written:
    """Write each planned file that does not exist yet; never touch one that does."""
    new = [f for f in planned if not os.path.lexists(root / f.path)]
    result = Written(kept=[f.path for f in planned if f not in new])
    if not new:
        return result
    placed: list[Path] = []
    made: list[Path] = []
    try:
        made += _make_folder(root)
        with _staged(root, [(f.path, f.text) for f in new]) as staging:
            if check is not None:
                check(staging)
            for file in new:
                target = root / file.path
                made += _make_folder(target.parent)
                if _link(staging / file.path, target):
                    placed.append(target)
                    result.created.append(file.path)
                else:  # it appeared while we were writing: it is not ours to replace
                    result.kept.append(file.path)
    except BaseException as exc:
        _undo(placed, made)
        if isinstance(exc, OSError):
            raise _failure(exc, root) from exc
        raise
    return result


def replace(root: Path, planned: Sequence[File]) -> Written:
    """Rewrite each planned file that exists and differs, with the diff of each change."""
    result = Written()
    changes: list[tuple[File, bytes]] = []
    for file in planned:
        target = root / file.path
        if not os.path.lexists(target):
            result.missing.append(file.path)
            continue
        if target.is_symlink() or not target.is_file():
            result.kept.append(file.path)
            continue
        old = target.read_bytes()
        if old == file.text.encode():
            result.unchanged.append(file.path)
            continue
        changes.append((file, old))
        result.changed.append(Change(file.path, _diff(file.path, old, file.text)))
    done: list[tuple[Path, bytes]] = []
    try:
        with _staged(root, [(f.path, f.text) for f, _ in changes]) as staging:
            for file, old in changes:
                os.replace(staging / file.path, root / file.path)
                done.append((root / file.path, old))
    except BaseException as exc:
        for target, old in reversed(done):
            write_atomic(target, old)
        if isinstance(exc, OSError):
            raise _failure(exc, root) from exc
        raise
    return result


class _staged:
    """A staging folder inside `root` holding `entries`, removed on leaving."""

    def __init__(self, root: Path, entries: Sequence[tuple[str, str]]) -> None:
        self.root = root
        self.entries = entries
        self.folder: Path | None = None

    def __enter__(self) -> Path:
        if not self.entries:
            return self.root
        self.folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.root))
        for path, text in self.entries:
            write_atomic(self.folder / path, text.encode())
        return self.folder

    def __exit__(self, *_: object) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def _make_folder(folder: Path) -> list[Path]:
    """Make `folder` and its missing parents; the ones made, outermost first."""
    missing = []
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate):
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        candidate.mkdir()
    return list(reversed(missing))


def _link(staged: Path, target: Path) -> bool:
    """Put `staged` at `target` unless something is there; False when something is."""
    try:
        os.link(staged, target)
    except FileExistsError:
        return False
    except OSError as exc:  # a file system without hard links
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if os.path.lexists(target):
            return False
        os.rename(staged, target)
    return True


def _undo(placed: Sequence[Path], made: Sequence[Path]) -> None:
    for path in reversed(placed):
        path.unlink(missing_ok=True)
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _failure(exc: OSError, root: Path) -> UppdragError:
    where = display_path(Path(exc.filename)) if exc.filename else display_path(root)
    return UppdragError(
        f"kan inte skriva '{where}': {os_error_text(exc)}; ingenting skrevs i "
        f"'{display_path(root)}'"
    )


def _diff(path: str, old: bytes, new: str) -> str:
    lines = difflib.unified_diff(
        old.decode("utf-8", errors="replace").splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
