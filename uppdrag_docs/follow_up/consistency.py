"""Whether a follow-up file fits its uppdrag: the errors of the spec that need the uppdrag.

A file that follows its schema is checked here against the uppdrag it names: its name and
keys agree, the rapport, criteria, goals, cost types and rörliga poster exist, the period is one
of the report's, each outcome suits its criterion's target (`outcomes.py`), and nothing looks
like a personnummer (that one is found while reading, in `files.py`). A file with an error here
is left out of the assessment, since none of its figures can be trusted.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from uppdrag_docs import codes
from uppdrag_docs.findings import Finding, Position
from uppdrag_docs.follow_up.dates import impossible_dates
from uppdrag_docs.follow_up.files import FollowUpFile
from uppdrag_docs.follow_up.models import EqualTerms, Outcome, OutcomeReport, Review
from uppdrag_docs.follow_up.money import item_name, variable_item, variable_items
from uppdrag_docs.follow_up.outcomes import Loc, binds_procured, named_criterion, outcome_findings
from uppdrag_docs.follow_up.periods import PERIOD_NOUNS, PeriodKey, calendar
from uppdrag_docs.format.repository import Shared
from uppdrag_docs.format.schema import Report, Uppdrag
from uppdrag_docs.quoting import quoted
from uppdrag_docs.rules.guideline import folded
from uppdrag_docs.rules.markup import check_markup, markdown_fields, needs_checking
from uppdrag_docs.trust.checks import LoadedUppdrag


def check_file(
    file: FollowUpFile, loaded: LoadedUppdrag | None, known_ids: set[str], shared: Shared
) -> list[Finding]:
    """Every error of one file; `loaded` is its uppdrag when that follows the schema."""
    out: list[Finding] = []
    if file.name.problem is not None:
        out.append(codes.FOLLOW_UP_NAME.at(file.path, Position(1, 1), file.name.problem))
    model = file.model
    if model is None:
        return out
    out += _names(file)
    if model.uppdrag not in known_ids:
        out.append(
            file.finding(
                ("uppdrag",),
                codes.FOLLOW_UP_UNKNOWN_UPPDRAG,
                f"uppdraget {quoted(model.uppdrag)} finns inte under uppdrag/",
            )
        )
        return out
    for loc, text in markdown_fields(model):
        if needs_checking(text):
            out += [file.finding(loc, code, message) for code, message in check_markup(text)]
    if loaded is None:
        return out  # the uppdrag does not follow its schema: its own findings say why
    out += impossible_dates(file, loaded.uppdrag)
    if isinstance(model, OutcomeReport):
        out += _report(file, model, loaded, shared)
    elif isinstance(model, EqualTerms):
        out += _equal_terms(file, model, loaded)
    elif isinstance(model, Review):
        out += _review(file, model, loaded)
    return out


def not_decided(loaded: LoadedUppdrag, files: Sequence[FollowUpFile]) -> list[Finding]:
    """UD431 once per uppdrag that has follow-up files but is not fastställt."""
    uppdrag = loaded.uppdrag
    if not files or uppdrag.in_force:
        return []
    folder = files[0].rel.parent
    return [
        loaded.document.finding(
            ("status",),
            codes.FOLLOW_UP_NOT_DECIDED,
            f"uppdraget har {len(files)} uppföljningsfiler i {folder}/ men är inte fastställt "
            f"(status {uppdrag.status}); de följs upp ändå",
        )
    ]


def _names(file: FollowUpFile) -> Iterator[Finding]:
    """The folder and the file name agree with the keys inside."""
    name, model = file.name, file.model
    assert model is not None
    if name.uppdrag is not None and name.uppdrag != model.uppdrag:
        yield file.finding(
            ("uppdrag",),
            codes.FOLLOW_UP_NAME,
            f"filen ligger i mappen {quoted(name.uppdrag)} men gäller uppdraget "
            f"{quoted(model.uppdrag)}",
        )
    if name.problem is not None or name.period is None:
        return
    if isinstance(model, OutcomeReport) and name.report != model.report:
        yield file.finding(
            ("rapport",),
            codes.FOLLOW_UP_NAME,
            f"filnamnet säger rapport {quoted(name.report)}, men rapport är {quoted(model.report)}",
        )
    if isinstance(model, OutcomeReport | EqualTerms) and name.period != model.period:
        yield file.finding(
            ("period",),
            codes.FOLLOW_UP_NAME,
            f"filnamnet säger period {name.period}, men period är {model.period}",
        )
    if isinstance(model, Review) and name.period.year != model.year:
        yield file.finding(
            ("år",),
            codes.FOLLOW_UP_NAME,
            f"filnamnet säger år {name.period.year}, men år är {model.year}",
        )


def _report(
    file: FollowUpFile, model: OutcomeReport, loaded: LoadedUppdrag, shared: Shared
) -> Iterator[Finding]:
    uppdrag = loaded.uppdrag
    report = next((r for r in uppdrag.reports if r.id == model.report), None)
    if report is None:
        known = ", ".join(r.id for r in uppdrag.reports)
        yield file.finding(
            ("rapport",),
            codes.UNKNOWN_REPORT,
            f"rapporten {quoted(model.report)} finns inte i uppdragets rapportering ({known})",
        )
        return
    yield from _period(file, model, report, uppdrag)
    if report.type == "kvalitet" and model.outcomes is None:
        yield _content(file, f"{report.id} är en kvalitetsrapport och ska ha 'utfall'")
    if report.type == "ekonomi" and model.economy is None:
        yield _content(file, f"{report.id} är en ekonomirapport och ska ha 'ekonomi'")
    if report.type != "ekonomi" and model.economy is not None:
        yield file.finding(
            ("ekonomi",),
            codes.REPORT_CONTENT_MISSING,
            f"{report.id} är en {report.type}srapport; 'ekonomi' hör till ekonomirapporter",
        )
    seen: dict[str, int] = {}
    for i, outcome in enumerate(model.outcomes or []):
        loc: Loc = ("utfall", i)
        criterion = named_criterion(file, loc, outcome, loaded, seen)
        if isinstance(criterion, Finding):
            yield criterion
        elif criterion is not None:
            if report.id not in criterion.reports:
                yield file.finding(
                    (*loc, "kriterium"),
                    codes.CRITERION_NOT_CARRIED,
                    f"{criterion.id} redovisas inte i {report.id} utan i "
                    f"{', '.join(criterion.reports)}",
                )
            yield from outcome_findings(file, loc, outcome, criterion)
    if model.economy is not None:
        yield from _cost_types(file, model, shared)
    if report.type in ("ekonomi", "verksamhet"):
        yield from _volumes(file, model, uppdrag)


def _content(file: FollowUpFile, message: str) -> Finding:
    return file.finding(("rapport",), codes.REPORT_CONTENT_MISSING, message)


def _period(
    file: FollowUpFile, model: OutcomeReport, report: Report, uppdrag: Uppdrag
) -> Iterator[Finding]:
    key = model.period
    if key.frequency != report.frequency:
        yield file.finding(
            ("period",),
            codes.PERIOD_NOT_REPORTED,
            f"{report.id} lämnas per {report.frequency}, så perioden ska vara "
            f"{PERIOD_NOUNS[report.frequency]} som {PeriodKey(key.year, report.frequency, 1)}; "
            f"{key} är {PERIOD_NOUNS[key.frequency]}",
        )
    elif key not in calendar(report, uppdrag.period):
        yield _outside(file, ("period",), str(key), uppdrag)


def _outside(file: FollowUpFile, loc: Loc, what: str, uppdrag: Uppdrag) -> Finding:
    period = uppdrag.period
    return file.finding(
        loc,
        codes.PERIOD_NOT_REPORTED,
        f"{what} ligger utanför uppdragets period {period.start.isoformat()}–"
        f"{period.end.isoformat()}",
    )


def _cost_types(file: FollowUpFile, model: OutcomeReport, shared: Shared) -> Iterator[Finding]:
    if shared.indexation is None or model.economy is None:
        return
    known = {kind for year in shared.indexation.years.values() for kind in year}
    for kind in model.economy.costs:
        if kind not in known:
            yield file.document.finding(
                ("ekonomi", "kostnader", kind),
                codes.UNKNOWN_ITEM,
                f"kostnadsslaget {quoted(kind)} finns inte i uppräkningsmodellen "
                f"({', '.join(sorted(known))})",
                key=True,
            )


def _volumes(file: FollowUpFile, model: OutcomeReport, uppdrag: Uppdrag) -> Iterator[Finding]:
    items = variable_items(uppdrag)
    named: dict[int, int] = {}
    for i, volume in enumerate(model.volumes or []):
        item = variable_item(uppdrag, volume.item)
        if item is None:
            known = ", ".join(item_name(uppdrag, x) for x in items) or "inga"
            yield file.finding(
                ("volymer", i, "post"),
                codes.UNKNOWN_ITEM,
                f"{quoted(volume.item)} är ingen rörlig post i uppdraget (posterna: {known})",
            )
        elif id(item) in named:
            yield file.finding(
                ("volymer", i, "post"),
                codes.DUPLICATE_ENTRY,
                f"{quoted(volume.item)} finns redan som volym nummer {named[id(item)] + 1}",
            )
        else:
            named[id(item)] = i
    missing = [item_name(uppdrag, item) for item in items if id(item) not in named]
    if missing:
        loc: Loc = ("volymer",) if model.volumes is not None else ("rapport",)
        yield file.finding(
            loc,
            codes.REPORT_CONTENT_MISSING,
            f"{model.report} ska redovisa volymen för varje rörlig post; "
            f"'volymer' saknar {', '.join(missing)}",
        )


def _equal_terms(file: FollowUpFile, model: EqualTerms, loaded: LoadedUppdrag) -> Iterator[Finding]:
    uppdrag = loaded.uppdrag
    if not model.period.touches(uppdrag.period):
        yield _outside(file, ("period",), str(model.period), uppdrag)
    listed = {folded(p.name) for p in uppdrag.current_state.providers}
    names: dict[str, int] = {}
    for i, provider in enumerate(model.providers):
        where: Loc = ("utförare", i)
        if folded(provider.name) in names:
            yield file.finding(
                (*where, "namn"),
                codes.DUPLICATE_ENTRY,
                f"utföraren {quoted(provider.name)} finns redan som nummer "
                f"{names[folded(provider.name)] + 1}",
            )
            continue
        names[folded(provider.name)] = i
        if folded(provider.name) not in listed:
            yield file.finding(
                (*where, "namn"),
                codes.PROVIDER_NOT_IN_ANALYSIS,
                f"utföraren {quoted(provider.name)} finns inte i uppdragets nulägesanalys",
            )
        yield from _compared(file, where, provider.outcomes, loaded)
    references: dict[str, int] = {}
    for i, reference in enumerate(model.references):
        where = ("referens", i)
        if folded(reference.name) in references:
            yield file.finding(
                (*where, "namn"),
                codes.DUPLICATE_ENTRY,
                f"referensen '{reference.name}' finns redan som nummer "
                f"{references[folded(reference.name)] + 1}",
            )
            continue
        references[folded(reference.name)] = i
        yield from _compared(file, where, reference.outcomes, loaded)


def _compared(
    file: FollowUpFile, where: Loc, outcomes: Sequence[Outcome], loaded: LoadedUppdrag
) -> Iterator[Finding]:
    """The outcomes of an upphandlad utförare or a reference: likvärdig criteria only."""
    seen: dict[str, int] = {}
    for j, outcome in enumerate(outcomes):
        loc: Loc = (*where, "utfall", j)
        criterion = named_criterion(file, loc, outcome, loaded, seen)
        if isinstance(criterion, Finding):
            yield criterion
        elif criterion is not None:
            if not binds_procured(criterion):
                yield file.finding(
                    (*loc, "kriterium"),
                    codes.CRITERION_NOT_CARRIED,
                    f"{criterion.id} binder inte upphandlad verksamhet (likvärdig: false) "
                    "och hör inte till likvärdigheten",
                )
            yield from outcome_findings(file, loc, outcome, criterion)


def _review(file: FollowUpFile, model: Review, loaded: LoadedUppdrag) -> Iterator[Finding]:
    uppdrag = loaded.uppdrag
    if not uppdrag.period.start.year <= model.year <= uppdrag.period.end.year:
        yield _outside(file, ("år",), f"år {model.year}", uppdrag)
    goals = len(uppdrag.assignment.goals)
    seen_goals: dict[int, int] = {}
    for i, goal in enumerate(model.goals):
        loc: Loc = ("mål", i, "mål")
        if goal.goal in seen_goals:
            yield file.finding(
                loc, codes.DUPLICATE_ENTRY, f"mål {goal.goal} är redan bedömt i samma lista"
            )
        elif goal.goal > goals:
            yield file.finding(
                loc,
                codes.UNKNOWN_GOAL,
                f"uppdraget har {goals} mål, så mål {goal.goal} finns inte",
            )
        seen_goals[goal.goal] = i
    seen: dict[str, int] = {}
    for i, override in enumerate(model.overrides):
        ident = override.criterion
        loc = ("kriterier", i, "kriterium")
        if ident in seen:
            yield file.finding(loc, codes.DUPLICATE_ENTRY, f"{ident} är redan bedömt i samma lista")
        elif all(c.id != ident for c in loaded.criteria):
            known = ", ".join(c.id for c in loaded.criteria)
            yield file.finding(
                loc,
                codes.UNKNOWN_CRITERION,
                f"kriteriet {quoted(ident)} finns inte i uppdraget ({known})",
            )
        seen[ident] = i
