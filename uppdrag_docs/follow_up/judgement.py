"""The assessment rule of `shared/spec/uppfoljning.md`, in one place and in `Decimal`.

For a number target (`minst` m and/or `högst` h) and one period's value v: `uppfyllt` when v
meets every bound; `delvis uppfyllt` when it misses a bound by at most `delvis_marginal` of it
(minst: m − |m| × marginal ≤ v < m; högst: h < v ≤ h + |h| × marginal); `ej uppfyllt`
otherwise. A text target takes the utförare's own bedömning. Nothing to judge (no report, the
criterion left out, `ej_mätt`) is `ej redovisat`. A year combines its periods: `uppfyllt` only
when every period is reported and uppfyllt, `ej uppfyllt` when every reported one is, and
`delvis uppfyllt` in between, so a missing period makes a year at best delvis uppfyllt.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from uppdrag_docs.calc.rounding import ORE, round_money
from uppdrag_docs.follow_up.models import Judgement, Outcome
from uppdrag_docs.format.schema import Criterion
from uppdrag_docs.format.shared import Target

Assessed = Literal["uppfyllt", "delvis uppfyllt", "ej uppfyllt", "ej redovisat"]
MET: Judgement = "uppfyllt"
PARTLY: Judgement = "delvis uppfyllt"
NOT_MET: Judgement = "ej uppfyllt"
NOT_REPORTED: Assessed = "ej redovisat"


def judge(value: Decimal, target: Target, margin: Decimal) -> Judgement:
    """One value against a number target."""
    misses: list[Judgement] = []
    low, high = target.at_least, target.at_most
    if low is not None and value < low:
        misses.append(PARTLY if value >= low - abs(low) * margin else NOT_MET)
    if high is not None and value > high:
        misses.append(PARTLY if value <= high + abs(high) * margin else NOT_MET)
    if NOT_MET in misses:
        return NOT_MET
    return PARTLY if misses else MET


def is_text_target(criterion: Criterion) -> bool:
    return criterion.target.at_least is None and criterion.target.at_most is None


def judge_outcome(outcome: Outcome | None, criterion: Criterion, margin: Decimal) -> Assessed:
    """One period's outcome, or `ej redovisat` when there is nothing to judge."""
    if outcome is None or outcome.not_measured is not None:
        return NOT_REPORTED
    if is_text_target(criterion):
        return outcome.judgement or NOT_REPORTED
    if outcome.value is None:
        return NOT_REPORTED
    return judge(outcome.value, criterion.target, margin)


def judge_year(periods: Sequence[Assessed]) -> Assessed:
    """A year from its periods: those due by the `per` date, and those reported before."""
    reported = [p for p in periods if p != NOT_REPORTED]
    if not reported:
        return NOT_REPORTED
    if len(reported) == len(periods) and all(p == MET for p in reported):
        return MET
    if all(p == NOT_MET for p in reported):
        return NOT_MET
    return PARTLY


def mean(values: Sequence[Decimal]) -> Decimal:
    """A mean as it is assessed and shown: rounded to two decimals, half away from zero."""
    return round_money(sum(values, Decimal(0)) / len(values), ORE)
