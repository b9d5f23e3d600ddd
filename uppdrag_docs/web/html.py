"""The register's one Jinja environment, and Markdown fields as safe HTML.

Sandboxed, with autoescape and StrictUndefined, as the Word templates are: a page template is a
file a pull request can change and CI renders. Data is never evaluated as a template, so `{{ }}`
in a field is shown as written. Markdown renders with markdown-it-py under `check`'s rules: raw
HTML is shown as text, a link is a link only to https, http or mailto (anything else is its
text), an image is its alt text (the site makes no request elsewhere), and a heading inside a
field becomes h4–h6, below the page's own.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from uppdrag_docs.rules.markup import SAFE_SCHEMES

if TYPE_CHECKING:
    from jinja2 import Environment
    from markdown_it import MarkdownIt

TEMPLATES = "templates"


@functools.cache
def environment() -> Environment:
    """The sandboxed environment over the page templates of the package."""
    from jinja2 import FunctionLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    folder = resources.files("uppdrag_docs.web") / TEMPLATES

    def source(name: str) -> str:
        return (folder / name).read_text(encoding="utf-8")

    env = ImmutableSandboxedEnvironment(
        loader=FunctionLoader(source),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = markdown
    return env


def render(name: str, context: dict[str, Any]) -> bytes:
    return environment().get_template(name).render(context).encode("utf-8")


def asset(name: str) -> bytes:
    return (resources.files("uppdrag_docs.web") / TEMPLATES / name).read_bytes()


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.validateLink = _web_link  # type: ignore[method-assign]
    rules: Any = parser.renderer.rules  # type: ignore[attr-defined]
    rules["image"] = _image_as_text
    rules["heading_open"] = _heading(open_tag=True)
    rules["heading_close"] = _heading(open_tag=False)
    return parser


def _web_link(url: str) -> bool:
    scheme, colon, _ = url.strip().partition(":")
    return bool(colon) and scheme.lower() in SAFE_SCHEMES and url.strip() == url


def _image_as_text(tokens: Sequence[Any], idx: int, _options: Any, _env: Any) -> str:
    token = tokens[idx]
    return str(escape("".join(child.content for child in token.children or [])))


def _heading(*, open_tag: bool) -> Any:
    def rule(tokens: Sequence[Any], idx: int, _options: Any, _env: Any) -> str:
        level = min(int(tokens[idx].tag[1]) + 3, 6)
        return f"<h{level}>" if open_tag else f"</h{level}>\n"

    return rule


def markdown(text: str | None) -> Markup:
    """A Markdown field as HTML that cannot run, load or style anything."""
    if not text:
        return Markup("")
    return _rendered(text)


@functools.lru_cache(maxsize=4096)
def _rendered(text: str) -> Markup:
    return Markup(_parser().render(text))  # markdown-it escapes; html is off
