"""`uppdrag textconv`: an uppdrag file as one line per field, for `git diff` and `git log -p`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from uppdrag_docs.diff.fields import build_tree, flatten, label
from uppdrag_docs.errors import UppdragError
from uppdrag_docs.files import os_error_text
from uppdrag_docs.format.document import read_document


def readable(data: Any) -> str:
    """A file's data as one line per field, `path: value`; long texts indented below."""
    lines: list[str] = []
    for path, value in flatten(build_tree(data)):
        if "\n" in value.text:
            lines.append(f"{label(path)}:")
            lines += [f"  {line}".rstrip() for line in value.text.splitlines()]
        else:
            lines.append(f"{label(path)}: {value.text}")
    return "\n".join(lines) + "\n"


def textconv(path: Path) -> str:
    """What git shows for an uppdrag file: its fields, or the text itself if it does not parse.

    git runs this on every version of a file, including broken ones, so it never fails on
    content: a file that is not valid YAML is shown as it is.
    """
    doc = read_document(path, root=None)
    if doc.data is None:
        try:
            return path.read_bytes().decode("utf-8", "replace")
        except OSError as exc:  # missing, a folder, unreadable: not content, but the file
            raise UppdragError(f"'{path}' kan inte läsas: {os_error_text(exc)}") from None
    return readable(doc.data)
