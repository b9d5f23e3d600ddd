"""The files of `uppfoljning/`: where they are, what their names say, and their models.

Each file is read with the same care as an uppdrag file (`format/document.py`: positions of
every key and value, safe YAML, Decimal numbers) and validated against its model (`validation.py`:
findings on the right line, "menade du" for unknown keys). The kind follows from the file name:
`<rapport>-<period>.yaml` is a report, `likvardighet-<period>.yaml` the likvärdighet figures,
`bedomning-<år>.yaml` the förvaltning's assessment. A name that says none of this is a finding,
and its content decides which model it is read with.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Literal

from uppdrag_docs import codes
from uppdrag_docs.codes import Code
from uppdrag_docs.files import tree_files
from uppdrag_docs.findings import Finding, Position
from uppdrag_docs.follow_up.models import (
    FIGURE_RANGE,
    EqualTerms,
    FollowUpModel,
    OutcomeReport,
    Review,
)
from uppdrag_docs.follow_up.periods import PeriodKey, parse_period
from uppdrag_docs.format.document import Document, format_loc, read_document
from uppdrag_docs.format.repository import UPPFOLJNING_DIR
from uppdrag_docs.format.validation import validate
from uppdrag_docs.quoting import quoted

Kind = Literal["rapport", "likvärdighet", "bedömning"]
MODELS: dict[Kind, type[OutcomeReport] | type[EqualTerms] | type[Review]] = {
    "rapport": OutcomeReport,
    "likvärdighet": EqualTerms,
    "bedömning": Review,
}
EQUAL_TERMS_PREFIX = "likvardighet-"
REVIEW_PREFIX = "bedomning-"
NAME_FORMS = "<rapport>-<period>.yaml, likvardighet-<period>.yaml eller bedomning-<år>.yaml"

_REPORT_NAME = re.compile(r"^(?P<report>[A-Za-z0-9][A-Za-z0-9_.]*)-(?P<period>\d{4}(?:-\w+)?)$")


@dataclass(frozen=True)
class FileName:
    """What a file's place and name say; `problem` is why they say it wrongly, in Swedish."""

    uppdrag: str | None
    """The folder under `uppfoljning/`: the uppdrag's id."""
    kind: Kind | None
    report: str | None = None
    period: PeriodKey | None = None
    """The report's or the likvärdighet's period; for a bedömning, its year."""
    problem: str | None = None


@dataclass
class FollowUpFile:
    """One file of `uppfoljning/`, read and validated; `model` is None when it does not follow
    its schema (the reasons are among the document's findings)."""

    rel: PurePosixPath
    """The path from the repository root: `uppfoljning/hemtjanst-norr/R1-2027-T1.yaml`."""
    name: FileName
    document: Document
    model: FollowUpModel | None

    @property
    def path(self) -> Path:
        return self.document.path

    @property
    def uppdrag_id(self) -> str | None:
        """The uppdrag the file is about: its `uppdrag` key, else its folder."""
        return self.model.uppdrag if self.model is not None else self.name.uppdrag

    def finding(self, loc: tuple[str | int, ...], code: Code, message: str) -> Finding:
        return self.document.finding(loc, code, message)

    def __getstate__(self) -> tuple[PurePosixPath, FileName, Document, bool]:
        """Without the model, when a file read in the process that shares `read_all` comes
        back pickled (`forked.py`): validating the data again takes a fifth of the time that
        unpickling the model took."""
        return self.rel, self.name, self.document, self.model is not None

    def __setstate__(self, state: tuple[PurePosixPath, FileName, Document, bool]) -> None:
        self.rel, self.name, self.document, valid = state
        data = self.document.data
        model_type = MODELS[self.name.kind or _kind_of(data)]
        self.model = model_type.model_validate(data, by_name=False) if valid else None


def follow_up_files(root: Path) -> list[Path]:
    """Every YAML file under `root/uppfoljning/`, in a stable order (none when it is missing)."""
    folder = root / UPPFOLJNING_DIR
    return tree_files(folder, root) if os.path.lexists(folder) else []


def parse_name(rel: PurePosixPath) -> FileName:
    """What `uppfoljning/<uppdrag>/<name>.yaml` says, or why it says it wrongly."""
    parts = rel.parts[1:] if rel.parts[:1] == (UPPFOLJNING_DIR,) else rel.parts
    if len(parts) != 2:
        return FileName(
            None,
            None,
            problem=f"en uppföljningsfil ska ligga i {UPPFOLJNING_DIR}/<uppdrag>/, i en mapp per "
            "uppdrag",
        )
    folder, stem = parts[0], PurePosixPath(parts[1]).stem
    if stem.startswith(REVIEW_PREFIX):
        return _with_period(FileName(folder, "bedömning"), stem[len(REVIEW_PREFIX) :], year=True)
    if stem.startswith(EQUAL_TERMS_PREFIX):
        return _with_period(FileName(folder, "likvärdighet"), stem[len(EQUAL_TERMS_PREFIX) :])
    match = _REPORT_NAME.match(stem)
    if match is None:
        return FileName(folder, None, problem=f"filnamnet ska vara {NAME_FORMS}")
    return _with_period(FileName(folder, "rapport", report=match["report"]), match["period"])


def _with_period(name: FileName, text: str, *, year: bool = False) -> FileName:
    try:
        period = parse_period(text)
    except ValueError as exc:
        return replace(name, problem=f"filnamnet: {exc}")
    if year and period.frequency != "år":
        return replace(name, problem=f"filnamnet ska vara {REVIEW_PREFIX}<år>.yaml")
    return replace(name, period=period)


def read_follow_up(path: Path, root: Path) -> FollowUpFile:
    """Read one follow-up file from disk and validate it; its findings are on its document."""
    doc = read_document(path, root=root)
    rel = PurePosixPath(Path(os.path.relpath(path, root)).as_posix())
    if path.is_dir():  # an uppdrag's folder, linked out of the repository: refused unread
        return FollowUpFile(rel, FileName(path.name, None), doc, None)
    follow = from_document(doc, rel)
    if doc.data is not None and doc.raw is not None:  # the comments, which the data lacks
        doc.findings.extend(personal_numbers(doc.path, doc.raw.decode("utf-8", "replace")))
    return follow


def from_document(doc: Document, rel: PurePosixPath) -> FollowUpFile:
    """A parsed document (from disk, or from git for `diff`) as a follow-up file."""
    name = parse_name(rel)
    if doc.data is None:
        return FollowUpFile(rel, name, doc, None)
    model_type = MODELS[name.kind or _kind_of(doc.data)]
    before = len(doc.findings)
    model = validate(doc, model_type)
    doc.findings[before:] = [_specific(f, doc) for f in doc.findings[before:]]
    return FollowUpFile(rel, name, doc, model)


def _kind_of(data: object) -> Kind:
    """Which model a file with an unhelpful name is read with: what its keys suggest."""
    if isinstance(data, dict):
        if "år" in data and "rapport" not in data:
            return "bedömning"
        if "källa" in data or "utförare" in data:
            return "likvärdighet"
    return "rapport"


_VALUE = re.compile(r"(^|\.)utfall\[\d+\]\.värde$")
_MOTIVATION = re.compile(r"^(mål|kriterier)\[\d+\]\.motivering$")


def _specific(finding: Finding, doc: Document) -> Finding:
    """A schema finding that the spec names a check of its own, under that check's code."""
    field = finding.field or ""
    if finding.code == codes.WRONG_VALUE.code and _VALUE.search(field):
        shown = quoted(_written(doc, field))
        if FIGURE_RANGE in finding.message:  # a number, but 10^30, say: the range is the point
            message = f"{shown} är för stort; värdet ska vara ett tal {FIGURE_RANGE}"
        else:
            message = f"{shown} är inget tal; värdet ska vara ett tal i kriteriets enhet"
        return _as(
            finding,
            codes.VALUE_NOT_NUMBER,
            message,
        )
    if finding.code == codes.MISSING_KEY.code and _MOTIVATION.match(field):
        what = "målets" if field.startswith("mål") else "förvaltningens"
        return _as(
            finding,
            codes.MOTIVATION_MISSING,
            f"{what} bedömning saknar motivering; en bedömning är aldrig tyst",
        )
    return finding


def _written(doc: Document, field: str) -> object:
    """The value the file has at `field` (`utfall[0].värde`)."""
    for loc in doc.values:
        if format_loc(loc) == field:
            node = doc.data
            for part in loc:
                node = node[part]
            return node
    return None


def _as(finding: Finding, code: Code, message: str) -> Finding:
    return code.at(finding.path, finding.position, message, field=finding.field)


_PERSONAL_NUMBER = re.compile(r"(?<![\d])(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})(?![\d])")


def personal_numbers(path: Path, text: str) -> list[Finding]:
    """UD412 wherever the text (values, keys and comments alike) holds what looks like a
    personnummer or samordningsnummer: ÅÅÅÅMMDD-NNNN or ÅÅMMDD-NNNN, with or without the dash."""
    out: list[Finding] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _PERSONAL_NUMBER.finditer(line):
            century, month, day = match[1], int(match[3]), int(match[4])
            if century not in (None, "18", "19", "20") or not 1 <= month <= 12:
                continue
            if not (1 <= day <= 31 or 61 <= day <= 91):  # 61–91: a samordningsnummer
                continue
            out.append(
                codes.PERSONAL_NUMBER.at(
                    path,
                    Position(number, match.start() + 1),
                    f"'{match[0]}' ser ut som ett personnummer; uppföljningen innehåller bara "
                    "sammanställda uppgifter, aldrig uppgifter om en enskild person",
                )
            )
    return out
