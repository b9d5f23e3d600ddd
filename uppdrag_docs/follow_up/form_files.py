"""`uppdrag blankett` on disk: which forms to write, where, and never over a filled-in one.

Every form is made (`forms.form_bytes`) and looked at before the first one is written; two that
would be one file are an error naming both; a form already there with answers in it is kept
unless the user asks for a blank one; the looking and writing hold the repository's lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl.utils.exceptions import IllegalCharacterError

from uppdrag_docs.errors import UppdragError, UsageError
from uppdrag_docs.files import (
    display_path,
    os_error_text,
    remove_leftovers,
    write_atomic,
    write_output,
)
from uppdrag_docs.follow_up.form_layout import FORMS_DIR, filled
from uppdrag_docs.follow_up.forms import FormRequest, form_bytes
from uppdrag_docs.follow_up.periods import report_period
from uppdrag_docs.format.repository import find_root, load_shared, refuse_source
from uppdrag_docs.lock import Say, hold, quiet
from uppdrag_docs.names import clashes, form_name
from uppdrag_docs.trust.calculated import find_uppdrag
from uppdrag_docs.trust.checks import LoadedUppdrag, load_uppdrag


def write_forms(
    start: Path,
    targets: Sequence[tuple[str, str, str]],
    *,
    out: Path | None = None,
    replace_filled: bool = False,
    say: Say = quiet,
) -> list[Path]:
    """Write the form of each (uppdrag, rapport, period); `out` only when there is one form.

    A form that is already there and filled in (an input cell differs from the new blank) is
    never replaced by a blank one unless `replace_filled`: a unit's answers may be in it, not
    yet read in. Every form is made and looked at before the first one is written, two that
    would be one file are an error naming both, and the looking and writing hold the lock.
    """
    root = find_root(start)
    if out is not None:
        _check_out(out, root)
    shared = load_shared(root)
    made: list[tuple[Path, bytes]] = []
    claims: list[tuple[str, str]] = []
    cache: dict[str, LoadedUppdrag] = {}
    for ident, report_id, period_text in targets:
        loaded = cache.get(ident) or _load(ident, start, shared)
        cache[ident] = loaded
        report, key, due = report_period(loaded.uppdrag, report_id, period_text)
        request = FormRequest(loaded, report, key, due)
        path = out if out is not None else root / FORMS_DIR / form_name(ident, report.id, str(key))
        claims.append((path.name, f"{ident} {report.id} {key}"))
        try:
            made.append((path, form_bytes(request)))
        except IllegalCharacterError:
            rel = display_path(loaded.path)
            raise UppdragError(
                f"{rel} har ett styrtecken som inte kan stå i en Excel-fil; rätta det först "
                f"(uppdrag check {rel} säger var)"
            ) from None
    if found := clashes(claims):
        raise UppdragError(f"ingen blankett skrevs: {found[0].text()}")
    with hold((root,), "uppdrag blankett", say):
        remove_leftovers(root / FORMS_DIR)
        if not replace_filled:
            _refuse_filled(made)
        for path, data in made:
            try:
                (write_atomic if out is None else write_output)(path, data)
            except OSError as exc:
                raise UppdragError(
                    f"{display_path(path)} kan inte skrivas: {os_error_text(exc)}"
                ) from exc
    return [path for path, _ in made]


def _refuse_filled(made: Sequence[tuple[Path, bytes]]) -> None:
    kept = [(path, why) for path, data in made if (why := filled(path, data))]
    if kept:
        raise UppdragError(
            f"{'en blankett' if len(kept) == 1 else f'{len(kept)} blanketter'} finns redan med "
            "svar i och ersätts inte med en tom:",
            details=[
                *(f"  {display_path(path)}: {why}" for path, why in kept),
                "läs in den med uppdrag inläs eller flytta den först, eller gör om den tom med "
                "--ersätt",
            ],
        )


def _check_out(out: Path, root: Path) -> None:
    """`--out` is an .xlsx file outside the kommun's sources: never an uppdrag or a report."""
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"--out ska vara en .xlsx-fil, inte {out.name}")
    refuse_source(
        out,
        root,
        option="--out",
        instead="blanketten ska ligga utanför, till exempel i build/blanketter/",
    )


def _load(ident: str, start: Path, shared: Any) -> LoadedUppdrag:
    """The uppdrag, refused as the build refuses it: a form sent to a unit from a file with
    errors (an index above 1, say) would lack the decided amounts the unit reports against."""
    loaded, findings = load_uppdrag(find_uppdrag(ident, start), shared)
    if loaded is None:
        raise UppdragError(
            "uppdraget följer inte formatet; rätta det först:",
            details=[f.displayed().text() for f in findings if f.is_error],
        )
    if errors := [f for f in (*shared.findings, *findings) if f.is_error]:
        raise UppdragError(
            "uppdraget eller de gemensamma filerna har fel, så ingen blankett skrevs; "
            "rätta dem först:",
            details=[f.displayed().text() for f in errors],
        )
    return loaded
