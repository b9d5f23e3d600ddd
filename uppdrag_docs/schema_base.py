"""The building blocks every model of the format shares: one base model and the basic types.

Both the uppdrag's models (`schema.py`) and the ärende's (`schema_arende.py`) are made of these,
so a rule about what text, an amount or a year may be is written once and holds everywhere.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Text = Annotated[str, Field(min_length=1)]
Markdown = Annotated[
    str,
    Field(
        min_length=1,
        description="Markdown: stycken, listor, betoning och länkar; ingen rå HTML.",
    ),
]
Share = Annotated[Decimal, Field(ge=0, le=1)]
Money = Decimal
Year = Annotated[int, Field(ge=1900, le=2200)]


class Model(BaseModel):
    """Unknown keys are errors, Swedish keys and English names both fill a field, values stay."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)
