"""Print the CHANGELOG.md section of one version, as the notes of its release.

Run by `.github/workflows/utgava.yml` for a tag such as v0.2.0:

    python3 tools/release_notes.py v0.2.0 > anteckningar.md

A tag without its section stops the release (exit code 1): the changelog is written before the
tag, not after. Only the standard library is used, so it runs before anything is installed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CHANGELOG = Path(__file__).resolve().parents[1] / "CHANGELOG.md"
HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?\s*$")


def section(text: str, version: str) -> str | None:
    """The lines under `## [version] - date`, up to the next version's heading."""
    lines: list[str] | None = None
    for line in text.splitlines():
        match = HEADING.match(line)
        if match and lines is not None:
            break
        if match and match["version"] == version and match["date"]:
            lines = []
        elif lines is not None and not re.match(r"^\[[^\]]+\]: ", line):
            lines.append(line)
    return None if lines is None else "\n".join(lines).strip() + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("Användning: python3 tools/release_notes.py vX.Y.Z", file=sys.stderr)
        return 2
    version = argv[0].removeprefix("v")
    notes = section(CHANGELOG.read_text(encoding="utf-8"), version)
    if notes is None:
        print(
            f"CHANGELOG.md har inget avsnitt '## [{version}] - ÅÅÅÅ-MM-DD': skriv ändringarna "
            "under den rubriken (i stället för 'Ej utgivet') innan versionen taggas.",
            file=sys.stderr,
        )
        return 1
    sys.stdout.write(notes)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
