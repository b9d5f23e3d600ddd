"""`ersättning` of an uppdrag (format.md, "Ersättning"; riktlinjen 3.1.2 and 3.1.3), as models.

The calculation's inputs: the model, the base year's driftskostnad and the kostnadsfördelning,
volymförändringar (at a styckkostnad, or `enligt_standard`: the standardkostnad of a type),
ambitionsförändringar, effektiviseringskrav, the OH share, the rörliga posterna, the utförare's
förväntad kostnad, the ekonomidirektör's avstämning, and the comparison with the standardkostnad
(`standard.py`). As in `schema.py`, attribute names are English and the aliases Swedish.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from uppdrag_docs.format.base import (
    Day,
    Flag,
    Integer,
    Money,
    Number,
    Share,
    Text,
    Year,
    given,
)
from uppdrag_docs.format.base import Model as _Model
from uppdrag_docs.format.standard import StandardCost, TypeKey

ModelKind = Literal["fast", "rörlig", "kombination"]


class VolumeChange(_Model):
    # Exactly one of styckkostnad and enligt_standard; per_plats and månader go with the latter.
    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [given("styckkostnad"), given("enligt_standard")],
            "dependentRequired": {
                "per_plats": ["enligt_standard"],
                "månader": ["enligt_standard"],
            },
        }
    )

    year: Year = Field(alias="år", description="Året förändringen gäller.")
    description: Text = Field(alias="beskrivning", description="Vad som förändras.")
    count: Number = Field(alias="antal", description="Antal (negativt för en minskning).")
    unit_cost: Money | None = Field(
        default=None,
        alias="styckkostnad",
        description="Kostnad per styck i kr; eller enligt_standard.",
    )
    standard: TypeKey | None = Field(
        default=None,
        alias="enligt_standard",
        description="En verksamhetstyp i standardkostnader.yaml: styckkostnaden blir årets "
        "standardkostnad per enhet.",
    )
    per_place: Flag | None = Field(
        default=None,
        alias="per_plats",
        description="Med enligt_standard: antal räknar platser, gånger typens enheter_per_plats.",
    )
    months: Integer | None = Field(
        default=None,
        alias="månader",
        ge=1,
        le=12,
        description="Med enligt_standard: så många månader av året förändringen gäller "
        "(standard 12).",
    )

    @model_validator(mode="after")
    def _one_price(self) -> VolumeChange:
        if (self.unit_cost is None) == (self.standard is None):
            raise ValueError("ange antingen 'styckkostnad' eller 'enligt_standard', inte båda")
        if self.standard is None and (self.per_place is not None or self.months is not None):
            raise ValueError("'per_plats' och 'månader' hör till 'enligt_standard'")
        return self


class AmbitionChange(_Model):
    year: Year = Field(alias="år", description="Året förändringen gäller.")
    description: Text = Field(alias="beskrivning", description="Vad som förändras.")
    amount: Money = Field(alias="belopp", description="Belopp i kr, negativt för en minskning.")


class VariableItem(_Model):
    description: Text = Field(alias="beskrivning", description="Vad som ersätts.")
    unit: Text = Field(alias="enhet", description="Enhet, t.ex. timme eller dygn.")
    price: Money = Field(alias="pris", ge=0, description="Pris i kr per enhet det första året.")
    forecast: Number | dict[Year, Number] = Field(
        alias="prognos", description="Antal enheter per år, eller en tabell år → antal."
    )


class Reconciliation(_Model):
    approved_by: Text = Field(alias="godkänd_av", description="Vem som godkänt avstämningen.")
    date: Day = Field(alias="datum", description="Datum för godkännandet.")


class Compensation(_Model):
    model: ModelKind = Field(alias="modell", description="fast, rörlig eller kombination.")
    base_year: Year = Field(alias="basår", description="Året före periodens start.")
    base_cost: Money = Field(
        alias="driftskostnad_basår", ge=0, description="Driftskostnaden basåret i kr."
    )
    cost_shares: dict[str, Share] = Field(
        alias="kostnadsfördelning",
        min_length=1,
        description="Andel per kostnadsslag i uppräkningsmodellen; summan är 1.",
    )
    volume_changes: list[VolumeChange] = Field(
        default_factory=list, alias="volymförändringar", description="Volymförändringar."
    )
    ambition_changes: list[AmbitionChange] = Field(
        default_factory=list, alias="ambitionsförändringar", description="Ambitionsförändringar."
    )
    efficiency: Share | dict[Year, Share] = Field(
        default=Decimal(0),
        alias="effektiviseringskrav",
        description="Andel (0.01 = 1 %) för varje år, eller en tabell år → andel.",
    )
    overhead_share: Share = Field(
        alias="oh_andel", description="Andel av den fasta ersättningen som är OH-kostnader."
    )
    variable: list[VariableItem] = Field(
        default_factory=list, alias="rörlig", description="Rörliga ersättningsposter."
    )
    standard: StandardCost | None = Field(
        default=None,
        alias="standardkostnad",
        description="Jämförelsen med standardkostnaden per enhet (standardkostnader.yaml).",
    )
    expected_cost: dict[Year, Money] | None = Field(
        default=None,
        alias="förväntad_kostnad",
        description="Utförarens egen kostnadskalkyl per år i kr.",
    )
    reconciliation: Reconciliation | None = Field(
        default=None,
        alias="avstämning",
        description="Avstämning godkänd av ekonomidirektören (riktlinjen 3.1.2).",
    )
