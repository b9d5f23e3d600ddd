"""What the tjänsteskrivelse's template sees, without rendering it (no pandoc: the fast tier)."""

from __future__ import annotations

from typing import Any

from uppdrag_docs.render.arende import build_case_context
from uppdrag_docs.swedish import board_genitive, listing
from uppdrag_docs.trust.calculated import load_one

from .conftest import BASE_TEXT, KommunRepo, changed

NBSP = "\u00a0"


def case_values(repo: KommunRepo, text: str = BASE_TEXT) -> dict[str, Any]:
    path = repo.write(text)
    item = load_one(str(path), start=repo.root)
    values = build_case_context(item.loaded, item.calculation).values
    return dict(values)


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def test_the_board_owns_the_decision_in_lower_case() -> None:
    assert board_genitive("Socialnämnden") == "socialnämndens"
    assert board_genitive("LSS-nämnden") == "LSS-nämndens"
    assert board_genitive("Kommunstyrelsen") == "kommunstyrelsens"
    assert listing(["A", "B", "C"]) == "A, B och C"


def test_the_default_points_name_each_years_ersattning_in_the_kommuns_unit(
    repo: KommunRepo,
) -> None:
    kommun = repo.uppdrag_dir / "gemensamt" / "kommun.yaml"
    kommun.write_text(
        changed(kommun.read_text(encoding="utf-8"), "belopp_i: kr ", "belopp_i: tkr"),
        encoding="utf-8",
    )
    values = case_values(repo, changed(BASE_TEXT, "till: 2028-12-31", "till: 2028-06-30"))
    points = [plain(p["text"]) for p in values["forslag"]]
    assert points[1] == "Ersättningen till Leanlink för 2027 fastställs till 102 372 tkr."
    assert points[2].startswith("Ersättningen till Leanlink för 2028 (6 månader) fastställs till")
    assert [p["nr"] for p in values["forslag"]] == ["1.", "2.", "3."]


def test_written_points_replace_the_default(repo: KommunRepo) -> None:
    text = changed(
        BASE_TEXT,
        "  # förslag_till_beslut: left out, so the default is printed with each year's ersättning",
        "  förslag_till_beslut:\n    - Uppdraget fastställs.\n    - Ärendet förklaras omedelbart "
        "justerat.",
    )
    values = case_values(repo, text)
    assert [p["text"] for p in values["forslag"]] == [
        "Uppdraget fastställs.",
        "Ärendet förklaras omedelbart justerat.",
    ]


def test_mbl_is_planned_until_its_date(repo: KommunRepo) -> None:
    assert (
        plain(case_values(repo)["mbl"]) == "MBL-förhandling är planerad till den 3 december 2026."
    )
    done = changed(
        BASE_TEXT,
        "    form: förhandling\n    datum: 2026-12-03",
        "    form: information\n    datum: 2026-11-02",
    )
    assert plain(case_values(repo, done)["mbl"]) == (
        "Information enligt MBL har lämnats den 2 november 2026."
    )


def test_a_ram_per_year_is_named_with_each_share(repo: KommunRepo) -> None:
    text = changed(
        BASE_TEXT, "  ram: 118_000_000 ", "  ram: {2027: 110_000_000, 2028: 120_000_000} "
    )
    ram = plain(case_values(repo, text)["ekonomi"]["ram"])
    assert ram == (
        "Ersättningen motsvarar 93,1 % av ramen 110 000 000 kr för 2027 och 87,5 % av ramen "
        "120 000 000 kr för 2028 (nämndens budgetram för området)."
    )


def test_without_arende_the_decision_goes_to_the_utforare_and_the_forvaltning(
    repo: KommunRepo,
) -> None:
    values = case_values(repo, BASE_TEXT.split("\närende:")[0] + "\n")
    assert values["skickas_till"] == ["Leanlink", "Social- och omsorgsförvaltningen"]
    assert (values["samrad"], values["mbl"], values["underskrifter"]) == ([], "", [])
    assert values["datum"] == "2026-11-20"  # the latest date in the data: the avstämning
    assert values["markering"] == ""
    assert (
        values["titel"] == "Verksamhetsuppdrag Hemtjänst i egen regi – område Norr, fastställande"
    )


def test_an_utkast_is_marked(repo: KommunRepo) -> None:
    values = case_values(repo, changed(BASE_TEXT, "status: förslag", "status: utkast"))
    assert values["markering"] == "UTKAST"
