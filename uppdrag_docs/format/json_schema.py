"""The JSON Schema of every kind of file, made from the models, for the editor's YAML server.

One schema per kind: the uppdrag, the four shared files of `uppdrag/gemensamt/` (the
standardkostnad catalogue among them) and the three follow-up files. They come from the
pydantic models, so the editor and `uppdrag check` agree:
the base types (`format/base.py`) say what a number, a date and a flag are for both, and the
generator here makes the rest Swedish: no titles that pydantic makes from English names
("Compensation", "Oh Andel"), no English docstrings as descriptions, every enum value with the
guideline's words, and an example where a number may be written in digit groups.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from uppdrag_docs.follow_up.models import EqualTerms, OutcomeReport, Review
from uppdrag_docs.format import words
from uppdrag_docs.format.base import (
    FIRST_YEAR,
    GROUPED_INTEGER_PATTERN,
    GROUPED_NUMBER_PATTERN,
    LAST_YEAR,
    RAW_BOUNDS,
    bounded,
)
from uppdrag_docs.format.schema import Uppdrag
from uppdrag_docs.format.shared import Indexation, Kommun, SharedCriterion
from uppdrag_docs.format.standard import StandardCatalogue

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
    words.PROCUREMENT_FORMS,
    words.LICENCES,
    words.COMPLIANCE,
    words.SITUATIONS,
)
ENUM_WORDS = {frozenset(table): table for table in _ENUM_WORDS}
"""The words for each enum of the format, found by its set of values."""

_WHOLE_HINT = (
    "Skriv talet utan mellanslag och utan enhet (inte `12 kr`): `84350000`, eller i grupper "
    "om tre siffror med understreck, `84_350_000`."
)
_DECIMAL_HINT = (
    "Skriv talet utan mellanslag och utan enhet (inte `12 kr`): `84350000`, med en punkt före "
    "decimalerna (`84350000.50`), eller i grupper om tre siffror med understreck, `84_350_000`."
)
_HINTS = {
    (pattern if signed else pattern.replace("^[+-]?", "^", 1)): hint
    for pattern, hint in (
        (GROUPED_INTEGER_PATTERN, _WHOLE_HINT),
        (GROUPED_NUMBER_PATTERN, _DECIMAL_HINT),
    )
    for signed in (True, False)
}
"""The example for each pattern of digit groups, as the field's markdownDescription."""

YEAR_KEY_PATTERN = r"^(19[0-9]{2}|2[01][0-9]{2}|2200)$"
"""A year as the key of a table (`förväntad_kostnad`, `år`): JSON keys are always text."""


class SwedishSchema(GenerateJsonSchema):
    """pydantic's generator, with Swedish for the editor and nothing English made up."""

    def generate_inner(self, schema: Any) -> JsonSchemaValue:
        out = super().generate_inner(schema)
        if any(key in out for key in RAW_BOUNDS):
            out = bounded(out)  # a bound pydantic left under its own name, outside the number
        return out

    def encode_default(self, dft: Any) -> Any:
        if isinstance(dft, Decimal):
            return int(dft) if dft == dft.to_integral_value() else float(dft)  # not "0": text
        return super().encode_default(dft)

    def field_title_should_be_set(self, _schema: Any) -> bool:
        return False  # a title made from the key ("Oh Andel"); the description says it all

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        out = super().model_schema(schema)
        cls = schema["cls"]
        if out.get("title") == cls.__name__:
            del out["title"]  # the class's English name, not a title given in Swedish
        if cls.__doc__ and out.get("description") == inspect.cleandoc(cls.__doc__):
            del out["description"]  # the docstring is for programmers, in English
        for field in out.get("properties", {}).values():
            hint = _hint(field)
            if "description" in field and hint:
                field.setdefault("markdownDescription", f"{field['description']}\n\n{hint}")
        return out

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        out = super().dict_schema(schema)
        keys = schema.get("keys_schema")
        if keys is not None and "propertyNames" not in out:
            key = self.generate_inner(keys)
            if _bounds_of_year(key):
                out["propertyNames"] = {"pattern": YEAR_KEY_PATTERN}
            elif key.get("type") == "integer" or "integer" in str(key):
                out["propertyNames"] = {"pattern": "^[0-9]+$"}
        return out

    def literal_schema(self, schema: core_schema.LiteralSchema) -> JsonSchemaValue:
        out = super().literal_schema(schema)
        values = out.get("enum")
        if values is None:
            return out  # a single value (`schemaversion: 1`): its field says what it is
        table = ENUM_WORDS.get(frozenset(values))
        if table is None:
            raise ValueError(f"värdena {values} saknar beskrivningar i format/words.py")
        out["enumDescriptions"] = [table[v] for v in values]
        out["markdownEnumDescriptions"] = [f"**{v}**: {table[v]}" for v in values]
        return out


def _hint(schema: dict[str, Any]) -> str | None:
    """The example for a property that is a number that may be written in digit groups (not
    a table or list of them: the example is for the value right after the key)."""
    if schema.get("pattern") in _HINTS:
        return _HINTS[schema["pattern"]]
    return next((h for h in map(_hint, schema.get("anyOf", [])) if h), None)


def _bounds_of_year(key: dict[str, Any]) -> bool:
    return key.get("minimum") == FIRST_YEAR and key.get("maximum") == LAST_YEAR


_CATALOGUE = TypeAdapter(dict[str, SharedCriterion])


class Schema(NamedTuple):
    """One kind of file."""

    model: type[BaseModel] | TypeAdapter[Any]
    file: str
    """Its schema's name in `schema/`."""
    globs: tuple[str, ...]
    """Where its files lie, for the editor's `yaml.schemas` (`.vscode/settings.json`)."""


SCHEMAS: dict[str, Schema] = {
    "uppdrag": Schema(Uppdrag, "uppdrag.schema.json", ("uppdrag/*.yaml", "uppdrag/*/*.yaml")),
    "kommun": Schema(Kommun, "kommun.schema.json", ("uppdrag/gemensamt/kommun.yaml",)),
    "upprakning": Schema(
        Indexation, "upprakning.schema.json", ("uppdrag/gemensamt/upprakning.yaml",)
    ),
    "kvalitetskriterier": Schema(
        _CATALOGUE,
        "kvalitetskriterier.schema.json",
        ("uppdrag/gemensamt/kvalitetskriterier.yaml",),
    ),
    "standardkostnader": Schema(
        StandardCatalogue,
        "standardkostnader.schema.json",
        ("uppdrag/gemensamt/standardkostnader.yaml",),
    ),
    "rapport": Schema(OutcomeReport, "uppfoljning-rapport.schema.json", ("uppfoljning/*/*.yaml",)),
    "likvardighet": Schema(
        EqualTerms,
        "uppfoljning-likvardighet.schema.json",
        ("uppfoljning/*/likvardighet-*.yaml",),
    ),
    "bedomning": Schema(
        Review,
        "uppfoljning-bedomning.schema.json",
        ("uppfoljning/*/bedomning-*.yaml",),
    ),
}
"""Each kind of file by its name for `uppdrag schema --typ`. Where globs overlap (the shared
files lie below `uppdrag/`, likvärdighet and bedömning beside the reports), the file's first
line decides: `# yaml-language-server: $schema=…` goes before every setting."""

SCHEMA_DIR = "schema"
MODELINE = "# yaml-language-server: $schema="


def editor_settings() -> dict[str, Any]:
    """`.vscode/settings.json`: each folder's files mapped to their schema in `schema/`."""
    return {
        "yaml.schemas": {
            f"./{SCHEMA_DIR}/{schema.file}": list(schema.globs) for schema in SCHEMAS.values()
        },
        "yaml.yamlVersion": "1.2",
    }


def editor_settings_text() -> str:
    return json.dumps(editor_settings(), ensure_ascii=False, indent=2) + "\n"


def modeline(kind: str, depth: int) -> str:
    """The first line that points a file `depth` folders below the root to its schema."""
    return f"{MODELINE}{'../' * depth}{SCHEMA_DIR}/{SCHEMAS[kind].file}"


_CATALOGUE_HEAD = {
    "title": "Kvalitetskriterier",
    "description": "uppdrag/gemensamt/kvalitetskriterier.yaml: kriterier som gäller också "
    "upphandlad verksamhet (riktlinjen 2.3), per nyckel; ett uppdrag hänvisar till dem med "
    "'ref'.",
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file."""
    model = SCHEMAS[kind].model
    if isinstance(model, TypeAdapter):
        body = model.json_schema(by_alias=True, mode="validation", schema_generator=SwedishSchema)
        return {"$schema": DRAFT, **_CATALOGUE_HEAD, **body}
    body = model.model_json_schema(by_alias=True, mode="validation", schema_generator=SwedishSchema)
    return {"$schema": DRAFT, **body}


def schema_text(kind: str) -> str:
    """The schema as kept in `schema/`: stable key order, ending in a newline."""
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
