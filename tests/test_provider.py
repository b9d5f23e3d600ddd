"""The utförare's whole (riktlinjen 3.1): the deficit that is an error, and `calc --samlat`.

The example uppdrag, fastställt, is 2027: 102 372 048 kr against the förväntad kostnad set in
each test; a second uppdrag (`hemtjanst-syd`, the same figures) evens it out or does not.
"""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner

from uppdrag_docs.cli import main
from uppdrag_docs.trust.checks import check

from .conftest import BASE_TEXT, KommunRepo, changed, line_of

EXPECTED_2027 = "2027: 102_000_000"


def decided(text: str, expected_2027: str, ident: str = "hemtjanst-norr") -> str:
    text = changed(text, "status: förslag", "status: fastställt")
    text = changed(text, "paragraf: null", "paragraf: 187")
    text = changed(text, EXPECTED_2027, f"2027: {expected_2027}")
    return changed(text, "id: hemtjanst-norr", f"id: {ident}")


def codes_on(repo: KommunRepo, name: str, code: str) -> list[Any]:
    return [f for f in check(root=repo.root).findings if f.code == code and f.path.stem == name]


def test_one_short_uppdrag_evened_out_by_another_is_a_warning(repo: KommunRepo) -> None:
    repo.write(decided(BASE_TEXT, "103_000_000"))  # 627 952 kr short
    repo.write(
        decided(BASE_TEXT, "101_000_000", "hemtjanst-syd"), "hemtjanst-syd"
    )  # 1 372 048 over
    assert [f.severity.value for f in codes_on(repo, "hemtjanst-norr", "UD302")] == ["varning"]
    assert codes_on(repo, "hemtjanst-norr", "UD309") == []


def test_the_whole_short_is_an_error_on_each_uppdrag_that_falls_short(repo: KommunRepo) -> None:
    text = decided(BASE_TEXT, "103_000_000")
    repo.write(text)
    repo.write(decided(BASE_TEXT, "102_300_000", "hemtjanst-syd"), "hemtjanst-syd")  # 72 048 over
    found = codes_on(repo, "hemtjanst-norr", "UD309")
    assert len(found) == 1
    finding = found[0]
    assert (finding.is_error, finding.section) == (True, "3.1")
    assert finding.position.line == line_of(text, "2027: 103_000_000")
    assert "2 fastställda uppdrag" in finding.message
    assert "205\u00a0300\u00a0000\u00a0kr" in finding.message  # the summed förväntad kostnad
    assert "−555\u00a0904\u00a0kr" in finding.message  # the whole's deficit
    assert "−627\u00a0952\u00a0kr" in finding.message  # this uppdrag's share of it
    assert codes_on(repo, "hemtjanst-syd", "UD309") == []


def test_checking_one_file_still_sums_the_repository(repo: KommunRepo) -> None:
    path = repo.write(decided(BASE_TEXT, "103_000_000"))
    other = repo.write(decided(BASE_TEXT, "101_000_000", "hemtjanst-syd"), "hemtjanst-syd")
    assert [f for f in check([path], root=repo.root).findings if f.code == "UD309"] == []
    other.write_text(decided(BASE_TEXT, "102_300_000", "hemtjanst-syd"), encoding="utf-8")
    found = [f for f in check([path], root=repo.root).findings if f.code == "UD309"]
    assert [f.path for f in found] == [path]


def test_checking_the_uppdrag_folder_by_name_finds_what_checking_everything_finds(
    repo: KommunRepo,
) -> None:
    repo.write(decided(BASE_TEXT, "103_000_000"))
    repo.write(decided(BASE_TEXT, "102_300_000", "hemtjanst-syd"), "hemtjanst-syd")
    everything = [f for f in check(root=repo.root).findings if f.code == "UD309"]
    assert len(everything) == 1
    for named in (repo.root / "uppdrag", repo.root / "uppdrag" / "." / "gemensamt" / ".."):
        found = [f for f in check([named], root=repo.root).findings if f.code == "UD309"]
        assert [(f.path.resolve(), f.position) for f in found] == [
            (f.path.resolve(), f.position) for f in everything
        ]


def test_a_link_to_the_uppdrag_folder_is_checked_as_the_folder(repo: KommunRepo) -> None:
    """`uppdrag check u`, u a link to uppdrag/: the shared files under it are no uppdrag (each
    was checked as one, some eighty errors on the kommun's own files), and UD309 is the same."""
    repo.write(decided(BASE_TEXT, "103_000_000"))
    repo.write(decided(BASE_TEXT, "102_300_000", "hemtjanst-syd"), "hemtjanst-syd")
    (repo.root / "u").symlink_to("uppdrag", target_is_directory=True)
    everything, linked = check(root=repo.root), check([repo.root / "u"], root=repo.root)
    assert "UD309" in [f.code for f in everything.findings]
    assert [(f.path.resolve(), f.position, f.code) for f in linked.findings] == [
        (f.path.resolve(), f.position, f.code) for f in everything.findings
    ]
    assert sorted(p.resolve() for p in linked.files) == sorted(everything.files)


def test_a_förslag_does_not_count_in_the_whole(repo: KommunRepo) -> None:
    repo.write(decided(BASE_TEXT, "103_000_000"))
    proposal = changed(BASE_TEXT, "id: hemtjanst-norr", "id: hemtjanst-syd")
    repo.write(changed(proposal, EXPECTED_2027, "2027: 101_000_000"), "hemtjanst-syd")
    assert len(codes_on(repo, "hemtjanst-norr", "UD309")) == 1
    assert codes_on(repo, "hemtjanst-syd", "UD309") == []


def test_calc_samlat_sums_the_fastställda_per_year(repo: KommunRepo, in_dir: Any) -> None:
    repo.write(decided(BASE_TEXT, "103_000_000"))
    repo.write(decided(BASE_TEXT, "102_300_000", "hemtjanst-syd"), "hemtjanst-syd")
    repo.write(changed(BASE_TEXT, "id: hemtjanst-norr", "id: forslag"), "forslag")
    in_dir(repo.root)
    result = CliRunner().invoke(main, ["calc", "--samlat", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["utförare"] == "Leanlink"
    first = data["år"][0]
    assert first["år"] == 2027
    assert [u["id"] for u in first["uppdrag"]] == ["hemtjanst-norr", "hemtjanst-syd"]
    assert [u["skillnad"] for u in first["uppdrag"]] == ["-627952", "72048"]
    assert (first["ersättning"], first["förväntad_kostnad"], first["skillnad"]) == (
        "204744096",
        "205300000",
        "-555904",
    )
    assert first["underskott"] is True
    assert data["med_fel"] == ["uppdrag/hemtjanst-norr.yaml"]
    text = (
        CliRunner().invoke(main, ["calc", "--samlat", "--år", "2027"]).output.replace("\u00a0", " ")
    )
    assert "2 fastställda uppdrag" in text and "Samlat 2027" in text and "Samlat 2028" not in text
    assert "204 744 096 kr" in text and "−555 904 kr" in text
    assert "Underskott 2027" in text


def test_calc_samlat_takes_no_id(repo: KommunRepo, in_dir: Any) -> None:
    in_dir(repo.root)
    result = CliRunner().invoke(main, ["calc", "hemtjanst-norr", "--samlat"])
    assert result.exit_code == 2 and "ange inget ID" in result.output
    result = CliRunner().invoke(main, ["calc"])
    assert result.exit_code == 2 and "--samlat" in result.output


def test_calc_of_a_förslag_without_ersättning_says_so(repo: KommunRepo, in_dir: Any) -> None:
    start = BASE_TEXT.index("ersättning:                    #")
    repo.write(BASE_TEXT[:start] + BASE_TEXT[BASE_TEXT.index("tilläggsuppdrag:") :])
    in_dir(repo.root)
    result = CliRunner().invoke(main, ["calc", "hemtjanst-norr", "--år", "2027"])
    assert result.exit_code == 0, result.output
    assert "Ersättningen är ännu inte fastställd" in result.output
    data = json.loads(
        CliRunner().invoke(main, ["calc", "hemtjanst-norr", "--format", "json"]).output
    )
    assert (data["ersättning_fastställd"], data["år"]) == (False, [])
