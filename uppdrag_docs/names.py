"""File names made from the data, and the names that would be one file.

An uppdrag's id names its documents (`<id>.docx`, `<id>-rapportering.docx`, ...), a nämnd's
name its samlad redovisning (`socialnamnden-2027.docx`), a report and period a form and a report
file. Two sources can make one name: "Socialnämnden" and "Socialnamnden" both give
`socialnamnden-2027.docx`, the uppdrag `hemtjanst` has a `hemtjanst-rapportering.docx` that the
uppdrag `hemtjanst-rapportering` would have as its decision document, and on a file system that
does not tell case apart (macOS and Windows by default) `Hemtjanst.docx` is `hemtjanst.docx`.
So every set of names that a run is about to write is checked first (`clashes`), compared as
such a file system compares them, and two sources of one name are an error naming both: one
document never silently replaces another.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

DOCUMENTS = ("", "-rapportering", "-tjansteskrivelse")
"""The Word documents of an uppdrag, by the suffix of their names: `<id><suffix>.docx`."""
CALENDAR = "-rapportering.ics"
BUNDLE = "handlingar.pdf"
"""A meeting's documents in one PDF, in its folder beside each ärende's `<id>.pdf`."""


def uppdrag_outputs(ident: str, *, pdf: bool) -> list[str]:
    """The files `uppdrag build` makes of the uppdrag `ident`."""
    names = [f"{ident}{suffix}.docx" for suffix in DOCUMENTS] + [f"{ident}{CALENDAR}"]
    if pdf:
        names += [f"{ident}{suffix}.pdf" for suffix in DOCUMENTS]
    return names


def form_name(ident: str, report: str, period: str) -> str:
    """The Excel form of a report and period (`hemtjanst-norr-R1-2027-T1.xlsx`)."""
    return f"{ident}-{report}-{period}.xlsx"


SLUG_LIMIT = 100
"""A file name holds 255 bytes; a nämnd's part of one is cut, at a '-', to this many."""


def board_slug(board: str) -> str:
    """A nämnd's name for a file name: "Socialnämnden" → "socialnamnden"."""
    plain = unicodedata.normalize("NFKD", board).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    if len(slug) > SLUG_LIMIT:
        slug = slug[: SLUG_LIMIT + 1].rsplit("-", 1)[0] if "-" in slug[:SLUG_LIMIT] else slug
        slug = slug[:SLUG_LIMIT]
    return slug or "namnd"


def file_key(name: str) -> str:
    """`name` as a file system that ignores case (and Unicode's two forms of å) compares it."""
    return unicodedata.normalize("NFC", name).casefold()


@dataclass(frozen=True)
class Clash:
    """One file name that two sources would write."""

    name: str
    first: str
    second: str

    def text(self) -> str:
        """A Swedish clause: which file, and the two sources that would both write it."""
        return f"{self.name} blir samma fil för {self.first} och för {self.second}"


def clashes(claims: Iterable[tuple[str, str]]) -> list[Clash]:
    """Every name that two sources claim: `claims` is (name, source) pairs, where a source
    is how a reader knows it (`uppdrag/x.yaml`, `nämnden Socialnämnden`); in claim order."""
    first: dict[str, tuple[str, str]] = {}
    found: list[Clash] = []
    for name, source in claims:
        key = file_key(name)
        if key not in first:
            first[key] = (name, source)
        elif first[key][1] != source:
            found.append(Clash(name, first[key][1], source))
    return found
