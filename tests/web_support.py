"""A kommun repository with the project's example uppdrag and follow-up, for the register's tests.

Of the examples, boendestod-socialpsykiatri is fastställt with its 2027 follow-up taken by the
nämnd on 2028-03-16; the others are utkast or förslag, and hemtjanst-norr (a förslag) has
follow-up files of its own that must never reach the register.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from uppdrag_docs.build.web import WebReport, build_web

PROJECT = Path(__file__).resolve().parents[1]
PUBLISHED = "boendestod-socialpsykiatri"
WITHHELD = (
    "hemtjanst-norr",
    "socialjour",
    "arbetsmarknadsinsatser",
    "vard-och-omsorgsboende-ost",
    "lss-daglig-verksamhet",
    "lss-gruppbostader-vast",
    "lss-korttidsvistelse",
)


@dataclass
class SiteRepo:
    root: Path

    @property
    def out(self) -> Path:
        return self.root / "build" / "webb"

    def path(self, relative: str) -> Path:
        return self.root / relative

    def change(self, relative: str, old: str, new: str, count: int = 1) -> str:
        path = self.path(relative)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} finns inte i {relative}"
        text = text.replace(old, new, count)
        path.write_text(text, encoding="utf-8")
        return text

    def build(self, **kwargs: object) -> WebReport:
        return build_web(self.root, **kwargs)  # type: ignore[arg-type]

    def files(self) -> dict[str, bytes]:
        return {
            p.relative_to(self.out).as_posix(): p.read_bytes()
            for p in sorted(self.out.rglob("*"))
            if p.is_file()
        }

    def page(self, name: str) -> str:
        return (self.out / name).read_text(encoding="utf-8")

    def documents_built(self, *idents: str) -> None:
        """`build/` as `uppdrag build` leaves it: each uppdrag's decision document and
        tjänsteskrivelse in PDF, recorded in its manifest as made from the file as it is now."""
        folder = self.root / "build"
        folder.mkdir(parents=True, exist_ok=True)
        entries = {}
        for ident in idents:
            source = f"uppdrag/{ident}.yaml"
            outputs = {}
            for name in (f"{ident}.pdf", f"{ident}-tjansteskrivelse.pdf"):
                data = f"%PDF-1.7 {name}".encode()
                (folder / name).write_bytes(data)
                outputs[name] = {"sha256": hashlib.sha256(data).hexdigest(), "storlek": len(data)}
            digest = hashlib.sha256(self.path(source).read_bytes()).hexdigest()
            entries[ident] = {"källa": source, "indata": {source: digest}, "utdata": outputs}
        manifest = {"verktyg": "uppdrag-docs test", "uppdrag": entries}
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def example_repository(tmp_path: Path) -> SiteRepo:
    root = tmp_path / "kommun"
    shutil.copytree(PROJECT / "uppdrag", root / "uppdrag")
    shutil.copytree(PROJECT / "uppfoljning", root / "uppfoljning")
    return SiteRepo(root)


def visible_text(page: str) -> str:
    """A page's text as a reader sees it: tags out, the five entities back."""
    text = re.sub(r"<[^>]+>", " ", page)
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&#34;", '"'), ("&#39;", "'")):
        text = text.replace(entity, char)
    return " ".join(text.replace("&amp;", "&").split())
