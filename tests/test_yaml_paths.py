"""The fast way of reading YAML (libyaml's events read straight from its C parser, the tags of
recurring scalars remembered) finds exactly what ruamel.yaml's stock path finds: the same data,
the same positions of every key and value, and the same findings at the same line and column.

The stock path is put back for the comparison only, here: `YAML.parse` for the events and
ruamel.yaml's own `VersionedResolver` for the tags."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from uppdrag_docs.format import document, yaml_syntax
from uppdrag_docs.format.document import Document, parse_into

from .conftest import BASE_TEXT, PROJECT

FILES = sorted(
    p
    for folder in ("uppdrag", "uppfoljning", "tests")
    for p in (PROJECT / folder).rglob("*.y*ml")
    if p.suffix in (".yaml", ".yml")
)

AWKWARD = {
    "tags": "id: !!str 5\ntal: !!int '7'\negen: !x y\nlista: !!seq [1]\n",
    "anchors": "a: &x {b: 1, c: [ja, nej, null, 2027-01-01, 1.50, 0x1f]}\nd: *x\ne: *x\n",
    "duplicate anchor": "a: &x 1\nb: &x 2\n",
    "undefined alias": "a: *nix\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "merge key": "a: &x {b: 1}\nc:\n  <<: *x\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "deep": "a: " + "[" * 70 + "]" * 70 + "\n",
    "quote then text": 'a: "b" c\nd: 1\n',
    "unclosed quote": "a: 'b\nc: 1\n",
    "bad indent": "a:\n  b: 1\n c: 2\n",
    "tab": "a:\n\tb: 1\n",
    "control character": 'a: "x\\x01y"\n',
    "invisible": "a: 'x\u200by'\n'k\u200bey': 1\n",
    "not NFC": "a: 'A\u030a'\n",
    "numbers": "a: [1_000, -2, +3, 0o17, 1e3, .inf, .nan, 1.5e-3, 08, 0b1, 12:30]\n",
    "booleans and nulls": "a: [true, True, TRUE, false, yes, no, on, ~, null, Null, '']\n",
    "same scalar quoted and plain": "a: [2027, '2027', \"2027\", ja, 'ja', true, 'true']\n",
    "dates": "a: [2027-01-01, 2027-1-1, 2027-01-01 10:00:00, '2027-01-01', 2027-01-01T10:00Z]\n",
    "keys of every kind": "1: a\ntrue: b\nnull: c\n[x]: d\n? {y: 1}\n: e\n",
    "only markers": "---\n...\n",
    "a scalar": "bara text\n",
}


def _texts() -> Iterator[tuple[str, bytes]]:
    for path in FILES:
        yield str(path.relative_to(PROJECT)), path.read_bytes()
    yield "BASE_TEXT", BASE_TEXT.encode()
    for name, text in AWKWARD.items():
        yield name, text.encode()
        yield f"{name}, in the base uppdrag", (BASE_TEXT + text).encode()


def _read(name: str, raw: bytes) -> tuple[Any, ...]:
    doc = Document(path=Path(f"{name}.yaml"))
    parse_into(doc, raw)
    findings = [(f.code, f.position.line, f.position.column, f.message) for f in doc.findings]
    return repr(doc.data), doc.values, doc.keys, doc.invisible, findings


def _stock(monkeypatch: pytest.MonkeyPatch) -> None:
    """ruamel.yaml's stock resolver and `YAML.parse`, until the test ends."""
    from ruamel.yaml.resolver import VersionedResolver

    document._safe_yaml.cache_clear()
    monkeypatch.setattr(document, "_resolver", lambda: VersionedResolver)
    monkeypatch.setattr(yaml_syntax, "events", lambda text: yaml_syntax._parser().parse(text))


def test_there_are_files_to_compare() -> None:
    assert len(FILES) >= 20


def test_the_fast_path_reads_every_file_as_the_stock_path_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = list(_texts())
    document._safe_yaml.cache_clear()
    fast = [_read(name, raw) for name, raw in texts]
    again = [_read(name, raw) for name, raw in texts]  # with every tag remembered
    _stock(monkeypatch)
    try:
        for (name, raw), first, second in zip(texts, fast, again, strict=True):
            expected = _read(name, raw)
            assert first == expected, name
            assert second == expected, name
    finally:
        document._safe_yaml.cache_clear()
