"""The standardkostnad's models: the catalogue `gemensamt/standardkostnader.yaml`, and the block
`ersättning.standardkostnad` by which an uppdrag names its type and volume.

`shared/spec/standardkostnad.md`: each verksamhetstyp (a key of lower-case ASCII letters, digits,
`.` and `-`) has its name, its unit of volume in words, what the price covers, a price per unit
per year decided by someone on a day, and optionally what it takes to raise a year without a
value (the shares per cost type), its own tolerance, units per plats, the momskompensation of
private providers, their price (`upphandlat`) and the Kolada lines it is compared with. The
models check structure and types; the rules that need more than one entry (one value per year,
the shares adding up to 1) are in `rules/standard.py`.

This "standardkostnad" is the kommun's price per unit of a type, never the kommunalekonomiska
utjämningens standardkostnad per invånare (`slag: kommun` lines only).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field

from uppdrag_docs.format.base import (
    KOLADA_KOMMUN_PATTERN,
    KPI_PATTERN,
    TYPE_KEY_PATTERN,
    Day,
    Markdown,
    Number,
    Share,
    Text,
    Year,
)
from uppdrag_docs.format.base import Model as _Model

SOURCE_KEY = "källa"
"""The catalogue's one key that is not a type."""


def _ore(value: Decimal) -> Decimal:
    """At most two decimals, read off the digits: a figure of 400 digits cannot be rounded."""
    _sign, digits, exponent = value.as_tuple()
    if isinstance(exponent, int) and exponent < -2 and any(digits[exponent + 2 :]):
        raise ValueError("får ha högst två decimaler (hela öre)")
    return value


UnitPrice = Annotated[Number, Field(gt=0), AfterValidator(_ore)]
"""Kronor per unit, above 0, in whole öre: `492.00`."""
Tolerance = Annotated[Number, Field(gt=0, lt=1)]
"""A share strictly between 0 and 1: how far a figure may lie from the standard (0.05 = 5 %)."""
TypeKey = Annotated[str, Field(min_length=1, max_length=60, pattern=TYPE_KEY_PATTERN)]
Positive = Annotated[Number, Field(gt=0)]
NonNegative = Annotated[Number, Field(ge=0)]
ProcurementForm = Literal["LOV", "LOU"]


class Fixed(_Model):
    by: Text = Field(alias="av", description="Vem som fastställde värdet, t.ex. Ekonomidirektören.")
    date: Day = Field(alias="datum", description="Dagen värdet fastställdes.")


class StandardValue(_Model):
    year: Year = Field(alias="år", description="Året värdet gäller.")
    amount: UnitPrice = Field(
        alias="belopp", description="Standardkostnaden i kr per enhet, högst två decimaler."
    )
    fixed: Fixed = Field(alias="fastställd", description="Vem som fastställde värdet, och när.")


class Procured(_Model):
    year: Year = Field(alias="år", description="Året priset gäller.")
    amount: UnitPrice = Field(
        alias="belopp",
        description="Kr per enhet som nämnden betalar en upphandlad utförare, "
        "momskompensationen inräknad.",
    )
    form: ProcurementForm = Field(alias="form", description="LOV eller LOU.")
    source: Text | None = Field(
        default=None, alias="källa", description="Var priset kommer från, t.ex. avtalet."
    )


class Comparison(_Model):
    kpi: str = Field(
        alias="kpi", pattern=KPI_PATTERN, description="Nyckeltalets id i Kolada, t.ex. U21003."
    )
    title: Text = Field(alias="titel", description="Nyckeltalets namn i dokumenten.")
    unit: Text = Field(
        alias="enhet",
        description="Koladas enhet i ord, t.ex. beviljad timme; jämförs bara när den är "
        "samma som typens enhet.",
    )
    kommuner: list[Annotated[str, Field(pattern=KOLADA_KOMMUN_PATTERN)]] = Field(
        alias="kommuner",
        min_length=1,
        description="Kommunernas id som i kolada.csv: 0580 Linköping, 0000 riket, G… en grupp.",
    )
    kind: Literal["kommun"] | None = Field(
        default=None,
        alias="slag",
        description="kommun: en upplysning för hela kommunen (t.ex. kr per invånare), "
        "aldrig i tabellen per enhet.",
    )


class StandardType(_Model):
    name: Text = Field(alias="namn", description="Verksamhetstypens namn.")
    unit: Text = Field(
        alias="enhet",
        description="Volymens enhet i ord: utförd timme, belagt dygn, deltagarmånad.",
    )
    contents: Markdown = Field(
        alias="innehåll",
        description="Vad priset omfattar (personal, lokaler, OH …); jämförda tal ska omfatta "
        "detsamma.",
    )
    values: list[StandardValue] = Field(
        alias="värden", min_length=1, description="Standardkostnaden per år, ett värde per år."
    )
    cost_shares: dict[str, Share] | None = Field(
        default=None,
        alias="kostnadsfördelning",
        min_length=1,
        description="Andel per kostnadsslag i upprakning.yaml, summan 1: räknar upp ett år "
        "utan eget värde.",
    )
    tolerance: Tolerance | None = Field(
        default=None,
        alias="tolerans",
        description="Hur långt ersättningen per enhet får ligga från standarden (0.05 = 5 %); "
        "går före kommun.yaml.",
    )
    units_per_place: Annotated[Number, Field(gt=0)] | None = Field(
        default=None,
        alias="enheter_per_plats",
        description="Enheter per plats och år (365 för dygn, 12 för deltagarmånad), för "
        "volymförändringar räknade i platser.",
    )
    vat_compensation: Annotated[Number, Field(ge=0, lt=1)] = Field(
        default=Decimal(0),
        alias="momskompensation",
        description="Andel som privata utförare får utöver priset (lag 2005:807); standard 0.",
    )
    procured: list[Procured] = Field(
        default_factory=list,
        alias="upphandlat",
        description="Vad nämnden betalar upphandlade utförare per enhet, per år.",
    )
    comparisons: list[Comparison] = Field(
        default_factory=list,
        alias="jämförelser",
        description="Nyckeltal ur kolada.csv att jämföra med.",
    )

    def value(self, year: int) -> StandardValue | None:
        return next((v for v in self.values if v.year == year), None)

    def procured_price(self, year: int) -> Procured | None:
        return next((p for p in self.procured if p.year == year), None)


class OutsideStandard(_Model):
    description: Text = Field(alias="beskrivning", description="Vad som ligger utanför typen.")
    amount: NonNegative | dict[Year, NonNegative] = Field(
        alias="belopp",
        description="Kr per helt år, för varje år eller en tabell år → kr.",
    )


class StandardCost(_Model):
    type: TypeKey = Field(
        alias="typ", description="Verksamhetstypen i uppdrag/gemensamt/standardkostnader.yaml."
    )
    volume: Positive | dict[Year, Positive] = Field(
        alias="volym",
        description="Enheter av typens enhet som ersättningen betalar för under periodens del "
        "av varje år; ett tal för varje år, eller en tabell år → antal.",
    )
    outside: list[OutsideStandard] = Field(
        default_factory=list,
        alias="utanför_standard",
        description="Delar av ersättningen som typens innehåll inte omfattar.",
    )
    motivation: Markdown | None = Field(
        default=None,
        alias="motivering",
        description="Varför ersättningen per enhet avviker från standardkostnaden; krävs när "
        "ett år ligger utanför toleransen.",
    )


class StandardCatalogue(_Model):
    """`uppdrag/gemensamt/standardkostnader.yaml`: every key but `källa` is a type."""

    model_config = ConfigDict(
        title="Standardkostnader",
        extra="allow",
        json_schema_extra={
            "description": "uppdrag/gemensamt/standardkostnader.yaml: kommunens standardkostnad "
            "per enhet för varje verksamhetstyp och år. Inte standardkostnaden i den "
            "kommunalekonomiska utjämningen, som räknas per invånare.",
            "propertyNames": {"pattern": f"^({SOURCE_KEY}|{TYPE_KEY_PATTERN[1:-1]})$"},
        },
    )
    __pydantic_extra__: dict[str, StandardType] = Field(init=False)

    source: Text | None = Field(
        default=None,
        alias=SOURCE_KEY,
        description="Modellen eller beslutet bakom katalogen; skrivs under varje tabell.",
    )

    @property
    def types(self) -> dict[str, StandardType]:
        return dict(self.__pydantic_extra__ or {})
