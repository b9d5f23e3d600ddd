"""The reporting calendar as an iCalendar file, so recipients can add every due date."""

from __future__ import annotations

import datetime as dt

from uppdrag_docs.checks import LoadedUppdrag
from uppdrag_docs.schedule import reporting_calendar


def calendar_bytes(loaded: LoadedUppdrag, stamp: dt.date) -> bytes:
    """One all-day event per due date; `stamp` (the document date) keeps the bytes reproducible."""
    from icalendar import Calendar, Event

    uppdrag = loaded.uppdrag
    cal = Calendar()
    cal.add("prodid", "-//uppdrag-docs//Verksamhetsuppdrag//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Rapportering – {uppdrag.title}")
    moment = dt.datetime.combine(stamp, dt.time(0, 0), tzinfo=dt.UTC)
    for due in reporting_calendar(uppdrag):
        report = due.report
        event = Event()
        event.add("uid", f"{uppdrag.id}-{report.id}-{due.end.isoformat()}@uppdrag-docs")
        event.add("dtstamp", moment)
        event.add("dtstart", due.due)
        event.add("dtend", due.due + dt.timedelta(days=1))
        event.add("summary", f"{report.id} {report.what} ({due.label}) – {uppdrag.title}")
        event.add(
            "description",
            f"Rapport {report.id} för perioden {due.start.isoformat()}–{due.end.isoformat()} "
            f"lämnas till {report.recipient} senast {due.due.isoformat()}.\n"
            f"Form: {report.form}\nUppdrag: {uppdrag.title} ({uppdrag.case_number})",
        )
        event.add("categories", ["Rapportering", uppdrag.case_number])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
