"""What the cover and list of ärenden of a meeting see (filled by `render/agenda.py`)."""

from __future__ import annotations

from typing import TypedDict


class AgendaValues(TypedDict):
    kommun: str
    """Kommunens namn (kommun i gemensamt/kommun.yaml)."""
    namnd: str
    """Nämnden som sammanträder."""
    datum: str
    """Sammanträdets datum, ÅÅÅÅ-MM-DD."""
    datum_text: str
    """Sammanträdets datum i ord."""
    forvaltning: str
    """Förvaltningarna som ärendena kommer från, med komma emellan."""
    antal: int
    """Antalet ärenden."""
    antal_text: str
    """Antalet ärenden i ord."""
    arenden: list[AgendaCase]
    """Ärendena i förteckningens ordning."""
    verktyg: str
    """Verktyget och dess version, för dokumentets egenskaper."""


class AgendaCase(TypedDict):
    nr: int
    """Ärendets nummer i förteckningen."""
    titel: str
    """Ärendets titel, som tjänsteskrivelsens."""
    diarienummer: str
    """Uppdragets diarienummer."""
    beslut: str
    """Förslag eller Fastställt, med paragraf när beslutet är taget."""
    sida: str
    """Sidan i handlingarna där ärendet börjar."""
    bilagor: list[AgendaAttachment]
    """Uppdragets bilagor."""
    delar: list[AgendaPart]
    """Verksamhetsuppdraget och bilagorna, med sidan där var och en börjar."""


class AgendaAttachment(TypedDict):
    nr: int
    """Bilagans nummer."""
    titel: str
    """Bilagans rubrik."""
    sida: str
    """Sidan i handlingarna där bilagan börjar."""


class AgendaPart(TypedDict):
    rubrik: str
    """Delens rubrik: Verksamhetsuppdrag, eller Bilaga med nummer och rubrik."""
    sida: str
    """Sidan i handlingarna där delen börjar."""
