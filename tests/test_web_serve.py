"""`uppdrag webb --serve`: the preview on 127.0.0.1, its reloading pages, and the rebuild when a
file changes; the files on disk never get the preview's script."""

from __future__ import annotations

import threading
import urllib.request
from pathlib import Path

import pytest

from uppdrag_docs.build.serve import HOST, Preview, server, watch, with_reload

from .web_support import SiteRepo, example_repository


@pytest.fixture
def site(tmp_path: Path) -> SiteRepo:
    repo = example_repository(tmp_path)
    repo.build()
    return repo


def _get(port: int, path: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=10) as answer:
        return answer.headers["Content-Type"], answer.read()


def test_the_preview_serves_the_site_with_its_reload_script(site: SiteRepo) -> None:
    preview = Preview(site.out)
    httpd = server(preview, 0)
    host, port = httpd.server_address[:2]
    assert host == "127.0.0.1"
    # shutdown() waits for the loop to look again: every 0.5 s by default, every 10 ms here
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    try:
        kind, page = _get(port, "/index.html")
        assert kind == "text/html; charset=utf-8"
        text = page.decode()
        assert '<script src="/_uppdrag/reload.js" defer></script>\n</head>' in text
        assert "form-action 'none'; connect-src 'self'\">" in text
        kind, script = _get(port, "/_uppdrag/reload.js")
        assert kind.startswith("text/javascript") and b"location.reload()" in script
        assert _get(port, "/_uppdrag/version")[1] == b"0"
        preview.built()
        assert _get(port, "/_uppdrag/version")[1] == b"1"
        assert _get(port, "/stil.css")[1] == (site.out / "stil.css").read_bytes()
    finally:
        httpd.shutdown()
        httpd.server_close()
    on_disk = site.page("index.html")
    assert "_uppdrag" not in on_disk and "connect-src" not in on_disk


def test_with_reload_changes_only_the_policy_and_the_head() -> None:
    page = (
        '<head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "form-action 'none'\">\n</head><body>form-action 'none'</body>"
    )
    assert with_reload(page.encode()).decode() == (
        '<head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "form-action 'none'; connect-src 'self'\">\n"
        '<script src="/_uppdrag/reload.js" defer></script>\n</head>'
        "<body>form-action 'none'</body>"
    )


@pytest.mark.slow  # waits for the file watcher
def test_a_changed_file_rebuilds_but_the_sites_own_writes_do_not(site: SiteRepo) -> None:
    changed = threading.Event()
    stop = threading.Event()
    calls: list[int] = []

    def rebuild() -> None:
        calls.append(1)
        changed.set()

    watcher = threading.Thread(target=watch, args=(site.root, site.out, rebuild, stop), daemon=True)
    watcher.start()
    try:
        threading.Event().wait(0.5)  # let the watcher start
        (site.out / "index.html").write_text("ändrad av bygget", encoding="utf-8")
        assert not changed.wait(1.5), "a write in the site's own folder is no change"
        site.change("uppfoljning/boendestod-socialpsykiatri/R2-2027.yaml", "värde: 82", "värde: 83")
        assert changed.wait(5), "no rebuild within 5 s of a change"
    finally:
        stop.set()
        watcher.join(timeout=5)
    assert len(calls) == 1
