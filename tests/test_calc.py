"""The calculation of format.md: the worked example and cases computed by hand."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uppdrag_docs.calc.engine import Calculation, calculate
from uppdrag_docs.calc.rounding import round_money, split_exactly
from uppdrag_docs.cli import main
from uppdrag_docs.format.document import Document, parse_into
from uppdrag_docs.format.schema import Uppdrag
from uppdrag_docs.format.shared import Indexation

from .conftest import BASE_TEXT, EXAMPLES, KommunRepo, changed, column_of, examples, line_of

D = Decimal


def load_base(text: str = BASE_TEXT) -> Uppdrag:
    doc = Document(path=EXAMPLES / "x.yaml")
    parse_into(doc, text.encode())
    return Uppdrag.model_validate(doc.data)


INDEX = Indexation.model_validate(
    {
        "år": {
            2027: {"personal": D("0.035"), "lokaler": D("0.020"), "övrigt": D("0.018")},
            2028: {"personal": D("0.031"), "lokaler": D("0.020"), "övrigt": D("0.016")},
            2029: {"personal": D("0.030"), "lokaler": D("0.020"), "övrigt": D("0.015")},
        }
    }
)


def test_rounding_is_half_away_from_zero() -> None:
    assert round_money(D("2.5")) == 3
    assert round_money(D("-2.5")) == -3
    assert round_money(D("550.2475"), D("0.01")) == D("550.25")
    assert round_money(D("-870525.74")) == -870526


def test_worked_example_of_format_md() -> None:
    year = calculate(load_base(), INDEX).year(2027)
    assert year.indexation == 2_702_574
    assert year.efficiency == -870_526
    assert year.annual_fixed == 89_082_048
    # 84 350 000 × (0.82 × 0.035 + 0.05 × 0.020 + 0.13 × 0.018) = 84 350 000 × 0.03204
    assert [p.amount for p in year.indexation_parts] == [2_420_845, 84_350, 197_379]
    assert year.volume == 25 * 68_000
    assert year.ambition == 1_200_000
    # variable: 535 kr × 24 000 h; T1: 450 000 kr, all of it in 2027 (April–December)
    assert year.variable_total == 12_840_000
    assert year.additional_total == 450_000
    assert year.total == 89_082_048 + 12_840_000 + 450_000
    # varav OH: 0.035 × 89 082 048 = 3 117 871.68
    assert year.overhead == 3_117_872
    assert year.difference == 102_372_048 - 102_000_000


def test_second_year_builds_on_the_first() -> None:
    year = calculate(load_base(), INDEX).year(2028)
    assert year.base == 89_082_048
    # 89 082 048 × (0.82 × 0.031 + 0.05 × 0.020 + 0.13 × 0.016) = 89 082 048 × 0.0285
    assert year.indexation == 2_538_838  # 2 538 838.368
    assert year.volume == 15 * 70_000
    # −0.01 × (89 082 048 + 2 538 838) = −916 208.86
    assert year.efficiency == -916_209
    assert year.annual_fixed == 89_082_048 + 2_538_838 + 1_050_000 - 916_209


def test_variable_price_is_raised_by_the_weighted_index_each_year() -> None:
    text = changed(BASE_TEXT, "till: 2028-12-31", "till: 2029-12-31")
    calc = calculate(load_base(text), INDEX)
    # 2028: 535 × 1.0285 = 550.2475 → 550.25
    # 2029: 550.25 × (1 + 0.82 × 0.030 + 0.05 × 0.020 + 0.13 × 0.015) = 550.25 × 1.02755
    #       = 565.409… → 565.41
    prices = [calc.year(y).variable[0].price for y in (2027, 2028, 2029)]
    assert prices == [D("535.00"), D("550.25"), D("565.41")]
    assert calc.year(2029).variable_total == 13_569_840  # 565.41 × 24 000


def test_period_starting_and_ending_mid_year() -> None:
    text = changed(
        BASE_TEXT, "från: 2027-01-01\n  till: 2028-12-31", "från: 2027-07-01\n  till: 2028-06-30"
    )
    text = changed(text, "driftskostnad_basår: 84_350_000", "driftskostnad_basår: 1_000_000")
    text = changed(text, "personal: 0.82\n    lokaler: 0.05\n    övrigt: 0.13", "personal: 1")
    uppdrag = load_base(text)
    uppdrag = uppdrag.model_copy(
        update={
            "compensation": uppdrag.compensation.model_copy(
                update={"volume_changes": [], "ambition_changes": [], "variable": []}
            ),
            "additional": [],
        }
    )
    calc = calculate(uppdrag, INDEX)
    first, second = calc.years
    # 2027: U = 1 000 000 × 0.035 = 35 000; E = −0.01 × 1 035 000 = −10 350
    #       F = 1 024 650; six months: 512 325
    assert (first.months, first.indexation, first.efficiency) == (6, 35_000, -10_350)
    assert (first.annual_fixed, first.fixed_for_period) == (1_024_650, 512_325)
    # 2028: B = 1 024 650; U = 31 764.15 → 31 764; E = −0.01 × 1 056 414 = −10 564.14 → −10 564
    #       F = 1 045 850; six months: 522 925
    assert (second.base, second.indexation, second.efficiency) == (1_024_650, 31_764, -10_564)
    assert (second.annual_fixed, second.fixed_for_period) == (1_045_850, 522_925)
    assert calc.total == 512_325 + 522_925


def test_additional_assignment_spanning_a_new_year_adds_up_exactly() -> None:
    text = changed(
        BASE_TEXT,
        "från: 2027-04-01\n      till: 2027-12-31",
        "från: 2027-09-01\n      till: 2028-03-31",
    )
    text = changed(text, "ersättning: 450_000", "ersättning: 100_000")
    calc = calculate(load_base(text), INDEX)
    # 7 months: 2027 gets 100 000 × 4/7 = 57 142.86 → 57 143; 2028 takes the remainder 42 857
    assert calc.year(2027).additional[0].amount == 57_143
    assert calc.year(2028).additional[0].amount == 42_857


def test_thousands_add_up_as_printed() -> None:
    calc = calculate(load_base(), INDEX, unit="tkr")
    first, second = calc.years
    # 2027: 84 350 + 2 703 + 1 700 + 1 200 − 871 = 89 082; + 12 840 + 450 = 102 372
    assert (first.base, first.indexation, first.efficiency) == (84_350, 2_703, -871)
    assert (first.annual_fixed, first.total) == (89_082, 102_372)
    # 2028 starts from the F shown: 89 082 + 2 539 + 1 050 − 916 = 91 755; + 13 206 = 104 961
    assert (second.base, second.annual_fixed, second.total) == (89_082, 91_755, 104_961)
    assert calc.unit == "tkr"


def assert_adds_up(calc: Calculation) -> None:
    previous = None
    for y in calc.years:
        assert y.indexation == sum(p.amount for p in y.indexation_parts)
        assert y.volume == sum(v.amount for v in y.volume_lines)
        assert y.ambition == sum(a.amount for a in y.ambition_lines)
        assert y.annual_fixed == y.base + y.indexation + y.volume + y.ambition + y.efficiency
        assert y.variable_total == sum(v.amount for v in y.variable)
        assert y.additional_total == sum(a.amount for a in y.additional)
        assert y.total == y.fixed_for_period + y.variable_total + y.additional_total
        for value in (y.indexation, y.efficiency, y.total, y.fixed_for_period, y.overhead):
            assert value == value.to_integral_value()
        if previous is not None:
            assert y.base == previous.annual_fixed
        previous = y


money = st.integers(min_value=0, max_value=500_000_000).map(D)
share = st.integers(min_value=0, max_value=100).map(lambda n: D(n) / 1000)


@st.composite
def inputs(draw: Any) -> tuple[Uppdrag, Indexation]:
    start_year = draw(st.integers(2027, 2028))
    start_month = draw(st.integers(1, 12))
    length = draw(st.integers(1, 40))
    end_month_index = start_month - 1 + length - 1
    end_year, end_month = start_year + end_month_index // 12, end_month_index % 12 + 1
    import calendar

    last = calendar.monthrange(end_year, end_month)[1]
    years = list(range(start_year, end_year + 1))
    weights = draw(st.lists(st.integers(1, 100), min_size=3, max_size=3))
    total = sum(weights)
    shares = [D(w) / D(total) for w in weights]
    shares = [round_money(s, D("0.0001")) for s in shares[:-1]]
    shares.append(D(1) - sum(shares))
    base = load_base()
    comp = base.compensation.model_copy(
        update={
            "base_cost": draw(money),
            "cost_shares": dict(zip(["personal", "lokaler", "övrigt"], shares, strict=True)),
            "efficiency": draw(st.one_of(share, st.just(D(0)))),
            "overhead_share": draw(share),
            "volume_changes": [
                v.model_copy(
                    update={
                        "year": draw(st.sampled_from(years)),
                        "count": D(draw(st.integers(-50, 50))),
                    }
                )
                for v in base.compensation.volume_changes
            ],
            "variable": [
                v.model_copy(
                    update={
                        "price": D(draw(st.integers(1, 200_000))) / 100,
                        "forecast": D(draw(st.integers(0, 100_000))),
                    }
                )
                for v in base.compensation.variable
            ],
        }
    )
    import datetime as dt

    period = base.period.model_copy(
        update={
            "start": dt.date(start_year, start_month, 1),
            "end": dt.date(end_year, end_month, last),
        }
    )
    extra = [
        t.model_copy(update={"period": period, "amount": draw(money)}) for t in base.additional
    ]
    uppdrag = base.model_copy(update={"compensation": comp, "period": period, "additional": extra})
    index = Indexation.model_validate(
        {"år": {y: {k: draw(share) for k in ("personal", "lokaler", "övrigt")} for y in years}}
    )
    return uppdrag, index


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs())
def test_every_table_adds_up_as_printed(case: tuple[Uppdrag, Indexation]) -> None:
    uppdrag, index = case
    calc = calculate(uppdrag, index)
    assert_adds_up(calc)
    assert_adds_up(calculate(uppdrag, index, unit="tkr"))
    for extra in uppdrag.additional:
        parts = [a.amount for y in calc.years for a in y.additional if a.label.startswith(extra.id)]
        assert sum(parts) == round_money(extra.amount)


@given(st.integers(0, 10**9), st.lists(st.integers(0, 12), min_size=1, max_size=6))
def test_split_exactly_adds_up(total: int, weights: list[int]) -> None:
    parts = split_exactly(D(total), [D(w) for w in weights])
    if sum(weights):
        assert sum(parts) == total
        assert all(p == p.to_integral_value() for p in parts)


def test_calc_cli_prints_each_line(repo: KommunRepo, in_dir: Any) -> None:
    repo.write(BASE_TEXT)
    in_dir(repo.root)
    result = CliRunner().invoke(main, ["calc", "hemtjanst-norr", "--år", "2027"])
    assert result.exit_code == 0, result.output
    rows = {}
    calculation = result.output.split("Jämförelse med standardkostnad")[0]
    for line in calculation.splitlines():
        cells = [c.strip() for c in line.strip("│ ").split("│")]
        if len(cells) == 2 and cells[1].endswith("kr"):
            rows[cells[0]] = cells[1]
    nbsp = "\u00a0"
    expected = {
        "Driftskostnad basår 2026": "84 350 000 kr",
        "Uppräkning enligt uppräkningsmodellen": "2 702 574 kr",
        "Personal: 82 % × 3,5 %": "2 420 845 kr",
        "Lokaler: 5 % × 2 %": "84 350 kr",
        "Övrigt: 13 % × 1,8 %": "197 379 kr",
        "Volymförändringar": "1 700 000 kr",
        "Fler brukare med omfattande behov: 25 × 68 000 kr": "1 700 000 kr",
        "Ambitionsförändringar": "1 200 000 kr",
        "Utökad nattpatrull": "1 200 000 kr",
        "Effektiviseringskrav (1 %)": "−870 526 kr",
        "Årlig fast ersättning": "89 082 048 kr",
        "Fast ersättning för perioden (12 av 12 månader)": "89 082 048 kr",
        "Rörlig ersättning": "12 840 000 kr",
        "Utförd hemtjänsttimme utöver grundvolym: 24 000 × 535 kr per timme": "12 840 000 kr",
        "Tilläggsuppdrag": "450 000 kr",
        "T1 Trygghetsskapande insatser vintertid": "450 000 kr",
        "Total ersättning 2027": "102 372 048 kr",
        "varav OH-kostnader": "3 117 872 kr",
        "Förväntad kostnad enligt utförarens kalkyl": "102 000 000 kr",
        "Skillnad mot förväntad kostnad": "372 048 kr",
    }
    got = {k.replace(nbsp, " "): v.replace(nbsp, " ") for k, v in rows.items()}
    assert got == expected
    assert "Ersättning 2028" not in result.output


def test_calc_json_gives_exact_amounts_with_sources(repo: KommunRepo, in_dir: Any) -> None:
    path = repo.write(BASE_TEXT)
    in_dir(repo.root)
    result = CliRunner().invoke(main, ["calc", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    years = {y["år"]: {r["nyckel"]: r for r in y["rader"]} for y in data["år"]}
    assert years[2027]["F"]["belopp"] == "89082048"
    assert years[2027]["E"]["belopp"] == "-870526"
    assert years[2027]["R.ersättning.rörlig[0]"]["källa"] == "ersättning.rörlig[0]"
    assert years[2028]["B"]["belopp"] == "89082048"
    assert years[2028]["R.ersättning.rörlig[0]"]["etikett"].endswith("550,25\u00a0kr per timme")


def test_calc_refuses_a_file_with_errors(repo: KommunRepo, in_dir: Any) -> None:
    repo.write(changed(BASE_TEXT, "antal_brukare: 1240", "antal_brukare: x"))
    in_dir(repo.root)
    result = CliRunner().invoke(main, ["calc", "hemtjanst-norr"])
    assert result.exit_code == 1
    text = changed(BASE_TEXT, "antal_brukare: 1240", "antal_brukare: x")
    where = f"{line_of(text, 'antal_brukare: x')}:{column_of(text, 'antal_brukare: x') + 15}"
    assert result.output == (
        "uppdrag: fel: uppdraget har fel; rätta dem först:\n"
        f"uppdrag/hemtjanst-norr.yaml:{where}: fel UD112: "
        "'nulägesanalys.antal_brukare' är 'x', men ska vara ett heltal\n"
    )


@pytest.mark.parametrize("unit", ["kr", "tkr"])
def test_calc_uses_the_kommuns_unit(repo: KommunRepo, in_dir: Any, unit: str) -> None:
    kommun = repo.uppdrag_dir / "gemensamt" / "kommun.yaml"
    kommun.write_text(
        changed(kommun.read_text(encoding="utf-8"), "belopp_i: kr", f"belopp_i: {unit}"),
        encoding="utf-8",
    )
    repo.write(BASE_TEXT)
    in_dir(repo.root)
    result = CliRunner().invoke(main, ["calc", "hemtjanst-norr", "--år", "2027"])
    expected = "102 372 048 kr" if unit == "kr" else "102 372 tkr"
    assert expected in result.output.replace("\u00a0", " ")
