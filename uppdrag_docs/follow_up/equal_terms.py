"""Likvärdighet (riktlinjen 2.3): egen regi beside the upphandlade utförare on the same criteria.

For each likvärdighet file of a year and each criterion it has figures for: egen regi's outcome
for the same period key, or the mean of its reported periods inside the key ("medelvärde av 3
tertial"), beside each upphandlad utförare's value assessed by the same rule and margin, and the
file's reference rows (Riket), which are never assessed. Every figure keeps its `antal_svar`, so
that the register can leave out a value from fewer than five answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from uppdrag_docs.follow_up.collection import Delivered, FollowUp
from uppdrag_docs.follow_up.judgement import (
    NOT_REPORTED,
    Assessed,
    is_text_target,
    judge,
    judge_outcome,
    mean,
)
from uppdrag_docs.follow_up.models import Outcome
from uppdrag_docs.follow_up.periods import PeriodKey
from uppdrag_docs.format.schema import Criterion


@dataclass(frozen=True)
class ProviderValue:
    name: str
    value: Decimal | None
    judgement: Assessed
    answers: int | None = None
    """`antal_svar`, when the file says how many answered."""


@dataclass(frozen=True)
class ReferenceValue:
    """A reference row of a likvärdighet file (Riket): shown beside the utförare, never assessed."""

    name: str
    value: Decimal | None
    answers: int | None
    source: str


@dataclass(frozen=True)
class EqualTermsLine:
    """One criterion of one likvärdighet period: egen regi beside each upphandlad utförare."""

    criterion: Criterion
    period: PeriodKey
    own: Decimal | None
    """Egen regi's outcome for the same key, or the mean of its reported periods inside it."""
    own_judgement: Assessed
    mean_of: tuple[PeriodKey, ...]
    """The periods of egen regi that `own` is the mean of; empty for its outcome of the key."""
    providers: tuple[ProviderValue, ...]
    own_answers: tuple[int | None, ...] = ()
    """`antal_svar` of each outcome that `own` is made from (one, or those of the mean)."""
    references: tuple[ReferenceValue, ...] = ()
    source: str = ""
    """The likvärdighet file's `källa`."""


def outcome_of(
    delivered: Delivered | None, criterion: Criterion
) -> tuple[int | None, Outcome | None]:
    if delivered is None:
        return None, None
    for i, outcome in enumerate(delivered.model.outcomes or []):
        if outcome.criterion == criterion.id:
            return i, outcome
    return None, None


def equal_terms(follow: FollowUp, year: int) -> list[EqualTermsLine]:
    out: list[tuple[tuple[object, ...], EqualTermsLine]] = []
    criteria = list(follow.loaded.criteria)
    for trusted in follow.equal_terms:
        equal = trusted.model
        if equal.period.year != year:
            continue
        for position, criterion in enumerate(criteria):
            providers = [
                ProviderValue(
                    provider.name,
                    outcome.value,
                    judge_outcome(outcome, criterion, follow.margin),
                    outcome.answers,
                )
                for provider in equal.providers
                for outcome in provider.outcomes
                if outcome.criterion == criterion.id
            ]
            if not providers:
                continue
            references = tuple(
                ReferenceValue(
                    reference.name, outcome.value, outcome.answers, reference.source or equal.source
                )
                for reference in equal.references
                for outcome in reference.outcomes
                if outcome.criterion == criterion.id
            )
            own, own_judgement, mean_of, answers = _own(follow, criterion, equal.period)
            line = EqualTermsLine(
                criterion,
                equal.period,
                own,
                own_judgement,
                mean_of,
                tuple(providers),
                answers,
                references,
                equal.source,
            )
            out.append(((position, equal.period.sort_key()), line))
    return [line for _, line in sorted(out, key=lambda pair: pair[0])]


def _own(
    follow: FollowUp, criterion: Criterion, key: PeriodKey
) -> tuple[Decimal | None, Assessed, tuple[PeriodKey, ...], tuple[int | None, ...]]:
    """Egen regi's figure for a likvärdighet key: its own outcome for that key, else the mean
    of its reported values for the periods inside it ("medelvärde av 3 tertial"); with the
    `antal_svar` of each outcome it is made from."""
    inside: list[tuple[PeriodKey, Decimal, int | None]] = []
    for (report_id, period), delivered in follow.reports.items():
        if report_id not in criterion.reports or not key.contains(period):
            continue
        _, outcome = outcome_of(delivered, criterion)
        if outcome is None or outcome.not_measured is not None:
            continue
        if period == key:
            judged = judge_outcome(outcome, criterion, follow.margin)
            return outcome.value, judged, (), (outcome.answers,)
        if outcome.value is not None:
            inside.append((period, outcome.value, outcome.answers))
    if not inside or is_text_target(criterion):
        return None, NOT_REPORTED, (), ()
    inside.sort(key=lambda entry: entry[0].sort_key())
    value = mean([v for _, v, _ in inside])
    return (
        value,
        judge(value, criterion.target, follow.margin),
        tuple(k for k, _, _ in inside),
        tuple(a for _, _, a in inside),
    )
