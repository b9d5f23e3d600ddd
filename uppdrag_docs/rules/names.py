"""UD122: two uppdrag whose documents, or two spellings of a nämnd whose samlad redovisning,
would be one file (`names.py` says which names the data makes).

`uppdrag build` would otherwise let one document replace the other without a word: the uppdrag
`hemtjanst` has a `hemtjanst-rapportering.docx` that the uppdrag `hemtjanst-rapportering`
would have as its decision document, `Hemtjanst` and `hemtjanst` are one file where case does
not count, and "Socialnämnden" and "Socialnamnden" both give `socialnamnden-2027.docx`.
`name_clashes` is a rule on the whole repository, as UD121 is: it is called from `check` with
every uppdrag; `report_ids` is a rule on one uppdrag (two reports `R1` and `r1`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from uppdrag_docs import codes
from uppdrag_docs.files import display_path
from uppdrag_docs.findings import Finding
from uppdrag_docs.format.document import Document
from uppdrag_docs.format.repository import Shared
from uppdrag_docs.format.schema import Uppdrag
from uppdrag_docs.names import BUNDLE, board_slug, clashes, file_key, uppdrag_outputs

BOARD = ("beställare", "nämnd")


def report_ids(uppdrag: Uppdrag, doc: Document, _shared: Shared) -> Iterator[Finding]:
    """UD122 on a report whose id differs from an earlier one's only in case: its forms and
    report files would be the other's where case does not count (the same id is UD223)."""
    seen: dict[str, str] = {}
    for i, report in enumerate(uppdrag.reports):
        earlier = seen.setdefault(file_key(report.id), report.id)
        if earlier != report.id:
            yield doc.finding(
                ("rapportering", i, "id"),
                codes.SAME_FILE_NAME,
                f"rapporten '{report.id}' skiljer sig från '{earlier}' bara i stora och små "
                "bokstäver, så deras blanketter och rapportfiler blir samma filer där det inte "
                "spelar någon roll (macOS, Windows); ge rapporterna olika id",
            )


def name_clashes(checked: Sequence[tuple[Uppdrag, Document]]) -> Iterator[Finding]:
    """UD122 on each uppdrag whose documents, or whose nämnd's document, another one's would
    be; for a nämnd spelt two ways, on the less common spelling (on both when as common)."""
    yield from _documents(checked)
    yield from _boards(checked)


def _documents(checked: Sequence[tuple[Uppdrag, Document]]) -> Iterator[Finding]:
    docs = {str(doc.path): doc for _, doc in checked}
    ids = {str(doc.path): uppdrag.id for uppdrag, doc in checked}
    claims = [
        (name, str(doc.path))
        for uppdrag, doc in checked
        for name in uppdrag_outputs(uppdrag.id, pdf=True)
    ]
    pairs: dict[tuple[str, str], str] = {}
    for clash in clashes(claims):
        if ids[clash.first] != ids[clash.second]:  # the same id twice is UD121's
            pairs.setdefault((clash.first, clash.second), clash.name)
    for uppdrag, doc in checked:
        if file_key(f"{uppdrag.id}.pdf") == BUNDLE:
            yield doc.finding(
                ("id",),
                codes.SAME_FILE_NAME,
                f"beslutsdokumentet {uppdrag.id}.pdf får samma namn som {BUNDLE}, ett "
                "sammanträdes samlade handlingar, i sammanträdets mapp; välj ett annat id",
            )
    for (first, second), name in pairs.items():
        for here, there in ((first, second), (second, first)):
            yield docs[here].finding(
                ("id",),
                codes.SAME_FILE_NAME,
                f"dokumentet {name} blir samma fil som ett dokument till "
                f"{display_path(Path(there))}; byt id på ett av uppdragen, så att vart och ett "
                "får egna filer",
            )


def _boards(checked: Sequence[tuple[Uppdrag, Document]]) -> Iterator[Finding]:
    uses = Counter(uppdrag.orderer.board for uppdrag, _ in checked)
    where = {uppdrag.orderer.board: doc.path for uppdrag, doc in reversed(checked)}
    others: dict[str, list[str]] = {}
    for clash in clashes((board_slug(board), board) for board in uses):
        for here, there in ((clash.first, clash.second), (clash.second, clash.first)):
            if uses[here] <= uses[there]:
                others.setdefault(here, []).append(there)
    for uppdrag, doc in checked:
        for other in others.get(uppdrag.orderer.board, []):
            yield doc.finding(
                BOARD,
                codes.SAME_FILE_NAME,
                f"nämnden '{uppdrag.orderer.board}' får samma filnamn som '{other}' i "
                f"{display_path(where[other])} ({board_slug(other)}-<år>.docx), så den ena "
                "samlade redovisningen skulle ersätta den andra; skriv nämndens namn på samma "
                "sätt",
            )
