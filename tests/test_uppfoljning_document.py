"""The samlad redovisning (`uppdrag uppföljning ÅR`), read as the nämnd reads it.

The context is checked fast; the built Word document through python-docx and its PDF through
pdftotext and pikepdf, slow. The repository's own examples (two uppdrag to Socialnämnden, a year
of reports each) are the data.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner
from docx import Document as Word

from uppdrag_docs.build.follow_up import build_follow_up
from uppdrag_docs.build.run import BuildOptions
from uppdrag_docs.cli import main
from uppdrag_docs.follow_up.review import follow_up
from uppdrag_docs.names import board_slug
from uppdrag_docs.render.follow_up import build_follow_up_context
from uppdrag_docs.render.model.base import Chart

from .conftest import PROJECT, changed, require
from .pdfcheck import archival_problems, claim, elements
from .uppfoljning_support import PER, FollowRepo

BOARD = "Socialnämnden"
NAME = "socialnamnden-2027"


@pytest.fixture(scope="module")
def context() -> Any:
    assessment = follow_up(2027, per=PER, root=PROJECT).assessment
    return build_follow_up_context(assessment, BOARD)


def _part(context: Any, ident: str) -> Any:
    return next(u for u in context.values["uppdrag"] if u["id"] == ident)


def test_every_criterion_has_its_periods_and_both_bedomningar(context: Any) -> None:
    norr = _part(context, "hemtjanst-norr")
    kk1, kk2, kk3 = norr["kriterier"]
    assert kk1["rubrik"] == "KK1 Personalkontinuitet"
    assert kk1["malvarde"] == "högst 15 personer"
    assert [(p["period"], p["varde"], p["bedomning"]) for p in kk1["perioder"]] == [
        ("2027-T1", "14,2 personer", "uppfyllt"),
        ("2027-T2", "14,8 personer", "uppfyllt"),
        ("2027-T3", "15,4 personer", "delvis uppfyllt"),
    ]
    assert (kk1["bedomning"], kk1["forvaltningens"]) == ("delvis uppfyllt", "–")
    # the förvaltning's override stands beside the computed bedömning, never instead
    assert (kk3["bedomning"], kk3["forvaltningens"]) == ("delvis uppfyllt", "uppfyllt")
    assert kk3["motivering"].startswith("Avvikelsen under tertial 1")
    assert "En reservbil är hyrd" in kk3["perioder"][0]["kommentar"]
    assert kk2["har_diagram"] and isinstance(kk2["diagram"], Chart)


def test_the_charts_alt_text_says_what_they_show_with_the_figures(context: Any) -> None:
    norr = _part(context, "hemtjanst-norr")
    line = norr["kriterier"][0]["diagram"].alt
    assert line.startswith("Linjediagram över KK1 Personalkontinuitet per period 2027")
    assert "högst 15 personer" in line and "2027-T3 15,4 personer (delvis uppfyllt)" in line
    bars = [c.alt for c in norr["likvardighet"]["diagram"]]
    assert "Attendo Hemtjänst AB 16 personer (ej uppfyllt)" in bars[0]
    assert "Egen regi" in bars[0]
    money = norr["ekonomi"]["diagram"].alt
    assert "intäkter" in money and "kostnader" in money and "resultat" in money


def test_likvardighet_oppna_bocker_and_reports(context: Any) -> None:
    boende = _part(context, "boendestod-socialpsykiatri")
    rows = [(r["utforare"], r["varde"], r["bedomning"]) for r in boende["likvardighet"]["rader"]]
    assert rows[:2] == [
        ("Egen regi", "90,5 % (medelvärde av 3 tertial)", "uppfyllt"),
        ("Humana Individ och familj AB", "86 %", "delvis uppfyllt"),
    ]
    economy = boende["ekonomi"]
    deficit = next(r for r in economy["rader"] if r["period"] == "2027-K2")
    assert (deficit["resultat"], deficit["markering"]) == ("−49\u00a0631\u00a0kr", "underskott")
    assert economy["underskott"][0].startswith("2027-K2: underskott −49\u00a0631\u00a0kr.")
    assert economy["summa"]["resultat"] == "138\u00a0619\u00a0kr"
    assert "4 av 4" in economy["redovisade"]
    assert "Prognos" in economy["prognos"] or "prognos" in economy["prognos"]
    statuses = [(r["rapport"], r["period"], r["status"]) for r in boende["rapporter"]]
    assert ("R3 (ekonomi)", "2027-K4", "försenad, 2 dagar") in statuses


def _kr(text: str) -> int:
    return int(text.replace("\u00a0", "").replace("kr", "").replace("−", "-").strip())


def test_every_table_adds_up_as_printed(context: Any) -> None:
    summary = context.values["sammanfattning"]
    results = [_kr(r["resultat"]) for r in summary["rader"]]
    assert _kr(summary["summa"]["resultat"]) == sum(results)
    for part in context.values["uppdrag"]:
        economy = part["ekonomi"]
        for column in ("intakter", "kostnader", "resultat"):
            printed = [_kr(r[column]) for r in economy["rader"]]
            assert _kr(economy["summa"][column]) == sum(printed), column
        for row in economy["rader"]:
            assert _kr(row["intakter"]) - _kr(row["kostnader"]) == _kr(row["resultat"])


def test_a_bedomning_without_sammantrade_is_marked_forslag(follow: FollowRepo) -> None:
    follow.change("bedomning-2027.yaml", "sammanträde: 2028-03-16", "")
    assessment = follow_up(2027, per=PER, root=follow.root).assessment
    values = build_follow_up_context(assessment, BOARD).values
    assert values["markering"] == "FÖRSLAG"
    assert values["sammantrade"] == ""


def test_the_example_with_its_meeting_is_not_marked(context: Any) -> None:
    assert context.values["markering"] == ""
    assert "16\u00a0mars 2028" in context.values["sammantrade"]
    assert context.markdown["forslag_hemtjanst_norr"].startswith("1. Socialnämnden godkänner")


def test_a_boards_name_becomes_a_file_name() -> None:
    assert board_slug("Socialnämnden") == "socialnamnden"
    assert board_slug("Nämnden för Äldre & LSS") == "namnden-for-aldre-lss"


# The built documents ------------------------------------------------------------------------


def _archive(tmp: Path) -> Path:
    root = tmp / "kommun"
    shutil.copytree(PROJECT / "uppdrag", root / "uppdrag")
    shutil.copytree(PROJECT / "uppfoljning", root / "uppfoljning")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require("soffice")
    root = _archive(tmp_path_factory.mktemp("samlad"))
    report = build_follow_up(2027, per=PER, root=root)
    assert report.ok, (report.failed, report.pdf_problem)
    assert report.built == [NAME]
    return root / "build" / "uppfoljning"


def _text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


@pytest.mark.slow
def test_the_word_document_has_the_eight_parts(built: Path) -> None:
    document = Word(str(built / f"{NAME}.docx"))
    text = _text(document)
    assert text.count("1. Sammanfattning") == 1
    for heading in (
        "2. Mål",
        "3. Kvalitetskriterier",
        "4. Likvärdighet",
        "5. Ekonomi enligt öppna böcker",
        "6. Volymer",
        "7. Rapportering",
        "8. Förvaltningens sammanfattning och förslag till beslut",
    ):
        assert text.count(heading) == 2, heading  # one per uppdrag
    assert "2027-T3 | R1 | 15,4 personer | delvis uppfyllt" in text
    assert "Beräknad bedömning för året: delvis uppfyllt. Förvaltningens bedömning: uppfyllt." in (
        text
    )
    agreed = "Beräknad bedömning för året: uppfyllt. Förvaltningen gör ingen annan bedömning."
    assert agreed in text
    assert "Förvaltningens bedömning: –" not in text
    assert "Attendo Hemtjänst AB | 16 personer | ej uppfyllt" in text
    assert "−49\u00a0631\u00a0kr | underskott" in text
    assert "R3 (ekonomi) | 2027-K4 | 2028-01-20 | 2028-01-22 | försenad, 2 dagar" in text
    assert "Socialnämnden ger förvaltningen i uppdrag att följa upp kostnaden per timme" in text
    summa = "Summa | 2 av 6 | 2 av 4 uppfyllda | 358\u00a0817\u00a0kr | 2 försenade, 0 saknas"
    assert summa in text
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Linköpings kommun" in header and "Uppföljning 2027" in header
    descriptions = [
        d.get("descr") for d in document.element.body.iter() if d.tag.endswith("}docPr")
    ]
    assert len(descriptions) == 12  # eleven of the follow-up, hemtjanst-norr's cost per unit
    assert all(d and len(d) > 80 for d in descriptions)


@pytest.mark.slow
def test_the_pdf_is_archival_tagged_and_its_figures_have_alt_text(built: Path) -> None:
    pdf_path = built / f"{NAME}.pdf"
    assert archival_problems(pdf_path) == []
    with pikepdf.open(pdf_path) as pdf:
        assert claim(pdf) == "2B"
        figures = [e for e in elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
        alts = [str(f.get("/Alt", "")) for f in figures]
    assert len(alts) == 12
    assert any(a.startswith("Linjediagram över KK1 Personalkontinuitet") for a in alts)
    assert any(a.startswith("Stapeldiagram över kostnad och pris per utförd timme") for a in alts)
    assert any("underskott" in a for a in alts)
    require("pdftotext")
    done = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True)
    text = done.stdout.decode()
    assert "Uppföljning av verksamhetsuppdragen 2027" in text
    assert "Sida 1 (" in text
    assert "försenad, 2 dagar" in text


@pytest.mark.slow
def test_the_same_inputs_give_the_same_docx_and_an_unchanged_one_is_not_rebuilt(
    tmp_path: Path,
) -> None:
    root = _archive(tmp_path)
    first = build_follow_up(2027, BuildOptions(pdf=False), per=PER, root=root)
    data = (root / "build" / "uppfoljning" / f"{NAME}.docx").read_bytes()
    again = build_follow_up(2027, BuildOptions(pdf=False), per=PER, root=root)
    assert (first.built, again.skipped) == ([NAME], [NAME])
    forced = build_follow_up(2027, BuildOptions(pdf=False, force=True), per=PER, root=root)
    assert forced.built == [NAME]
    assert (root / "build" / "uppfoljning" / f"{NAME}.docx").read_bytes() == data
    report = root / "uppfoljning" / "hemtjanst-norr" / "R1-2027-T2.yaml"
    report.write_text(changed(report.read_text(encoding="utf-8"), "14.8", "14.9"), "utf-8")
    assert build_follow_up(2027, BuildOptions(pdf=False), per=PER, root=root).built == [NAME]
    assert build_follow_up(
        2027, BuildOptions(pdf=False), per=dt.date(2028, 3, 2), root=root
    ).built == [NAME]


@pytest.mark.slow
def test_a_selection_of_uppdrag_never_takes_the_place_of_the_whole_document(
    tmp_path: Path,
) -> None:
    root = _archive(tmp_path)
    folder = root / "build" / "uppfoljning"
    build_follow_up(2027, BuildOptions(pdf=False), per=PER, root=root)
    whole = (folder / f"{NAME}.docx").read_bytes()
    part = build_follow_up(
        2027, BuildOptions(pdf=False), per=PER, root=root, ids=["hemtjanst-norr"]
    )
    assert part.built == [f"{NAME}-hemtjanst-norr"]
    assert (folder / f"{NAME}.docx").read_bytes() == whole
    text = "\n".join(p.text for p in Word(folder / f"{NAME}-hemtjanst-norr.docx").paragraphs)
    assert "Hemtjänst i egen regi" in text
    assert "Boendestöd" not in text


HOSTILE = '{{ 7 * 7 }} {%p if x %} &amp; "citat" ${HOME} {_{ x }_}'


@pytest.mark.slow
def test_hostile_text_in_a_motivering_is_shown_literally(follow: FollowRepo, in_dir: Any) -> None:
    follow.change(
        "bedomning-2027.yaml",
        "motivering: Avvikelsen under tertial 1",
        f"motivering: '{HOSTILE} Avvikelsen under tertial 1",
    )
    follow.change("bedomning-2027.yaml", "åtgärdades direkt.", "åtgärdades direkt.'")
    in_dir(follow.root)
    result = CliRunner().invoke(main, ["uppföljning", "2027", "--per", "2028-03-01", "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert f"Skrev build/uppfoljning/{NAME}.docx" in result.stdout
    text = _text(Word(str(follow.root / "build" / "uppfoljning" / f"{NAME}.docx")))
    assert f"Förvaltningens motivering: {HOSTILE} Avvikelsen" in text
    assert "49" not in text.split("Förvaltningens motivering:")[1][:12]


@pytest.mark.slow
def test_a_bedomning_naming_a_meeting_puts_the_document_in_its_bundle(tmp_path: Path) -> None:
    from uppdrag_docs.build.meeting import build_meeting

    require("soffice")
    root = _archive(tmp_path)
    report = build_meeting(dt.date(2028, 3, 16), root=root)
    assert report.ok and report.folder is not None
    names = sorted(p.name for p in report.folder.iterdir())
    assert names == ["handlingar.pdf", "manifest.json", f"{NAME}.docx", f"{NAME}.pdf"]
    manifest = json.loads((report.folder / "manifest.json").read_text(encoding="utf-8"))
    (listed,) = manifest["ärenden"]
    assert listed["titel"] == "Uppföljning av verksamhetsuppdragen 2027"
    assert listed["källa"] == [
        "uppfoljning/boendestod-socialpsykiatri/bedomning-2027.yaml",
        "uppfoljning/hemtjanst-norr/bedomning-2027.yaml",
    ]
    bundle = report.folder / "handlingar.pdf"
    assert archival_problems(bundle) == []
    with pikepdf.open(bundle) as pdf:
        outline = [str(item.title) for item in pdf.open_outline().root]
        alts = [
            str(e.get("/Alt", ""))
            for e in elements(pdf.Root.StructTreeRoot)
            if e.get("/S") == "/Figure"
        ]
    assert "Ärende 1: Uppföljning av verksamhetsuppdragen 2027" in outline
    assert len(alts) == 12 and all(alts)


def test_a_missing_period_is_a_gap_said_in_words(follow: FollowRepo) -> None:
    """The spec's four files alone: R1's T2 and T3 are due by `per` and missing."""
    assessment = follow_up(2027, per=PER, root=follow.root).assessment
    norr = _part(build_follow_up_context(assessment, BOARD), "hemtjanst-norr")
    kk1 = norr["kriterier"][0]
    assert [(p["period"], p["varde"], p["bedomning"]) for p in kk1["perioder"]] == [
        ("2027-T1", "14,2 personer", "uppfyllt"),
        ("2027-T2", "–", "ej redovisat"),
        ("2027-T3", "–", "ej redovisat"),
    ]
    alt = kk1["diagram"].alt
    assert "2027-T2 ej redovisat; 2027-T3 ej redovisat" in alt
    assert ("R1 (kvalitet)", "2027-T2", "saknas") in [
        (r["rapport"], r["period"], r["status"]) for r in norr["rapporter"]
    ]


@pytest.mark.slow  # matplotlib's import alone is most of a second
def test_the_same_data_give_the_same_png_without_software_or_date(context: Any) -> None:
    chart = _part(context, "hemtjanst-norr")["kriterier"][0]["diagram"]
    first, second = chart.draw(), chart.draw()
    assert first == second and first.startswith(b"\x89PNG")
    assert b"Software" not in first and b"matplotlib" not in first


def test_a_namnd_without_uppdrag_is_said(follow: FollowRepo, in_dir: Any) -> None:
    in_dir(follow.root)
    args = ["uppföljning", "2027", "--per", "2028-03-01", "--nämnd", "Kulturnämnden"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "inget uppdrag till Kulturnämnden följs upp 2027" in result.output


@pytest.mark.slow  # matplotlib
def test_a_long_criterion_name_is_shortened_to_fit_the_chart() -> None:
    from uppdrag_docs.render import charts

    figure, axes = charts._figure()
    name = "KK3 Larmåtgärd inom trettio minuter " + "från det att larmet har gått " * 8 + "2027"
    shown = charts._title(axes, name)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    assert axes.title.get_window_extent(renderer).x1 <= figure.bbox.x1
    assert shown.endswith("…") and name.startswith(shown.removesuffix("…").rstrip())
    assert charts._title(axes, "KK1 Personalkontinuitet 2027") == "KK1 Personalkontinuitet 2027"


def test_a_negative_amount_is_drawn_below_zero_not_cut_off() -> None:
    from uppdrag_docs.render import charts

    low, high = charts._money_limits([25.6, -64.3], [25.3, 25.6])
    assert low < -64.3 and high > 25.6
    assert charts._money_limits([25.6], [25.3])[0] == 0


def test_twelve_months_fit_under_a_chart() -> None:
    """Twelve "2027-M01" side by side overlapped into one unreadable line."""
    from uppdrag_docs.render import charts

    months = [f"2027-M{m:02d}" for m in range(1, 13)]
    reported = [m != 6 for m in range(1, 13)]
    labels = charts._period_labels(months, reported, "ej redovisat")
    assert labels[:2] == ["M01", "M02"] and labels[5] == "M06\nej\nredovisat"
    tertials = ["2027-T1", "2027-T2", "2027-T3"]
    assert charts._period_labels(tertials, [True, False, True], "ej redovisat") == [
        "2027-T1",
        "2027-T2\nej redovisat",
        "2027-T3",
    ]


@pytest.mark.slow  # matplotlib
def test_dollar_signs_in_a_name_are_drawn_as_written_never_as_mathtext() -> None:
    """matplotlib reads text between two $ as TeX: a name could fail the build or draw other
    characters than it has."""
    from uppdrag_docs.render import charts

    name = r"KK3 Larmåtgärd $\frac{1}{0 och ^^ $ x 2027"
    png = charts.line_chart(name, ["2027-T1"], charts.Series([93.1], ["93,1 $"]), [])
    assert png.startswith(b"\x89PNG")
    figure, axes = charts._figure()
    assert charts._title(axes, "$x^2$") == "$x^2$"
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    text = axes._left_title  # the title drawn at the left
    assert text.get_text() == "$x^2$" and not text._preprocess_math("$x^2$")[1]
    assert text.get_window_extent(renderer).width > 0


def test_a_negative_likvardighet_value_is_drawn_below_zero() -> None:
    """All-negative values gave the bar chart a y axis from 0 down to below 0, upside down."""
    from uppdrag_docs.render import charts

    low, high = charts._bar_limits([-3.0, -5.0, None], [])
    assert low < -5.0 and high >= 0
    assert charts._bar_limits([14.8, 16.0], [15.0]) == (0, 16.0 * 1.18)


@pytest.mark.slow
def test_a_namnd_with_an_uppdrag_left_out_for_its_errors_gets_no_document(
    tmp_path: Path,
) -> None:
    """The document would say nothing of the uppdrag, yet count it in the utförare's result."""
    root = _archive(tmp_path)
    folder = root / "build" / "uppfoljning"
    build_follow_up(2027, BuildOptions(pdf=False), per=PER, root=root)
    whole = (folder / f"{NAME}.docx").read_bytes()
    review = root / "uppfoljning" / "hemtjanst-norr" / "bedomning-2027.yaml"
    review.write_text(review.read_text(encoding="utf-8") + "okänd_nyckel: 1\n", encoding="utf-8")
    report = build_follow_up(2027, BuildOptions(pdf=False), per=PER, root=root)
    assert list(report.refused) == ["hemtjanst-norr"]
    assert report.built == [] and "hemtjanst-norr" in report.failed[NAME]
    assert (folder / f"{NAME}.docx").read_bytes() == whole
