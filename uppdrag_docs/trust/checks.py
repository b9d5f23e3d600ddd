"""Loading and checking uppdrag: every finding of every file, collected and sorted.

This is what `uppdrag check` calls, and what every later stage (calculation, documents, diff)
uses to get an uppdrag it can trust: `load_uppdrag` gives the validated model with its criteria
resolved from the shared catalogue and the positions of every entry.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from uppdrag_docs import codes
from uppdrag_docs.findings import Finding, sort_findings
from uppdrag_docs.forked import run_shared
from uppdrag_docs.format.document import Document, read_document
from uppdrag_docs.format.repository import (
    UPPDRAG_DIR,
    Shared,
    common_root,
    load_shared,
    uppdrag_files,
)
from uppdrag_docs.format.schema import Criterion, CriterionRef, Uppdrag
from uppdrag_docs.format.validation import validate
from uppdrag_docs.rules import arende, guideline, market, markup, money, names, standard

_RULES = (
    *guideline.RULES,
    *market.RULES,
    *arende.RULES,
    markup.check_fields,
    money.check_money,
    standard.check_standard,
    names.report_ids,
)
"""Every rule on one uppdrag that follows the schema; each yields all the findings it has."""


@dataclass(frozen=True)
class LoadedUppdrag:
    """A valid uppdrag with everything later stages need."""

    uppdrag: Uppdrag
    criteria: tuple[Criterion, ...]
    document: Document
    shared: Shared

    @property
    def path(self) -> Path:
        return self.document.path


@dataclass
class CheckResult:
    files: list[Path]
    findings: list[Finding] = field(default_factory=list)
    loaded: dict[Path, LoadedUppdrag] = field(default_factory=dict)
    shared: Shared | None = None

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)

    def errors_for(self, path: Path) -> list[Finding]:
        return [f for f in self.findings if f.path == path and f.is_error]


SHARED_FROM = 40
"""Files from which `check` reads and checks uppdrag, and `follow_up.review.read_all` reads
follow-up files, in two processes (`forked.py`). The fork and its round trip take about 3 ms
and each file that comes back a fifth of its own reading, so a free second core pays from a
few files; with the second core busy the child's share takes twice as long and gains nothing,
and below 40 files there is little to gain to begin with."""


def load_uppdrag(
    path: Path, shared: Shared, *, doc: Document | None = None
) -> tuple[LoadedUppdrag | None, list[Finding]]:
    """Read, validate and check one uppdrag file against the shared files."""
    return _outcome(_checked(doc or read_document(path, root=shared.root), shared), shared)


@dataclass
class _Checked:
    """One file read, validated and checked by the rules, in either process of `check`."""

    doc: Document
    ruled: list[Finding] | None
    """The rules' findings; None when the file does not follow the schema."""
    uppdrag: Uppdrag | None

    def __getstate__(self) -> tuple[Document, list[Finding] | None]:
        """Without the model: validating the data again takes a fifth of the time that
        unpickling the model took."""
        return self.doc, self.ruled

    def __setstate__(self, state: tuple[Document, list[Finding] | None]) -> None:
        self.doc, self.ruled = state
        valid = self.ruled is not None
        self.uppdrag = Uppdrag.model_validate(self.doc.data, by_name=False) if valid else None


def _checked(doc: Document, shared: Shared) -> _Checked:
    uppdrag = validate(doc, Uppdrag) if doc.data is not None else None
    if uppdrag is None:
        return _Checked(doc, None, None)
    return _Checked(doc, [f for rule in _RULES for f in rule(uppdrag, doc, shared)], uppdrag)


def _read_and_checked(path: Path, shared: Shared) -> _Checked:
    return _checked(read_document(path, root=shared.root), shared)


def _outcome(one: _Checked, shared: Shared) -> tuple[LoadedUppdrag | None, list[Finding]]:
    """The loaded uppdrag, if it follows the schema, and every finding of its file, sorted."""
    if one.uppdrag is None or one.ruled is None:
        return None, list(one.doc.findings)
    criteria = tuple(resolve_criteria(one.uppdrag, shared))
    loaded = LoadedUppdrag(one.uppdrag, criteria, one.doc, shared)
    return loaded, sort_findings([*one.doc.findings, *one.ruled])


def _load_all(
    files: Sequence[Path], shared: Shared
) -> list[tuple[LoadedUppdrag | None, list[Finding]]]:
    """`load_uppdrag` of every file, in order; with many files, shared with a second process
    (`forked.py`)."""
    jobs = [functools.partial(_read_and_checked, path, shared) for path in files]
    return [_outcome(one, shared) for one in run_shared(jobs, at_least=SHARED_FROM)]


def check(paths: Sequence[Path] = (), *, root: Path | None = None) -> CheckResult:
    """Check uppdrag files and folders (default: the repository's `uppdrag/`)."""
    if root is None:
        root = common_root(paths or [Path.cwd()])
    targets = list(paths) or [root / UPPDRAG_DIR]
    shared = load_shared(root)
    files = uppdrag_files(targets, root)
    result = CheckResult(files=[*shared.paths, *files], shared=shared)
    result.findings += (
        shared.findings + guideline.check_shared(shared) + standard.check_catalogue(shared)
    )
    ids: Counter[str] = Counter()
    for path, (loaded, findings) in zip(files, _load_all(files, shared), strict=True):
        result.findings += findings
        if loaded is not None:
            result.loaded[path] = loaded
            ids[loaded.uppdrag.id] += 1
    for ident in (ident for ident, count in ids.items() if count > 1):
        for loaded in result.loaded.values():
            if loaded.uppdrag.id == ident:
                others = [
                    str(o.path)
                    for o in result.loaded.values()
                    if o.uppdrag.id == ident and o is not loaded
                ]
                result.findings.append(
                    loaded.document.finding(
                        ("id",),
                        codes.DUPLICATE_UPPDRAG_ID,
                        f"id '{ident}' används också i {', '.join(others)}",
                    )
                )
    result.findings += names.name_clashes(
        [(loaded.uppdrag, loaded.document) for loaded in result.loaded.values()]
    )
    folder = (root / UPPDRAG_DIR).resolve()
    everything = not paths or any(path.resolve() == folder for path in paths)  # all was read
    result.findings += _provider_deficits(result, root, everything=everything)
    result.findings = sort_findings(result.findings)
    return result


def _provider_deficits(result: CheckResult, root: Path, *, everything: bool) -> list[Finding]:
    """UD309 on the checked uppdrag, summed over every fastställt uppdrag in the repository.

    Unless `everything` was checked, the files outside the ones checked are read too, but only
    when a checked uppdrag takes part in the sum: checking a förslag reads nothing more.
    """
    shared = result.shared
    assert shared is not None
    checked = [(loaded.uppdrag, loaded.document) for loaded in result.loaded.values()]
    if not any(money.counts_for_provider(uppdrag, shared) for uppdrag, _ in checked):
        return []
    whole = list(checked)
    if not everything:
        named = {os.path.abspath(path) for path in result.files}
        seen: set[Path] | None = None  # resolved only for a file not named as it is written
        for path in uppdrag_files([root / UPPDRAG_DIR], root):
            if os.path.abspath(path) in named:
                continue
            if seen is None:
                seen = {path.resolve() for path in result.files}
            if path.resolve() not in seen:
                doc = read_document(path, root=root)
                uppdrag = validate(doc, Uppdrag) if doc.data is not None else None
                if uppdrag is not None:
                    whole.append((uppdrag, doc))
    return money.provider_deficits(whole, shared, report_on=[doc for _, doc in checked])


def resolve_criteria(uppdrag: Uppdrag, shared: Shared) -> list[Criterion]:
    """Whole criteria in file order: a `ref` is replaced by the catalogue's text."""
    out: list[Criterion] = []
    for entry in uppdrag.criteria:
        if isinstance(entry, CriterionRef):
            shared_criterion = shared.catalogue.get(entry.ref)
            if shared_criterion is None:
                continue
            data = shared_criterion.model_dump(by_alias=True)
            out.append(
                Criterion.model_validate({**data, "rapportering": entry.reports}).model_copy(
                    update={"ref": entry.ref}
                )
            )
        else:
            out.append(entry)
    return out
