"""Where a kommun needs a word and got silence: an implausible --per, dates that cannot be, a
report with an error said to be missing too, a figure out of range without its range, and a
broken PDF from LibreOffice said in pypdf's English."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner

from uppdrag_docs.cli import main
from uppdrag_docs.trust.checks import check as check_uppdrag

from .conftest import BASE_TEXT, KommunRepo, line_of
from .uppfoljning_support import FollowRepo


@pytest.mark.parametrize("command", [["check"], ["uppföljning", "2027"], ["inläs", "x.xlsx"]])
def test_a_per_date_of_an_implausible_year_is_refused(
    follow: FollowRepo, in_dir: Any, command: list[str]
) -> None:
    """`--per 0028-03-01` built a document for year 27 with 0 uppdrag and exit 0."""
    in_dir(follow.root)
    result = CliRunner().invoke(main, [*command, "--per", "0028-03-01"])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[-1] == (
        "Fel: Ogiltigt värde för '--per': '0028-03-01': året 28 ligger utanför 1900–2200, som "
        "filerna tar; skrev du fel?"
    )


def test_a_bedomning_dated_after_its_meeting_is_an_error_at_its_date(follow: FollowRepo) -> None:
    text = follow.change("bedomning-2027.yaml", "datum: 2028-02-10", "datum: 2028-03-20")
    errors = [f for f in follow.check().findings if f.is_error]
    assert [(f.code, f.path.name, f.position.line, f.message) for f in errors] == [
        (
            "UD435",
            "bedomning-2027.yaml",
            line_of(text, "datum: 2028-03-20"),
            "bedömningen är daterad 2028-03-20, efter sammanträdet 2028-03-16 som ska behandla "
            "den; den bereds före sammanträdet",
        )
    ]


def test_a_report_delivered_before_its_period_began_is_an_error(follow: FollowRepo) -> None:
    text = follow.change("R1-2027-T1.yaml", "inlämnad: 2027-05-27", "inlämnad: 2026-05-27")
    errors = [f for f in follow.check().findings if f.is_error]
    assert [(f.code, f.path.name, f.position.line, f.message) for f in errors] == [
        (
            "UD435",
            "R1-2027-T1.yaml",
            line_of(text, "inlämnad: 2026-05-27"),
            "rapporten lämnades 2026-05-27, före periodens början 2027-01-01; en rapport om "
            "2027-T1 kan lämnas först när perioden har börjat",
        )
    ]


def test_a_report_delivered_on_the_first_day_of_its_period_is_no_error(follow: FollowRepo) -> None:
    follow.change("R1-2027-T1.yaml", "inlämnad: 2027-05-27", "inlämnad: 2027-01-01")
    assert [f.code for f in follow.check().findings if f.is_error] == []


def test_a_report_with_an_error_is_not_also_said_to_be_missing(follow: FollowRepo) -> None:
    text = follow.change("R1-2027-T1.yaml", "värde: 14.2", "värde: fjorton")
    findings = follow.check().findings
    assert [(f.code, f.path.name, f.position.line) for f in findings if f.is_error] == [
        ("UD407", "R1-2027-T1.yaml", line_of(text, "värde: fjorton"))
    ]
    missing = [f.message for f in findings if f.code == "UD420"]
    assert not [m for m in missing if "R1 för 2027-T1 " in m], missing
    assert any("R1 för 2027-T2 " in m for m in missing)  # a report that is not there still is


def test_a_value_out_of_range_names_the_range(follow: FollowRepo) -> None:
    """10^30 was refused as 'ska vara ett tal i kriteriets enhet', without the limit."""
    text = follow.change("R1-2027-T1.yaml", "värde: 14.2", "värde: 1" + "0" * 30)
    [error] = [f for f in follow.check().findings if f.is_error]
    assert (error.code, error.position.line, error.message) == (
        "UD407",
        line_of(text, "värde: 1000"),
        "'1000000000000000000000000000000' är för stort; värdet ska vara ett tal mellan "
        "−1 000 000 000 000 och 1 000 000 000 000",
    )


def _dates(repo: KommunRepo, old: str, new: str) -> list[tuple[str, int, str]]:
    path, _ = repo.write_base(old, new)
    findings = check_uppdrag([path], root=repo.root).findings
    return [(f.code, f.position.line, f.message) for f in findings if f.code == "UD257"]


def test_an_arende_dated_after_its_meeting_is_an_error_at_its_date(repo: KommunRepo) -> None:
    found = _dates(repo, "  datum: 2026-11-25 ", "  datum: 2026-12-15 ")
    line = line_of(BASE_TEXT, "  datum: 2026-11-25 ")
    assert found == [
        (
            "UD257",
            line,
            "tjänsteskrivelsen är daterad 2026-12-15, efter sammanträdet 2026-12-14 som ska "
            "besluta om den",
        )
    ]


def test_a_beslutsunderlag_from_after_the_arende_is_an_error_at_its_date(repo: KommunRepo) -> None:
    found = _dates(repo, "      datum: 2026-09-30", "      datum: 2026-11-26")
    assert found == [
        (
            "UD257",
            line_of(BASE_TEXT, "      datum: 2026-09-30"),
            "beslutsunderlaget 'Nulägesanalys hemtjänst område Norr' är daterat 2026-11-26, "
            "efter tjänsteskrivelsen 2026-11-25; ett underlag finns innan ärendet skrivs",
        )
    ]


def test_the_example_arende_has_no_date_that_cannot_be(repo: KommunRepo) -> None:
    assert _dates(repo, "", "") == []


def _broken_pdf() -> bytes:
    """A PDF that opens, with a page, whose content stream has lost its end: what a crashing
    LibreOffice can leave."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].Contents = pdf.make_stream(b"BT /F1 12 Tf 72 712 Td (Hej) Tj ET")
    out = io.BytesIO()
    pdf.save(out, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue().replace(b"endstream", b"endstreaX")


def test_a_broken_pdf_is_said_in_swedish_with_its_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """pypdf's 'Unable to find 'endstream' marker' and its warnings reached the user."""
    from uppdrag_docs.build.pdf import meeting_pdf
    from uppdrag_docs.errors import MeetingError

    path = tmp_path / "socialnamnden-2027.pdf"
    path.write_bytes(_broken_pdf())
    with pytest.raises(MeetingError) as caught:
        meeting_pdf(path, dt.datetime(2028, 3, 16, tzinfo=dt.UTC))
    assert str(caught.value) == f"{path}: filen är trasig och kan inte läsas som PDF"
    assert capsys.readouterr().err == ""


@pytest.mark.slow  # pandoc renders the document before the fake LibreOffice hangs
def test_uppfoljning_honours_the_libreoffice_time_limit(
    follow: FollowRepo, tmp_path: Path, in_dir: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hung LibreOffice cost 240 s: uppföljning had no --timeout and read no UPPDRAG_TIMEOUT."""
    from uppdrag_docs.libreoffice.soffice import SOFFICE_ENV

    from .test_trust_build import fake_soffice

    monkeypatch.setenv(SOFFICE_ENV, str(fake_soffice(tmp_path, "sleep 30\n")))
    in_dir(follow.root)
    per = ["uppföljning", "2027", "--per", "2028-03-01"]
    by_option = CliRunner().invoke(main, [*per, "--out", "u", "--timeout", "1"])
    by_env = CliRunner().invoke(main, [*per, "--out", "v"], env={"UPPDRAG_TIMEOUT": "1"})
    for result in (by_option, by_env):
        assert result.exit_code == 1, result.output
        assert (
            "socialnamnden-2027.pdf kunde inte göras och publicerades inte (tidsgräns 1 s "
            "överskreds)" in result.output
        )


def test_the_diff_of_a_report_whose_old_version_is_broken_says_why(follow: FollowRepo) -> None:
    """It showed every field of the new version as added, without a word of why."""
    from uppdrag_docs.diff.changes import diff

    old = follow.root / "uppfoljning" / "hemtjanst-norr" / "tidigare" / "R1-2027-T1.yaml"
    old.parent.mkdir()
    broken = (follow.folder() / "R1-2027-T1.yaml").read_text(encoding="utf-8")
    old.write_text(broken.replace("värde: 14.2", "värde: [14.2"), encoding="utf-8")
    [change] = diff(str(old), str(follow.folder() / "R1-2027-T1.yaml")).follow_up
    assert (change.kind, change.fields) == ("ändrad", ())
    assert change.lines == (
        f"den tidigare versionen av filen kan inte läsas (rad {line_of(broken, 'värde: 14.2')}: "
        "YAML-syntaxfel: strukturen bryts här; kontrollera indrag, parenteser och "
        "citattecken), så ändringarna kan inte visas fält för fält",
    )


def test_sarif_uris_are_percent_encoded(repo: KommunRepo, in_dir: Any) -> None:
    """A space or # in a file name pointed code scanning at another file (# starts a fragment)."""
    import json
    from urllib.parse import unquote

    text = BASE_TEXT.replace("antal_brukare: 1240", "antal_brukare: 1250")
    repo.write(text, "hemtjänst norr #2")
    in_dir(repo.root)
    result = CliRunner().invoke(main, ["check", "--format", "sarif"])
    uris = {
        found["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for found in json.loads(result.output)["runs"][0]["results"]
    }
    assert uris == {"uppdrag/hemtj%C3%A4nst%20norr%20%232.yaml"}
    assert {unquote(u) for u in uris} == {"uppdrag/hemtjänst norr #2.yaml"}
