"""The README's generated parts: the command reference (`--help`) and the table of codes.

Run `python -m tests.test_readme` to rewrite both after changing a command or a code.
"""

from __future__ import annotations

import re

import click
import pytest

from uppdrag_docs import codes
from uppdrag_docs.cli import main

from .conftest import PROJECT

README = PROJECT / "README.md"
START, END = "<!-- kommandon:start -->", "<!-- kommandon:end -->"
CODES_START, CODES_END = "<!-- koder:start -->", "<!-- koder:end -->"


def _help(command: click.Command, name: str, parent: click.Context | None = None) -> str:
    settings = {**command.context_settings, "terminal_width": 100}
    ctx = click.Context(command, info_name=name, parent=parent, **settings)
    return command.get_help(ctx)


def reference() -> str:
    root = click.Context(main, info_name="uppdrag", **main.context_settings)
    parts = ["### uppdrag\n\n```text\n" + _help(main, "uppdrag") + "\n```\n"]
    assert isinstance(main, click.Group)
    for name in sorted(main.commands):
        help_text = _help(main.commands[name], name, root)
        parts.append(f"### uppdrag {name}\n\n```text\n{help_text}\n```\n")
    return "\n".join(parts)


def _replaced(text: str, start: str, end: str, content: str) -> str:
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    assert pattern.search(text), f"README saknar {start}"
    return pattern.sub(lambda _: f"{start}\n{content}{end}", text)


def rewritten(text: str) -> str:
    text = _replaced(text, START, END, reference())
    return _replaced(text, CODES_START, CODES_END, codes.table())


def test_readme_reference_matches_help() -> None:
    text = README.read_text(encoding="utf-8")
    assert text == rewritten(text), "kör: python -m tests.test_readme"


def test_readme_table_of_codes_is_the_registry() -> None:
    """One row per code of the registry, in the README's section on the checks."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Kontrollerna", 1)[1].split("\n## ", 1)[0]
    assert f"{CODES_START}\n{codes.table()}{CODES_END}" in section, (
        "kör: python -m tests.test_readme"
    )
    assert set(re.findall(r"\| (UD\d{3}) \|", section)) == set(codes.REGISTRY)


def test_no_code_is_written_outside_the_registry() -> None:
    """Codes are named by their constant where they are raised, never typed as a string."""
    registry = PROJECT / "uppdrag_docs" / "codes"
    for path in (PROJECT / "uppdrag_docs").rglob("*.py"):
        if path.parent != registry:
            literal = re.search(r"[\"']UD\d{3}[\"']", path.read_text(encoding="utf-8"))
            assert literal is None, f"{path}: {literal and literal[0]}"


def test_readme_names_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "make exempel" in text and "make test" in text
    assert "make test" in (PROJECT / ".ci" / "run").read_text(encoding="utf-8")


if __name__ == "__main__":
    README.write_text(rewritten(README.read_text(encoding="utf-8")), encoding="utf-8")


def test_readme_shows_what_check_prints_for_the_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    """The block after the examples' findings said 4 warnings in 13 files when `uppdrag
    check uppdrag/` printed five, and the two figures of the whole check are in the prose."""
    from click.testing import CliRunner

    monkeypatch.chdir(PROJECT)
    text = README.read_text(encoding="utf-8")
    block = text.split("motivering som dokumenten visar (UD320):\n\n```text\n", 1)[1]
    shown = block.split("```", 1)[0]
    printed = CliRunner().invoke(main, ["check", "uppdrag/"]).output
    assert shown == printed.replace("\u00a0", " ")
    whole = CliRunner().invoke(main, ["check"]).output.replace("\u00a0", " ")
    assert f"`{whole.splitlines()[-1]}`" in " ".join(text.split())
