"""Which uppdrag to build: those of one board meeting, or those changed since a git revision.

Both read the files as plain YAML, before any checking, so an uppdrag with errors is still
selected, and the build then reports its errors instead of leaving it out without a word. A
meeting's documents must be complete: a file that cannot be read at all might belong to the
meeting, so it stops the selection rather than go missing from the handlingar.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from uppdrag_docs import git
from uppdrag_docs.errors import GitError, MeetingError
from uppdrag_docs.files import display_path
from uppdrag_docs.format.document import read_document
from uppdrag_docs.format.repository import (
    SHARED_DIR,
    TEMPLATES_DIR,
    UPPDRAG_DIR,
    UPPFOLJNING_DIR,
    uppdrag_files,
)
from uppdrag_docs.swedish import date_iso

NEAREST = 5
"""How many other meeting dates a message suggests when a date has no uppdrag."""


@dataclass(frozen=True)
class Meeting:
    """A board's meeting and the uppdrag files it decides on."""

    date: dt.date
    board: str
    paths: tuple[Path, ...]
    follow_ups: tuple[FollowUpAtMeeting, ...] = ()
    """The samlade redovisningar whose bedömning names this meeting (one per year)."""


@dataclass(frozen=True)
class FollowUpAtMeeting:
    """A year's samlad redovisning on a meeting's list, as of the latest bedömning's day."""

    year: int
    per: dt.date
    reviews: tuple[Path, ...]
    """The bedömning files that name the meeting."""


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def meeting_uppdrag(root: Path, date: dt.date, *, board: str | None = None) -> Meeting:
    """The uppdrag whose `beslut.sammanträde` is `date` (and `beslut.organ` is `board`)."""
    wanted = date_iso(date)
    by_meeting: dict[tuple[str, str], list[Path]] = defaultdict(list)
    unreadable: list[Path] = []
    boards_of: dict[str, str] = {}
    for path in uppdrag_files([root / UPPDRAG_DIR], root):
        data = read_document(path, root=root).data
        if not isinstance(data, dict):
            unreadable.append(path)
            continue
        orderer = _get(data, "beställare", "nämnd")
        if orderer is not None:
            boards_of[str(data.get("id", path.stem))] = str(orderer)
        meeting, body = _get(data, "beslut", "sammanträde"), _get(data, "beslut", "organ")
        if meeting is not None and body is not None:
            by_meeting[(str(meeting), str(body))].append(path)
    if unreadable:
        names = ", ".join(str(display_path(p)) for p in unreadable)
        raise MeetingError(
            f"{names} kan inte läsas som ett uppdrag, så det går inte att avgöra om det hör till "
            f"sammanträdet {wanted}; rätta filen först (uppdrag check visar felen)"
        )
    reviews = _reviews_at(root, wanted, boards_of)
    boards = sorted({body for (day, body) in by_meeting if day == wanted} | set(reviews))
    if board is not None:
        chosen = [b for b in boards if b.casefold() == board.strip().casefold()]
        if boards and not chosen:
            raise MeetingError(
                f"inga uppdrag till {board} har beslut.sammanträde {wanted}; "
                f"det har uppdrag till {_names(boards)}"
            )
        boards = chosen
    if not boards:
        raise MeetingError(_no_meeting(wanted, by_meeting))
    if len(boards) > 1:
        raise MeetingError(
            f"uppdrag till flera nämnder har beslut.sammanträde {wanted} ({_names(boards)}); "
            "välj nämnd med --board"
        )
    paths = tuple(sorted(by_meeting[(wanted, boards[0])]))
    return Meeting(date=date, board=boards[0], paths=paths, follow_ups=reviews.get(boards[0], ()))


def _reviews_at(
    root: Path, wanted: str, boards_of: dict[str, str]
) -> dict[str, tuple[FollowUpAtMeeting, ...]]:
    """Per nämnd, the years whose bedömning (`uppfoljning/<id>/bedomning-<år>.yaml`) names the
    meeting `wanted` in `sammanträde`; a file that cannot be read is left to `uppdrag check`."""
    found: dict[tuple[str, int], list[tuple[dt.date, Path]]] = defaultdict(list)
    for path in sorted((root / UPPFOLJNING_DIR).glob("*/bedomning-*.yaml")):
        data = read_document(path, root=root).data
        if not isinstance(data, dict) or str(data.get("sammanträde")) != wanted:
            continue
        board = boards_of.get(str(data.get("uppdrag", path.parent.name)))
        year, day = data.get("år"), data.get("datum")
        if board is None or not isinstance(year, int) or not isinstance(day, dt.date):
            continue
        found[(board, year)].append((day, path))
    out: dict[str, list[FollowUpAtMeeting]] = defaultdict(list)
    for (board, year), dated in sorted(found.items()):
        per = max(day for day, _ in dated)
        out[board].append(FollowUpAtMeeting(year, per, tuple(p for _, p in dated)))
    return {board: tuple(items) for board, items in out.items()}


def _names(boards: list[str]) -> str:
    return boards[0] if len(boards) == 1 else ", ".join(boards[:-1]) + " och " + boards[-1]


def _no_meeting(wanted: str, by_meeting: dict[tuple[str, str], list[Path]]) -> str:
    message = f"inga uppdrag har beslut.sammanträde {wanted}"
    dates: dict[str, set[str]] = defaultdict(set)
    for day, body in by_meeting:
        dates[day].add(body)
    try:
        target = dt.date.fromisoformat(wanted)
        nearest = sorted(dates, key=lambda d: abs((dt.date.fromisoformat(d) - target).days))
    except ValueError:
        nearest = sorted(dates)
    if not nearest:
        return message + " (inget uppdrag anger något sammanträde)"
    listed = ", ".join(f"{d} ({_names(sorted(dates[d]))})" for d in sorted(nearest[:NEAREST]))
    return f"{message}; uppdragen anger sammanträdena {listed}"


def changed_uppdrag(root: Path, rev: str) -> list[Path]:
    """The uppdrag files whose documents may differ from those of revision `rev`.

    An uppdrag is changed when its file or one of its bilagor is; a change to the shared files
    in `uppdrag/gemensamt/` or to the kommun's templates changes every uppdrag.
    """
    if git.head_commit(root) is None:
        raise GitError(
            f"'{root}' ligger inte i ett git-arkiv med någon commit, så det går inte att avgöra "
            f"vad som har ändrats sedan '{rev}'"
        )
    changed = {(root / name).resolve() for name in git.changed_paths(rev, cwd=root)}
    files = uppdrag_files([root / UPPDRAG_DIR], root)
    everything = ((root / UPPDRAG_DIR / SHARED_DIR).resolve(), (root / TEMPLATES_DIR).resolve())
    if any(folder in path.parents for path in changed for folder in everything):
        return files
    return [
        path
        for path in files
        if path.resolve() in changed or any(a in changed for a in _attachments(path, root))
    ]


def _attachments(path: Path, root: Path) -> list[Path]:
    entries = _get(read_document(path, root=root).data, "bilagor")
    if not isinstance(entries, list):
        return []
    files = [_get(entry, "fil") for entry in entries]
    return [(path.parent / name).resolve() for name in files if isinstance(name, str)]
