"""The ärenden of a meeting as the list and the bundle show them: documents, bilagor and pages.

Each ärende (`Item`) opens with its tjänsteskrivelse, then the decision document it puts
forward, then its bilagor (`Attachment`); `number_pages` gives each its first page, counted
from 1 at the first ärende, as the list prints them and the bundle's page labels say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from uppdrag_docs.build.pdf import PdfProblem, page_count
from uppdrag_docs.errors import MeetingError
from uppdrag_docs.files import display_path
from uppdrag_docs.render.arende import case_title
from uppdrag_docs.trust.checks import LoadedUppdrag


@dataclass
class Attachment:
    """A bilaga of an ärende; `pdf` is what the bundle takes, once it is made."""

    number: int
    title: str
    source: Path
    pdf: bytes = b""
    pages: int = 0
    first_page: int = 0

    @property
    def is_pdf(self) -> bool:
        """A PDF bilaga is taken as PDF/A (`build/pdfa.py`); a Word bilaga is converted first."""
        return self.source.suffix.lower() == ".pdf"


@dataclass
class Item:
    """One ärende: an uppdrag with its documents, in the order of the list.

    The ärende opens with its tjänsteskrivelse (`case_*`, from `first_page`); the decision
    document (`pdf`, `docx`, `pages`) follows from `decision_page`, then the bilagor.
    """

    number: int
    loaded: LoadedUppdrag
    pdf: bytes
    docx: bytes
    pages: int
    case_pdf: bytes
    case_docx: bytes
    case_pages: int
    attachments: list[Attachment] = field(default_factory=list)
    first_page: int = 0
    decision_page: int = 0

    @property
    def id(self) -> str:
        return self.loaded.uppdrag.id

    @property
    def title(self) -> str:
        """The ärende's title: its tjänsteskrivelse's."""
        return case_title(self.loaded.uppdrag)

    def name(self, attachment: Attachment, root: Path) -> str:
        """How a message names one of its bilagor: number, ärende, and file in the repository."""
        return f"bilaga {attachment.number} till {self.id} ({relative(attachment.source, root)})"


def relative(path: Path, root: Path) -> str:
    """`path` as the repository names it, from its root (`uppdrag/bilagor/karta.pdf`)."""
    return path.resolve().relative_to(root.resolve()).as_posix()


def agenda_order(loaded: LoadedUppdrag) -> tuple[bool, int, str, str]:
    """The order of the list: by paragraf when decided, then by diarienummer."""
    decision = loaded.uppdrag.decision
    number = decision.paragraph if decision is not None else None
    return (number is None, number or 0, loaded.uppdrag.case_number, loaded.uppdrag.id)


@dataclass
class FollowUpItem:
    """A samlad redovisning as an ärende of its own: one document, after the uppdrag's."""

    number: int
    name: str
    """`<nämnd>-<år>`, the document's file name without its suffix."""
    title: str
    pdf: bytes
    docx: bytes
    pages: int
    case_numbers: tuple[str, ...]
    administration: str
    kommun: str
    sources: tuple[str, ...]
    """The bedömning files that name the meeting, as the repository names them."""
    first_page: int = 0


def number_pages(items: list[Item], follow_ups: Sequence[FollowUpItem] = ()) -> None:
    """Give each ärende, decision document and bilaga its first page, from 1; the samlade
    redovisningar follow the uppdrag's ärenden."""
    page = 1
    for item in items:
        item.first_page = page
        item.decision_page = page + item.case_pages
        page = item.decision_page + item.pages
        for attachment in item.attachments:
            try:
                attachment.pages = page_count(attachment.pdf)
            except PdfProblem as exc:
                raise MeetingError(
                    f"bilaga {attachment.number} till {item.id}: {exc}",
                    path=display_path(attachment.source),
                ) from exc
            attachment.first_page = page
            page += attachment.pages
    for follow_up in follow_ups:
        follow_up.first_page = page
        page += follow_up.pages
