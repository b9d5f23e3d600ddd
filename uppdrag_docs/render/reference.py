"""`uppdrag mallfält`: every field a template can use, its meaning and an example.

The fields and their meanings come from the model in `render/model/` (the TypedDicts the
contexts are built as, and the Swedish sentence under each field); the examples come from
building the contexts of a real uppdrag, so the reference shows what a template really gets.
Each template in use (the kommun's own beside `uppdrag/`, else the packaged one) is read too,
and a field it uses that the model does not have is named: rendering only finds such a field
when the branch it stands in is taken, which may be years after the template was edited.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import inspect
import itertools
import sys
import types
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import (
    Annotated,
    Any,
    NotRequired,
    get_args,
    get_origin,
    get_type_hints,
    is_typeddict,
)

from uppdrag_docs.errors import UppdragError, UsageError
from uppdrag_docs.follow_up.review import follow_up
from uppdrag_docs.format.repository import (
    CASE_TEMPLATE,
    DECISION_TEMPLATE,
    FOLLOW_UP_TEMPLATE,
    MEETING_TEMPLATE,
    REPORTING_TEMPLATE,
    UPPDRAG_DIR,
    find_root,
    template_path,
    uppdrag_files,
)
from uppdrag_docs.render.agenda import agenda_values
from uppdrag_docs.render.arende import build_case_context
from uppdrag_docs.render.context import build_context, document_date
from uppdrag_docs.render.follow_up import build_follow_up_context
from uppdrag_docs.render.model.agenda import AgendaValues
from uppdrag_docs.render.model.arende import CaseMarkdown, CaseValues
from uppdrag_docs.render.model.base import Chart, MarkdownKey, MarkdownText
from uppdrag_docs.render.model.decision import DecisionMarkdown, DecisionValues
from uppdrag_docs.render.model.follow_up import FollowUpMarkdown, FollowUpValues
from uppdrag_docs.render.template_paths import template_paths
from uppdrag_docs.swedish import listing
from uppdrag_docs.trust.calculated import Calculated, find_uppdrag, load_one
from uppdrag_docs.trust.checks import LoadedUppdrag

EXAMPLE = "hemtjanst-norr"
"""The uppdrag the examples come from, when the archive has it and no other is asked for."""

INTRO = (
    "Fälten som Word-mallarna kan använda, med betydelse och ett exempel från {example}: "
    "exemplet är det mallen får för det uppdraget, färdigformaterat.",
    "Mallarna skrivs med docxtpl. `{{ titel }}` visar ett fält. `{%p if kontakt %}` … "
    "`{%p endif %}` tar med stycken bara när fältet har ett värde. `{%p for m in mal %}` … "
    "`{%p endfor %}` upprepar stycken och `{%tr for k in kriterier %}` … `{%tr endfor %}` en "
    "tabellrad för varje post i en lista; `kriterier[].namn` är `namn` i varje post, i mallen "
    "`{{ k.namn }}`.",
    "Fälten under `md` är Markdown från uppdraget som blir Word-stycken: mallen placerar dem i "
    "ett eget stycke med `{{p md.sammanfattning }}`. Ett fält som kan saknas frågar mallen "
    "efter först, till exempel med `{%p if 'motivering' in md %}`.",
)
"""How a template uses the fields, before the lists; `{example}` is the example's file."""

Fields = tuple[Mapping[str, Any], Mapping[str, str]]
"""A template's fields and its Markdown fields, as the renderer gets them."""


@dataclass(frozen=True)
class Document:
    """A context and the templates that see it, as the reference lists them."""

    templates: tuple[str, ...]
    title: str
    values: type
    markdown: type | None
    fields: Callable[[Calculated], Fields]
    note: str = ""


@dataclass(frozen=True)
class Field:
    path: str
    """`nulage.utforare[].namn`: `[]` is each item of a list, `md.` a Markdown field."""
    kind: str
    meaning: str
    example: str | None
    """What the example uppdrag gives the template; None when it has nothing there."""
    always: bool
    """False for a field that only some uppdrag have (check for it with `{% if %}`)."""


@dataclass(frozen=True)
class Section:
    document: Document
    fields: tuple[Field, ...]
    unknown: dict[Path, list[str]]
    """Each template in use with the fields it uses that do not exist."""


@dataclass(frozen=True)
class Reference:
    example: str
    """The example uppdrag's file, relative to the archive's root."""
    sections: tuple[Section, ...]

    @property
    def intro(self) -> list[str]:
        """How a template uses the fields, naming the example."""
        return [paragraph.replace("{example}", self.example) for paragraph in INTRO]

    @property
    def ok(self) -> bool:
        return not any(section.unknown for section in self.sections)


def _decision(example: Calculated) -> Fields:
    context = build_context(example.loaded, example.calculation)
    return context.values, context.markdown


def _case(example: Calculated) -> Fields:
    context = build_case_context(example.loaded, example.calculation)
    return context.values, context.markdown


@dataclass(frozen=True)
class _ListedAttachment:
    number: int
    title: str
    first_page: int


@dataclass(frozen=True)
class _ListedCase:
    number: int
    loaded: LoadedUppdrag
    first_page: int
    decision_page: int
    attachments: tuple[_ListedAttachment, ...]


def _agenda(example: Calculated) -> Fields:
    """The uppdrag as ärende 1 of its meeting, with made-up pages: 3 for its tjänsteskrivelse,
    8 for the decision document and 1 for each bilaga."""
    uppdrag = example.uppdrag
    listed = _ListedCase(
        number=1,
        loaded=example.loaded,
        first_page=1,
        decision_page=4,
        attachments=tuple(
            _ListedAttachment(k, a.title, 11 + k) for k, a in enumerate(uppdrag.attachments, 1)
        ),
    )
    decision = uppdrag.decision
    board = decision.body if decision else uppdrag.orderer.board
    date = decision.meeting if decision else document_date(uppdrag)
    return agenda_values([listed], board=board, date=date), {}


def _follow_up(example: Calculated) -> Fields:
    """The samlad redovisning of the example's first year, as of 1 March the year after, with
    the example as the nämnd's only uppdrag."""
    year = example.uppdrag.period.start.year
    context = _follow_up_context(find_root(example.path), example.uppdrag.id, year)
    return context.values, context.markdown


@functools.cache
def _follow_up_context(root: Path, ident: str, year: int) -> Any:
    result = follow_up(year, per=dt.date(year + 1, 3, 1), root=root, ids=[ident])
    assessment = result.assessment
    if not assessment.uppdrag:
        raise UsageError(f"{ident} har fel och kan inte följas upp; rätta felen först")
    return build_follow_up_context(
        assessment, assessment.uppdrag[0].follow_up.uppdrag.orderer.board, result.combined
    )


DOCUMENTS = (
    Document(
        (DECISION_TEMPLATE, REPORTING_TEMPLATE),
        "Beslutsdokumentet och rapporteringsmallen",
        DecisionValues,
        DecisionMarkdown,
        _decision,
    ),
    Document((CASE_TEMPLATE,), "Tjänsteskrivelsen", CaseValues, CaseMarkdown, _case),
    Document(
        (MEETING_TEMPLATE,),
        "Omslaget och ärendeförteckningen i handlingarna till ett sammanträde",
        AgendaValues,
        None,
        _agenda,
        note="Exemplet är uppdraget som ärende 1 på sitt sammanträde; sidnumren är påhittade, "
        "bygget räknar dem i handlingar.pdf.",
    ),
    Document(
        (FOLLOW_UP_TEMPLATE,),
        "Den samlade redovisningen till nämnden (uppdrag uppföljning)",
        FollowUpValues,
        FollowUpMarkdown,
        _follow_up,
        note="Exemplet är uppdragets första år per 1 mars året efter, med uppdraget som "
        "nämndens enda; diagrammen visas med sin alternativtext.",
    ),
)


def reference(
    example: str | None = None, *, template: str | None = None, start: Path | None = None
) -> Reference:
    """The fields of every template (or of `template`), with examples from `example`.

    `example` is an id or a path; without it, `EXAMPLE` when the archive has it, else the
    archive's first uppdrag.
    """
    chosen = load_one(str(_example_path(example, start)), start=start)
    root = find_root(chosen.path)
    documents = [d for d in DOCUMENTS if template is None or _named(template) in d.templates]
    if not documents:
        names = listing([t.removesuffix(".docx") for d in DOCUMENTS for t in d.templates])
        raise UsageError(f"det finns ingen mall som heter '{template}'; mallarna är {names}")
    sections = []
    for document in documents:
        fields = tuple(document_fields(document, document.fields(chosen)))
        known = known_paths(fields)
        unknown = {}
        for name in document.templates:
            path = template_path(name, root)
            if missing := sorted(template_paths(path) - known):
                unknown[path] = missing
        sections.append(Section(document, fields, unknown))
    example_file = chosen.path.resolve().relative_to(root.resolve()).as_posix()
    return Reference(example_file, tuple(sections))


def _named(template: str) -> str:
    return Path(template).name.removesuffix(".docx") + ".docx"


def _example_path(example: str | None, start: Path | None) -> Path:
    if example is not None:
        return find_uppdrag(example, start)
    root = find_root(start or Path.cwd())
    files = uppdrag_files([root / UPPDRAG_DIR], root)
    chosen = [p for p in files if p.stem == EXAMPLE] or files
    if not chosen:
        raise UppdragError(f"{root / UPPDRAG_DIR} har inget uppdrag att ta exemplen från")
    return chosen[0]


def document_fields(document: Document, fields: Fields) -> Iterator[Field]:
    """Every field of the document's model, in its order, with the example's value."""
    values, markdown = fields
    yield from model_fields(document.values, values)
    if document.markdown is not None:
        yield from model_fields(document.markdown, markdown, "md.")


def model_fields(model: type, value: Mapping[str, Any] | None, prefix: str = "") -> Iterator[Field]:
    """The fields of a TypedDict, its groups' and its lists' fields after each."""
    meanings = _meanings(model)
    for name, hint in get_type_hints(model, include_extras=True).items():
        always = get_origin(hint) is not NotRequired
        hint = hint if always else get_args(hint)[0]
        meaning = meanings.get(name, "")
        if get_origin(hint) is Annotated:
            hint, meaning = get_args(hint)
        path = prefix + name
        present = value is not None and name in value
        item = value[name] if present and value is not None else None
        group = _optional_group(hint)
        if is_typeddict(hint) or group is not None:
            kind = "grupp" if group is None else "grupp eller inget"
            yield Field(path, kind, meaning, None, always)
            yield from model_fields(group or hint, item, path + ".")
        elif get_origin(hint) is list:
            (inner,) = get_args(hint)
            first = item[0] if item else None
            if is_typeddict(inner):
                count = None if item is None else f"{len(item)} st"
                yield Field(path, "lista", meaning, count, always)
                yield from model_fields(inner, first, path + "[].")
            else:
                kind = "lista med diagram" if inner is Chart else "lista med text"
                yield Field(path, kind, meaning, None if first is None else str(first), always)
        else:
            yield Field(path, _KINDS.get(hint, "text"), meaning, _shown(item, present), always)


def _optional_group(hint: Any) -> type | None:
    """The TypedDict of `Group | None` (a group the template tests with `if`); else None."""
    args = (
        [a for a in get_args(hint) if a is not type(None)] if type(None) in get_args(hint) else []
    )
    return args[0] if len(args) == 1 and is_typeddict(args[0]) else None


_KINDS: dict[object, str] = {
    Chart: "diagram",
    Chart | None: "diagram eller inget",
    bool: "ja/nej",
    int: "tal",
    str | None: "text eller inget",
    MarkdownText: "Markdown",
    MarkdownKey: "namn under md",
}


def _shown(value: Any, present: bool) -> str | None:
    if not present:
        return None
    if isinstance(value, bool):
        return "sant" if value else "falskt"
    return "inget (None)" if value is None else str(value)


def _meanings(model: type) -> dict[str, str]:
    """The string under each field of a TypedDict class, and under its bases' fields.

    A TypedDict keeps neither its bases nor these strings at run time, so both are read from
    the class's source.
    """
    module = sys.modules[model.__module__]
    bases, meanings = _classes(module).get(model.__name__, ((), {}))
    inherited: dict[str, str] = {}
    for name in bases:
        if name != "TypedDict":
            inherited |= _meanings(getattr(module, name))
    return inherited | meanings


@functools.cache
def _classes(module: types.ModuleType) -> dict[str, tuple[tuple[str, ...], dict[str, str]]]:
    """Each class of the module: the names of its bases, and the string under each field."""
    found = {}
    for node in ast.parse(inspect.getsource(module)).body:
        if isinstance(node, ast.ClassDef):
            meanings = {
                here.target.id: " ".join(after.value.value.split())
                for here, after in itertools.pairwise(node.body)
                if isinstance(here, ast.AnnAssign)
                and isinstance(here.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            }
            bases = tuple(
                b.id for b in node.bases if isinstance(b, ast.Name) and b.id != "TypedDict"
            )
            found[node.name] = (bases, meanings)
    return found


def known_paths(fields: tuple[Field, ...]) -> set[str]:
    """What a template may name: each field, each item of a list, and `md` itself."""
    known = {f.path for f in fields} | {f.path + "[]" for f in fields if f.kind.startswith("lista")}
    names_md = any(f.path.startswith("md.") or f.kind == _KINDS[MarkdownKey] for f in fields)
    return known | {"md"} if names_md else known
