"""The two sides of `uppdrag diff`: a version of the repository, from the disk or from git.

A version is the shared files and the uppdrag by id, each loaded, checked and calculated the
same way `uppdrag check` and `uppdrag calc` do. From a git revision the files are read with
`git cat-file` into memory and parsed from bytes; nothing is written to disk. What people type
is resolved here: two revisions, one revision (against the working tree), nothing (HEAD against
the working tree), two files, or `REV:PATH`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from uppdrag_docs import codes, git
from uppdrag_docs.calc.engine import Calculation
from uppdrag_docs.errors import RepositoryError, UppdragError, UsageError
from uppdrag_docs.findings import Finding, Position
from uppdrag_docs.follow_up.files import follow_up_files
from uppdrag_docs.format.document import MAX_FILE_BYTES, Document, parse_into, read_document
from uppdrag_docs.format.kolada import kolada_from_bytes
from uppdrag_docs.format.repository import (
    CATALOGUE_FILE,
    INDEX_FILE,
    KOLADA_FILE,
    KOMMUN_FILE,
    SHARED_DIR,
    STANDARD_FILE,
    UPPDRAG_DIR,
    UPPFOLJNING_DIR,
    Shared,
    find_root,
    load_shared,
    shared_from_documents,
    uppdrag_files,
)
from uppdrag_docs.trust.calculated import calculate_in_unit
from uppdrag_docs.trust.checks import LoadedUppdrag, load_uppdrag

SHARED_FILES = (KOMMUN_FILE, INDEX_FILE, CATALOGUE_FILE)
SHARED_FOLDER = f"{UPPDRAG_DIR}/{SHARED_DIR}"
WORKING_TREE = "arbetskatalogen"


@dataclass(frozen=True)
class Entry:
    """One uppdrag in one version: loaded when it is valid, with its calculation when possible."""

    id: str
    path: str
    """Relative to the repository root, with forward slashes: `uppdrag/lss/x.yaml`."""
    loaded: LoadedUppdrag | None
    errors: tuple[Finding, ...]
    calculation: Calculation | None
    date: dt.date | None
    """When this version was made: the commit's date, or the file's modification date."""
    data: Any = None
    """The file's raw data, compared field by field when the uppdrag is not valid."""

    @property
    def title(self) -> str:
        return self.loaded.uppdrag.title if self.loaded is not None else self.id


@dataclass
class Version:
    label: str
    """How the outputs name it: `HEAD (1a2b3c4)`, `arbetskatalogen`, a file."""
    root: Path
    shared: Shared
    entries: dict[str, Entry] = field(default_factory=dict)
    commit: str | None = None
    notes: list[str] = field(default_factory=list)
    outcomes: dict[str, Document] = field(default_factory=dict)
    """The files of `uppfoljning/` by their path from the root (`diff/follow_up.py`)."""
    single: bool = False
    """One file named by the user: compared with the other side's one file whatever its id."""
    files: tuple[str, ...] = ()
    """Every uppdrag file of the version, relative to `root`, loaded or not, in load order."""
    date: dt.date | None = None
    """The commit's date, for every uppdrag of a revision."""
    pending: bool = False
    """Only the shared files are read yet: `load` reads the uppdrag the comparison needs."""


def document_from_bytes(path: Path, raw: bytes) -> Document:
    """A parsed document from bytes read elsewhere (git), with the size limit of a file."""
    doc = Document(path=path)
    if len(raw) > MAX_FILE_BYTES:
        doc.findings.append(
            codes.FILE_TOO_LARGE.at(
                path,
                Position(1, 1),
                f"filen är {len(raw) // 1024} kB; gränsen är {MAX_FILE_BYTES // 1024} kB",
            )
        )
        return doc
    parse_into(doc, raw)
    return doc


def _missing(path: Path, where: str) -> Document:
    doc = Document(path=path)
    doc.findings.append(codes.FILE_UNREADABLE.at(path, Position(1, 1), f"filen saknas i {where}"))
    return doc


def _entry(doc: Document, rel: str, shared: Shared, date: dt.date | None) -> Entry:
    loaded, findings = load_uppdrag(doc.path, shared, doc=doc)
    errors = tuple(f for f in [*shared.findings, *findings] if f.is_error)
    calculation = None
    if loaded is not None:
        try:
            calculation = calculate_in_unit(loaded)
        except UppdragError:
            calculation = None  # e.g. a year without index: the check reports it
    if loaded is not None:
        ident = loaded.uppdrag.id
    elif isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
        ident = doc.data["id"]
    else:
        ident = PurePosixPath(rel).stem
    return Entry(ident, rel, loaded, errors, calculation, date, doc.data)


def _add(version: Version, entry: Entry) -> None:
    if entry.id in version.entries:
        version.notes.append(
            f"id '{entry.id}' finns i både {version.entries[entry.id].path} och {entry.path} "
            f"i {version.label}; bara den första jämförs"
        )
        return
    version.entries[entry.id] = entry


def _relative(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


def _file_date(path: Path) -> dt.date:
    """The date of a version on disk: SOURCE_DATE_EPOCH when set, else when it was saved."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else int(path.stat().st_mtime)
    return dt.datetime.fromtimestamp(seconds, dt.UTC).date()


def working_tree(root: Path) -> Version:
    """The uppdrag under `root/uppdrag/` as the disk holds them now, none read yet."""
    shared = load_shared(root)
    files = tuple(_relative(p, root) for p in uppdrag_files([root / UPPDRAG_DIR], root))
    version = Version(WORKING_TREE, root, shared, files=files, pending=True)
    for path in follow_up_files(root):
        version.outcomes[_relative(path, root)] = read_document(path, root=root)
    return version


def load(version: Version, paths: Collection[str]) -> None:
    """Read, check and calculate the uppdrag files among `paths` that the version has."""
    done = {entry.path for entry in version.entries.values()}
    wanted = [rel for rel in version.files if rel in paths and rel not in done]
    if version.commit is not None:
        found = git.show_many(version.commit, wanted, cwd=version.root)
        for rel, raw in found.items():
            doc = document_from_bytes(version.root / rel, raw)
            _add(version, _entry(doc, rel, version.shared, version.date))
    else:
        for rel in wanted:
            path = version.root / rel
            _add(
                version,
                _entry(
                    read_document(path, root=version.root), rel, version.shared, _file_date(path)
                ),
            )
    version.pending = False


def raw_files(version: Version) -> dict[str, bytes]:
    """The bytes of every uppdrag file of the version, unparsed (cheap to search)."""
    if version.commit is not None:
        return git.show_many(version.commit, version.files, cwd=version.root)
    return {rel: (version.root / rel).read_bytes() for rel in version.files}


def changed_files(old: Version, new: Version) -> set[str]:
    """The uppdrag files that differ between a revision and a revision or the working tree.

    git's own name list, plus every file only one side has (an untracked or ignored new file).
    """
    assert old.commit is not None
    if new.commit is not None:
        names = git.changed_between(old.commit, new.commit, UPPDRAG_DIR, cwd=old.root)
    else:
        names = git.changed_paths(old.commit, cwd=old.root)
    return set(names) | (set(old.files) ^ set(new.files))


def _shared_at(commit: str, root: Path, label: str) -> Shared:
    names = [f"{SHARED_FOLDER}/{name}" for name in SHARED_FILES]
    standard, kolada = f"{SHARED_FOLDER}/{STANDARD_FILE}", f"{SHARED_FOLDER}/{KOLADA_FILE}"
    found = git.show_many(commit, [*names, standard, kolada], cwd=root)
    docs = {
        name: document_from_bytes(root / rel, found[rel])
        if rel in found
        else _missing(root / rel, label)
        for name, rel in zip(SHARED_FILES, names, strict=True)
    }
    if standard in found:  # optional, as everything of standardkostnad.md is
        docs[STANDARD_FILE] = document_from_bytes(root / standard, found[standard])
    figures = kolada_from_bytes(root / kolada, found[kolada]) if kolada in found else None
    return shared_from_documents(root, docs, figures)


def revision(rev: str, root: Path) -> Version:
    """The uppdrag under `uppdrag/` at a git revision, none read yet; `root` holds `uppdrag/`."""
    commit = git.verify(rev, cwd=root)
    label = f"{rev} ({git.short(commit, cwd=root)})"
    date = git.commit_date(commit, cwd=root)
    shared = _shared_at(commit, root, label)
    files = tuple(
        p
        for p in git.ls_tree(commit, UPPDRAG_DIR, cwd=root)
        if p.endswith(".yaml") and not p.startswith(SHARED_FOLDER + "/")
    )
    version = Version(label, root, shared, commit=commit, files=files, date=date, pending=True)
    outcomes = [p for p in git.ls_tree(commit, UPPFOLJNING_DIR, cwd=root) if p.endswith(".yaml")]
    for rel, raw in git.show_many(commit, outcomes, cwd=root).items():
        version.outcomes[rel] = document_from_bytes(root / rel, raw)
    return version


def file_version(path: Path, *, beside: Version | None = None) -> Version:
    """One uppdrag file on disk, with the shared files of the repository it lies in.

    A file outside every repository (a version someone mailed) is read with the shared files
    of `beside`, the other side of the comparison, when there is one; the version says so.
    """
    if not path.is_file():
        raise UsageError(f"'{path}' finns inte eller är ingen fil")
    try:
        root, shared, notes = find_root(path), None, []
    except RepositoryError:
        if beside is None:
            raise
        root, shared = beside.root, beside.shared
        notes = [
            f"{path} ligger inte i något arkiv med uppdrag, så den läses med samma gemensamma "
            f"filer som {beside.label}"
        ]
    shared = shared or load_shared(root)
    version = Version(str(path), root, shared, notes=notes, single=True)
    rel = _relative(path, root) if root.resolve() in path.resolve().parents else path.name
    if _is_outcome(rel):
        version.outcomes[rel] = read_document(path, root=root)
        for uppdrag in uppdrag_files([root / UPPDRAG_DIR], root):
            if uppdrag.stem == _folder(rel):  # the uppdrag it follows up, to judge its outcomes
                _add(
                    version,
                    _entry(
                        read_document(uppdrag, root=root), _relative(uppdrag, root), shared, None
                    ),
                )
        return version
    _add(version, _entry(read_document(path, root=root), rel, shared, _file_date(path)))
    return version


def _is_outcome(rel: str) -> bool:
    return rel.startswith(UPPFOLJNING_DIR + "/")


def _folder(rel: str) -> str:
    """The uppdrag id that a follow-up file's folder names."""
    parts = PurePosixPath(rel).parts
    return parts[1] if len(parts) > 2 else ""


def blob_version(spec: str, cwd: Path, *, missing_ok: bool = False) -> Version:
    """`REV:PATH`: one file at a revision, with the shared files of that revision.

    PATH is relative to the top of the git repository, as in git, or to the current folder
    when it starts with `./` or `../`. With `missing_ok`, a file the revision does not have
    gives a version without uppdrag (the file is new), not an error.
    """
    rev, _, path = spec.partition(":")
    if not rev or not path:
        raise UsageError(f"'{spec}' ska skrivas REVISION:SÖKVÄG")
    top = git.toplevel(cwd)
    commit = git.verify(rev, cwd=top)
    if path.startswith(("./", "../")):
        path = os.path.relpath((cwd / path).resolve(), top.resolve())
    rel = PurePosixPath(path)
    base = next(
        (
            folder
            for folder in rel.parents
            if git.exists(commit, f"{folder}/{SHARED_FOLDER}/{KOMMUN_FILE}", cwd=top)
        ),
        None,
    )
    if base is None:
        raise RepositoryError(
            f"hittar ingen mapp '{SHARED_FOLDER}/' ovanför '{path}' i revisionen {rev}"
        )
    root = top / base
    label = f"{rev}:{path}"
    inner = rel.relative_to(base).as_posix()
    shared = _shared_at(commit, root, label)
    version = Version(label, root, shared, commit=commit, single=True)
    if missing_ok and not git.exists(commit, inner, cwd=root):
        return version
    raw = git.show(commit, inner, cwd=root)
    date = git.commit_date(commit, cwd=root)
    if _is_outcome(inner):
        version.outcomes[inner] = document_from_bytes(root / inner, raw)
        found = [
            p for p in git.ls_tree(commit, UPPDRAG_DIR, cwd=root) if _stem(p) == _folder(inner)
        ]
        for name, data in git.show_many(commit, found, cwd=root).items():
            _add(version, _entry(document_from_bytes(root / name, data), name, shared, date))
        return version
    _add(version, _entry(document_from_bytes(root / inner, raw), inner, shared, date))
    return version


def _stem(rel: str) -> str:
    return PurePosixPath(rel).stem if rel.endswith(".yaml") else ""


def _path(spec: str, cwd: Path) -> Path:
    path = Path(spec)
    return path if path.is_absolute() else cwd / path


def _is_blob(spec: str, cwd: Path) -> bool:
    return ":" in spec and not _path(spec, cwd).exists()


def _is_single(spec: str, cwd: Path) -> bool:
    return _is_blob(spec, cwd) or _path(spec, cwd).is_file()


def resolve(old: str | None, new: str | None, *, cwd: Path) -> tuple[Version, Version]:
    """The two versions that what a person typed names, as `git diff` reads its arguments."""
    if old is not None and new is None and _is_single(old, cwd):
        if _is_blob(old, cwd):
            return blob_version(old, cwd), file_version(_disk_path(old, cwd))
        file = _path(old, cwd)
        top = git.toplevel(file.parent)
        rel = PurePosixPath(Path(os.path.relpath(file.resolve(), top.resolve())))
        return blob_version(f"HEAD:{rel}", top, missing_ok=True), file_version(file)
    if old is not None and new is not None:
        singles = [_is_single(old, cwd), _is_single(new, cwd)]
        if all(singles):
            return _singles(old, new, cwd)
        if any(singles):
            raise UsageError(
                "jämför två filer (eller REVISION:SÖKVÄG) med varandra, eller två revisioner"
            )
    root = find_root(cwd)
    before = revision(old or "HEAD", root)
    after = revision(new, root) if new is not None else working_tree(root)
    return before, after


def _disk_path(spec: str, cwd: Path) -> Path:
    """The working tree's file for `REV:PATH`, read the way git reads PATH."""
    path = spec.partition(":")[2]
    if path.startswith(("./", "../")):
        return cwd / path
    return git.toplevel(cwd) / path


def _single(spec: str, cwd: Path, *, beside: Version | None = None) -> Version:
    if _is_blob(spec, cwd):
        return blob_version(spec, cwd)
    return file_version(_path(spec, cwd), beside=beside)


def _singles(old: str, new: str, cwd: Path) -> tuple[Version, Version]:
    """Two files; one outside every repository is read with the other one's shared files."""
    try:
        before = _single(old, cwd)
    except RepositoryError:
        after = _single(new, cwd)
        return _single(old, cwd, beside=after), after
    return before, _single(new, cwd, beside=before)
