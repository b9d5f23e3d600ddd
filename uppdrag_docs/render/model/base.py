"""What the models share: the documents' letterhead, and the kinds of Markdown field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NewType, TypedDict

MarkdownText = NewType("MarkdownText", str)
"""A field under `md`: Markdown from the uppdrag, which the template places as Word paragraphs
with `{{p md.<key> }}`."""
MarkdownKey = NewType("MarkdownKey", str)
"""The name of a field under `md`, for a template that shows it with `{{p md[t.md] }}`."""


@dataclass(frozen=True)
class Chart:
    """A chart for a template, placed with `{{ k.diagram }}` in a paragraph of its own.

    `draw` makes the PNG (at print resolution) only when the document is rendered; `alt` is
    the text a screen reader gives instead of the image, which the PDF carries too.
    """

    alt: str
    draw: Callable[[], bytes] = field(compare=False, repr=False)
    width_mm: int = 160

    def __str__(self) -> str:
        return f"diagram: {self.alt}"


class Letterhead(TypedDict):
    """The fields the decision document and the tjänsteskrivelse share, in their headers."""

    kommun: str
    """Kommunens namn (kommun i gemensamt/kommun.yaml)."""
    utforarforvaltning: str
    """Förvaltningen som driver egen regi (utförarförvaltning i kommun.yaml)."""
    forvaltning: str
    """Förvaltningen som företräder den beställande nämnden (beställare.förvaltning)."""
    namnd: str
    """Den beställande nämnden (beställare.nämnd)."""
    diarienummer: str
    """Uppdragets diarienummer."""
