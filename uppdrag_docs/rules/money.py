"""The money checks of format.md, reported like every other finding.

A missing index year (an error), a deficit against förväntad_kostnad (an error once fastställt),
a surplus of more than 2 % over it (a warning on självkostnadsprincipen), a missing avstämning
(an error once fastställt), and figures too large to calculate exactly (an error). Each points at
the entry concerned.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, DecimalException

from uppdrag_docs import codes
from uppdrag_docs.calc.engine import calculate, missing_indices, months_in_year, period_years
from uppdrag_docs.document import Document
from uppdrag_docs.findings import Finding, Severity
from uppdrag_docs.repository import Shared
from uppdrag_docs.schema import Uppdrag
from uppdrag_docs.swedish import kronor, percent

SURPLUS_LIMIT = Decimal("0.02")


def check_money(uppdrag: Uppdrag, doc: Document, shared: Shared) -> list[Finding]:
    return list(_check(uppdrag, doc, shared))


def _check(uppdrag: Uppdrag, doc: Document, shared: Shared) -> Iterator[Finding]:
    decided = uppdrag.status == "fastställt"
    strict = Severity.ERROR if decided else Severity.WARNING
    comp = uppdrag.compensation
    if comp.reconciliation is None:
        yield doc.finding(
            ("ersättning",),
            codes.RECONCILIATION_MISSING,
            "avstämning saknas: beräkningen ska stämmas av och godkännas av ekonomidirektören",
            severity=strict,
            key=True,
        )
    years = period_years(uppdrag.period)
    for i, item in enumerate(comp.variable):
        if isinstance(item.forecast, dict):
            for year in years:
                if year not in item.forecast:
                    yield doc.finding(
                        ("ersättning", "rörlig", i, "prognos"),
                        codes.FORECAST_YEAR_MISSING,
                        f"prognosen saknar år {year}; den rörliga ersättningen blir 0 kr det året",
                    )
        elif any(months_in_year(uppdrag.period, y) < 12 for y in years):
            yield doc.finding(
                ("ersättning", "rörlig", i, "prognos"),
                codes.FORECAST_PER_YEAR,
                "prognosen är ett antal per helt år men perioden täcker bara en del av ett år; "
                "ange prognosen per år",
            )
    for year in comp.expected_cost or {}:
        if year not in years:
            yield doc.finding(
                ("ersättning", "förväntad_kostnad", year),
                codes.EXPECTED_COST_OUTSIDE,
                f"år {year} ligger utanför uppdragets period",
                key=True,
            )
    if shared.indexation is None:
        return
    missing = missing_indices(uppdrag, shared.indexation)
    for year, kinds in missing.items():
        yield doc.finding(
            ("period",),
            codes.INDEX_MISSING,
            f"uppräkningsmodellen saknar index för {year} ({', '.join(kinds)})",
            key=True,
        )
    if missing:
        return
    try:
        calculation = calculate(uppdrag, shared.indexation)
    except DecimalException:  # a figure with so many digits that no amount can be exact
        yield doc.finding(
            ("ersättning",),
            codes.TOO_MANY_DIGITS,
            "beloppen blir för stora för att räknas exakt; kontrollera att inget belopp, antal, "
            "pris eller index har fått för många siffror",
            key=True,
        )
        return
    if not comp.expected_cost:
        return
    for result in calculation.years:
        expected = result.expected_cost
        if expected is None or result.difference is None:
            continue
        loc = ("ersättning", "förväntad_kostnad", result.year)
        if result.total < expected:
            yield doc.finding(
                loc,
                codes.DEFICIT,
                f"ersättningen {result.year} ({kronor(result.total)}) är lägre än den förväntade "
                f"kostnaden ({kronor(expected)}): egenregin skulle gå med underskott "
                f"({kronor(result.difference)})",
                severity=strict,
            )
        elif expected > 0 and result.difference > expected * SURPLUS_LIMIT:
            yield doc.finding(
                loc,
                codes.SURPLUS,
                f"ersättningen {result.year} ({kronor(result.total)}) är "
                f"{percent(result.difference / expected, decimals=1)} högre än den förväntade "
                f"kostnaden; självkostnadsprincipen tillåter inte ett överskott",
            )
