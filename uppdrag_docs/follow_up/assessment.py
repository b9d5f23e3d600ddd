"""The follow-up of a year, as typed results: what `uppdrag uppföljning` prints and documents show.

For each uppdrag: every criterion by period with its computed bedömning and the förvaltning's
beside it, öppna böcker per reported period against the decided compensation, volumes against
the forecast, every report of the year with its status, likvärdighet against the upphandlade
utförare, and the mål with the förvaltning's bedömning. A year's periods are those that end in
it; what is due is decided by the `per` date (a report is due on its last day + dagar_efter_period,
and delivered on that day is in time). Nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from uppdrag_docs.follow_up.collection import Delivered, FollowUp, by_year
from uppdrag_docs.follow_up.equal_terms import EqualTermsLine, equal_terms, outcome_of
from uppdrag_docs.follow_up.judgement import (
    Assessed,
    judge_outcome,
    judge_year,
)
from uppdrag_docs.follow_up.models import (
    Economy,
    Forecast,
    Judgement,
    Outcome,
    Override,
    Review,
)
from uppdrag_docs.follow_up.money import (
    Decided,
    decided,
    forecast_volume,
    item_name,
    variable_item,
    variable_items,
    volume_amount,
)
from uppdrag_docs.follow_up.periods import PeriodKey
from uppdrag_docs.format.schema import Criterion, Report

Status = Literal["i tid", "försenad", "saknas", "ej förfallen"]


@dataclass(frozen=True)
class PeriodOutcome:
    """One criterion in one reporting period."""

    period: PeriodKey
    report: Report
    due: dt.date
    judgement: Assessed
    delivered: Delivered | None
    """The report, when it is in; the outcome is then `outcome`, if the report has one."""
    outcome: Outcome | None
    index: int | None
    """The outcome's place in the report's `utfall`."""

    @property
    def value(self) -> Decimal | None:
        return self.outcome.value if self.outcome is not None else None


@dataclass(frozen=True)
class CriterionYear:
    criterion: Criterion
    periods: tuple[PeriodOutcome, ...]
    judgement: Assessed
    """Computed from the periods; the förvaltning's override stands beside it, never instead."""
    override: Override | None


@dataclass(frozen=True)
class EconomyPeriod:
    period: PeriodKey
    delivered: Delivered
    economy: Economy
    decided: Decided | None

    @property
    def result(self) -> Decimal:
        return self.economy.result


@dataclass(frozen=True)
class VolumePeriod:
    item: str
    period: PeriodKey
    units: Decimal
    forecast: Decimal
    compensation: Decimal | None
    """pris(Y) × units in kr; None when the compensation cannot be calculated."""


@dataclass(frozen=True)
class ReportStatus:
    report: Report
    period: PeriodKey
    due: dt.date
    delivered: dt.date | None
    status: Status

    @property
    def late(self) -> bool:
        """Delivered after its last day."""
        return self.status == "försenad"

    @property
    def missing(self) -> bool:
        """Not delivered, and its last day has passed."""
        return self.status == "saknas"

    @property
    def days_late(self) -> int:
        return (self.delivered - self.due).days if self.delivered is not None else 0


@dataclass(frozen=True)
class GoalYear:
    number: int
    text: str
    judgement: Judgement | None
    """None: bedömning saknas (mål carry no computed assessment)."""
    motivation: str | None


@dataclass(frozen=True)
class UppdragYear:
    follow_up: FollowUp
    year: int
    criteria: tuple[CriterionYear, ...]
    economy: tuple[EconomyPeriod, ...]
    economy_periods: int
    """How many ekonomi periods the year has, reported or not."""
    volumes: tuple[VolumePeriod, ...]
    reports: tuple[ReportStatus, ...]
    equal_terms: tuple[EqualTermsLine, ...]
    goals: tuple[GoalYear, ...]
    review: Review | None

    @property
    def id(self) -> str:
        return self.follow_up.id

    @property
    def result(self) -> Decimal | None:
        """The year's resultat: the reported periods summed; None when none is reported."""
        return sum((p.result for p in self.economy), Decimal(0)) if self.economy else None

    @property
    def forecast(self) -> Forecast | None:
        """The full-year forecast of the year's latest report that has one."""
        forecasts = [p.economy.forecast for p in self.economy if p.economy.forecast is not None]
        return forecasts[-1] if forecasts else None


@dataclass(frozen=True)
class YearAssessment:
    year: int
    per: dt.date
    uppdrag: tuple[UppdragYear, ...]
    provider_result: Decimal | None
    """The year's resultat summed over every uppdrag of the utförare with ekonomi reports."""


def assess(
    follow_ups: Mapping[str, FollowUp], ids: Iterable[str], year: int, per: dt.date
) -> YearAssessment:
    """The year for the uppdrag `ids` (in id order); the utförare's sum over all of them."""
    chosen = tuple(assess_uppdrag(follow_ups[i], year, per) for i in sorted(ids))
    return YearAssessment(year, per, chosen, provider_result(follow_ups, year))


def provider_result(follow_ups: Mapping[str, FollowUp], year: int) -> Decimal | None:
    """The year's resultat of every uppdrag with ekonomi reports, summed; None without any."""
    reports = by_year(follow_ups, year)
    if not reports:
        return None
    return sum((d.model.economy.result for d in reports if d.model.economy), Decimal(0))


def assess_uppdrag(follow: FollowUp, year: int, per: dt.date) -> UppdragYear:
    trusted = follow.reviews.get(year)
    review = trusted.model if trusted is not None else None
    economy = tuple(_economy(follow, year))
    return UppdragYear(
        follow_up=follow,
        year=year,
        criteria=tuple(_criterion(follow, c, year, per, review) for c in follow.loaded.criteria),
        economy=economy,
        economy_periods=sum(
            1
            for r in follow.uppdrag.reports
            if r.type == "ekonomi"
            for key in follow.calendars[r.id]
            if key.year == year
        ),
        volumes=tuple(_volumes(follow, year)),
        reports=tuple(report_statuses(follow, year, per)),
        equal_terms=tuple(equal_terms(follow, year)),
        goals=tuple(_goals(follow, review)),
        review=review,
    )


def _criterion(
    follow: FollowUp,
    criterion: Criterion,
    year: int,
    per: dt.date,
    review: Review | None,
) -> CriterionYear:
    periods: list[PeriodOutcome] = []
    for report in follow.uppdrag.reports:
        if report.id not in criterion.reports:
            continue
        for key, due in follow.calendars[report.id].items():
            delivered = follow.reports.get((report.id, key))
            if key.year != year or (due.due > per and delivered is None):
                continue
            index, outcome = outcome_of(delivered, criterion)
            periods.append(
                PeriodOutcome(
                    key,
                    report,
                    due.due,
                    judge_outcome(outcome, criterion, follow.margin),
                    delivered,
                    outcome,
                    index,
                )
            )
    periods.sort(key=lambda p: p.period.sort_key())
    override = None
    if review is not None:
        override = next((o for o in review.overrides if o.criterion == criterion.id), None)
    return CriterionYear(
        criterion, tuple(periods), judge_year([p.judgement for p in periods]), override
    )


def _economy(follow: FollowUp, year: int) -> list[EconomyPeriod]:
    out = []
    for delivered in sorted(follow.reports.values(), key=lambda d: d.key.sort_key()):
        economy = delivered.model.economy
        if delivered.report.type != "ekonomi" or economy is None or delivered.key.year != year:
            continue
        figures = None
        if follow.calculation is not None:
            volumes = delivered.model.volumes or []
            figures = decided(follow.uppdrag, follow.calculation, delivered.due, volumes)
        out.append(EconomyPeriod(delivered.key, delivered, economy, figures))
    return out


def _volumes(follow: FollowUp, year: int) -> list[VolumePeriod]:
    uppdrag, calculation = follow.uppdrag, follow.calculation
    items = variable_items(uppdrag)
    out: list[tuple[tuple[object, ...], VolumePeriod]] = []
    for delivered in follow.reports.values():
        if delivered.key.year != year:
            continue
        for volume in delivered.model.volumes or []:
            item = variable_item(uppdrag, volume.item)
            if item is None:
                continue
            amount = None
            if calculation is not None and calculation.years:
                amount = volume_amount(uppdrag, calculation, item, year, volume.units)
            line = VolumePeriod(
                item_name(uppdrag, item),
                delivered.key,
                volume.units,
                forecast_volume(item, delivered.due),
                amount,
            )
            order = (items.index(item), delivered.key.sort_key(), delivered.report.id)
            out.append((order, line))
    return [line for _, line in sorted(out, key=lambda pair: pair[0])]


def report_statuses(follow: FollowUp, year: int, per: dt.date) -> list[ReportStatus]:
    """Every report period that ends in the year, by due date and then the uppdrag's order."""
    out: list[ReportStatus] = []
    for report in follow.uppdrag.reports:
        for key, due in follow.calendars[report.id].items():
            if key.year != year:
                continue
            delivered = follow.reports.get((report.id, key))
            day = delivered.model.delivered if delivered is not None else None
            out.append(ReportStatus(report, key, due.due, day, _status(day, due.due, per)))
    order = {r.id: i for i, r in enumerate(follow.uppdrag.reports)}
    return sorted(out, key=lambda s: (s.due, order[s.report.id]))


def _status(delivered: dt.date | None, due: dt.date, per: dt.date) -> Status:
    if delivered is not None:
        return "i tid" if delivered <= due else "försenad"
    return "saknas" if due <= per else "ej förfallen"


def _goals(follow: FollowUp, review: Review | None) -> list[GoalYear]:
    given = {goal.goal: goal for goal in review.goals} if review else {}
    out = []
    for number, goal in enumerate(follow.uppdrag.assignment.goals, start=1):
        judged = given.get(number)
        out.append(
            GoalYear(
                number,
                goal.text,
                judged.judgement if judged else None,
                judged.motivation if judged else None,
            )
        )
    return out
