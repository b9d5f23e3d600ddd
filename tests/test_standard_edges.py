"""Standardkostnad at its edges (standardkostnad.md): a volume of 0 in the uppdrag and in the
reports, per brukare only for a whole year, Kolada's rows that are never used and a value that
cannot be raised, and the tjänsteskrivelse's sentence under and in line with the standard."""

from __future__ import annotations

import json
from decimal import Decimal as D
from typing import Any

from click.testing import CliRunner

import uppdrag_docs
from uppdrag_docs.calc.per_unit import kolada_lines
from uppdrag_docs.calc.rounding import round_money
from uppdrag_docs.cli import main
from uppdrag_docs.follow_up.per_unit import per_unit_year
from uppdrag_docs.format.repository import load_shared
from uppdrag_docs.render.per_unit import per_unit_part
from uppdrag_docs.render.standard import case_sentences

from .conftest import BASE_TEXT, KommunRepo, changed, column_of, line_of
from .test_standard import VOLUME, findings, kolada_findings
from .uppfoljning_support import PER, FollowRepo

NBSP = "\u00a0"


def test_a_volume_of_0_is_one_error_at_its_value(repo: KommunRepo) -> None:
    text = changed(BASE_TEXT, VOLUME, "volym: {2027: 0, 2028: 185_500}", count=1)
    [finding] = findings(repo, text)
    assert (finding.code, finding.position.line, finding.position.column) == (
        "UD112",
        line_of(text, "volym: {2027: 0"),
        column_of(text, "0, 2028"),
    )
    assert finding.message == (
        "'ersättning.standardkostnad.volym[2027]' är '0', men ska vara större än 0"
    )


def test_one_number_too_small_is_not_also_said_to_be_no_mapping(repo: KommunRepo) -> None:
    # volym and belopp take one number or one per year: a 0 or a negative number is a number
    # too small, and the mapping the other branch asks for is no news to the reader.
    text = changed(BASE_TEXT, VOLUME, "volym: 0", count=1)
    text = changed(text, "belopp: {2027: 6_800_000, 2028: 7_000_000}", "belopp: -5", count=1)
    found = findings(repo, text)
    assert [(f.code, f.position.line, f.message) for f in found] == [
        (
            "UD112",
            line_of(text, "volym: 0"),
            "'ersättning.standardkostnad.volym' är '0', men ska vara större än 0",
        ),
        (
            "UD112",
            line_of(text, "belopp: -5"),
            "'ersättning.standardkostnad.utanför_standard[0].belopp' är '-5', men ska vara minst 0",
        ),
    ]


def test_reports_with_a_volume_of_0_give_no_cost_per_unit(follow: FollowRepo, in_dir: Any) -> None:
    follow.change("R3-2027-K1.yaml", "volym: 45_200", "volym: 0")
    assert follow.findings("UD441") == [] and follow.findings("UD440") == []
    [item] = follow.assess().assessment.uppdrag
    figures = per_unit_year(item)
    assert figures is not None
    assert (len(figures.periods), figures.volume, figures.cost, figures.decided) == (
        1,
        0,
        None,
        None,
    )
    part = per_unit_part(item)
    assert part is not None
    assert part["inledning"] == (
        "Kostnaden per utförd timme kan inte räknas för 2027: de redovisade perioderna anger "
        "volymen 0 (1 av 4 perioder)."
    )
    assert (part["rader"][0]["per_enhet"], part["rader"][0]["avvikelse"]) == ("–", "–")
    assert "Leanlink (kostnad) uppgift saknas" in part["diagram"].alt
    in_dir(follow.root)
    result = CliRunner().invoke(main, ["uppföljning", "2027", "--per", PER.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    [data] = json.loads(result.output)["uppdrag"]
    shown = {k: data["per_enhet"][k] for k in ("kostnad", "beslutad", "avvikelse", "volym")}
    assert shown == {"kostnad": None, "beslutad": None, "avvikelse": None, "volym": "0"}


def test_per_brukare_only_for_a_year_with_all_its_months(repo: KommunRepo) -> None:
    repo.write(changed(BASE_TEXT, "  från: 2027-01-01", "  från: 2027-04-01", count=1))
    standard = uppdrag_docs.calculate("hemtjanst-norr", start=repo.root).standard
    assert standard is not None
    first, second = standard.years
    assert first.per_unit is not None and first.per_client is None
    assert second.per_client == round_money(second.comparable / 812)


def test_rows_no_comparison_names_are_ignored(repo: KommunRepo) -> None:
    header = "kpi,kommun,år,kön,värde,hämtad\n"
    rows = (
        "U21003,0580,2026,T,571.00,2027-10-01\n"
        "U21003,0580,2026,K,590.00,2027-10-01\n"  # only kön T is used
        "U21003,0580,2027,M,600.00,2027-10-01\n"
        "U99999,0580,2027,T,1.00,2027-10-01\n"  # a KPI the catalogue does not name
        "N21819,1280,2027,T,1.00,2027-10-01\n"  # a kommun the comparison does not name
    )
    assert kolada_findings(repo, header + rows) == []
    shared = load_shared(repo.root)
    assert shared.standard is not None and shared.indexation is not None
    kind = shared.standard.types["hemtjanst"]
    lines = kolada_lines(kind, shared.kolada, 2027, shared.indexation, None)
    shown = [(line.comparison.kpi, line.kommun, line.value and line.value.value) for line in lines]
    assert shown == [
        ("U21003", "0580", D("571.00")),
        ("U21003", "0000", None),
        ("N21819", "0580", None),
        ("N21819", "0000", None),
        ("N21013", "0580", None),
    ]


def test_a_value_is_raised_only_while_every_index_exists(repo: KommunRepo) -> None:
    shared = load_shared(repo.root)
    assert shared.standard is not None and shared.indexation is not None
    kind = shared.standard.types["hemtjanst"]
    assert 2030 in shared.indexation.years and 2031 not in shared.indexation.years
    within, beyond = (
        kolada_lines(kind, shared.kolada, year, shared.indexation, None)[0] for year in (2030, 2031)
    )
    assert within.value is not None and within.value.year == 2026 and within.raised is not None
    assert beyond.value is not None and beyond.value.year == 2026
    assert (beyond.raised, beyond.deviation) == (None, None)


def test_the_tjansteskrivelse_says_under_and_in_line_with(repo: KommunRepo) -> None:
    # 95 122 048 / 200 000 = 475,61 (−6,4 %); 97 960 677 / 187 428 = 522,66, the standard itself
    repo.write(changed(BASE_TEXT, VOLUME, "volym: {2027: 200_000, 2028: 187_428}", count=1))
    item = uppdrag_docs.calculate("hemtjanst-norr", start=repo.root)
    said = [s.replace(NBSP, " ") for s in case_sentences(item.loaded, item.calculation)]
    assert said == [
        "Ersättningen motsvarar 475,61 kr per utförd timme 2027, 6,4 procent under "
        "standardkostnaden 507,99 kr.",
        "Ersättningen motsvarar 522,66 kr per utförd timme 2028, i nivå med standardkostnaden "
        "522,66 kr.",
    ]
