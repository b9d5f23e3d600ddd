"""What a kommun answers to `uppdrag init`, each answer checked before anything is written.

Only the kommun's name and its utförarförvaltning have no default; the rest take the defaults
below, which `uppdrag init --help` and the README name.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from uppdrag_docs.errors import UsageError
from uppdrag_docs.format.base import DOMAIN_PATTERN, PROPERTY_LIMIT, word_length

Platform = Literal["github", "gitlab"]
PLATFORMS: tuple[Platform, ...] = ("github", "gitlab")
AMOUNTS = ("kr", "tkr")
FIRST_ELECTION = 2022
"""A year of the general elections; they come every fourth year, and a mandate period starts on
15 October of the election year."""


@dataclass(frozen=True)
class Answers:
    kommun: str
    provider: str
    """The kommun's utförarförvaltning, e.g. Leanlink."""
    mandate_start: dt.date
    domain: str | None = None
    """The kommun's web domain for the calendars' UIDs; None leaves it out."""
    amounts_in: str = "kr"
    platform: Platform = "github"


def mandate_start(today: dt.date) -> dt.date:
    """The start of the mandate period `today` falls in: 15 October of the latest election."""
    year = today.year - (today.year - FIRST_ELECTION) % 4
    start = dt.date(year, 10, 15)
    return start if start <= today else dt.date(year - 4, 10, 15)


def name(option: str, value: str) -> str:
    """A name as a kommun writes it: one line, not empty, as long as a document title may be."""
    text = value.strip()
    if not text:
        raise UsageError(f"{option} får inte vara tomt")
    odd = next((c for c in text if unicodedata.category(c) in ("Cc", "Zl", "Zp")), None)
    if odd is not None:
        raise UsageError(
            f"{option} ska vara ett namn på en rad, utan radbrytningar eller andra styrtecken "
            f"(U+{ord(odd):04X})"
        )
    if word_length(text) > PROPERTY_LIMIT:
        raise UsageError(
            f"{option} har {word_length(text)} tecken; ett namn får ha högst {PROPERTY_LIMIT}, "
            "eftersom det blir en egenskap i varje Word-dokument"
        )
    return text


def domain(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    text = value.strip().lower()
    if not re.match(DOMAIN_PATTERN, text) or len(text) > 253:
        raise UsageError(f"--domän: '{value.strip()}' är ingen webbdomän, som linkoping.se")
    return text
