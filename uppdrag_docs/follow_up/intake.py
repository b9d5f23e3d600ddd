"""`uppdrag inläs`: filled forms into report files, checked before anything is written.

Each form is read (`readback.py`), its data written as the report file a person would write
(`report_text.py`) in memory, and that file checked against its uppdrag as `uppdrag check`
checks it (`consistency.py`), every finding moved to the cell it came from. Only a form
without errors is written; an existing report with other content is replaced only when asked
(and then through the round trip that keeps its comments). After writing, the written files
are checked once more with the whole repository (`review.check`), for the warnings that need
it: late, no åtgärder, a deficit, intäkter that differ from the decision. One intake at a time
writes in a repository (`lock.py`), and it first removes the temporary files a killed one left.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from uppdrag_docs import codes
from uppdrag_docs.errors import UnsafeFileError, UppdragError
from uppdrag_docs.files import (
    display_path,
    os_error_text,
    read_bounded,
    refuse_link_out,
    remove_leftovers,
    write_atomic,
)
from uppdrag_docs.findings import Finding, Position, sort_findings
from uppdrag_docs.follow_up import form_layout as layout
from uppdrag_docs.follow_up.consistency import check_file
from uppdrag_docs.follow_up.files import from_document
from uppdrag_docs.follow_up.form_match import check_form
from uppdrag_docs.follow_up.readback import ReadForm, read_form
from uppdrag_docs.follow_up.report_text import Data, replaced_text, report_text
from uppdrag_docs.follow_up.review import check
from uppdrag_docs.format.document import MAX_FILE_BYTES, Document, parse_into
from uppdrag_docs.format.repository import (
    UPPDRAG_DIR,
    UPPFOLJNING_DIR,
    find_root,
    load_shared,
)
from uppdrag_docs.format.repository import uppdrag_files as find_uppdrag_files
from uppdrag_docs.lock import Say, hold, quiet
from uppdrag_docs.names import file_key
from uppdrag_docs.trust.checks import LoadedUppdrag, load_uppdrag


@dataclass
class Intake:
    """What `read_in` did: the report files written or left as they were, and the findings."""

    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    forms: int = 0

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)


def read_in(
    paths: Sequence[Path],
    *,
    per: dt.date,
    today: dt.date,
    replace_existing: bool = False,
    start: Path | None = None,
    say: Say = quiet,
) -> Intake:
    """Read each form into `uppfoljning/<uppdrag>/<rapport>-<period>.yaml`; `today` is the
    delivery day of a form that leaves it empty, `per` the day of the checks afterwards.

    With the repository's lock held (`lock.py`; `say` hears what it waits for), so that two
    intakes of one report never both write it: the second sees the first's report.
    """
    root = find_root(start or Path.cwd())
    with hold((root,), "uppdrag inläs", say):
        remove_leftovers(root / UPPFOLJNING_DIR, below=True)
        return _read_in(_Reader(root, today, replace_existing), paths, per)


def _read_in(reader: _Reader, paths: Sequence[Path], per: dt.date) -> Intake:
    paths = list(dict.fromkeys(paths))  # a file named twice (two globs) is one form
    result = Intake(forms=len(paths))
    targets: dict[Path, ReadForm] = {}
    forms = [read_form(path) for path in paths]
    claims: dict[str, list[ReadForm]] = {}  # by the name as a file system ignoring case sees it
    for form in forms:  # all first: two forms of one report write neither, in any order
        if form.data is not None:
            claims.setdefault(file_key(str(reader.target(form))), []).append(form)
    for form in forms:
        result.findings += form.findings
        if form.data is None:
            continue
        target = reader.target(form)
        others = [other for other in claims[file_key(str(target))] if other is not form]
        found = reader.found(form, others)
        result.findings += found.findings
        if form.has_errors or found.has_errors or found.text is None:
            continue  # nothing is written while the form has an error
        targets[target] = form
        if found.same:
            result.unchanged.append(target)
            continue
        try:
            write_atomic(target, found.text.encode())
        except OSError as exc:
            raise UppdragError(_unwritten(target, os_error_text(exc), result)) from exc
        result.written.append(target)
    if targets:
        after = check(list(targets), root=reader.root, per=per)
        for finding in after.findings:
            written = targets.get(finding.path)
            if written is not None:
                result.findings.append(_at_cell(written, finding))
    result.findings = sort_findings(_unique(result.findings))
    return result


def _unwritten(target: Path, reason: str, done: Intake | None = None) -> str:
    """Why a report cannot be written, and which of this call's reports already were."""
    text = f"{display_path(target)} kan inte skrivas: {reason}"
    if done is not None and done.written:
        text += "; redan skrivna: " + ", ".join(str(display_path(p)) for p in done.written)
    return text


@dataclass
class _Found:
    text: str | None
    """The report file's text as it will be written; None when it is not to be written."""
    findings: list[Finding]
    same: bool = False
    """The existing report holds the same data (its text may differ: it is kept)."""

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)


class _Reader:
    """One `read_in`: the repository each form is checked against, and the stages of a form."""

    def __init__(self, root: Path, today: dt.date, replace_existing: bool) -> None:
        self.root = root
        self.today = today
        """The delivery day of a form that leaves it empty."""
        self.replace_existing = replace_existing
        self.shared = load_shared(root)
        self.files = {p.stem: p for p in find_uppdrag_files([root / UPPDRAG_DIR], root)}
        """Each uppdrag file by its id."""
        self._loaded: dict[str, LoadedUppdrag | None] = {}

    def target(self, form: ReadForm) -> Path:
        data = form.data
        assert data is not None
        folder = self.root / UPPFOLJNING_DIR / str(data["uppdrag"])
        return folder / f"{data['rapport']}-{data['period']}.yaml"

    def loaded(self, ident: str) -> LoadedUppdrag | None:
        """The uppdrag with that id, checked; None when it has no file or does not follow the
        format."""
        if ident not in self._loaded:
            path = self.files.get(ident)
            loaded, _ = load_uppdrag(path, self.shared) if path else (None, [])
            self._loaded[ident] = loaded
        return self._loaded[ident]

    def found(self, form: ReadForm, others: Sequence[ReadForm]) -> _Found:
        """The report file of `form` and every finding about it; `others` are the other forms
        of the same report."""
        assert form.data is not None
        ident = str(form.data["uppdrag"])
        loaded = self.loaded(ident)
        found = self._report(form, loaded, self.target(form))
        if loaded is None and ident in self.files:  # never written unchecked
            rel = display_path(self.files[ident])
            found.findings.append(
                form.at(
                    layout.META_SHEET + "!B3",
                    codes.FORM_UNREADABLE,
                    f"blanketten kan inte kontrolleras mot {rel}, som inte följer formatet; "
                    f"rätta uppdraget först (uppdrag check {rel}) och läs sedan in igen",
                )
            )
        if others:
            found.findings.append(
                form.at(
                    layout.META_SHEET + "!B3",
                    codes.REPORT_EXISTS,
                    f"{display_path(others[0].path)} gäller samma rapport; läs in en av dem",
                )
            )
        return found

    def _report(self, form: ReadForm, loaded: LoadedUppdrag | None, target: Path) -> _Found:
        data = form.data
        assert data is not None
        out: list[Finding] = check_form(form, loaded) if loaded is not None else []
        delivered_cell = f"{layout.REPORT_SHEET}!{layout.DELIVERED}"
        if "inlämnad" not in data and all(f.cell != delivered_cell for f in form.findings):
            today = data["inlämnad"] = self.today
            out.append(
                form.at(
                    delivered_cell,
                    codes.DELIVERED_TODAY,
                    f"inlämningsdagen är tom; {today.isoformat()}, dagen den läses in, används",
                )
            )
        written = self._text(form, _ordered(data), target)
        if written.text is None:
            return _Found(None, out + written.findings)
        doc = Document(path=target)
        parse_into(doc, written.text.encode())
        file = from_document(doc, PurePosixPath(target.relative_to(self.root).as_posix()))
        checked = [*doc.findings, *check_file(file, loaded, set(self.files), self.shared)]
        unread = {f.cell for f in form.findings if f.is_error}
        out += [f for f in map(functools.partial(_at_cell, form), checked) if f.cell not in unread]
        return _Found(written.text, out, written.same)

    def _text(self, form: ReadForm, data: Data, target: Path) -> _Found:
        """The text to write at `target`: new, the existing one when it holds the same data,
        or the existing one with the data replaced when that is asked for; else a refusal."""
        header = [
            "yaml-language-server: $schema=../../schema/uppfoljning-rapport.schema.json",
            f"Rapport {data['rapport']} för {data['period']}, inläst från {form.path.name}.",
        ]
        try:
            refuse_link_out(target, self.root)
        except UnsafeFileError as exc:
            raise UppdragError(_unwritten(target, exc.message)) from None
        if not target.exists():
            return _Found(report_text(data, header), [])
        if not target.is_file():
            raise UppdragError(_unwritten(target, "där finns en mapp eller något annat än en fil"))
        try:
            old_text = read_bounded(target, MAX_FILE_BYTES).decode("utf-8", "replace")
        except (OSError, UnsafeFileError) as exc:
            reason = exc.message if isinstance(exc, UnsafeFileError) else os_error_text(exc)
            raise UppdragError(f"{display_path(target)} kan inte läsas: {reason}") from exc
        old = _parsed(old_text, target)
        if old is not None and old == _parsed(report_text(data, []), target):
            return _Found(old_text, [], same=True)
        if self.replace_existing:
            return _Found(replaced_text(old_text, data, header), [])
        refusal = codes.REPORT_EXISTS.at(
            form.path,
            Position(1, 1),
            f"{display_path(target)} finns redan med annat innehåll; läs in med "
            "--ersätt för att ersätta den (dess kommentarer behålls)",
        )
        return _Found(None, [refusal])


def _ordered(data: Data) -> Data:
    """The keys in the order the spec lists them, as a person writes them."""
    order: tuple[str, ...] = (
        "schemaversion",
        "uppdrag",
        "rapport",
        "period",
        "inlämnad",
        "inlämnad_av",
    )
    order += ("utfall", "ekonomi", "volymer", "brukare")
    return {key: data[key] for key in order if key in data}


def _parsed(text: str, path: Path) -> object:
    doc = Document(path=path)
    parse_into(doc, text.encode())
    return doc.data


def _at_cell(form: ReadForm, finding: Finding) -> Finding:
    """A finding of the report file said at the form's cell its field came from."""
    if finding.cell is not None:
        return finding
    cell = form.cell_of(finding.field)
    moved = form.at(cell, codes.REGISTRY[finding.code], finding.message)
    return replace(moved, severity=finding.severity, field=finding.field)


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[object, ...]] = set()
    out: list[Finding] = []
    for f in findings:
        key = (f.path, f.cell, f.code, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
