"""Riktlinjen 1 and 2: egen regi only, by the board's plan, after a nulägesanalys, on equal terms.

A verksamhetsuppdrag goes to the kommun's own utförarförvaltning and never to a company (1); it
follows the nämnd's konkurrensutsättningsplan, named by its diarienummer (2.1, 2.2); the
nulägesanalys is made "inför beslut", so it cannot be dated after the meeting (2.1); and where
private utförare work in the same area, at least one criterion must bind them too (2.3).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from uppdrag_docs import codes
from uppdrag_docs.findings import Finding
from uppdrag_docs.format.document import Document
from uppdrag_docs.format.repository import Shared
from uppdrag_docs.format.schema import CriterionRef, Uppdrag
from uppdrag_docs.format.shared import DEFAULT_CASE_NUMBER_PATTERN
from uppdrag_docs.quoting import quoted
from uppdrag_docs.rules.guideline import Rule, folded


def _own_provider(uppdrag: Uppdrag, doc: Document, shared: Shared) -> Iterator[Finding]:
    if shared.kommun is None:
        return
    own = shared.kommun.provider_administration
    if folded(uppdrag.provider.name) != folded(own):
        yield doc.finding(
            ("utförare", "namn"),
            codes.PROVIDER_NOT_OWN,
            f"utföraren {quoted(uppdrag.provider.name)} är inte kommunens utförarförvaltning "
            f"{quoted(own)}: "
            "verksamhetsuppdrag ges bara till egen regi",
        )


def _plan(uppdrag: Uppdrag, doc: Document, shared: Shared) -> Iterator[Finding]:
    pattern = shared.kommun.case_number_pattern if shared.kommun else DEFAULT_CASE_NUMBER_PATTERN
    try:
        matcher = re.compile(pattern)
    except re.error:
        return  # reported on kommun.yaml by check_shared
    if not matcher.search(uppdrag.competition_plan):
        yield doc.finding(
            ("konkurrensutsättningsplan",),
            codes.PLAN_NOT_CASE_NUMBER,
            f"{quoted(uppdrag.competition_plan)} är inget diarienummer enligt kommunens mönster "
            f"{pattern}; ange diarienumret för nämndens konkurrensutsättningsplan",
        )


def _analysis_before_decision(
    uppdrag: Uppdrag, doc: Document, _shared: Shared
) -> Iterator[Finding]:
    decision = uppdrag.decision
    analysed = uppdrag.current_state.date
    if decision is not None and analysed > decision.meeting:
        yield doc.finding(
            ("nulägesanalys", "datum"),
            codes.ANALYSIS_AFTER_DECISION,
            f"nulägesanalysen är daterad {analysed.isoformat()}, efter sammanträdet "
            f"{decision.meeting.isoformat()}; den ska göras inför beslutet",
            severity=uppdrag.state_severity,
        )


def _equal_terms(uppdrag: Uppdrag, doc: Document, shared: Shared) -> Iterator[Finding]:
    own = {folded(uppdrag.provider.name)}
    if shared.kommun is not None:
        own.add(folded(shared.kommun.provider_administration))
    private = [p.name for p in uppdrag.current_state.providers if folded(p.name) not in own]
    if not private:
        return
    binding = any(isinstance(c, CriterionRef) or c.equal_terms for c in uppdrag.criteria)
    if not binding:
        yield doc.finding(
            ("kvalitetskriterier",),
            codes.NO_SHARED_CRITERION,
            f"nulägesanalysen har andra utförare ({', '.join(private)}), men inget "
            "kvalitetskriterium gäller även upphandlad verksamhet; ange 'likvärdig: true' "
            "eller en 'ref' till den gemensamma katalogen",
            key=True,
        )


RULES: tuple[Rule, ...] = (_own_provider, _plan, _analysis_before_decision, _equal_terms)
