"""Check green means build succeeds: a valid uppdrag full of hostile text passes check, builds,
and shows every string literally in the decision document (hypothesis)."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uppdrag_docs.build.documents import build
from uppdrag_docs.build.run import BuildOptions
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
