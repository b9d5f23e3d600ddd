"""The repository of uppdrag: where it is, which files it holds, and its shared files.

The root is the folder that holds `uppdrag/gemensamt/`, found by walking up from the paths given,
so a single file can be checked from anywhere inside (or outside) the repository.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from uppdrag_docs import codes
from uppdrag_docs.errors import RepositoryError, TemplateError, UppdragError, UsageError
from uppdrag_docs.files import os_error_text, refuse_link_out, tree_files
from uppdrag_docs.findings import Finding

if TYPE_CHECKING:  # the models are imported where the shared files are read: a no-op build
    # finds its files and templates here without pydantic
    from uppdrag_docs.format.document import Document
    from uppdrag_docs.format.kolada import Kolada
    from uppdrag_docs.format.shared import Indexation, Kommun, SharedCriterion
    from uppdrag_docs.format.standard import StandardCatalogue

UPPDRAG_DIR = "uppdrag"
SHARED_DIR = "gemensamt"
KOMMUN_FILE = "kommun.yaml"
INDEX_FILE = "upprakning.yaml"
CATALOGUE_FILE = "kvalitetskriterier.yaml"
STANDARD_FILE = "standardkostnader.yaml"
"""The standardkostnad catalogue: optional, as everything of standardkostnad.md is."""
KOLADA_FILE = "kolada.csv"
"""Kolada's figures, exported by the kommun: optional."""
UPPFOLJNING_DIR = "uppfoljning"
"""The follow-up files (outcomes, likvärdighet, bedömning), beside `uppdrag/`."""
TEMPLATES_DIR = "templates"
"""A kommun's own Word templates, beside `uppdrag/`, replace the packaged ones of the same name."""


DECISION_TEMPLATE = "verksamhetsuppdrag.docx"
REPORTING_TEMPLATE = "rapportering.docx"
CASE_TEMPLATE = "tjansteskrivelse.docx"
MEETING_TEMPLATE = "sammantrade.docx"
FOLLOW_UP_TEMPLATE = "uppfoljning.docx"
PACKAGED_TEMPLATES = (Path(__file__).parents[1] / TEMPLATES_DIR).resolve()
"""The templates packaged with the tool, which a kommun's own in `templates/` replace."""


def template_path(name: str, root: Path | None) -> Path:
    """The kommun's own template beside `uppdrag/` if it has one, else the packaged default."""
    if root is not None:
        local = root / TEMPLATES_DIR / name
        if os.path.lexists(local):  # a folder or a device in its place is refused when opened
            refuse_link_out(local, root)
            return local
    packaged = PACKAGED_TEMPLATES / name
    if not packaged.is_file():
        raise TemplateError(f"mallen '{name}' saknas i installationen ({packaged})")
    return packaged


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` that holds `uppdrag/gemensamt/`."""
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / UPPDRAG_DIR / SHARED_DIR).is_dir():
            return folder
    raise RepositoryError(
        f"hittar ingen mapp '{UPPDRAG_DIR}/{SHARED_DIR}/' i '{start}' eller någon mapp ovanför; "
        "kör kommandot i ett arkiv med uppdrag, eller ange en sökväg dit"
    )


def uppdrag_files(paths: Sequence[Path], root: Path) -> list[Path]:
    """The uppdrag files named by `paths` (files, or folders searched recursively)."""
    folder = root / UPPDRAG_DIR / SHARED_DIR
    shared = tuple({os.path.abspath(folder) + os.sep, str(folder.resolve()) + os.sep})
    found: dict[str, Path] = {}  # by where it is: a file named twice, spelt two ways, is one
    for path in paths:
        if path.is_dir():
            # a shared file is told as written (it may be a link), and also under where a link
            # named (`u` -> `uppdrag`) leads: the walk follows no link below it
            written, real = os.path.abspath(path), os.path.realpath(path)
            for candidate in tree_files(path, root):
                at = os.path.abspath(candidate)
                if not (at.startswith(shared) or (real + at[len(written) :]).startswith(shared)):
                    found.setdefault(at, candidate)
        elif path.exists():
            found.setdefault(os.path.abspath(path), path)
        else:
            raise RepositoryError(f"'{path}' finns inte")
    return list(found.values())


@dataclass
class Shared:
    """The files of `uppdrag/gemensamt/`, validated; a part is None when it is invalid (the
    standardkostnad catalogue and kolada.csv also when they are not there)."""

    root: Path
    kommun: Kommun | None
    indexation: Indexation | None
    catalogue: dict[str, SharedCriterion]
    documents: dict[str, Document] = field(default_factory=dict)
    standard: StandardCatalogue | None = None
    kolada: Kolada | None = None

    @property
    def findings(self) -> list[Finding]:
        kolada = self.kolada.findings if self.kolada is not None else []
        return [*(f for doc in self.documents.values() for f in doc.findings), *kolada]

    @property
    def paths(self) -> list[Path]:
        kolada = [self.kolada.path] if self.kolada is not None else []
        return [*(doc.path for doc in self.documents.values()), *kolada]


def standard_files(root: Path) -> list[Path]:
    """The standardkostnad's shared files that exist: the catalogue and kolada.csv."""
    folder = root / UPPDRAG_DIR / SHARED_DIR
    return [folder / name for name in (STANDARD_FILE, KOLADA_FILE) if (folder / name).is_file()]


def load_shared(root: Path) -> Shared:
    from uppdrag_docs.format.document import read_document
    from uppdrag_docs.format.kolada import read_kolada

    folder = root / UPPDRAG_DIR / SHARED_DIR
    docs: dict[str, Document] = {}
    for name in (KOMMUN_FILE, INDEX_FILE, CATALOGUE_FILE):
        path = folder / name
        if not os.path.lexists(path):  # a link or a device is refused by read_document
            raise RepositoryError(
                f"'{path}' saknas; den gemensamma filen behövs för att kontrollera"
            )
        docs[name] = read_document(path, root=root)
    if os.path.lexists(folder / STANDARD_FILE):
        docs[STANDARD_FILE] = read_document(folder / STANDARD_FILE, root=root)
    kolada = (
        read_kolada(folder / KOLADA_FILE, root) if os.path.lexists(folder / KOLADA_FILE) else None
    )
    return shared_from_documents(root, docs, kolada)


def shared_from_documents(
    root: Path, docs: dict[str, Document], kolada: Kolada | None = None
) -> Shared:
    """Validate the shared files, already parsed (from disk, or from git by `diff`)."""
    from uppdrag_docs.format.shared import Indexation, Kommun
    from uppdrag_docs.format.validation import validate

    kommun = validate(docs[KOMMUN_FILE], Kommun) if docs[KOMMUN_FILE].data is not None else None
    indexation = (
        validate(docs[INDEX_FILE], Indexation) if docs[INDEX_FILE].data is not None else None
    )
    catalogue = _catalogue(docs[CATALOGUE_FILE])
    standard = _standard(docs.get(STANDARD_FILE))
    return Shared(root, kommun, indexation, catalogue, docs, standard, kolada)


def _standard(doc: Document | None) -> StandardCatalogue | None:
    """The standardkostnad catalogue; each key but `källa` names a type in the key's form."""
    from uppdrag_docs.format.base import PATTERN_TEXT, TYPE_KEY_PATTERN
    from uppdrag_docs.format.standard import SOURCE_KEY, StandardCatalogue
    from uppdrag_docs.format.validation import validate

    if doc is None or doc.data is None:
        return None
    catalogue = validate(doc, StandardCatalogue)
    for key in doc.data if isinstance(doc.data, dict) else ():
        if key != SOURCE_KEY and not re.match(TYPE_KEY_PATTERN, str(key)):
            doc.findings.append(
                doc.finding(
                    (key,),
                    codes.WRONG_VALUE,
                    f"typen '{key}' {PATTERN_TEXT[TYPE_KEY_PATTERN]}",
                    key=True,
                )
            )
    return catalogue


def _catalogue(doc: Document) -> dict[str, SharedCriterion]:
    from uppdrag_docs.format.document import Document
    from uppdrag_docs.format.shared import SharedCriterion
    from uppdrag_docs.format.validation import validate

    if doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        doc.findings.append(
            doc.finding(
                (), codes.NOT_A_MAPPING, "katalogen ska vara en mappning från nyckel till kriterium"
            )
        )
        return {}
    out: dict[str, SharedCriterion] = {}
    for key in doc.data:
        entry = Document(
            path=doc.path,
            data=doc.data[key],
            values={k[1:]: v for k, v in doc.values.items() if k[:1] == (key,)},
            keys={k[1:]: v for k, v in doc.keys.items() if k[:1] == (key,)},
            invisible={k[1:]: v for k, v in doc.invisible.items() if k[:1] == (key,)},
        )
        if not isinstance(entry.data, dict):
            doc.findings.append(
                doc.finding((key,), codes.WRONG_VALUE, f"'{key}' ska vara ett kriterium")
            )
            continue
        criterion = validate(entry, SharedCriterion)
        for finding in entry.findings:
            doc.findings.append(finding)
        if criterion is not None:
            out[str(key)] = criterion
    return out


def common_root(paths: Iterable[Path]) -> Path:
    """The repository root for a set of paths: they must all lie in the same one."""
    roots = {find_root(p) for p in paths}
    if len(roots) > 1:
        raise RepositoryError(
            "sökvägarna ligger i olika arkiv: " + ", ".join(str(r) for r in sorted(roots))
        )
    return roots.pop()


SOURCE_FOLDERS = (UPPDRAG_DIR, TEMPLATES_DIR, UPPFOLJNING_DIR, ".git")
"""What the output folder may never be or lie in: the kommun's sources and git's own folder."""


def refuse_source(out: Path, root: Path | None, *, option: str, instead: str) -> None:
    """Refuse an output path that is, or lies in, one of the kommun's sources (a Swedish usage
    error that ends with `instead`, where to put it); links are followed to where they lead.
    Without a root, the repository around `out` if there is one (outside, there are none)."""
    if root is None:
        try:
            root = find_root(out)
        except RepositoryError:
            return
    target, top = out.resolve(), root.resolve()
    for name in SOURCE_FOLDERS:
        source = top / name
        if target == source or source in target.parents:
            raise UsageError(f"{option} {out} ligger i {name}/, bland källfilerna; {instead}")


def prepare_output(out: Path, root: Path) -> None:
    """Refuse an output folder among the sources, and create it; a Swedish error otherwise."""
    if out.resolve() == root.resolve():
        raise UsageError(
            f"--out {out} är arkivets rot; dokumenten ska ligga i en egen mapp, till exempel build/"
        )
    refuse_source(
        out,
        root,
        option="--out",
        instead="dokumenten ska ligga i en egen mapp, till exempel build/",
    )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UppdragError(f"{out} är ingen mapp; välj en annan mapp med --out") from None
    except OSError as exc:
        raise UppdragError(f"mappen {out} kan inte skapas: {os_error_text(exc)}") from exc
    if not os.access(out, os.W_OK | os.X_OK):
        raise UppdragError(f"mappen {out} går inte att skriva i: åtkomst nekas")
