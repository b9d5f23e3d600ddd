"""`uppdrag webb`: the public register, built or previewed."""

from __future__ import annotations

import sys
import threading
from decimal import Decimal
from pathlib import Path

import click

from uppdrag_docs.cli.base import CONTEXT, handled
from uppdrag_docs.cli.commands import main
from uppdrag_docs.cli.printing import say as say_line


@main.command(context_settings=CONTEXT)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    metavar="MAPP",
    help="Mappen som registret byggs i (standard: build/webb/).",
)
@click.option(
    "--bas-url",
    "base_url",
    metavar="URL",
    help="Adressen där mappen publiceras, med / sist; i stället för webb.bas_url i kommun.yaml.",
)
@click.option("--serve", is_flag=True, help="Förhandsvisa på 127.0.0.1 och bygg om vid ändringar.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Porten för --serve; 0 väljer en ledig.",
)
@handled
def webb(out: Path | None, base_url: str | None, serve: bool, port: int) -> None:
    """Bygg det öppna registret: en statisk webbplats med öppna data (riktlinjen 2.3).

    Varje fastställt uppdrag får en sida med beslutet, kvalitetskriterierna, ersättningen
    och varje år av uppföljningen som nämnden har fått; verksamhetsområden och utförare får
    sidor där egen regi och de upphandlade utförarna jämförs med samma kriterier. Utkast och
    förslag publiceras aldrig, inte heller ett värde från färre än fem svar. Öppna data blir
    CSV och JSON med en katalog för dataportal.se (DCAT-AP-SE), och tillgänglighets-
    redogörelsen görs av webb i kommun.yaml.

    Webbplatsen byggs i en ny mapp bredvid MAPP och byts sedan mot den gamla, så en läsare
    ser aldrig en blandning. Ett fel i det som publiceras stoppar bygget (slutstatus 1), och
    förra webbplatsen finns kvar.

    --serve visar registret på http://127.0.0.1:PORT/ och bygger om när en fil i uppdrag/,
    uppfoljning/ eller build/ ändras; öppna sidor laddas om.

    \b
    Exempel:
      uppdrag webb
      uppdrag webb --out public --bas-url https://kommun.github.io/uppdrag/
      uppdrag webb --serve
    """
    from uppdrag_docs.build.web import default_out
    from uppdrag_docs.format.repository import find_root

    root = find_root(Path.cwd())
    folder = out or default_out(root)
    ok = _build(root, folder, base_url)
    if not serve:
        sys.exit(0 if ok else 1)
    if not ok and not (folder / "index.html").is_file():
        sys.exit(1)
    _serve(root, folder, base_url, port)


def _build(root: Path, folder: Path, base_url: str | None) -> bool:
    """One build with its progress and warnings on standard error; False on errors."""
    from uppdrag_docs.build.web import build_web
    from uppdrag_docs.files import display_path
    from uppdrag_docs.web.names import PublishError

    def say(message: str) -> None:
        say_line(message, err=True)

    try:
        report = build_web(root, out=folder, base_url=base_url, progress=say)
    except PublishError as exc:
        from uppdrag_docs.cli.findings import findings_text

        click.echo(
            findings_text(exc.findings, len({f.path for f in exc.findings}), "text"), nl=False
        )
        say_line(
            f"uppdrag: fel: {exc}; webbplatsen i {display_path(folder)} är oförändrad", err=True
        )
        return False
    shown = f"{display_path(folder)}/"
    if report.unchanged:
        say(f"Webbplatsen är oförändrad ({shown})")
        return True
    register = report.register
    assert register is not None
    repealed = f" ({register.repealed} upphävda)" if register.repealed else ""
    say(
        f"Publicerar {len(register.uppdrag)} uppdrag{repealed}; {register.withheld} utkast och "
        "förslag publiceras inte"
    )
    for year, count in register.years_published().items():
        say(f"{year} är redovisad för nämnden i {count} uppdrag")
    for warning in report.warnings:
        say(f"varning: {warning}")
    from uppdrag_docs.swedish import number

    seconds = number(Decimal(f"{report.seconds:.1f}"), decimals=1)
    say(f"Skrev {report.pages} sidor och {report.data_files} datafiler till {shown} på {seconds} s")
    return True


def _serve(root: Path, folder: Path, base_url: str | None, port: int) -> None:
    from uppdrag_docs.build.serve import HOST, Preview, server, watch

    preview = Preview(folder)
    httpd = server(preview, port)
    chosen = httpd.server_address[1]
    click.echo(f"Förhandsvisning på http://{HOST}:{chosen}/index.html (Ctrl+C avslutar)", err=True)
    stop = threading.Event()

    def rebuild() -> None:
        if _build(root, folder, base_url):
            preview.built()

    watcher = threading.Thread(target=watch, args=(root, folder, rebuild, stop), daemon=True)
    watcher.start()
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        click.echo("Förhandsvisningen är avslutad", err=True)
    finally:
        stop.set()
        httpd.server_close()
