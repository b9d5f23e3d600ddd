"""Dates of a follow-up file that cannot be true, each an error at its line.

A report delivered before its period began cannot report the period's outcomes, and a
bedömning dated after the sammanträde that is to take it was not in the nämnd's papers: both
are a slip of the year or the month that no other check sees, and that the kommun must hear
of before the figures go to the nämnd.
"""

from __future__ import annotations

from collections.abc import Iterator

from uppdrag_docs import codes
from uppdrag_docs.findings import Finding
from uppdrag_docs.follow_up.files import FollowUpFile
from uppdrag_docs.follow_up.models import OutcomeReport, Review
from uppdrag_docs.follow_up.periods import calendar
from uppdrag_docs.format.schema import Uppdrag


def impossible_dates(file: FollowUpFile, uppdrag: Uppdrag) -> Iterator[Finding]:
    model = file.model
    if isinstance(model, OutcomeReport):
        report = next((r for r in uppdrag.reports if r.id == model.report), None)
        due = calendar(report, uppdrag.period).get(model.period) if report else None
        if due is not None and model.delivered < due.start:
            yield file.finding(
                ("inlämnad",),
                codes.IMPOSSIBLE_DATE,
                f"rapporten lämnades {model.delivered.isoformat()}, före periodens början "
                f"{due.start.isoformat()}; en rapport om {model.period} kan lämnas först när "
                "perioden har börjat",
            )
    elif isinstance(model, Review) and model.meeting and model.date > model.meeting:
        yield file.finding(
            ("datum",),
            codes.IMPOSSIBLE_DATE,
            f"bedömningen är daterad {model.date.isoformat()}, efter sammanträdet "
            f"{model.meeting.isoformat()} som ska behandla den; den bereds före sammanträdet",
        )
