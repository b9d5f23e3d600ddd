"""The ärende's rules: what a nämnd needs in the tjänsteskrivelse of a förslag or a decision.

A förslag or fastställt uppdrag without a word on jämställdhet is a warning (the tjänsteskrivelse
has the heading, and an empty one says nothing was considered), and so is one whose samråd does
not name the utförare: riktlinjen 3 asks for a proposal worked out with Leanlink and presented
jointly. An utkast is still being written and is left alone. A tjänsteskrivelse dated after
its meeting, or a beslutsunderlag dated after the tjänsteskrivelse, is an error whatever the
status: a date that cannot be true.
"""

from __future__ import annotations

from collections.abc import Iterator

from uppdrag_docs import codes
from uppdrag_docs.findings import Finding
from uppdrag_docs.format.document import Document, PathKey
from uppdrag_docs.format.repository import Shared
from uppdrag_docs.format.schema import Uppdrag
from uppdrag_docs.rules.guideline import Rule, folded


def _where(uppdrag: Uppdrag, key: str) -> PathKey:
    """The key if it is there, else the ärende, else the status that asks for it."""
    if uppdrag.case is None:
        return ("status",)
    return ("ärende", key)


def _equality(uppdrag: Uppdrag, doc: Document, _shared: Shared) -> Iterator[Finding]:
    if uppdrag.presented and (uppdrag.case is None or uppdrag.case.equality is None):
        yield doc.finding(
            _where(uppdrag, "jämställdhet"),
            codes.NO_EQUALITY,
            f"ett uppdrag med status {uppdrag.status} behöver 'ärende.jämställdhet': "
            "tjänsteskrivelsen ska säga hur beslutet påverkar kvinnors och mäns villkor",
        )


def _consultation(uppdrag: Uppdrag, doc: Document, _shared: Shared) -> Iterator[Finding]:
    if not uppdrag.presented:
        return
    provider = folded(uppdrag.provider.name)
    parties = uppdrag.case.consultation if uppdrag.case is not None else []
    if not any(provider in folded(c.party) for c in parties):
        yield doc.finding(
            _where(uppdrag, "samråd"),
            codes.PROVIDER_NOT_CONSULTED,
            f"{uppdrag.provider.name} finns inte bland parterna i 'ärende.samråd'; förslaget "
            "ska arbetas fram i dialog med utföraren och redovisas gemensamt för nämnden",
        )


def _dates(uppdrag: Uppdrag, doc: Document, _shared: Shared) -> Iterator[Finding]:
    """A tjänsteskrivelse is written before the meeting that decides on it, and what it lists
    as beslutsunderlag exists when it is written: a date after that is a slip of the pen."""
    case = uppdrag.case
    if case is None:
        return
    meeting = uppdrag.decision.meeting if uppdrag.decision is not None else None
    if case.date is not None and meeting is not None and case.date > meeting:
        yield doc.finding(
            ("ärende", "datum"),
            codes.CASE_DATE,
            f"tjänsteskrivelsen är daterad {case.date.isoformat()}, efter sammanträdet "
            f"{meeting.isoformat()} som ska besluta om den",
        )
    written, what = (case.date, "tjänsteskrivelsen") if case.date else (meeting, "sammanträdet")
    for i, basis in enumerate(case.basis):
        if basis.date is not None and written is not None and basis.date > written:
            yield doc.finding(
                ("ärende", "beslutsunderlag", i, "datum"),
                codes.CASE_DATE,
                f"beslutsunderlaget '{basis.title}' är daterat {basis.date.isoformat()}, efter "
                f"{what} {written.isoformat()}; ett underlag finns innan ärendet skrivs",
            )


RULES: tuple[Rule, ...] = (_equality, _consultation, _dates)
