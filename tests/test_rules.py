"""Every check of format.md: the example uppdrag with one change, and the finding it must give."""

from __future__ import annotations

from pathlib import Path

import pytest

from uppdrag_docs.findings import Finding
from uppdrag_docs.trust.checks import check

from .conftest import BASE_TEXT, KommunRepo, changed, column_of, line_of


def findings_for(repo: KommunRepo, path: Path) -> list[Finding]:
    return check([path], root=repo.root).findings


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def test_example_is_clean(repo: KommunRepo) -> None:
    path, _ = repo.write_base()
    assert findings_for(repo, path) == []


# (code, severity, old text, new text, text on the finding's line, section)
CASES = [
    (
        "UD201",
        "varning",
        "diarienummer: SOCN 2026-0142",
        "diarienummer: socn-142",
        "diarienummer:",
        None,
    ),
    ("UD202", "fel", "från: 2027-01-01", "från: 2027-01-02", "från: 2027-01-02", None),
    ("UD203", "fel", "till: 2028-12-31", "till: 2028-12-30", "till: 2028-12-30", None),
    ("UD204", "fel", "till: 2028-12-31", "till: 2026-12-31", "till: 2026-12-31", None),
    ("UD205", "fel", "status: förslag", "status: fastställt", "paragraf: null", "3"),
    (
        "UD206",
        "varning",
        "sammanträde: 2026-12-14",
        "sammanträde: 2027-02-14",
        "sammanträde: 2027-02-14",
        None,
    ),
    ("UD207", "varning", "till: 2028-12-31", "till: 2030-12-31", "till: 2030-12-31", "4"),
    (
        "UD213",
        "fel",
        "\nkonkurrensutsättningsplan:",
        "\nupphävande:\n  organ: Socialnämnden\n  sammanträde: 2027-06-14\n  paragraf: 97"
        "\nkonkurrensutsättningsplan:",
        "upphävande:",
        None,
    ),
    ("UD214", "varning", "status: förslag", "status: upphävt", "status: upphävt", None),
    ("UD210", "fel", "antal_brukare: 1240", "antal_brukare: 1241", "antal_brukare", "2.1"),
    ("UD220", "fel", "rapportering: [R2]", "rapportering: [R9]", "rapportering: [R9]", "3.2.1"),
    ("UD220", "fel", "    rapportering: [R2]\n", "", "- id: KK2", "3.2.1"),
    ("UD221", "varning", "rapportering: [R2]", "rapportering: [R1]", "- id: R2", "3.2.1"),
    ("UD222", "fel", "typ: ekonomi", "typ: verksamhet", "rapportering:                  #", "3.1"),
    ("UD223", "fel", "id: KK3", "id: KK2", "id: KK2#2", None),
    ("UD223", "fel", "id: R3", "id: R2", "id: R2#2", None),
    (
        "UD226",
        "fel",
        "ref: hemtjanst.personalkontinuitet",
        "ref: hemtjanst.okand",
        "ref: hemtjanst.okand",
        "2.3",
    ),
    ("UD230", "fel", "från: 2027-04-01", "från: 2026-04-01", "från: 2026-04-01", None),
    (
        "UD240",
        "fel",
        "service- och omvårdnadsinsatser dygnet runt,",
        "service <span>dygnet</span> runt,",
        "omfattning: |",
        None,
    ),
    ("UD250", "fel", "modell: kombination", "modell: fast", "rörlig:", "3.1.2"),
    ("UD251", "fel", "lokaler: 0.05", "lokaler: 0.06", "kostnadsfördelning:", "3.1.2"),
    ("UD252", "fel", "    övrigt: 0.13", "    ovrigt: 0.13", "ovrigt: 0.13", "3.1.2"),
    ("UD253", "fel", "basår: 2026", "basår: 2025", "basår: 2025", "3.1.3"),
    (
        "UD302",
        "varning",
        "2027: 102_000_000",
        "2027: 103_000_000",
        "2027: 103_000_000",
        "3.1.1, 3.1.3",
    ),
    ("UD303", "varning", "2027: 102_000_000", "2027: 99_000_000", "2027: 99_000_000", "3.1.1"),
    (
        "UD304",
        "varning",
        "  avstämning:                  # 3.1.2: reconciled and approved by "
        "ekonomidirektör\n    godkänd_av: Ekonomidirektören\n    datum: 2026-11-20\n",
        "",
        "ersättning:",
        "3.1.2",
    ),
    (
        "UD305",
        "varning",
        "2027: 102_000_000",
        "2027: 102_000_000\n    2030: 1_000",
        "2030: 1_000",
        None,
    ),
    ("UD306", "varning", "prognos: 24_000", "prognos: {2027: 24_000}", "prognos:", None),
    ("UD301", "fel", "till: 2028-12-31", "till: 2034-12-31", "period:", "3.1.2"),
    (
        "UD208",
        "fel",
        "  namn: Leanlink\n  enhet: Hemtjänst Norr",
        "  namn: Attendo Hemtjänst AB\n  enhet: Hemtjänst Norr",
        "namn: Attendo Hemtjänst AB",
        "1",
    ),
    (
        "UD209",
        "varning",
        "konkurrensutsättningsplan: SOCN 2023-0311",
        "konkurrensutsättningsplan: saknas",
        "konkurrensutsättningsplan: saknas",
        "2.1, 2.2",
    ),
    (
        "UD211",
        "varning",
        "  datum: 2026-09-30\n  antal_brukare",
        "  datum: 2026-12-20\n  antal_brukare",
        "datum: 2026-12-20",
        "2.1",
    ),
    (
        "UD224",
        "varning",
        "    mottagare: Socialnämnden",
        "    mottagare: Kommunstyrelsen",
        "mottagare: Kommunstyrelsen",
        "3.2.1",
    ),
    (
        "UD234",
        "varning",
        "      sammanträde: 2027-03-15",
        "      sammanträde: 2027-04-15",
        "sammanträde: 2027-04-15",
        None,
    ),
    (
        "UD256",
        "varning",
        "    - part: Leanlink\n      ställningstagande: tillstyrker\n",
        "",
        "samråd:",
        "3",
    ),
    ("UD310", "varning", "    2028: 104_500_000\n", "", "förväntad_kostnad:", "3.1.2"),
    (
        "UD311",
        "varning",
        "godkänd_av: Ekonomidirektören",
        "godkänd_av: Controllern",
        "godkänd_av: Controllern",
        "3.1.2",
    ),
    (
        "UD312",
        "varning",
        "    datum: 2026-11-20",
        "    datum: 2026-12-20",
        "datum: 2026-12-20",
        "3.1.2",
    ),
]


# The other findings a case's change brings, by the case's code and new text:
# (code, severity, text on the finding's line). Every other case gives its one finding alone.
ALSO: dict[tuple[str, str], list[tuple[str, str, str]]] = {
    ("UD202", "från: 2027-01-02"): [
        ("UD307", "varning", "prognos: 24_000"),  # a forecast per whole year, of a part year
        ("UD302", "varning", "2027: 102_000_000"),  # eleven months, the whole year's cost
    ],
    ("UD204", "till: 2026-12-31"): [
        ("UD305", "varning", "2027: 102_000_000"),
        ("UD305", "varning", "2028: 104_500_000"),
        ("UD230", "fel", "till: 2027-12-31"),  # the tilläggsuppdrag is outside the period
    ],
    ("UD207", "till: 2030-12-31"): [
        ("UD324", "varning", "volym: {2027: 182_000"),  # the standardkostnad's volym lacks 2029
        ("UD310", "varning", "förväntad_kostnad:"),
    ],
    ("UD220", "rapportering: [R9]"): [("UD221", "varning", "- id: R2")],
    ("UD220", ""): [("UD221", "varning", "- id: R2")],
    ("UD230", "från: 2026-04-01"): [("UD234", "varning", "sammanträde: 2027-03-15")],
    ("UD240", "service <span>dygnet</span> runt,"): [("UD240", "fel", "omfattning: |")],
    ("UD252", "    ovrigt: 0.13"): [("UD301", "fel", "period:"), ("UD301", "fel", "period:")],
    ("UD306", "prognos: {2027: 24_000}"): [
        # without the rörlig forecast for 2028, its ersättning per timme falls under the standard
        ("UD321", "varning", "standardkostnad:             #"),
        ("UD320", "varning", "volym: {2027: 182_000"),
        ("UD302", "varning", "2028: 104_500_000"),
    ],
    ("UD301", "till: 2034-12-31"): [
        *[("UD301", "fel", "period:")] * 3,  # one per year without an index
        ("UD207", "varning", "till: 2034-12-31"),
        ("UD323", "varning", "typ: hemtjanst"),  # no standardkostnad from 2031
        ("UD324", "varning", "volym: {2027: 182_000"),
        ("UD310", "varning", "förväntad_kostnad:"),
    ],
    ("UD208", "  namn: Attendo Hemtjänst AB\n  enhet: Hemtjänst Norr"): [
        ("UD256", "varning", "samråd:"),  # the new utförare is not among the samråd's parties
    ],
}


@pytest.mark.parametrize(("code", "severity", "old", "new", "line_text", "section"), CASES)
def test_each_check(
    repo: KommunRepo,
    code: str,
    severity: str,
    old: str,
    new: str,
    line_text: str,
    section: str | None,
) -> None:
    path, text = repo.write_base(old, new)
    found = only(findings_for(repo, path), code)
    assert found, f"no {code} in {[f.text() for f in findings_for(repo, path)]}"
    finding = found[0]
    assert finding.severity.value == severity
    needle, _, occurrence = line_text.partition("#")
    assert finding.position.line == line_of(text, needle, int(occurrence or 1))
    assert finding.section == section
    assert finding.path == path
    expected = [(code, severity, finding.position.line)] + [
        (other, level, line_of(text, on)) for other, level, on in ALSO.get((code, new), [])
    ]
    every = [(f.code, f.severity.value, f.position.line) for f in findings_for(repo, path)]
    assert sorted(every) == sorted(expected)


def decided(text: str) -> str:
    """The same uppdrag as fastställt, with its paragraf."""
    text = changed(text, "status: förslag", "status: fastställt")
    return changed(text, "paragraf: null", "paragraf: 187")


def test_one_uppdrag_below_its_expected_cost_is_a_warning_also_once_decided(
    repo: KommunRepo,
) -> None:
    """Leanlink covers deficits of single uppdrag within its whole; only the whole is an error."""
    path = repo.write(decided(changed(BASE_TEXT, "2028: 104_500_000", "2028: 105_500_000")))
    finding = only(findings_for(repo, path), "UD302")[0]
    assert finding.severity.value == "varning"
    assert "underskott" in finding.message and "samlade ersättning" in finding.message


# (code, old text, new text, text on the finding's line): a warning in a förslag, an error once
# the uppdrag is fastställt
DECIDED_CASES = [
    (
        "UD211",
        "  datum: 2026-09-30\n  antal_brukare",
        "  datum: 2026-12-20\n  antal_brukare",
        "datum: 2026-12-20",
    ),
    ("UD311", "godkänd_av: Ekonomidirektören", "godkänd_av: Controllern", "godkänd_av:"),
    ("UD312", "    datum: 2026-11-20", "    datum: 2026-12-20", "datum: 2026-12-20"),
]


@pytest.mark.parametrize(("code", "old", "new", "line_text"), DECIDED_CASES)
def test_an_error_once_decided(
    repo: KommunRepo, code: str, old: str, new: str, line_text: str
) -> None:
    text = decided(changed(BASE_TEXT, old, new))
    path = repo.write(text)
    finding = only(findings_for(repo, path), code)[0]
    assert finding.is_error
    assert finding.position.line == line_of(text, line_text)


def test_the_finance_director_is_the_kommuns_role(repo: KommunRepo) -> None:
    kommun = repo.uppdrag_dir / "gemensamt" / "kommun.yaml"
    kommun.write_text(
        kommun.read_text(encoding="utf-8") + "ekonomidirektör: Ekonomichefen\n", encoding="utf-8"
    )
    path, _ = repo.write_base()
    finding = only(findings_for(repo, path), "UD311")[0]
    assert "Ekonomichefen" in finding.message
    path, _ = repo.write_base("godkänd_av: Ekonomidirektören", "godkänd_av: ekonomichefen")
    assert only(findings_for(repo, path), "UD311") == []


def test_private_utforare_need_a_criterion_that_binds_them_too(repo: KommunRepo) -> None:
    text = changed(
        BASE_TEXT,
        "  - ref: hemtjanst.personalkontinuitet      # from uppdrag/gemensamt/"
        "kvalitetskriterier.yaml\n    rapportering: [R1]\n",
        "",
    )
    text = changed(text, "likvärdig: true ", "likvärdig: false")
    path = repo.write(text)
    finding = only(findings_for(repo, path), "UD212")[0]
    assert (finding.severity.value, finding.section) == ("varning", "2.3")
    assert finding.position.line == line_of(text, "kvalitetskriterier:")
    assert "Attendo Hemtjänst AB, Vardaga Omsorg AB" in finding.message
    only_own = changed(text, "    - namn: Attendo Hemtjänst AB\n      brukare: 268\n", "")
    only_own = changed(only_own, "    - namn: Vardaga Omsorg AB\n      brukare: 160\n", "")
    path = repo.write(changed(only_own, "antal_brukare: 1240", "antal_brukare: 812"))
    assert only(findings_for(repo, path), "UD212") == []


WITHOUT_ARENDE = BASE_TEXT.split("\närende:")[0] + "\n"
EQUALITY = BASE_TEXT[BASE_TEXT.index("  jämställdhet: |") : BASE_TEXT.index("  barnkonsekvens:")]


@pytest.mark.parametrize(
    ("text", "line_text"),
    [(changed(BASE_TEXT, EQUALITY, ""), "ärende:"), (WITHOUT_ARENDE, "status:")],
)
def test_a_förslag_says_how_it_affects_equality(
    repo: KommunRepo, text: str, line_text: str
) -> None:
    for status in ("förslag", "fastställt"):
        path = repo.write(decided(text) if status == "fastställt" else text)
        finding = only(findings_for(repo, path), "UD255")[0]
        assert finding.severity.value == "varning"
        assert finding.position.line == line_of(text, line_text)


def test_an_utkast_needs_no_ärende(repo: KommunRepo) -> None:
    path = repo.write(changed(WITHOUT_ARENDE, "status: förslag", "status: utkast"))
    assert findings_for(repo, path) == []
    path = repo.write(WITHOUT_ARENDE)
    assert [f.code for f in findings_for(repo, path)] == ["UD255", "UD256"]


def test_a_förslag_may_wait_with_the_ersättning_but_a_decision_may_not(
    repo: KommunRepo,
) -> None:
    start = BASE_TEXT.index("ersättning:                    #")
    end = BASE_TEXT.index("tilläggsuppdrag:")
    text = BASE_TEXT[:start] + BASE_TEXT[end:]
    path = repo.write(text)
    assert findings_for(repo, path) == []
    path = repo.write(decided(text))
    finding = only(findings_for(repo, path), "UD254")[0]
    assert (finding.is_error, finding.section) == (True, "3.1")
    assert finding.position.line == line_of(text, "status:")


def test_missing_reconciliation_is_an_error_once_decided(repo: KommunRepo) -> None:
    text = changed(BASE_TEXT, "status: förslag", "status: fastställt")
    text = changed(text, "paragraf: null", "paragraf: 187")
    text = changed(text, "  avstämning:", "  avstämning_x:")
    path = repo.write(
        changed(
            changed(text, "  avstämning_x:", "  # avstämning:"),
            "    godkänd_av: Ekonomidirektören\n    datum: 2026-11-20\n",
            "",
        )
    )
    finding = only(findings_for(repo, path), "UD304")[0]
    assert finding.is_error


def test_id_must_equal_file_name(repo: KommunRepo) -> None:
    path = repo.write(BASE_TEXT, name="annat-namn")
    finding = only(findings_for(repo, path), "UD120")[0]
    assert finding.position.line == line_of(BASE_TEXT, "id: hemtjanst-norr")


def test_ids_are_unique_in_the_repository(repo: KommunRepo) -> None:
    repo.write(BASE_TEXT)
    (repo.uppdrag_dir / "sub").mkdir()
    (repo.uppdrag_dir / "sub" / "hemtjanst-norr.yaml").write_text(BASE_TEXT, encoding="utf-8")
    found = only(check(root=repo.root).findings, "UD121")
    assert len(found) == 2


def test_attachment_checks(repo: KommunRepo) -> None:
    (repo.uppdrag_dir / "bilagor").mkdir(parents=True)
    (repo.uppdrag_dir / "bilagor" / "kalkyl.pdf").write_bytes(b"%PDF-1.4\n")
    (repo.root.parent / "hemlig.pdf").write_bytes(b"%PDF-1.4\n")
    (repo.uppdrag_dir / "bilagor" / "lista.txt").write_text("x")
    text = BASE_TEXT + (
        "\nbilagor:\n"
        "  - titel: Kalkyl\n    fil: bilagor/kalkyl.pdf\n"
        "  - titel: Saknas\n    fil: bilagor/saknas.pdf\n"
        "  - titel: Utanför\n    fil: ../../hemlig.pdf\n"
        "  - titel: Text\n    fil: bilagor/lista.txt\n"
    )
    path = repo.write(text)
    findings = findings_for(repo, path)
    assert [f.code for f in findings] == ["UD231", "UD232", "UD233"]
    assert [f.position.line for f in findings] == [
        line_of(text, "bilagor/saknas.pdf"),
        line_of(text, "../../hemlig.pdf"),
        line_of(text, "lista.txt"),
    ]


def test_ref_resolves_to_whole_criterion(repo: KommunRepo) -> None:
    path, _ = repo.write_base()
    loaded = check([path], root=repo.root).loaded[path]
    first = loaded.criteria[0]
    assert (first.id, first.name, first.ref) == (
        "KK1",
        "Personalkontinuitet",
        "hemtjanst.personalkontinuitet",
    )
    assert first.reports == ["R1"]
    assert first.target.at_most == 15


def test_partial_year_forecast_warns(repo: KommunRepo) -> None:
    path, text = repo.write_base("till: 2028-12-31", "till: 2028-06-30")
    finding = only(findings_for(repo, path), "UD307")[0]
    assert finding.position.line == line_of(text, "prognos: 24_000")
    assert finding.position.column == column_of(text, "24_000")


def test_an_upphävt_uppdrag_with_its_upphävande_is_clean(repo: KommunRepo) -> None:
    repeal = "upphävande:\n  organ: Socialnämnden\n  sammanträde: 2027-06-14\n  paragraf: 97\n"
    text = changed(BASE_TEXT, "status: förslag", "status: upphävt", count=1)
    assert "status: upphävt" in text
    path = repo.write(
        changed(text, "\nkonkurrensutsättningsplan:", f"\n{repeal}konkurrensutsättningsplan:")
    )
    assert [f.code for f in findings_for(repo, path) if f.code in ("UD213", "UD214")] == []
