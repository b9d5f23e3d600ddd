"""Check green means build succeeds: a valid uppdrag full of hostile text passes check, builds,
and shows every string literally in the decision document; and every text with a limit, at,
under and over it, or with a line break where it must be one line, is either found by check at
its line or built (hypothesis)."""

from __future__ import annotations

import io
import json
import re
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from uppdrag_docs.build.documents import build
from uppdrag_docs.build.run import BuildOptions
from uppdrag_docs.findings import Finding
from uppdrag_docs.format.json_schema import json_schema
from uppdrag_docs.trust.checks import check

from .conftest import BASE_TEXT, EXAMPLES, changed

pytestmark = pytest.mark.slow  # pandoc renders the Markdown fields

PIECES = [
    '"',
    "'",
    "{{ titel }}",
    "{% if x %}",
    "{# kommentar #}",
    "{{",
    "}}",
    "&",
    "&amp;",
    "<w:p>",
    "</b>",
    "]]>",
    "<script>alert(1)</script>",
    ">",
    "\\",
    "$HOME",
    "%s",
    ": ",
    " #",
    "- ",
    "|",
    "\u200f",  # right-to-left mark: a warning in prose, never an error
    "\u202b",  # right-to-left embedding
    "مرحبا",
    "שלום",
    "😀",
    "🇸🇪",
    "e\u0301",  # e and a combining accent
    "Å",
    "ß",
    "漢字",
    "\t",
]
HOSTILE = (
    st.lists(
        st.sampled_from(PIECES) | st.text(alphabet="abcåäöÅÄÖ 0123456789.,;!?()", max_size=8),
        min_size=1,
        max_size=8,
    )
    .map("".join)
    .map(str.strip)
    .filter(bool)
)
LONG_WORD = st.integers(1, 10_000).map(lambda n: "x" * n)

# The plain-text fields that the decision document prints as they are.
FIELDS = {
    "titel": "titel: Hemtjänst i egen regi – område Norr",
    "kriterium": "    namn: Larmåtgärd",
    "mål": "    - text: Brukarna känner sig trygga med hemtjänsten.",
    "vad": "    vad: Utfall för kvalitetskriterierna med kommentar och åtgärder",
}


def _field(line: str, value: str) -> str:
    key = line.split(":", 1)[0]
    return f"{key}: {json.dumps(value, ensure_ascii=False)}"


def _shown(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _document_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return _shown("\n".join(parts))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=st.fixed_dictionaries({name: HOSTILE for name in FIELDS}), long=LONG_WORD)
def test_hostile_text_passes_check_builds_and_shows_literally(
    tmp_path_factory: pytest.TempPathFactory, values: dict[str, str], long: str
) -> None:
    text = BASE_TEXT
    for name, line in FIELDS.items():
        text = changed(text, line, _field(line, values[name]), count=1)
    summary = "  sammanfattning: |\n"
    text = changed(text, summary, summary + f"    Ett mycket långt ord: {long}\n\n", count=1)
    root = tmp_path_factory.mktemp("fientlig") / "kommun"
    shutil.copytree(EXAMPLES / "gemensamt", root / "uppdrag" / "gemensamt")
    path = root / "uppdrag" / "hemtjanst-norr.yaml"
    path.write_text(text, encoding="utf-8")

    findings = check([path], root=root).findings
    assert not [f.text() for f in findings if f.is_error]
    report = build([path], BuildOptions(out=root / "ut", pdf=False))
    assert report.ok, (report.failed, report.problem)
    shown = _document_text(root / "ut" / "hemtjanst-norr.docx")
    for name, value in values.items():
        assert _shown(value) in shown, (name, value)
    assert re.search("x" * min(len(long), 200), shown)


# --- lengths at and around every limit, line breaks in every one-line field ------------------

ONE_LINE = json_schema("uppdrag")["properties"]["titel"].get("pattern")
"""The JSON Schema's pattern of a one-line field (a title or a name)."""


def word_length(text: str) -> int:
    """As Word counts: in UTF-16 units (said here again, so the test does not take the tool's
    word for it)."""
    return len(text.encode("utf-16-le")) // 2


LINE_BREAK = st.sampled_from(["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029"])
UNITS = st.sampled_from(["a", "Å", "é", " ", "-", "😀", "漢"])
"""Characters of one and two UTF-16 units (Word counts 😀 as two)."""


@dataclass(frozen=True)
class Limited:
    """A text field of an example file with a limit: a length, one line, or both."""

    file: str
    loc: tuple[str | int, ...]
    max_length: int | None
    one_line: bool

    def __str__(self) -> str:
        return f"{self.file}:{'.'.join(map(str, self.loc))}"


def _candidates(schema: dict[str, Any], root: dict[str, Any]) -> list[dict[str, Any]]:
    if "$ref" in schema:
        return _candidates(root["$defs"][schema["$ref"].rsplit("/", 1)[1]], root)
    out = [schema]
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, []):
            out += _candidates(part, root)
    return out


LimitedTexts = Iterator[tuple[tuple[Any, ...], int | None, bool]]
"""(where, the schema's maximum length or None, kept on one line)."""


def _limited(
    schema: dict[str, Any], root: dict[str, Any], node: Any, loc: tuple[Any, ...] = ()
) -> LimitedTexts:
    """Every text in `node` whose schema sets a maximum length or keeps it on one line."""
    options = _candidates(schema, root)
    if isinstance(node, dict):
        yield from _limited_keys(options, root, node, loc)
    elif isinstance(node, list):
        for option in options:
            if "items" in option:
                for index, value in enumerate(node):
                    yield from _limited(option["items"], root, value, (*loc, index))
                return
    elif isinstance(node, str):
        for option in options:
            if option.get("type") == "string":
                one_line = ONE_LINE is not None and option.get("pattern") == ONE_LINE
                if "maxLength" in option or one_line:
                    yield loc, option.get("maxLength"), one_line
                return


def _limited_keys(
    options: list[dict[str, Any]], root: dict[str, Any], node: dict[str, Any], loc: tuple[Any, ...]
) -> LimitedTexts:
    """`_limited` of a mapping: through the first schema option that has all its keys."""
    for option in options:
        properties = option.get("properties", {})
        if properties and set(node) <= set(properties):
            for key, value in node.items():
                yield from _limited(properties[key], root, value, (*loc, key))
            return


def _round_trip() -> YAML:
    yaml = YAML()
    yaml.width = 1_000_000
    yaml.preserve_quotes = True
    return yaml


EXAMPLE_FILES = {
    "uppdrag": EXAMPLES / "hemtjanst-norr.yaml",
    "kommun": EXAMPLES / "gemensamt" / "kommun.yaml",
}
LIMITED = [
    Limited(kind, loc, max_length, one_line)
    for kind, path in EXAMPLE_FILES.items()
    for loc, max_length, one_line in _limited(
        json_schema(kind), json_schema(kind), _round_trip().load(path.read_text(encoding="utf-8"))
    )
]


def test_the_limited_fields_are_found() -> None:
    """The sweep below reaches the fields the two bugs were in, and every one-line field."""
    names = {str(f) for f in LIMITED}
    assert {"uppdrag:titel", "uppdrag:diarienummer", "uppdrag:beställare.nämnd"} <= names
    assert {"uppdrag:beslut.organ", "kommun:kommun", "kommun:utförarförvaltning"} <= names


def _with(field: Limited, value: str, *, block: bool) -> tuple[dict[str, str], int]:
    """The example files with `value` at `field`, and the line it is written on."""
    texts = {k: p.read_text(encoding="utf-8") for k, p in EXAMPLE_FILES.items()}
    yaml = _round_trip()
    data = yaml.load(texts[field.file])
    parent = data
    for part in field.loc[:-1]:
        parent = parent[part]
    # Double quotes spell a line break out (`\N`); plain, ruamel writes \x85 as a new line,
    # which reads back as a space.
    breaks = any(char in value for char in "\n\r\x85\u2028\u2029")
    quoted = DoubleQuotedScalarString(value) if breaks else value
    parent[field.loc[-1]] = LiteralScalarString(value) if block else quoted
    line = parent.lc.key(field.loc[-1])[0] + 1 if isinstance(parent, dict) else None
    if line is None:
        line = parent.lc.item(field.loc[-1])[0] + 1
    out = io.StringIO()
    yaml.dump(data, out)
    texts[field.file] = out.getvalue()
    return texts, line


def _checked_and_built(root: Path, texts: dict[str, str]) -> tuple[list[Finding], bool]:
    shutil.copytree(EXAMPLES / "gemensamt", root / "uppdrag" / "gemensamt")
    (root / "uppdrag" / "gemensamt" / "kommun.yaml").write_text(texts["kommun"], encoding="utf-8")
    path = root / "uppdrag" / "hemtjanst-norr.yaml"
    path.write_text(texts["uppdrag"], encoding="utf-8")
    errors = [f for f in check([path], root=root).findings if f.is_error]
    if errors:
        return errors, False
    report = build([path], BuildOptions(out=root / "ut", pdf=False))
    assert report.ok, (report.failed, report.problem)
    return [], True


@st.composite
def _text_of_units(draw: st.DrawFn, units: int) -> str:
    """Text exactly `units` UTF-16 units long, of one- and two-unit characters."""
    out: list[str] = []
    left = units
    while left > 0:
        char = draw(UNITS)
        if word_length(char) > left or (char == " " and (not out or left == 1)):
            char = "a"
        out.append(char)
        left -= word_length(char)
    return "".join(out)


@pytest.mark.parametrize("field", LIMITED, ids=str)
@settings(
    max_examples=5,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a build per example: no shrinking
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_check_green_means_build_green_at_every_limit(
    tmp_path_factory: pytest.TempPathFactory, field: Limited, data: st.DataObject
) -> None:
    """At, one under and one over each field's limit, and with a line break anywhere: either
    check finds an error, or the build succeeds. Over the limit, or with a line break in a
    field the schema keeps on one line, check must find it at the field's line."""
    kind = data.draw(st.sampled_from(["length", "break"] if field.max_length else ["break"]))
    if kind == "length":
        assert field.max_length is not None
        units = field.max_length + data.draw(st.sampled_from([-1, 0, 1]))
        value, block, too_much = data.draw(_text_of_units(units)), False, units > field.max_length
    else:
        value = "Hemtjänst i egen regi"
        at = data.draw(st.integers(0, len(value)))
        value = value[:at] + data.draw(LINE_BREAK) + value[at:]
        block = value.endswith("\n") and value.count("\n") == 1 and "\r" not in value
        too_much = field.one_line
    texts, line = _with(field, value, block=block)
    root = tmp_path_factory.mktemp("gräns") / "kommun"
    errors, built = _checked_and_built(root, texts)
    if too_much:
        named = EXAMPLE_FILES[field.file].name
        assert [f for f in errors if (f.path.name, f.position.line) == (named, line)], (
            value,
            [f.text() for f in errors],
        )
    assert errors or built


def test_every_name_at_its_limit_builds_with_pdf(tmp_path: Path) -> None:
    """Every one-line field at once, each exactly as long as Word holds (with a 😀, two units):
    check is green, and the documents are built and verified, PDF and calendar too."""
    texts = {k: p.read_text(encoding="utf-8") for k, p in EXAMPLE_FILES.items()}
    changed = [f for f in LIMITED if f.one_line and f.loc != ("utförarförvaltning",)]
    for field in changed:  # the utförare's name must stay Leanlink (UD208)
        assert field.max_length is not None
        units = ("Namn 😀 " * 60).encode("utf-16-le")[: (field.max_length - 1) * 2]
        value = units.decode("utf-16-le", errors="ignore").strip() + "ö"
        value += "x" * (field.max_length - word_length(value))
        assert word_length(value) == field.max_length
        data = _round_trip().load(texts[field.file])
        parent = data
        for part in field.loc[:-1]:
            parent = parent[part]
        parent[field.loc[-1]] = value
        out = io.StringIO()
        _round_trip().dump(data, out)
        texts[field.file] = out.getvalue()
    root = tmp_path / "kommun"
    shutil.copytree(EXAMPLES / "gemensamt", root / "uppdrag" / "gemensamt")
    (root / "uppdrag" / "gemensamt" / "kommun.yaml").write_text(texts["kommun"], encoding="utf-8")
    path = root / "uppdrag" / "hemtjanst-norr.yaml"
    path.write_text(texts["uppdrag"], encoding="utf-8")
    assert [f.text() for f in check([path], root=root).findings if f.is_error] == []
    report = build([path], BuildOptions(out=root / "ut", pdf=True))
    assert report.ok, (report.failed, report.problem)
    assert {p.name for p in (root / "ut").iterdir()} >= {
        "hemtjanst-norr.pdf",
        "hemtjanst-norr-tjansteskrivelse.pdf",
        "hemtjanst-norr-rapportering.ics",
    }
