"""What the public register publishes, and what stops it (webb.md, "What is published").

An uppdrag is published when it is fastställt, or upphävt with its `upphävande`; an utkast or
förslag never is, nor its follow-up files. A year of follow-up is published only when the
förvaltning's bedömning of it names the sammanträde that took it: the nämnd has then received
it. Its figures are those of `uppdrag uppföljning Y --per D`, with D the latest `datum` among
the year's bedömningar that name the same sammanträde, so that the page shows what the nämnd
received. Everything comes from the checked and calculated models (`trust.calculated.load`,
`follow_up.review.read_all`); nothing here reads a file's YAML for its content.

An error in anything the register publishes from stops it: a published uppdrag, its follow-up
files, the shared files. Errors in an utkast or a förslag do not (a file whose status cannot be
read counts as published).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from uppdrag_docs.calc.engine import Calculation
from uppdrag_docs.calc.per_unit import StandardComparison
from uppdrag_docs.errors import UppdragError
from uppdrag_docs.findings import Finding, sort_findings
from uppdrag_docs.follow_up.assessment import UppdragYear, assess_uppdrag
from uppdrag_docs.follow_up.collection import FollowUp
from uppdrag_docs.follow_up.review import FollowUpRead, read_all
from uppdrag_docs.format.document import read_document
from uppdrag_docs.format.schema import DRAFTS, Uppdrag
from uppdrag_docs.format.shared import Kommun, WebSettings
from uppdrag_docs.swedish import collation_key
from uppdrag_docs.trust.calculated import Loaded, load
from uppdrag_docs.trust.checks import LoadedUppdrag
from uppdrag_docs.web.names import CASE, DECISION, PublishError

MISSING_WEB = (
    "kommun.yaml saknar 'webb', som registret behöver: kontakt (namn, epost), återkoppling och "
    "tillgänglighet (förenlighet, bedömd, metod); se README, 'Det öppna registret'"
)


@dataclass(frozen=True)
class PublishedYear:
    """A year of follow-up that the nämnd has received."""

    year: int
    meeting: dt.date
    per: dt.date
    assessment: UppdragYear


@dataclass(frozen=True)
class Published:
    """A published uppdrag with its compensation in kr and its published years, newest first."""

    loaded: LoadedUppdrag
    follow: FollowUp
    years: tuple[PublishedYear, ...]
    documents: frozenset[str]
    """Which of DECISION and CASE are built from the uppdrag file as it is now."""
    standard: StandardComparison | None = None
    """The ersättning per unit against the standardkostnad, in kr; None without the block."""

    @property
    def uppdrag(self) -> Uppdrag:
        return self.loaded.uppdrag

    @property
    def id(self) -> str:
        return self.loaded.uppdrag.id

    @property
    def calculation(self) -> Calculation | None:
        return self.follow.calculation

    @property
    def unpublished_years(self) -> list[int]:
        """The years of the period whose follow-up the nämnd has not received."""
        period = self.uppdrag.period
        shown = {y.year for y in self.years}
        return [y for y in range(period.start.year, period.end.year + 1) if y not in shown]

    @property
    def dates(self) -> list[dt.date]:
        """The decision and sammanträde dates the uppdrag's page shows."""
        uppdrag = self.uppdrag
        found = [y.meeting for y in self.years]
        if uppdrag.decision is not None:
            found.append(uppdrag.decision.meeting)
        if uppdrag.repeal is not None:
            found.append(uppdrag.repeal.meeting)
        return found


@dataclass
class Register:
    """Everything the site shows, in the order it shows it."""

    kommun: Kommun
    web: WebSettings
    uppdrag: tuple[Published, ...]
    """By titel, in Swedish alphabetical order."""
    withheld: int
    """How many utkast and förslag the register leaves out."""
    files_read: int
    follow_up_files: int
    warnings: list[str] = field(default_factory=list)

    @property
    def provider(self) -> str:
        """The utförarförvaltning: egen regi."""
        return self.kommun.provider_administration

    @property
    def name(self) -> str:
        return self.web.name or f"Uppdrag i egen regi – {self.kommun.name}"

    @property
    def repealed(self) -> int:
        return sum(1 for p in self.uppdrag if p.uppdrag.repealed)

    def years_published(self) -> dict[int, int]:
        """For each published year, how many uppdrag have it."""
        counts: dict[int, int] = {}
        for item in self.uppdrag:
            for year in item.years:
                counts[year.year] = counts.get(year.year, 0) + 1
        return dict(sorted(counts.items()))


def gather(root: Path, *, documents: Mapping[str, frozenset[str]]) -> Register:
    """What the register publishes from the repository at `root`; `documents` says which PDFs
    of each uppdrag are current. Raises `PublishError` on errors in what it publishes from."""
    loaded = load(root=root)
    read = read_all(loaded.checked)
    shared = loaded.checked.shared
    assert shared is not None
    statuses = _statuses(loaded)
    errors = _errors(loaded, read, statuses)
    if errors:
        raise PublishError(errors)
    kommun = shared.kommun
    assert kommun is not None  # a kommun.yaml with errors stopped above
    if kommun.web is None:
        raise UppdragError(MISSING_WEB, path=shared.root / "uppdrag" / "gemensamt" / "kommun.yaml")
    warnings: list[str] = []
    published: list[Published] = []
    for item in loaded.uppdrag.values():
        uppdrag = item.uppdrag
        if not uppdrag.decided:  # fastställt or upphävt: a förslag is not published
            continue
        if uppdrag.repealed and uppdrag.repeal is None:
            warnings.append(
                f"{uppdrag.id} är upphävt men saknar 'upphävande', så registret visar det inte"
            )
            continue
        follow = read.follow_ups[uppdrag.id]
        have = documents.get(uppdrag.id, frozenset())
        if have != {DECISION, CASE}:
            warnings.append(
                f"{uppdrag.id}: beslutsdokumentet eller tjänsteskrivelsen i PDF saknas eller "
                "gjordes av en äldre version av uppdraget, så sidan länkar inte till den; kör "
                "uppdrag build"
            )
        years = _years(follow, read)
        published.append(Published(item.loaded, follow, years, have, item.standard))
    published.sort(key=lambda p: (collation_key(p.uppdrag.title), p.id))
    withheld = sum(1 for s in statuses.values() if s in DRAFTS)
    return Register(
        kommun, kommun.web, tuple(published), withheld, len(statuses), len(read.files), warnings
    )


def _statuses(loaded: Loaded) -> dict[Path, str | None]:
    """Each uppdrag file's status; None when it cannot be read (it then counts as published)."""
    checked = loaded.checked
    shared = checked.shared
    assert shared is not None
    out: dict[Path, str | None] = {}
    for path in checked.files:
        if path in shared.paths:
            continue
        item = checked.loaded.get(path)
        if item is not None:
            out[path] = item.uppdrag.status
            continue
        data = read_document(path, root=shared.root).data  # failed its schema: only its status
        status = data.get("status") if isinstance(data, dict) else None
        out[path] = status if isinstance(status, str) else None
    return out


def _errors(
    loaded: Loaded, read: FollowUpRead, statuses: Mapping[Path, str | None]
) -> list[Finding]:
    checked = loaded.checked
    shared = checked.shared
    assert shared is not None
    withheld_paths = {p for p, s in statuses.items() if s in DRAFTS}
    withheld_ids = {checked.loaded[p].uppdrag.id for p in withheld_paths if p in checked.loaded} | {
        p.stem for p in withheld_paths
    }
    follow_ids = {file.path: file.uppdrag_id for file in read.files}
    errors = [f for f in checked.findings if f.is_error and f.path not in withheld_paths]
    errors += [
        f
        for f in read.findings
        if f.is_error and (f.path not in follow_ids or follow_ids[f.path] not in withheld_ids)
    ]
    return sort_findings(errors)


def _years(follow: FollowUp, read: FollowUpRead) -> tuple[PublishedYear, ...]:
    """The years whose bedömning names its sammanträde, each as of the latest datum among the
    year's bedömningar that name the same sammanträde."""
    out: list[PublishedYear] = []
    for year, trusted in follow.reviews.items():
        meeting = trusted.model.meeting
        if meeting is None:
            continue
        per = max(
            other.reviews[year].model.date
            for other in read.follow_ups.values()
            if year in other.reviews and other.reviews[year].model.meeting == meeting
        )
        out.append(PublishedYear(year, meeting, per, assess_uppdrag(follow, year, per)))
    return tuple(sorted(out, key=lambda y: -y.year))
