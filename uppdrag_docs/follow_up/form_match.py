"""Whether a filled form is the form of the uppdrag, report and period its hidden sheet names.

The hidden sheet says where the answers go; what the form shows says what they are. A hidden
sheet changed by hand, or copied from another form, would write a unit's values into another
uppdrag's report, in another unit of measure. So the form must match the uppdrag it names by
its content: the uppdrag and the period in its heading, the enhet of each criterion and of
each volume post; a mismatch is an error at its cell (UD434). Criteria, reports and posts the
uppdrag does not have are the report file's own errors (`consistency.py`), said at their
cells too. A form made from another version of the files it was made from (the uppdrag, the
shared catalogue of criteria, the index) is a warning that names the files and what changed
(UD432): the targets and names may have moved, the unit of a value may not.
"""

from __future__ import annotations

import re

from uppdrag_docs import codes
from uppdrag_docs.errors import UppdragError
from uppdrag_docs.files import display_path
from uppdrag_docs.findings import Finding
from uppdrag_docs.follow_up import form_layout as layout
from uppdrag_docs.follow_up.money import variable_item
from uppdrag_docs.follow_up.periods import report_period
from uppdrag_docs.follow_up.readback import ReadForm
from uppdrag_docs.quoting import quoted
from uppdrag_docs.swedish import listing
from uppdrag_docs.trust.checks import LoadedUppdrag

_SHOWN = 80
"""How much of a heading a message quotes."""


def check_form(form: ReadForm, loaded: LoadedUppdrag) -> list[Finding]:
    """The errors of a form that is not what its hidden sheet says, and UD432."""
    return _content(form, loaded) + _version(form, loaded)


def _content(form: ReadForm, loaded: LoadedUppdrag) -> list[Finding]:
    data = form.data or {}
    uppdrag = loaded.uppdrag
    again = (
        f"gör en ny med uppdrag blankett {uppdrag.id} {data.get('rapport')} {data.get('period')}"
    )
    heading = f"{layout.REPORT_SHEET}!A2"
    made_for = layout.uppdrag_of(form.headings.get(heading, ""))
    if made_for != uppdrag.id:
        said = (
            f"för {made_for}" if made_for else f"utan uppdrag ({_quoted(form.headings[heading])})"
        )
        return [  # all the rest is another uppdrag's too: one error says it
            form.at(
                heading,
                codes.FORM_MISMATCH,
                f"blanketten är gjord {said} enligt sin rubrik, men dess dolda blad anger "
                f"{uppdrag.id}; {again}",
            )
        ]
    out: list[Finding] = []
    try:
        report, key, due = report_period(uppdrag, str(data["rapport"]), str(data["period"]))
    except UppdragError:
        report = None  # a report or period the uppdrag does not have: the report file's error
    if report is not None:
        expected = (
            (f"{layout.REPORT_SHEET}!A1", layout.title_line(report.id, key, "")),
            (f"{layout.REPORT_SHEET}!A3", layout.period_span(due)),
        )
        for cell, start in expected:
            if not form.headings.get(cell, "").startswith(start):
                out.append(
                    form.at(
                        cell,
                        codes.FORM_MISMATCH,
                        f"blanketten är gjord för en annan rapport eller period "
                        f"({_quoted(form.headings.get(cell, ''))}) än {report.id} {key}, "
                        f"{due.start.isoformat()}–{due.end.isoformat()}, som dess dolda blad "
                        f"anger; {again}",
                    )
                )
    rel = display_path(loaded.path)
    units = {c.id: c.target.unit or "" for c in loaded.criteria}
    for ident, described in form.criteria.items():
        unit = units.get(ident)
        if unit is not None and unit != described.unit:
            out.append(
                form.at(
                    f"{layout.OUTCOME_SHEET}!D{described.row}",
                    codes.FORM_MISMATCH,
                    f"{ident} mäts i {_unit(unit)} enligt {rel}, men blanketten anger "
                    f"{_unit(described.unit)}; ett värde i en annan enhet kan inte läsas in, "
                    f"{again}",
                )
            )
    for post, described in form.posts.items():
        item = variable_item(uppdrag, post)
        if item is not None and item.unit != described.unit:
            out.append(
                form.at(
                    f"{layout.VOLUME_SHEET}!C{described.row}",
                    codes.FORM_MISMATCH,
                    f"posten {post} räknas i {_unit(item.unit)} enligt {rel}, men blanketten "
                    f"anger {_unit(described.unit)}; {again}",
                )
            )
    return out


def _quoted(text: str) -> str:
    """The first sentence of a heading, quoted and shortened."""
    first = re.split(r"(?<=[.:]) ", text, maxsplit=1)[0]
    return quoted(first, _SHOWN) if first else "tom rubrik"


def _unit(unit: str) -> str:
    return f"'{unit}'" if unit else "ingen enhet"


def _version(form: ReadForm, loaded: LoadedUppdrag) -> list[Finding]:
    """UD432 when the form was made from other versions of its files: which, and what changed."""
    changed = [
        str(display_path(path))
        for key, (path, digest) in layout.made_from(loaded).items()
        if form.made_from.get(key) != digest
    ]
    if not changed:
        return []
    data = form.data or {}
    report = next((r for r in loaded.uppdrag.reports if r.id == data.get("rapport")), None)
    changes: list[str] = []
    if report is not None:
        now = {c.id: (c.name, layout.target_text(c)) for c in layout.carried(loaded, report)}
        for ident, was in form.criteria.items():
            if ident not in now:
                changes.append(f"{ident} redovisas inte längre i {report.id}")
                continue
            labels = ("namn", "målvärde")
            for label, before, after in zip(
                labels, (was.name, was.target), now[ident], strict=True
            ):
                if before != after:
                    changes.append(f"{ident} {label} '{before}' → '{after}'")
        changes += [f"{ident} är nytt i {report.id}" for ident in now if ident not in form.criteria]
        compensation = loaded.uppdrag.compensation
        if form.cost_kinds and compensation is not None:
            kinds = list(compensation.cost_shares)
            if kinds != form.cost_kinds:
                changes.append(f"kostnadsslagen är nu {listing(kinds)}")
    what = (
        "; ändrat sedan dess: " + "; ".join(changes)
        if changes
        else "; kriterierna och kostnadsslagen i blanketten är desamma"
    )
    return [
        form.at(
            f"{layout.META_SHEET}!B{layout.META_KEYS.index(layout.HASH) + 1}",
            codes.FORM_OTHER_VERSION,
            f"blanketten är gjord från en annan version av {listing(changed)}{what}",
        )
    ]
