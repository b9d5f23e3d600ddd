"""What the models share: the documents' letterhead, and the kinds of Markdown field."""

from __future__ import annotations

from typing import NewType, TypedDict

MarkdownText = NewType("MarkdownText", str)
"""A field under `md`: Markdown from the uppdrag, which the template places as Word paragraphs
with `{{p md.<key> }}`."""
MarkdownKey = NewType("MarkdownKey", str)
"""The name of a field under `md`, for a template that shows it with `{{p md[t.md] }}`."""


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
