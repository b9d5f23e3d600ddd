"""The JSON Schema of every kind of file, made from the models, for the editor's YAML server.

One schema per kind: the uppdrag, the three shared files of `uppdrag/gemensamt/` and the three
follow-up files. They come from the pydantic models, so the editor and `uppdrag check` agree:
the base types (`schema_base.py`) say what a number, a date and a flag are for both, and the
generator here makes the rest Swedish: no titles that pydantic makes from English names
("Compensation", "Oh Andel"), no English docstrings as descriptions, every enum value with the
guideline's words, and an example where a number may be written in digit groups.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from uppdrag_docs import guideline_words as words
from uppdrag_docs.schema import Uppdrag
from uppdrag_docs.schema_base import GROUPED_INTEGER_PATTERN, GROUPED_NUMBER_PATTERN
from uppdrag_docs.schema_gemensamt import Indexation, Kommun, SharedCriterion
from uppdrag_docs.uppfoljning.models import EqualTerms, OutcomeReport, Review

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_REASONS = {
    code: f"Verksamhetsuppdrag är lämpligt när {text} (riktlinjen 2.1)."
    for code, text in words.REASONS.items()
}
_ENUM_WORDS: tuple[Mapping[str, str], ...] = (
    _REASONS,
    words.STATUSES,
    words.REPORT_TYPES,
    words.FREQUENCIES,
    words.MODELS,
    words.JUDGEMENTS,
    words.MBL_FORMS,
    words.AMOUNT_UNITS,
)
ENUM_WORDS = {frozenset(table): table for table in _ENUM_WORDS}
"""The words for each enum of the format, found by its set of values."""

_GROUPED = {
    pattern if signed else pattern.replace("^[+-]?", "^", 1)
    for pattern in (GROUPED_INTEGER_PATTERN, GROUPED_NUMBER_PATTERN)
    for signed in (True, False)
}
GROUPED_HINT = (
    "Skriv talet utan mellanslag och utan 'kr': `84350000`, med en punkt före decimalerna "
    "(`84350000.50`), eller i grupper om tre siffror med understreck, `84_350_000`."
)


class SwedishSchema(GenerateJsonSchema):
    """pydantic's generator, with Swedish for the editor and nothing English made up."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False  # a title made from the key ("Oh Andel"); the description says it all

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        out = super().model_schema(schema)
        cls = schema["cls"]
        if out.get("title") == cls.__name__:
            del out["title"]  # the class's English name, not a title given in Swedish
        if cls.__doc__ and out.get("description") == inspect.cleandoc(cls.__doc__):
            del out["description"]  # the docstring is for programmers, in English
        for field in out.get("properties", {}).values():
            if "description" in field and _grouped(field):
                field.setdefault("markdownDescription", f"{field['description']}\n\n{GROUPED_HINT}")
        return out

    def literal_schema(self, schema: core_schema.LiteralSchema) -> JsonSchemaValue:
        out = super().literal_schema(schema)
        values = out.get("enum")
        if values is None:
            return out  # a single value (`schemaversion: 1`): its field says what it is
        table = ENUM_WORDS.get(frozenset(values))
        if table is None:
            raise ValueError(f"värdena {values} saknar beskrivningar i guideline_words.py")
        out["enumDescriptions"] = [table[v] for v in values]
        out["markdownEnumDescriptions"] = [f"**{v}**: {table[v]}" for v in values]
        return out


def _grouped(schema: Any) -> bool:
    """Whether a property's schema takes a number written in digit groups, at any depth."""
    if isinstance(schema, dict):
        return schema.get("pattern") in _GROUPED or any(_grouped(v) for v in schema.values())
    if isinstance(schema, list):
        return any(_grouped(v) for v in schema)
    return False


_CATALOGUE = TypeAdapter(dict[str, SharedCriterion])

SCHEMAS: dict[str, tuple[type[BaseModel] | TypeAdapter[Any], str, tuple[str, ...]]] = {
    "uppdrag": (
        Uppdrag,
        "uppdrag.schema.json",
        ("uppdrag/**/*.yaml", "!uppdrag/gemensamt/*.yaml"),
    ),
    "kommun": (Kommun, "kommun.schema.json", ("uppdrag/gemensamt/kommun.yaml",)),
    "upprakning": (Indexation, "upprakning.schema.json", ("uppdrag/gemensamt/upprakning.yaml",)),
    "kvalitetskriterier": (
        _CATALOGUE,
        "kvalitetskriterier.schema.json",
        ("uppdrag/gemensamt/kvalitetskriterier.yaml",),
    ),
    "rapport": (
        OutcomeReport,
        "uppfoljning-rapport.schema.json",
        (
            "uppfoljning/*/*.yaml",
            "!uppfoljning/*/likvardighet-*.yaml",
            "!uppfoljning/*/bedomning-*.yaml",
        ),
    ),
    "likvardighet": (
        EqualTerms,
        "uppfoljning-likvardighet.schema.json",
        ("uppfoljning/*/likvardighet-*.yaml",),
    ),
    "bedomning": (
        Review,
        "uppfoljning-bedomning.schema.json",
        ("uppfoljning/*/bedomning-*.yaml",),
    ),
}
"""Each kind of file: its model, its schema's name in `schema/`, and the globs of its files (the
editor's `yaml.schemas`, where `!` leaves files out)."""

_CATALOGUE_HEAD = {
    "title": "Kvalitetskriterier",
    "description": "uppdrag/gemensamt/kvalitetskriterier.yaml: kriterier som gäller också "
    "upphandlad verksamhet (riktlinjen 2.3), per nyckel; ett uppdrag hänvisar till dem med "
    "'ref'.",
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file."""
    model = SCHEMAS[kind][0]
    if isinstance(model, TypeAdapter):
        body = model.json_schema(by_alias=True, mode="validation", schema_generator=SwedishSchema)
        return {"$schema": DRAFT, **_CATALOGUE_HEAD, **body}
    body = model.model_json_schema(by_alias=True, mode="validation", schema_generator=SwedishSchema)
    return {"$schema": DRAFT, **body}


def schema_text(kind: str) -> str:
    """The schema as kept in `schema/`: stable key order, ending in a newline."""
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
