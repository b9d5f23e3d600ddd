"""What the cover and list of ärenden of a meeting's documents see (`sammantrade.docx`).

The meeting's build (`build/meeting.py`) knows where each ärende and bilaga starts in
`handlingar.pdf` only after converting them; it hands its ärenden over as they are, and this
module makes of them the fields the template sees, formatted like the other documents'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from uppdrag_docs.render.arende import case_title
from uppdrag_docs.render.model.agenda import AgendaCase, AgendaPart, AgendaValues
from uppdrag_docs.swedish import date_iso, date_text, paragraf
from uppdrag_docs.trust.checks import LoadedUppdrag
from uppdrag_docs.version import TOOL

DECISION_PART = "Verksamhetsuppdrag"
"""How the list and the bookmarks name the decision document the tjänsteskrivelse puts forward."""
FOLLOW_UP_PART = "Samlad redovisning"
"""How the list and the bookmarks name the samlad redovisning, an ärende of its own."""
STATUS_TEXT = {
    "utkast": "Utkast",
    "förslag": "Förslag",
    "fastställt": "Fastställt",
    "upphävt": "Upphävt",
}


class ListedAttachment(Protocol):
    """A bilaga in the list: its number, its title and the page of the bundle it starts on."""

    @property
    def number(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def first_page(self) -> int: ...


class ListedCase(Protocol):
    """An ärende in the list: the tjänsteskrivelse from `first_page`, the decision document
    from `decision_page`, then the bilagor."""

    @property
    def number(self) -> int: ...
    @property
    def loaded(self) -> LoadedUppdrag: ...
    @property
    def first_page(self) -> int: ...
    @property
    def decision_page(self) -> int: ...
    @property
    def attachments(self) -> Sequence[ListedAttachment]: ...


class ListedFollowUp(Protocol):
    """A samlad redovisning in the list: an ärende of its own, one document, no bilagor."""

    @property
    def number(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def case_numbers(self) -> Sequence[str]: ...
    @property
    def administration(self) -> str: ...
    @property
    def kommun(self) -> str: ...
    @property
    def first_page(self) -> int: ...


def agenda_values(
    cases: Sequence[ListedCase],
    *,
    board: str,
    date: dt.date,
    follow_ups: Sequence[ListedFollowUp] = (),
) -> AgendaValues:
    """The cover's and the list's fields, for the meeting of `board` on `date`: the uppdrag's
    ärenden, then the samlade redovisningar."""
    kommun = cases[0].loaded.shared.kommun if cases else None
    kommun_name = kommun.name if kommun else (follow_ups[0].kommun if follow_ups else "")
    administrations = sorted(
        {c.loaded.uppdrag.orderer.administration for c in cases}
        | {f.administration for f in follow_ups}
    )
    count = len(cases) + len(follow_ups)
    listed: list[AgendaCase] = [
        {
            "nr": case.number,
            "titel": case_title(case.loaded.uppdrag),
            "diarienummer": case.loaded.uppdrag.case_number,
            "beslut": _decision(case.loaded),
            "sida": str(case.first_page),
            "bilagor": [
                {"nr": a.number, "titel": a.title, "sida": str(a.first_page)}
                for a in case.attachments
            ],
            "delar": _parts(case),
        }
        for case in cases
    ]
    listed += [
        {
            "nr": f.number,
            "titel": f.title,
            "diarienummer": ", ".join(f.case_numbers),
            "beslut": STATUS_TEXT["förslag"],
            "sida": str(f.first_page),
            "bilagor": [],
            "delar": [{"rubrik": FOLLOW_UP_PART, "sida": str(f.first_page)}],
        }
        for f in follow_ups
    ]
    return {
        "kommun": kommun_name,
        "namnd": board,
        "datum": date_iso(date),
        "datum_text": date_text(date),
        "forvaltning": ", ".join(administrations),
        "antal": count,
        "antal_text": f"{count} ärende" + ("n" if count != 1 else ""),
        "arenden": listed,
        "verktyg": TOOL,
    }


def _parts(case: ListedCase) -> list[AgendaPart]:
    """The decision document, then each bilaga, with the page it starts on."""
    parts: list[AgendaPart] = [{"rubrik": DECISION_PART, "sida": str(case.decision_page)}]
    parts += [
        {"rubrik": f"Bilaga {a.number}: {a.title}", "sida": str(a.first_page)}
        for a in case.attachments
    ]
    return parts


def _decision(loaded: LoadedUppdrag) -> str:
    uppdrag = loaded.uppdrag
    text = STATUS_TEXT[uppdrag.status]
    if uppdrag.decision is not None and uppdrag.decision.paragraph is not None:
        text += f", {paragraf(uppdrag.decision.paragraph)}"
    return text
