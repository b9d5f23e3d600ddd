"""Bad input of every kind ends in findings with the right file, line and column."""

from __future__ import annotations

import time
import tracemalloc
from decimal import Decimal

import pytest

from uppdrag_docs.findings import Finding
from uppdrag_docs.format.document import MAX_FILE_BYTES, read_document
from uppdrag_docs.trust.checks import check

from .conftest import BASE_TEXT, KommunRepo, changed, column_of, line_of


def run(repo: KommunRepo, text: str | bytes, name: str = "hemtjanst-norr") -> list[Finding]:
    path = repo.uppdrag_dir / f"{name}.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return check([path], root=repo.root).findings


def where(finding: Finding) -> tuple[str, int, int]:
    return finding.code, finding.position.line, finding.position.column


def test_floats_become_exact_decimals(repo: KommunRepo) -> None:
    path = repo.write(BASE_TEXT)
    doc = read_document(path, root=repo.root)
    assert doc.data["ersättning"]["oh_andel"] == Decimal("0.035")
    assert doc.data["ersättning"]["driftskostnad_basår"] == 84_350_000


def test_unclosed_quote_points_at_the_opening_quote(repo: KommunRepo) -> None:
    text = changed(BASE_TEXT, "titel: Hemtjänst", 'titel: "Hemtjänst', count=1)
    [finding] = run(repo, text)
    assert where(finding) == ("UD101", line_of(text, 'titel: "'), column_of(text, '"Hemtj'))
    assert "citattecknet stängs aldrig" in finding.message


def test_tab_indentation(repo: KommunRepo) -> None:
    text = changed(BASE_TEXT, "  nämnd: Socialnämnden", "\tnämnd: Socialnämnden")
    [finding] = run(repo, text)
    assert where(finding) == ("UD101", line_of(text, "\tnämnd"), 1)
    assert "tabbtecken" in finding.message


def test_duplicate_key_names_the_first(repo: KommunRepo) -> None:
    text = changed(BASE_TEXT, "titel: Hemtjänst", "titel: Första\ntitel: Hemtjänst", count=1)
    findings = run(repo, text)
    dup = [f for f in findings if f.code == "UD102"]
    assert [where(f) for f in dup] == [("UD102", line_of(text, "titel: Hemtjänst"), 1)]
    assert f"rad {line_of(text, 'titel: Första')}" in dup[0].message


def test_unknown_key_suggests_the_closest(repo: KommunRepo) -> None:
    text = changed(
        BASE_TEXT, "nulägesanalys:                 #", "nulägesanalis:                 #"
    )
    findings = run(repo, text)
    unknown = [f for f in findings if f.code == "UD110"]
    assert [where(f) for f in unknown] == [("UD110", line_of(text, "nulägesanalis:"), 1)]
    assert "menade du 'nulägesanalys'?" in unknown[0].message
    missing = [f for f in findings if f.code == "UD111"]
    assert "'nulägesanalys' saknas" in missing[0].message


def test_a_misspelt_optional_key_is_only_unknown(repo: KommunRepo) -> None:
    """`ersättning` may wait in a förslag, so its misspelling is one finding, with the key."""
    text = changed(BASE_TEXT, "ersättning:                    #", "ersätning:                    #")
    findings = run(repo, text)
    assert [where(f) for f in findings] == [("UD110", line_of(text, "ersätning:"), 1)]
    assert "menade du 'ersättning'?" in findings[0].message


def test_unknown_nested_key_suggests_from_its_own_model(repo: KommunRepo) -> None:
    text = changed(
        BASE_TEXT,
        "      enhet: procent\n    likvärdig: true",
        "      enhet: procent\n    likvardig: true",
        count=1,
    )
    findings = run(repo, text)
    unknown = [f for f in findings if f.code == "UD110"]
    assert [where(f) for f in unknown] == [("UD110", line_of(text, "likvardig"), 5)]
    assert "menade du 'likvärdig'?" in unknown[0].message


def test_wrong_type_points_at_the_value(repo: KommunRepo) -> None:
    text = changed(BASE_TEXT, "antal_brukare: 1240", "antal_brukare: många")
    [finding] = run(repo, text)
    assert where(finding) == ("UD112", line_of(text, "antal_brukare"), column_of(text, "många"))
    assert finding.message == "'nulägesanalys.antal_brukare' är 'många', men ska vara ett heltal"


def test_wrong_enum_lists_the_choices(repo: KommunRepo) -> None:
    text = changed(BASE_TEXT, "frekvens: tertial", "frekvens: vecka")
    [finding] = run(repo, text)
    assert where(finding) == ("UD112", line_of(text, "frekvens: vecka"), column_of(text, "vecka"))
    assert "'månad', 'kvartal', 'tertial', 'halvår', 'år'" in finding.message


def test_union_reports_the_branch_that_got_furthest(repo: KommunRepo) -> None:
    text = changed(BASE_TEXT, "effektiviseringskrav: 0.01", "effektiviseringskrav: {2027: hög}")
    [finding] = run(repo, text)
    line = line_of(text, "{2027: hög}")
    assert where(finding) == ("UD112", line, column_of(text, "{2027: hög}") + len("{2027: "))


def test_missing_key_points_at_its_parent(repo: KommunRepo) -> None:
    text = changed(BASE_TEXT, "    vad: Resultat från brukarundersökningen\n", "")
    [finding] = run(repo, text)
    assert where(finding) == ("UD111", line_of(text, "- id: R2"), 5)
    assert finding.message == "obligatoriskt fält 'vad' saknas"


def test_not_utf8(repo: KommunRepo) -> None:
    raw = changed(BASE_TEXT, "titel: Hemtjänst", "titel: Hemtj\x00nst").encode()
    raw = raw.replace(b"\x00", "ä".encode("latin-1"))
    [finding] = run(repo, raw)
    assert where(finding) == ("UD100", line_of(BASE_TEXT, "titel:"), len("titel: Hemtj") + 1)
    assert "UTF-8" in finding.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "filen är tom"),
        ("# bara en kommentar\n", "filen är tom"),
        ("- a\n- b\n", "inte en lista"),
        ("hej\n", "inte ett enstaka värde"),
    ],
)
def test_empty_and_other_kinds_of_file(repo: KommunRepo, text: str, message: str) -> None:
    [finding] = run(repo, text)
    assert finding.code == "UD103"
    assert message in finding.message


def test_alias_bomb_is_refused_quickly_with_small_memory(repo: KommunRepo) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    text = "\n".join(lines) + "\n"  # 10**10 nodes when expanded
    tracemalloc.start()
    started = time.process_time()
    [finding] = run(repo, text)
    cpu = time.process_time() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert finding.code == "UD104"
    assert cpu < 5  # generous: the budget stops it after 100 000 nodes
    assert peak < 100 * 1024 * 1024


def test_too_large_file_is_refused(repo: KommunRepo) -> None:
    text = BASE_TEXT + "#" * (MAX_FILE_BYTES + 1) + "\n"
    [finding] = run(repo, text)
    assert finding.code == "UD104"
    assert "gränsen är 1024 kB" in finding.message


def test_reading_never_changes_a_file(repo: KommunRepo) -> None:
    text = changed(BASE_TEXT, "titel: Hemtjänst", 'titel: "Hemtjänst', count=1)
    path = repo.write(text)
    before = path.read_bytes(), path.stat().st_mtime_ns
    check([path], root=repo.root)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_all_files_are_reported_together(repo: KommunRepo) -> None:
    repo.write(changed(BASE_TEXT, "antal_brukare: 1240", "antal_brukare: x"))
    other = changed(BASE_TEXT, "id: hemtjanst-norr", "id: annan")
    other = changed(other, "frekvens: år", "frekvens: x")
    repo.write(other, name="annan")
    findings = check(root=repo.root).findings
    assert {f.path.name for f in findings} == {"annan.yaml", "hemtjanst-norr.yaml"}


@pytest.mark.parametrize("text", ["null\n", "~\n", "# bara en kommentar\n---\n...\n"])
def test_a_file_of_null_is_an_error_not_skipped_in_silence(repo: KommunRepo, text: str) -> None:
    """Found by the fuzzing: `null` used to pass check while nothing was loaded or built."""
    [finding] = run(repo, text)
    assert (finding.code, finding.is_error) == ("UD103", True)


def test_a_shared_file_of_null_is_an_error(repo: KommunRepo) -> None:
    (repo.uppdrag_dir / "gemensamt" / "kommun.yaml").write_text("null\n", encoding="utf-8")
    findings = run(repo, BASE_TEXT)
    assert [(f.path.name, f.code) for f in findings if f.is_error] == [("kommun.yaml", "UD103")]


def test_an_unknown_reason_is_quoted_with_the_closest_code(repo: KommunRepo) -> None:
    text = changed(BASE_TEXT, "  - känslig_målgrupp\n", "  - kanslig_malgrupp\n", count=1)
    [finding] = run(repo, text)
    assert where(finding) == ("UD112", line_of(text, "kanslig_"), column_of(text, "kanslig_"))
    assert finding.message == (
        "okänt värde 'kanslig_malgrupp' i 'skäl[1]'; menade du 'känslig_målgrupp'?"
    )


def test_an_unknown_value_far_from_every_code_lists_them(repo: KommunRepo) -> None:
    text = changed(BASE_TEXT, "  - känslig_målgrupp\n", "  - billigast\n", count=1)
    [finding] = run(repo, text)
    assert finding.message.startswith(
        "okänt värde 'billigast' i 'skäl[1]'; tillåtna värden här: 'myndighetsutövning', "
    )
