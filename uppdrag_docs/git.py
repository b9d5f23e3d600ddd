"""Every git call of the tool: files at a revision for `uppdrag diff`, the committed versions of
an uppdrag file for its calendar, what changed between commits, and dates.

Nothing else runs git. Each revision a person typed is checked with `git rev-parse --verify`
after `--end-of-options` and turned into a full commit id before use, so a revision that looks
like an option (`--output=x`) is never taken for one; later calls only ever see that id. Paths
are given relative to `cwd` and passed as `<commit>:./<path>`. Failures become a `GitError` with
a Swedish sentence, and a revision missing from a shallow clone says how to fetch more history.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from uppdrag_docs.errors import GitError

TIMEOUT = 60.0
"""Seconds any one git call may take; local reads take milliseconds."""


def _git(args: Sequence[str], *, cwd: Path, stdin: bytes | None = None) -> bytes:
    """Run git and return its standard output; a failure raises `GitError` with git's words."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("git saknas; installera git för att jämföra versioner") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git {args[0]} svarade inte inom {TIMEOUT:.0f} sekunder") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} misslyckades: {detail[-1] if detail else done.returncode}")
    return done.stdout


def toplevel(cwd: Path) -> Path:
    """The top folder of the git repository that holds `cwd`."""
    try:
        out = _git(["rev-parse", "--show-toplevel"], cwd=cwd)
    except GitError as exc:
        raise GitError(
            f"'{cwd}' ligger inte i ett git-arkiv; jämför två filer i stället för revisioner"
        ) from exc
    return Path(out.decode().strip())


def is_shallow(*, cwd: Path) -> bool:
    """Whether this clone holds only part of the history (actions/checkout does by default)."""
    return _git(["rev-parse", "--is-shallow-repository"], cwd=cwd).strip() == b"true"


def verify(rev: str, *, cwd: Path) -> str:
    """The full id of the commit `rev` names; an error a person can act on when there is none."""
    if not rev or "\n" in rev or "\0" in rev:
        raise GitError(f"'{rev}' är ingen giltig revision")
    toplevel(cwd)
    try:
        out = _git(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"], cwd=cwd
        )
    except GitError:
        if is_shallow(cwd=cwd):
            raise GitError(
                f"revisionen '{rev}' finns inte i den här klonen, som bara har en del av "
                "historiken (shallow clone); hämta mer historik med 'git fetch --unshallow', "
                "eller med 'fetch-depth: 0' i actions/checkout"
            ) from None
        raise GitError(f"revisionen '{rev}' finns inte i git-arkivet") from None
    return out.decode().strip()


def short(commit: str, *, cwd: Path) -> str:
    """The abbreviated id people see in `git log --oneline`."""
    return _git(["rev-parse", "--short", commit], cwd=cwd).decode().strip()


def commit_date(commit: str, *, cwd: Path) -> dt.date:
    """The committer's date of a verified commit, in the committer's own time zone."""
    out = _git(["log", "-1", "--format=%cI", commit], cwd=cwd).decode().strip()
    return dt.date.fromisoformat(out[:10])


def in_repository(path: Path) -> bool:
    """Whether `path` lies in a git repository, found without starting git (a `.git` above)."""
    folder = path.resolve() if path.is_dir() else path.resolve().parent
    return any((parent / ".git").exists() for parent in (folder, *folder.parents))


def last_commit_date(path: Path) -> dt.date | None:
    """The committer's date of the last commit that touched `path`, for a förslag's documents.

    None outside a git repository, for a file never committed, or without git: the documents
    then take their date from the data.
    """
    if not in_repository(path):
        return None
    try:
        out = _git(["log", "-1", "--format=%cI", "--", path.name], cwd=path.resolve().parent)
    except GitError:
        return None
    text = out.decode().strip()
    return dt.date.fromisoformat(text[:10]) if text else None


@dataclass(frozen=True)
class FileVersion:
    """One committed version of a file: the commit, when it was committed, and the bytes."""

    commit: str
    time: dt.datetime
    data: bytes


def file_history(path: Path) -> list[FileVersion]:
    """Every committed version of `path`, oldest first, across renames, as the branch has them.

    The versions on the first-parent line to HEAD: on the main branch, each merged change is
    one version, whatever commits it was made of. Empty outside a git repository, for a file
    never committed, or without git: the history is what the calendar's SEQUENCE is counted
    from, and a build never needs git.
    """
    if not in_repository(path):
        return []
    folder = path.resolve().parent
    log = ["log", "--follow", "--first-parent", "--format=%x00%H %ct", "--name-only"]
    try:
        out = _git([*log, "--", path.name], cwd=folder)
    except GitError:
        return []
    commits: list[tuple[str, dt.datetime, str]] = []
    for chunk in out.decode("utf-8", "surrogateescape").split("\0"):
        lines = [line for line in chunk.splitlines() if line]
        if len(lines) >= 2:
            commit, seconds = lines[0].split()
            commits.append((commit, dt.datetime.fromtimestamp(int(seconds), dt.UTC), lines[1]))
    blobs = _batch([f"{commit}:{name}" for commit, _, name in reversed(commits)], cwd=folder)
    return [
        FileVersion(commit, time, data)
        for (commit, time, _), data in zip(reversed(commits), blobs, strict=True)
        if data is not None
    ]


def touched_between(old: str, new: str, *, cwd: Path) -> set[str] | None:
    """The files that a commit on either side of `old...new` touched, relative to `cwd`.

    A file whose history differs between the two commits is among them. None when `old` is
    not a commit of this repository (any more): then nothing is known to be the same.
    """
    if re.fullmatch(r"[0-9a-f]{40,64}", old) is None:
        return None
    options = ["--format=", "--name-only", "-z", "--relative", "--diff-merges=first-parent"]
    try:
        out = _git(["log", *options, "--end-of-options", f"{old}...{new}", "--"], cwd=cwd)
    except GitError:
        return None
    return {name.decode("utf-8", "surrogateescape") for name in out.split(b"\0") if name}


def _object(commit: str, path: str) -> str:
    return f"{commit}:./{PurePosixPath(path).as_posix()}"


def exists(commit: str, path: str, *, cwd: Path) -> bool:
    """Whether `path` (relative to `cwd`) is a file in the verified `commit`."""
    done = subprocess.run(
        ["git", "cat-file", "-e", _object(commit, path)],
        cwd=cwd,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    return done.returncode == 0


def ls_tree(commit: str, folder: str, *, cwd: Path) -> list[str]:
    """The files under `folder` in the verified `commit`, relative to `cwd`, sorted."""
    out = _git(["ls-tree", "-r", "-z", "--name-only", commit, "--", folder], cwd=cwd)
    return sorted(name.decode("utf-8", "surrogateescape") for name in out.split(b"\0") if name)


def _batch(names: Sequence[str], *, cwd: Path) -> list[bytes | None]:
    """The bytes of each object `names` names (`<commit>:<path>`), one `git cat-file --batch`.

    None for a name that is not a file.
    """
    if not names:
        return []
    if any("\n" in n for n in names):
        raise GitError("ett filnamn innehåller en radbrytning")
    out = _git(["cat-file", "--batch"], cwd=cwd, stdin="".join(n + "\n" for n in names).encode())
    found: list[bytes | None] = []
    pos = 0
    for _ in names:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        found.append(None)
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[-1] = out[pos : pos + size]
            pos += size + 1
        elif len(header) == 3:
            pos += int(header[2]) + 1  # a tree or another object: not a file
    return found


def show_many(commit: str, paths: Sequence[str], *, cwd: Path) -> dict[str, bytes]:
    """The bytes of each file in the verified `commit` (one `git cat-file --batch` for all).

    A path that is not a file in the commit is left out of the answer.
    """
    blobs = _batch([_object(commit, p) for p in paths], cwd=cwd)
    return {path: data for path, data in zip(paths, blobs, strict=True) if data is not None}


def show(commit: str, path: str, *, cwd: Path) -> bytes:
    """The bytes of one file in the verified `commit`."""
    found = show_many(commit, [path], cwd=cwd)
    if path not in found:
        raise GitError(f"'{path}' finns inte i revisionen {commit[:12]}")
    return found[path]


def head_commit(cwd: Path) -> str | None:
    """The full id of the commit checked out at `cwd`, or None outside a git repository.

    None too before the first commit or without git: a build records where it came from when
    it can, and never needs git to run.
    """
    try:
        out = _git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cwd=cwd)
    except GitError:
        return None
    return out.decode().strip() or None


def changed_between(old: str, new: str, folder: str, *, cwd: Path) -> list[str]:
    """The files under `folder` that differ between two verified commits, relative to `cwd`.

    git's own name list: what `uppdrag diff` needs to load, however many files stayed the same.
    A renamed file is named under both its names.
    """
    options = ["--name-only", "-z", "--relative", "--no-renames", "--no-ext-diff"]
    out = _git(["diff", *options, "--end-of-options", old, new, "--", folder], cwd=cwd)
    return sorted(name.decode("utf-8", "surrogateescape") for name in out.split(b"\0") if name)


def changed_paths(rev: str, *, cwd: Path) -> list[str]:
    """The files that differ between `rev` and the working tree, relative to `cwd`, sorted.

    Committed, staged and unstaged changes count, and so do untracked files that are not
    ignored, so a new uppdrag counts before it is added. Only files below `cwd` are named; a
    removed file is named too, so callers check which paths still exist.
    """
    commit = verify(rev, cwd=cwd)
    options = ["--name-only", "-z", "--relative", "--no-renames", "--no-ext-diff"]
    changed = _git(["diff", *options, "--end-of-options", commit, "--"], cwd=cwd)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--", "."], cwd=cwd)
    names = {name.decode("utf-8", "surrogateescape") for name in (changed + untracked).split(b"\0")}
    return sorted(name for name in names if name)
