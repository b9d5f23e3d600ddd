"""Text from a file, at its limits: what Word and a calendar hold is found by check, and what
reaches a message or a log is quoted and spelt out (issue 21, families 1, 6 and 13).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document as Word

from uppdrag_docs.findings import Finding
from uppdrag_docs.format.base import word_length
from uppdrag_docs.render.agenda import agenda_values
from uppdrag_docs.render.context import DocumentContext
from uppdrag_docs.render.docx import MEETING_TEMPLATE, render_docx, template_path
from uppdrag_docs.render.follow_up import document_name
from uppdrag_docs.trust.checks import check

from .conftest import BASE_TEXT, KommunRepo, line_of

TITLE = "titel: Hemtjänst i egen regi – område Norr"
ADMINISTRATION = "  förvaltning: Social- och omsorgsförvaltningen"


def errors(repo: KommunRepo, old: str, new: str) -> tuple[list[Finding], str]:
    assert old in BASE_TEXT, old
    text = BASE_TEXT.replace(old, new, 1)
    path = repo.write(text)
    return [f for f in check([path], root=repo.root).findings if f.is_error], text


# --- family 1: the limits of Word and the calendar ------------------------------------------


@pytest.mark.parametrize("title", ["Å" * 221, "😀" * 110 + "a", "a b " * 55 + "a"])
def test_the_longest_title_the_tjansteskrivelse_holds_passes(repo: KommunRepo, title: str) -> None:
    assert word_length(title) == 221
    found, _ = errors(repo, TITLE, f"titel: {title}")
    assert found == []


@pytest.mark.parametrize(
    ("title", "length", "astral"),
    [("Å" * 222, 222, False), ("Å" * 255, 255, False), ("😀" * 111, 222, True)],
)
def test_a_title_one_over_is_an_error_at_its_line(
    repo: KommunRepo, title: str, length: int, astral: bool
) -> None:
    """Word's properties hold 255 UTF-16 units, and the tjänsteskrivelse's title adds 34 to the
    uppdrag's: 255 characters passed check and stopped the build (ValueError)."""
    [finding], text = errors(repo, TITLE, f"titel: {title}")
    assert (finding.code, finding.position.line, finding.position.column) == (
        "UD118",
        line_of(text, "titel:"),
        8,
    )
    assert finding.message == (
        f"'titel' är {length} tecken som Word räknar dem, men får vara högst 221: "
        f"tjänsteskrivelsens titel, '{('Verksamhetsuppdrag ' + title)[:59]}…', ska rymmas i de "
        "255 tecken Word har för ett dokuments titel"
        + (" (ett tecken som 😀 räknas som två)" if astral else "")
    )


@pytest.mark.parametrize("units", [255, 256])
def test_a_name_in_the_document_properties_holds_255(repo: KommunRepo, units: int) -> None:
    name = ("Förvaltningen " * 20)[: units - 2] + "😀"  # the last character counts as two
    assert word_length(name) == units
    found, text = errors(repo, ADMINISTRATION, f"  förvaltning: '{name}'")
    if units == 255:
        assert found == []
        return
    [finding] = found
    assert (finding.code, finding.position.line) == ("UD118", line_of(text, "förvaltning:"))
    assert finding.message == (
        "'beställare.förvaltning' är 256 tecken som Word räknar dem, men får vara högst 255, "
        "som Word rymmer i ett dokuments egenskaper (titel, författare, id) (ett tecken som 😀 "
        "räknas som två)"
    )


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("|\n  Hemtjänst\n  Norr", "'Hemtjänst\\nNorr\\n'"),
        (">\n  Hemtjänst\n  Norr", "'Hemtjänst Norr\\n'"),
        ('"Hemtjänst\\r Norr"', "'Hemtjänst\\r Norr'"),
        ('"Hemtjänst\\u2028Norr"', "'Hemtjänst\\u2028Norr'"),
        ('"Hemtjänst\\NNorr"', "'Hemtjänst\\x85Norr'"),
    ],
)
def test_a_line_break_in_a_title_is_an_error_at_its_line(
    repo: KommunRepo, written: str, shown: str
) -> None:
    """A block scalar's title passed check and stopped the calendar (X-WR-CALNAME)."""
    [finding], text = errors(repo, TITLE, f"titel: {written}")
    assert (finding.code, finding.position.line, finding.position.column) == (
        "UD117",
        line_of(text, "titel:"),
        8,
    )
    assert finding.message == (
        f"'titel' ska stå på en rad, men {shown} har en radbrytning; skriv det på samma rad som "
        "nyckeln (efter | och > följer en radbrytning, också sist)"
    )


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("diarienummer: SOCN 2026-0142", 'diarienummer: "SOCN\\n2026-0142"', "diarienummer"),
        ("  nämnd: Socialnämnden", "  nämnd: |-\n    Social-\n    nämnden", "beställare.nämnd"),
        ("  organ: Socialnämnden", "  organ: 'Social\n\n    nämnden'", "beslut.organ"),
    ],
)
def test_every_one_line_field_refuses_a_line_break(
    repo: KommunRepo, old: str, new: str, field: str
) -> None:
    found, text = errors(repo, old, new)
    assert [(f.code, f.field, f.position.line) for f in found] == [
        ("UD117", field, line_of(text, new.splitlines()[0]))
    ]


def test_a_folded_title_without_its_last_line_break_passes(repo: KommunRepo) -> None:
    found, _ = errors(repo, TITLE, "titel: >-\n  Hemtjänst i egen regi –\n  område Norr")
    assert found == []


def test_a_composed_title_is_cut_to_what_word_holds(repo: KommunRepo) -> None:
    """A meeting's title names its nämnd, and a nämnd may have 255 characters: the document
    property is cut after a whole word, the document has the title whole."""
    board = "Nämnden för " + "socialtjänst och omsorg " * 11
    title = f"Handlingar till sammanträde med {board.strip()} 14 december 2026"
    values = agenda_values([], board=board, date=dt.date(2026, 12, 14))
    context = DocumentContext(values=values, markdown={}, date=dt.date(2026, 12, 14), title=title)
    data = render_docx(template_path(MEETING_TEMPLATE, None), context)
    property_title = Word(io.BytesIO(data)).core_properties.title
    kept = property_title.removesuffix("…")
    assert title.startswith(kept) and title[len(kept)] == " "  # after a whole word
    assert 240 < word_length(property_title) <= 255


def test_a_long_nämnd_gives_a_file_name_a_disk_holds() -> None:
    name = document_name("Nämnden för " + "socialtjänst och omsorg " * 11, 2027)
    assert len(f"{name}.docx".encode()) <= 255
    assert name == "namnden-for" + "-socialtjanst-och-omsorg" * 3 + "-socialtjanst-och-2027"
