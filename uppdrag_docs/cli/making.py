"""The commands that make something from the uppdrag: `uppdrag calc` and `uppdrag build`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from uppdrag_docs.cli.base import CONTEXT, Date, handled, timeout_option
from uppdrag_docs.cli.commands import main


@main.command(context_settings=CONTEXT)
@click.argument("target", required=False, metavar="[ID|SÖKVÄG]")
@click.option("--year", "--år", "year", type=int, metavar="ÅR", help="Visa bara det här året.")
@click.option(
    "--samlat",
    "--total",
    "whole",
    is_flag=True,
    help="Utförarens fastställda uppdrag summerade per år, i stället för ett uppdrag.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text för terminalen, json med exakta belopp för program.",
)
@handled
def calc(target: str | None, year: int | None, whole: bool, output_format: str) -> None:
    """Visa ersättningen per år, rad för rad, som i beslutsdokumentet.

    Beloppen visas i kr eller tkr enligt gemensamt/kommun.yaml. json ger varje rad som
    ett exakt decimaltal med etikett och källa i YAML-filen. Ett utkast eller förslag utan
    ersättning ger beskedet att ersättningen ännu inte är fastställd.

    --samlat summerar utförarförvaltningens fastställda uppdrag i arkivet per år:
    ersättning, förväntad kostnad och skillnad för varje uppdrag och totalt. Egenregin får
    inte gå med underskott räknat på helheten (riktlinjen 3.1; kontrollen UD309).

    \b
    Exempel:
      uppdrag calc hemtjanst-norr
      uppdrag calc uppdrag/hemtjanst-norr.yaml --år 2028 --format json
      uppdrag calc --samlat --år 2027
    """
    from uppdrag_docs.cli import output

    if whole:
        from uppdrag_docs.trust.calculated import provider_sum

        if target is not None:
            raise click.UsageError("--samlat summerar alla fastställda uppdrag; ange inget ID")
        summed = provider_sum()
        if output_format == "json":
            click.echo(output.provider_json(summed, year))
        else:
            output.print_provider_sum(summed, year)
        return
    if target is None:
        raise click.UsageError("ange ett uppdrag (ID eller SÖKVÄG), eller --samlat")
    from uppdrag_docs.trust.calculated import load_one

    item = load_one(target)
    rows = output.year_rows(item, year)
    if output_format == "json":
        click.echo(output.calculation_json(item, rows))
    else:
        output.print_calculation(item, rows)


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[SÖKVÄG]...")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Mappen för dokumenten (standard: build/ i arkivet).",
)
@click.option("--no-pdf", is_flag=True, help="Bygg bara Word-filerna, ingen PDF.")
@click.option("--force", is_flag=True, help="Bygg om allt, även det som inte har ändrats.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 32),
    metavar="N",
    default=2,
    show_default=True,
    help="Antal LibreOffice-processer som konverterar till PDF samtidigt.",
)
@click.option(
    "--meeting",
    "--sammanträde",
    "meeting",
    type=Date(),
    metavar="DATUM",
    help="Bygg handlingarna till nämndens sammanträde DATUM (ÅÅÅÅ-MM-DD) i "
    "MAPP/sammantrade-DATUM/.",
)
@click.option(
    "--board",
    "--organ",
    "board",
    metavar="NAMN",
    help="Med --meeting: bara uppdrag där beslut.organ är NAMN.",
)
@timeout_option
@click.option(
    "--changed-since",
    metavar="REVISION",
    help="Bygg bara uppdrag som har ändrats sedan git-revisionen, till exempel origin/main.",
)
@handled
def build(
    paths: tuple[Path, ...],
    out: Path | None,
    no_pdf: bool,
    force: bool,
    jobs: int,
    meeting: dt.date | None,
    board: str | None,
    timeout: float,
    changed_since: str | None,
) -> None:
    """Bygg beslutsdokument och rapporteringsmallar i Word och PDF.

    För varje uppdrag skapas <id>.docx, <id>.pdf, <id>-rapportering.docx,
    <id>-rapportering.pdf och <id>-rapportering.ics, och en manifest.json med
    kontrollsummor. Bara det som har ändrats byggs om. Ett uppdrag med fel byggs inte;
    de andra byggs ändå, och slutstatus blir 1.

    --meeting bygger uppdragen vars beslut.sammanträde är DATUM och lägger handlingarna i
    MAPP/sammantrade-DATUM/: handlingar.pdf med omslag, ärendeförteckning med sidnummer,
    varje beslutsdokument följt av sina bilagor och bokmärken, varje ärendes PDF och docx,
    och manifest.json med kontrollsummor, git-commit och verktygets version. Slutstatus
    blir 1 om inget uppdrag har det sammanträdet eller om något av dem inte kan byggas.

    --changed-since bygger bara de uppdrag vars fil eller bilagor skiljer sig från
    REVISION (ändringar som inte är incheckade räknas också); en ändring i
    uppdrag/gemensamt/ eller i mallarna bygger alla.

    \b
    Exempel:
      uppdrag build
      uppdrag build uppdrag/hemtjanst-norr.yaml --out /tmp/dokument
      uppdrag build --no-pdf --force
      uppdrag build --meeting 2026-12-14 --board Socialnämnden
      uppdrag build --changed-since origin/main
    """
    from uppdrag_docs.build.run import BuildOptions
    from uppdrag_docs.cli.progress import run_build, run_meeting

    if board is not None and meeting is None:
        raise click.UsageError("--board används bara tillsammans med --meeting")
    if meeting is not None:
        if paths or changed_since is not None:
            raise click.UsageError(
                "--meeting väljer själv sina uppdrag och kan inte kombineras med SÖKVÄG "
                "eller --changed-since"
            )
        if no_pdf:
            raise click.UsageError("--meeting behöver PDF och kan inte kombineras med --no-pdf")
        options = BuildOptions(out=out, pdf=True, force=force, jobs=jobs, timeout=timeout)
        sys.exit(run_meeting(meeting, options, board=board))
    if changed_since is not None and paths:
        raise click.UsageError("--changed-since väljer själv sina uppdrag; ange ingen SÖKVÄG")
    options = BuildOptions(out=out, pdf=not no_pdf, force=force, jobs=jobs, timeout=timeout)
    sys.exit(run_build(list(paths), options, changed_since=changed_since))
