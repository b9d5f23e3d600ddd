"""Exact expected strings for the Swedish formatters; escapes are written out on purpose."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uppdrag_docs.swedish import (
    Unit,
    date_iso,
    date_text,
    kronor,
    month_year,
    number,
    paragraf,
    percent,
    period_text,
    signed_kronor,
)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("89082048", "89\u00a0082\u00a0048\u00a0kr"),
        ("-870526", "\u2212870\u00a0526\u00a0kr"),
        ("0", "0\u00a0kr"),
        ("-0", "0\u00a0kr"),
        ("999", "999\u00a0kr"),
        ("1000", "1\u00a0000\u00a0kr"),
        ("1234567890", "1\u00a0234\u00a0567\u00a0890\u00a0kr"),
        ("-1234567890", "\u22121\u00a0234\u00a0567\u00a0890\u00a0kr"),
        ("1500.00", "1\u00a0500\u00a0kr"),
        ("1E+3", "1\u00a0000\u00a0kr"),
    ],
)
def test_kronor(amount: str, expected: str) -> None:
    assert kronor(Decimal(amount)) == expected


def test_kronor_without_suffix_and_tkr() -> None:
    assert kronor(Decimal("89082048"), suffix=False) == "89\u00a0082\u00a0048"
    assert kronor(Decimal("89082"), unit="tkr") == "89\u00a0082\u00a0tkr"
    assert kronor(Decimal("-871"), unit="tkr") == "\u2212871\u00a0tkr"
    assert kronor(Decimal("-871"), unit="tkr", suffix=False) == "\u2212871"


@pytest.mark.parametrize("amount", ["0.5", "-870526.01", "1.001", "NaN", "Infinity"])
@pytest.mark.parametrize("unit", ["kr", "tkr"])
def test_kronor_refuses_unrounded(amount: str, unit: Unit) -> None:
    with pytest.raises(ValueError):
        kronor(Decimal(amount), unit=unit)
    with pytest.raises(ValueError):
        signed_kronor(Decimal(amount), unit=unit)


def test_kronor_refuses_float() -> None:
    with pytest.raises(TypeError):
        kronor(1000.0)  # type: ignore[arg-type]


def test_signed_kronor() -> None:
    assert signed_kronor(Decimal("1200")) == "+1\u00a0200\u00a0kr"
    assert signed_kronor(Decimal("-300")) == "\u2212300\u00a0kr"
    assert signed_kronor(Decimal("0")) == "\u00b10\u00a0kr"
    assert signed_kronor(Decimal("-0")) == "\u00b10\u00a0kr"
    assert signed_kronor(Decimal("0"), unit="tkr") == "\u00b10\u00a0tkr"
    assert signed_kronor(Decimal("4500"), unit="tkr") == "+4\u00a0500\u00a0tkr"
    assert signed_kronor(Decimal("4500"), suffix=False) == "+4\u00a0500"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (1234567, 0, "1\u00a0234\u00a0567"),
        (-1234567, 0, "\u22121\u00a0234\u00a0567"),
        (5, 2, "5,00"),
        (Decimal("-3.5"), 2, "\u22123,50"),
        (Decimal("1234.5"), 1, "1\u00a0234,5"),
        (Decimal("2.5"), 0, "3"),  # half up, not Babel's half even
        (Decimal("0.125"), 2, "0,13"),
        (Decimal("-0.4"), 0, "0"),  # no "−0"
        (9876543210, 0, "9\u00a0876\u00a0543\u00a0210"),
    ],
)
def test_number(value: Decimal | int, decimals: int, expected: str) -> None:
    assert number(value, decimals=decimals) == expected


@pytest.mark.parametrize(
    ("share", "decimals", "expected"),
    [
        ("0.032", None, "3,2\u00a0%"),
        ("0.035", None, "3,5\u00a0%"),
        ("0.01", None, "1\u00a0%"),
        ("0.0125", None, "1,25\u00a0%"),
        ("0.012345", None, "1,23\u00a0%"),
        ("0.00005", None, "0,01\u00a0%"),
        ("0", None, "0\u00a0%"),
        ("-0.00001", None, "0\u00a0%"),
        ("-0.032", None, "\u22123,2\u00a0%"),
        ("1.5", None, "150\u00a0%"),
        ("12.345", None, "1\u00a0234,5\u00a0%"),
        ("0.01", 1, "1,0\u00a0%"),
        ("0.0125", 1, "1,3\u00a0%"),
        ("0.0125", 0, "1\u00a0%"),
        ("-0.035", 1, "\u22123,5\u00a0%"),
    ],
)
def test_percent(share: str, decimals: int | None, expected: str) -> None:
    assert percent(Decimal(share), decimals=decimals) == expected


MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


@pytest.mark.parametrize(("month", "name"), list(enumerate(MONTHS, start=1)))
def test_dates_in_every_month(month: int, name: str) -> None:
    d = date(2026, month, 5)
    assert date_text(d) == f"5\u00a0{name} 2026"
    assert month_year(d) == f"{name} 2026"
    assert date_iso(d) == f"2026-{month:02d}-05"


def test_dates() -> None:
    assert date_text(date(2026, 12, 14)) == "14\u00a0december 2026"
    assert date_iso(date(2026, 12, 14)) == "2026-12-14"
    assert month_year(date(2026, 12, 14)) == "december 2026"
    assert period_text(date(2027, 1, 1), date(2028, 12, 31)) == (
        "1\u00a0januari 2027\u00a0\u2013 31\u00a0december 2028"
    )
    with pytest.raises(ValueError):
        period_text(date(2028, 1, 1), date(2027, 1, 1))


def test_paragraf() -> None:
    assert paragraf(187) == "\u00a7\u00a0187"
    with pytest.raises(ValueError):
        paragraf(0)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_kronor_round_trips(n: int) -> None:
    for text, unit in ((kronor(Decimal(n)), "kr"), (kronor(Decimal(n), unit="tkr"), "tkr")):
        assert text.endswith("\u00a0" + unit)
        assert "-" not in text and " " not in text and "\u202f" not in text
        bare = text.removesuffix("\u00a0" + unit).replace("\u00a0", "").replace("\u2212", "-")
        assert int(bare) == n
    assert kronor(Decimal(n), suffix=False) == kronor(Decimal(n)).removesuffix("\u00a0kr")


def test_price_text() -> None:
    from uppdrag_docs.swedish import price_text

    assert price_text(Decimal("68000")) == "68\u00a0000\u00a0kr"
    assert price_text(Decimal("550.25")) == "550,25\u00a0kr"
