"""The README's command reference is the programme's own `--help`; this keeps them in step.

Run `python -m tests.test_readme` to rewrite the reference after changing a command.
"""

from __future__ import annotations

import re

import click

from uppdrag_docs.cli import main

from .conftest import PROJECT

README = PROJECT / "README.md"
START, END = "<!-- kommandon:start -->", "<!-- kommandon:end -->"


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


def rewritten(text: str) -> str:
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    return pattern.sub(lambda _: f"{START}\n{reference()}{END}", text)


def test_readme_reference_matches_help() -> None:
    text = README.read_text(encoding="utf-8")
    assert text == rewritten(text), "kör: python -m tests.test_readme"


def test_readme_lists_every_finding_code() -> None:
    """Each code the package can report has a row in the README's table of checks."""
    source = "".join(
        p.read_text(encoding="utf-8") for p in (PROJECT / "uppdrag_docs").rglob("*.py")
    )
    emitted = set(re.findall(r'"(UD\d{3})"', source))
    table = README.read_text(encoding="utf-8").split("## Kontrollerna", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"UD\d{3}", table))
    assert len(emitted) > 30
    assert emitted - documented == set()


def test_readme_names_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "make exempel" in text and "make test" in text
    assert "make test" in (PROJECT / ".ci" / "run").read_text(encoding="utf-8")


if __name__ == "__main__":
    README.write_text(rewritten(README.read_text(encoding="utf-8")), encoding="utf-8")
