"""`uppdrag init` on a folder: a new kommun's repository, or its tool files on a new version."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from uppdrag_docs.errors import RepositoryError, UppdragError
from uppdrag_docs.files import display_path
from uppdrag_docs.format.document import read_document
from uppdrag_docs.format.repository import (
    CATALOGUE_FILE,
    INDEX_FILE,
    KOMMUN_FILE,
    shared_from_documents,
)
from uppdrag_docs.format.shared import Kommun
from uppdrag_docs.format.validation import validate
from uppdrag_docs.scaffold.answers import PLATFORMS, Answers, Platform
from uppdrag_docs.scaffold.files import (
    CI_FILES,
    GITHUB_EXTRAS,
    SHARED,
    kommun_files,
    tool_files,
)
from uppdrag_docs.scaffold.writer import Written, create, replace

_RELEASE = re.compile(r"\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?")


def is_release(version: str) -> bool:
    """A version that was tagged and published, not a development build between tags."""
    return bool(_RELEASE.fullmatch(version))


@dataclass(frozen=True)
class Known:
    """What an existing repository already says about its kommun."""

    kommun: str
    provider: str


def known(root: Path) -> Known | None:
    """The kommun and utförarförvaltning of `root`'s kommun.yaml, when it has a valid one."""
    path = root / SHARED / KOMMUN_FILE
    if not path.is_file():
        return None
    kommun = validate(read_document(path, root=root), Kommun)
    return None if kommun is None else Known(kommun.name, kommun.provider_administration)


def init_repository(root: Path, answers: Answers, *, version: str, today: dt.date) -> Written:
    """Write every file of a kommun's repository that `root` does not have yet."""
    planned = [*kommun_files(answers, today), *tool_files(version, [answers.platform])]
    return create(root, planned, check=lambda staging: _check_shared(root, staging))


def platforms(root: Path) -> list[Platform]:
    """The platforms whose CI files the repository has."""
    found: list[Platform] = []
    for platform in PLATFORMS:
        paths = [path for _, path in CI_FILES[platform]]
        if platform == "github":
            paths += [path for _, path in GITHUB_EXTRAS]
        if any((root / path).exists() for path in paths):
            found.append(platform)
    return found


def update_repository(root: Path, *, version: str) -> Written:
    """Bring the tool's files that `root` has to `version`; the kommun's files stay as they are."""
    if not (root / SHARED).is_dir():
        raise RepositoryError(
            f"'{display_path(root)}' har ingen mapp '{SHARED}/': kör 'uppdrag init' där först"
        )
    return replace(root, tool_files(version, platforms(root)))


def _check_shared(root: Path, staging: Path) -> None:
    """The staged shared files load without an error, beside the ones already there."""
    docs = {}
    for name in (KOMMUN_FILE, INDEX_FILE, CATALOGUE_FILE):
        staged = staging / SHARED / name
        if staged.is_file():
            docs[name] = read_document(staged, root=staging)
        else:
            docs[name] = read_document(root / SHARED / name, root=root)
    shared = shared_from_documents(staging, docs)
    errors = [f for f in shared.findings if f.is_error and staging in f.path.parents]
    if errors:
        said = "; ".join(f"{f.path.name} rad {f.position.line}: {f.message}" for f in errors)
        raise UppdragError(
            f"svaren ger filer som uppdrag check inte godtar ({said}); ingenting skrevs"
        )
