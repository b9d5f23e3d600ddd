"""The two ways into the follow-up: `check` (uppdrag and uppföljning together) and `follow_up`.

`check` is what `uppdrag check` and `uppdrag_docs.check` run: every finding of `checks.check`
and every finding of `uppfoljning/`. The follow-up needs the whole repository (a file names its
uppdrag, and the utförare's result sums every uppdrag), so when the repository has an
`uppfoljning/` folder everything is read, and the paths given choose whose findings are shown.
Without the folder nothing changes: `uppdrag check` is `checks.check`.

`follow_up` is what `uppdrag uppföljning ÅR` runs: the year's assessment of every uppdrag that
is followed up (fastställt, or already reported on), each without errors in its own file or in
its follow-up files; the others are refused with the errors that stop them, as `build` does.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from uppdrag_docs.errors import RepositoryError, UsageError
from uppdrag_docs.findings import Finding, sort_findings
from uppdrag_docs.forked import run_shared
from uppdrag_docs.format.repository import (
    UPPFOLJNING_DIR,
    common_root,
    find_root,
    uppdrag_files,
)
from uppdrag_docs.rules.standard import stale_comparisons
from uppdrag_docs.trust import checks
from uppdrag_docs.trust.checks import CheckResult, LoadedUppdrag

if TYPE_CHECKING:  # imported where used: `uppdrag check` of a repository without uppfoljning/
    # needs none of them, and their models took a tenth of its start
    from uppdrag_docs.follow_up.assessment import YearAssessment
    from uppdrag_docs.follow_up.collection import FollowUp
    from uppdrag_docs.follow_up.files import FollowUpFile
    from uppdrag_docs.follow_up.per_unit import Combined


@dataclass
class FollowUpRead:
    """Every file of `uppfoljning/`, read and checked against the uppdrag it names."""

    files: list[FollowUpFile]
    findings: list[Finding]
    follow_ups: dict[str, FollowUp]

    def errors_of(self, ident: str) -> list[Finding]:
        follow = self.follow_ups.get(ident)
        paths = {f.path for f in follow.files} if follow else set()
        return [f for f in self.findings if f.is_error and f.path in paths]


def read_all(checked: CheckResult) -> FollowUpRead:
    """Read and check `uppfoljning/` against the uppdrag of a check of the whole repository."""
    from uppdrag_docs.follow_up.collection import collect
    from uppdrag_docs.follow_up.consistency import check_file, not_decided
    from uppdrag_docs.follow_up.files import follow_up_files, read_follow_up

    shared = checked.shared
    assert shared is not None
    root = shared.root
    by_id: dict[str, LoadedUppdrag] = {}
    for item in checked.loaded.values():
        by_id.setdefault(item.uppdrag.id, item)
    known = set(by_id) | {p.stem for p in checked.files if p not in shared.paths}
    files = run_shared(  # with many, shared with a second process
        [functools.partial(read_follow_up, path, root) for path in follow_up_files(root)],
        at_least=checks.SHARED_FROM,
    )
    findings: list[Finding] = []
    for file in files:
        findings += file.document.findings
        findings += check_file(file, by_id.get(file.uppdrag_id or ""), known, shared)
    failed = {f.path for f in findings if f.is_error}
    trusted = {file.path for file in files if file.path not in failed}
    follow_ups = collect(by_id.values(), files, trusted, shared)
    for follow in follow_ups.values():
        findings += not_decided(follow.loaded, follow.files)
    return FollowUpRead(files, findings, follow_ups)


def check(paths: Sequence[Path] = (), *, root: Path | None = None, per: dt.date) -> CheckResult:
    """Check uppdrag and follow-up files and folders (default: `uppdrag/` and `uppfoljning/`);
    `per` is the day that decides which reports are due."""
    if root is None:
        root = common_root(paths or [Path.cwd()])
    folder = root / UPPFOLJNING_DIR
    named_follow = [p for p in paths if _under(p, folder)]
    if not folder.is_dir() and not named_follow:
        result = checks.check(paths, root=root)
        assert result.shared is not None
        result.findings = sort_findings(result.findings + stale_comparisons(result.shared, per))
        return result
    from uppdrag_docs.follow_up.warnings import check_warnings

    whole = checks.check(root=root)
    assert whole.shared is not None
    read = read_all(whole)
    findings = whole.findings + read.findings + check_warnings(read.follow_ups, per)
    findings += stale_comparisons(whole.shared, per)
    follow_paths = [f.path for f in read.files]
    if paths:
        scope = _scope(paths, named_follow, root, whole.shared.paths)
        findings = [f for f in findings if f.path.resolve() in scope]
        uppdrag_paths = [p for p in whole.files if p.resolve() in scope]
        follow_paths = [p for p in follow_paths if p.resolve() in scope]
    else:
        uppdrag_paths = list(whole.files)
    loaded = {p: item for p, item in whole.loaded.items() if p in uppdrag_paths}
    return CheckResult(
        files=[*uppdrag_paths, *follow_paths],
        findings=sort_findings(findings),
        loaded=loaded,
        shared=whole.shared,
    )


def _under(path: Path, folder: Path) -> bool:
    resolved, top = path.resolve(), folder.resolve()
    return resolved == top or top in resolved.parents


def _scope(
    paths: Sequence[Path], named_follow: Sequence[Path], root: Path, shared: Sequence[Path]
) -> set[Path]:
    """The files the paths name (folders searched), with the shared files, resolved."""
    scope = {p.resolve() for p in shared}
    for path in named_follow:
        if path.is_dir():
            scope |= {p.resolve() for p in path.rglob("*.yaml")}
        elif path.exists():
            scope.add(path.resolve())
        else:
            raise RepositoryError(f"'{path}' finns inte")
    others = [p for p in paths if p not in named_follow]
    scope |= {p.resolve() for p in uppdrag_files(others, root)}
    return scope


@dataclass
class FollowUpYear:
    """What `follow_up` found: the year's assessment, and the uppdrag it had to leave out."""

    assessment: YearAssessment
    refused: dict[str, list[Finding]] = field(default_factory=dict)
    """Each uppdrag left out, with the errors that stop it (its own or its files')."""
    refused_boards: dict[str, str] = field(default_factory=dict)
    """The beställande nämnd of each uppdrag left out."""
    combined: Combined | None = None
    """Leanlinks samlade ersättning: every uppdrag with ekonomi reports in the year."""


def follow_up(
    year: int,
    *,
    per: dt.date,
    root: Path | None = None,
    ids: Sequence[str] = (),
    board: str | None = None,
) -> FollowUpYear:
    """The follow-up of `year` as of `per`, for the uppdrag `ids` or of the nämnd `board`
    (default: every uppdrag that is followed up and whose period touches the year)."""
    from uppdrag_docs.follow_up.assessment import assess
    from uppdrag_docs.follow_up.per_unit import combined
    from uppdrag_docs.trust.calculated import load

    loaded = load(root=root or find_root(Path.cwd()))
    read = read_all(loaded.checked)
    unknown = [i for i in ids if i not in read.follow_ups]
    if unknown:
        raise UsageError(f"hittar inget uppdrag med id {', '.join(unknown)} som kan följas upp")
    trusted = {item.uppdrag.id for item in loaded.uppdrag.values()}
    chosen: list[str] = []
    refused: dict[str, list[Finding]] = {}
    boards: dict[str, str] = {}
    for ident, follow in read.follow_ups.items():
        uppdrag = follow.uppdrag
        if ids and ident not in ids:
            continue
        if not ids and not (follow.followed and _touches(follow, year)):
            continue
        if board is not None and uppdrag.orderer.board != board:
            continue
        errors = read.errors_of(ident)
        if ident not in trusted:
            errors = loaded.refused.get(follow.loaded.path, []) + errors
        if errors:
            refused[ident] = sort_findings(errors)
            boards[ident] = uppdrag.orderer.board
        else:
            chosen.append(ident)
    assessment = assess(read.follow_ups, chosen, year, per)
    return FollowUpYear(assessment, refused, boards, combined(read.follow_ups, year))


def _touches(follow: FollowUp, year: int) -> bool:
    period = follow.uppdrag.period
    return period.start.year <= year <= period.end.year
