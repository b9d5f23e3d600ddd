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
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from markupsafe import Markup, escape

from uppdrag_docs.errors import TemplateError
from uppdrag_docs.files import normalise_zip
from uppdrag_docs.render.context import DocumentContext
from uppdrag_docs.repository import TEMPLATES_DIR

if TYPE_CHECKING:
    from jinja2 import Environment

    from uppdrag_docs.render.pandoc import MarkdownCache

DECISION_TEMPLATE = "verksamhetsuppdrag.docx"
REPORTING_TEMPLATE = "rapportering.docx"
CASE_TEMPLATE = "tjansteskrivelse.docx"
PACKAGED_TEMPLATES = (Path(__file__).parents[1] / TEMPLATES_DIR).resolve()


def template_path(name: str, root: Path | None) -> Path:
    """The kommun's own template beside `uppdrag/` if it has one, else the packaged default."""
    if root is not None:
        local = root / TEMPLATES_DIR / name
        if local.is_file():
            return local
    packaged = PACKAGED_TEMPLATES / name
    if not packaged.is_file():
        raise TemplateError(f"mallen '{name}' saknas i installationen ({packaged})")
    return packaged


def _finalize(value: Any) -> Any:
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return Markup(str(escape(value)).replace("{", "&#123;").replace("}", "&#125;"))
    return value


@functools.cache
def jinja_environment() -> Environment:
    """The one environment every document is rendered with (compiled templates are kept)."""
    from jinja2 import Environment, StrictUndefined

    class CompilingOnce(Environment):
        """docxtpl hands over the same template XML for every document; compile it once."""

        compiled: ClassVar[dict[str, Any]] = {}

        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
            if globals is not None or template_class is not None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            template = self.compiled.get(source)
            if template is None:
                template = self.compiled[source] = super().from_string(source)
            return template

    return CompilingOnce(autoescape=True, undefined=StrictUndefined, finalize=_finalize)


@functools.cache
def _template_class() -> Any:
    from docxtpl import DocxTemplate

    class PatchingOnce(DocxTemplate):  # type: ignore[misc]
        """docxtpl's tag clean-up of the template XML is the same for every document."""

        patched: ClassVar[dict[str, str]] = {}

        def patch_xml(self, src_xml: str) -> str:
            result = self.patched.get(src_xml)
            if result is None:
                result = self.patched[src_xml] = super().patch_xml(src_xml)
            return result

    return PatchingOnce


_UNDEFINED = re.compile(r"'(?:[^']*object)?'? ?(?:has no attribute|is undefined)|'([^']+)'")


def render_docx(
    template: Path,
    context: DocumentContext,
    *,
    cache: MarkdownCache | None = None,
) -> bytes:
    """The rendered document as reproducible docx bytes."""
    from jinja2 import TemplateSyntaxError, UndefinedError

    from uppdrag_docs.render.markdown import MarkdownRenderer

    try:
        tpl = _template_class()(str(template))
        tpl.init_docx()
    except Exception as exc:  # a broken zip, not a docx at all
        raise TemplateError(f"mallen kan inte öppnas ({exc})", path=template) from exc
    try:
        markdown = MarkdownRenderer(tpl, cache).render(context.markdown)
        tpl.render({**context.values, "md": markdown}, jinja_environment(), autoescape=True)
    except UndefinedError as exc:
        field = _field_name(str(exc))
        raise TemplateError(
            f"mallen använder fältet '{field}', som inte finns i uppdragets data ({exc})",
            path=template,
            field=field,
        ) from exc
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"mallen har ett syntaxfel i en Jinja-tagg ({exc.message})", path=template
        ) from exc
    _set_properties(tpl, context)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalise_zip(buffer.getvalue())


def _field_name(message: str) -> str:
    names = re.findall(r"'([^']+)'", message)
    return names[-1] if names else message


def _set_properties(tpl: Any, context: DocumentContext) -> None:
    props = tpl.docx.core_properties
    moment = dt.datetime.combine(context.date, dt.time(0, 0))
    props.title = context.title
    props.subject = context.subject
    props.language = "sv-SE"
    props.author = context.values.get("forvaltning", "")
    props.last_modified_by = context.values.get("verktyg", "")
    props.identifier = context.values.get("diarienummer", "")
    props.keywords = "verksamhetsuppdrag; egen regi"
    props.comments = ""
    props.created = moment
    props.modified = moment
    props.last_printed = moment
    props.revision = 1
