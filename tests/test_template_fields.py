"""The templates' fields: the model, the contexts the code fills and the templates agree, and
MALLFALT.md is `uppdrag mallfält --format markdown`.

Run `python -m tests.test_template_fields` to rewrite MALLFALT.md after changing a field.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Annotated, Any, NotRequired, get_args, get_origin, get_type_hints, is_typeddict

import pytest
from docx import Document as Word

from uppdrag_docs.cli.output import fields_text
from uppdrag_docs.errors import TemplateError
from uppdrag_docs.format.repository import PACKAGED_TEMPLATES
from uppdrag_docs.render.model.base import MarkdownKey
from uppdrag_docs.render.model.decision import DecisionValues
from uppdrag_docs.render.reference import (
    DOCUMENTS,
    Document,
    document_fields,
    known_paths,
    reference,
)
from uppdrag_docs.render.template_paths import template_paths
from uppdrag_docs.trust.calculated import Calculated, load
from uppdrag_docs.version import TOOL

from .conftest import BASE_ID, PROJECT, Cli, KommunRepo, changed

PAGE = PROJECT / "MALLFALT.md"
SHOWN_TOOL = "uppdrag-docs 1.2.3"
"""What the page shows for `verktyg`: the installed version changes with every commit."""


def page() -> str:
    text = fields_text(reference(start=PROJECT), "markdown")
    assert f"| {TOOL} |" in text
    return changed(text, f"| {TOOL} |", f"| {SHOWN_TOOL} |")


def test_the_page_is_the_commands_output() -> None:
    assert PAGE.read_text(encoding="utf-8") == page(), "kör: python -m tests.test_template_fields"


def test_the_readme_links_the_page() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Mallarna", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    assert "(MALLFALT.md)" in section


class Mismatch:
    """Where a context differs from its model, and which of the model's fields it has."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.seen: set[str] = set()
        self.markdown_keys: set[str] = set()

    def check(self, model: type, value: Any, prefix: str = "") -> None:
        if not isinstance(value, dict):
            self.problems.append(f"{prefix or 'sammanhanget'} är {value!r}, inte en grupp")
            return
        hints = get_type_hints(model, include_extras=True)
        for name in value.keys() - hints.keys():
            self.problems.append(f"{prefix}{name} fylls i men står inte i modellen")
        for name, hint in hints.items():
            required = get_origin(hint) is not NotRequired
            hint = hint if required else get_args(hint)[0]
            hint = get_args(hint)[0] if get_origin(hint) is Annotated else hint
            if name in value:
                self.seen.add(prefix + name)
                self._value(hint, value[name], prefix + name)
            elif required:
                self.problems.append(f"{prefix}{name} står i modellen men fylls inte i")

    def _value(self, hint: Any, value: Any, path: str) -> None:
        optional = type(None) in get_args(hint)  # `Group | None`, a group that may be left out
        groups = [a for a in get_args(hint) if is_typeddict(a)] if optional else []
        if groups and value is None:
            return
        if groups:
            hint = groups[0]
        if is_typeddict(hint):
            self.check(hint, value, path + ".")
        elif get_origin(hint) is list:
            if not isinstance(value, list):
                self.problems.append(f"{path} är {value!r}, inte en lista")
                return
            for item in value:
                self._value(get_args(hint)[0], item, path + "[]")
        elif hint is MarkdownKey and isinstance(value, str):
            self.markdown_keys.add(value)
        elif not _is(value, hint):
            self.problems.append(f"{path} är {value!r}, inte {hint}")

    def check_markdown(self, model: type, markdown: Any) -> None:
        if missing := self.markdown_keys - markdown.keys():
            self.problems.append(f"md saknar {sorted(missing)}")
        self.check(model, {k: v for k, v in markdown.items() if k not in self.markdown_keys}, "md.")


def _is(value: Any, hint: Any) -> bool:
    if get_args(hint):  # `str | None`
        return any(_is(value, option) for option in get_args(hint))
    hint = getattr(hint, "__supertype__", hint)  # a NewType: MarkdownText
    if hint is type(None):
        return value is None
    return isinstance(value, hint) and (hint is bool or not isinstance(value, bool))


def mismatches(document: Document, example: Calculated, seen: set[str]) -> list[str]:
    values, markdown = document.fields(example)
    found = Mismatch()
    found.check(document.values, values)
    if document.markdown is not None:
        found.check_markdown(document.markdown, markdown)
    elif markdown:
        found.problems.append(f"md har {sorted(markdown)} men dokumentet har inga Markdown-fält")
    seen |= found.seen
    return found.problems


@pytest.fixture(scope="module")
def examples() -> list[Calculated]:
    loaded = load(root=PROJECT)
    assert not loaded.refused
    return list(loaded.uppdrag.values())


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.templates[0])
def test_every_examples_context_is_its_model(
    document: Document, examples: list[Calculated]
) -> None:
    """No field is filled without being documented, and none documented that is never filled."""
    seen: set[str] = set()
    for example in examples:
        assert mismatches(document, example, seen) == [], example.uppdrag.id
    declared = {f.path for f in document_fields(document, document.fields(examples[0]))}
    assert declared - seen == set(), "fält i modellen som inget exempeluppdrag fyller i"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.templates[0])
def test_every_field_has_a_meaning(document: Document, examples: list[Calculated]) -> None:
    fields = list(document_fields(document, document.fields(examples[0])))
    assert [f.path for f in fields if not f.meaning.strip()] == []


def test_the_check_finds_a_field_added_or_dropped(examples: list[Calculated]) -> None:
    """The check the test above runs, on a context the code got wrong."""
    example = next(e for e in examples if e.uppdrag.id == BASE_ID)
    values, _ = DOCUMENTS[0].fields(example)
    wrong = {**values, "nulage": {**values["nulage"], "ny": "x"}}
    del wrong["kontakt"]
    wrong["rapporter"] = [{**values["rapporter"][0], "dagar": "30"}]
    found = Mismatch()
    found.check(DecisionValues, wrong)
    assert sorted(found.problems) == [
        "kontakt står i modellen men fylls inte i",
        "nulage.ny fylls i men står inte i modellen",
        "rapporter[].dagar är '30', inte <class 'int'>",
    ]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.templates[0])
def test_the_templates_use_only_fields_that_exist(
    document: Document, examples: list[Calculated]
) -> None:
    known = known_paths(tuple(document_fields(document, document.fields(examples[0]))))
    for name in document.templates:
        assert template_paths(PACKAGED_TEMPLATES / name) - known == set(), name


def test_the_templates_fields_are_read_through_docxtpls_tags() -> None:
    """`{{p`, `{%p`, `{%tr` (nested too), a dynamic `md[...]`, `in md`, and the header."""
    decision = template_paths(PACKAGED_TEMPLATES / "verksamhetsuppdrag.docx")
    assert {
        "md.sammanfattning",
        "md.geografisk_fordelning",
        "md",
        "tillaggsuppdrag[].md",
        "kriterier[].namn",
        "ersattning.ar[].rader[].belopp",
        "kommun",
    } <= decision
    reporting = template_paths(PACKAGED_TEMPLATES / "rapportering.docx")
    assert "rapporter[].perioder[].senast" in reporting
    assert not {p for p in decision | reporting if p.split(".")[0] in ("r", "k", "loop")}


def test_mallfalt_lists_one_template_with_examples(cli: Cli) -> None:
    cli.cd(PROJECT)
    result = cli("mallfalt", "tjansteskrivelse")
    assert result.exit_code == 0, result.output
    assert "tjansteskrivelse.docx: Tjänsteskrivelsen, 57 fält." in result.stdout
    assert "  forslag_rubrik (text)\n    Rubriken Förslag till nämndens beslut" in result.stdout
    assert "    Exempel: Förslag till socialnämndens beslut\n" in result.stdout
    assert "verksamhetsuppdrag.docx" not in result.stdout


def test_mallfalt_takes_its_examples_from_the_uppdrag_asked_for(cli: Cli) -> None:
    cli.cd(PROJECT)
    result = cli("mallfält", "sammantrade", "--exempel", "socialjour", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "uppdrag/socialjour.yaml" in result.stdout
    assert "| `kommun` | text | Kommunens namn" in result.stdout


def test_without_the_example_the_archives_first_uppdrag_gives_the_examples(
    repo: KommunRepo, cli: Cli
) -> None:
    for name in ("socialjour", "arbetsmarknadsinsatser"):
        shutil.copy(PROJECT / "uppdrag" / f"{name}.yaml", repo.uppdrag_dir)
    result = cli("mallfält", "tjansteskrivelse")
    assert result.exit_code == 0, result.output
    assert "exempel från uppdrag/arbetsmarknadsinsatser.yaml:" in result.stdout.replace("\n", " ")


def test_an_unknown_template_is_a_usage_error(cli: Cli) -> None:
    cli.cd(PROJECT)
    result = cli("mallfält", "beslut")
    assert result.exit_code == 2
    assert result.stderr == (
        "uppdrag: fel: det finns ingen mall som heter 'beslut'; mallarna är verksamhetsuppdrag, "
        "rapportering, tjansteskrivelse, sammantrade och uppfoljning\n"
    )


def test_a_kommuns_template_using_a_field_that_does_not_exist_is_named(
    repo: KommunRepo, cli: Cli
) -> None:
    repo.write_base()
    (repo.root / "templates").mkdir()
    doc = Word(str(PACKAGED_TEMPLATES / "verksamhetsuppdrag.docx"))
    for text in ("{%p if ersattning.satt %}", "{{ ersattning.totalen }}", "{%p endif %}"):
        doc.add_paragraph(text)
    for text in ("{%p for k in kriterier %}", "{{ k.namnet }}", "{%p endfor %}", "{{p md.okand }}"):
        doc.add_paragraph(text)
    doc.sections[0].header.add_paragraph("{{ kommunen }}")
    template = Path("templates") / "verksamhetsuppdrag.docx"
    doc.save(str(repo.root / template))
    result = cli("mallfält", "rapportering")
    assert result.exit_code == 1
    assert "från uppdrag/hemtjanst-norr.yaml" in result.stdout.replace("\n", " ")
    assert result.stderr == (
        f"uppdrag: fel: {template}: mallen använder fält som inte finns: ersattning.totalen, "
        "kommunen, kriterier[].namnet, md.okand\n"
    )


if __name__ == "__main__":
    PAGE.write_text(page(), encoding="utf-8")


def test_a_template_with_an_unclosed_tag_is_named_before_its_fields_are_read(
    tmp_path: Path,
) -> None:
    """docxtpl's clean-up would have taken the paragraph of `{{ titel ` away in silence, and
    `uppdrag mallfält` listed the template's fields without `titel`."""
    template = tmp_path / "verksamhetsuppdrag.docx"
    with (
        zipfile.ZipFile(PACKAGED_TEMPLATES / "verksamhetsuppdrag.docx") as source,
        zipfile.ZipFile(template, "w") as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                assert b"{{ titel }}" in data
                data = data.replace(b"{{ titel }}", b"{{ titel ", 1)
            target.writestr(info, data)
    with pytest.raises(TemplateError) as raised:
        template_paths(template)
    assert str(raised.value) == (
        f"{template}: mallen har ett syntaxfel i en Jinja-tagg i stycket som börjar "
        "'{{ titel': varje {{ och {% stängs med }} och %}, och varje {% if %} och "
        "{% for %} med sitt {% endif %} och {% endfor %}"
    )
