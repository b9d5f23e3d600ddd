"""The register's words for what the files hold: slugs, periods, values and targets.

Everything a page or a data file says about a figure is decided here once, so that a page, its
chart's description and the CSV cannot say it differently. Numbers are as the documents write
them (`swedish.py`); a value from fewer than five answers is "för få svar" everywhere.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from uppdrag_docs.follow_up.models import MIN_ANSWERS
from uppdrag_docs.follow_up.periods import PeriodKey
from uppdrag_docs.format.schema import Criterion
from uppdrag_docs.format.shared import Target
from uppdrag_docs.swedish import collation_key, month_year, number_as_written

TOO_FEW = "för få svar"
NOT_REPORTED = "ej redovisat"
OWN = "egen regi"
PROCURED = "upphandlad"
REFERENCE = "referens"


def slug(name: str) -> str:
    """A name as a file name of the site: "Misa AB" → "misa-ab" (webb.md, "The site")."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    ).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "x"


def slugs(names: Iterable[str]) -> dict[str, str]:
    """Each name's slug; when two names give one, the later in Swedish order gets -2, -3."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names), key=collation_key):
        base = candidate = slug(name)
        number = 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        taken.add(candidate)
        out[name] = candidate
    return out


def period_words(key: PeriodKey) -> str:
    """ "kvartal 2 2027", "tertial 1 2027", "maj 2027", "halvår 1 2027", "2027"."""
    if key.frequency == "år":
        return str(key.year)
    if key.frequency == "månad":
        return month_year(key.start)
    return f"{key.frequency} {key.number} {key.year}"


def unit_of(criterion: Criterion) -> str:
    unit = criterion.target.unit or ""
    return "%" if unit == "procent" else unit


def too_few(answers: int | None) -> bool:
    return answers is not None and answers < MIN_ANSWERS


def value_text(value: Decimal | None, criterion: Criterion) -> str:
    """A value with its unit, "88 %", "14,2 personer"; "–" when there is none."""
    if value is None:
        return "–"
    return _value_text(value, unit_of(criterion))


@functools.lru_cache(maxsize=4096)
def _value_text(value: Decimal, unit: str) -> str:
    """Babel's formatting is slow, and a register shows the same values again and again."""
    separator = "\u00a0" if unit else ""
    return f"{number_as_written(value)}{separator}{unit}"


def target_words(target: Target) -> str:
    """The målvärde and its direction in words: "minst 75 procent – högre är bättre"."""
    if target.text:
        return target.text
    unit = f" {target.unit}" if target.unit else ""
    low, high = target.at_least, target.at_most
    if low is not None and high is not None:
        return f"mellan {number_as_written(low)} och {number_as_written(high)}{unit}"
    if low is not None:
        return f"minst {number_as_written(low)}{unit} – högre är bättre"
    assert high is not None
    return f"högst {number_as_written(high)}{unit} – lägre är bättre"


def direction(target: Target) -> str:
    """`riktning` in the data: minst, högst, mellan or text."""
    if target.text and target.at_least is None and target.at_most is None:
        return "text"
    if target.at_least is not None and target.at_most is not None:
        return "mellan"
    return "minst" if target.at_least is not None else "högst"
