"""A meeting's folder, OUT/sammantrade-DATE/: its files, its manifest, and replacing it whole.

The folder is assembled beside its final place and moved in at the end, so it is always the
previous folder or the new one. Since the previous one is removed whole, it must be one this
tool made: its `manifest.json` says so, names its files by plain names inside it, and the
folder holds nothing else. A folder with a file the manifest does not list (notes someone put
there), or a manifest that names a path outside the folder, is not replaced. The names of the
files are checked before anything is built: two ärenden, or an ärende and the bundle, that
would give one file name are an error naming both.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from uppdrag_docs import git
from uppdrag_docs.build.agenda import FollowUpItem, Item, relative
from uppdrag_docs.build.selection import Meeting
from uppdrag_docs.errors import MeetingError
from uppdrag_docs.files import display_path, plain_name
from uppdrag_docs.format.repository import TEMPLATES_DIR, UPPDRAG_DIR, UPPFOLJNING_DIR
from uppdrag_docs.names import BUNDLE, clashes
from uppdrag_docs.render.agenda import FOLLOW_UP_PART
from uppdrag_docs.render.follow_up import document_name
from uppdrag_docs.swedish import date_iso
from uppdrag_docs.version import TOOL, __version__

MANIFEST = "manifest.json"
UPPDRAG_FILES = ("-tjansteskrivelse.pdf", "-tjansteskrivelse.docx", ".pdf", ".docx")
"""An ärende's files in the folder, by the suffix after its uppdrag's id."""


def check_names(meeting: Meeting, root: Path) -> None:
    """Refuse a meeting whose files would share a name, before anything is built."""
    claims = [(BUNDLE, f"handlingarna ({BUNDLE})"), (MANIFEST, f"manifestet ({MANIFEST})")]
    for path in meeting.paths:
        source = relative(path, root)
        claims += [(f"{path.stem}{suffix}", source) for suffix in UPPDRAG_FILES]
    for at in meeting.follow_ups:
        name = document_name(meeting.board, at.year)
        source = f"den samlade redovisningen för {at.year}"
        claims += [(f"{name}.pdf", source), (f"{name}.docx", source)]
    found = clashes(claims)
    if found:
        raise MeetingError(
            f"handlingarna kan inte göras: {found[0].text()}; byt id på uppdraget så att "
            "varje fil får ett eget namn"
        )


def folder_files(
    bundle: bytes, items: list[Item], follow_ups: list[FollowUpItem]
) -> dict[str, bytes]:
    """Every file of the folder but the manifest, by name."""
    files = {BUNDLE: bundle}
    for item in items:
        files[f"{item.id}-tjansteskrivelse.pdf"] = item.case_pdf
        files[f"{item.id}-tjansteskrivelse.docx"] = item.case_docx
        files[f"{item.id}.pdf"] = item.pdf
        files[f"{item.id}.docx"] = item.docx
    for follow_up in follow_ups:
        files[f"{follow_up.name}.pdf"] = follow_up.pdf
        files[f"{follow_up.name}.docx"] = follow_up.docx
    return files


def kommun_name(items: list[Item], follow_ups: list[FollowUpItem]) -> str:
    """The kommun whose meeting it is, as its uppdrag's kommun.yaml or its follow-up names it."""
    if items:
        kommun = items[0].loaded.shared.kommun
        return kommun.name if kommun else ""
    return follow_ups[0].kommun if follow_ups else ""


def folder_manifest(
    meeting: Meeting,
    root: Path,
    items: list[Item],
    follow_ups: list[FollowUpItem],
    files: dict[str, bytes],
) -> bytes:
    """Checksums of every file, and where they came from: the commit, the tool, the sources."""
    commit = git.head_commit(root)
    uncommitted: list[str] = []
    if commit is not None:
        inputs = (f"{UPPDRAG_DIR}/", f"{TEMPLATES_DIR}/", f"{UPPFOLJNING_DIR}/")
        uncommitted = [p for p in git.changed_paths("HEAD", cwd=root) if p.startswith(inputs)]
    document = {
        "verktyg": TOOL,
        "version": __version__,
        "commit": commit,
        "ändrat_efter_commit": uncommitted,
        "kommun": kommun_name(items, follow_ups),
        "organ": meeting.board,
        "sammanträde": date_iso(meeting.date),
        "ärenden": [_item(item, root) for item in items]
        + [
            {
                "nr": f.number,
                "titel": f.title,
                "diarienummer": ", ".join(f.case_numbers),
                "slag": FOLLOW_UP_PART,
                "källa": list(f.sources),
                "sida": f.first_page,
                "sidor": f.pages,
            }
            for f in follow_ups
        ],
        "filer": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "storlek": len(data)}
            for name, data in sorted(files.items())
        },
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()


def _item(item: Item, root: Path) -> dict[str, Any]:
    return {
        "nr": item.number,
        "id": item.id,
        "titel": item.title,
        "diarienummer": item.loaded.uppdrag.case_number,
        "status": item.loaded.uppdrag.status,
        "källa": relative(item.loaded.path, root),
        "sida": item.first_page,
        "sidor": item.case_pages,
        "verksamhetsuppdrag": {
            "titel": item.loaded.uppdrag.title,
            "sida": item.decision_page,
            "sidor": item.pages,
        },
        "bilagor": [
            {
                "nr": a.number,
                "titel": a.title,
                "källa": relative(a.source, root),
                "sida": a.first_page,
                "sidor": a.pages,
            }
            for a in item.attachments
        ],
    }


def refuse_foreign(folder: Path) -> None:
    """A meeting's folder is replaced whole, so it must be one this tool made, holding only
    the files its manifest lists."""
    if not folder.exists() and not folder.is_symlink():
        return
    shown = display_path(folder)
    ending = "så den ersätts inte; flytta den eller välj en annan mapp med --out"
    if folder.is_symlink() or not folder.is_dir():
        raise MeetingError(f"{shown} är inte en mapp som uppdrag build har gjort, {ending}")
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None
    made = manifest.get("verktyg", "") if isinstance(manifest, dict) else ""
    if not str(made).startswith("uppdrag-docs "):
        raise MeetingError(f"{shown} finns redan men gjordes inte av uppdrag build, {ending}")
    listed = manifest.get("filer")
    if not isinstance(listed, dict) or not all(plain_name(n, nested=False) for n in listed):
        raise MeetingError(
            f"{shown}/{MANIFEST} nämner filer utanför mappen och är inte verktygets, {ending}"
        )
    for path in sorted(folder.iterdir()):
        if path.name != MANIFEST and (path.name not in listed or not path.is_file()):
            raise MeetingError(
                f"{shown} har {path.name}, som uppdrag build inte har gjort, {ending}"
            )


def replace_folder(folder: Path, files: dict[str, bytes], work: Path) -> None:
    """Write the files beside `folder`, then swap the whole folder in with two renames."""
    staging = work / "ny"
    staging.mkdir()
    for name, data in files.items():
        (staging / name).write_bytes(data)
    if folder.exists():
        os.replace(folder, work / "tidigare")  # removed with `work`
    os.replace(staging, folder)
