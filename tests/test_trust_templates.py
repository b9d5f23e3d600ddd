"""A template is a file a pull request can change: it renders sandboxed, reaches nothing but
its context, and a broken one fails naming itself, never rendering in silence."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from uppdrag_docs.build.documents import build
from uppdrag_docs.build.run import BuildOptions

from .conftest import EXAMPLES, PROJECT, changed

pytestmark = pytest.mark.slow  # pandoc renders the Markdown fields

OUTSIDE = (
    "mallen försöker nå något utanför uppdragets data (ett attribut, en modul, en annan mall "
    "eller en funktion); en mall får bara visa fälten den får"
)


def build_with(tmp_path: Path, paragraph: str) -> tuple[dict[str, str], Path]:
    root = tmp_path / "kommun"
    shutil.copytree(EXAMPLES / "gemensamt", root / "uppdrag" / "gemensamt")
    shutil.copy(EXAMPLES / "hemtjanst-norr.yaml", root / "uppdrag")
    (root / "templates").mkdir()
    doc = Document(str(PROJECT / "templates" / "verksamhetsuppdrag.docx"))
    doc.add_paragraph(paragraph)
    template = root / "templates" / "verksamhetsuppdrag.docx"
    doc.save(str(template))
    report = build([root / "uppdrag"], BuildOptions(out=tmp_path / "ut", pdf=False))
    assert not (tmp_path / "ut" / "hemtjanst-norr.docx").exists()
    return report.failed, template


@pytest.mark.parametrize(
    "tag",
    [
        "{{ titel.__class__.__mro__[1].__subclasses__() }}",
        "{{ ''.__class__.__base__ }}",
        "{% import 'os' as os %}{{ os.system('touch /tmp/pwned') }}",
        "{% include '/etc/passwd' %}",
        "{{ titel.upper() }}",
        "{{ lipsum() }}",
        "{% set n = namespace(x=1) %}",
    ],
)
def test_a_template_reaching_outside_its_context_fails_naming_it(tmp_path: Path, tag: str) -> None:
    failed, template = build_with(tmp_path, f"Före {tag} efter")
    assert failed == {"hemtjanst-norr": f"{template}: {OUTSIDE}"}


@pytest.mark.parametrize("tag", ["{{ titel", "{% if titel %}utan slut", "{{ titel }"])
def test_a_template_with_a_syntax_error_fails_naming_it_and_its_paragraph(
    tmp_path: Path, tag: str
) -> None:
    failed, template = build_with(tmp_path, f"Före {tag} efter")
    message = failed["hemtjanst-norr"]
    assert message.startswith(f"{template}: mallen har ett syntaxfel i en Jinja-tagg i stycket")
    assert f"'Före {tag} efter'" in message


def test_the_default_globals_are_gone(tmp_path: Path) -> None:
    failed, _ = build_with(tmp_path, "{{ cycler }}")
    assert (
        "mallen använder fältet 'cycler', som inte finns i uppdragets data"
        in (failed["hemtjanst-norr"])
    )


def _edited(tmp_path: Path, part: str, old: str, new: str) -> Path:
    """The packaged decision template with `old` replaced by `new` in `part`, in a kommun."""
    root = tmp_path / "kommun"
    shutil.copytree(EXAMPLES / "gemensamt", root / "uppdrag" / "gemensamt")
    shutil.copy(EXAMPLES / "hemtjanst-norr.yaml", root / "uppdrag")
    template = root / "templates" / "verksamhetsuppdrag.docx"
    template.parent.mkdir()
    source = PROJECT / "templates" / "verksamhetsuppdrag.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(template, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                text = data.decode("utf-8")
                data = changed(text, old, new, count=1).encode("utf-8")
            zout.writestr(info, data)
    return template


@pytest.mark.parametrize(
    ("part", "old", "new", "paragraph"),
    [
        # the title's tag unclosed: docxtpl's {%p if markering %} took its paragraph away
        ("word/document.xml", "{{ titel }}", "{{ titel ", "{{ titel"),
        ("word/document.xml", "{{ titel }}", "{{ titel }", "{{ titel }"),
        ("word/document.xml", "{{ markering }}", "{% markering }}", "{% markering }}"),
        ("word/document.xml", "{{ beslut }}", "{# beslut", "{# beslut"),
        ("word/footer1.xml", "{{ titel }}", "{{ titel", "{{ titel Sida 1 (1)"),
    ],
)
def test_an_unclosed_tag_fails_the_build_naming_the_template_and_its_paragraph(
    tmp_path: Path, part: str, old: str, new: str, paragraph: str
) -> None:
    template = _edited(tmp_path, part, old, new)
    report = build([template.parents[1] / "uppdrag"], BuildOptions(out=tmp_path / "ut", pdf=False))
    assert report.failed == {
        "hemtjanst-norr": f"{template}: mallen har ett syntaxfel i en Jinja-tagg i stycket som "
        f"börjar '{paragraph}': varje {{{{ och {{% stängs med }}}} och %}}, och varje "
        "{% if %} och {% for %} med sitt {% endif %} och {% endfor %}"
    }
    assert not (tmp_path / "ut" / "hemtjanst-norr.docx").exists()
