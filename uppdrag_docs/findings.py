"""Findings: what `uppdrag check` reports about a file, collected rather than raised.

Every finding names its file, line and column, a stable code, a Swedish sentence and, where there
is one, the section of the guideline (riktlinjen) that it enforces. The codes, with their
severity and section, are defined in `codes/`, which makes every finding.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from uppdrag_docs.files import display_path
from uppdrag_docs.quoting import escaped


class Severity(enum.Enum):
    ERROR = "fel"
    WARNING = "varning"


class Position(NamedTuple):
    """A 1-based line and column, as editors show them. A named tuple, not a dataclass: a
    file's reading makes one for every key and value, and a frozen dataclass took twice as
    long to make."""

    line: int
    column: int


@dataclass(frozen=True)
class Finding:
    path: Path
    position: Position
    severity: Severity
    code: str
    message: str
    section: str | None = None
    field: str | None = None
    cell: str | None = None
    """In an Excel form, the cell (`Utfall!E7`); the position is then its row and column."""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def displayed(self) -> Finding:
        """This finding with its path as people typed it: relative to the working directory."""
        return replace(self, path=display_path(self.path))

    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.path), self.position.line, self.position.column, self.code)

    def text(self) -> str:
        where = f"{self.path}:{self.position.line}:{self.position.column}"
        if self.cell is not None:
            where = f"{self.path}, {self.cell}"
        line = f"{where}: {self.severity.value} {self.code}: {self.message}"
        if self.section:
            line += f" (riktlinjen {self.section})"
        return escaped(line)  # one line, whatever a file's name or a value holds

    def as_dict(self) -> dict[str, object]:
        cell = {"cell": self.cell} if self.cell is not None else {}
        return {
            "fil": str(self.path),
            "rad": self.position.line,
            "kolumn": self.position.column,
            "allvarlighet": self.severity.value,
            "kod": self.code,
            "meddelande": self.message,
            "avsnitt": self.section,
            "fält": self.field,
            **cell,
        }


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


def summary(findings: Sequence[Finding], file_count: int) -> str:
    """`3 fel och 2 varningar i 14 filer`, in correct Swedish singular and plural."""
    errors = sum(1 for f in findings if f.is_error)
    warnings = len(findings) - errors
    varningar = "varning" if warnings == 1 else "varningar"
    filer = "fil" if file_count == 1 else "filer"
    return f"{errors} fel och {warnings} {varningar} i {file_count} {filer}"
