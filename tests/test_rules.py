"""Every check of format.md: the example uppdrag with one change, and the finding it must give."""

from __future__ import annotations

from pathlib import Path

import pytest

from uppdrag_docs.checks import check
from uppdrag_docs.findings import Finding

from .conftest import BASE_TEXT, KommunRepo, column_of, line_of


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
]


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


def test_deficit_is_an_error_once_decided(repo: KommunRepo) -> None:
    text = BASE_TEXT.replace("2027: 102_000_000", "2027: 103_000_000")
    text = text.replace("status: förslag", "status: fastställt").replace(
        "paragraf: null", "paragraf: 187"
    )
    path = repo.write(text)
    finding = only(findings_for(repo, path), "UD302")[0]
    assert finding.is_error
    assert "underskott" in finding.message


def test_missing_reconciliation_is_an_error_once_decided(repo: KommunRepo) -> None:
    text = BASE_TEXT.replace("status: förslag", "status: fastställt").replace(
        "paragraf: null", "paragraf: 187"
    )
    text = text.replace("  avstämning:", "  avstämning_x:")
    path = repo.write(
        text.replace("  avstämning_x:", "  # avstämning:").replace(
            "    godkänd_av: Ekonomidirektören\n    datum: 2026-11-20\n", ""
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
