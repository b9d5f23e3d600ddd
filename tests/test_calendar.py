"""The reporting calendar: events that calendar clients update, read with a second parser.

The calendar is written with icalendar and read here with vobject, as another client would.
The fast tests give `calendar_bytes` a history of versions made in the test; the slow ones
build in a real git repository, where the history comes from git.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import vobject

from uppdrag_docs.build.documents import SHALLOW, build
from uppdrag_docs.build.run import BuildOptions
from uppdrag_docs.format.shared import CalendarSettings
from uppdrag_docs.git import FileVersion
from uppdrag_docs.render.ics import calendar_bytes
from uppdrag_docs.trust.calculated import load

from .conftest import BASE_ID, BASE_TEXT, EXAMPLES, GIT_ENV, GitRepo, KommunRepo, changed

T1 = "hemtjanst-norr-R1-2027-T1"
"""The first tertial report of the example: due 2027-05-30, 30 days after 30 April."""

FIRST = dt.datetime(2027, 1, 10, 9, 0, tzinfo=dt.UTC)
SECOND = dt.datetime(2027, 2, 3, 14, 30, tzinfo=dt.UTC)
R1_DAYS = "    dagar_efter_period: 30\n"
R3_START = "  - id: R3\n"


def events(data: bytes) -> dict[str, Any]:
    """The events by UID (without the domain), as vobject reads them."""
    calendar = vobject.readOne(data.decode("utf-8"))
    return {str(e.uid.value).split("@")[0]: e for e in calendar.vevent_list}


def uids(data: bytes) -> list[str]:
    return [str(e.uid.value) for e in vobject.readOne(data.decode("utf-8")).vevent_list]


def sequence(event: Any) -> int:
    return int(event.sequence.value)


def loaded(repo: KommunRepo, text: str) -> Any:
    path = repo.write(text)
    result = load([path], root=repo.root)
    return result.uppdrag[path].loaded


def version(text: str, time: dt.datetime) -> FileVersion:
    return FileVersion("0" * 40, time, text.encode())


R4 = (
    "  - id: R4\n    typ: verksamhet\n    vad: Väntetider\n    frekvens: halvår\n"
    "    mottagare: Socialnämnden\n    form: Tabell\n    dagar_efter_period: 10\n"
)
WITH_R4 = changed(BASE_TEXT, "\nersättning:", R4 + "\nersättning:", count=1)


def test_a_moved_due_date_is_the_same_event_with_a_higher_sequence(repo: KommunRepo) -> None:
    moved = changed(BASE_TEXT, R1_DAYS, "    dagar_efter_period: 20\n", count=1)
    history = [version(BASE_TEXT, FIRST), version(moved, SECOND)]
    before = events(calendar_bytes(loaded(repo, BASE_TEXT), dt.date(2027, 1, 10)))
    after = events(calendar_bytes(loaded(repo, moved), dt.date(2027, 3, 1), history=history))
    assert set(before) == set(after)
    assert before[T1].dtstart.value == dt.date(2027, 5, 30)
    assert after[T1].dtstart.value == dt.date(2027, 5, 20)
    assert (sequence(before[T1]), sequence(after[T1])) == (0, 1)
    assert after[T1].dtstamp.value == after[T1].last_modified.value == SECOND
    r2 = next(key for key in after if "-R2-" in key)
    assert sequence(after[r2]) == 0 and after[r2].dtstamp.value == FIRST
    assert all(str(e.status.value) == "CONFIRMED" for e in after.values())


def test_uncommitted_changes_are_one_more_version_at_the_document_date(repo: KommunRepo) -> None:
    moved = changed(BASE_TEXT, R1_DAYS, "    dagar_efter_period: 20\n", count=1)
    data = calendar_bytes(
        loaded(repo, moved), dt.date(2027, 3, 1), history=[version(BASE_TEXT, FIRST)]
    )
    event = events(data)[T1]
    assert sequence(event) == 1
    assert event.dtstamp.value == dt.datetime(2027, 3, 1, tzinfo=dt.UTC)


def test_a_changed_period_moves_the_last_clipped_event(repo: KommunRepo) -> None:
    shorter = changed(BASE_TEXT, "  till: 2028-12-31", "  till: 2028-10-31", count=1)
    history = [version(BASE_TEXT, FIRST), version(shorter, SECOND)]
    after = events(calendar_bytes(loaded(repo, shorter), dt.date(2027, 3, 1), history=history))
    last = after["hemtjanst-norr-R1-2028-T3"]
    assert last.dtstart.value == dt.date(2028, 11, 30)  # 30 days after 31 October
    assert sequence(last) == 1


def test_a_removed_report_is_cancelled_for_one_version(repo: KommunRepo) -> None:
    history = [version(WITH_R4, FIRST), version(BASE_TEXT, SECOND)]
    after = events(calendar_bytes(loaded(repo, BASE_TEXT), dt.date(2027, 3, 1), history=history))
    cancelled = {k: e for k, e in after.items() if str(e.status.value) == "CANCELLED"}
    assert sorted(cancelled) == [
        f"{BASE_ID}-R4-{h}" for h in ("2027-H1", "2027-H2", "2028-H1", "2028-H2")
    ]
    assert all(sequence(e) == 1 and e.dtstamp.value == SECOND for e in cancelled.values())
    assert not any(hasattr(e, "valarm") for e in cancelled.values())
    later = changed(BASE_TEXT, "minst: 88", "minst: 90", count=1)
    history.append(version(later, SECOND + dt.timedelta(days=1)))
    gone = events(calendar_bytes(loaded(repo, later), dt.date(2027, 3, 1), history=history))
    assert not any("-R4-" in key for key in gone)


def test_a_removed_period_is_cancelled(repo: KommunRepo) -> None:
    shorter = changed(BASE_TEXT, "  till: 2028-12-31", "  till: 2027-12-31", count=1)
    history = [version(BASE_TEXT, FIRST), version(shorter, SECOND)]
    after = events(calendar_bytes(loaded(repo, shorter), dt.date(2027, 3, 1), history=history))
    cancelled = sorted(k for k, e in after.items() if str(e.status.value) == "CANCELLED")
    assert cancelled and all("-2028" in key for key in cancelled)


def test_a_report_put_back_is_a_new_sequence_of_the_same_event(repo: KommunRepo) -> None:
    history = [
        version(WITH_R4, FIRST),
        version(BASE_TEXT, SECOND),
        version(WITH_R4, SECOND + dt.timedelta(days=1)),
    ]
    after = events(calendar_bytes(loaded(repo, WITH_R4), dt.date(2027, 3, 1), history=history))
    r4 = [e for key, e in after.items() if "-R4-" in key]
    assert len(r4) == 4
    assert all(sequence(e) == 2 and str(e.status.value) == "CONFIRMED" for e in r4)


def test_an_unreadable_version_is_skipped(repo: KommunRepo) -> None:
    history = [version(BASE_TEXT, FIRST), version("titel: [trasig\n", SECOND)]
    after = events(calendar_bytes(loaded(repo, BASE_TEXT), dt.date(2027, 3, 1), history=history))
    assert all(sequence(e) == 0 and e.dtstamp.value == FIRST for e in after.values())


def test_reminder_and_domain_from_kommun_yaml(repo: KommunRepo) -> None:
    uppdrag = loaded(repo, BASE_TEXT)
    default = events(calendar_bytes(uppdrag, dt.date(2027, 1, 10)))[T1]
    assert str(default.uid.value) == f"{T1}@uppdrag-docs"
    [alarm] = default.valarm_list
    assert str(alarm.action.value) == "DISPLAY"
    assert alarm.trigger.value == -dt.timedelta(days=6, hours=15)  # 09:00 a week before
    settings = CalendarSettings.model_validate({"domän": "linkoping.se", "påminnelse_dagar": None})
    data = calendar_bytes(uppdrag, dt.date(2027, 1, 10), settings=settings)
    assert all(uid.endswith("@linkoping.se") for uid in uids(data))
    assert b"VALARM" not in data


def test_kalender_in_kommun_yaml_is_checked(repo: KommunRepo) -> None:
    kommun = repo.uppdrag_dir / "gemensamt" / "kommun.yaml"
    text = kommun.read_text(encoding="utf-8")
    assert "  domän: linkoping.se " in text
    kommun.write_text(changed(text, "  domän: linkoping.se ", "  domän: Linköping.se "), "utf-8")
    result = load([repo.write(BASE_TEXT)], root=repo.root)
    [finding] = result.errors
    assert finding.message == (
        "'kalender.domän' är 'Linköping.se', men ska vara ett domännamn med gemena a–z, "
        "siffror, '-' och '.', t.ex. linkoping.se"
    )
    kommun.write_text(text.split("kalender:")[0], encoding="utf-8")
    result = load([repo.root / "uppdrag" / f"{BASE_ID}.yaml"], root=repo.root)
    [item] = result.uppdrag.values()
    assert item.shared.kommun is not None
    assert item.shared.kommun.calendar == CalendarSettings(domain=None, reminder_days=7)


@pytest.mark.slow  # the build runs pandoc
def test_the_build_takes_the_domain_from_kommun_yaml(repo: KommunRepo) -> None:
    repo.write_base()
    data = calendar_of(repo.root)
    assert all(uid.endswith("@linkoping.se") for uid in uids(data))
    assert data == calendar_of(repo.root, out="igen")  # reproducible


def calendar_of(root: Path, out: str = "build") -> bytes:
    report = build([root / "uppdrag"], BuildOptions(out=root / out, pdf=False))
    assert not report.failed, report.failed
    return (root / out / f"{BASE_ID}-rapportering.ics").read_bytes()


def test_built_in_git_a_moved_date_gets_a_higher_sequence(git_repo: GitRepo) -> None:
    git_repo.write_base()
    git_repo.commit("Första versionen")
    first = events(calendar_of(git_repo.root))
    assert sequence(first[T1]) == 0
    committed = dt.datetime(2027, 2, 10, 9, 0, tzinfo=dt.UTC)  # GIT_COMMITTER_DATE
    assert first[T1].dtstamp.value == committed
    git_repo.write_base(R1_DAYS, "    dagar_efter_period: 20\n")
    git_repo.git("add", "-A")
    subprocess.run(
        ["git", "commit", "-q", "-m", "Tidigare"],
        cwd=git_repo.root,
        env={**os.environ, **GIT_ENV, "GIT_COMMITTER_DATE": "2027-02-20T10:00:00+01:00"},
        check=True,
    )
    second = events(calendar_of(git_repo.root))
    assert second[T1].dtstart.value == dt.date(2027, 5, 20)
    assert sequence(second[T1]) == 1
    assert second[T1].dtstamp.value == dt.datetime(2027, 2, 20, 9, 0, tzinfo=dt.UTC)
    r2 = next(key for key in second if "-R2-" in key)
    assert sequence(second[r2]) == 0 and second[r2].dtstamp.value == committed


def test_a_fresh_clone_builds_the_same_calendar(git_repo: GitRepo, tmp_path: Path) -> None:
    git_repo.write_base()
    git_repo.commit("Första versionen")
    git_repo.write_base(R1_DAYS, "    dagar_efter_period: 20\n")
    git_repo.commit("Tidigare")
    here = calendar_of(git_repo.root)
    clone = tmp_path / "klon"
    subprocess.run(["git", "clone", "-q", str(git_repo.root), str(clone)], check=True)
    assert calendar_of(clone) == here
    shutil.rmtree(git_repo.root / "build")
    assert calendar_of(git_repo.root) == here


def test_a_commit_that_undoes_a_change_makes_the_calendar_stale(git_repo: GitRepo) -> None:
    (git_repo.root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git_repo.write_base()
    git_repo.commit("Första versionen")
    assert sequence(events(calendar_of(git_repo.root))[T1]) == 0
    git_repo.write((EXAMPLES / "socialjour.yaml").read_text(encoding="utf-8"), "socialjour")
    git_repo.commit("Ett annat uppdrag")
    report = build(
        [git_repo.root / "uppdrag"], BuildOptions(out=git_repo.root / "build", pdf=False)
    )
    assert BASE_ID in report.skipped  # another file's commit changes nothing here
    git_repo.write_base(R1_DAYS, "    dagar_efter_period: 20\n")
    git_repo.commit("Tidigare")
    git_repo.write_base()
    git_repo.commit("Som förut")
    report = build(
        [git_repo.root / "uppdrag"], BuildOptions(out=git_repo.root / "build", pdf=False)
    )
    assert BASE_ID in report.built
    event = events((git_repo.root / "build" / f"{BASE_ID}-rapportering.ics").read_bytes())[T1]
    assert event.dtstart.value == dt.date(2027, 5, 30) and sequence(event) == 2


def test_a_shallow_clone_warns_that_the_history_is_short(git_repo: GitRepo, tmp_path: Path) -> None:
    git_repo.write_base()
    git_repo.commit("Första versionen")
    git_repo.write_base(R1_DAYS, "    dagar_efter_period: 20\n")
    git_repo.commit("Tidigare")
    clone = tmp_path / "grund"
    source = f"file://{git_repo.root}"
    subprocess.run(["git", "clone", "-q", "--depth", "1", source, str(clone)], check=True)
    report = build([clone / "uppdrag"], BuildOptions(out=clone / "build", pdf=False))
    assert report.warnings == [SHALLOW] and report.ok
    assert sequence(events(calendar_of(clone, out="igen"))[T1]) == 0  # all it can know
