"""The commands that look back: `uppdrag diff` between versions, `uppdrag uppföljning` of a year."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from uppdrag_docs.cli.base import CONTEXT, Date, handled, timeout_option
from uppdrag_docs.cli.commands import PER_HELP, main
from uppdrag_docs.cli.printing import say


@main.command(context_settings=CONTEXT)
@click.argument("old", required=False, metavar="[GAMMAL")
@click.argument("new", required=False, metavar="[NY]]")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text för terminalen, markdown för en kommentar i en pull request, json för program.",
)
@click.option(
    "--redline",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="MAPP",
    help="Skriv <id>-andringar.docx och .pdf med ändringarna markerade, för varje ändrat uppdrag.",
)
@click.option("--exit-code", is_flag=True, help="Slutstatus 1 när något har ändrats, som git diff.")
@handled
def diff(
    old: str | None, new: str | None, output_format: str, redline: Path | None, exit_code: bool
) -> None:
    """Visa vad som har ändrats mellan två versioner av uppdragen.

    GAMMAL och NY är två git-revisioner (alla uppdrag under uppdrag/ jämförs, matchade på
    id, så en fil som bytt namn är en ändring), två filer, eller REVISION:SÖKVÄG. Med en
    revision jämförs den med arbetskatalogen; utan argument jämförs HEAD med
    arbetskatalogen, som git diff.

    Varje ändrat fält visas med sin svenska nyckel, före → efter, och ersättningen per år
    med skillnaden i kronor och procent och de rader i beräkningen som ändrades. En ändring
    i uppdrag/gemensamt/ visas med alla uppdrag den påverkar. Oförändrade uppdrag nämns inte.
    Ändrade filer i uppfoljning/ visas med uppföljningens ord: kriterium, period, värde och
    bedömning före → efter, och periodens resultat.

    \b
    Exempel:
      uppdrag diff
      uppdrag diff origin/main --format markdown
      uppdrag diff HEAD~1 HEAD --redline andringar/
      uppdrag diff main:uppdrag/hemtjanst-norr.yaml uppdrag/hemtjanst-norr.yaml
    """
    import os

    from uppdrag_docs.diff.changes import diff as compare
    from uppdrag_docs.diff.comment import render_markdown
    from uppdrag_docs.diff.formats import render_json, render_text

    result = compare(old, new)
    if output_format == "json":
        click.echo(render_json(result))
    elif output_format == "markdown":
        click.echo(render_markdown(result), nl=False)
    else:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        click.echo(render_text(result, color=color), nl=False, color=color)
    if redline is not None:
        from uppdrag_docs.redline.documents import write_redlines

        report = write_redlines(result, redline)
        for path in report.written:
            say(f"Skrev {path}", err=True)
        for ident, reason in report.skipped.items():
            say(f"Inget dokument med ändringar för {ident}: {reason}", err=True)
    sys.exit(1 if exit_code and result.changed else 0)


@main.command("uppföljning", context_settings=CONTEXT)
@click.argument("year", required=False, type=click.IntRange(1900, 2200), metavar="[ÅR]")
@click.option("--per", type=Date(), metavar="DATUM", help=PER_HELP)
@click.option("--json", "as_json", is_flag=True, help="Skriv bedömningen som JSON, inga dokument.")
@click.option(
    "--tabeller", is_flag=True, help="Skriv bedömningen som tabeller i terminalen, inga dokument."
)
@click.option("--no-pdf", "no_pdf", is_flag=True, help="Bara Word-dokumenten, ingen PDF.")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="MAPP",
    help="Mappen som dokumenten byggs i (standard: build/); de hamnar i MAPP/uppfoljning/.",
)
@click.option("--nämnd", "--namnd", "board", metavar="NÄMND", help="Bara den nämndens uppdrag.")
@click.option(
    "--uppdrag", "ids", multiple=True, metavar="ID", help="Bara det uppdraget (kan upprepas)."
)
@timeout_option
@handled
def follow_up(
    year: int | None,
    per: dt.date | None,
    as_json: bool,
    tabeller: bool,
    no_pdf: bool,
    out: Path | None,
    board: str | None,
    ids: tuple[str, ...],
    timeout: float,
) -> None:
    """Följ upp ett år: den samlade redovisningen till varje beställande nämnd.

    Läser uppfoljning/ (rapporterna, likvärdigheten och förvaltningens bedömning) för varje
    uppdrag som följs upp (fastställt, eller med rapporter) och vars period berör ÅR
    (standard: året före --per). En period räknas till året den slutar i; --per avgör vilka
    rapporter som ska ha lämnats. Ett uppdrag med fel, i sin egen fil eller i sina
    uppföljningsfiler, tas inte med: felen skrivs ut, slutstatus blir 1, och dess nämnd får
    ingen ny samlad redovisning förrän felen är rättade (den förra står kvar).

    Skriver build/uppfoljning/<nämnd>-<år>.docx och .pdf (PDF/A-2b, taggad): sammanfattning,
    mål, kvalitetskriterier med diagram, likvärdighet, ekonomi enligt öppna böcker, volymer,
    rapportering, förvaltningens sammanfattning och förslag till beslut. Ett dokument vars
    filer inte har ändrats sedan förra gången görs inte om. Med --uppdrag heter dokumentet
    <nämnd>-<år>-<id>.docx, så att ett urval aldrig tar helhetens plats. Med --json eller
    --tabeller skrivs bedömningen ut i stället. Kommandot heter också uppfoljning.

    \b
    Exempel:
      uppdrag uppföljning 2027 --per 2028-03-01
      uppdrag uppföljning 2027 --per 2028-03-01 --json
      uppdrag uppfoljning 2027 --uppdrag hemtjanst-norr --no-pdf
    """
    from uppdrag_docs.cli import follow_up as output
    from uppdrag_docs.follow_up.periods import today

    day = per or today()
    chosen_year = year or day.year - 1
    if as_json or tabeller:
        from uppdrag_docs.follow_up.review import follow_up as run

        result = run(chosen_year, per=day, ids=ids, board=board)
        if as_json:
            click.echo(output.assessment_json(result.assessment, result.combined))
        else:
            output.print_assessment(result.assessment)
        refused = result.refused
        ok = not refused
    else:
        from uppdrag_docs.build.follow_up import build_follow_up
        from uppdrag_docs.build.run import BuildOptions

        options = BuildOptions(
            out=out,
            pdf=not no_pdf,
            timeout=timeout,
            progress=lambda message: say(message, err=True),
        )
        built = build_follow_up(chosen_year, options, per=day, ids=ids, board=board)
        click.echo(output.build_summary(built))
        refused = built.refused
        ok = built.ok
    if refused:
        click.echo(output.refused_text(refused), err=True)
    if not ok:
        sys.exit(1)
