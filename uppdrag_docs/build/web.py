"""`uppdrag webb`: the public register built into its folder, whole or not at all.

The site is made in a staging folder beside `--out` (`build/staging.py`), every file with its
sha256 and size in the site's own `manifest.json` together with one fingerprint of everything it
was made from (the files read, the PDFs, the tool, `--bas-url`); the manifest names no input
file, since the site is public. Only then is the folder renamed into place, so a reader sees the
old site or the new one, never a mix. When the fingerprint equals the manifest's and the files
are as it says, nothing is written. An error in what the register publishes from stops the
build before anything is written (`web/publish.py`), and the previous site stays whole.

The PDFs are copied from the documents' build folder when its manifest says they were built
from the uppdrag file as it is now, and only those of a published uppdrag.

A run holds the lock (`lock.py`) of the folder the site is staged in (`build/` by default, where
`uppdrag build` writes the PDFs it copies) and of the repository from before it looks at the
previous site until the new one is in place: two `webb` runs, or `webb` beside `build`, wait for
each other instead of mixing a folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from uppdrag_docs.build.manifest import MANIFEST, Manifest
from uppdrag_docs.build.staging import Staging, made_for_a_run
from uppdrag_docs.errors import UppdragError, UsageError
from uppdrag_docs.files import display_path, os_error_text, sha256_file
from uppdrag_docs.format.repository import UPPDRAG_DIR, UPPFOLJNING_DIR, refuse_source
from uppdrag_docs.lock import hold, quiet
from uppdrag_docs.version import TOOL
from uppdrag_docs.web.names import CASE, DECISION

if TYPE_CHECKING:
    from uppdrag_docs.web.publish import Register

Progress = Callable[[str], None]
KIND = "uppdrag-docs register"
COMMAND = "uppdrag webb"
DOCUMENT_NAMES = {DECISION: "{id}.pdf", CASE: "{id}-tjansteskrivelse.pdf"}


@dataclass
class WebReport:
    out: Path
    unchanged: bool = False
    pages: int = 0
    data_files: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    register: Register | None = None


def default_out(root: Path) -> Path:
    return root / "build" / "webb"


def build_web(
    root: Path,
    *,
    out: Path | None = None,
    base_url: str | None = None,
    progress: Progress | None = None,
) -> WebReport:
    """Build the register of the repository at `root` into `out` (default `build/webb/`)."""
    say = progress or quiet
    started = time.perf_counter()
    out = out or default_out(root)
    _refuse_sources(out, root)
    beside = _target(out).parent  # where the new site is staged and renamed into place
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(made_for_a_run(beside))
        except OSError as exc:
            raise UppdragError(
                f"registret kunde inte skrivas till {display_path(out)}: {os_error_text(exc)}"
            ) from exc
        stack.enter_context(hold((beside, root), COMMAND, say))  # another webb, or a build
        return _build(root, out, base_url, say, started)


def _build(root: Path, out: Path, base_url: str | None, say: Progress, started: float) -> WebReport:
    previous = _previous(out)
    documents, pdfs = current_documents(root)
    fingerprint = _fingerprint(root, base_url, pdfs)
    report = WebReport(out)
    if (
        previous is not None
        and previous.get("fingeravtryck") == fingerprint
        and _holds(out, previous)
    ):
        report.unchanged = True
        report.seconds = time.perf_counter() - started
        return report
    from uppdrag_docs.web.publish import gather  # read, checked and drawn only when needed
    from uppdrag_docs.web.site import render_site

    register = gather(root, documents=documents)
    report.register = register
    say(f"Läser {register.files_read} uppdrag och {register.follow_up_files} uppföljningsfiler")
    url = base_url or register.web.base_url
    if url is not None and not url.endswith("/"):
        raise UsageError(f"--bas-url {url} ska sluta med '/'")
    site = render_site(register, base_url=url)
    files = dict(site.files)
    for item in register.uppdrag:  # an utkast's or förslag's PDFs never: only what is published
        for kind in sorted(item.documents):
            name = DOCUMENT_NAMES[kind].format(id=item.id)
            files[f"dokument/{name}"] = pdfs[name].read_bytes()
    files[MANIFEST] = _manifest(files, fingerprint)
    report.warnings = [*register.warnings, *site.warnings]
    _write(out, files)
    report.pages, report.data_files = site.pages, site.data_files
    report.seconds = time.perf_counter() - started
    return report


def _refuse_sources(out: Path, root: Path) -> None:
    target, top = out.resolve(), root.resolve()
    if target == top or target in top.parents:
        raise UsageError(
            f"--out {out} innehåller arkivet; välj en egen mapp, till exempel build/webb"
        )
    refuse_source(out, root, option="--out", instead="välj en egen mapp, till exempel build/webb")


def _previous(out: Path) -> dict[str, object] | None:
    """The manifest of the site in `out`, or None when there is none; an error when `out` is
    something else, which is never replaced."""
    if not out.exists():
        return None
    if not out.is_dir():
        raise UppdragError(
            f"{display_path(out)} är en fil, inte en mapp; välj en annan mapp med --out"
        )
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if isinstance(data, dict) and data.get("slag") == KIND:
        return data
    if not any(out.iterdir()):
        return None
    raise UppdragError(
        f"{display_path(out)} finns redan men är inte ett register som uppdrag webb har byggt "
        "(manifest.json saknas), så mappen ersätts inte; välj en annan mapp med --out"
    )


def _holds(out: Path, manifest: dict[str, object]) -> bool:
    files = manifest.get("filer")
    if not isinstance(files, dict):
        return False
    for name, entry in files.items():
        path = out / name
        if not isinstance(entry, dict) or not path.is_file():
            return False
        if path.stat().st_size != entry.get("storlek"):
            return False
    return True


def current_documents(root: Path) -> tuple[dict[str, frozenset[str]], dict[str, Path]]:
    """Which PDFs of each uppdrag in `build/` were made from its file as it is now, and where."""
    folder = root / "build"
    try:
        manifest = Manifest(folder, root)
    except UppdragError:
        return {}, {}
    found: dict[str, frozenset[str]] = {}
    paths: dict[str, Path] = {}
    for ident, entry in manifest.previous.items():
        source = entry.get("källa")
        inputs = entry.get("indata", {})
        outputs = entry.get("utdata", {})
        if not isinstance(source, str) or not isinstance(inputs, dict):
            continue
        path = root / source
        if not path.is_file() or inputs.get(source) != sha256_file(path):
            continue
        kinds = set()
        for kind, pattern in DOCUMENT_NAMES.items():
            name = pattern.format(id=ident)
            recorded = outputs.get(name) if isinstance(outputs, dict) else None
            pdf = folder / name
            if (
                isinstance(recorded, dict)
                and pdf.is_file()
                and sha256_file(pdf) == recorded.get("sha256")
            ):
                kinds.add(kind)
                paths[name] = pdf
        if kinds:
            found[ident] = frozenset(kinds)
    return found, paths


def _inputs(root: Path) -> Iterator[Path]:
    for folder in (root / UPPDRAG_DIR, root / UPPFOLJNING_DIR):
        if folder.is_dir():
            yield from sorted(p for p in folder.rglob("*.yaml") if p.is_file())


def _fingerprint(root: Path, base_url: str | None, pdfs: dict[str, Path]) -> str:
    """One sha256 of everything the site is made from; it names no file in the output."""
    digest = hashlib.sha256()
    digest.update(f"{TOOL}\0{base_url or ''}\0".encode())
    package = Path(str(resources.files("uppdrag_docs.web")))
    for path in sorted(package.rglob("*")):  # the generator itself: its templates and code
        if path.is_file() and path.suffix in (".py", ".html", ".css"):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    for path in _inputs(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes() + b"\0")
        except OSError as exc:  # reading the uppdrag reports it, as a finding
            digest.update(f"{exc.errno}\0".encode())
    for name, path in sorted(pdfs.items()):
        digest.update(f"{name}\0{sha256_file(path)}\0".encode())
    return digest.hexdigest()


def _manifest(files: dict[str, bytes], fingerprint: str) -> bytes:
    listed = {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "storlek": len(data)}
        for name, data in sorted(files.items())
    }
    document = {"slag": KIND, "fingeravtryck": fingerprint, "filer": listed}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _target(named: Path) -> Path:
    """The folder the site goes to: where a link named with --out leads, the link staying."""
    return Path(os.path.realpath(named)) if named.is_symlink() else named


def _write(named: Path, files: dict[str, bytes]) -> None:
    """Every file into a new folder beside `named`, then that folder renamed into place; a
    link named with --out stays, and the site goes where it leads."""
    out = _target(named)
    try:
        with Staging(out.parent) as staging:
            site = staging / "webb"
            for name, data in files.items():
                path = site / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            old = staging / "förra"
            if out.exists():
                os.replace(out, old)
            try:
                os.replace(site, out)
            except OSError:
                if old.exists():
                    os.replace(old, out)
                raise
    except OSError as exc:
        raise UppdragError(
            f"registret kunde inte skrivas till {display_path(named)}: {os_error_text(exc)}; "
            "förra versionen finns kvar"
        ) from exc
