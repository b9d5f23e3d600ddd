"""Make templates/uppfoljning.docx, the samlad redovisning's docxtpl template.

It takes the house style from templates/tjansteskrivelse.docx (styles, page, header and footer
with `Sida 1 (4)`) and writes a new body: the eight parts of uppfoljning.md's "The samlad
redovisning, per uppdrag". A communicator restyles the result in Word; this script is only how
the first version was made, so run it again only to start over:

    .venv/bin/python tools/make_uppfoljning_template.py
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
BASE = TEMPLATES / "tjansteskrivelse.docx"
TARGET = TEMPLATES / "uppfoljning.docx"
WIDTH = 9070
FIXED = (1980, 1, 1, 0, 0, 0)


def run(text: str, style: str | None = None) -> str:
    props = f'<w:rPr><w:rStyle w:val="{style}"/></w:rPr>' if style else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(
    text: str = "",
    style: str | None = "BodyText",
    *,
    keep: bool = False,
    runs: str = "",
    before: int = 0,
) -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if keep:
        props += "<w:keepNext/>"
    if before:
        props += f'<w:spacing w:before="{before}"/>'
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{run(text) if text else ''}{runs}</w:p>"


def tag(text: str) -> str:
    """A paragraph holding only a docxtpl tag (`{%p ... %}`), which docxtpl removes."""
    return f"<w:p>{run(text)}</w:p>"


def table(
    caption: str,
    columns: list[tuple[str, int, bool]],
    loop: str,
    cells: list[str],
    total: list[str] | None = None,
) -> str:
    """A table in the house style: a header row, one row per item of `loop`, a sum row."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for _, w, _ in columns)

    def cell(text: str, width: int, right: bool, header: bool = False, bold: bool = False) -> str:
        style = "Belopp" if right else ("Tabellhuvud" if header and not right else "Tabelltext")
        jc = '<w:jc w:val="right"/>' if right else ""
        keep = "<w:keepNext/>" if header else ""
        strong = '<w:rPr><w:rStyle w:val="Strong"/></w:rPr>' if (header and right) or bold else ""
        body = f'<w:r>{strong}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
            f'<w:pStyle w:val="{style}"/>{keep}{jc}</w:pPr>{body}</w:p></w:tc>'
        )

    def tag_row(text: str) -> str:
        return (
            f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{WIDTH}" w:type="dxa"/><w:gridSpan '
            f'w:val="{len(columns)}"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="Tabelltext"/>'
            f"</w:pPr>{run(text)}</w:p></w:tc></w:tr>"
        )

    head = "".join(cell(name, w, right, header=True) for name, w, right in columns)
    body = "".join(cell(c, w, right) for c, (_, w, right) in zip(cells, columns, strict=True))
    rows = (
        f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>"
        + tag_row(f"{{%tr for {loop} %}}")
        + f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{body}</w:tr>"
        + tag_row("{%tr endfor %}")
    )
    if total is not None:
        summed = "".join(
            cell(c, w, right, bold=True) for c, (_, w, right) in zip(total, columns, strict=True)
        )
        rows += f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{summed}</w:tr>"
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="UppdragTabell"/>'
        f'<w:tblW w:w="{WIDTH}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="0620" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f'<w:tblCaption w:val="{escape(caption)}"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        f"{rows}</w:tbl>"
    )


def caption(text: str) -> str:
    return para(text, "Caption", keep=True)


def body() -> str:
    parts = [
        para("Uppföljning av verksamhetsuppdrag", "Subtitle"),
        para("{{ titel }}", "Title"),
        tag("{%p if markering %}"),
        para("{{ markering }}", "Statusmarkering"),
        tag("{%p endif %}"),
        para("{{ undertitel }}"),
        tag("{%p if sammantrade %}"),
        para("{{ sammantrade }}"),
        tag("{%p endif %}"),
        para("1. Sammanfattning", "Heading1"),
        para(
            "Uppfyllda kriterier enligt den beräknade bedömningen, målens bedömning enligt "
            "förvaltningen, årets resultat enligt öppna böcker och rapporter som lämnats sent "
            "eller saknas."
        ),
        caption("Sammanfattning {{ ar }} per uppdrag"),
        table(
            "Sammanfattning per uppdrag",
            [
                ("Uppdrag", 2870, False),
                ("Kriterier uppfyllda", 1400, False),
                ("Mål", 1700, False),
                ("Resultat", 1600, True),
                ("Rapporter", 1500, False),
            ],
            "s in sammanfattning.rader",
            [
                "{{ s.uppdrag }}",
                "{{ s.kriterier }}",
                "{{ s.mal }}",
                "{{ s.resultat }}",
                "{{ s.rapporter }}",
            ],
            [
                "{{ sammanfattning.summa.uppdrag }}",
                "{{ sammanfattning.summa.kriterier }}",
                "{{ sammanfattning.summa.mal }}",
                "{{ sammanfattning.summa.resultat }}",
                "{{ sammanfattning.summa.rapporter }}",
            ],
        ),
        tag("{%p if sammanfattning.utforare %}"),
        para("{{ sammanfattning.utforare }}", before=120),
        tag("{%p endif %}"),
        tag("{%p for u in uppdrag %}"),
        para("{{ u.titel }}", "Heading1"),
        para("Dnr {{ u.diarienummer }}, uppdrag {{ u.id }}, {{ u.status }}. {{ u.bedomning }}"),
        para("2. Mål", "Heading2"),
        caption("Målen och förvaltningens bedömning"),
        table(
            "Målen och förvaltningens bedömning",
            [("Mål", 3670, False), ("Bedömning", 1500, False), ("Motivering", 3900, False)],
            "m in u.mal",
            ["{{ m.nr }} {{ m.text }}", "{{ m.bedomning }}", "{{ m.motivering }}"],
        ),
        para("3. Kvalitetskriterier", "Heading2"),
        tag("{%p for k in u.kriterier %}"),
        para("{{ k.rubrik }}", "Heading3"),
        para("Målvärde: {{ k.malvarde }}", keep=True),
        table(
            "Kriteriets värden per period",
            [
                ("Period", 1250, False),
                ("Rapport", 900, False),
                ("Värde", 1700, False),
                ("Bedömning", 1600, False),
                ("Kommentar och åtgärder", 3620, False),
            ],
            "p in k.perioder",
            [
                "{{ p.period }}",
                "{{ p.rapport }}",
                "{{ p.varde }}",
                "{{ p.bedomning }}",
                "{{ p.kommentar }}",
            ],
        ),
        para(
            "Beräknad bedömning för året: {{ k.bedomning }}. "
            "{% if k.har_forvaltningens %}Förvaltningens bedömning: {{ k.forvaltningens }}."
            "{% else %}Förvaltningen gör ingen annan bedömning.{% endif %}",
            before=120,
        ),
        tag("{%p if k.motivering %}"),
        para("Förvaltningens motivering: {{ k.motivering }}"),
        tag("{%p endif %}"),
        tag("{%p if k.har_diagram %}"),
        para("{{ k.diagram }}", "BodyText"),
        tag("{%p endif %}"),
        tag("{%p endfor %}"),
        para("4. Likvärdighet", "Heading2"),
        tag("{%p if u.likvardighet.finns %}"),
        para(
            "Egen regi bredvid de upphandlade utförarna på samma kriterier (riktlinjen 2.3). "
            "{{ u.likvardighet.kalla }}"
        ),
        caption("Likvärdighet"),
        table(
            "Likvärdighet",
            [
                ("Kriterium", 2400, False),
                ("Period", 900, False),
                ("Utförare", 2470, False),
                ("Värde", 1800, False),
                ("Bedömning", 1500, False),
            ],
            "r in u.likvardighet.rader",
            [
                "{{ r.kriterium }}",
                "{{ r.period }}",
                "{{ r.utforare }}",
                "{{ r.varde }}",
                "{{ r.bedomning }}",
            ],
        ),
        tag("{%p for d in u.likvardighet.diagram %}"),
        para("{{ d }}", "BodyText"),
        tag("{%p endfor %}"),
        tag("{%p else %}"),
        para("Året har inga likvärdighetsuppgifter för uppdraget."),
        tag("{%p endif %}"),
        para("5. Ekonomi enligt öppna böcker", "Heading2"),
        tag("{%p if u.ekonomi.finns %}"),
        para("{{ u.ekonomi.redovisade }}"),
        caption("Intäkter och kostnader per period (kr)"),
        table(
            "Ekonomi enligt öppna böcker",
            [
                ("Period", 1000, False),
                ("Intäkter", 1750, True),
                ("Beslutad ersättning", 1750, True),
                ("Kostnader", 1750, True),
                ("Resultat", 1570, True),
                ("", 1250, False),
            ],
            "e in u.ekonomi.rader",
            [
                "{{ e.period }}",
                "{{ e.intakter }}",
                "{{ e.beslutad }}",
                "{{ e.kostnader }}",
                "{{ e.resultat }}",
                "{{ e.markering }}",
            ],
            [
                "{{ u.ekonomi.summa.period }}",
                "{{ u.ekonomi.summa.intakter }}",
                "{{ u.ekonomi.summa.beslutad }}",
                "{{ u.ekonomi.summa.kostnader }}",
                "{{ u.ekonomi.summa.resultat }}",
                "{{ u.ekonomi.summa.markering }}",
            ],
        ),
        tag("{%p if u.ekonomi.prognos %}"),
        para("{{ u.ekonomi.prognos }}", before=120),
        tag("{%p endif %}"),
        tag("{%p for x in u.ekonomi.underskott %}"),
        para("{{ x }}", "ListBullet"),
        tag("{%p endfor %}"),
        tag("{%p if u.ekonomi.diagram %}"),
        para("{{ u.ekonomi.diagram }}", "BodyText"),
        tag("{%p endif %}"),
        tag("{%p else %}"),
        para("Året har inga ekonomirapporter för uppdraget."),
        tag("{%p endif %}"),
        para("6. Volymer", "Heading2"),
        tag("{%p if u.volymer %}"),
        caption("Volymer: prognos och utfall, och den rörliga ersättningen"),
        table(
            "Volymer",
            [
                ("Post", 2470, False),
                ("Period", 1200, False),
                ("Utfall", 1700, True),
                ("Prognos", 1700, True),
                ("Ersättning", 2000, True),
            ],
            "v in u.volymer",
            [
                "{{ v.post }}",
                "{{ v.period }}",
                "{{ v.utfall }}",
                "{{ v.prognos }}",
                "{{ v.ersattning }}",
            ],
        ),
        tag("{%p else %}"),
        para("Uppdraget har inga rörliga volymer som redovisats under året."),
        tag("{%p endif %}"),
        para("7. Rapportering", "Heading2"),
        caption("Rapporterna som förfaller under året"),
        table(
            "Rapportering",
            [
                ("Rapport", 1900, False),
                ("Period", 1300, False),
                ("Förfaller", 1700, False),
                ("Inlämnad", 1700, False),
                ("Status", 2470, False),
            ],
            "r in u.rapporter",
            [
                "{{ r.rapport }}",
                "{{ r.period }}",
                "{{ r.forfaller }}",
                "{{ r.inlamnad }}",
                "{{ r.status }}",
            ],
        ),
        para("8. Förvaltningens sammanfattning och förslag till beslut", "Heading2"),
        tag("{{p md[u.md_sammanfattning] }}"),
        para("Förslag till beslut", "Heading3"),
        tag("{{p md[u.md_forslag] }}"),
        tag("{%p endfor %}"),
    ]
    return "".join(parts)


def main() -> None:
    with zipfile.ZipFile(BASE) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    out = []
    for info, data in entries:
        if info.filename == "word/document.xml":
            text = data.decode("utf-8")
            start = text.index("<w:body>") + len("<w:body>")
            end = text.index("<w:sectPr")
            data = (text[:start] + body() + text[end:]).encode("utf-8")
        elif re.fullmatch(r"word/header\d*\.xml", info.filename):
            data = data.replace(b"Dnr {{ diarienummer }}", "Uppföljning {{ ar }}".encode())
        out.append((info.filename, data))
    with zipfile.ZipFile(TARGET, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in out:
            target.writestr(zipfile.ZipInfo(name, FIXED), data, zipfile.ZIP_DEFLATED)
    print(f"Skrev {TARGET}")


if __name__ == "__main__":
    main()
