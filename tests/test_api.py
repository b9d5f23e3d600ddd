"""The public API, used as a kommun's own script would: `import uppdrag_docs` and nothing else.

Only the names of `uppdrag_docs.__all__` and the attributes of what they return are used here,
so a change that breaks a script written against the API breaks these tests.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import uppdrag_docs

from .conftest import BASE_TEXT, EXAMPLES, changed


@pytest.fixture
def kommun(tmp_path: Path) -> Path:
    root = tmp_path / "kommun"
    shutil.copytree(EXAMPLES, root / "uppdrag")
    return root


def test_the_api_is_what_all_says() -> None:
    assert set(uppdrag_docs.__all__) == {
        "UppdragError",
        "__version__",
        "build",
        "calculate",
        "check",
        "diff",
        "follow_up",
        "load",
    }
    for name in ("build", "calculate", "check", "diff", "follow_up", "load"):
        function = getattr(uppdrag_docs, name)
        assert callable(function) and function.__doc__, name


def test_check_load_and_calculate(kommun: Path) -> None:
    result = uppdrag_docs.check(root=kommun)
    assert not result.has_errors
    assert len(result.files) == 13  # 8 uppdrag and the 5 shared files

    loaded = uppdrag_docs.load(root=kommun)
    assert loaded.refused == {}
    ids = sorted(item.uppdrag.id for item in loaded.uppdrag.values())
    assert ids[:3] == ["arbetsmarknadsinsatser", "boendestod-socialpsykiatri", "hemtjanst-norr"]

    one = uppdrag_docs.calculate("hemtjanst-norr", start=kommun)
    year = one.calculation.year(2027)
    assert (year.indexation, year.efficiency, year.annual_fixed) == (
        Decimal("2702574"),
        Decimal("-870526"),
        Decimal("89082048"),
    )
    assert year.total == Decimal("102372048")


def test_an_uppdrag_with_errors_is_refused_with_its_errors(kommun: Path) -> None:
    broken = kommun / "uppdrag" / "hemtjanst-norr.yaml"
    broken.write_text(changed(BASE_TEXT, "antal_brukare: 1240", "antal_brukare: 1250"))
    loaded = uppdrag_docs.load(root=kommun)
    assert [p.name for p in loaded.refused] == ["hemtjanst-norr.yaml"]
    assert [f.code for f in loaded.refused[broken]] == ["UD210"]
    with pytest.raises(uppdrag_docs.UppdragError, match="UD210"):
        uppdrag_docs.calculate(broken)


def test_diff_of_two_files(kommun: Path) -> None:
    new = kommun / "uppdrag" / "hemtjanst-norr.yaml"
    old = kommun / "hemtjanst-norr-gammal.yaml"
    old.write_text(BASE_TEXT, encoding="utf-8")
    new.write_text(
        changed(BASE_TEXT, "frekvens: år", "frekvens: kvartal", count=1), encoding="utf-8"
    )
    result = uppdrag_docs.diff(str(old), str(new))
    assert result.changed
    [change] = result.uppdrag
    assert [f.label for f in change.fields] == ["rapportering › R2 › frekvens"]


@pytest.mark.slow
def test_build_without_pdf(kommun: Path, tmp_path: Path) -> None:
    out = tmp_path / "dokument"
    report = uppdrag_docs.build([kommun / "uppdrag" / "hemtjanst-norr.yaml"], out=out, pdf=False)
    assert report.ok and report.built == ["hemtjanst-norr"]
    assert sorted(p.name for p in out.iterdir()) == [
        "hemtjanst-norr-rapportering.docx",
        "hemtjanst-norr-rapportering.ics",
        "hemtjanst-norr-tjansteskrivelse.docx",
        "hemtjanst-norr.docx",
        "manifest.json",
    ]
