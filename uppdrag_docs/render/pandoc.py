"""Pandoc, run as little as possible: Markdown fields parsed into its JSON AST, cached.

Pandoc parses CommonMark once per document or build (all fields joined with unique marker
paragraphs, split again afterwards) and writes its JSON AST, which `render/markdown.py` turns
into Word paragraphs. ASTs are cached by sha256 in a `MarkdownCache` that a build shares
between documents (and `prefetch`es for all of them in one pandoc call).
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from uppdrag_docs.errors import UppdragError


@functools.cache
def _pandoc() -> str:
    found = shutil.which("pandoc")
    if found is None:
        try:
            import pypandoc

            found = str(pypandoc.get_pandoc_path())
        except OSError:
            found = None
    if not found:
        raise UppdragError(
            "Pandoc saknas. Installera pandoc för att kunna bygga dokument med Markdown-fält."
        )
    return found


@dataclass
class PandocStats:
    """How often pandoc ran for a cache, and for how long in total."""

    calls: int = 0
    texts: int = 0
    seconds: float = 0.0

    @property
    def ms_per_call(self) -> float:
        return 1000 * self.seconds / self.calls if self.calls else 0.0


class MarkdownCache:
    """Pandoc ASTs by sha256 of the text; one instance can serve every document of a build."""

    def __init__(self) -> None:
        self._blocks: dict[str, list[Any]] = {}
        self.stats = PandocStats()

    def blocks(self, text: str) -> list[Any]:
        self.prefetch([text])
        return self._blocks[_digest(text)]

    def prefetch(self, texts: Iterable[str]) -> None:
        """Parse every text not yet cached, all in one pandoc call."""
        missing = {_digest(t): t for t in texts if _digest(t) not in self._blocks}
        for key in [k for k, t in missing.items() if not t.strip()]:
            self._blocks[key] = []
            del missing[key]
        if not missing:
            return
        marker = "UDMARK" + hashlib.sha256("".join(missing).encode()).hexdigest()[:24] + "X"
        joined = "".join(f"{t}\n\n{marker}{i}\n\n" for i, t in enumerate(missing.values()))
        parts = _split(self._run(joined), marker, len(missing))
        if parts is None:  # a field swallowed a marker (unclosed fence, HTML block): go alone
            parts = [self._run(t) for t in missing.values()]
        self._blocks.update(zip(missing, parts, strict=True))
        self.stats.texts += len(missing)

    def _run(self, source: str) -> list[Any]:
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [_pandoc(), "--from=commonmark-raw_html", "--to=json"],
                input=source.encode(),
                capture_output=True,
                timeout=120,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise UppdragError(
                "Pandoc kunde inte köras eller svarade inte inom 120 sekunder"
            ) from exc
        self.stats.calls += 1
        self.stats.seconds += time.perf_counter() - started
        if done.returncode != 0:
            raise UppdragError(
                f"Pandoc kunde inte läsa ett Markdown-fält (felkod {done.returncode})"
            )
        blocks: list[Any] = json.loads(done.stdout)["blocks"]
        return blocks


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _split(blocks: list[Any], marker: str, count: int) -> list[list[Any]] | None:
    parts: list[list[Any]] = [[]]
    for block in blocks:
        if block["t"] == "Para" and block["c"] == [{"t": "Str", "c": f"{marker}{len(parts) - 1}"}]:
            parts.append([])
        else:
            parts[-1].append(block)
    return parts[:-1] if len(parts) == count + 1 and not parts[-1] else None
