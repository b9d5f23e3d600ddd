"""Text from a file, at its limits: what Word and a calendar hold is found by check, and what
reaches a message or a log is quoted and spelt out (issue 21, families 1, 6 and 13).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document as Word

from uppdrag_docs.cli import main
from uppdrag_docs.findings import Finding
from uppdrag_docs.format.base import word_length
from uppdrag_docs.format.repository import MEETING_TEMPLATE, template_path
from uppdrag_docs.quoting import quoted
from uppdrag_docs.render.agenda import agenda_values
from uppdrag_docs.render.context import DocumentContext
from uppdrag_docs.render.docx import render_docx
from uppdrag_docs.render.follow_up import document_name
from uppdrag_docs.trust.checks import check

from .conftest import BASE_ID, BASE_TEXT, KommunRepo, changed, line_of
from .uppfoljning_support import FollowRepo

TITLE = "titel: Hemtjänst i egen regi – område Norr"
ADMINISTRATION = "  förvaltning: Social- och omsorgsförvaltningen"


def errors(repo: KommunRepo, old: str, new: str) -> tuple[list[Finding], str]:
    text = changed(BASE_TEXT, old, new, count=1)
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


def test_a_composed_title_is_cut_to_what_word_holds() -> None:
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


# --- family 6: a message about a bad value quotes the value as written ----------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "antal_brukare: 1240",
            "antal_brukare: åttio",
            "'nulägesanalys.antal_brukare' är 'åttio', men ska vara ett heltal",
        ),
        (
            "basår: 2026",
            "basår: 20260",
            "'ersättning.basår' är '20260', men får vara högst 2200",
        ),
        (
            "likvärdig: true",
            "likvärdig: ja",
            "'kvalitetskriterier[1].likvärdig' är 'ja', men ska vara true eller false",
        ),
        (
            "sammanträde: 2026-12-14",
            "sammanträde: 1800-12-14",
            "'beslut.sammanträde' är '1800-12-14', men året 1800 ligger utanför 1900–2200",
        ),
        (
            "  - id: KK3",
            "  - id: KÅ3",
            "'kvalitetskriterier[2].id' är 'KÅ3', men får bara innehålla A–Z, a–z, 0–9, '.', '_' "
            "och '-', och börja med en bokstav eller siffra",
        ),
        (
            "verksamhetsområde: Äldreomsorg",
            "verksamhetsområde: [Äldreomsorg]",
            "'verksamhetsområde' är en lista, men ska vara text",
        ),
        (
            "status: förslag",
            "status: förslg",
            "okänt värde 'förslg' i 'status'; menade du 'förslag'?",
        ),
        (
            "antal_brukare: 1240",
            "antal_brukare: " + "ett tusen två hundra fyrtio " * 4,
            "'nulägesanalys.antal_brukare' är 'ett tusen två hundra fyrtio ett tusen två hundra "
            "fyrtio ett…', men ska vara ett heltal",
        ),
        (
            "antal_brukare: 1240",
            'antal_brukare: "12\\n::error::40\\t"',
            "'nulägesanalys.antal_brukare' är '12\\n::error::40\\t', men ska vara ett heltal",
        ),
    ],
)
def test_a_bad_value_is_quoted_in_its_finding(
    repo: KommunRepo, old: str, new: str, message: str
) -> None:
    """The value as written, shortened when long and with control characters spelt out, so
    the finding says what is wrong without letting the value reach the terminal."""
    found, text = errors(repo, old, new)
    assert [(f.code, f.position.line, f.message) for f in found] == [
        ("UD112", line_of(text, new.split("\n")[0].strip()), message)
    ]


def test_a_report_value_that_is_no_number_is_quoted(follow: FollowRepo) -> None:
    text = follow.change("R1-2027-T1.yaml", "värde: 93.1", "värde: åttio")
    [found] = [f for f in follow.check().findings if f.code == "UD407"]
    assert (found.position.line, found.message) == (
        line_of(text, "värde: åttio"),
        "'åttio' är inget tal; värdet ska vara ett tal i kriteriets enhet",
    )


def test_quoted_shortens_and_spells_out() -> None:
    assert quoted("åttio") == "'åttio'"
    assert quoted("a" * 100) == "'" + "a" * 59 + "…'"
    assert (
        quoted("rad\nett\r\x1b[2J\x9b\u2028\u202e") == "'rad\\nett\\r\\x1b[2J\\x9b\\u2028\\u202e'"
    )
    assert quoted(True) == "'true'"
    assert quoted(Decimal("1E+3")) == "'1000'"
    assert quoted(dt.date(2027, 1, 1)) == "'2027-01-01'"


# --- family 13: what reaches a terminal or CI's log is one line per message ------------------

HOSTILE_KEY = '"x\\n::error::boom\\n::stop-commands::tok\\e[2J": 1\n'
"""A key whose line breaks would start lines that GitHub Actions reads as commands."""


def _one_line_each(output: str, commands: int = 0) -> None:
    """No line starts a workflow command but the tool's own (`commands` of them, one per
    finding with --format github), and no control character is printed raw."""
    assert sum(line.startswith("::") for line in output.splitlines()) == commands, output
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", output.replace("\n", ""))


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_check_prints_a_hostile_key_on_its_own_line(
    repo: KommunRepo, in_dir: Any, output_format: str
) -> None:
    path = repo.write(BASE_TEXT + HOSTILE_KEY)
    in_dir(repo.root)
    result = CliRunner().invoke(main, ["check", "--format", output_format, str(path)])
    assert result.exit_code == 1
    _one_line_each(result.output, commands=2 if output_format == "github" else 0)
    expected = "okänd nyckel 'x\\n::error::boom\\n::stop-commands::tok\\x1b[2J'"
    assert expected in result.output.replace("%0A", "\\n")


def test_an_error_that_lists_findings_keeps_each_on_its_line(repo: KommunRepo, in_dir: Any) -> None:
    """`uppdrag calc` on a file with errors: the head, then each finding, each one line."""
    repo.write(BASE_TEXT + HOSTILE_KEY)
    in_dir(repo.root)
    result = CliRunner().invoke(main, ["calc", BASE_ID])
    assert result.exit_code == 1
    _one_line_each(result.output)
    head, *found = result.output.splitlines()
    assert head == "uppdrag: fel: uppdraget har fel; rätta dem först:"
    assert [line.split(": ")[1].split()[1] for line in found] == ["UD110", "UD114"]


def test_a_title_with_rich_markup_and_emoji_codes_is_printed_as_written(
    repo: KommunRepo, in_dir: Any
) -> None:
    """`[/bold]` in a title was read as rich's markup: calc ended in an internal error."""
    repo.write_base(TITLE, 'titel: "Hemtjänst [/bold] [red]Norr[/] :smile:"')
    in_dir(repo.root)
    result = CliRunner().invoke(main, ["calc", BASE_ID])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "Hemtjänst [/bold] [red]Norr[/] :smile: (hemtjanst-norr), förslag"
    )


def test_a_message_with_a_path_holding_a_line_break_stays_one_line(
    repo: KommunRepo, in_dir: Any
) -> None:
    repo.write(BASE_TEXT)
    in_dir(repo.root)
    result = CliRunner().invoke(main, ["calc", "uppdrag/hemtjanst\n::error::x.yaml"])
    assert result.exit_code != 0
    _one_line_each(result.output)
    assert "hemtjanst\\n::error::x.yaml" in result.output


def test_uppfoljning_prints_a_hostile_key_in_a_report_on_one_line(
    follow: FollowRepo, in_dir: Any
) -> None:
    """The case from the issue: a report's key with line breaks, left out with its findings."""
    report = follow.folder() / "R1-2027-T1.yaml"
    report.write_text(report.read_text(encoding="utf-8") + HOSTILE_KEY, encoding="utf-8")
    in_dir(follow.root)
    result = CliRunner().invoke(main, ["uppföljning", "2027", "--per", "2028-03-01", "--tabeller"])
    assert result.exit_code == 1
    _one_line_each(result.output)
    assert "hemtjanst-norr följs inte upp förrän felen är rättade:" in result.output
    assert "okänd nyckel 'x\\n::error::boom\\n::stop-commands::tok\\x1b[2J'" in result.output
