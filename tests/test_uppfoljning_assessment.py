"""The assessment rule and the money of a period, branch by branch, and the spec's example."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from uppdrag_docs.calc.engine import additional_by_year, additional_for_months
from uppdrag_docs.calc.rounding import round_money
from uppdrag_docs.cli import main
from uppdrag_docs.follow_up.assessment import UppdragYear
from uppdrag_docs.follow_up.judgement import judge, judge_year
from uppdrag_docs.follow_up.periods import PeriodKey, mean_text, months, parse_period
from uppdrag_docs.format.schema import AdditionalAssignment
from uppdrag_docs.format.shared import Target

from .conftest import changed, examples
from .uppfoljning_support import PER, FollowRepo, example

R1, R3 = "R1-2027-T1.yaml", "R3-2027-K1.yaml"
MARGIN = D("0.05")
AT_LEAST_95 = Target.model_validate({"minst": 95, "enhet": "procent"})
AT_MOST_15 = Target.model_validate({"högst": 15, "enhet": "personer"})


def spec_json(*args: str) -> Any:
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["uppföljning", "2027", "--per", "2028-03-01", "--json", *args],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def the_year(follow: FollowRepo, per: dt.date = PER) -> UppdragYear:
    found = follow.assess(per=per)
    assert found.refused == {}, found.refused
    [item] = found.assessment.uppdrag
    return item


def test_the_spec_examples(follow: FollowRepo, in_dir: Any) -> None:
    """KK1 2027-T1 uppfyllt, KK3 2027-T1 delvis uppfyllt, R3 2027-K1 two days late, and a
    resultat of 318 912 kr for 2027-K1, with --per 2028-03-01."""
    in_dir(follow.root)
    data = spec_json()
    assert (data["år"], data["per"]) == (2027, "2028-03-01")
    [uppdrag] = data["uppdrag"]
    criteria = {c["id"]: c for c in uppdrag["kriterier"]}
    assert criteria["KK1"]["perioder"][0] == {
        "period": "2027-T1",
        "värde": 14.2,
        "bedömning": "uppfyllt",
    }
    assert criteria["KK3"]["perioder"][0] == {
        "period": "2027-T1",
        "värde": 93.1,
        "bedömning": "delvis uppfyllt",
    }
    assert (criteria["KK3"]["bedömning"], criteria["KK3"]["förvaltningens_bedömning"]) == (
        "delvis uppfyllt",
        "uppfyllt",
    )
    late = next(r for r in uppdrag["rapporter"] if (r["rapport"], r["period"]) == ("R3", "2027-K1"))
    assert late == {
        "rapport": "R3",
        "period": "2027-K1",
        "förfaller": "2027-04-20",
        "inlämnad": "2027-04-22",
        "status": "försenad",
    }
    assert uppdrag["ekonomi"] == [
        {
            "period": "2027-K1",
            "intäkter": 25_608_912,
            "kostnader": 25_290_000,
            "resultat": 318_912,
            "beslutad_ersättning": 25_608_912,
        }
    ]
    assert (uppdrag["resultat_år"], data["utförare_resultat_år"]) == (318_912, 318_912)
    assert uppdrag["volymer"] == [
        {
            "post": "timme",
            "period": "2027-K1",
            "utfall": 6240,
            "prognos": 6000,
            "ersättning": 3_338_400,
        }
    ]
    assert list(data) == ["år", "per", "uppdrag", "utförare_resultat_år", "samlad_ersättning"]
    assert list(uppdrag) == [
        "id",
        "kriterier",
        "ekonomi",
        "resultat_år",
        "prognos_helår",
        "volymer",
        "rapporter",
        "likvärdighet",
        "per_enhet",
    ]


def test_statuses_of_every_report_of_the_year(follow: FollowRepo) -> None:
    statuses = {
        (s.report.id, str(s.period)): s.status
        for s in the_year(follow, per=dt.date(2027, 9, 30)).reports
    }
    assert statuses == {
        ("R3", "2027-K1"): "försenad",
        ("R1", "2027-T1"): "i tid",
        ("R3", "2027-K2"): "saknas",
        ("R1", "2027-T2"): "saknas",  # due 2027-09-30: due on the per date is due
        ("R3", "2027-K3"): "ej förfallen",
        ("R3", "2027-K4"): "ej förfallen",
        ("R1", "2027-T3"): "ej förfallen",
        ("R2", "2027"): "ej förfallen",
    }


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        ("95", AT_LEAST_95, "uppfyllt"),
        ("99.5", AT_LEAST_95, "uppfyllt"),
        ("94.99", AT_LEAST_95, "delvis uppfyllt"),
        ("90.25", AT_LEAST_95, "delvis uppfyllt"),  # m × (1 − 0.05): the edge is delvis
        ("90.24", AT_LEAST_95, "ej uppfyllt"),
        ("15", AT_MOST_15, "uppfyllt"),
        ("15.01", AT_MOST_15, "delvis uppfyllt"),
        ("15.75", AT_MOST_15, "delvis uppfyllt"),  # h × (1 + 0.05)
        ("15.76", AT_MOST_15, "ej uppfyllt"),
    ],
)
def test_the_rule_and_both_edges_of_the_margin(value: str, target: Target, expected: str) -> None:
    assert judge(D(value), target, MARGIN) == expected


def test_a_range_target_meets_both_bounds() -> None:
    both = Target.model_validate({"minst": 10, "högst": 20, "enhet": "timmar"})
    assert [judge(D(v), both, MARGIN) for v in ("9.4", "9.5", "15", "21", "21.5")] == [
        "ej uppfyllt",
        "delvis uppfyllt",
        "uppfyllt",
        "delvis uppfyllt",
        "ej uppfyllt",
    ]


def test_the_margin_comes_from_kommun_yaml(follow: FollowRepo) -> None:
    kommun = follow.root / "uppdrag" / "gemensamt" / "kommun.yaml"
    kommun.write_text(
        kommun.read_text(encoding="utf-8") + "uppföljning:\n  delvis_marginal: 0.01\n",
        encoding="utf-8",
    )
    kk3 = the_year(follow).criteria[2]
    assert (kk3.criterion.id, kk3.periods[0].judgement) == ("KK3", "ej uppfyllt")


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        (["uppfyllt", "uppfyllt", "uppfyllt"], "uppfyllt"),
        (["uppfyllt", "ej redovisat"], "delvis uppfyllt"),  # a missing period: at best delvis
        (["ej uppfyllt", "ej uppfyllt"], "ej uppfyllt"),
        (["ej uppfyllt", "ej redovisat"], "ej uppfyllt"),
        (["uppfyllt", "ej uppfyllt"], "delvis uppfyllt"),
        (["delvis uppfyllt"], "delvis uppfyllt"),
        (["ej redovisat", "ej redovisat"], "ej redovisat"),
        ([], "ej redovisat"),
    ],
)
def test_a_year_from_its_periods(periods: list[Any], expected: str) -> None:
    assert judge_year(periods) == expected


def test_a_missing_report_makes_its_periods_ej_redovisat(follow: FollowRepo) -> None:
    kk1 = the_year(follow).criteria[0]
    assert [(str(p.period), p.value, p.judgement) for p in kk1.periods] == [
        ("2027-T1", D("14.2"), "uppfyllt"),
        ("2027-T2", None, "ej redovisat"),
        ("2027-T3", None, "ej redovisat"),
    ]
    assert kk1.judgement == "delvis uppfyllt"


def test_an_omitted_criterion_and_ej_matt_are_ej_redovisat(follow: FollowRepo) -> None:
    text = example(R1)
    follow.write(R1, text[: text.index("  - kriterium: KK3")])
    assert the_year(follow).criteria[2].periods[0].judgement == "ej redovisat"
    follow.change(R1, "värde: 14.2", "ej_mätt: Ingen mätning.")
    item = the_year(follow)
    assert item.criteria[0].periods[0].judgement == "ej redovisat"
    assert item.criteria[0].judgement == "ej redovisat"


def test_a_text_target_takes_the_utforarens_bedomning(follow: FollowRepo) -> None:
    follow.uppdrag("minst: 88\n      enhet: procent", "text: Brukarna känner sig trygga.")
    follow.write(
        "R2-2027.yaml",
        changed(example("R2-2027.yaml"), "värde: 89", "bedömning: delvis uppfyllt"),
    )
    follow.change("likvardighet-2027.yaml", "värde: 84", "bedömning: uppfyllt")
    follow.change("likvardighet-2027.yaml", "värde: 90", "bedömning: ej uppfyllt")
    kk2 = the_year(follow).criteria[1]
    assert [(p.value, p.judgement) for p in kk2.periods] == [(None, "delvis uppfyllt")]
    assert kk2.judgement == "delvis uppfyllt"


def test_periods_reported_before_they_fall_due_are_listed(follow: FollowRepo) -> None:
    """On 2027-05-15 R1 2027-T1 is not yet due (2027-05-30), but it is in."""
    follow.change(R1, "inlämnad: 2027-05-27", "inlämnad: 2027-05-10")
    kk1 = the_year(follow, per=dt.date(2027, 5, 15)).criteria[0]
    assert [(str(p.period), p.judgement) for p in kk1.periods] == [("2027-T1", "uppfyllt")]
    assert kk1.judgement == "uppfyllt"


def test_the_likvardighet_mean_of_egen_regi(follow: FollowRepo) -> None:
    follow.write("R1-2027-T2.yaml", example("R1-2027-T2.yaml"))
    follow.write("R1-2027-T3.yaml", example("R1-2027-T3.yaml"))
    lines = the_year(follow).equal_terms
    kk1 = lines[0]
    assert (kk1.criterion.id, kk1.own, mean_text(kk1.mean_of)) == (
        "KK1",
        D("14.80"),
        "medelvärde av 3 tertial",
    )
    assert [(p.name, p.value, p.judgement) for p in kk1.providers] == [
        ("Attendo Hemtjänst AB", D(16), "ej uppfyllt"),
        ("Vardaga Omsorg AB", D(13), "uppfyllt"),
    ]
    assert (lines[1].criterion.id, lines[1].own, lines[1].mean_of) == ("KK2", None, ())


def test_a_mean_is_rounded_half_away_from_zero_before_it_is_assessed(follow: FollowRepo) -> None:
    follow.change(R1, "värde: 14.2", "värde: 15.755")
    follow.write(
        "R1-2027-T2.yaml", changed(example("R1-2027-T2.yaml"), "värde: 14.8", "värde: 15.745")
    )
    kk1 = the_year(follow).equal_terms[0]
    assert (kk1.own, kk1.own_judgement) == (D("15.75"), "delvis uppfyllt")


def test_the_forecast_comes_from_the_years_latest_report(follow: FollowRepo) -> None:
    for name in ("R3-2027-K2.yaml", "R3-2027-K3.yaml"):
        follow.write(name, example(name))
    follow.change(
        R3,
        "  kommentar: Resultatet",
        "  prognos_helår:\n    intäkter: 1\n    kostnader: 2\n  kommentar: Resultatet",
    )
    forecast = the_year(follow).forecast
    assert forecast is not None
    assert (forecast.income, forecast.costs, forecast.result) == (102_400_000, 102_150_000, 250_000)


def test_an_uppdrag_from_august_reports_clipped_periods(follow: FollowRepo) -> None:
    """From August, 2027-T2 covers August alone and 2027-K3 August–September: each is due after
    its clipped end, and K3's fixed part is F × 2/12."""
    text = follow.uppdrag(
        "från: 2027-01-01\n  till: 2028-12-31", "från: 2027-08-01\n  till: 2028-12-31"
    )
    path = follow.root / "uppdrag" / "hemtjanst-norr.yaml"
    path.write_text(text[: text.index("tilläggsuppdrag:")], encoding="utf-8")
    for name in (R1, R3):
        (follow.folder() / name).unlink()
    t2 = changed(example(R1), "2027-T1", "2027-T2")
    t2 = changed(t2, "2027-05-27", "2027-09-30")
    follow.write("R1-2027-T2.yaml", t2)
    k3 = changed(example(R3), "2027-K1", "2027-K3")
    k3 = changed(k3, "2027-04-22", "2027-10-20")
    follow.write("R3-2027-K3.yaml", changed(k3, "ersättning: 22_270_512", "ersättning: 14_847_008"))
    assert [f.text() for f in follow.check().findings if f.is_error] == []
    item = the_year(follow)
    due = item.follow_up.calendars["R1"][parse_period("2027-T2")]
    assert (due.start, due.end, months(due), due.due) == (
        dt.date(2027, 8, 1),
        dt.date(2027, 8, 31),
        1,
        dt.date(2027, 9, 30),
    )
    assert [str(p.period) for p in item.criteria[0].periods] == ["2027-T2", "2027-T3"]
    [economy] = item.economy
    assert economy.decided is not None
    annual = item.follow_up.calculation.year(2027).annual_fixed  # type: ignore[union-attr]
    assert economy.decided.fixed == round_money(annual * 2 / 12) == D(14_847_008)
    assert [str(s.period) for s in item.reports if s.report.id == "R1"] == ["2027-T2", "2027-T3"]
    follow.write(R1, example(R1))
    assert [f.code for f in follow.check().findings if f.path.name == R1] == ["UD405"]


def test_the_decided_tillaggsuppdrag_part_of_a_quarter(follow: FollowRepo) -> None:
    follow.write("R3-2027-K2.yaml", example("R3-2027-K2.yaml"))
    [_, k2] = the_year(follow).economy
    assert k2.decided is not None
    assert (k2.decided.fixed, k2.decided.variable, k2.decided.additional) == (
        D(22_270_512),
        D(3_236_750),
        D(150_000),
    )


@settings(max_examples=examples(40), deadline=None)
@given(
    amount=st.integers(min_value=0, max_value=10_000_000),
    start=st.integers(min_value=0, max_value=23),
    length=st.integers(min_value=1, max_value=30),
)
def test_a_tillaggsuppdrag_spread_by_month_adds_up(amount: int, start: int, length: int) -> None:
    """Month by month, the parts of each year add up to its decided yearly part, and the years
    to the decided ersättning."""
    first = dt.date(2027 + start // 12, start % 12 + 1, 1)
    last_index = start + length - 1
    last_month = dt.date(2027 + last_index // 12, last_index % 12 + 1, 1)
    end = (last_month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    extra = AdditionalAssignment.model_validate(
        {
            "id": "T1",
            "titel": "Test",
            "beslut": {"organ": "Socialnämnden", "sammanträde": "2026-12-01"},
            "period": {"från": first, "till": end},
            "ersättning": amount,
            "beskrivning": "Test",
        }
    )
    yearly = additional_by_year(extra)
    assert sum(yearly.values()) == amount
    for year, part in yearly.items():
        months = [
            additional_for_months(extra, dt.date(year, m, 1), PeriodKey(year, "månad", m).end)
            for m in range(1, 13)
        ]
        assert sum(months) == part
        quarters = [
            additional_for_months(
                extra, dt.date(year, 3 * q - 2, 1), PeriodKey(year, "kvartal", q).end
            )
            for q in range(1, 5)
        ]
        assert sum(quarters) == part


def test_every_period_key_reads_back() -> None:
    for text in ("2027", "2027-H2", "2027-T3", "2027-K4", "2027-M01", "2027-M12"):
        assert str(parse_period(text)) == text
    assert parse_period(2027) == PeriodKey(2027, "år", 1)
    for bad in ("2027-T4", "2027-M1", "2027-M13", "2027-Q1", "27-K1", True):
        with pytest.raises(ValueError, match="är ingen period"):
            parse_period(bad)
