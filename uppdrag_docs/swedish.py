"""Swedish presentation of amounts, numbers and dates: the one place that decides how they look.

Everything goes through Babel (locale `sv_SE`) so month names and patterns come from CLDR, then
the result is normalised to the typography the documents use: U+00A0 NO-BREAK SPACE for
grouping (newer CLDR data may give U+202F), U+2212 MINUS SIGN (Babel emits an ASCII hyphen) and
no "−0" for negative zero. Rounding money is the calculation module's job, so money formatters
refuse amounts that are not already whole; `number` and `percent` round half up for display
(Babel itself would round half to even).
"""

from __future__ import annotations

import functools
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # Babel is imported at the first number or date: `uppdrag check` of files
    # whose findings hold neither gains 15 ms (babel.dates with babel.localtime, 11 of them)
    from babel import Locale
    from babel.dates import DateTimePattern
    from babel.numbers import NumberPattern

LOCALE = "sv_SE"
NBSP = "\u00a0"
MINUS = "\u2212"

Unit = Literal["kr", "tkr"]


@functools.cache
def _locale() -> Locale:
    from babel import Locale

    return Locale.parse(LOCALE)


@functools.cache
def _number_pattern(pattern: str) -> NumberPattern:
    """Babel's `format_decimal` looks the locale up and parses the pattern on every call; a
    page of figures asks for the same few patterns thousands of times."""
    from babel.numbers import parse_pattern

    return parse_pattern(pattern)


@functools.cache
def _date_pattern(pattern: str) -> DateTimePattern:
    from babel.dates import parse_pattern

    return parse_pattern(pattern)


def _normalise(text: str) -> str:
    """Force our grouping space and minus sign whatever the installed CLDR data says."""
    return text.replace("\u202f", NBSP).replace(" ", NBSP).replace("-", MINUS)


def _round(value: Decimal | int, decimals: int) -> Decimal:
    """Round half up (as readers expect), and turn a rounded "-0" into a plain 0."""
    if decimals < 0:
        raise ValueError(f"Antalet decimaler kan inte vara negativt: {decimals}")
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded if rounded != 0 else abs(rounded)


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _whole(amount: Decimal, unit: Unit) -> Decimal:
    """Money must arrive as a whole Decimal; silently rounding here would hide a calculation bug."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"Belopp ska vara Decimal, inte {type(amount).__name__}")
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise ValueError(f"Beloppet {amount} är inte avrundat till hela {unit}")
    return amount.to_integral_value() if amount != 0 else Decimal(0)


def kronor(amount: Decimal, *, unit: Unit = "kr", suffix: bool = True) -> str:
    """Whole kronor (or tkr already converted by the caller): "89 082 048 kr", "−870 526 kr".

    `suffix=False` gives the bare number for table cells whose header carries the unit.
    """
    text = number(_whole(amount, unit))
    return f"{text}{NBSP}{unit}" if suffix else text


def signed_kronor(amount: Decimal, *, unit: Unit = "kr", suffix: bool = True) -> str:
    """A difference between two versions: "+1 200 kr", "−300 kr", "±0 kr"."""
    whole = _whole(amount, unit)
    if whole == 0:
        return f"±0{NBSP}{unit}" if suffix else "±0"
    text = kronor(whole, unit=unit, suffix=suffix)
    return f"+{text}" if whole > 0 else text


def number(value: Decimal | int, *, decimals: int = 0) -> str:
    """A grouped number with decimal comma: "1 234 567", "−3,50"."""
    rounded = _round(value, decimals)
    return _normalise(_number_pattern(_pattern(decimals)).apply(rounded, _locale()))


def percent(share: Decimal, *, decimals: int | None = None) -> str:
    """A share as a percentage: 0.032 -> "3,2 %" (no-break space before the sign).

    By default up to two decimals without trailing zeros; `decimals` fixes the count.
    """
    shown = 2 if decimals is None else decimals
    rounded = _round(share, shown + 2)
    pattern = "#,##0." + "#" * shown if decimals is None else _pattern(shown)
    return _normalise(_number_pattern(pattern + NBSP + "%").apply(rounded, _locale()))


def signed_percent(share: Decimal, *, decimals: int | None = None) -> str:
    """A change as a percentage, with its sign: "+0,12 %", "−3,5 %", "±0 %" (no change)."""
    text = percent(abs(share), decimals=decimals)
    return ("±" if share == 0 else "+" if share > 0 else MINUS) + text


def date_text(d: date) -> str:
    """Running text: "14 december 2026" (no leading zero, lower-case month).

    A no-break space binds the day to its month, so a line never ends with a bare "14".
    """
    return _date_pattern("d MMMM y").apply(d, _locale()).replace(" ", NBSP, 1)


def date_iso(d: date) -> str:
    """Table cells: "2026-12-14", which sorts and is the Swedish standard short form."""
    return d.isoformat()[:10]


def month_year(d: date) -> str:
    """Month and year, "december 2026"; LLLL is CLDR's stand-alone month form (no day)."""
    return _date_pattern("LLLL y").apply(d, _locale())


def paragraf(n: int) -> str:
    """A minutes paragraph reference: "§ 187", never split across lines."""
    if n < 1:
        raise ValueError(f"Paragrafnummer måste vara positivt: {n}")
    return f"§{NBSP}{n}"


def period_text(start: date, end: date) -> str:
    """A period, "1 januari 2027 – 31 december 2028"; the no-break space keeps the dash off a
    line start."""
    if end < start:
        raise ValueError(f"Perioden slutar ({end}) före början ({start})")
    return f"{date_text(start)}{NBSP}– {date_text(end)}"


def price_text(price: Decimal) -> str:
    """A unit price: whole kronor as `68 000 kr`, with öre as `550,25 kr`."""
    if price == price.to_integral_value():
        return kronor(price)
    return f"{number(price, decimals=2)}\u00a0kr"


def unit_price(amount: Decimal) -> str:
    """A figure per unit of volume, always with öre: "534,39 kr", "3 353,00 kr"."""
    return f"{number(amount, decimals=2)}{NBSP}kr"


def deviation(points: Decimal) -> str:
    """A deviation already in percent, one decimal and its sign: "+5,2 %", "−0,8 %", "0,0 %"."""
    rounded = _round(points, 1)
    sign = "" if rounded == 0 else "+" if rounded > 0 else MINUS
    return f"{sign}{number(abs(rounded), decimals=1)}{NBSP}%"


def listing(items: list[str]) -> str:
    """A running-text list: "A", "A och B", "A, B och C"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]


def board_genitive(board: str) -> str:
    """A board's name as the owner in a heading: "Socialnämnden" → "socialnämndens".

    Lower-case as in "Förslag till kommunstyrelsens beslut", unless the name starts with an
    abbreviation ("LSS-nämnden"); no second s after s, x or z.
    """
    lowered = board[:1].lower() + board[1:] if board[1:2].islower() else board
    return genitive(lowered)


def genitive(name: str) -> str:
    """A name as the owner, as written: "Leanlink" → "Leanlinks"; no second s after s, x or z."""
    return name if name[-1:] in ("s", "x", "z") else name + "s"


def number_as_written(value: Decimal | int) -> str:
    """A measured value with the decimals it was written with: 14.2 -> "14,2", 95 -> "95"."""
    exponent = Decimal(value).normalize().as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return number(value, decimals=decimals)


def days(count: int) -> str:
    """A number of days: "1 dag", "2 dagar"."""
    return "1 dag" if count == 1 else f"{count} dagar"


_LAST = {"å": "z\U0010fff1", "ä": "z\U0010fff2", "æ": "z\U0010fff2", "ö": "z\U0010fff3"}
_LAST["ø"] = _LAST["ö"]


def collation_key(text: str) -> tuple[str, str]:
    """Swedish alphabetical order: a–z, then å, ä, ö; é sorts as e, ü as y; case only breaks
    ties. Python's own order puts Ä before Å and every capital before every small letter."""
    folded = text.casefold()
    out = []
    for char in folded:
        if char in _LAST:
            out.append(_LAST[char])
            continue
        base = unicodedata.normalize("NFKD", char)[:1]
        out.append("y" if base == "u" and char == "ü" else base or char)
    return "".join(out), text
