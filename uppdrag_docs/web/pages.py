"""What the register's other pages show: the start page, a verksamhetsområde, an utförare,
how to read the figures and the tillgänglighetsredogörelse, each as plain values for its
template (webb.md, "The pages")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from uppdrag_docs.format.words import COMPLIANCE
from uppdrag_docs.swedish import collation_key, date_iso, date_text, percent
from uppdrag_docs.web.figures import Comparison, fulfilled, year_figure
from uppdrag_docs.web.publish import Published, Register
from uppdrag_docs.web.uppdrag_page import cell_text, comparison_context, status_words
from uppdrag_docs.web.words import PROCURED


@dataclass(frozen=True)
class Links:
    """Every page of the site by what it shows: slugs decided once for the whole site."""

    areas: dict[str, str]
    providers: dict[str, str]


def start_context(register: Register, links: Links) -> dict[str, Any]:
    boards: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for item in register.uppdrag:
        uppdrag = item.uppdrag
        area = boards.setdefault(uppdrag.orderer.board, {}).setdefault(uppdrag.area, [])
        newest = item.years[0] if item.years else None
        result = ""
        if newest is not None:
            done, total = fulfilled(newest)
            result = f"{newest.year}: {done} av {total} kriterier uppfyllda"
        area.append(
            {
                "titel": uppdrag.title,
                "href": f"uppdrag/{item.id}.html",
                "period": f"{date_iso(uppdrag.period.start)} – {date_iso(uppdrag.period.end)}",
                "enhet": uppdrag.provider.unit or uppdrag.provider.name,
                "status": status_words(item),
                "resultat": result or "Ingen uppföljning redovisad för nämnden ännu",
            }
        )
    return {
        "namnder": [
            {
                "namn": board,
                "omraden": [
                    {"namn": a, "href": f"omrade/{links.areas[a]}.html", "uppdrag": items}
                    for a, items in sorted(areas.items(), key=lambda kv: collation_key(kv[0]))
                ],
            }
            for board, areas in sorted(boards.items(), key=lambda kv: collation_key(kv[0]))
        ],
        "omraden": [
            {"namn": a, "href": f"omrade/{s}.html"}
            for a, s in sorted(links.areas.items(), key=lambda kv: collation_key(kv[0]))
        ],
        "utforare": [
            {
                "namn": n + (" (egen regi)" if n == register.provider else ""),
                "href": f"utforare/{s}.html",
            }
            for n, s in sorted(links.providers.items(), key=lambda kv: collation_key(kv[0]))
        ],
        "antal": len(register.uppdrag),
    }


def area_context(
    name: str, items: list[Published], comparisons: list[Comparison]
) -> dict[str, Any]:
    return {
        "namn": name,
        "uppdrag": [
            {"titel": i.uppdrag.title, "href": f"../uppdrag/{i.id}.html", "status": status_words(i)}
            for i in items
        ],
        "jamforelser": [
            comparison_context(c, f"j-{n}") for n, c in enumerate(comparisons, start=1)
        ],
    }


def provider_context(
    name: str, register: Register, comparisons: list[Comparison], links: Links
) -> dict[str, Any]:
    own = name == register.provider
    tables = []
    items: list[Published] = []
    if own:
        items = list(register.uppdrag)
        for item in items:
            years = sorted(item.years, key=lambda y: y.year)
            if not years:
                continue
            rows = []
            for criterion in item.loaded.criteria:
                cells = []
                for year in years:
                    cy = next(c for c in year.assessment.criteria if c.criterion.id == criterion.id)
                    cells.append(cell_text(year_figure(cy)))
                rows.append({"namn": criterion.name, "celler": cells})
            tables.append(
                {
                    "caption": f"{item.uppdrag.title}: kriterierna per år",
                    "kolumner": [str(y.year) for y in years],
                    "rader": rows,
                }
            )
    else:
        for cmp in comparisons:
            row = next((r for r in cmp.rows if r.name == name and r.regi == PROCURED), None)
            if row is None:
                continue
            if cmp.item not in items:
                items.append(cmp.item)
            kept = [i for i, c in enumerate(row.cells) if c is not None]
            tables.append(
                {
                    "caption": f"{cmp.item.uppdrag.title}: {cmp.criterion.name}",
                    "kolumner": [cmp.columns[i].words for i in kept],
                    "rader": [
                        {
                            "namn": cmp.criterion.name,
                            "celler": [cell_text(row.cells[i]) for i in kept],
                        }
                    ],
                }
            )
    areas = sorted({i.uppdrag.area for i in items}, key=collation_key)
    return {
        "namn": name,
        "regi": "Egen regi, kommunens utförarförvaltning" if own else "Upphandlad utförare",
        "omraden": [{"namn": a, "href": f"../omrade/{links.areas[a]}.html"} for a in areas],
        "uppdrag": [{"titel": i.uppdrag.title, "href": f"../uppdrag/{i.id}.html"} for i in items],
        "tabeller": tables,
    }


def about_context(register: Register) -> dict[str, Any]:
    margin = register.kommun.follow_up.partial_margin
    low = 95 * (1 - margin)
    return {
        "marginal": percent(margin),
        "exempel": (
            f"Ett kriterium med målvärdet minst 95 procent är uppfyllt vid 95 procent eller mer, "
            f"delvis uppfyllt från {str(low).rstrip('0').rstrip('.').replace('.', ',')} procent "
            "upp till 95, och ej uppfyllt under det."
        ),
        "kontakt": register.web.contact.email,
        "egen_regi": register.provider,
    }


def accessibility_context(register: Register, name: str) -> dict[str, Any]:
    web = register.web
    a11y = web.accessibility
    feedback = web.feedback
    is_mail = "@" in feedback and not feedback.startswith("https://")
    return {
        "namn": name,
        "kommun": register.kommun.name,
        "forenlighet": a11y.compliance,
        "forenlighet_text": COMPLIANCE[a11y.compliance],
        "aterkoppling": feedback,
        "aterkoppling_href": f"mailto:{feedback}" if is_mail else feedback,
        "aterkoppling_epost": is_mail,
        "kontakt": {
            "namn": web.contact.name,
            "epost": web.contact.email,
            "telefon": web.contact.phone,
        },
        "brister": a11y.shortcomings,
        "betungande": a11y.burden,
        "utanfor": a11y.outside_law,
        "metod": a11y.method,
        "bedomd": date_text(a11y.assessed),
        "uppdaterad": date_text(a11y.updated or a11y.assessed),
    }
