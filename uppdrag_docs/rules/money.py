"""The money checks of format.md, reported like every other finding.

On one uppdrag: a missing index year (an error), a deficit against its own förväntad_kostnad (a
warning: Leanlink may even out single uppdrag within its whole), a surplus of more than 2 % over
it (a warning on självkostnadsprincipen), a year without förväntad_kostnad (a warning: its
deficit cannot be checked), an avstämning that is missing, approved by someone other than the
ekonomidirektör or dated after the meeting (an error once fastställt), and figures too large to
calculate exactly (an error). Each points at the entry concerned.

On the repository (`provider_deficits`, called by `trust/checks.py`): the utförare's fastställda
uppdrag summed per year; a year whose ersättning falls below the summed förväntad kostnad is an
error on each uppdrag that falls short that year (riktlinjen 3.1: egenregin får inte gå med
underskott).
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from decimal import Decimal, DecimalException

from uppdrag_docs import codes
from uppdrag_docs.calc.engine import (
    Calculation,
    calculate,
    missing_indices,
    months_in_year,
    period_years,
)
from uppdrag_docs.calc.provider import provider_years
from uppdrag_docs.errors import CalculationError
from uppdrag_docs.findings import Finding
from uppdrag_docs.format.document import Document
from uppdrag_docs.format.repository import Shared
from uppdrag_docs.format.schema import Uppdrag
from uppdrag_docs.format.shared import DEFAULT_FINANCE_DIRECTOR
from uppdrag_docs.quoting import quoted
from uppdrag_docs.rules.guideline import folded
from uppdrag_docs.swedish import kronor, percent

SURPLUS_LIMIT = Decimal("0.02")


def check_money(uppdrag: Uppdrag, doc: Document, shared: Shared) -> list[Finding]:
    return list(_check(uppdrag, doc, shared))


def _check(uppdrag: Uppdrag, doc: Document, shared: Shared) -> Iterator[Finding]:
    if uppdrag.compensation is None:
        return  # an utkast or förslag may wait with it; a fastställt one is UD254
    yield from _reconciliation(uppdrag, doc, shared)
    yield from _forecasts(uppdrag, doc)
    yield from _expected_costs(uppdrag, doc)
    calculation = yield from _calculation(uppdrag, doc, shared)
    if calculation is not None:
        yield from _against_expected(calculation, doc)


def _forecasts(uppdrag: Uppdrag, doc: Document) -> Iterator[Finding]:
    """A rörlig item's forecast: for every year of the period, and per year when one is part."""
    assert uppdrag.compensation is not None
    years = period_years(uppdrag.period)
    for i, item in enumerate(uppdrag.compensation.variable):
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


def _expected_costs(uppdrag: Uppdrag, doc: Document) -> Iterator[Finding]:
    """The utförare's expected cost: for the period's years, each of them."""
    assert uppdrag.compensation is not None
    years = period_years(uppdrag.period)
    expected = uppdrag.compensation.expected_cost or {}
    for year in expected:
        if year not in years:
            yield doc.finding(
                ("ersättning", "förväntad_kostnad", year),
                codes.EXPECTED_COST_OUTSIDE,
                f"år {year} ligger utanför uppdragets period",
                key=True,
            )
    lacking = [y for y in years if y not in expected]
    if lacking:
        yield doc.finding(
            ("ersättning", "förväntad_kostnad"),
            codes.EXPECTED_COST_MISSING,
            f"förväntad kostnad saknas för {_years_text(lacking)}; utan utförarens kalkyl kan "
            "ett underskott inte upptäckas",
            key=True,
        )


def _against_expected(calculation: Calculation, doc: Document) -> Iterator[Finding]:
    """Each year's ersättning against the expected cost: a deficit, or a surplus over 2 %."""
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
                f"kostnaden ({kronor(expected)}): uppdraget går med underskott "
                f"({kronor(result.difference)}), som utföraren får täcka inom sin samlade "
                "ersättning",
            )
        elif expected > 0 and result.difference > expected * SURPLUS_LIMIT:
            yield doc.finding(
                loc,
                codes.SURPLUS,
                f"ersättningen {result.year} ({kronor(result.total)}) är "
                f"{percent(result.difference / expected, decimals=1)} högre än den förväntade "
                f"kostnaden; självkostnadsprincipen tillåter inte ett överskott",
            )


def _reconciliation(uppdrag: Uppdrag, doc: Document, shared: Shared) -> Iterator[Finding]:
    assert uppdrag.compensation is not None
    reconciliation = uppdrag.compensation.reconciliation
    role = shared.kommun.finance_director if shared.kommun else DEFAULT_FINANCE_DIRECTOR
    if reconciliation is None:
        yield doc.finding(
            ("ersättning",),
            codes.RECONCILIATION_MISSING,
            f"avstämning saknas: beräkningen ska stämmas av och godkännas av {role.lower()}",
            severity=uppdrag.state_severity,
            key=True,
        )
        return
    if folded(reconciliation.approved_by) != folded(role):
        yield doc.finding(
            ("ersättning", "avstämning", "godkänd_av"),
            codes.RECONCILED_BY_OTHER,
            f"avstämningen är godkänd av {quoted(reconciliation.approved_by)}, men ska godkännas "
            f"av {role.lower()} ('{role}', ekonomidirektör i kommun.yaml)",
            severity=uppdrag.state_severity,
        )
    decision = uppdrag.decision
    if decision is not None and reconciliation.date > decision.meeting:
        yield doc.finding(
            ("ersättning", "avstämning", "datum"),
            codes.RECONCILED_AFTER_DECISION,
            f"avstämningen är daterad {reconciliation.date.isoformat()}, efter sammanträdet "
            f"{decision.meeting.isoformat()}; nämnden ska besluta om en avstämd beräkning",
            severity=uppdrag.state_severity,
        )


def _calculation(
    uppdrag: Uppdrag, doc: Document, shared: Shared
) -> Generator[Finding, None, Calculation | None]:
    """The calculation in kr, or the findings that say why there is none."""
    if shared.indexation is None:
        return None
    missing = missing_indices(uppdrag, shared.indexation)
    for year, kinds in missing.items():
        yield doc.finding(
            ("period",),
            codes.INDEX_MISSING,
            f"uppräkningsmodellen saknar index för {year} ({', '.join(kinds)})",
            key=True,
        )
    if missing:
        return None
    outcome = _outcome(uppdrag, shared)
    if isinstance(outcome, DecimalException):  # so many digits that no amount can be exact
        yield doc.finding(
            ("ersättning",),
            codes.TOO_MANY_DIGITS,
            "beloppen blir för stora för att räknas exakt; kontrollera att inget belopp, antal, "
            "pris eller index har fått för många siffror",
            key=True,
        )
    # a CalculationError: a volymförändring enligt_standard without a price, UD322 says so
    return outcome if isinstance(outcome, Calculation) else None


def calculated(uppdrag: Uppdrag, shared: Shared) -> Calculation | None:
    """The calculation in kr; None without an index for every year, with too many digits, or
    with a volymförändring `enligt_standard` that has no standard price (UD322 says so)."""
    if shared.indexation is None or missing_indices(uppdrag, shared.indexation):
        return None
    outcome = _outcome(uppdrag, shared)
    return outcome if isinstance(outcome, Calculation) else None


_LAST: list[tuple[Uppdrag, Shared, Calculation | Exception]] = []
"""The last uppdrag calculated, by identity: the money rule and the standardkostnad's rule ask
for the same calculation one after the other, and it is made once."""


def _outcome(uppdrag: Uppdrag, shared: Shared) -> Calculation | Exception:
    if _LAST and _LAST[0][0] is uppdrag and _LAST[0][1] is shared:
        return _LAST[0][2]
    assert shared.indexation is not None
    outcome: Calculation | Exception
    try:
        outcome = calculate(uppdrag, shared.indexation, catalogue=shared.standard)
    except (DecimalException, CalculationError) as exc:
        outcome = exc
    _LAST[:] = [(uppdrag, shared, outcome)]
    return outcome


def _years_text(years: list[int]) -> str:
    listed = [str(y) for y in years]
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " och " + listed[-1]


def counts_for_provider(uppdrag: Uppdrag, shared: Shared) -> bool:
    """Whether the uppdrag is in the utförarförvaltning's whole: fastställt, and its own."""
    if shared.kommun is None or not uppdrag.in_force:
        return False
    return folded(uppdrag.provider.name) == folded(shared.kommun.provider_administration)


def provider_deficits(
    everything: Iterable[tuple[Uppdrag, Document]],
    shared: Shared,
    *,
    report_on: Iterable[Document] | None = None,
) -> list[Finding]:
    """UD309 for each year the utförare's fastställda uppdrag together fall short.

    `everything` is every uppdrag of the repository that follows the schema; the finding is
    made on each uppdrag in `report_on` (default: all) that falls short itself that year.
    """
    counted = [(u, d) for u, d in everything if counts_for_provider(u, shared)]
    calculations = {d.path: (u, d, c) for u, d in counted if (c := calculated(u, shared))}
    years = provider_years((u.title, c) for u, _, c in calculations.values())
    targets = None if report_on is None else {d.path for d in report_on}
    findings: list[Finding] = []
    for whole in (y for y in years if y.deficit):
        for uppdrag, doc, calculation in calculations.values():
            if targets is not None and doc.path not in targets:
                continue
            own = next((r for r in calculation.years if r.year == whole.year), None)
            if own is None or own.difference is None or own.difference >= 0:
                continue
            findings.append(
                doc.finding(
                    ("ersättning", "förväntad_kostnad", whole.year),
                    codes.PROVIDER_DEFICIT,
                    f"den samlade ersättningen {whole.year} till {uppdrag.provider.name} i "
                    f"{len(whole.compared)} fastställda uppdrag ({kronor(whole.compared_total)}) "
                    f"är lägre än den samlade förväntade kostnaden ({kronor(whole.expected)}): "
                    f"egenregin går med underskott ({kronor(whole.difference)}), och det här "
                    f"uppdraget står för {kronor(own.difference)}",
                )
            )
    return findings
