"""An outcome against its criterion, in a report and in the likvärdighet alike: the criterion
exists in the uppdrag and is named once in its list, and the outcome suits the target (a number
for a number, a bedömning for a text, a percent within 0–100)."""

from __future__ import annotations

from collections.abc import Iterator

from uppdrag_docs import codes
from uppdrag_docs.findings import Finding
from uppdrag_docs.follow_up.files import FollowUpFile
from uppdrag_docs.follow_up.judgement import is_text_target
from uppdrag_docs.follow_up.models import Outcome
from uppdrag_docs.format.schema import Criterion
from uppdrag_docs.quoting import quoted
from uppdrag_docs.swedish import number_as_written
from uppdrag_docs.trust.checks import LoadedUppdrag

PERCENT = "procent"

Loc = tuple[str | int, ...]


def named_criterion(
    file: FollowUpFile, loc: Loc, outcome: Outcome, loaded: LoadedUppdrag, seen: dict[str, int]
) -> Criterion | Finding | None:
    """The criterion an outcome names; a finding when it is unknown or named twice."""
    ident = outcome.criterion
    if ident in seen:
        return file.finding(
            (*loc, "kriterium"),
            codes.DUPLICATE_ENTRY,
            f"{ident} finns redan som utfall nummer {seen[ident] + 1} i samma lista",
        )
    seen[ident] = loc[-1] if isinstance(loc[-1], int) else 0
    criterion = next((c for c in loaded.criteria if c.id == ident), None)
    if criterion is None:
        known = ", ".join(c.id for c in loaded.criteria)
        return file.finding(
            (*loc, "kriterium"),
            codes.UNKNOWN_CRITERION,
            f"kriteriet {quoted(ident)} finns inte i uppdraget ({known})",
        )
    return criterion


def outcome_findings(
    file: FollowUpFile, loc: Loc, outcome: Outcome, criterion: Criterion
) -> Iterator[Finding]:
    """The outcome suits the target: a number for a number, a bedömning for a text."""
    given = [
        key
        for key, value in (
            ("värde", outcome.value),
            ("bedömning", outcome.judgement),
            ("ej_mätt", outcome.not_measured),
        )
        if value is not None
    ]
    text_target = is_text_target(criterion)
    if len(given) > 1:
        yield file.finding(
            (*loc, given[1]),
            codes.OUTCOME_KIND,
            f"ange ett av {' och '.join(given)} för {criterion.id}, inte flera",
        )
    elif not given:
        needed = "bedömning" if text_target else "värde"
        yield file.finding(
            loc,
            codes.OUTCOME_KIND,
            f"{criterion.id} saknar '{needed}' (eller 'ej_mätt' med skälet)",
        )
    elif text_target and outcome.value is not None:
        yield file.finding(
            (*loc, "värde"),
            codes.OUTCOME_KIND,
            f"{criterion.id} har ett textmål; ange 'bedömning' i stället för 'värde'",
        )
    elif not text_target and outcome.judgement is not None:
        yield file.finding(
            (*loc, "bedömning"),
            codes.OUTCOME_KIND,
            f"{criterion.id} har ett talmål och bedöms av verktyget; ange 'värde'",
        )
    value = outcome.value
    if value is not None and criterion.target.unit == PERCENT and not 0 <= value <= 100:
        yield file.finding(
            (*loc, "värde"),
            codes.VALUE_NOT_NUMBER,
            f"{criterion.id} mäts i procent; {number_as_written(value)} ligger utanför 0–100",
        )


def binds_procured(criterion: Criterion) -> bool:
    """A catalogue criterion, or an inline one with `likvärdig: true` (riktlinjen 2.3)."""
    return criterion.ref is not None or criterion.equal_terms
