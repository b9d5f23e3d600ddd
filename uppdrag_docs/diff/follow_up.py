"""What changed in `uppfoljning/` between two versions, in the words of the follow-up.

Each file is matched by its path. An outcome reads as the criterion, the period, the value with
its unit and the bedömning the rule gives it in each version ("KK3 2027-T1: 93,1 → 95,2
procent; bedömning delvis uppfyllt → uppfyllt"), so a change to a target in the uppdrag shows
too; öppna böcker read as the period's resultat; every other field (a kommentar, the
förvaltning's bedömning of a mål) as its Swedish key, before → after, as `diff/fields.py` does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Literal

from uppdrag_docs.diff.fields import FieldChange, Tree, build_tree, compare_trees
from uppdrag_docs.diff.versions import Version
from uppdrag_docs.follow_up.files import FollowUpFile, from_document
from uppdrag_docs.follow_up.judgement import NOT_REPORTED, Assessed, judge_outcome
from uppdrag_docs.follow_up.models import EqualTerms, Outcome, OutcomeReport, Review
from uppdrag_docs.format.document import Document
from uppdrag_docs.format.schema import Criterion
from uppdrag_docs.format.shared import DEFAULT_PARTIAL_MARGIN
from uppdrag_docs.swedish import kronor, number_as_written

ChangeKind = Literal["tillagd", "borttagen", "ändrad"]
NONE = "–"
_JUDGED = frozenset({"värde", "bedömning", "ej_mätt"})
"""The keys of an outcome that its line says; the diff of fields leaves them out."""


@dataclass(frozen=True)
class OutcomeChange:
    """One criterion in one period (of egen regi, or of an upphandlad utförare)."""

    criterion: str
    period: str
    provider: str | None
    old_value: Decimal | None
    new_value: Decimal | None
    unit: str | None
    old_judgement: Assessed
    new_judgement: Assessed

    @property
    def text(self) -> str:
        """`KK3 2027-T1: 93,1 → 95,2 procent; bedömning delvis uppfyllt → uppfyllt`."""
        who = f"{self.provider}: " if self.provider else ""
        unit = f" {self.unit}" if self.unit else ""
        old, new = _value(self.old_value), _value(self.new_value)
        value = f"{new}{unit}" if old == new else f"{old} → {new}{unit}"
        if self.old_value is None and self.new_value is None:
            value = ""
        judged = (
            self.new_judgement
            if self.old_judgement == self.new_judgement
            else f"{self.old_judgement} → {self.new_judgement}"
        )
        return f"{who}{self.criterion} {self.period}: " + "; ".join(
            part for part in (value, f"bedömning {judged}") if part
        )


def _value(value: Decimal | None) -> str:
    return NONE if value is None else number_as_written(value)


@dataclass(frozen=True)
class FollowUpChange:
    """One follow-up file that was added, removed or changed."""

    path: str
    uppdrag: str
    title: str
    """`R1 2027-T1`, `likvärdighet 2027`, `bedömning 2027`."""
    kind: ChangeKind
    lines: tuple[str, ...]
    """The outcomes and the resultat, in the follow-up's own words."""
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class _Side:
    file: FollowUpFile
    criteria: dict[str, Criterion]
    margin: Decimal
    unread: str | None = None
    """Why the file could not be read as YAML (`rad 3: …`), when it could not."""


def follow_up_changes(old: Version, new: Version) -> tuple[FollowUpChange, ...]:
    """Every follow-up file that differs between the versions, in path order."""
    if old.single and new.single and len(old.outcomes) == len(new.outcomes) == 1:
        (before,), (after,) = old.outcomes, new.outcomes  # two files named by the user
        pairs = [(after, _side(old, before), _side(new, after))]
    else:
        pairs = [(p, _side(old, p), _side(new, p)) for p in sorted({*old.outcomes, *new.outcomes})]
    changes = (_change(path, a, b) for path, a, b in pairs)
    return tuple(change for change in changes if change is not None)


def _side(version: Version, path: str) -> _Side | None:
    doc = version.outcomes.get(path)
    if doc is None:
        return None
    file = from_document(_copy(doc), PurePosixPath(path))
    entry = version.entries.get(file.uppdrag_id or "")
    criteria = {c.id: c for c in entry.loaded.criteria} if entry and entry.loaded else {}
    kommun = version.shared.kommun
    margin = kommun.follow_up.partial_margin if kommun else DEFAULT_PARTIAL_MARGIN
    unread = None
    if not isinstance(doc.data, dict):
        first = next((f for f in doc.findings if f.is_error), None)
        unread = f"rad {first.position.line}: {first.message}" if first else "den är tom"
    return _Side(file, criteria, margin, unread)


def _copy(doc: Document) -> Document:
    """The document without its findings, so reading it for a diff adds none to the version."""
    return Document(doc.path, doc.data, doc.values, doc.keys, [], doc.invisible)


def _change(path: str, old: _Side | None, new: _Side | None) -> FollowUpChange | None:
    side = new or old
    assert side is not None
    kind: ChangeKind = "tillagd" if old is None else "borttagen" if new is None else "ändrad"
    if old is not None and new is not None and (old.unread or new.unread):
        return _unread(path, old, new)
    lines = [*_outcome_lines(old, new), *_result_lines(old, new)]
    fields = [
        f
        for f in (compare_trees(_tree(old), _tree(new)) if old and new else [])
        if not (f.path[0] in ("utfall", "utförare") and f.path[-1] in _JUDGED)
    ]
    if kind == "ändrad" and not lines and not fields:
        return None
    return FollowUpChange(
        path, side.file.uppdrag_id or "", _title(side.file), kind, tuple(lines), tuple(fields)
    )


def _unread(path: str, old: _Side, new: _Side) -> FollowUpChange | None:
    """A version that cannot be read is said so, with why, instead of a comparison that would
    show every field of the other as added or removed; two that cannot be read are left to
    `uppdrag check`."""
    if old.unread and new.unread:
        return None
    which, why = ("den tidigare", old.unread) if old.unread else ("den nya", new.unread)
    line = (
        f"{which} versionen av filen kan inte läsas ({why}), så ändringarna kan inte visas "
        "fält för fält"
    )
    side = new if old.unread else old
    return FollowUpChange(
        path, side.file.uppdrag_id or "", _title(side.file), "ändrad", (line,), ()
    )


def _title(file: FollowUpFile) -> str:
    model = file.model
    if isinstance(model, OutcomeReport):
        return f"{model.report} {model.period}"
    if isinstance(model, EqualTerms):
        return f"likvärdighet {model.period}"
    if isinstance(model, Review):
        return f"bedömning {model.year}"
    return PurePosixPath(file.rel).stem


def _tree(side: _Side | None) -> Tree:
    data = side.file.document.data if side is not None else None
    return build_tree(data) if isinstance(data, dict) else {}


Keyed = dict[tuple[str | None, str], Outcome]


def _outcomes(side: _Side | None) -> tuple[Keyed, str]:
    """Each outcome by (utförare, criterion), and the period it is for."""
    if side is None:
        return {}, ""
    model = side.file.model
    if isinstance(model, OutcomeReport):
        return {(None, o.criterion): o for o in model.outcomes or []}, str(model.period)
    if isinstance(model, EqualTerms):
        keyed: Keyed = {(p.name, o.criterion): o for p in model.providers for o in p.outcomes}
        return keyed, str(model.period)
    return {}, ""


def _outcome_lines(old: _Side | None, new: _Side | None) -> Iterator[str]:
    before, period = _outcomes(old)
    after, new_period = _outcomes(new)
    period = new_period or period
    for key in [*after, *(k for k in before if k not in after)]:
        provider, ident = key
        a, b = before.get(key), after.get(key)
        old_judged, old_value = _judged(old, a, ident)
        new_judged, new_value = _judged(new, b, ident)
        if (old_value, old_judged) == (new_value, new_judged):
            continue
        criterion = _criterion(new, ident) or _criterion(old, ident)
        unit = criterion.target.unit if criterion is not None else None
        yield OutcomeChange(
            ident, period, provider, old_value, new_value, unit, old_judged, new_judged
        ).text


def _criterion(side: _Side | None, ident: str) -> Criterion | None:
    return side.criteria.get(ident) if side is not None else None


def _judged(
    side: _Side | None, outcome: Outcome | None, ident: str
) -> tuple[Assessed, Decimal | None]:
    if side is None or outcome is None:
        return NOT_REPORTED, None
    criterion, value = side.criteria.get(ident), outcome.value
    if criterion is None:
        return (outcome.judgement or NOT_REPORTED), value
    return judge_outcome(outcome, criterion, side.margin), value


def _result_lines(old: _Side | None, new: _Side | None) -> Sequence[str]:
    before, after = _result(old), _result(new)
    if before == after:
        return []
    side = new or old
    assert side is not None
    return [f"{_title(side.file)}: resultat {_kr(before)} → {_kr(after)}"]


def _result(side: _Side | None) -> Decimal | None:
    model = side.file.model if side is not None else None
    if isinstance(model, OutcomeReport) and model.economy is not None:
        return model.economy.result
    return None


def _kr(amount: Decimal | None) -> str:
    return NONE if amount is None else kronor(amount)
