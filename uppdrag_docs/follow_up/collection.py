"""The repository's follow-up: each uppdrag with the files about it that can be trusted.

A file is trusted when it has no error, neither from reading nor from `consistency.py`; only
trusted files reach the assessment and its warnings. Each uppdrag carries its compensation in kr
(the decided figures of a period are compared with whole kronor), the margin of kommun.yaml and
its reporting calendar.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, DecimalException
from pathlib import Path
from typing import Generic, TypeVar

from uppdrag_docs.calc.engine import Calculation, calculate
from uppdrag_docs.errors import CalculationError
from uppdrag_docs.follow_up.files import FollowUpFile
from uppdrag_docs.follow_up.models import EqualTerms, OutcomeReport, Review
from uppdrag_docs.follow_up.periods import PeriodKey, calendar
from uppdrag_docs.format.repository import Shared
from uppdrag_docs.format.schedule import Due
from uppdrag_docs.format.schema import Report, Uppdrag
from uppdrag_docs.format.shared import DEFAULT_PARTIAL_MARGIN
from uppdrag_docs.trust.checks import LoadedUppdrag

M = TypeVar("M", OutcomeReport, EqualTerms, Review)


@dataclass(frozen=True)
class Trusted(Generic[M]):
    """A follow-up file without errors, and its model as the kind of file it is."""

    file: FollowUpFile
    model: M


@dataclass(frozen=True)
class Delivered(Trusted[OutcomeReport]):
    """A trusted report, and the reporting period it fills."""

    report: Report
    due: Due

    @property
    def key(self) -> PeriodKey:
        return self.model.period


@dataclass
class FollowUp:
    """One uppdrag and its trusted follow-up files."""

    loaded: LoadedUppdrag
    calculation: Calculation | None
    """The compensation in kr; None when it cannot be calculated (the check says why)."""
    margin: Decimal
    files: list[FollowUpFile] = field(default_factory=list)
    """Every file in its folder or naming it, trusted or not."""
    reports: dict[tuple[str, PeriodKey], Delivered] = field(default_factory=dict)
    equal_terms: list[Trusted[EqualTerms]] = field(default_factory=list)
    reviews: dict[int, Trusted[Review]] = field(default_factory=dict)
    """The förvaltning's bedömning, by year."""

    @property
    def uppdrag(self) -> Uppdrag:
        return self.loaded.uppdrag

    @property
    def id(self) -> str:
        return self.loaded.uppdrag.id

    @property
    def followed(self) -> bool:
        """Whether reports are owed: a fastställt uppdrag, or one already reported on."""
        return self.uppdrag.in_force or bool(self.files)

    @functools.cached_property
    def calendars(self) -> dict[str, dict[PeriodKey, Due]]:
        """Each report's periods by key, clipped to the uppdrag's period."""
        return {r.id: calendar(r, self.uppdrag.period) for r in self.uppdrag.reports}


def collect(
    loaded: Iterable[LoadedUppdrag],
    files: Iterable[FollowUpFile],
    trusted: set[Path],
    shared: Shared,
) -> dict[str, FollowUp]:
    """Every uppdrag that follows its schema, by id in id order, with its files."""
    margin = shared.kommun.follow_up.partial_margin if shared.kommun else DEFAULT_PARTIAL_MARGIN
    out: dict[str, FollowUp] = {}
    for item in sorted(loaded, key=lambda x: x.uppdrag.id):
        out.setdefault(item.uppdrag.id, FollowUp(item, _calculation(item, shared), margin))
    for file in files:
        follow = out.get(file.uppdrag_id or "")
        if follow is None:
            continue
        follow.files.append(file)
        if file.path in trusted:
            _add(follow, file)
    return out


def _add(follow: FollowUp, file: FollowUpFile) -> None:
    model = file.model
    if isinstance(model, OutcomeReport):
        report = next(r for r in follow.uppdrag.reports if r.id == model.report)
        due = follow.calendars[report.id][model.period]
        follow.reports[(report.id, model.period)] = Delivered(file, model, report, due)
    elif isinstance(model, EqualTerms):
        follow.equal_terms.append(Trusted(file, model))
    elif isinstance(model, Review):
        follow.reviews[model.year] = Trusted(file, model)


def _calculation(item: LoadedUppdrag, shared: Shared) -> Calculation | None:
    if shared.indexation is None:
        return None
    try:
        return calculate(item.uppdrag, shared.indexation, catalogue=shared.standard)
    except (CalculationError, DecimalException):
        return None


def by_year(follow_ups: Mapping[str, FollowUp], year: int) -> list[Delivered]:
    """Every trusted ekonomi report of the year, of every uppdrag, in time order."""
    found = [
        delivered
        for follow in follow_ups.values()
        for delivered in follow.reports.values()
        if delivered.report.type == "ekonomi" and delivered.key.year == year
    ]
    return sorted(found, key=lambda d: (d.key.sort_key(), d.file.rel))
