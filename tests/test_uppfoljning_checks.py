"""Every check of the follow-up spec: its code, its severity and the line it points at.

Each test starts from the spec's four example files for hemtjanst-norr and changes one thing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from uppdrag_docs.findings import Finding, Severity

from .conftest import changed, line_of
from .uppfoljning_support import FollowRepo, example

R1, R3 = "R1-2027-T1.yaml", "R3-2027-K1.yaml"
EQUAL, REVIEW = "likvardighet-2027.yaml", "bedomning-2027.yaml"


def one(follow: FollowRepo, code: str, name: str | None = None) -> Finding:
    """The one finding of `code` (in the file `name`, when given)."""
    found = [f for f in follow.findings(code) if name is None or f.path.name == name]
    assert len(found) == 1, [f.text() for f in follow.check().findings]
    return found[0]


def plain(text: str) -> str:
    """A message with its no-break spaces (between digit groups, before kr) as spaces."""
    return text.replace("\u00a0", " ")


def at(finding: Finding, name: str, line: int, severity: Severity = Severity.ERROR) -> None:
    assert (finding.path.name, finding.position.line, finding.severity) == (name, line, severity)


def test_the_spec_examples_have_no_errors(follow: FollowRepo) -> None:
    findings = follow.check().findings
    assert [f.text() for f in findings if f.is_error] == []
    assert {f.code for f in findings} == {"UD420", "UD421", "UD431"}


# --- errors ------------------------------------------------------------------------------


def test_a_period_key_other_than_the_file_name(follow: FollowRepo) -> None:
    text = follow.change(R1, "period: 2027-T1", "period: 2027-T2")
    found = one(follow, "UD401")
    at(found, R1, line_of(text, "period: 2027-T2"))
    assert found.message == "filnamnet säger period 2027-T1, men period är 2027-T2"


def test_a_folder_other_than_the_uppdrag_key(follow: FollowRepo) -> None:
    text = changed(example(R1), "uppdrag: hemtjanst-norr", "uppdrag: hemtjanst-syd")
    follow.write(R1, text)
    found = [f for f in follow.check().findings if f.path.name == R1]
    assert [(f.code, f.position.line) for f in found] == [
        ("UD401", line_of(text, "uppdrag: hemtjanst-syd")),
        ("UD402", line_of(text, "uppdrag: hemtjanst-syd")),
    ]


def test_a_name_that_says_nothing(follow: FollowRepo) -> None:
    follow.write("rapport.yaml", example(R1))
    found = one(follow, "UD401")
    at(found, "rapport.yaml", 1)
    assert "<rapport>-<period>.yaml" in found.message


def test_a_bedomning_of_another_year_than_its_name(follow: FollowRepo) -> None:
    text = follow.change(REVIEW, "år: 2027", "år: 2028")
    at(one(follow, "UD401"), REVIEW, line_of(text, "år: 2028"))


def test_an_unknown_report(follow: FollowRepo) -> None:
    text = follow.change(R1, "rapport: R1", "rapport: R9", rename="R9-2027-T1.yaml")
    found = one(follow, "UD403")
    at(found, "R9-2027-T1.yaml", line_of(text, "rapport: R9"))
    assert found.message == "rapporten 'R9' finns inte i uppdragets rapportering (R1, R2, R3)"


def test_an_unknown_criterion(follow: FollowRepo) -> None:
    text = follow.change(R1, "kriterium: KK3", "kriterium: KK9")
    found = one(follow, "UD404")
    at(found, R1, line_of(text, "kriterium: KK9"))
    assert found.section == "3.2.1"


def test_a_period_of_the_wrong_frequency(follow: FollowRepo) -> None:
    text = follow.change(R1, "period: 2027-T1", "period: 2027-K1", rename="R1-2027-K1.yaml")
    found = one(follow, "UD405")
    at(found, "R1-2027-K1.yaml", line_of(text, "period: 2027-K1"))
    assert found.message == (
        "R1 lämnas per tertial, så perioden ska vara ett tertial som 2027-T1; "
        "2027-K1 är ett kvartal"
    )


def test_a_period_outside_the_uppdrag(follow: FollowRepo) -> None:
    text = follow.change(R1, "period: 2027-T1", "period: 2029-T1", rename="R1-2029-T1.yaml")
    found = one(follow, "UD405")
    at(found, "R1-2029-T1.yaml", line_of(text, "period: 2029-T1"))
    assert "utanför uppdragets period 2027-01-01–2028-12-31" in found.message


def test_a_period_key_that_is_no_period(follow: FollowRepo) -> None:
    text = follow.change(R1, "period: 2027-T1", "period: 2027-T4")
    found = [f for f in follow.check().findings if f.path.name == R1 and f.is_error]
    assert [(f.code, f.position.line) for f in found] == [
        ("UD112", line_of(text, "period: 2027-T4"))
    ]
    assert "'2027-T4' är ingen period" in found[0].message


def test_a_criterion_the_report_does_not_carry(follow: FollowRepo) -> None:
    text = follow.change(R1, "kriterium: KK3", "kriterium: KK2")
    found = one(follow, "UD406")
    at(found, R1, line_of(text, "kriterium: KK2"))
    assert found.message == "KK2 redovisas inte i R1 utan i R2"


def test_likvardighet_of_a_criterion_that_binds_only_egen_regi(follow: FollowRepo) -> None:
    text = follow.change(EQUAL, "kriterium: KK2", "kriterium: KK3")
    found = one(follow, "UD406")
    at(found, EQUAL, line_of(text, "kriterium: KK3"))


def test_a_value_that_is_not_a_number(follow: FollowRepo) -> None:
    text = follow.change(R1, "värde: 93.1", "värde: nittio")
    found = one(follow, "UD407")
    at(found, R1, line_of(text, "värde: nittio"))
    assert found.message == "'nittio' är inget tal; värdet ska vara ett tal i kriteriets enhet"


def test_a_percentage_above_100(follow: FollowRepo) -> None:
    text = follow.change(R1, "värde: 93.1", "värde: 931")
    found = one(follow, "UD407")
    at(found, R1, line_of(text, "värde: 931"))
    assert found.message == "KK3 mäts i procent; 931 ligger utanför 0–100"


@pytest.mark.parametrize(
    ("name", "old"),
    [(R1, "värde: 14.2"), (R3, "personal: 21_150_000"), (R3, "utfall: 6_240")],
)
def test_a_figure_of_more_digits_than_decimal_arithmetic_holds(
    follow: FollowRepo, name: str, old: str
) -> None:
    """An error at its line, not an internal error of the checks that compute with it."""
    new = old.split(":")[0] + ": 1" + "0" * 40
    text = follow.change(name, old, new)
    errors = [f for f in follow.check().findings if f.is_error]
    assert [(f.path.name, f.position.line) for f in errors] == [(name, line_of(text, new))]


def test_a_text_target_without_bedomning(follow: FollowRepo) -> None:
    follow.uppdrag("minst: 88\n      enhet: procent", "text: Brukarna känner sig trygga.")
    text = changed(example("R2-2027.yaml"), "värde: 89", "kommentar: Ingen bedömning.")
    follow.write("R2-2027.yaml", text)
    found = one(follow, "UD408", "R2-2027.yaml")
    at(found, "R2-2027.yaml", line_of(text, "- kriterium: KK2"))
    assert found.message == "KK2 saknar 'bedömning' (eller 'ej_mätt' med skälet)"


def test_a_number_target_with_a_bedomning(follow: FollowRepo) -> None:
    text = follow.change(R1, "värde: 14.2", "bedömning: uppfyllt")
    at(one(follow, "UD408"), R1, line_of(text, "bedömning: uppfyllt"))


def test_a_value_and_ej_matt_together(follow: FollowRepo) -> None:
    text = follow.change(R1, "värde: 14.2", "värde: 14.2\n    ej_mätt: Mätningen blev inte av.")
    at(one(follow, "UD408"), R1, line_of(text, "ej_mätt:"))


@pytest.mark.parametrize(
    ("name", "old", "message"),
    [
        (R1, "utfall:", "R1 är en kvalitetsrapport och ska ha 'utfall'"),
        (R3, "ekonomi:", "R3 är en ekonomirapport och ska ha 'ekonomi'"),
    ],
)
def test_a_report_without_what_its_type_needs(
    follow: FollowRepo, name: str, old: str, message: str
) -> None:
    text = example(name)
    follow.write(name, text[: text.index(old)])
    found = [f for f in follow.findings("UD409") if f.message == message]
    assert len(found) == 1
    at(found[0], name, line_of(text, "rapport:"))


def test_an_ekonomi_report_without_the_volume_of_a_rorlig_item(follow: FollowRepo) -> None:
    text = example(R3)
    follow.write(R3, text[: text.index("volymer:")] + "brukare: 818\n")
    found = one(follow, "UD409")
    assert found.message == "R3 ska redovisa volymen för varje rörlig post; 'volymer' saknar timme"


def test_an_override_without_motivering(follow: FollowRepo) -> None:
    text = example(REVIEW)
    start = text.index("    motivering: Avvikelsen")
    follow.write(REVIEW, text[:start] + text[text.index("förslag_till_beslut") :])
    found = one(follow, "UD410")
    at(found, REVIEW, line_of(text, "- kriterium: KK3"))
    assert (
        found.message == "förvaltningens bedömning saknar motivering; en bedömning är aldrig tyst"
    )


def test_a_goal_bedomning_without_motivering(follow: FollowRepo) -> None:
    text = follow.change(
        REVIEW,
        "    motivering: Positivt resultat, men kostnaden per timme har ökat mer "
        "än uppräkningen.\n",
        "",
    )
    found = one(follow, "UD410")
    at(found, REVIEW, line_of(text, "- mål: 2"))
    assert found.message.startswith("målets bedömning saknar motivering")


def test_a_goal_the_uppdrag_does_not_have(follow: FollowRepo) -> None:
    text = follow.change(REVIEW, "- mål: 2", "- mål: 3")
    found = one(follow, "UD411")
    at(found, REVIEW, line_of(text, "- mål: 3"))
    assert found.message == "uppdraget har 2 mål, så mål 3 finns inte"


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        (R1, "kommentar: Mätt vecka 10–11.", "kommentar: Mätt hos 19450101-1234."),
        (R1, "åtgärder: En reservbil", "åtgärder: Brukare 450101-1234 fick en reservbil"),
        (R1, "inlämnad_av: Leanlink, Hemtjänst Norr", "inlämnad_av: Anna 4501011234"),
        (R1, "värde: 14.2", "ej_mätt: 194501011234 var sjuk"),
        (R1, "# Egenregins rapport R1", "# Rapporten gäller 19450101+1234, R1"),
        (EQUAL, "källa: Avtalsuppföljning 2027", "källa: Uppgift från 450161-1234"),
        (REVIEW, "motivering: Avvikelsen", "motivering: Avvikelsen för 19450101-1234"),
        (R3, "kommentar: Resultatet", "kommentar: Gäller 19450101-1234. Resultatet"),
    ],
)
def test_a_personnummer_in_any_text(follow: FollowRepo, name: str, old: str, new: str) -> None:
    text = follow.change(name, old, new)
    found = [f for f in follow.findings("UD412") if f.path.name == name]
    assert len(found) == 1
    at(found[0], name, line_of(text, new))
    assert "ser ut som ett personnummer" in found[0].message


def test_numbers_that_are_not_personnummer(follow: FollowRepo) -> None:
    follow.change(R1, "kommentar: Mätt vecka 10–11.", "kommentar: 22 270 512 kr, 2027-05-27, 6240.")
    assert follow.findings("UD412") == []


def test_an_unknown_cost_type_and_rorlig_item(follow: FollowRepo) -> None:
    follow.change(R3, "    övrigt: 3_020_000", "    mat: 3_020_000")
    text = follow.change(R3, "- post: timme", "- post: dygn")
    found = follow.findings("UD413")
    assert [(f.position.line, f.severity) for f in found] == [
        (line_of(text, "mat: 3_020_000"), Severity.ERROR),
        (line_of(text, "- post: dygn"), Severity.ERROR),
    ]
    assert found[1].message == "'dygn' är ingen rörlig post i uppdraget (posterna: timme)"


def test_the_same_criterion_twice(follow: FollowRepo) -> None:
    text = follow.change(R1, "kriterium: KK3", "kriterium: KK1")
    found = one(follow, "UD414")
    at(found, R1, line_of(text, "kriterium: KK1", 2))


def test_an_unknown_key_names_the_closest(follow: FollowRepo) -> None:
    text = follow.change(R1, "kommentar: Mätt", "kommentarer: Mätt")
    found = one(follow, "UD110")
    at(found, R1, line_of(text, "kommentarer:"))
    assert found.message == "okänd nyckel 'kommentarer'; menade du 'kommentar'?"


def test_raw_html_in_a_comment(follow: FollowRepo) -> None:
    text = follow.change(R1, "kommentar: Mätt vecka 10–11.", "kommentar: Mätt vecka 10.<br>")
    at(one(follow, "UD240"), R1, line_of(text, "<br>"))


def test_broken_yaml_is_a_sentence_at_its_line(follow: FollowRepo) -> None:
    text = follow.change(R1, "värde: 14.2", "värde: [14.2")
    found = one(follow, "UD101")
    assert found.path.name == R1 and found.message.startswith("YAML-syntaxfel")
    assert found.position.line >= line_of(text, "värde: [14.2")


# --- warnings ----------------------------------------------------------------------------


def test_a_report_due_by_per_that_is_missing(follow: FollowRepo) -> None:
    text = follow.uppdrag()
    found = [f for f in follow.findings("UD420") if "2027-T2" in f.message]
    assert len(found) == 1
    assert found[0].path.name == "hemtjanst-norr.yaml"
    assert found[0].position.line == line_of(text, "- id: R1")
    assert found[0].severity is Severity.WARNING
    assert found[0].message == (
        "R1 för 2027-T2 skulle ha lämnats senast 2027-09-30, men "
        "uppfoljning/hemtjanst-norr/R1-2027-T2.yaml saknas"
    )


def test_a_report_is_missing_from_the_day_it_is_due(follow: FollowRepo) -> None:
    """R3 2027-K2 is due 2027-07-20: "due by per" means a due date on or before per."""
    assert follow.findings("UD420", per=dt.date(2027, 7, 19)) == []
    [missing] = follow.findings("UD420", per=dt.date(2027, 7, 20))
    assert missing.message.startswith("R3 för 2027-K2 skulle ha lämnats senast 2027-07-20")


def test_a_late_report_says_how_many_days(follow: FollowRepo) -> None:
    found = one(follow, "UD421")
    at(found, R3, line_of(example(R3), "inlämnad:"), Severity.WARNING)
    assert found.message == "R3 2027-K1 lämnades 2027-04-22, 2 dagar efter sista dagen 2027-04-20"


def test_delivered_on_the_due_date_is_in_time(follow: FollowRepo) -> None:
    follow.change(R3, "inlämnad: 2027-04-22", "inlämnad: 2027-04-20")
    assert follow.findings("UD421") == []


def test_ej_matt_and_an_omitted_criterion(follow: FollowRepo) -> None:
    text = follow.change(R1, "värde: 14.2", "ej_mätt: Mätningen gjordes inte under tertialet.")
    found = one(follow, "UD422")
    at(found, R1, line_of(text, "ej_mätt:"), Severity.WARNING)
    assert found.message == "KK1 är inte mätt för 2027-T1: Mätningen gjordes inte under tertialet."
    text = example(R1)
    follow.write(R1, text[: text.index("  - kriterium: KK3")])
    found = one(follow, "UD422")
    at(found, R1, line_of(text, "utfall:"), Severity.WARNING)
    assert found.message.startswith("KK3 redovisas i R1 men saknas i utfallet för 2027-T1")


def test_an_outcome_below_target_without_atgarder(follow: FollowRepo) -> None:
    text = follow.change(R1, "    åtgärder: En reservbil är hyrd från och med april.\n", "")
    found = one(follow, "UD427")
    at(found, R1, line_of(text, "- kriterium: KK3"), Severity.WARNING)
    assert found.message == (
        "KK3 2027-T1: 93,1 procent är delvis uppfyllt, men utfallet anger inga åtgärder"
    )


def test_upphandlade_utforare_are_not_asked_for_atgarder(follow: FollowRepo) -> None:
    follow.change(EQUAL, "värde: 16", "värde: 30")
    assert follow.findings("UD427") == []


DEFICIT_COSTS = ("personal: 21_150_000", "personal: 21_550_000")
"""Costs 400 000 kr higher: K1's resultat 318 912 kr becomes −81 088 kr."""


def test_a_deficit_in_a_period_names_its_atgarder(follow: FollowRepo) -> None:
    text = follow.change(R3, *DEFICIT_COSTS)
    found = follow.findings("UD423")
    assert len(found) == 1
    at(found[0], R3, line_of(text, "ekonomi:"), Severity.WARNING)
    assert plain(found[0].message) == (
        "resultatet för 2027-K1 är −81 088 kr (intäkter 25 608 912 kr, kostnader "
        "25 690 000 kr): underskott; inga åtgärder är angivna"
    )
    follow.change(
        R3, "  kommentar: Resultatet", "  åtgärder: Bemanningen ses över.\n  kommentar: Resultatet"
    )
    assert follow.findings("UD423")[0].message.endswith("åtgärder: Bemanningen ses över.")


def test_a_deficit_over_the_year_and_over_the_utforare(follow: FollowRepo) -> None:
    k2 = changed(example("R3-2027-K2.yaml"), "personal: 21_400_000", "personal: 21_800_000")
    path = follow.write("R3-2027-K2.yaml", k2)
    found = follow.check().findings
    deficits = [f for f in found if f.code == "UD423"]
    assert [(f.path.name, plain(f.message).split(":")[0]) for f in deficits] == [
        (
            "R3-2027-K2.yaml",
            "resultatet för 2027-K2 är −342 738 kr (intäkter 25 657 262 kr, kostnader "
            "26 000 000 kr)",
        ),
        (
            "R3-2027-K2.yaml",
            "resultatet för 2027 är −23 826 kr, summan av de 2 av årets 4 ekonomirapporter "
            "som lämnats",
        ),
    ]
    [whole] = [f for f in found if f.code == "UD425"]
    assert (whole.path, whole.position.line, whole.severity) == (
        path,
        line_of(k2, "ekonomi:"),
        Severity.WARNING,
    )
    assert plain(whole.message) == (
        "utförarens resultat för 2027, summerat över 1 uppdrag med ekonomirapporter, är "
        "−23 826 kr: egenregin går med underskott, vilket riktlinjen inte tillåter"
    )


def test_a_full_year_forecast_with_a_deficit(follow: FollowRepo) -> None:
    text = follow.change(
        R3,
        "  kommentar: Resultatet",
        "  prognos_helår:\n    intäkter: 102_000_000\n    kostnader: 102_500_000\n"
        "  kommentar: Resultatet",
    )
    found = one(follow, "UD424")
    at(found, R3, line_of(text, "prognos_helår:"), Severity.WARNING)
    assert plain(found.message) == (
        "prognosen för helåret 2027 visar underskott: intäkter 102 000 000 kr, kostnader "
        "102 500 000 kr, resultat −500 000 kr; inga åtgärder är angivna"
    )


def test_intakter_that_differ_from_the_decision(follow: FollowRepo) -> None:
    text = follow.change(R3, "rörlig: 3_338_400", "rörlig: 3_338_000")
    found = one(follow, "UD426")
    at(found, R3, line_of(text, "rörlig: 3_338_000"), Severity.WARNING)
    assert plain(found.message) == (
        "rörlig 2027-K1: rapporten anger 3 338 000 kr, men den rörliga ersättningen (pris × "
        "utförd volym) enligt beslutet är 3 338 400 kr (skillnad −400 kr)"
    )


def test_intakter_within_a_krona_match(follow: FollowRepo) -> None:
    follow.change(R3, "ersättning: 22_270_512", "ersättning: 22_270_513")
    assert follow.findings("UD426") == []


def test_a_tillaggsuppdrag_part_is_compared_with_its_months(follow: FollowRepo) -> None:
    text = changed(example("R3-2027-K2.yaml"), "tilläggsuppdrag: 150_000", "tilläggsuppdrag: 0")
    follow.write("R3-2027-K2.yaml", text)
    found = one(follow, "UD426")
    assert plain(found.message).endswith("är 150 000 kr (skillnad −150 000 kr)")


def test_a_likvardig_criterion_without_figures(follow: FollowRepo) -> None:
    uppdrag = follow.uppdrag()
    text = example(EQUAL)
    for value in ("84", "90"):
        text = changed(text, f"      - kriterium: KK2\n        värde: {value}\n", "")
    follow.write(EQUAL, text)
    found = one(follow, "UD428")
    assert found.path.name == "hemtjanst-norr.yaml"
    assert (found.position.line, found.severity) == (
        line_of(uppdrag, "- id: KK2"),
        Severity.WARNING,
    )
    assert found.message.startswith("KK2 binder även upphandlad verksamhet, men 2027 har inga")
    assert follow.findings("UD428", per=dt.date(2027, 12, 31)) == []


def test_no_likvardighet_is_asked_when_egen_regi_is_alone(follow: FollowRepo) -> None:
    follow.uppdrag(
        "  antal_brukare: 1240\n  utförare:\n    - namn: Leanlink\n      brukare: 812\n"
        "    - namn: Attendo Hemtjänst AB\n      brukare: 268\n"
        "    - namn: Vardaga Omsorg AB\n      brukare: 160\n",
        "  antal_brukare: 812\n  utförare:\n    - namn: Leanlink\n      brukare: 812\n",
    )
    (follow.folder() / EQUAL).unlink()
    assert follow.findings("UD428") == []


def test_a_year_over_without_bedomning(follow: FollowRepo) -> None:
    uppdrag = follow.uppdrag()
    (follow.folder() / REVIEW).unlink()
    found = one(follow, "UD429")
    assert (found.path.name, found.position.line, found.severity) == (
        "hemtjanst-norr.yaml",
        line_of(uppdrag, "id: hemtjanst-norr"),
        Severity.WARNING,
    )
    assert found.message == (
        "2027 är slut och uppdraget har rapporter för året, men förvaltningens bedömning "
        "saknas (uppfoljning/hemtjanst-norr/bedomning-2027.yaml)"
    )
    assert follow.findings("UD429", per=dt.date(2027, 12, 31)) == []


def test_an_utforare_not_in_the_nulagesanalys(follow: FollowRepo) -> None:
    text = follow.change(EQUAL, "namn: Vardaga Omsorg AB", "namn: Nytida AB")
    found = one(follow, "UD430")
    at(found, EQUAL, line_of(text, "namn: Nytida AB"), Severity.WARNING)


def test_follow_up_of_an_uppdrag_that_is_not_fastställt(follow: FollowRepo) -> None:
    uppdrag = follow.uppdrag()
    found = one(follow, "UD431")
    assert (found.path.name, found.position.line, found.severity) == (
        "hemtjanst-norr.yaml",
        line_of(uppdrag, "status: förslag"),
        Severity.WARNING,
    )


def test_amounts_are_whole_kronor(follow: FollowRepo) -> None:
    text = follow.change(R3, "ersättning: 22_270_512", "ersättning: 22_270_512.50")
    found = one(follow, "UD112")
    at(found, R3, line_of(text, "ersättning: 22_270_512.50"))
    assert found.message == (
        "'ekonomi.intäkter.ersättning' är '22270512.50', men ska vara hela kronor, utan öre"
    )


REFERENCE_ROWS = (
    "referens:\n  - namn: Riket\n    utfall:\n      - kriterium: KK2\n        värde: 79\n"
)


def test_a_reference_row_is_checked_like_an_utförare(follow: FollowRepo) -> None:
    follow.change(EQUAL, "utförare:\n", REFERENCE_ROWS + "utförare:\n")
    assert [f.text() for f in follow.check().findings if f.path.name == EQUAL] == []
    text = follow.change(
        EQUAL, "kriterium: KK2\n        värde: 79", "kriterium: KK3\n        värde: 79"
    )
    at(one(follow, "UD406"), EQUAL, line_of(text, "kriterium: KK3"))


def test_a_reference_named_twice(follow: FollowRepo) -> None:
    twice = REFERENCE_ROWS + REFERENCE_ROWS.removeprefix("referens:\n")
    text = follow.change(EQUAL, "utförare:\n", twice + "utförare:\n")
    found = one(follow, "UD414")
    at(found, EQUAL, line_of(text, "- namn: Riket", 2))
    assert found.message == "referensen 'Riket' finns redan som nummer 1"


def test_antal_svar_is_a_whole_number_not_below_zero(follow: FollowRepo) -> None:
    text = follow.change(R1, "värde: 93.1", "värde: 93.1\n    antal_svar: -3")
    found = [f for f in follow.check().findings if f.path.name == R1 and f.is_error]
    assert [(f.code, f.position.line) for f in found] == [("UD112", line_of(text, "antal_svar"))]
