"""What a finding code is, the registry that holds each code once, and the README's table.

The codes themselves are defined in `decision.py` (UD1xx–UD3xx) and `follow_up.py` (UD4xx),
each by `define`, which refuses a code defined twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from uppdrag_docs.findings import Finding, Position, Severity

ERROR = Severity.ERROR
WARNING = Severity.WARNING


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity | None
    """None: an error once the uppdrag is fastställt, a warning before (the uppdrag's
    `state_severity` decides)."""
    meaning: str
    """One Swedish line: what the check finds, as the README's table says it."""
    section: str | None = None
    """The section of riktlinjen the check enforces, if any."""

    @property
    def severity_text(self) -> str:
        if self.severity is None:
            return "fel när fastställt, annars varning"
        return self.severity.value

    def in_state(self, severity: Severity) -> Code:
        """This code with the uppdrag's `state_severity`, when the code leaves it to the state."""
        return self if self.severity is not None else replace(self, severity=severity)

    def at(
        self,
        path: Path,
        position: Position,
        message: str,
        *,
        field: str | None = None,
        cell: str | None = None,
    ) -> Finding:
        """A finding of this code at `position` in `path`."""
        if self.severity is None:
            raise ValueError(f"{self.code} needs the uppdrag's state (Code.in_state)")
        return Finding(path, position, self.severity, self.code, message, self.section, field, cell)


REGISTRY: dict[str, Code] = {}


def define(code: str, severity: Severity | None, meaning: str, section: str | None = None) -> Code:
    if code in REGISTRY:
        raise ValueError(f"{code} is defined twice")
    REGISTRY[code] = Code(code, severity, meaning, section)
    return REGISTRY[code]


def table() -> str:
    """The README's table of checks, one row per code, in code order."""
    rows = [
        "| kod | fel eller varning | kontroll | riktlinjen |",
        "| --- | --- | --- | --- |",
    ]
    for code in sorted(REGISTRY.values(), key=lambda c: c.code):
        rows.append(
            f"| {code.code} | {code.severity_text} | {code.meaning} | {code.section or ''} |"
        )
    return "\n".join(rows) + "\n"
