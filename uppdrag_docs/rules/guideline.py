"""The guideline's rules for an uppdrag that has passed the schema.

Each rule has a stable code and names the section of riktlinjen it enforces. Rules never stop at
the first problem: each yields every finding it has, positioned on the entry concerned.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

from uppdrag_docs import codes
from uppdrag_docs.findings import Finding
from uppdrag_docs.format.document import Document, PathKey
from uppdrag_docs.format.repository import Shared
from uppdrag_docs.format.schedule import mandate_period_end
from uppdrag_docs.format.schema import CriterionRef, Period, Uppdrag
from uppdrag_docs.format.shared import DEFAULT_CASE_NUMBER_PATTERN
from uppdrag_docs.quoting import quoted

ATTACHMENT_SUFFIXES = (".pdf", ".docx")

Rule = Callable[[Uppdrag, Document, Shared], Iterator[Finding]]


def folded(name: str) -> str:
    """A name as rules compare names: case and surrounding or repeated spaces do not matter."""
    return " ".join(name.split()).casefold()


def _file_name(uppdrag: Uppdrag, doc: Document, _shared: Shared) -> Iterator[Finding]:
    if doc.path.suffix != ".yaml":
        yield doc.finding((), codes.ID_NOT_FILE_NAME, f"filen ska heta '{uppdrag.id}.yaml'")
    elif doc.path.stem != uppdrag.id:
        yield doc.finding(
            ("id",),
            codes.ID_NOT_FILE_NAME,
            f"id '{uppdrag.id}' ska vara samma som filnamnet '{doc.path.stem}'",
        )


def _case_number(uppdrag: Uppdrag, doc: Document, shared: Shared) -> Iterator[Finding]:
    pattern = shared.kommun.case_number_pattern if shared.kommun else DEFAULT_CASE_NUMBER_PATTERN
    try:
        matcher = re.compile(pattern)
    except re.error:
        return  # reported on kommun.yaml by check_shared
    if not matcher.search(uppdrag.case_number):
        yield doc.finding(
            ("diarienummer",),
            codes.CASE_NUMBER,
            f"diarienumret {quoted(uppdrag.case_number)} följer inte kommunens mönster {pattern}",
        )


def _period_bounds(period: Period, doc: Document, loc: PathKey) -> Iterator[Finding]:
    if period.start.day != 1:
        yield doc.finding(
            (*loc, "från"), codes.PERIOD_START, "perioden ska börja den första dagen i en månad"
        )
    last_day = calendar.monthrange(period.end.year, period.end.month)[1]
    if period.end.day != last_day:
        yield doc.finding(
            (*loc, "till"), codes.PERIOD_END, "perioden ska sluta den sista dagen i en månad"
        )
    if period.start > period.end:
        yield doc.finding(
            (*loc, "till"), codes.PERIOD_REVERSED, "periodens slut ligger före dess början"
        )


def _periods(uppdrag: Uppdrag, doc: Document, _shared: Shared) -> Iterator[Finding]:
    yield from _period_bounds(uppdrag.period, doc, ("period",))
    for i, extra in enumerate(uppdrag.additional):
        yield from _period_bounds(extra.period, doc, ("tilläggsuppdrag", i, "period"))
        outside = (
            "från"
            if extra.period.start < uppdrag.period.start
            else "till"
            if extra.period.end > uppdrag.period.end
            else None
        )
        if outside:
            yield doc.finding(
                ("tilläggsuppdrag", i, "period", outside),
                codes.ADDITIONAL_OUTSIDE,
                f"tilläggsuppdraget {extra.id} ligger utanför uppdragets period",
            )
        decision = extra.decision
        if decision.paragraph is not None and decision.meeting > extra.period.start:
            yield doc.finding(
                ("tilläggsuppdrag", i, "beslut", "sammanträde"),
                codes.ADDITIONAL_DECIDED_LATE,
                f"tilläggsuppdraget {extra.id} är beslutat {decision.meeting.isoformat()}, efter "
                f"att dess period började {extra.period.start.isoformat()}",
            )


def _mandate(uppdrag: Uppdrag, doc: Document, shared: Shared) -> Iterator[Finding]:
    if shared.kommun is None:
        return
    end = mandate_period_end(uppdrag.period.start, shared.kommun.mandate_start)
    if uppdrag.period.end > end:
        yield doc.finding(
            ("period", "till"),
            codes.PAST_MANDATE,
            f"perioden går förbi mandatperiodens slut {end.isoformat()}; "
            "nästa nämnd måste ompröva uppdraget",
        )


def _decision(uppdrag: Uppdrag, doc: Document, _shared: Shared) -> Iterator[Finding]:
    decision = uppdrag.decision
    if uppdrag.in_force:
        if decision is None:
            yield doc.finding(
                ("status",),
                codes.DECISION_MISSING,
                "ett fastställt uppdrag behöver 'beslut' med organ, sammanträde och paragraf",
            )
        elif decision.paragraph is None:
            yield doc.finding(
                ("beslut", "paragraf"),
                codes.DECISION_MISSING,
                "ett fastställt uppdrag behöver beslutets paragraf",
            )
    if decision is not None and decision.meeting > uppdrag.period.start:
        yield doc.finding(
            ("beslut", "sammanträde"),
            codes.DECISION_AFTER_START,
            f"sammanträdet {decision.meeting.isoformat()} ligger efter periodens början "
            f"{uppdrag.period.start.isoformat()}",
        )


def _repeal(uppdrag: Uppdrag, doc: Document, _shared: Shared) -> Iterator[Finding]:
    if uppdrag.repeal is not None and not uppdrag.repealed:
        yield doc.finding(
            ("upphävande",),
            codes.REPEAL_WITHOUT_STATUS,
            f"'upphävande' hör till ett upphävt uppdrag, men status är {uppdrag.status}; "
            "ändra status till upphävt eller ta bort upphävandet",
        )
    elif uppdrag.repeal is None and uppdrag.repealed:
        yield doc.finding(
            ("status",),
            codes.REPEAL_MISSING,
            "ett upphävt uppdrag behöver 'upphävande' med organ, sammanträde och paragraf; "
            "utan det kan registret inte visa när det upphävdes och lämnar det utanför",
        )


def _current_state(uppdrag: Uppdrag, doc: Document, _shared: Shared) -> Iterator[Finding]:
    state = uppdrag.current_state
    total = sum(p.clients for p in state.providers)
    if total != state.clients:
        yield doc.finding(
            ("nulägesanalys", "antal_brukare"),
            codes.CLIENTS_TOTAL,
            f"utförarnas brukare blir {total}, men antal_brukare är {state.clients}",
        )


def _duplicates(ids: list[str], doc: Document, loc: str, what: str) -> Iterator[Finding]:
    for i, ident in enumerate(ids):
        if ident in ids[:i]:
            yield doc.finding(
                (loc, i, "id"),
                codes.DUPLICATE_ID,
                f"{what} {quoted(ident)} finns redan tidigare i listan",
            )


def _ids(uppdrag: Uppdrag, doc: Document, shared: Shared) -> Iterator[Finding]:
    criterion_ids = []
    for i, entry in enumerate(uppdrag.criteria):
        if isinstance(entry, CriterionRef):
            found = shared.catalogue.get(entry.ref)
            if found is None:
                yield doc.finding(
                    ("kvalitetskriterier", i, "ref"),
                    codes.UNKNOWN_REF,
                    f"kriteriet {quoted(entry.ref)} finns inte i gemensamt/kvalitetskriterier.yaml",
                )
                criterion_ids.append(f"ref:{entry.ref}")
            else:
                criterion_ids.append(found.id)
        else:
            criterion_ids.append(entry.id)
    yield from _duplicates(criterion_ids, doc, "kvalitetskriterier", "kriteriet")
    yield from _duplicates([r.id for r in uppdrag.reports], doc, "rapportering", "rapporten")
    yield from _duplicates(
        [t.id for t in uppdrag.additional], doc, "tilläggsuppdrag", "tilläggsuppdraget"
    )


def _reporting(uppdrag: Uppdrag, doc: Document, _shared: Shared) -> Iterator[Finding]:
    report_ids = {r.id for r in uppdrag.reports}
    named: set[str] = set()
    for i, entry in enumerate(uppdrag.criteria):
        named.update(entry.reports)
        if not entry.reports:
            yield doc.finding(
                ("kvalitetskriterier", i),
                codes.CRITERION_NOT_REPORTED,
                "kriteriet måste redovisas i minst en rapport ('rapportering')",
            )
        for j, report_id in enumerate(entry.reports):
            if report_id not in report_ids:
                yield doc.finding(
                    ("kvalitetskriterier", i, "rapportering", j),
                    codes.CRITERION_NOT_REPORTED,
                    f"rapporten {quoted(report_id)} finns inte under 'rapportering'",
                )
    orderer = {folded(uppdrag.orderer.administration), folded(uppdrag.orderer.board)}
    for i, report in enumerate(uppdrag.reports):
        if report.type == "kvalitet" and report.id not in named:
            yield doc.finding(
                ("rapportering", i, "id"),
                codes.REPORT_WITHOUT_CRITERION,
                f"kvalitetsrapporten {report.id} redovisar inget kvalitetskriterium",
            )
        if folded(report.recipient) not in orderer:
            yield doc.finding(
                ("rapportering", i, "mottagare"),
                codes.RECIPIENT_OUTSIDE,
                f"rapporten {report.id} går till {quoted(report.recipient)}; rapporter går till "
                f"nämnden genom förvaltningen ({uppdrag.orderer.administration} eller "
                f"{uppdrag.orderer.board})",
            )
    if not any(r.type == "ekonomi" for r in uppdrag.reports):
        yield doc.finding(
            ("rapportering",),
            codes.NO_ECONOMY_REPORT,
            "minst en rapport ska ha typ 'ekonomi' (redovisning enligt öppna böcker)",
        )


def _attachments(uppdrag: Uppdrag, doc: Document, shared: Shared) -> Iterator[Finding]:
    root = shared.root.resolve()
    for i, attachment in enumerate(uppdrag.attachments):
        loc = ("bilagor", i, "fil")
        target = (doc.path.parent / attachment.file).resolve()
        if Path(attachment.file).is_absolute() or root not in target.parents:
            yield doc.finding(
                loc, codes.ATTACHMENT_OUTSIDE, f"bilagan '{attachment.file}' ligger utanför arkivet"
            )
        elif target.suffix.lower() not in ATTACHMENT_SUFFIXES:
            yield doc.finding(
                loc, codes.ATTACHMENT_KIND, "en bilaga ska vara en PDF- eller DOCX-fil"
            )
        elif not target.is_file():
            yield doc.finding(
                loc, codes.ATTACHMENT_MISSING, f"bilagan '{attachment.file}' finns inte"
            )


def _compensation(uppdrag: Uppdrag, doc: Document, shared: Shared) -> Iterator[Finding]:
    comp = uppdrag.compensation
    if comp is None:
        if uppdrag.in_force:
            yield doc.finding(
                ("status",),
                codes.COMPENSATION_MISSING,
                "ett fastställt uppdrag behöver 'ersättning'; bara ett utkast eller förslag får "
                "vänta med den",
            )
        return
    if comp.model == "fast" and comp.variable:
        yield doc.finding(
            ("ersättning", "rörlig"),
            codes.MODEL_MISMATCH,
            "modellen 'fast' har ingen rörlig del",
        )
    if comp.model != "fast" and not comp.variable:
        yield doc.finding(
            ("ersättning", "modell"),
            codes.MODEL_MISMATCH,
            f"modellen '{comp.model}' behöver minst en post under 'rörlig'",
        )
    total = sum(comp.cost_shares.values(), Decimal(0))
    if total != 1:
        yield doc.finding(
            ("ersättning", "kostnadsfördelning"),
            codes.SHARES_NOT_ONE,
            f"kostnadsfördelningens andelar blir {total}, inte 1",
        )
    known = _cost_types(shared)
    if known is not None:
        for cost_type in comp.cost_shares:
            if cost_type not in known:
                yield doc.finding(
                    ("ersättning", "kostnadsfördelning", cost_type),
                    codes.UNKNOWN_COST_TYPE,
                    f"kostnadsslaget {quoted(cost_type)} finns inte i uppräkningsmodellen "
                    f"({', '.join(sorted(known))})",
                    key=True,
                )
    if comp.base_year != uppdrag.period.start.year - 1:
        yield doc.finding(
            ("ersättning", "basår"),
            codes.BASE_YEAR,
            f"basåret är {comp.base_year}, men ska vara året före periodens början, "
            f"{uppdrag.period.start.year - 1}",
        )


def _cost_types(shared: Shared) -> set[str] | None:
    if shared.indexation is None:
        return None
    return {kind for year in shared.indexation.years.values() for kind in year}


RULES: tuple[Rule, ...] = (
    _file_name,
    _case_number,
    _periods,
    _mandate,
    _decision,
    _repeal,
    _current_state,
    _ids,
    _reporting,
    _attachments,
    _compensation,
)


def check_shared(shared: Shared) -> list[Finding]:
    """Rules on the shared files themselves."""
    findings: list[Finding] = []
    doc = shared.documents.get("kommun.yaml")
    if shared.kommun is not None and doc is not None:
        try:
            re.compile(shared.kommun.case_number_pattern)
        except re.error as exc:
            findings.append(
                doc.finding(
                    ("diarienummer_mönster",),
                    codes.BAD_PATTERN,
                    "ogiltigt reguljärt uttryck"
                    + (f" (felet är vid tecken {exc.pos + 1})" if exc.pos is not None else ""),
                )
            )
    return findings
