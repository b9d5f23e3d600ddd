"""Rendering Word documents from the templates: one Jinja environment, reproducible bytes.

The environment is built here alone: autoescaping on (without it docxtpl silently drops text
after `&` or `<`), `StrictUndefined` (a template that uses an unknown field fails, naming the
template and the field, never a blank), and braces in data written as character references so
docxtpl's `{_{` post-processing can never turn data into template syntax. Data is only ever a
value in the context, never a template.

The saved zip is rewritten with fixed timestamps and the core properties get dates from the
data, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from markupsafe import Markup, escape

from uppdrag_docs.errors import TemplateError, UnsafeFileError
from uppdrag_docs.files import (
    MB,
    normalise_zip,
    os_error_text,
    read_bounded,
    unpacked_problem,
)
from uppdrag_docs.format.base import PROPERTY_LIMIT, word_length
from uppdrag_docs.render.context import DocumentContext
from uppdrag_docs.render.model.base import Chart

if TYPE_CHECKING:
    from jinja2 import Environment, nodes

    from uppdrag_docs.render.pandoc import MarkdownCache


def _finalize(value: Any) -> Any:
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return Markup(str(escape(value)).replace("{", "&#123;").replace("}", "&#125;"))
    return value


@functools.cache
def jinja_environment() -> Environment:
    """The one environment every document is rendered with (compiled templates are kept).

    Sandboxed: a template is a file a pull request can change and CI renders, so it may only
    read the context it is given. Attributes that lead out of it (`__class__`, `__globals__`),
    changing data and calling anything are refused, and the default globals (`range`, `lipsum`,
    `cycler`, ...) are taken away; the filters stay, since they only format.
    """
    from jinja2 import StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class CompilingOnce(ImmutableSandboxedEnvironment):
        """docxtpl hands over the same template XML for every document; compile it once."""

        compiled: ClassVar[dict[str, Any]] = {}

        def call(__self, __context: Any, __obj: Any, *_args: Any, **_kwargs: Any) -> Any:
            raise SecurityError("en mall anropar inget")

        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
            if globals is not None or template_class is not None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            template = self.compiled.get(source)
            if template is None:
                template = self.compiled[source] = super().from_string(source)
            return template

    environment = CompilingOnce(autoescape=True, undefined=StrictUndefined, finalize=_finalize)
    environment.globals.clear()
    return environment


@functools.cache
def _template_class() -> Any:
    from docxtpl import DocxTemplate

    class PatchingOnce(DocxTemplate):  # type: ignore[misc]
        """docxtpl's tag clean-up of the template XML is the same for every document."""

        patched: ClassVar[dict[str, str]] = {}

        def patch_xml(self, src_xml: str) -> str:
            result = self.patched.get(src_xml)
            if result is None:
                unclosed = _unclosed_tag(src_xml)
                if unclosed is not None:
                    raise UnclosedTagError(unclosed)
                result = self.patched[src_xml] = super().patch_xml(src_xml)
            return result

    return PatchingOnce


class UnclosedTagError(Exception):
    """A Jinja tag opened in a Word paragraph and not closed in it (the paragraph's text)."""


_DELIMITERS = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_CLOSING = {"{{": "}}", "{%": "%}", "{#": "#}"}


def _unclosed_tag(xml: str) -> str | None:
    """The text of the first paragraph in `xml` with a tag that it does not close, if any.

    docxtpl finds tags with regular expressions over the XML, so an unclosed `{{ titel ` is no
    syntax error to Jinja: it reaches to the next `}}`, maybe paragraphs later, or `{%p …%}`
    takes its paragraph away with its own, and the title is missing in silence. A tag is
    written inside one paragraph, so each paragraph must close what it opens.
    """
    for paragraph in _paragraph_texts(xml):
        expected = None
        for match in _DELIMITERS.finditer(paragraph):
            token = match[0]
            if expected is None and token in _CLOSING:
                expected = _CLOSING[token]
            elif token == expected:
                expected = None
        if expected is not None:
            return paragraph
    return None


_HIDDEN_TEXT = re.compile(r"<w:(instrText|delText)\b[^>]*>.*?</w:\1>")
"""A field's code (` PAGE `) and deleted text: in the XML, not on the page."""


def _paragraph_texts(xml: str) -> list[str]:
    if "{" not in xml:
        return []
    text = re.sub(r"<w:tab/>|<w:br/>", " ", xml.replace("\n", " "))
    text = _HIDDEN_TEXT.sub("", text)
    text = re.sub(r"</w:p>", "\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return [line for line in text.split("\n") if "{" in line]


def parsed_parts(template: Path) -> list[nodes.Template]:
    """The Jinja syntax tree of each part docxtpl renders (body, headers, footers, footnotes).

    Each is patched as `render_docx` patches it, so `{%p`, `{%tr` and `{{p` have become plain
    Jinja and the tags are whole again where Word split them into runs.
    """
    from jinja2 import TemplateSyntaxError

    tpl = _opened(template)
    parts = [tpl.get_xml()]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        parts += [tpl.get_part_xml(part) for _, part in tpl.get_headers_footers(uri)]
    parts += [
        part.blob.decode("utf-8")
        for part in tpl.docx.part.package.parts
        if part.content_type == _FOOTNOTES
    ]
    try:
        return [jinja_environment().parse(tpl.patch_xml(xml)) for xml in parts]
    except TemplateSyntaxError as exc:
        raise _syntax_error(_paragraph_at(exc.source, exc.lineno), template) from exc
    except UnclosedTagError as exc:
        raise _syntax_error(_shortened(str(exc)), template) from exc


MAX_TEMPLATE_BYTES = 50 * MB
MAX_TEMPLATE_UNPACKED = 100 * MB
"""A template with its images: a kommun's logo and a few pictures are a few MB."""
MAX_TEMPLATE_PART = 20 * MB
"""A template's XML parts: the body of a long template is well under 1 MB."""


def _opened(template: Path) -> Any:
    """The template opened by docxtpl, once its file and its unpacked sizes are known to be
    bounded: a 0.5 MB template can unpack to gigabytes, which python-docx would take in."""
    try:
        raw = read_bounded(template, MAX_TEMPLATE_BYTES)
    except UnsafeFileError as exc:
        raise TemplateError(exc.message, path=template) from None
    except OSError as exc:
        raise TemplateError(f"mallen kan inte läsas: {os_error_text(exc)}", path=template) from exc
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            problem = unpacked_problem(
                archive,
                total=MAX_TEMPLATE_UNPACKED,
                part=MAX_TEMPLATE_PART,
                what="en Word-mall",
                part_word="en del av en Word-mall",
            )
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise TemplateError("mallen kan inte öppnas som Word-fil", path=template) from exc
    if problem is not None:
        raise TemplateError(problem, path=template)
    try:
        tpl = _template_class()(io.BytesIO(raw))
        tpl.init_docx()
    except Exception as exc:  # a broken zip, not a docx at all
        raise TemplateError("mallen kan inte öppnas som Word-fil", path=template) from exc
    return tpl


_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

_UNDEFINED = re.compile(r"'(?:[^']*object)?'? ?(?:has no attribute|is undefined)|'([^']+)'")


def render_docx(
    template: Path,
    context: DocumentContext,
    *,
    cache: MarkdownCache | None = None,
) -> bytes:
    """The rendered document as reproducible docx bytes."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError
    from jinja2.exceptions import TemplateError as JinjaError

    from uppdrag_docs.render.markdown import MarkdownRenderer

    tpl = _opened(template)
    try:
        markdown = MarkdownRenderer(tpl, cache).render(context.markdown)
        values = _with_images(context.values, tpl)
        tpl.render({**values, "md": markdown}, jinja_environment(), autoescape=True)
    except UndefinedError as exc:
        if "unsafe" in str(exc):  # the sandbox's answer to `__class__` and the like
            raise TemplateError(_OUTSIDE, path=template) from exc
        field = _field_name(str(exc))
        raise TemplateError(
            f"mallen använder fältet '{field}', som inte finns i uppdragets data",
            path=template,
            field=field,
        ) from exc
    except TemplateSyntaxError as exc:
        raise _syntax_error(_paragraph_at(exc.source, exc.lineno), template) from exc
    except UnclosedTagError as exc:
        raise _syntax_error(_shortened(str(exc)), template) from exc
    except (SecurityError, JinjaError, TypeError) as exc:  # a call, an import, an include
        raise TemplateError(_OUTSIDE, path=template) from exc
    _set_properties(tpl, context)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalise_zip(buffer.getvalue())


def _with_images(value: Any, tpl: Any) -> Any:
    """The context with each `Chart` as an image docxtpl places, its alt text on it."""
    if isinstance(value, Chart):
        return _image_class()(tpl, value)
    if isinstance(value, dict):
        return {k: _with_images(v, tpl) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_images(v, tpl) for v in value]
    return value


@functools.cache
def _image_class() -> Any:
    from docx.shared import Mm
    from docxtpl import InlineImage

    class DescribedImage(InlineImage):  # type: ignore[misc]
        """A chart with its alt text as `descr` on the drawing and the picture, where Word
        shows it and LibreOffice takes it into the PDF's figure tag."""

        def __init__(self, tpl: Any, chart: Chart) -> None:
            super().__init__(tpl, io.BytesIO(chart.draw()), width=Mm(chart.width_mm))
            self.alt = chart.alt

        def _insert_image(self) -> str:
            inline = self.tpl.current_rendering_part.new_pic_inline(
                self.image_descriptor, self.width, self.height
            )
            names = inline.xpath(".//wp:docPr") + inline.xpath(".//pic:cNvPr")
            for element in names:
                element.set("descr", self.alt)
                element.set("name", "Diagram")
            return (
                f"</w:t></w:r><w:r><w:drawing>{inline.xml}</w:drawing></w:r><w:r>"
                '<w:t xml:space="preserve">'
            )

    return DescribedImage


_OUTSIDE = (
    "mallen försöker nå något utanför uppdragets data (ett attribut, en modul, en annan mall "
    "eller en funktion); en mall får bara visa fälten den får"
)


def _syntax_error(paragraph: str, template: Path) -> TemplateError:
    return TemplateError(
        f"mallen har ett syntaxfel i en Jinja-tagg i stycket som börjar "
        f"'{paragraph}': varje {{{{ och {{% stängs med }}}} "
        "och %}, och varje {% if %} och {% for %} med sitt {% endif %} och {% endfor %}",
        path=template,
    )


def _paragraph_at(source: str | None, line: int) -> str:
    """The text of the Word paragraph around the template's line `line`, as the author sees it."""
    if not source:
        return "?"
    lines = source.splitlines()
    here = "\n".join(lines[max(0, line - 1) : line + 1])
    start = max(here.rfind("<w:p>"), here.rfind("<w:p "), 0)
    return _shortened(html.unescape(re.sub(r"<[^>]+>", "", here[start:])))


def _shortened(text: str) -> str:
    text = " ".join(text.split())
    return text[:60] + ("…" if len(text) > 60 else "")


def _field_name(message: str) -> str:
    names = re.findall(r"'([^']+)'", message)
    return names[-1] if names else message


def _set_properties(tpl: Any, context: DocumentContext) -> None:
    props = tpl.docx.core_properties
    moment = dt.datetime.combine(context.date, dt.time(0, 0))
    props.title = _held_by_word(context.title)
    props.subject = _held_by_word(context.subject)
    props.language = "sv-SE"
    props.author = _held_by_word(context.values.get("forvaltning", ""))
    props.last_modified_by = context.values.get("verktyg", "")
    props.identifier = _held_by_word(context.values.get("diarienummer", ""))
    props.keywords = "verksamhetsuppdrag; egen regi"
    props.comments = ""
    props.created = moment
    props.modified = moment
    props.last_printed = moment
    props.revision = 1


def _held_by_word(text: str) -> str:
    """`text` as a document property holds it: whole up to Word's 255 characters, else cut after
    a whole word with …. An uppdrag's own fields fit (check sees to it, UD118); what is composed
    of several, like a meeting's title with its nämnd or the förvaltningar of a samlad
    redovisning, can be longer, and the document itself has it whole."""
    if word_length(text) <= PROPERTY_LIMIT:
        return text
    units = text.encode("utf-16-le")[: (PROPERTY_LIMIT - 1) * 2]
    cut = units.decode("utf-16-le", errors="ignore")  # not half of a 😀
    words = cut.rsplit(" ", 1)[0] if " " in cut.strip() else cut
    return words.rstrip(" ,;:–-") + "…"
