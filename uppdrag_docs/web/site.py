"""The whole site as files: every page, the stylesheet and the open data, by path.

`render_site` makes the bytes of every file from a `Register`; it writes nothing and reads
nothing but the package's templates, so the same register gives the same bytes whatever the day,
machine, locale or output folder. The build (`build/web.py`) stages, copies the PDFs, records
and renames.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from uppdrag_docs.forked import run_shared
from uppdrag_docs.swedish import collation_key, date_text
from uppdrag_docs.web import dcat, html, standard
from uppdrag_docs.web.data import csv_bytes, json_bytes, rows
from uppdrag_docs.web.figures import Comparison, comparisons
from uppdrag_docs.web.pages import (
    Links,
    about_context,
    accessibility_context,
    area_context,
    provider_context,
    start_context,
)
from uppdrag_docs.web.publish import Published, Register
from uppdrag_docs.web.tables import TABLES, Table
from uppdrag_docs.web.uppdrag_page import uppdrag_context
from uppdrag_docs.web.words import PROCURED, slugs

STYLESHEET = "stil.css"
SHARED_FROM = 20
"""Files from which they are made in two processes (`forked.py`): the example's site of one
uppdrag, 23 files, is made about as fast either way, and 100 uppdrag (152 files) in about
three fifths of the time."""
NAV = ("uppdrag", "omraden", "utforare", "om", "data")


@dataclass
class Site:
    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(1 for name in self.files if name.endswith(".html"))

    @property
    def data_files(self) -> int:
        return sum(
            1 for name in self.files if name.startswith("data/") and not name.endswith(".html")
        )


def render_site(register: Register, *, base_url: str | None) -> Site:
    site = Site()
    compared = {item.id: list(comparisons(item, register.provider)) for item in register.uppdrag}
    links = Links(
        areas=slugs(item.uppdrag.area for item in register.uppdrag),
        providers=slugs(_providers(register, compared)),
    )
    common = _common(register)
    every_date = [d for item in register.uppdrag for d in item.dates]
    jobs: dict[str, Callable[[], bytes]] = {}
    """Each file by how it is made; `run_shared` makes them, shared with a child."""

    def page(
        path: str,
        template: str,
        title: str,
        dates: Sequence[dt.date],
        values: Callable[[], dict[str, Any]],
    ) -> None:
        depth = path.count("/")
        changed = max(dates, default=None)
        frame = {
            **common,
            "up": "../" * depth,
            "sidtitel": title,
            "andrad": date_text(changed) if changed else "",
            "andrad_iso": changed.isoformat() if changed else "",
        }
        jobs[path] = functools.partial(_render, template, frame, values)

    page(
        "index.html",
        "start.html",
        "Start",
        every_date,
        functools.partial(dict, nav="uppdrag", **start_context(register, links)),
    )
    for item in register.uppdrag:  # the pages' values are worked out where they are made
        page(
            f"uppdrag/{item.id}.html",
            "uppdrag.html",
            item.uppdrag.title,
            item.dates,
            functools.partial(_uppdrag_values, item, compared[item.id], links.areas),
        )
    for area, slug in links.areas.items():
        items = [i for i in register.uppdrag if i.uppdrag.area == area]
        cmps = [c for i in items for c in compared[i.id]]
        dates = [d for i in items for d in i.dates]
        page(
            f"omrade/{slug}.html",
            "omrade.html",
            area,
            dates,
            functools.partial(_area_values, area, items, cmps),
        )
    for name, slug in links.providers.items():
        all_cmps = [c for i in register.uppdrag for c in compared[i.id]]
        values = provider_context(name, register, all_cmps, links)
        dates = [
            d
            for i in register.uppdrag
            if i.uppdrag.title in {u["titel"] for u in values["uppdrag"]}
            for d in i.dates
        ]
        page(
            f"utforare/{slug}.html",
            "utforare.html",
            name,
            dates,
            functools.partial(dict, nav="utforare", f=values),
        )
    page(
        "om-uppgifterna.html",
        "om.html",
        "Om uppgifterna",
        every_date,
        functools.partial(dict, nav="om", a=about_context(register)),
    )
    a11y = register.web.accessibility
    page(
        "tillganglighet.html",
        "tillganglighet.html",
        "Tillgänglighetsredogörelse",
        [a11y.updated or a11y.assessed],
        functools.partial(dict, nav="", t=accessibility_context(register, common["webbplats"])),
    )
    found = rows(register, compared)
    tables = list(TABLES)
    standard_rows = [
        r
        for i in sorted(register.uppdrag, key=lambda p: p.id)
        if i.standard
        for r in standard.rows(i.id, i.standard)
    ]
    if standard_rows:  # no empty file for a kommun without standardkostnad
        found[standard.TABLE.name] = standard_rows
        tables.append(standard.TABLE)
    modified = _modified(register, found, tables)
    for table in tables:
        jobs[f"data/{table.name}.csv"] = functools.partial(csv_bytes, table, found[table.name])
        jobs[f"data/{table.name}.json"] = functools.partial(json_bytes, table, found[table.name])
    base = base_url
    if base is not None:
        jobs["data/dcat.rdf"] = functools.partial(dcat.catalogue, register, base, modified, tables)
    else:
        site.warnings.append(
            "ingen bas-URL (webb.bas_url i kommun.yaml eller --bas-url), så data/dcat.rdf "
            "skrivs inte och dataportal.se kan inte hämta katalogen"
        )
    page(
        "data/index.html",
        "data.html",
        "Öppna data",
        every_date,
        functools.partial(
            dict,
            nav="data",
            tabeller=[
                {
                    "namn": t.name,
                    "titel": t.title,
                    "rad": t.row,
                    "antal": len(found[t.name]),
                    "kolumner": t.columns,
                }
                for t in tables
            ],
            dcat=base is not None,
            licens=register.web.licence,
            licens_url=dcat.LICENCES[register.web.licence],
        ),
    )
    made = run_shared(list(jobs.values()), at_least=SHARED_FROM)
    site.files = dict(zip(jobs, made, strict=True))
    site.files[STYLESHEET] = html.asset(STYLESHEET)
    return site


def _render(template: str, frame: dict[str, Any], values: Callable[[], dict[str, Any]]) -> bytes:
    return html.render(template, {**frame, **values()})


def _area_values(area: str, items: list[Published], cmps: list[Comparison]) -> dict[str, Any]:
    return {"nav": "omraden", "o": area_context(area, items, cmps)}


def _uppdrag_values(
    item: Published, compared: list[Comparison], areas: dict[str, str]
) -> dict[str, Any]:
    return {"nav": "uppdrag", "u": uppdrag_context(item, compared, areas)}


def _common(register: Register) -> dict[str, Any]:
    web = register.web
    return {
        "webbplats": register.name,
        "kommun": register.kommun.name,
        "kontakt": {
            "namn": web.contact.name,
            "epost": web.contact.email,
            "telefon": web.contact.phone,
        },
    }


def _providers(register: Register, compared: dict[str, list[Comparison]]) -> list[str]:
    """The utförarförvaltning, and each upphandlad utförare in a published uppdrag's
    nulägesanalys or published likvärdighet."""
    names = {register.provider}
    own = {
        register.provider.casefold(),
        *(i.uppdrag.provider.name.casefold() for i in register.uppdrag),
    }
    for item in register.uppdrag:
        names |= {
            p.name for p in item.uppdrag.current_state.providers if p.name.casefold() not in own
        }
        names |= {r.name for c in compared[item.id] for r in c.rows if r.regi == PROCURED}
    return sorted(names, key=collation_key)


def _modified(
    register: Register, found: dict[str, list[dict[str, Any]]], tables: Sequence[Table]
) -> dict[str, dt.date | None]:
    """Each table's newest decision or sammanträde date."""
    by_id: dict[str, Published] = {i.id: i for i in register.uppdrag}
    out: dict[str, dt.date | None] = {}
    for table in tables:
        ids = {str(r["uppdrag_id"]) for r in found[table.name]}
        dates = [d for i in ids for d in by_id[i].dates]
        out[table.name] = max(dates, default=None)
    return out
