"""The register's files made half in a forked child (web/site.py with forked.py, whose own tests
are in test_check_shared.py): the same site, byte for byte, as made in one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from uppdrag_docs import forked
from uppdrag_docs.web import site as web_site

from .web_support import example_repository


@pytest.mark.skipif(
    not forked._can_fork(), reason="a child is forked only on Linux with more than one core"
)
def test_the_site_is_the_same_made_in_one_process_or_two(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = example_repository(tmp_path)
    monkeypatch.setattr(web_site, "SHARED_FROM", 2)
    site.build()
    shared = site.files()
    monkeypatch.setattr(web_site, "SHARED_FROM", 1_000_000)
    out = tmp_path / "en-process"
    site.build(out=out)
    alone = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert alone == shared
    assert len(shared) > 20
