"""The reporting calendar as an iCalendar file, which calendar clients can take in again and again.

Each due date is one all-day event. Its UID names the uppdrag, the report and the reporting
period, never the date (`hemtjanst-norr-R1-2027-T2@linkoping.se`), so a due date that moves (a
changed `dagar_efter_period`, a changed period) is the same event, which a client updates.

What a client compares to do so, SEQUENCE and DTSTAMP/LAST-MODIFIED, is derived from the
committed versions of the uppdrag file (`git.file_history`), never from the build folder or the
clock: the same file with the same history gives the same bytes on every machine, in CI's fresh
clone as in a folder built a hundred times. Replaying the versions oldest first, an event's
SEQUENCE is the number of versions that changed it (its date, summary or description) after
the first, and its DTSTAMP and LAST-MODIFIED are the commit time of the last of them; changes
not yet committed are one more version, at the document's date (or the last commit's time,
when that is later). An event the newest version no
longer has (a removed report or period) is written once more with STATUS:CANCELLED, for as long
as that version is the newest. A version that is not a readable calendar is skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from uppdrag_docs.format.base import Title
from uppdrag_docs.format.document import MAX_FILE_BYTES, Document, parse_into
from uppdrag_docs.format.schedule import MONTHS_PER_PERIOD, Due, Reporting, reporting_calendar
from uppdrag_docs.format.schema import Frequency, Period, Report
from uppdrag_docs.format.shared import CalendarSettings
from uppdrag_docs.git import FileVersion
from uppdrag_docs.trust.checks import LoadedUppdrag

DEFAULT_DOMAIN = "uppdrag-docs"
"""The end of every UID when kommun.yaml names no `kalender.domän`."""

REMINDER_HOUR = 9
"""The reminder comes at this hour, `påminnelse_dagar` days before the due date."""

_PERIOD_CODES: dict[Frequency, str] = {"kvartal": "K", "tertial": "T", "halvår": "H"}


class _Source(Reporting, Protocol):
    """An uppdrag, or the `_Calendar` of an older version of its file."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def case_number(self) -> str: ...


class _Calendar(BaseModel):
    """The parts of an uppdrag file that its calendar is made of, read from any version."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(alias="id")
    title: Title = Field(alias="titel")
    case_number: Title = Field(alias="diarienummer")
    period: Period = Field(alias="period")
    reports: list[Report] = Field(alias="rapportering")


@dataclass(frozen=True)
class _Content:
    """What an event says; a change to any of it is a new SEQUENCE."""

    due: dt.date
    summary: str
    description: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class _State:
    content: _Content
    sequence: int
    modified: dt.datetime
    version: int
    """The index of the version that last changed the event."""
    cancelled: bool = False


def period_key(due: Due) -> str:
    """The reporting period as the UID names it: `2027-T2`, `2027-M05`, `2027` for a year."""
    frequency, year = due.report.frequency, due.start.year
    if frequency == "år":
        return str(year)
    if frequency == "månad":
        return f"{year}-M{due.start.month:02}"
    number = (due.start.month - 1) // MONTHS_PER_PERIOD[frequency] + 1
    return f"{year}-{_PERIOD_CODES[frequency]}{number}"


def _events(source: _Source) -> dict[str, _Content]:
    """Each event of an uppdrag (or of an older version's `_Calendar`) by its UID, in order."""
    out: dict[str, _Content] = {}
    for due in reporting_calendar(source):
        report = due.report
        out.setdefault(
            f"{source.id}-{report.id}-{period_key(due)}",
            _Content(
                due=due.due,
                summary=f"{report.id} {report.what} ({due.label}) – {source.title}",
                description=(
                    f"Rapport {report.id} för perioden {due.start.isoformat()}–"
                    f"{due.end.isoformat()} lämnas till {report.recipient} senast "
                    f"{due.due.isoformat()}.\nForm: {report.form}\n"
                    f"Uppdrag: {source.title} ({source.case_number})"
                ),
                categories=("Rapportering", source.case_number),
            ),
        )
    return out


def _version_events(path: Path, version: FileVersion) -> dict[str, _Content] | None:
    """The events of a committed version, or None when it is no readable calendar."""
    if len(version.data) > MAX_FILE_BYTES:
        return None
    doc = Document(path=path)
    parse_into(doc, version.data)
    try:
        return _events(_Calendar.model_validate(doc.data))
    except ValidationError:
        return None


def _replay(versions: Sequence[tuple[dt.datetime, dict[str, _Content]]]) -> dict[str, _State]:
    state: dict[str, _State] = {}
    for index, (moment, events) in enumerate(versions):
        for key, content in events.items():
            old = state.get(key)
            if old is None:
                state[key] = _State(content, 0, moment, index)
            elif old.cancelled or old.content != content:
                state[key] = _State(content, old.sequence + 1, moment, index)
        for key, old in list(state.items()):
            if key not in events and not old.cancelled:
                state[key] = _State(old.content, old.sequence + 1, moment, index, cancelled=True)
    return state


def calendar_bytes(
    loaded: LoadedUppdrag,
    stamp: dt.date,
    *,
    history: Sequence[FileVersion] = (),
    settings: CalendarSettings | None = None,
) -> bytes:
    """The calendar of `loaded`, counted from the committed versions of its file (`history`).

    `stamp` (the document date) is the time of changes not yet committed, and of every event
    when there is no history, so the bytes stay reproducible.
    """
    from icalendar import Alarm, Calendar, Event

    settings = settings or CalendarSettings()
    uppdrag = loaded.uppdrag
    versions: list[tuple[dt.datetime, dict[str, _Content]]] = []
    for version in history:
        events = _version_events(loaded.path, version)
        if events is not None:
            versions.append((version.time, events))
    current = _events(uppdrag)
    if not versions or versions[-1][1] != current:
        moment = dt.datetime.combine(stamp, dt.time(0, 0), tzinfo=dt.UTC)
        versions.append((max([moment, *(time for time, _ in versions[-1:])]), current))
    last = len(versions) - 1
    state = _replay(versions)
    shown = [*current, *(k for k, s in state.items() if s.cancelled and s.version == last)]

    cal = Calendar()
    cal.add("prodid", "-//uppdrag-docs//Verksamhetsuppdrag//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Rapportering – {uppdrag.title}")
    for key in shown:
        event_state = state[key]
        content = event_state.content
        event = Event()
        event.add("uid", f"{key}@{settings.domain or DEFAULT_DOMAIN}")
        event.add("dtstamp", event_state.modified)
        event.add("last-modified", event_state.modified)
        event.add("sequence", event_state.sequence)
        event.add("dtstart", content.due)
        event.add("dtend", content.due + dt.timedelta(days=1))
        event.add("summary", content.summary)
        event.add("description", content.description)
        event.add("categories", list(content.categories))
        event.add("transp", "TRANSPARENT")
        event.add("status", "CANCELLED" if event_state.cancelled else "CONFIRMED")
        if settings.reminder_days is not None and not event_state.cancelled:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Påminnelse: {content.summary}")
            alarm.add("trigger", dt.timedelta(days=-settings.reminder_days, hours=REMINDER_HOUR))
            event.add_component(alarm)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
