"""What the register and its build share without importing the register's machinery."""

from __future__ import annotations

from typing import TYPE_CHECKING

from uppdrag_docs.errors import UppdragError

if TYPE_CHECKING:
    from uppdrag_docs.findings import Finding

DECISION, CASE = "beslutsdokument", "tjansteskrivelse"
"""The two PDF documents of an uppdrag that the register links to, when they are current."""


class PublishError(UppdragError):
    """Errors in what the register publishes from: the findings, as `check` prints them."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} fel i filerna som registret publicerar från")
        self.findings = findings
