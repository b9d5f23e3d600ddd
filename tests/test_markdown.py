"""Markdown fields: the check, and real Word formatting in a docxtpl-rendered document.

The rendering tests build a template with python-docx, fill it through docxtpl with Jinja's
autoescape on, and read the result back; one converts it to PDF with LibreOffice to prove that
the second numbered list really starts at 1 again.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import jinja2
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import RGBColor
from docxtpl import DocxTemplate
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from uppdrag_docs.render.markdown import MarkdownRenderer
from uppdrag_docs.render.pandoc import MarkdownCache
from uppdrag_docs.rules.markup import check_markup, needs_checking
from uppdrag_docs.trust.checks import check

from .conftest import BASE_TEXT, KommunRepo, changed, examples, line_of

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W_NS}
URL = "https://example.se/sida?a=1&b=2"
LITERAL = 'A & B <c> "d" {{ x }} {% if y %}'
TEXTS = {
    "intro": (
        f"Inledning med *kursiv*, **fet** och en [länk]({URL}).\n\n"
        "- punkt ett\n- punkt två\n  1. inre ett\n  2. inre två\n"
    ),
    "lista": "1. Första\n2. Andra\n3. Tredje\n",
    "andra": "Ny lista:\n\n1. Ett\n2. Två\n",
    "literal": LITERAL,
}


def make_template(path: Path, *, hyperlink_style: bool = True) -> Path:
    document = docx.Document()
    names = {s.name for s in document.styles}
    assert {"Body Text", "List Bullet", "List Number"} <= names
    if hyperlink_style and "Hyperlink" not in names:
        style = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER, builtin=True)
        style.font.color.rgb, style.font.underline = RGBColor(0x05, 0x63, 0xC1), True
    document.add_paragraph("Rubrik {{ titel }}")
    for key in TEXTS:
        document.add_paragraph(f"{{{{p {key}}}}}")
        document.add_paragraph(f"Efter {key}")
    document.save(str(path))
    return path


def render(template: Path, texts: dict[str, str], cache: MarkdownCache | None = None) -> bytes:
    tpl = DocxTemplate(template)
    values: dict[str, Any] = dict(MarkdownRenderer(tpl, cache).render(texts))
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    tpl.render({**values, "titel": "X & Y"}, jinja_env=env)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def xpath(element: Any, expression: str) -> list[Any]:
    found: list[Any] = etree.XPath(expression, namespaces=NS)(element)
    return found


SLOW_FIXTURES = {"rendered", "document"}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, MarkdownCache]:
    folder = tmp_path_factory.mktemp("markdown")
    cache = MarkdownCache()
    data = render(make_template(folder / "mall.docx"), TEXTS, cache)
    (folder / "beslut.docx").write_bytes(data)
    return folder / "beslut.docx", cache


@pytest.fixture(scope="module")
def document(rendered: tuple[Path, MarkdownCache]) -> Any:
    return docx.Document(str(rendered[0]))


def paragraph(document: Any, text: str) -> Any:
    return next(p for p in document.paragraphs if p.text == text)


def num_id(p: Any) -> str:
    (value,) = xpath(p._p, "w:pPr/w:numPr/w:numId/@w:val")
    return str(value)


def numbering(document: Any, num: str) -> tuple[Any, Any]:
    """The w:num and the level 0 of its abstractNum."""
    root = document.part.numbering_part.element
    (definition,) = xpath(root, f"w:num[@w:numId='{num}']")
    (abstract,) = xpath(definition, "w:abstractNumId/@w:val")
    (level0,) = xpath(root, f"w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl[@w:ilvl='0']")
    return definition, level0


def test_text_is_literal_and_in_order(document: Any) -> None:
    texts = [p.text for p in document.paragraphs]
    assert texts == [
        "Rubrik X & Y",
        "Inledning med kursiv, fet och en länk.",
        "punkt ett",
        "punkt två",
        "inre ett",
        "inre två",
        "Efter intro",
        "Första",
        "Andra",
        "Tredje",
        "Efter lista",
        "Ny lista:",
        "Ett",
        "Två",
        "Efter andra",
        LITERAL,
        "Efter literal",
    ]


def test_template_styles(document: Any) -> None:
    styles = {p.text: p.style.style_id for p in document.paragraphs}
    assert styles["Inledning med kursiv, fet och en länk."] == "BodyText"
    assert styles["Ny lista:"] == "BodyText"
    assert styles[LITERAL] == "BodyText"
    assert styles["punkt ett"] == styles["punkt två"] == "ListBullet"
    assert {styles[t] for t in ("inre ett", "Första", "Tredje", "Ett", "Två")} == {"ListNumber"}


def test_bold_italic_runs(document: Any) -> None:
    runs = {r.text: r for r in paragraph(document, "Inledning med kursiv, fet och en länk.").runs}
    assert runs["kursiv"].italic and not runs["kursiv"].bold
    assert runs["fet"].bold and not runs["fet"].italic
    assert not runs["Inledning med "].bold and not runs["Inledning med "].italic


def test_hyperlink_has_relationship_and_style(document: Any) -> None:
    p = paragraph(document, "Inledning med kursiv, fet och en länk.")
    (link,) = xpath(p._p, "w:hyperlink")
    rel = document.part.rels[link.get(f"{{{R_NS}}}id")]
    assert rel.is_external and rel.target_ref == URL
    assert xpath(link, "w:r/w:rPr/w:rStyle/@w:val") == ["Hyperlink"]
    assert xpath(link, "w:r/w:t/text()") == ["länk"]


def test_every_numbered_list_has_its_own_num_starting_at_1(document: Any) -> None:
    first, second, nested = (num_id(paragraph(document, t)) for t in ("Första", "Ett", "inre ett"))
    assert num_id(paragraph(document, "Tredje")) == first
    assert num_id(paragraph(document, "Två")) == second
    assert len({first, second, nested}) == 3
    for num in (first, second):
        definition, level0 = numbering(document, num)
        assert xpath(definition, "w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val") == ["1"]
        assert xpath(level0, "w:numFmt/@w:val") == ["decimal"]
    definition, _ = numbering(document, nested)
    assert xpath(definition, "w:lvlOverride[@w:ilvl='1']/w:startOverride/@w:val") == ["1"]
    assert xpath(paragraph(document, "inre ett")._p, "w:pPr/w:numPr/w:ilvl/@w:val") == ["1"]


def test_bullets_are_bullets(document: Any) -> None:
    bullets = num_id(paragraph(document, "punkt ett"))
    assert num_id(paragraph(document, "punkt två")) == bullets
    _, level0 = numbering(document, bullets)
    assert xpath(level0, "w:numFmt/@w:val") == ["bullet"]


def test_one_pandoc_call_per_document_and_shared_cache(
    rendered: tuple[Path, MarkdownCache], tmp_path: Path
) -> None:
    _, cache = rendered
    assert cache.stats.calls == 1 and cache.stats.texts == len(TEXTS)
    render(make_template(tmp_path / "mall.docx"), TEXTS, cache)
    assert cache.stats.calls == 1


@pytest.mark.slow
def test_deterministic(tmp_path: Path) -> None:
    template = make_template(tmp_path / "mall.docx", hyperlink_style=False)
    outputs = [zipfile.ZipFile(io.BytesIO(render(template, TEXTS))) for _ in range(2)]
    for part in (
        "word/document.xml",
        "word/numbering.xml",
        "word/styles.xml",
        "word/_rels/document.xml.rels",
    ):
        assert outputs[0].read(part) == outputs[1].read(part)
    styles = outputs[0].read("word/styles.xml").decode()
    assert 'w:styleId="Hyperlink"' in styles  # added because this template lacked it


@pytest.mark.slow
def test_swallowed_marker_falls_back_to_one_call_per_field(tmp_path: Path) -> None:
    cache = MarkdownCache()
    texts = {"intro": "```\nkod utan slut", "lista": "Text {\\_{ x }\\_}\\\nrad två"}
    data = render(
        make_template(tmp_path / "mall.docx"), texts | {"andra": "", "literal": "x"}, cache
    )
    texts_out = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "kod utan slut" in texts_out
    assert "Text {_{ x }_}\nrad två" in texts_out  # docxtpl's {_{ post-processing kept out
    assert "" in texts_out  # a blank field is one empty paragraph
    assert cache.stats.calls == 4


def test_pdf_numbering_restarts(rendered: tuple[Path, MarkdownCache], tmp_path: Path) -> None:
    source, _ = rendered
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profil').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "beslut.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert re.fullmatch(r"1\.\s+Första", lines[lines.index("Efter intro") + 1])
    assert any(re.fullmatch(r"3\.\s+Tredje", line) for line in lines)
    assert re.fullmatch(r"1\.\s+Ett", lines[lines.index("Ny lista:") + 1])
    assert re.fullmatch(r"2\.\s+Två", lines[lines.index("Ny lista:") + 2])
    bullet = next(i for i, line in enumerate(lines) if line.endswith("punkt två"))
    assert re.fullmatch(r"1\.\s+inre ett", lines[bullet + 1])
    assert LITERAL in lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<div>\nblock\n</div>\n", "Rå HTML är inte tillåten i Markdown-fält: <div>"),
        ("Text med <span>x</span>.", "Rå HTML är inte tillåten i Markdown-fält: <span>"),
        ("<!-- kommentar -->", "Rå HTML är inte tillåten i Markdown-fält: <!-- kommentar -->"),
        ("```{=openxml}\n<w:p/>\n```\n", "Råa openxml-block är inte tillåtna i Markdown-fält"),
        ("Se `<w:br/>`{=openxml} här", "Rå openxml-kod är inte tillåten i Markdown-fält"),
        ("Text <w:p>x</w:p>", "Word-kod (OpenXML) är inte tillåten i Markdown-fält: <w:p>"),
    ],
)
def test_check_flags_raw_markup(text: str, expected: str) -> None:
    problems = check_markup(text)
    assert problems and problems[0][0].code == "UD240" and problems[0][1].startswith(expected)


@pytest.mark.parametrize(
    "text",
    [
        "a < b & c > d",
        "Läs mer på <https://x.se> eller <info@kommun.se>.",
        "Kod: `<span>` och\n\n```html\n<div>x</div>\n```\n",
        "- *punkt* med **fet** och [länk](https://x.se)\n1. ett",
        "{{ x }} {% if y %}",
        "",
    ],
)
def test_check_accepts_plain_markdown(text: str) -> None:
    assert check_markup(text) == []


def test_an_unsafe_link_is_a_finding_at_its_field(repo: KommunRepo) -> None:
    text = changed(
        BASE_TEXT,
        "utförare är verksamma;",
        "utförare är [verksamma](javascript:alert(1));",
        count=1,
    )
    path = repo.write(text)
    [finding] = check([path], root=repo.root).findings
    assert (finding.code, finding.field) == ("UD241", "nulägesanalys.marknadsläge")
    assert finding.position.line == line_of(text, "marknadsläge:")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("[klicka](javascript:alert(1))", "länken till 'javascript:alert(1)'"),
        ("<JavaScript:alert(1)>", "länken till 'JavaScript:alert(1)'"),
        ("[x](&#106;avascript:alert(1))", "länken till 'javascript:alert(1)'"),
        ("[fil](file:///etc/passwd)", "länken till 'file:///etc/passwd'"),
        ("[x](vbscript:msgbox)", "länken till 'vbscript:msgbox'"),
        ("![logga](data:image/png;base64,AAAA)", "bilden från 'data:image/png;base64,AAAA'"),
        ("[dela](\\\\\\\\server\\\\dela)", "länken till '\\\\server\\dela'"),
        ("[x](//annan.se/sida)", "länken till '//annan.se/sida'"),
        ("[x](bilagor/kalkyl.pdf)", "länken till 'bilagor/kalkyl.pdf'"),
    ],
)
def test_check_refuses_unsafe_links(text: str, shown: str) -> None:
    [(code, message)] = check_markup(text)
    assert code.code == "UD241"
    assert message == f"{shown} är inte tillåten; en länk ska börja med https:, http: eller mailto:"


def test_check_refuses_nesting_deeper_than_word_shows() -> None:
    nine = "\n".join("  " * i + "- nivå" for i in range(9))
    assert check_markup(nine) == []
    [(code, message)] = check_markup("> " * 12 + "djupt")
    assert code.code == "UD242"
    assert message == "listor och citat ligger i 12 nivåer i varandra; Word visar högst 9"


@pytest.mark.parametrize(
    "text",
    [
        ">" * 10 + "djupt",
        "\n".join("> " + "  " * i + "- nivå" for i in range(11)),
        "rad\r" + "> " * 11 + "djupt",
        "\n".join("\t" * i + "- nivå" for i in range(11)),
    ],
)
def test_deep_nesting_is_never_skipped(text: str) -> None:
    """Nesting without spaces between the quotes, inside a quote, indented by tabs, or after a
    lone `\\r` (which ends a line for the parser) skipped the parser and its UD242."""
    assert needs_checking(text)
    assert [code.code for code, _ in check_markup(text)] == ["UD242"]


@pytest.mark.parametrize(
    "text",
    [
        "Uppdraget omfattar:\n\n- omvårdnad,\n  - dygnet runt\n- måltider",
        "2027-01-01 till 2028-12-31 gäller uppdraget.\n1. ett\n2. två",
        "Läs på [linkoping.se](https://www.linkoping.se/) och i ![bild](http://x.se/a_b.png)",
        "- skriv till [*oss*](mailto:uppdrag@linkoping.se)\n- [](https://x.se/?a=1#b)",
    ],
)
def test_plain_lists_dates_and_web_links_skip_the_parser(text: str) -> None:
    assert not needs_checking(text)
    assert check_markup(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("[a`](https://x.se) `b](javascript:alert(1))", "UD241"),
        ("[a\\](https://x.se)](javascript:alert(1))", "UD241"),
        ("[a](javascript:alert(1))](https://x.se)", "UD241"),
        ("[se](https://x.se) och [här](file:///etc/passwd)", "UD241"),
        ("[se](https://x.se)\n\n[här]\n\n[här]: javascript:alert(1)", "UD241"),
        ("[&lt;w:p&gt;](https://x.se)", "UD240"),
        ("[se](https://x.se)<b>", "UD240"),
        ("\\[a](https://x.se/[b)](javascript:alert(1))", "UD241"),
    ],
)
def test_a_safe_link_never_hides_the_rest_from_the_parser(text: str, found: str) -> None:
    """A link's text that could end elsewhere (a code span, an escaped bracket), another link,
    or a sign beside the link: each still goes through the parser. A bracket in the address
    opens a link of its own when the first is no link (`\\[`): it was taken out with the safe
    link, and the javascript: link after it skipped the parser."""
    assert needs_checking(text)
    assert [code.code for code, _ in check_markup(text)] == [found]


_PIECES = [
    *"[]()<>&{}\\!:#*-+`=.;/ \t\n\raw1",
    "  ",
    "1. ",
    "9) ",
    "> ",
    "> > > > ",
    ">>>>",
    "    ",
    "- ",
    "- - - ",
    "```",
    "{=html}",
    "w:p",
    "&lt;",
    "&#106;",
    "javascript:",
    "https://",
    "http://",
    "file:",
    "mailto:",
    "data:",
    "//x.se",
    "[a](https://x.se)",
    "](https://x.se)",
]


_NESTED_LINES = st.lists(
    st.tuples(
        st.lists(st.sampled_from([">", "> ", " ", "  ", "\t", "- ", "-", "* ", "1. ", "2)"])).map(
            "".join
        ),
        st.sampled_from(["x\n", "x\r", "\n", "x\r\n"]),
    ).map("".join),
    max_size=12,
).map("".join)
"""Lines that open lists and quotes inside each other, and some that only look as if."""


_LINKS = st.builds(
    "{}[{}]({}{}){}".format,
    st.sampled_from(["", "!", "\\", "`", "a"]),
    st.lists(st.sampled_from([*"a `*_\\]()!\n\r", "&lt;w:p&gt;", "<w:p>", "](javascript:y)"])).map(
        "".join
    ),
    st.sampled_from(["https://", "http://", "mailto:", "javascript:", "file:", "HTTPS://", "x"]),
    st.lists(st.sampled_from([*"x.:/()<>&{}\\`\"' \t\n\x01[]", "&#106;"])).map("".join),
    st.lists(st.sampled_from(["`", ")", "](javascript:y)", ' "t")', "]", "{=html}", "x"])).map(
        "".join
    ),
)
"""Links, safe and not, and what could end them elsewhere than they seem to end."""


_BRACKETED = st.builds(
    "{}[{}](https://x{}){}".format,
    st.sampled_from(["", "\\", "`", "!", "\\\\"]),
    st.sampled_from(["", "a", "`"]),
    st.lists(st.sampled_from(["[", "]", "`", "[b", "b"]), max_size=3).map("".join),
    st.sampled_from(["", "](javascript:y)", "](file:z)", "]", "`", ")", "[c]"]),
)
"""Safe links with a bracket or a backtick in the address, after something that may make them
no link: what is left of them may open or end a link of its own, which _LINKS seldom makes."""


@settings(max_examples=examples(2000), deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES) | _LINKS | _BRACKETED, max_size=20).map("".join)
    | _NESTED_LINES
)
def test_a_text_that_skips_the_parser_has_nothing_it_would_find(text: str) -> None:
    if not needs_checking(text):
        assert check_markup(text) == []
