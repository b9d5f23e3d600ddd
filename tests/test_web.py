"""The public register (`uppdrag webb`, webb.md): what it publishes, what it never does, its open
data, and how it is built. The browser, the HTML checker and the link checker are in
test_web_browser.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from uppdrag_docs.build.web import WebReport
from uppdrag_docs.cli import main
from uppdrag_docs.errors import UppdragError, UsageError
from uppdrag_docs.follow_up.review import follow_up
from uppdrag_docs.render.follow_up import build_follow_up_context
from uppdrag_docs.web.html import markdown
from uppdrag_docs.web.names import PublishError
from uppdrag_docs.web.words import slug, slugs

from .web_support import PUBLISHED, WITHHELD, SiteRepo, example_repository, visible_text

CSP = (
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src '
    "'self'; img-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'\">"
)
UPPDRAG_FILE = f"uppdrag/{PUBLISHED}.yaml"
LIKVARDIGHET = f"uppfoljning/{PUBLISHED}/likvardighet-2027.yaml"
R2 = f"uppfoljning/{PUBLISHED}/R2-2027.yaml"


@pytest.fixture
def site(tmp_path: Path) -> SiteRepo:
    return example_repository(tmp_path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteRepo, WebReport]:
    """The example repository's site, built once for the tests that only read it."""
    site = example_repository(tmp_path_factory.mktemp("webb"))
    return site, site.build()


def test_the_example_site_has_every_kind_of_page(built: tuple[SiteRepo, WebReport]) -> None:
    site, report = built
    assert sorted(site.files()) == [
        "data/arsbedomning.csv",
        "data/arsbedomning.json",
        "data/dcat.rdf",
        "data/ersattning.csv",
        "data/ersattning.json",
        "data/index.html",
        "data/kriterier.csv",
        "data/kriterier.json",
        "data/likvardighet.csv",
        "data/likvardighet.json",
        "data/mal.csv",
        "data/mal.json",
        "data/uppdrag.csv",
        "data/uppdrag.json",
        "data/utfall.csv",
        "data/utfall.json",
        "index.html",
        "manifest.json",
        "om-uppgifterna.html",
        "omrade/socialpsykiatri.html",
        "stil.css",
        "tillganglighet.html",
        f"uppdrag/{PUBLISHED}.html",
        "utforare/humana-individ-och-familj-ab.html",
        "utforare/leanlink.html",
    ]
    assert (report.pages, report.data_files) == (8, 15)
    assert report.warnings == [
        f"{PUBLISHED}: beslutsdokumentet eller tjänsteskrivelsen i PDF saknas eller gjordes av "
        "en äldre version av uppdraget, så sidan länkar inte till den; kör uppdrag build"
    ]


def test_every_page_has_the_frame_the_spec_asks_for(built: tuple[SiteRepo, WebReport]) -> None:
    site = built[0]
    for name, data in site.files().items():
        if not name.endswith(".html"):
            continue
        page = data.decode()
        assert page.startswith('<!DOCTYPE html>\n<html lang="sv">'), name
        assert CSP in page, name
        assert '<meta name="referrer" content="no-referrer">' in page, name
        body = page.split("<body>", 1)[1]
        first_link = re.search(r"<a [^>]*>", body)
        assert first_link and 'href="#innehall"' in first_link[0], name
        assert body.count("<h1>") == 1, name
        assert '<main id="innehall"' in page, name
        assert 'tillganglighet.html">Tillgänglighetsredogörelse</a>' in page, name
        for attribute in re.findall(r'(?:href|src)="([^"]*)"', page):
            if attribute.startswith(("http:", "https:", "mailto:")):
                continue  # another site, only ever as a link (no <img>, <script> or <link> here)
            assert not attribute.startswith("/"), (name, attribute)
            assert re.search(r"\.(html|css|pdf|csv|json|rdf)(#[\w-]+)?$|^#[\w-]+$", attribute), (
                name,
                attribute,
            )
        assert "<script" not in page and "style=" not in page and "<style" not in page, name
        assert "<img" not in page and "<iframe" not in page, name


def test_a_förslag_never_appears(built: tuple[SiteRepo, WebReport]) -> None:
    site = built[0]
    only_in_withheld = ["Attendo", "Vardaga", "Hemtjänst i egen regi", "Socialjour"]
    for name, data in site.files().items():
        text = data.decode("utf-8", errors="replace")
        for ident in WITHHELD:
            assert ident not in text and ident not in name, (name, ident)
        for word in only_in_withheld:
            assert word not in text, (name, word)
    assert "7 utkast och förslag" not in site.page("index.html")


def test_the_uppdrag_page_says_what_was_decided(built: tuple[SiteRepo, WebReport]) -> None:
    site = built[0]
    text = visible_text(site.page(f"uppdrag/{PUBLISHED}.html"))
    assert "Fastställt av Socialnämnden 18 november 2026, § 203." in text
    assert "minst 90 procent – högre är bättre" in text
    assert "30 dagar efter varje tertial" in text
    assert "2027 56 001 476 kr 0 kr 297 143 kr 56 298 619 kr 1 960 052 kr" in text
    assert "Redovisad för Socialnämnden 16 mars 2028" in text
    assert "Uppföljningen av 2028 är inte redovisad för nämnden ännu." in text


def test_page_figures_equal_the_samlad_redovisnings(built: tuple[SiteRepo, WebReport]) -> None:
    site = built[0]
    page = visible_text(site.page(f"uppdrag/{PUBLISHED}.html")).replace("\u00a0", " ")
    year = follow_up(2027, per=dt.date(2028, 3, 3), root=site.root)
    context = build_follow_up_context(year.assessment, "Socialnämnden")
    parts = [p for p in context.values["uppdrag"] if p["id"] == PUBLISHED]
    rows = [(c, r) for c in parts[0]["kriterier"] for r in c["perioder"]]
    assert len(rows) == 8
    words = {"2027-T1": "tertial 1 2027", "2027-T2": "tertial 2 2027", "2027-T3": "tertial 3 2027"}
    for criterion, row in rows:
        value = row["varde"] if row["varde"] != "–" else ""
        if criterion["malvarde"].startswith("minst"):
            expected = f"{words.get(row['period'], row['period'])} {value} {row['bedomning']}"
            assert " ".join(expected.split()) in page, expected
        assert f"Årets bedömning: {criterion['bedomning']}" in page


@pytest.mark.slow  # builds the site from a changed repository
def test_a_value_from_fewer_than_five_answers_is_shown_nowhere(site: SiteRepo) -> None:
    site.change(R2, "antal_svar: 312", "antal_svar: 4")
    site.change(LIKVARDIGHET, "antal_svar: 41", "antal_svar: 3")
    site.build()
    page = visible_text(site.page(f"uppdrag/{PUBLISHED}.html"))
    assert "2027 för få svar" in page
    assert "Årets bedömning: för få svar" in page
    assert "82" not in page.replace("1982", "") and "78 %" not in page
    area = visible_text(site.page("omrade/socialpsykiatri.html"))
    assert "Leanlink (egen regi) för få svar" in area
    assert "Humana Individ och familj AB för få svar" in area
    outcomes = _csv(site, "utfall")
    kk2 = [r for r in outcomes if r["kriterium_id"] == "KK2"]
    assert kk2 == [
        {**kk2[0], "varde": "", "antal_svar": "4", "bedomning": "för få svar"},
    ]
    equal = [r for r in _csv(site, "likvardighet") if r["kriterium_id"] == "KK2"]
    assert [(r["namn"], r["varde"], r["antal_svar"], r["bedomning"]) for r in equal] == [
        ("Leanlink", "", "", "för få svar"),
        ("Humana Individ och familj AB", "", "3", "för få svar"),
        ("Riket", "79", "", ""),
    ]
    years = [r for r in _csv(site, "arsbedomning") if r["kriterium_id"] == "KK2"]
    assert [r["bedomning"] for r in years] == ["för få svar"]


@pytest.mark.slow  # builds the site from a changed repository
def test_five_answers_are_enough(site: SiteRepo) -> None:
    site.change(R2, "antal_svar: 312", "antal_svar: 5")
    site.build()
    kk2 = [r for r in _csv(site, "utfall") if r["kriterium_id"] == "KK2"]
    assert [(r["varde"], r["antal_svar"], r["bedomning"]) for r in kk2] == [("82", "5", "uppfyllt")]


def test_csv_and_json_carry_the_same_values(built: tuple[SiteRepo, WebReport]) -> None:
    site = built[0]
    for name in ("uppdrag", "mal", "kriterier", "utfall", "arsbedomning", "likvardighet"):
        raw = (site.out / "data" / f"{name}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
        rows = _csv(site, name)
        objects = json.loads((site.out / "data" / f"{name}.json").read_text(encoding="utf-8"))
        assert len(rows) == len(objects) > 0, name
        for row, obj in zip(rows, objects, strict=True):
            assert list(row) == list(obj), name
            for key, value in obj.items():
                expected = (
                    ""
                    if value is None
                    else str(value).lower()
                    if isinstance(value, bool)
                    else str(value)
                )
                assert row[key] == expected, (name, key)
    ersattning = json.loads((site.out / "data" / "ersattning.json").read_text(encoding="utf-8"))
    assert ersattning[0] == {
        "uppdrag_id": PUBLISHED,
        "ar": 2027,
        "manader": 12,
        "fast_kr": 56001476,
        "rorlig_kr": 0,
        "tillaggsuppdrag_kr": 297143,
        "totalt_kr": 56298619,
        "varav_oh_kr": 1960052,
    }


def test_the_reference_row_is_shown_and_never_assessed(built: tuple[SiteRepo, WebReport]) -> None:
    site = built[0]
    area = visible_text(site.page("omrade/socialpsykiatri.html"))
    assert "Riket (referens) 79 %" in area
    assert "Riket (referens) 79 % uppfyllt" not in area
    assert "Socialstyrelsen, Öppna jämförelser socialpsykiatri 2027" in area
    assert not (site.out / "utforare" / "riket.html").exists()


@pytest.mark.slow  # builds the site from a changed repository
def test_hostile_text_appears_as_text(site: SiteRepo) -> None:
    hostile = "<script>alert(1)</script> {{ 7*7 }} **fet** & [länk](https://x.se)"
    site.change(
        UPPDRAG_FILE,
        "titel: Boendestöd och träffpunkter inom socialpsykiatrin",
        f"titel: '{hostile}'",
    )
    site.change(
        UPPDRAG_FILE, "verksamhetsområde: Socialpsykiatri", f"verksamhetsområde: '{hostile}'"
    )
    site.change(
        UPPDRAG_FILE,
        "  - text: Brukarna klarar ett självständigt boende.",
        f"  - text: '{hostile}'",
    )
    site.change(UPPDRAG_FILE, "    namn: Upplevd nytta", f"    namn: '{hostile}'")
    site.change(LIKVARDIGHET, "  - namn: Humana Individ och familj AB", f"  - namn: '{hostile}'")
    site.change(
        UPPDRAG_FILE, "    - namn: Humana Individ och familj AB", f"    - namn: '{hostile}'"
    )
    site.change(
        f"uppfoljning/{PUBLISHED}/R1-2027-T1.yaml",
        "kommentar: Två samordnare var föräldralediga under våren.",
        "kommentar: '{{ 7*7 }} a < b & c: Två samordnare'",
    )
    site.build()
    files = site.files()
    pages = {name: data.decode() for name, data in files.items() if name.endswith(".html")}
    assert len(pages) == 8
    for name, text in pages.items():
        assert "<script>" not in text, name
        assert "49" not in visible_text(text), name
    page = site.page(f"uppdrag/{PUBLISHED}.html")
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} **fet** &amp; [länk](https://x.se)" in page
    )
    assert "{{ 7*7 }} a &lt; b &amp; c: Två samordnare" in page
    assert "omrade/script-alert-1-script-7-7-fet-lank-https-x-se.html" in site.page("index.html")
    assert "utforare/script-alert-1-script-7-7-fet-lank-https-x-se.html" in site.page("index.html")
    assert _csv(site, "uppdrag")[0]["titel"] == hostile  # the data hold the text as written
    assert json.loads(files["data/kriterier.json"])[1]["namn"] == hostile


def test_markdown_is_safe_html() -> None:
    assert markdown("Se [Digg](https://www.digg.se) och *mer*.") == (
        '<p>Se <a href="https://www.digg.se">Digg</a> och <em>mer</em>.</p>\n'
    )
    assert "<a" not in markdown("[klick](javascript:alert(1))")
    assert "<a" not in markdown("[fil](file:///etc/passwd) [hit](#x)")
    assert markdown("<b>fet</b>") == "<p>&lt;b&gt;fet&lt;/b&gt;</p>\n"
    assert markdown("![bild](https://spår.se/p.png)") == "<p>bild</p>\n"
    assert markdown("# Rubrik") == "<h4>Rubrik</h4>\n"
    assert markdown("{{ 7*7 }}") == "<p>{{ 7*7 }}</p>\n"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Funktionsstöd", "funktionsstod"),
        ("Misa AB", "misa-ab"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("---", "x"),
        ("Ödeshög Åre", "odeshog-are"),
    ],
)
def test_slugs(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_two_names_with_one_slug_are_told_apart_in_swedish_order() -> None:
    assert slugs(["Misa  AB", "Misa AB", "misa ab"]) == {
        "Misa  AB": "misa-ab",
        "Misa AB": "misa-ab-2",
        "misa ab": "misa-ab-3",
    }


@pytest.mark.slow  # builds the site from a changed repository
def test_the_same_input_gives_the_same_bytes_in_another_folder_and_process(
    site: SiteRepo, tmp_path: Path
) -> None:
    site.build()
    first = site.files()
    other = tmp_path / "annan" / "plats"
    for seed in ("1", "2"):  # another order of every set and dict of strings, rdflib's too
        shutil.rmtree(other, ignore_errors=True)
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = [str(Path(sys.executable).parent / "uppdrag"), "webb", "--out", str(other)]
        done = subprocess.run(run, cwd=site.root, env=env, capture_output=True, check=False)
        assert done.returncode == 0, done.stderr.decode()
        second = {
            p.relative_to(other).as_posix(): p.read_bytes() for p in other.rglob("*") if p.is_file()
        }
        assert first == second


@pytest.mark.slow  # builds the site from a changed repository
def test_only_a_published_uppdrag_has_its_pdfs_copied_and_linked(site: SiteRepo) -> None:
    site.documents_built(PUBLISHED, "hemtjanst-norr", "socialjour")
    report = site.build()
    assert sorted(n for n in site.files() if n.startswith("dokument/")) == [
        f"dokument/{PUBLISHED}-tjansteskrivelse.pdf",
        f"dokument/{PUBLISHED}.pdf",
    ]
    assert site.files()[f"dokument/{PUBLISHED}.pdf"] == f"%PDF-1.7 {PUBLISHED}.pdf".encode()
    page = site.page(f"uppdrag/{PUBLISHED}.html")
    assert f'href="../dokument/{PUBLISHED}.pdf"' in page
    assert f'href="../dokument/{PUBLISHED}-tjansteskrivelse.pdf"' in page
    assert not report.warnings
    site.change(UPPDRAG_FILE, "enhet: Leanlink Socialpsykiatri", "enhet: Leanlink Psykiatri")
    assert len(site.build().warnings) == 1  # its PDFs were made from the file as it was
    assert not any(name.startswith("dokument/") for name in site.files())
    assert "../dokument/" not in site.page(f"uppdrag/{PUBLISHED}.html")


@pytest.mark.slow  # builds the site from a changed repository
def test_a_second_build_writes_nothing(site: SiteRepo) -> None:
    site.build()
    before = {p: p.stat().st_mtime_ns for p in site.out.rglob("*")}
    report = site.build()
    assert report.unchanged
    assert {p: p.stat().st_mtime_ns for p in site.out.rglob("*")} == before
    site.change(R2, "värde: 82", "värde: 83")
    assert not site.build().unchanged
    assert "83 % uppfyllt" in site.page(f"uppdrag/{PUBLISHED}.html").replace("\u00a0", " ")


def test_the_manifest_names_every_file_and_no_input(built: tuple[SiteRepo, WebReport]) -> None:
    site = built[0]
    manifest = json.loads(site.page("manifest.json"))
    files = site.files()
    del files["manifest.json"]
    assert sorted(manifest["filer"]) == sorted(files)
    assert manifest["filer"]["index.html"]["storlek"] == len(files["index.html"])
    assert "uppdrag/" not in json.dumps(manifest).replace("uppdrag/boendestod", "")
    assert "yaml" not in json.dumps(manifest)


@pytest.mark.slow  # builds the site from a changed repository
def test_an_error_in_a_published_uppdrag_stops_and_keeps_the_site(site: SiteRepo) -> None:
    site.build()
    before = site.files()
    text = site.change(UPPDRAG_FILE, "antal_brukare: 468", "antal_brukare: 469")
    with pytest.raises(PublishError) as caught:
        site.build()
    found = [(f.path.name, f.position.line, f.code) for f in caught.value.findings]
    line = text.splitlines().index("  antal_brukare: 469") + 1
    assert found == [(f"{PUBLISHED}.yaml", line, "UD210")]
    assert site.files() == before


@pytest.mark.slow  # builds the site from a changed repository
def test_an_error_in_a_published_follow_up_file_stops(site: SiteRepo) -> None:
    site.change(R2, "värde: 82", "värde: åttiotvå")
    with pytest.raises(PublishError) as caught:
        site.build()
    assert [(f.path.name, f.code) for f in caught.value.findings] == [("R2-2027.yaml", "UD407")]
    assert not (site.root / "build").exists()  # nor the empty folder made for the site


@pytest.mark.slow  # builds the site from a changed repository
def test_errors_in_a_förslag_do_not_stop(site: SiteRepo) -> None:
    site.change("uppdrag/hemtjanst-norr.yaml", "antal_brukare: 1240", "antal_brukare: 1")
    site.change("uppdrag/socialjour.yaml", "status: utkast", "status: utkast\nokänd: 1")
    site.change("uppfoljning/hemtjanst-norr/R1-2027-T1.yaml", "värde: 93.1", "värde: nittio")
    assert site.build().pages == 8


@pytest.mark.slow  # builds the site from a changed repository
def test_a_file_whose_status_cannot_be_read_counts_as_published(site: SiteRepo) -> None:
    site.change("uppdrag/socialjour.yaml", "status: utkast", "status: [utkast")
    with pytest.raises(PublishError) as caught:
        site.build()
    assert {f.path.name for f in caught.value.findings} == {"socialjour.yaml"}


@pytest.mark.slow  # builds the site from a changed repository
def test_an_upphävt_uppdrag_is_shown_with_its_date(site: SiteRepo) -> None:
    site.change(UPPDRAG_FILE, "status: fastställt", "status: upphävt")
    site.change(
        UPPDRAG_FILE,
        "\nkonkurrensutsättningsplan:",
        "\nupphävande:\n  organ: Socialnämnden\n  sammanträde: 2028-06-14\n  paragraf: 97"
        "\nkonkurrensutsättningsplan:",
    )
    site.build()
    text = visible_text(site.page(f"uppdrag/{PUBLISHED}.html"))
    assert "Upphävt av Socialnämnden 14 juni 2028, § 97" in text
    assert "upphävt 14 juni 2028" in visible_text(site.page("index.html"))
    assert "Senast ändrad 14 juni 2028" in text
    assert _csv(site, "uppdrag")[0]["upphavande_paragraf"] == "97"


@pytest.mark.slow  # builds the site from a changed repository
def test_an_upphävt_uppdrag_without_its_upphävande_is_left_out(site: SiteRepo) -> None:
    site.change(UPPDRAG_FILE, "status: fastställt", "status: upphävt")
    report = site.build()
    assert report.pages == 5
    assert (
        f"{PUBLISHED} är upphävt men saknar 'upphävande', så registret visar det inte"
        in report.warnings
    )


@pytest.mark.slow  # builds the site from a changed repository
def test_a_year_without_its_sammanträde_is_not_published(site: SiteRepo) -> None:
    site.change(f"uppfoljning/{PUBLISHED}/bedomning-2027.yaml", "sammanträde: 2028-03-16\n", "")
    site.build()
    text = visible_text(site.page(f"uppdrag/{PUBLISHED}.html"))
    assert "Uppföljningen av 2027 är inte redovisad för nämnden ännu." in text
    assert _csv(site, "utfall") == []


def test_a_folder_that_is_not_a_register_is_never_replaced(site: SiteRepo) -> None:
    site.out.mkdir(parents=True)
    (site.out / "viktig.txt").write_text("behåll", encoding="utf-8")
    with pytest.raises(UppdragError, match="är inte ett register som uppdrag webb har byggt"):
        site.build()
    assert (site.out / "viktig.txt").read_text(encoding="utf-8") == "behåll"


def test_out_among_the_sources_is_refused(site: SiteRepo) -> None:
    with pytest.raises(UsageError, match="ligger i uppfoljning/, bland källfilerna"):
        site.build(out=site.root / "uppfoljning" / "webb")


@pytest.mark.slow  # builds the site from a changed repository
def test_out_that_is_a_link_stays_and_the_site_goes_where_it_leads(
    site: SiteRepo, tmp_path: Path
) -> None:
    published = tmp_path / "publicerat"
    published.mkdir()
    link = site.root / "webb"
    link.symlink_to(published)
    site.build(out=link)
    assert link.is_symlink() and link.resolve() == published
    assert (published / "index.html").is_file() and (published / "manifest.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.slow  # builds the site from a changed repository
def test_without_webb_in_kommun_yaml_it_says_what_is_needed(site: SiteRepo) -> None:
    kommun = site.path("uppdrag/gemensamt/kommun.yaml")
    kommun.write_text(
        kommun.read_text(encoding="utf-8").split("\nwebb:")[0] + "\n", encoding="utf-8"
    )
    with pytest.raises(UppdragError, match=r"kommun.yaml saknar 'webb'.*kontakt.*tillgänglighet"):
        site.build()


def test_the_dcat_catalogue(built: tuple[SiteRepo, WebReport]) -> None:
    site = built[0]
    from rdflib import BNode, Graph, URIRef
    from rdflib.namespace import DCAT, DCTERMS, RDF

    graph = Graph().parse(data=site.page("data/dcat.rdf"), format="xml")
    base = "https://uppdrag.linkoping.se/"
    catalog = URIRef(f"{base}data/dcat.rdf#katalog")
    assert (catalog, RDF.type, DCAT.Catalog) in graph
    datasets = sorted(str(d) for d in graph.objects(catalog, DCAT.dataset))
    assert len(datasets) == 7 and all(d.startswith(f"{base}data/") for d in datasets)
    assert not any(isinstance(node, BNode) for triple in graph for node in triple)
    assert graph.value(catalog, DCTERMS.license) == URIRef(
        "http://creativecommons.org/publicdomain/zero/1.0/"
    )
    assert str(graph.value(catalog, DCTERMS.modified)) == "2028-03-16"
    dist = URIRef(f"{base}data/utfall.csv")
    assert graph.value(dist, DCAT.downloadURL) == dist
    assert graph.value(URIRef(f"{base}data/utfall"), DCAT.contactPoint) == URIRef(f"{base}#kontakt")


@pytest.mark.slow  # builds the site from a changed repository
def test_without_a_base_url_no_catalogue_is_written(site: SiteRepo) -> None:
    site.change("uppdrag/gemensamt/kommun.yaml", "  bas_url: https://uppdrag.linkoping.se/", "")
    report = site.build()
    assert "data/dcat.rdf" not in site.files()
    assert any("data/dcat.rdf skrivs inte" in w for w in report.warnings)
    site.build(base_url="https://exempel.se/register/")
    assert "https://exempel.se/register/data/utfall" in site.page("data/dcat.rdf")


def test_the_tillgänglighetsredogörelse_follows_diggs_template(
    built: tuple[SiteRepo, WebReport],
) -> None:
    site = built[0]
    page = site.page("tillganglighet.html")
    headings = re.findall(r"<h([123])>([^<]*)</h\1>", page)
    assert headings == [
        ("1", "Tillgänglighet för Uppdrag i egen regi – Linköpings kommun"),
        ("2", "Hur tillgänglig är webbplatsen?"),
        ("2", "Vad kan du göra om du inte kan använda delar av webbplatsen?"),
        ("2", "Rapportera brister i webbplatsens tillgänglighet"),
        ("2", "Tillsyn"),
        ("2", "Teknisk information om webbplatsens tillgänglighet"),
        ("2", "Innehåll som inte är tillgängligt"),
        ("3", "Bristande förenlighet med lagkraven"),
        ("3", "Oskäligt betungande anpassning"),
        ("3", "Innehåll som inte omfattas av lagkraven"),
        ("2", "Hur vi testat webbplatsen"),
    ]
    text = visible_text(page)
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in text
    assert "Oskäligt betungande anpassning Inget." in text
    assert 'href="mailto:tillganglighet@linkoping.se"' in page
    assert 'href="https://www.digg.se/tdosanmalan"' in page
    assert "Senaste bedömningen gjordes 1 mars 2028" in text


@pytest.mark.slow  # builds the site from a changed repository
def test_the_command(site: SiteRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site.root)
    runner = CliRunner()
    result = runner.invoke(main, ["webb"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        "Läser 8 uppdrag och 20 uppföljningsfiler",
        "Publicerar 1 uppdrag; 7 utkast och förslag publiceras inte",
        "2027 är redovisad för nämnden i 1 uppdrag",
    ]
    assert re.fullmatch(r"Skrev 8 sidor och 15 datafiler till build/webb/ på \d+,\d s", lines[-1])
    again = runner.invoke(main, ["webb"])
    assert again.exit_code == 0 and again.stderr == "Webbplatsen är oförändrad (build/webb/)\n"
    site.change(R2, "värde: 82", "värde: 182")
    failed = runner.invoke(main, ["webb"])
    assert failed.exit_code == 1
    assert f"uppfoljning/{PUBLISHED}/R2-2027.yaml:11:12: fel UD407" in failed.stdout
    assert "webbplatsen i build/webb är oförändrad" in failed.stderr
    assert runner.invoke(main, ["webb", "--port", "x"]).exit_code == 2


def _csv(site: SiteRepo, name: str) -> list[dict[str, str]]:
    text = (site.out / "data" / f"{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.slow  # builds the site from a changed repository
def test_an_uppdrag_with_standardkostnad_is_compared_on_its_page_and_in_the_data(
    site: SiteRepo,
) -> None:
    site.change("uppdrag/hemtjanst-norr.yaml", "status: förslag", "status: fastställt")
    site.change("uppdrag/hemtjanst-norr.yaml", "paragraf: null", "paragraf: 187")
    site.build()
    text = visible_text(site.page("uppdrag/hemtjanst-norr.html"))
    assert "2027 95 122 048 kr 182 000 522,65 kr 507,99 kr (uppräknad från 2026) +2,9 %" in text
    assert "varav utanför standarden: Nattpatrull för hela kommunen 6 800 000 kr (2027)" in text
    assert "Den är inte standardkostnaden i den kommunalekonomiska utjämningen" in text
    assert "Jämförelse med standardkostnad" not in site.page(f"uppdrag/{PUBLISHED}.html")
    table = _csv(site, "standardkostnad")
    assert list(table[0].items()) == [
        ("uppdrag_id", "hemtjanst-norr"),
        ("ar", "2027"),
        ("typ", "hemtjanst"),
        ("enhet", "utförd timme"),
        ("standardkostnad_kr", "507.99"),
        ("uppraknad_fran", "2026"),
        ("utanfor_standard_kr", "6800000"),
        ("jamforbar_ersattning_kr", "95122048"),
        ("volym", "182000"),
        ("per_enhet_kr", "522.65"),
        ("avvikelse", "2.9"),
        ("over_tolerans", "false"),
    ]
    assert [(r["ar"], r["per_enhet_kr"], r["avvikelse"]) for r in table] == [
        ("2027", "522.65", "2.9"),
        ("2028", "528.09", "1.0"),
    ]
    assert "standardkostnad.json" in site.page("data/index.html")


@pytest.mark.slow  # builds the site from a changed repository
def test_a_published_year_sets_the_cost_per_unit_beside_the_providers_price(
    site: SiteRepo,
) -> None:
    site.change("uppdrag/hemtjanst-norr.yaml", "status: förslag", "status: fastställt")
    site.change("uppdrag/hemtjanst-norr.yaml", "paragraf: null", "paragraf: 187")
    site.build()
    text = visible_text(site.page("uppdrag/hemtjanst-norr.html"))
    assert "Kostnad och pris per utförd timme 2027, mot standardkostnaden 507,99 kr" in text
    assert "Leanlink (egen regi), kostnad enligt öppna böcker 525,17 kr +3,4 %" in text
    assert "Vardaga Omsorg AB, pris exkl. momskompensation 524,53 kr +3,3 %" in text
    assert "Egen regi: 4 av 4 perioder med volym" in text
    area = next(name for name in site.files() if name.startswith("omrade/aldre"))
    area_text = visible_text(site.page(area))
    assert "Kostnad per enhet" in area_text
    assert "Attendo Hemtjänst AB, pris exkl. momskompensation 524,53 kr +3,3 %" in area_text
    assert "Kostnad per" not in visible_text(site.page(f"uppdrag/{PUBLISHED}.html"))


@pytest.mark.slow  # builds the site from a changed repository
def test_without_standardkostnad_there_is_no_empty_table(site: SiteRepo) -> None:
    site.build()
    assert not [name for name in site.files() if "standardkostnad" in name]
    assert "standardkostnad" not in site.page("data/index.html")
