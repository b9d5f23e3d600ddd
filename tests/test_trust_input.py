"""Hostile and unlucky input: every oddity of YAML, every wrong type and every invisible
character is a Swedish finding at its line, never accepted in silence and never a crash.
"""

from __future__ import annotations

import unicodedata

import pytest

from uppdrag_docs.findings import Finding
from uppdrag_docs.trust.checks import check

from .conftest import BASE_TEXT, KommunRepo, changed, column_of, line_of

TITLE = "titel: Hemtjänst i egen regi – område Norr"


def findings(repo: KommunRepo, text: str | bytes) -> list[Finding]:
    path = repo.uppdrag_dir / "hemtjanst-norr.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return check([path], root=repo.root).findings


def one(repo: KommunRepo, old: str, new: str) -> tuple[Finding, str]:
    text = changed(BASE_TEXT, old, new, count=1)
    [finding] = findings(repo, text)
    return finding, text


# --- YAML: tags, anchors, documents, nesting, characters -----------------------------------


@pytest.mark.parametrize(
    "tagged",
    [
        "titel: !!binary SGVtdGrDpG5zdA==",
        "titel: !!python/object:os.system ls",
        "titel: !!str Hemtjänst",
        "titel: !egen Hemtjänst",
        "titel: !!python/name:os.system",
    ],
)
def test_an_explicit_tag_is_an_error_at_its_line(repo: KommunRepo, tagged: str) -> None:
    text = changed(BASE_TEXT, TITLE, tagged, count=1)
    errors = [f for f in findings(repo, text) if f.code == "UD105"]
    assert [(f.position.line, f.position.column) for f in errors] == [
        (line_of(text, tagged), column_of(text, "!"))
    ]
    assert "används inte i formatet" in errors[0].message


def test_a_tag_on_a_mapping_is_an_error_too(repo: KommunRepo) -> None:
    text = changed(
        BASE_TEXT, "beställare:\n", "beställare: !!python/object:builtins.dict\n", count=1
    )
    codes = [f.code for f in findings(repo, text)]
    assert "UD105" in codes


def test_a_duplicate_anchor_names_both_lines(repo: KommunRepo) -> None:
    text = changed(BASE_TEXT, "schemaversion: 1", "schemaversion: &a 1", count=1)
    text = changed(text, "titel: Hemtjänst", "titel: &a Hemtjänst", count=1)
    [finding] = findings(repo, text)
    assert (finding.code, finding.position.line) == ("UD101", line_of(text, "titel: &a"))
    assert finding.message == (
        f"YAML-syntaxfel: ankaret '&a' finns redan på rad {line_of(text, 'schemaversion')}; "
        "ge det ett eget namn"
    )


def test_two_documents_in_one_file(repo: KommunRepo) -> None:
    text = BASE_TEXT + "---\nid: en-till\n"
    [finding] = findings(repo, text)
    assert (finding.code, finding.position.line) == ("UD101", line_of(text, "---"))
    assert "mer än ett YAML-dokument" in finding.message


@pytest.mark.parametrize("levels", [100, 200_000])
def test_thousands_of_nested_brackets_are_refused_not_a_crash(
    repo: KommunRepo, levels: int
) -> None:
    """200 000 levels once overflowed libyaml's stack and killed the process."""
    text = "titel: " + "[" * levels + "]" * levels + "\n"
    [finding] = findings(repo, text)
    assert (finding.code, finding.position.line) == ("UD104", 1)
    assert "nästlad i fler än 64 nivåer" in finding.message


def test_deep_block_sequences_are_refused_too(repo: KommunRepo) -> None:
    [finding] = findings(repo, "titel:\n" + "- " * 150_000 + "x\n")
    assert finding.code == "UD104"


def test_a_nul_byte_is_named_at_its_place(repo: KommunRepo) -> None:
    text = changed(BASE_TEXT, "titel: Hemtjänst", "titel: Hem\x00tjänst", count=1)
    [finding] = findings(repo, text)
    assert (finding.code, finding.position.line) == ("UD101", line_of(text, "titel:"))
    assert finding.position.column == column_of(text, "\x00")
    assert finding.message == (
        "YAML-syntaxfel: tecknet U+0000 (styrtecken) kan inte stå i en YAML-fil; ta bort det"
    )


def test_an_escaped_control_character_cannot_reach_the_document(repo: KommunRepo) -> None:
    finding, text = one(
        repo, "titel: Hemtjänst i egen regi – område Norr", 'titel: "Hemtjänst\\x01 Norr"'
    )
    assert (finding.code, finding.position.line, finding.is_error) == (
        "UD114",
        line_of(text, "titel:"),
        True,
    )
    assert "U+0001" in finding.message


# --- invisible characters and Unicode normalisation -----------------------------------------


@pytest.mark.parametrize("char", ["\u200b", "\u200d", "\u00ad", "\u202e", "\ufeff", "\u2060"])
def test_an_invisible_character_in_an_id_is_an_error_naming_it(repo: KommunRepo, char: str) -> None:
    finding, text = one(repo, "  - id: KK3", f"  - id: KK3{char}")
    assert (finding.code, finding.is_error, finding.position.line) == (
        "UD115",
        True,
        line_of(text, "id: KK3"),
    )
    assert f"U+{ord(char):04X} ({unicodedata.name(char)})" in finding.message


def test_an_invisible_character_in_a_reference_or_code_is_an_error(repo: KommunRepo) -> None:
    finding, _ = one(repo, "rapportering: [R1]", "rapportering: [R1\u200b]")
    assert (finding.code, finding.is_error) == ("UD115", True)
    finding, _ = one(repo, "status: förslag", "status: förslag\u200b")
    assert (finding.code, finding.is_error) == ("UD115", True)


def test_an_invisible_character_in_a_key_is_an_error(repo: KommunRepo) -> None:
    """Named once, as what it is; the key it hides is then missing, not also unknown."""
    text = changed(BASE_TEXT, "titel: Hemtjänst", "titel\u200b: Hemtjänst", count=1)
    missing, invisible = findings(repo, text)  # sorted by line: the file's start first
    assert (invisible.code, invisible.position.line, invisible.position.column) == (
        "UD115",
        line_of(text, "titel"),
        1,
    )
    assert "U+200B (ZERO WIDTH SPACE)" in invisible.message
    assert (missing.code, missing.message) == ("UD111", "obligatoriskt fält 'titel' saknas")


def test_an_invisible_character_in_prose_is_a_warning(repo: KommunRepo) -> None:
    finding, text = one(repo, "titel: Hemtjänst", "titel: Hem\u00adtjänst")
    assert (finding.code, finding.is_error, finding.position.line) == (
        "UD116",
        False,
        line_of(text, "titel:"),
    )
    assert "U+00AD (SOFT HYPHEN)" in finding.message


def test_a_key_typed_in_nfd_is_the_same_key(repo: KommunRepo) -> None:
    nfd = unicodedata.normalize("NFD", "ersättning:")
    assert nfd != "ersättning:"
    assert findings(repo, changed(BASE_TEXT, "ersättning:", nfd, count=1)) == []


# --- types are exactly what format.md says --------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("paragraf: 44", "paragraf: true", "ska vara ett heltal, inte true eller false"),
        ("      antal: 25", "      antal: true", "ska vara ett tal, inte true eller false"),
        ("likvärdig: true", "likvärdig: 1", "ska vara true eller false"),
        ("likvärdig: true", "likvärdig: yes", "ska vara true eller false"),
        ("antal_brukare: 1240", "antal_brukare: '1240'", "ska vara ett heltal, utan citattecken"),
        ("basår: 2026", "basår: 20260", "får vara högst 2200"),
        ("sammanträde: 2026-12-14", "sammanträde: 1800-12-14", "året 1800 ligger utanför"),
        ("sammanträde: 2026-12-14", "sammanträde: 20261214", "ska vara ett datum"),
        ("  - id: KK3", "  - id: KÅ3", "får bara innehålla A–Z, a–z, 0–9"),
        ("  - id: KK3", "  - id: K K3", "får bara innehålla A–Z, a–z, 0–9"),
    ],
)
def test_types_are_exactly_the_formats(repo: KommunRepo, old: str, new: str, message: str) -> None:
    finding, text = one(repo, old, new)
    assert (finding.code, finding.position.line) == ("UD112", line_of(text, new))
    assert message in finding.message
