"""The tjänsteskrivelse as the nämnd reads it, and the decision document's new parts.

Each test builds the Word documents of the example uppdrag (plus the one change under test)
and reads them back with python-docx. Markdown goes through pandoc, so the module is slow.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as open_docx

from uppdrag_docs.build.documents import build
from uppdrag_docs.build.run import BuildOptions

from .conftest import BASE_TEXT, GitRepo, KommunRepo, changed

pytestmark = pytest.mark.slow

NBSP = "\u00a0"
HEADINGS = [
    "Förslag till socialnämndens beslut",
    "Ärende",
    "Beslutsunderlag",
    "Bakgrund",
    "Ekonomiska konsekvenser",
    "Kommunala mål",
    "Jämställdhet",
    "Barnkonsekvens",
    "Samråd",
    "Information eller förhandling enligt lag (1976:580) om medbestämmande i arbetslivet",
]
WITHOUT_ARENDE = BASE_TEXT.split("\närende:")[0] + "\n"
WITHOUT_ERSATTNING = (
    BASE_TEXT[: BASE_TEXT.index("ersättning:                    #")]
    + BASE_TEXT[BASE_TEXT.index("tilläggsuppdrag:") :]
)


def built(repo: KommunRepo, text: str, name: str = "hemtjanst-norr") -> Path:
    repo.write(text)
    out = repo.root / "build"
    report = build([repo.uppdrag_dir], BuildOptions(out=out, pdf=False))
    assert report.ok, (report.failed, [f.text() for f in report.findings])
    return out / f"{name}-tjansteskrivelse.docx"


def paragraphs(path: Path) -> list[tuple[str, str]]:
    doc = open_docx(str(path))
    return [(p.style.name if p.style else "", p.text.replace(NBSP, " ")) for p in doc.paragraphs]


def text_of(path: Path) -> str:
    doc = open_docx(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [" | ".join(c.text for c in r.cells) for t in doc.tables for r in t.rows]
    return "\n".join(parts).replace(NBSP, " ")


def test_the_headings_come_in_the_kommuns_order(repo: KommunRepo) -> None:
    found = paragraphs(built(repo, BASE_TEXT))
    headings = [text for style, text in found if style == "Heading 1"]
    assert headings == HEADINGS
    texts = [text for _, text in found]
    tail = texts[texts.index("MBL-förhandling är planerad till den 3 december 2026.") :]
    assert tail == [
        "MBL-förhandling är planerad till den 3 december 2026.",
        "Social- och omsorgsförvaltningen",
        "Maria Ekholm",
        "socialdirektör",
        "Anna Lindqvist",
        "uppdragsansvarig",
        "Beslutet skickas till:",
        "Leanlink",
        "Kommunledningsförvaltningen, ekonomistaben",
        "Akten",
    ]


def test_the_decision_points_are_numbered_with_each_years_amount(repo: KommunRepo) -> None:
    found = paragraphs(built(repo, BASE_TEXT))
    points = [text for style, text in found if style == "Beslutspunkt"]
    assert points == [
        "1.\tVerksamhetsuppdraget Hemtjänst i egen regi – område Norr till Leanlink fastställs "
        "för perioden 1 januari 2027 – 31 december 2028.",
        "2.\tErsättningen till Leanlink för 2027 fastställs till 102 372 048 kr.",
        "3.\tErsättningen till Leanlink för 2028 fastställs till 104 960 677 kr.",
    ]


def test_the_parts_the_arende_gives(repo: KommunRepo) -> None:
    path = built(repo, BASE_TEXT)
    text = text_of(path)
    for part in (
        "Tjänsteskrivelse – Verksamhetsuppdrag Hemtjänst i egen regi – område Norr, "
        "fastställande, 2026-11-25",
        "Bilaga – Förslag till verksamhetsuppdrag Hemtjänst i egen regi – område Norr",
        "Nulägesanalys hemtjänst område Norr, 2026-09-30",
        "Samråd har skett med Leanlink och Ekonomistaben.",
        "Leanlink: tillstyrker",
        "Ekonomistaben: tillstyrker",
        "Två av tre brukare i hemtjänsten är kvinnor",
        "2027 | 102 372 048 | 89 082 048 | +4 732 048 | +5,6 % | 12 840 000",
        "86,8 % av ramen för 2027",
        "Ersättningen ryms inom nämndens budgetram",
        "Kostnadseffektiv verksamhet",
    ):
        assert part in text, part
    header = "\n".join(p.text for p in open_docx(str(path)).sections[0].header.paragraphs)
    assert "Datum 2026-11-25" in header and "FÖRSLAG" not in header


def test_without_arende_the_defaults(repo: KommunRepo) -> None:
    found = paragraphs(built(repo, WITHOUT_ARENDE))
    headings = [text for style, text in found if style == "Heading 1"]
    assert headings == [
        "Förslag till socialnämndens beslut",
        "Ärende",
        "Beslutsunderlag",
        "Bakgrund",
        "Ekonomiska konsekvenser",
        "Kommunala mål",
    ]
    texts = [text for _, text in found]
    summary = "Leanlink ska utföra beviljad hemtjänst enligt socialtjänstlagen för de"
    assert texts[texts.index("Ärende") + 1].startswith(summary)
    assert texts[-3:] == ["Beslutet skickas till:", "Leanlink", "Social- och omsorgsförvaltningen"]
    assert [t for s, t in found if s == "Beslutspunkt"][1].startswith(
        "2.\tErsättningen till Leanlink för 2027"
    )


def test_without_ersattning_every_document_says_it_is_not_yet_set(repo: KommunRepo) -> None:
    case = built(repo, WITHOUT_ERSATTNING)
    assert "Ersättningen är ännu inte fastställd och beslutas innan" in text_of(case)
    decision = text_of(case.parent / "hemtjanst-norr.docx")
    assert "Total ersättning | Ännu inte fastställd" in decision
    assert "Ersättningen är ännu inte fastställd. Enligt riktlinjen (avsnitt 2.1)" in decision
    assert "Ersättningen är ännu inte fastställd" in text_of(
        case.parent / "hemtjanst-norr-rapportering.docx"
    )


def test_krisberedskap_is_the_fields_text_or_the_law(repo: KommunRepo) -> None:
    out = built(repo, BASE_TEXT).parent
    found = paragraphs(out / "hemtjanst-norr.docx")
    texts = [text for _, text in found]
    after = texts[texts.index("Krisberedskap och extraordinära händelser") + 1]
    assert after.startswith("Leanlink ingår i kommunens krisledningsorganisation")
    without = (
        BASE_TEXT.split("krisberedskap: |")[0]
        + BASE_TEXT.split("kontinuitet i vård och omsorg.\n")[1]
    )
    found = paragraphs(built(repo, without).parent / "hemtjanst-norr.docx")
    texts = [text for _, text in found]
    after = texts[texts.index("Krisberedskap och extraordinära händelser") + 1]
    assert "lagen (2006:544)" in after and "(2006:637)" in after


def test_a_tillaggsuppdrag_decided_after_the_documents_date_is_planned(repo: KommunRepo) -> None:
    out = built(repo, BASE_TEXT).parent  # a förslag dated 2026-11-25; T1 is decided 2027-03-15
    text = text_of(out / "hemtjanst-norr.docx")
    assert "Beslut | Förslag till beslut i Socialnämnden 15 mars 2027" in text
    decided = changed(BASE_TEXT, "status: förslag", "status: fastställt")
    decided = changed(decided, "paragraf: null", "paragraf: 187")
    text = text_of(built(repo, decided).parent / "hemtjanst-norr.docx")
    assert "Beslut | Beslutat av Socialnämnden 15 mars 2027, § 44" in text


def test_a_forslag_without_a_date_is_dated_by_its_last_commit(git_repo: GitRepo) -> None:
    text = changed(
        BASE_TEXT, "  datum: 2026-11-25            #", "  # datum: 2026-11-25          #"
    )
    git_repo.write(text)
    git_repo.commit("Förslaget")  # GIT_COMMITTER_DATE is 2027-02-10
    out = git_repo.root / "build"
    assert build([git_repo.uppdrag_dir], BuildOptions(out=out, pdf=False)).ok
    for name in ("hemtjanst-norr.docx", "hemtjanst-norr-tjansteskrivelse.docx"):
        header = open_docx(str(out / name)).sections[0].header.paragraphs
        assert "Datum 2027-02-10" in "\n".join(p.text for p in header), name
