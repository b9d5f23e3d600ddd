"""The `uppdrag` group, and the commands on files: check, schema, new and textconv.

Commands are thin: they parse, call one core function, print and exit. Core modules are
imported inside the commands, so `uppdrag --help` starts without pydantic or the rendering
stack. Every command runs through `handled` (cli/base.py), which turns our errors into a Swedish
message and an exit code, never a traceback. The other commands are in `making.py` (calc,
build) and `reviewing.py` (diff, uppföljning).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from uppdrag_docs.cli.base import CONTEXT, DEBUG, Date, Group, handled
from uppdrag_docs.cli.printing import say

PER_HELP = "Dagen som avgör vilka rapporter som ska ha lämnats (ÅÅÅÅ-MM-DD; standard: i dag)."


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`--version`, said as click's own option says it, with the version looked up only then:
    importlib.metadata, which finds it, took a third of the time of `uppdrag --help`."""
    if not value or ctx.resilient_parsing:
        return
    from uppdrag_docs.version import __version__

    click.echo(f"uppdrag, version {__version__}")
    ctx.exit()


@click.group(cls=Group, context_settings=CONTEXT)
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Visa versionen och avsluta.",
)
@click.option(
    "--debug",
    is_flag=True,
    help="Visa hela förloppet (traceback) när verktyget självt fallerar.",
)
def main(debug: bool) -> None:
    """Verksamhetsuppdrag till egen regi: kontrollera, räkna och bygg beslutsdokument.

    Varje uppdrag är en YAML-fil i mappen uppdrag/. Kommandona hittar arkivets rot genom att
    gå uppåt från den angivna sökvägen till mappen som innehåller uppdrag/gemensamt/.

    \b
    Exempel:
      uppdrag init exempelby              ett nytt arkiv för en kommuns uppdrag
      uppdrag check                       kontrollera alla uppdrag
      uppdrag calc hemtjanst-norr         visa ersättningen per år
      uppdrag new daglig-verksamhet-syd   skapa ett nytt uppdrag
      uppdrag build                       bygg beslutsdokumenten i build/
      uppdrag blankett hemtjanst-norr R1 2028-T1
                                          en Excel-blankett för en rapport att fylla i
      uppdrag uppföljning 2027            den samlade redovisningen av ett år till nämnden
    """
    DEBUG["on"] = debug


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[SÖKVÄG]...")
@click.option("--strict", is_flag=True, help="Låt även varningar ge felkod.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github", "gitlab", "sarif"]),
    default="text",
    show_default=True,
    help="text för terminalen, json för program, github för GitHub Actions, gitlab för GitLabs "
    "Code Quality, sarif för GitHubs code scanning.",
)
@click.option(
    "--koder",
    "list_codes",
    is_flag=True,
    help="Lista alla koder med allvarlighet, betydelse och avsnitt i riktlinjen, och avsluta.",
)
@click.option("--per", type=Date(), metavar="DATUM", help=PER_HELP)
@handled
def check(
    paths: tuple[Path, ...],
    strict: bool,
    output_format: str,
    list_codes: bool,
    per: dt.date | None,
) -> None:
    """Kontrollera uppdrag och uppföljning mot formatet och riktlinjen.

    SÖKVÄG är filer eller mappar (standard: uppdrag/ och uppfoljning/). Varje fynd skrivs
    som fil:rad:kolumn: fel|varning KOD: mening (riktlinjen avsnitt). Alla fynd i alla filer
    redovisas samtidigt. Rapporter som skulle ha lämnats senast --per och saknas är
    varningar.

    Slutstatus: 0 utan fel (varningar tillåtna), 1 med fel, 2 vid felaktigt anrop.

    \b
    Exempel:
      uppdrag check
      uppdrag check uppdrag/hemtjanst-norr.yaml --strict
      uppdrag check --format github
      uppdrag check --format gitlab > gl-code-quality-report.json
      uppdrag check --per 2028-03-01
      uppdrag check --koder
    """
    from uppdrag_docs.cli.findings import codes_text, findings_text
    from uppdrag_docs.follow_up.periods import today
    from uppdrag_docs.follow_up.review import check as run_check

    if list_codes:
        if paths or strict:
            raise click.UsageError("--koder listar koderna och kontrollerar inga filer")
        if output_format not in ("text", "json"):
            raise click.UsageError("--koder skrivs som text eller json")
        click.echo(codes_text(output_format), nl=False)
        return

    result = run_check(list(paths), per=per or today())
    findings = [f.displayed() for f in result.findings]
    click.echo(findings_text(findings, len(result.files), output_format), nl=False)
    failed = result.has_errors or (strict and bool(findings))
    sys.exit(1 if failed else 0)


@main.command(context_settings=CONTEXT)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Skriv till filen i stället för till standard ut.",
)
@click.option(
    "--typ",
    "kind",
    type=click.Choice(
        [
            "uppdrag",
            "kommun",
            "upprakning",
            "kvalitetskriterier",
            "standardkostnader",
            "rapport",
            "likvardighet",
            "bedomning",
        ]
    ),
    default="uppdrag",
    show_default=True,
    help="Filen schemat gäller: ett uppdrag, en av de gemensamma filerna i uppdrag/gemensamt/, "
    "eller en rapport, likvärdighet eller bedömning i uppfoljning/.",
)
@handled
def schema(output: Path | None, kind: str) -> None:
    """Skriv JSON Schema (draft 2020-12) för en uppdragsfil, en gemensam fil eller en
    uppföljningsfil.

    Redigerare med YAML-språkservern använder schemat för att föreslå och kontrollera nycklar
    och värden, med samma regler för tal, datum och ja/nej som 'uppdrag check'. Arkivets
    .vscode/settings.json knyter varje mapp till sitt schema i schema/; uppdrag och rapporter
    som 'uppdrag new' skriver pekar dessutom på sitt med en första rad som
    '# yaml-language-server: $schema=../schema/uppdrag.schema.json'.

    \b
    Exempel:
      uppdrag schema -o schema/uppdrag.schema.json
      uppdrag schema --typ kommun -o schema/kommun.schema.json
      uppdrag schema --typ rapport -o schema/uppfoljning-rapport.schema.json
    """
    from uppdrag_docs.errors import UppdragError
    from uppdrag_docs.files import os_error_text, write_output
    from uppdrag_docs.format.json_schema import schema_text
    from uppdrag_docs.format.repository import refuse_source

    text = schema_text(kind)
    if output is None:
        click.echo(text, nl=False)
        return
    refuse_source(
        output, None, option="-o", instead="schemat ska ligga i en egen mapp, som schema/"
    )
    try:
        write_output(output, text.encode())
    except OSError as exc:
        raise UppdragError(f"{output} kan inte skrivas: {os_error_text(exc)}") from exc
    say(f"Skrev {output}", err=True)  # standard out may be where the schema went


@main.command(context_settings=CONTEXT)
@click.argument("ident", metavar="ID")
@click.option(
    "--year",
    "--år",
    "year",
    type=int,
    metavar="ÅR",
    help="Första året i perioden (standard: nästa år).",
)
@click.option("--rapport", "report", metavar="RAPPORT", help="Skapa en rapport för uppdraget ID.")
@click.option("--period", metavar="PERIOD", help="Med --rapport: perioden, t.ex. 2027-T1.")
@handled
def new(ident: str, year: int | None, report: str | None, period: str | None) -> None:
    """Skapa uppdrag/ID.yaml: ett giltigt skelett med kommentarer på varje fält.

    ID är gemena bokstäver a–z, siffror och bindestreck. En befintlig fil skrivs aldrig över.

    Med --rapport och --period skapas i stället ett skelett för en rapport till det befintliga
    uppdraget ID, uppfoljning/ID/RAPPORT-PERIOD.yaml, med kriterierna, målvärdena, sista
    inlämningsdag och de beslutade beloppen som kommentarer. Fälten som ska fyllas i är tomma,
    så uppdrag check säger vad som saknas tills rapporten är ifylld.

    \b
    Exempel:
      uppdrag new daglig-verksamhet-syd
      uppdrag new hemtjanst-syd --år 2028
      uppdrag new hemtjanst-norr --rapport R1 --period 2027-T2
    """
    from uppdrag_docs.files import display_path

    if report is not None or period is not None:
        from uppdrag_docs.follow_up.skeleton import write_report_skeleton

        if report is None or period is None or year is not None:
            raise click.UsageError("en rapport skapas med både --rapport och --period, utan --år")
        path = write_report_skeleton(Path.cwd(), ident, report, period)
    else:
        from uppdrag_docs.format.skeleton import write_skeleton

        path = write_skeleton(Path.cwd(), ident, year=year)
    shown = display_path(path)
    say(f"Skapade {shown}. Fyll i fälten och kör 'uppdrag check {shown}'.")


@main.command(context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False), metavar="FIL")
@handled
def textconv(path: Path) -> None:
    """Skriv en uppdrags- eller uppföljningsfil i läsbar form, ett fält per rad, för git diff.

    Varje rad är fältets svenska nyckel och värde, med listornas poster namngivna efter
    sitt id (ett utfall efter sitt kriterium). git kör kommandot på varje version av filen
    när .gitattributes säger det (se README). En fil som inte är giltig YAML skrivs ut som
    den är.

    \b
    Exempel:
      uppdrag textconv uppdrag/hemtjanst-norr.yaml
      git config diff.uppdrag.textconv "uppdrag textconv"
    """
    from uppdrag_docs.diff.textconv import textconv as readable

    click.echo(readable(path), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
