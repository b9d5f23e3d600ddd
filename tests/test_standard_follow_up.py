"""Cost per unit in the follow-up (standardkostnad.md, steps 19–22): the spec's K1 2027 to the öre,
UD440–UD442 at their lines, and `uppdrag uppföljning --json` with `per_enhet` and
`samlad_ersättning`."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from uppdrag_docs.cli import main
from uppdrag_docs.findings import Finding
from uppdrag_docs.follow_up.form_files import write_forms
from uppdrag_docs.follow_up.intake import read_in
from uppdrag_docs.follow_up.per_unit import PerUnitYear, combined, per_unit_year
from uppdrag_docs.follow_up.review import read_all
from uppdrag_docs.render.follow_up import build_follow_up_context
from uppdrag_docs.trust.checks import check

from .conftest import line_of
from .test_forms import R3_CELLS, fill
from .test_standard import spec_text
from .uppfoljning_support import PER, FollowRepo

K1 = "R3-2027-K1.yaml"
SPEC_K1_VOLUME = ("volym: 45_200", "volym: 44_100")


def figures(follow: FollowRepo, year: int = 2027) -> PerUnitYear:
    [item] = follow.assess(year).assessment.uppdrag
    found = per_unit_year(item)
    assert found is not None
    return found


def codes(follow: FollowRepo, code: str) -> list[Finding]:
    return follow.findings(code)


def test_the_spec_example_k1_to_the_ore(follow: FollowRepo) -> None:
    follow.kommun.write(spec_text())
    follow.change(K1, *SPEC_K1_VOLUME)
    k1 = figures(follow)
    [period] = k1.periods
    assert (period.volume, period.decided, period.outside_decided, period.outside_actual) == (
        44100,
        25608912,
        1700000,
        1700000,
    )
    assert (k1.comparable_cost, k1.cost, k1.decided, k1.deviation) == (
        23590000,
        D("534.92"),
        D("542.15"),
        D("5.3"),
    )
    assert (len(k1.periods), k1.of, k1.standard, k1.over_tolerance) == (1, 4, D("507.99"), True)
    [attendo, vardaga] = k1.providers
    assert (attendo.name, attendo.price.price, attendo.price.net, attendo.from_file) == (
        "Attendo Hemtjänst AB",
        D("556.00"),
        D("524.53"),
        False,
    )
    assert vardaga.price.deviation == D("3.3")


def test_ud441_at_the_volym_of_the_last_counted_report(follow: FollowRepo) -> None:
    follow.kommun.write(spec_text())
    text = follow.change(K1, *SPEC_K1_VOLUME)
    [finding] = codes(follow, "UD441")
    assert (finding.path.name, finding.position.line, finding.severity.value) == (
        K1,
        line_of(text, "volym: 44_100"),
        "varning",
    )
    assert finding.message.replace("\u00a0", " ") == (
        "kostnaden per utförd timme 2027 enligt öppna böcker är 534,92 kr (+5,3 %) i 1 av 4 "
        "perioder, över standardkostnaden 507,99 kr med mer än toleransen 5 %; inga åtgärder "
        "är angivna"
    )


def test_ud441_names_the_years_åtgärder(follow: FollowRepo) -> None:
    follow.kommun.write(spec_text())
    follow.change(K1, *SPEC_K1_VOLUME)
    follow.change(
        K1,
        "  kommentar: Resultatet",
        "  åtgärder: Schemaläggningen ses över i norr.\n  kommentar: Resultatet",
    )
    [finding] = codes(follow, "UD441")
    assert finding.message.endswith("åtgärder: Schemaläggningen ses över i norr.")


def test_the_example_is_within_the_tolerance(follow: FollowRepo) -> None:
    k1 = figures(follow)
    assert (k1.cost, k1.deviation, k1.over_tolerance) == (D("521.90"), D("2.7"), False)
    assert codes(follow, "UD441") == [] and codes(follow, "UD440") == []


def test_a_report_without_volym(follow: FollowRepo) -> None:
    text = follow.change(K1, "volym: 45_200                  # utförda", "# utförda")
    [finding] = codes(follow, "UD440")
    assert (finding.path.name, finding.position.line) == (K1, line_of(text, "ekonomi:"))
    assert finding.message == (
        "R3 2027-K1 saknar 'volym': uppdraget jämförs med standardkostnaden per utförd timme, "
        "så rapporten ska ange volymen (utförd timme) för perioden"
    )
    k1 = figures(follow)
    assert (k1.periods, k1.cost) == ((), None)


def test_an_uppdrag_without_standardkostnad_needs_no_volym(follow: FollowRepo) -> None:
    text = follow.uppdrag().replace("  standardkostnad:", "  förra_standardkostnad:")
    start = text.index("  förra_standardkostnad:")
    end = text.index("  förväntad_kostnad:")
    follow.kommun.write(text[:start] + text[end:])
    follow.change(K1, "volym: 45_200                  # utförda", "# utförda")
    assert codes(follow, "UD440") == []
    [item] = follow.assess().assessment.uppdrag
    assert per_unit_year(item) is None


def test_the_reports_own_cost_outside_the_standard_counts(follow: FollowRepo) -> None:
    follow.change(
        K1, "  kommentar: Resultatet", "  utanför_standard: 1_500_000\n  kommentar: Resultatet"
    )
    k1 = figures(follow)
    assert (k1.periods[0].outside_decided, k1.periods[0].outside_actual) == (1700000, 1500000)
    assert k1.comparable_cost == 25290000 - 1500000
    assert k1.cost == round(D(23790000) / 45200, 2)


def test_a_price_in_the_likvardighet_file(follow: FollowRepo) -> None:
    follow.change(
        "likvardighet-2027.yaml",
        "  - namn: Vardaga Omsorg AB\n",
        "  - namn: Vardaga Omsorg AB\n    pris: 590.00\n",
    )
    [attendo, vardaga] = figures(follow).providers
    assert (attendo.from_file, vardaga.from_file) == (False, True)
    assert (vardaga.price.price, vardaga.price.net, vardaga.price.deviation) == (
        D("590.00"),
        D("556.60"),
        D("9.6"),
    )


def with_forecast_dates(follow: FollowRepo) -> None:
    path = follow.root / "uppdrag" / "gemensamt" / "kommun.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + 'budgetuppföljning:\n  prognosdatum: ["03-31", "08-31"]\n', "utf-8")


def test_ud442_a_period_with_a_prognosdatum_needs_a_prognos(follow: FollowRepo) -> None:
    with_forecast_dates(follow)
    text = follow.change(K1, "ekonomi:", "ekonomi:")
    [finding] = codes(follow, "UD442")
    assert (finding.path.name, finding.position.line, finding.severity.value) == (
        K1,
        line_of(text, "ekonomi:"),
        "varning",
    )
    assert "prognosdatum 2027-03-31" in finding.message and "prognos_helår" in finding.message


def test_ud442_is_quiet_before_the_report_is_due_and_with_a_prognos(follow: FollowRepo) -> None:
    with_forecast_dates(follow)
    assert codes(follow, "UD442") and follow.findings("UD442", dt.date(2027, 4, 19)) == []
    follow.change(
        K1,
        "  kommentar: Resultatet",
        "  prognos_helår:\n    intäkter: 102_000_000\n    kostnader: 101_800_000\n"
        "  kommentar: Resultatet",
    )
    assert codes(follow, "UD442") == []


def test_ud442_never_fires_without_prognosdatum(follow: FollowRepo) -> None:
    assert codes(follow, "UD442") == []


def test_the_samlad_ersattning_covers_a_deficit_within_the_whole(follow: FollowRepo) -> None:
    follow.change(K1, "    personal: 21_150_000", "    personal: 25_150_000")
    read = read_all(check(root=follow.root))
    whole = combined(read.follow_ups, 2027)
    assert whole is not None
    [row] = whole.rows
    assert (row.uppdrag_id, row.periods, row.of, row.decided, row.result) == (
        "hemtjanst-norr",
        1,
        4,
        25608912,
        25608912 - 29290000,
    )
    assert whole.result == row.result and not whole.within
    assert whole.forecast_result is None


def test_uppfoljning_json_carries_per_enhet_and_samlad_ersattning(
    follow: FollowRepo, in_dir: Any
) -> None:
    in_dir(follow.root)
    result = CliRunner().invoke(main, ["uppföljning", "2027", "--per", PER.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    [item] = data["uppdrag"]
    assert item["per_enhet"] == {
        "typ": "hemtjanst",
        "enhet": "utförd timme",
        "standardkostnad": "507.99",
        "kostnad": "521.90",
        "beslutad": "528.96",  # (25 608 912 − 1 700 000) / 45 200
        "avvikelse": "2.7",
        "över_tolerans": False,
        "volym": "45200",
        "jämförbar_kostnad": "23590000",
        "perioder": 1,
        "av": 4,
        "utförare": [
            {"namn": "Attendo Hemtjänst AB", "pris": "556.00", "pris_exkl_moms": "524.53"},
            {"namn": "Vardaga Omsorg AB", "pris": "556.00", "pris_exkl_moms": "524.53"},
        ],
        "kolada": [
            {
                "kpi": "U21003",
                "kommun": "0580",
                "år": 2026,
                "värde": "571.00",
                "uppräknat": "589.56",
            },
            {
                "kpi": "U21003",
                "kommun": "0000",
                "år": 2026,
                "värde": "562.00",
                "uppräknat": "580.27",
            },
            {
                "kpi": "N21819",
                "kommun": "0580",
                "år": 2026,
                "värde": "219000",
                "uppräknat": "226119.69",
            },
            {
                "kpi": "N21819",
                "kommun": "0000",
                "år": 2026,
                "värde": "211000",
                "uppräknat": "217859.61",
            },
        ],
    }
    assert data["samlad_ersättning"] == {
        "utförare": "Leanlink",
        "rader": [
            {
                "id": "hemtjanst-norr",
                "nämnd": "Socialnämnden",
                "perioder": 1,
                "av": 4,
                "beslutad_ersättning": 25608912,
                "intäkter": 25608912,
                "kostnader": 25290000,
                "resultat": 318912,
                "prognos_resultat": None,
            }
        ],
        "summa": {
            "beslutad_ersättning": 25608912,
            "intäkter": 25608912,
            "kostnader": 25290000,
            "resultat": 318912,
            "prognos_resultat": None,
        },
        "inom_ramen": True,
    }


def economy_rows(form: Path) -> dict[tuple[str, str], tuple[Any, str]]:
    sheet = openpyxl.load_workbook(form)["Ekonomi"]
    return {
        (sheet[f"A{r}"].value, sheet[f"B{r}"].value): (sheet[f"C{r}"].value, f"D{r}")
        for r in range(7, 40)
        if sheet[f"A{r}"].value
    }


def test_the_ekonomi_form_asks_for_the_volume_beside_the_standard(follow: FollowRepo) -> None:
    [form] = write_forms(follow.root, [("hemtjanst-norr", "R3", "2027-K2")])
    rows = economy_rows(form)
    assert rows[("standardkostnad", "volym")][0] == 507.99
    assert rows[("standardkostnad", "utanför_standard")][0] == 1_850_000  # 1 700 000 + T1
    keys = [key for key in rows]
    assert keys.index(("standardkostnad", "volym")) == keys.index(("kostnader", "övrigt")) + 1
    assert rows[("prognos_helår", "intäkter")][0] is None


def test_a_form_without_the_block_is_as_before(follow: FollowRepo) -> None:
    text = follow.uppdrag()
    start, end = text.index("  standardkostnad:"), text.index("  förväntad_kostnad:")
    follow.kommun.write(text[:start] + text[end:])
    [form] = write_forms(follow.root, [("hemtjanst-norr", "R3", "2027-K2")])
    assert [part for part, _ in economy_rows(form)] == (
        ["intäkter"] * 4 + ["kostnader"] * 3 + ["text"] * 2 + ["prognos_helår"] * 2
    )


def test_inläs_writes_volym_and_utanför_standard(follow: FollowRepo, tmp_path: Path) -> None:
    (follow.folder() / K1).unlink()
    [form] = write_forms(follow.root, [("hemtjanst-norr", "R3", "2027-K1")])
    cells = {**R3_CELLS, "Ekonomi!utanför_standard": 1_650_000}
    filled = fill(form, cells, tmp_path / "K1.xlsx")
    result = read_in([filled], per=PER, today=PER, start=follow.root)
    assert not result.has_errors, [f.text() for f in result.findings]
    written = (follow.folder() / K1).read_text(encoding="utf-8")
    assert "volym: 45_200\n" in written
    assert "  utanför_standard: 1_650_000\n" in written
    assert figures(follow).periods[0].outside_actual == 1_650_000


def test_a_negative_volym_is_refused_at_its_cell(follow: FollowRepo, tmp_path: Path) -> None:
    [form] = write_forms(follow.root, [("hemtjanst-norr", "R3", "2027-K2")])
    cell = economy_rows(form)[("standardkostnad", "volym")][1]
    cells = {**R3_CELLS, "Ekonomi!volym": -5}
    result = read_in(
        [fill(form, cells, tmp_path / "K2.xlsx")], per=PER, today=PER, start=follow.root
    )
    errors = [f for f in result.findings if f.is_error]
    assert [(f.code, f.cell) for f in errors] == [("UD112", f"Ekonomi!{cell}")]
    assert not (follow.folder() / "R3-2027-K2.yaml").exists()


def test_a_prognosdatum_marks_the_prognos_and_inläs_warns(
    follow: FollowRepo, tmp_path: Path
) -> None:
    with_forecast_dates(follow)
    (follow.folder() / K1).unlink()
    [form] = write_forms(follow.root, [("hemtjanst-norr", "R3", "2027-K1")])
    rows = economy_rows(form)
    assert rows[("prognos_helår", "intäkter")][0] == "krävs: prognosdatum 2027-03-31"
    result = read_in(
        [fill(form, R3_CELLS, tmp_path / "K1.xlsx")], per=PER, today=PER, start=follow.root
    )
    [warning] = [f for f in result.findings if f.code == "UD442"]
    assert warning.cell == f"Ekonomi!{rows[('prognos_helår', 'intäkter')][1]}"
    assert not warning.is_error


def test_an_empty_volym_is_ud440_at_its_cell(follow: FollowRepo, tmp_path: Path) -> None:
    (follow.folder() / K1).unlink()
    [form] = write_forms(follow.root, [("hemtjanst-norr", "R3", "2027-K1")])
    cell = economy_rows(form)[("standardkostnad", "volym")][1]
    cells = {key: value for key, value in R3_CELLS.items() if key != "Ekonomi!volym"}
    result = read_in(
        [fill(form, cells, tmp_path / "K1.xlsx")], per=PER, today=PER, start=follow.root
    )
    [warning] = [f for f in result.findings if f.code == "UD440"]
    assert (warning.cell, warning.is_error) == (f"Ekonomi!{cell}", False)


def samlad_context(follow: FollowRepo) -> Any:
    result = follow.assess()
    return build_follow_up_context(result.assessment, "Socialnämnden", result.combined)


def test_the_samlad_redovisning_sets_cost_beside_quality(follow: FollowRepo) -> None:
    context = samlad_context(follow)
    [part] = context.values["uppdrag"]
    per_unit = part["per_enhet"]
    keys = ("utforare", "per_enhet", "avvikelse", "kvalitet")
    shown = [tuple(r[k].replace("\u00a0", " ") for k in keys) for r in per_unit["rader"]]
    assert shown == [
        (
            "Leanlink (egen regi), kostnad enligt öppna böcker",
            "521,90 kr",
            "+2,7 %",
            "KK1 14,2, KK2 –",
        ),
        (
            "Attendo Hemtjänst AB, pris exkl. momskompensation",
            "524,53 kr",
            "+3,3 %",
            "KK1 16, KK2 84",
        ),
        ("Vardaga Omsorg AB, pris exkl. momskompensation", "524,53 kr", "+3,3 %", "KK1 13, KK2 90"),
    ]
    assert (
        per_unit["inledning"]
        .replace("\u00a0", " ")
        .startswith(
            "Kostnaden enligt öppna böcker är 521,90 kr per utförd timme 2027 (1 av 4 perioder, "
            "volymen 45 200 i enheten utförd timme), mot standardkostnaden 507,99 kr (uppräknad "
            "från 2026): +2,7 %, inom toleransen 5 %."
        )
    )
    alt = per_unit["diagram"].alt.replace("\u00a0", " ")
    assert alt.startswith("Stapeldiagram över kostnad och pris per utförd timme 2027")
    assert "standardkostnaden 507,99 kr som streckad linje" in alt
    assert "Leanlink (kostnad) 521,90 kr; Attendo Hemtjänst AB 524,53 kr" in alt


def test_the_samlad_ersattning_of_the_whole(follow: FollowRepo) -> None:
    follow.change(K1, "    personal: 21_150_000", "    personal: 25_150_000")
    samlad = samlad_context(follow).values["samlad"]
    rows = [(r["uppdrag"], r["perioder"], r["resultat"], r["markering"]) for r in samlad["rader"]]
    assert [(u, p, r.replace("\u00a0", " "), m) for u, p, r, m in rows] == [
        ("Hemtjänst i egen regi – område Norr", "1 av 4", "−3 681 088", "underskott för egenregin")
    ]
    assert samlad["summa"]["markering"] == "underskott för egenregin"
    assert "egenregin går med underskott" in samlad["slutsats"]


def test_another_nämnds_uppdrag_is_one_row_and_covers_a_deficit(follow: FollowRepo) -> None:
    other = follow.uppdrag().replace("  nämnd: Socialnämnden", "  nämnd: Äldrenämnden")
    follow.kommun.write(other.replace("id: hemtjanst-norr", "id: hemtjanst-syd"), "hemtjanst-syd")
    for name in ("R3-2027-K1.yaml",):
        text = (
            (follow.folder() / name)
            .read_text("utf-8")
            .replace("uppdrag: hemtjanst-norr", "uppdrag: hemtjanst-syd")
        )
        follow.write(name, text, "hemtjanst-syd")
    follow.change(K1, "    personal: 21_150_000", "    personal: 21_700_000")  # −231 088 kr
    samlad = samlad_context(follow).values["samlad"]
    assert [(r["uppdrag"], r["markering"]) for r in samlad["rader"]] == [
        ("Hemtjänst i egen regi – område Norr", "täcks inom den samlade ersättningen"),
        ("Andra nämnders uppdrag (1)", ""),
    ]
    assert samlad["summa"]["perioder"] == "2 av 8"
    assert samlad["slutsats"].endswith(
        "underskottet i Hemtjänst i egen regi – område Norr täcks inom den samlade ersättningen."
    )
    assert samlad["anmarkning"] == (
        "Leanlink hanterar över- eller underskott i enskilda uppdrag inom ramen för sin samlade "
        "ersättning."
    )
