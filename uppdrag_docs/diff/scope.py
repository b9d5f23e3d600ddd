"""Which uppdrag a comparison of two revisions must read: the work grows with the change.

git names the files that differ; only those are read, checked and calculated on both sides,
with every other file of the same name (so that two files with the same id are still noticed).
A changed shared file adds the uppdrag it reaches: every uppdrag for `kommun.yaml` and
`upprakning.yaml`, which every calculation uses, and for `kvalitetskriterier.yaml` the uppdrag
whose text names a changed catalogue key (a cheap search of the raw bytes that may find too
many, never too few). An unchanged uppdrag gives no change, so leaving it unread changes nothing.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from uppdrag_docs.diff.fields import FieldChange, Tree, build_tree, compare_trees
from uppdrag_docs.diff.versions import SHARED_FILES, Version, changed_files, load, raw_files
from uppdrag_docs.format.repository import CATALOGUE_FILE, INDEX_FILE, KOMMUN_FILE, Shared


def shared_tree(shared: Shared, name: str) -> Tree:
    """One shared file's fields; an invalid file is compared by its raw data."""
    model: Any = {
        KOMMUN_FILE: shared.kommun,
        INDEX_FILE: shared.indexation,
    }.get(name)
    if name == CATALOGUE_FILE:
        return build_tree(
            {
                key: c.model_dump(by_alias=True, exclude_none=True)
                for key, c in shared.catalogue.items()
            }
        )
    if model is not None:
        return build_tree(model.model_dump(by_alias=True, exclude_none=True))
    doc = shared.documents.get(name)
    return build_tree(doc.data) if doc is not None and isinstance(doc.data, dict) else {}


def shared_fields(old: Shared, new: Shared) -> dict[str, list[FieldChange]]:
    """The changed fields of each shared file that changed, by file name."""
    out = {}
    for name in SHARED_FILES:
        fields = compare_trees(shared_tree(old, name), shared_tree(new, name))
        if fields:
            out[name] = fields
    return out


def load_reached(old: Version, new: Version) -> None:
    """Read the uppdrag whose comparison can show a change; nothing when both are read."""
    if not (old.pending or new.pending):
        return
    every = set(old.files) | set(new.files)
    shared = shared_fields(old.shared, new.shared)
    if KOMMUN_FILE in shared or INDEX_FILE in shared:
        paths = every
    else:
        paths = changed_files(old, new) & every
        if CATALOGUE_FILE in shared:
            keys = {str(change.path[0]).encode() for change in shared[CATALOGUE_FILE]}
            paths |= _naming(old, keys) | _naming(new, keys)
        stems = {PurePosixPath(p).stem for p in paths} | _followed_up(old, new)
        paths |= {p for p in every if PurePosixPath(p).stem in stems}
    load(old, paths)
    load(new, paths)


def _naming(version: Version, keys: set[bytes]) -> set[str]:
    """The uppdrag files whose bytes name one of `keys`."""
    return {rel for rel, raw in raw_files(version).items() if any(key in raw for key in keys)}


def _followed_up(old: Version, new: Version) -> set[str]:
    """The ids of the uppdrag whose follow-up files differ: their diff reads the criteria."""
    changed = {
        path
        for path in {*old.outcomes, *new.outcomes}
        if path not in old.outcomes
        or path not in new.outcomes
        or old.outcomes[path].data != new.outcomes[path].data
    }
    return {PurePosixPath(path).parent.name for path in changed}
