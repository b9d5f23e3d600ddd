"""What the models share: the letterhead of the documents, and the name of a Markdown field."""

from __future__ import annotations

from typing import NewType, TypedDict

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
