"""Errors that stop a command, each with the structured fields a person needs to act.

Findings about the content of an uppdrag are not exceptions: they are collected as
`uppdrag_docs.findings.Finding` and reported together. The exceptions here are for what stops
work outright (a missing folder, a broken template, LibreOffice failing). Constructors never
print; the CLI turns them into a Swedish message and an exit code.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from uppdrag_docs.quoting import escaped


class UppdragError(Exception):
    """Base of every error the tool raises on purpose; `str()` is a Swedish sentence, and a
    line for each of `details` (the findings that stopped it, the files it names).

    `str()` is what the CLI prints: each line with its control characters spelt out
    (`quoting.escaped`), so a path or a value with a line break in it cannot start a line of
    its own in a terminal or in CI's log."""

    exit_code = 1

    def __init__(
        self, message: str, *, path: Path | None = None, details: Sequence[str] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.details = tuple(details)

    def __str__(self) -> str:
        head = self.message if self.path is None else f"{self.path}: {self.message}"
        return "\n".join(escaped(line) for line in (head, *self.details))


class UnsafeFileError(UppdragError):
    """A file the tool will not read or write where it stands: behind a symbolic link that
    leads out of the repository (the message names the link), not a regular file (a device, a
    pipe, a folder), or larger than the bound for its kind."""

    def __init__(self, message: str, *, path: Path | None = None, size: int | None = None):
        super().__init__(message, path=path)
        self.size = size
        """For a file over its bound: its size in bytes, for the caller's own words."""


class UsageError(UppdragError):
    """The command was called the wrong way (exit code 2)."""

    exit_code = 2


class RepositoryError(UppdragError):
    """The repository layout is wrong: no `uppdrag/gemensamt/`, an unreadable folder."""


class TemplateError(UppdragError):
    """A Word template is missing, broken, or uses a field the data does not have."""

    def __init__(self, message: str, *, path: Path | None = None, field: str | None = None):
        super().__init__(message, path=path)
        self.field = field


class CalculationError(UppdragError):
    """The compensation cannot be calculated, e.g. an index year is missing."""


class LibreOfficeMissingError(UppdragError):
    """LibreOffice (soffice) is not installed, so no PDF can be made."""


class Failure(NamedTuple):
    """A document LibreOffice could not convert, and why."""

    doc: Path
    reason: str


class ConversionError(UppdragError):
    """LibreOffice failed, hung or crashed on a document, even when retried alone."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | None = None,
        failures: Sequence[Failure] = (),
    ) -> None:
        super().__init__(message, path=path)
        self.failures = list(failures)
        """Each document that could not be converted."""


class GitError(UppdragError):
    """A git command failed, or a revision is missing or unsafe."""


class MeetingError(UppdragError):
    """The documents for a board meeting cannot be made: no uppdrag, or not all of them."""


class GhostscriptError(UppdragError):
    """Ghostscript is missing, or could not make a PDF into PDF/A."""
