"""How a command prints what it says: every line of it on one line, as written.

A message names files and values from the kommun's repository, which can hold anything: a line
break in a YAML key started a line of its own on standard error, where GitHub Actions reads
`::error` and `::stop-commands::`, and `[/]` in a title was read as rich's markup (an internal
error in `uppdrag calc`). So a message line goes out through `say`, and a table or heading
through `console()`, which prints text as written (no markup, no emoji codes) with its control
characters spelt out; both use `quoting.escaped`. Style is given as `styled(text, style)`,
never as markup inside a text.
"""

from __future__ import annotations

import functools
from typing import Any

import click

from uppdrag_docs.quoting import escaped


def say(message: str, *, err: bool = False) -> None:
    """Print one line of a message, its control characters spelt out."""
    click.echo(escaped(message), err=err)


def lines(*texts: str) -> str:
    """Lines for one `click.echo`, each of them escaped: a summary made of several messages."""
    return "\n".join(escaped(text) for text in texts)


def console(*, stderr: bool = False, width: int = 0) -> Any:
    """The rich console for tables and headings; in a log or a pipe at least `width` wide."""
    printer = _console_class()(stderr=stderr, highlight=False, markup=False, emoji=False)
    if width and not printer.is_terminal:
        printer.width = max(printer.width, width)  # don't wrap the labels in a log
    return printer


def styled(text: str, style: str, rest: str = "") -> Any:
    """`text` in a style (bold, dim) and `rest` plain after it, for a heading or a table cell,
    control characters spelt out as `console()` prints every other text."""
    from rich.text import Text

    out = Text(escaped(text), style=style)
    out.append(escaped(rest))
    return out


@functools.cache
def _console_class() -> Any:
    from rich.console import Console

    class Escaping(Console):
        """Every text it renders (a printed string, a cell, a title) comes through here."""

        def render_str(self, text: str, **kwargs: Any) -> Any:
            return super().render_str(escaped(text), **kwargs)

    return Escaping
