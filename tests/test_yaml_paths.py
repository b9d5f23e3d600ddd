"""The fast way of reading YAML (libyaml's events read once, straight from its C parser, and
the data built from them without ruamel.yaml's composer, the values of recurring scalars
remembered) reads what ruamel.yaml's stock composer reads: the same data, the same positions of
every key and value, and the same syntax error where composing fails.

The stock path is here only: `YAML.compose` with ruamel.yaml's own resolver, and its node tree
walked as the reader once walked it."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml.error import YAMLError

from uppdrag_docs.findings import Position
from uppdrag_docs.format import yaml_events, yaml_syntax
from uppdrag_docs.format.document import Document, PathKey, parse_into, read_document

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


def _read(name: str, raw: bytes) -> Document:
    doc = Document(path=Path(f"{name}.yaml"))
    parse_into(doc, raw)
    return doc


def _stock(text: str) -> tuple[Any, dict[PathKey, Position], dict[PathKey, Position]]:
    """The data and positions of ruamel.yaml's composed node tree (which raises its errors)."""
    from ruamel.yaml import YAML

    values: dict[PathKey, Position] = {}
    keys: dict[PathKey, Position] = {}

    def at(node: Any) -> Position:
        return Position(node.start_mark.line + 1, node.start_mark.column + 1)

    def build(node: Any, loc: PathKey) -> Any:
        values[loc] = at(node)
        if node.id == "sequence":
            return [build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if node.id == "scalar":
            return _value(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _value(key_node) if key_node.id == "scalar" else None
            if key_node.tag == "tag:yaml.org,2002:merge" or key in out:
                continue
            if isinstance(key, str | int) and not isinstance(key, bool):
                keys[(*loc, key)] = at(key_node)
                out[key] = build(value_node, (*loc, key))
        return out

    node = YAML(typ="safe", pure=False).compose(text)
    return (None if node is None else build(node, ())), values, keys


def _value(node: Any) -> Any:
    tag: str = node.tag
    if not tag.startswith("tag:yaml.org,2002:"):
        return node.value
    value = yaml_events._construct(tag.rsplit(":", 1)[1], node.value)[1]
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def test_there_are_files_to_compare() -> None:
    assert len(FILES) >= 20


def test_the_fast_path_reads_every_file_as_the_stock_path_does() -> None:
    compared = failed = 0
    for name, raw in _texts():
        for _ in range(2):  # the second time with every scalar remembered
            doc = _read(name, raw)
            text = raw.decode("utf-8-sig")
            syntax = [f for f in doc.findings if f.code == "UD101"]
            try:
                data, values, keys = _stock(text)
            except YAMLError as exc:
                failed += 1
                expected = yaml_syntax.error_finding(doc.path, text, exc)
                assert expected in syntax or syntax[:1] == doc.findings[:1], name
                continue
            if doc.data is None and doc.findings:
                continue  # refused before the data: a tag, nesting or aliases beyond bounds
            compared += 1
            assert not syntax, name
            assert (repr(doc.data), doc.values, doc.keys) == (repr(data), values, keys), name
    assert compared > len(FILES) and failed > 5


def test_an_alias_inside_its_own_anchor_is_refused_not_followed(tmp_path: Path) -> None:
    """The stock composer makes a node that holds itself; building it never ended (and ended
    the process with a RecursionError)."""
    path = tmp_path / "fil.yaml"
    path.write_text("a: 1\nb: &x\n  c: [*x]\n", encoding="utf-8")
    doc = read_document(path, root=None)
    assert doc.data is None
    assert [(f.code, f.position.line, f.position.column, f.message) for f in doc.findings] == [
        (
            "UD104",
            3,
            6,
            "filen är nästlad i fler än 64 nivåer (listor och mappningar i varandra); ett "
            "uppdrag har ett fåtal",
        )
    ]
