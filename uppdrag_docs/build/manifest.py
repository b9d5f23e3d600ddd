"""`build/manifest.json`: what each build made from what, so the next build can skip it.

Per uppdrag, the manifest records the sha256 of every input (the uppdrag file, the shared files
it uses, its bilagor, the templates), the tool's version and SOURCE_DATE_EPOCH, the commit
checked out (the calendar is counted from the file's git history), and the sha256 and size of
every output. An uppdrag whose inputs and outputs all still match is up to date.
Templates packaged with the tool are named `<uppdrag-docs>/templates/...`, the rest relative to
the repository root.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from uppdrag_docs.errors import UppdragError
from uppdrag_docs.files import display_path, plain_name, sha256_file, write_atomic
from uppdrag_docs.format.repository import PACKAGED_TEMPLATES
from uppdrag_docs.git import touched_between
from uppdrag_docs.names import uppdrag_outputs
from uppdrag_docs.version import TOOL

MANIFEST = "manifest.json"


class Manifest:
    """`build/manifest.json`: per uppdrag its inputs and outputs with their sha256.

    It lies in the output folder `out`, and names its inputs relative to the repository `root`.
    """

    def __init__(self, out: Path, root: Path) -> None:
        self.out = out
        self.root = root
        self.path = path = out / MANIFEST
        self.entries: dict[str, dict[str, Any]] = {}
        self.previous: dict[str, dict[str, Any]] = {}
        """What any version of the tool recorded: whose files these are, not whether they hold."""
        self._touched: dict[str, set[str] | None] = {}
        """Per commit a build was made at, the files touched between it and HEAD."""
        self.refreshed = False
        """Whether an entry now names a later commit with the same history, to be saved."""
        self._digests: dict[str, str | None] = {}
        """Each input's sha256 as this run first read it (None: not a file): the shared files
        and templates are inputs of every uppdrag, and are hashed once, not once per uppdrag."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError):
            data = None
        ours = (
            isinstance(data, dict)
            and str(data.get("verktyg", "")).startswith("uppdrag-docs ")
            and isinstance(data.get("uppdrag"), dict)
        )
        if not ours:
            raise UppdragError(
                f"{display_path(path)} finns redan men gjordes inte av uppdrag build, så mappen "
                "är inte verktygets; välj en annan mapp med --out"
            )
        self.previous = {k: v for k, v in data["uppdrag"].items() if isinstance(v, dict)}
        stranger = next(_not_inside(self.previous), None)
        if stranger is not None:
            raise UppdragError(
                f"{display_path(path)} nämner {stranger!r}, som inte är en fil i mappen, så "
                "manifestet är inte verktygets och ingenting i mappen tas bort eller skrivs "
                "över; töm mappen eller välj en annan mapp med --out"
            )
        if data["verktyg"] == TOOL:
            self.entries = dict(self.previous)

    def outputs_of(self, ident: str) -> list[str]:
        """The files the previous build of `ident` made."""
        outputs = self.previous.get(ident, {}).get("utdata", {})
        return [str(name) for name in outputs] if isinstance(outputs, dict) else []

    def owned(self) -> set[str]:
        """Every file in the output folder that this tool made, by name."""
        return {MANIFEST, *(name for ident in self.previous for name in self.outputs_of(ident))}

    def refusal(self, names: Sequence[str], command: str) -> str | None:
        """Why `names` may not be written in the output folder, or None: the first of them that
        is there already but was not made by this tool is never overwritten."""
        out = self.out
        owned = self.owned()
        foreign = [name for name in names if (out / name).exists() and name not in owned]
        if not foreign:
            return None
        return (
            f"{display_path(out / foreign[0])} finns redan men gjordes inte av {command}, så "
            "den skrivs inte över; flytta den eller välj en annan mapp med --out"
        )

    def claims(self) -> list[tuple[str, str]]:
        """Each file name the recorded builds made, with the source it was made from, for
        the sources still in the repository under that very name (an uppdrag since renamed,
        even only in case, no longer claims its old documents)."""
        found = []
        for entry in self.entries.values():
            source = entry.get("källa")
            if isinstance(source, str) and _still_there(self.root / source):
                found += [(str(name), source) for name in entry.get("utdata", {})]
        return found

    def publish(self, key: str, files: Mapping[str, Path], record: dict[str, Any]) -> list[Path]:
        """Give each staged file its real name in the output folder, record `record` with the
        files' hashes under `key`, and remove what `key` made before and makes no more; return
        the published paths. On an OSError the entry is dropped, so that what is there now is
        rebuilt next time, and the error is raised."""
        out = self.out
        outputs: dict[str, dict[str, Any]] = {}
        try:
            for name, path in files.items():
                outputs[name] = {"sha256": sha256_file(path), "storlek": path.stat().st_size}
                os.replace(path, out / name)
            for name in self.outputs_of(key):
                old = out / name
                if name not in files and old.parent.resolve().is_relative_to(out.resolve()):
                    old.unlink(missing_ok=True)  # never through a folder linked elsewhere
        except OSError:
            self.entries.pop(key, None)
            raise
        self.entries[key] = {**record, "utdata": outputs}
        return [out / name for name in files]

    def save(self) -> None:
        document = {"verktyg": TOOL, "uppdrag": dict(sorted(self.entries.items()))}
        text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        write_atomic(self.path, text.encode())

    def up_to_date(
        self,
        ident: str,
        *,
        pdf: bool,
        templates: Sequence[Path],
        head: str | None = None,
    ) -> bool:
        """Whether every input and output of `ident` is as recorded, its git history included.

        `head` is the commit checked out now (None outside git): the calendar is counted from
        the uppdrag file's history, so a commit that touched the file since the build (one
        that undid a change, too) makes it stale even when the file is as it was. A copy
        without git keeps what was built in git: rebuilt, its SEQUENCEs would start over.
        """
        entry = self.entries.get(ident)
        if entry is None or entry.get("miljö") != environment():
            return False
        if not self._same_history(entry, head):
            return False
        inputs = entry.get("indata", {})
        if any(input_name(t, self.root) not in inputs for t in templates):
            return False  # a kommun template now overrides the default, or stopped doing so
        return self._files_hold(entry, uppdrag_outputs(ident, pdf=pdf))

    def current(
        self,
        key: str,
        *,
        inputs: Sequence[Path],
        outputs: Sequence[str],
        recorded: Mapping[str, Any],
    ) -> bool:
        """Whether the entry `key` was made from exactly `inputs` as they are now, with the
        same `recorded` values (a `per` date, the uppdrag chosen), and its `outputs` (names
        in the output folder) are still as it made them. For documents made without git history
        (the samlad redovisning), where the inputs are known only after reading them."""
        entry = self.entries.get(key)
        if entry is None or entry.get("miljö") != environment():
            return False
        if any(entry.get(k) != v for k, v in recorded.items()):
            return False
        if set(entry.get("indata", {})) != {input_name(p, self.root) for p in inputs}:
            return False
        return self._files_hold(entry, outputs)

    def _same_history(self, entry: dict[str, Any], head: str | None) -> bool:
        recorded = entry.get("git")
        if recorded == head or head is None:
            return True  # outside git now, a calendar built from the history is the better one
        if not isinstance(recorded, str):
            return False
        if recorded not in self._touched:
            self._touched[recorded] = touched_between(recorded, head, cwd=self.root)
        touched = self._touched[recorded]
        if touched is None or entry.get("källa") in touched:
            return False
        entry["git"] = head  # the same history: the next build compares from here
        self.refreshed = True
        return True

    def _files_hold(self, entry: dict[str, Any], names: Sequence[str]) -> bool:
        """Every input of the entry unchanged, and each output in `names` as it was made."""
        for name, digest in entry.get("indata", {}).items():
            if self._input_digest(name) != digest:
                return False
        outputs = entry.get("utdata", {})
        for name in names:
            recorded = outputs.get(name)
            target = self.out / name
            if not isinstance(recorded, dict) or not target.is_file():
                return False
            if sha256_file(target) != recorded.get("sha256"):
                return False
        return True

    def _input_digest(self, name: str) -> str | None:
        if name not in self._digests:
            path = _input_path(name, self.root)
            self._digests[name] = sha256_file(path) if path.is_file() else None
        return self._digests[name]


def _still_there(path: Path) -> bool:
    """Whether `path` is a file under exactly that name (as written, case included)."""
    try:
        return path.is_file() and path.name in os.listdir(path.parent)
    except OSError:
        return False


def _not_inside(entries: Mapping[str, Mapping[str, Any]]) -> Iterator[str]:
    """The names in `entries` that are not plain names of files in the output folder (for
    `utdata`) or of the repository or the tool's templates (for `indata` and `källa`): a
    manifest that has them was not written by this tool, and following them reaches outside."""
    for entry in entries.values():
        source = entry.get("källa", "")
        if source and not plain_name(source):
            yield source
        for group, prefix in (("utdata", ""), ("indata", PACKAGE_PREFIX)):
            names = entry.get(group, {})
            if not isinstance(names, dict):
                yield f"{group}: {names!r}"
                continue
            for name in names:
                plain = name.removeprefix(prefix) if prefix and isinstance(name, str) else name
                if not plain_name(plain):
                    yield name


def environment() -> dict[str, str | None]:
    return {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH")}


PACKAGE_PREFIX = "<uppdrag-docs>/"


def input_name(path: Path, root: Path) -> str:
    resolved = path.resolve()
    if PACKAGED_TEMPLATES in resolved.parents:
        return PACKAGE_PREFIX + resolved.relative_to(PACKAGED_TEMPLATES.parent).as_posix()
    return resolved.relative_to(root.resolve()).as_posix()


def _input_path(name: str, root: Path) -> Path:
    if name.startswith(PACKAGE_PREFIX):
        return PACKAGED_TEMPLATES.parent / name.removeprefix(PACKAGE_PREFIX)
    return root / name
