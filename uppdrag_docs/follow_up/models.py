"""The follow-up files of `shared/spec/uppfoljning.md`, version 1, as pydantic models.

Three kinds: a report that egenregin delivers for one period (`OutcomeReport`), the
förvaltning's likvärdighet figures for the upphandlade utförare (`EqualTerms`), and its
assessment of a year (`Review`). As in `format/schema.py`, attribute names are English, the aliases
are the Swedish keys people write, and every field has a Swedish description that becomes the
JSON Schema editors use (`json_schema.py`). The models check structure and types; what needs
the uppdrag (does the criterion exist, is the period one of the report's) is checked in
`consistency.py`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)

from uppdrag_docs.follow_up.periods import EXAMPLES, PeriodKey, parse_period
from uppdrag_docs.format.base import (
    UPPDRAG_ID_PATTERN,
    Day,
    Ident,
    Integer,
    Markdown,
    Model,
    Number,
    Text,
    WholeSchema,
    Year,
)

Judgement = Literal["uppfyllt", "delvis uppfyllt", "ej uppfyllt"]
"""A bedömning as people write it; the tool adds `ej redovisat` when there is nothing to judge."""

PeriodField = Annotated[
    PeriodKey,
    PlainValidator(parse_period),
    PlainSerializer(str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1000, "maximum": 9999},
                {
                    "type": "string",
                    "pattern": r"^\s*\d{4}(-(H[12]|T[1-3]|K[1-4]|M(0[1-9]|1[0-2])))?\s*$",
                },
            ],
            "description": f"Period: {EXAMPLES}.",
        }
    ),
]
UppdragId = Annotated[
    str,
    Field(
        pattern=UPPDRAG_ID_PATTERN,
        max_length=100,
        description="Uppdragets id, samma som mappen under uppfoljning/.",
    ),
]
SchemaVersion = Annotated[Literal[1], Field(description="Formatets version: 1.")]


MAX_FIGURE = 10**12
"""No figure of a follow-up file is larger (the forms' validation is the same): a value of
more digits than decimal arithmetic holds (28) would stop every calculation on it."""


FIGURE_RANGE = "mellan −1 000 000 000 000 och 1 000 000 000 000"
"""MAX_FIGURE in words, as every message about a figure out of range says it."""


def _within(value: Decimal) -> Decimal:
    if not value.is_finite() or abs(value) > MAX_FIGURE:
        raise ValueError(f"ska vara ett tal {FIGURE_RANGE}")
    return value


Figure = Annotated[Number, AfterValidator(_within)]
"""A number of a follow-up file: a value, an amount, a volume."""


def _whole_kronor(value: Decimal) -> Decimal:
    if value != value.to_integral_value():
        raise ValueError("ska vara hela kronor, utan öre")
    return value


Kronor = Annotated[Figure, AfterValidator(_whole_kronor), WholeSchema()]
"""An amount in a report: whole kronor as written, exact (never a float)."""


MIN_ANSWERS = 5
"""A value from fewer answers than this is never published: it could point out a person, and
a handful of answers says little of a unit (webb.md, "Small numbers")."""


# Nested models carry no docstring: pydantic would put it in the JSON Schema, which is Swedish.


class Outcome(Model):
    # One criterion's outcome for the period: a value, a bedömning (text target) or ej_mätt.
    criterion: Ident = Field(
        alias="kriterium", description="Kriteriets id i uppdraget, t.ex. KK1 (också för ref)."
    )
    value: Figure | None = Field(
        default=None, alias="värde", description="Utfallet, ett tal i kriteriets enhet."
    )
    judgement: Judgement | None = Field(
        default=None,
        alias="bedömning",
        description="För ett kriterium med textmål: uppfyllt, delvis uppfyllt eller ej uppfyllt.",
    )
    not_measured: Text | None = Field(
        default=None, alias="ej_mätt", description="Varför kriteriet inte är mätt den perioden."
    )
    answers: Integer | None = Field(
        default=None,
        alias="antal_svar",
        ge=0,
        description="Hur många som svarade, när utfallet kommer från en enkät. Ett värde från "
        f"färre än {MIN_ANSWERS} svar publiceras aldrig i registret (uppdrag webb).",
    )
    comment: Markdown | None = Field(
        default=None, alias="kommentar", description="Kommentar till utfallet."
    )
    actions: Markdown | None = Field(
        default=None,
        alias="åtgärder",
        description="Åtgärder när utfallet är sämre än uppfyllt (riktlinjen 3.2.1).",
    )


class Income(Model):
    fixed: Kronor = Field(
        alias="ersättning", description="Den fasta ersättningen för perioden, hela kronor."
    )
    variable: Kronor = Field(
        default=Decimal(0), alias="rörlig", description="Den rörliga ersättningen, hela kronor."
    )
    additional: Kronor = Field(
        default=Decimal(0),
        alias="tilläggsuppdrag",
        description="Ersättning för tilläggsuppdrag, hela kronor.",
    )
    other: Kronor = Field(
        default=Decimal(0),
        alias="övriga",
        description="Övriga intäkter (beslutas inte i uppdraget), hela kronor.",
    )

    @property
    def total(self) -> Decimal:
        return self.fixed + self.variable + self.additional + self.other


class Forecast(Model):
    income: Kronor = Field(alias="intäkter", description="Prognos för årets intäkter, kr.")
    costs: Kronor = Field(alias="kostnader", description="Prognos för årets kostnader, kr.")

    @property
    def result(self) -> Decimal:
        return self.income - self.costs


class Economy(Model):
    # Redovisning enligt öppna böcker for the period (riktlinjen 3.1).
    income: Income = Field(alias="intäkter", description="Periodens intäkter i hela kronor.")
    costs: dict[str, Kronor] = Field(
        alias="kostnader",
        min_length=1,
        description="Periodens kostnader i hela kronor per kostnadsslag i upprakning.yaml.",
    )
    comment: Markdown | None = Field(
        default=None, alias="kommentar", description="Kommentar till resultatet."
    )
    actions: Markdown | None = Field(
        default=None, alias="åtgärder", description="Åtgärder vid underskott (riktlinjen 3.1)."
    )
    forecast: Forecast | None = Field(
        default=None,
        alias="prognos_helår",
        description="Utförarens prognos för hela kalenderåret: intäkter och kostnader.",
    )
    outside_standard: Annotated[Kronor, Field(ge=0)] | None = Field(
        default=None,
        alias="utanför_standard",
        description="Periodens faktiska kostnad för delarna utanför standardkostnaden och för "
        "tilläggsuppdrag, hela kronor (standardkostnad.md).",
    )

    @property
    def cost_total(self) -> Decimal:
        return sum(self.costs.values(), Decimal(0))

    @property
    def result(self) -> Decimal:
        return self.income.total - self.cost_total


class Volume(Model):
    item: Text = Field(
        alias="post",
        description="Den rörliga postens enhet, eller dess beskrivning om två poster har samma.",
    )
    units: Figure = Field(alias="utfall", ge=0, description="Utförda enheter under perioden.")


class OutcomeReport(Model):
    """`uppfoljning/<uppdrag>/<rapport>-<period>.yaml`: one report, delivered by egenregin."""

    model_config = ConfigDict(
        title="Rapport",
        json_schema_extra={"description": "En rapport från egenregin för en period, format 1."},
    )

    schema_version: SchemaVersion = Field(alias="schemaversion")
    uppdrag: UppdragId = Field(alias="uppdrag")
    report: Ident = Field(alias="rapport", description="Rapportens id i uppdraget, t.ex. R1.")
    period: PeriodField = Field(alias="period")
    delivered: Day = Field(alias="inlämnad", description="Dagen rapporten lämnades.")
    delivered_by: Text = Field(
        alias="inlämnad_av",
        description="Vem som lämnade rapporten: en enhet eller en roll, aldrig en privatperson.",
    )
    outcomes: list[Outcome] | None = Field(
        default=None,
        alias="utfall",
        description="Ett utfall per kriterium som rapporten redovisar (kvalitetsrapporter).",
    )
    economy: Economy | None = Field(
        default=None, alias="ekonomi", description="Öppna böcker för perioden (ekonomirapporter)."
    )
    volumes: list[Volume] | None = Field(
        default=None,
        alias="volymer",
        description="Utförd volym för varje rörlig post (ekonomi- och verksamhetsrapporter).",
    )
    clients: Integer | None = Field(
        default=None, alias="brukare", ge=0, description="Antal brukare vid periodens slut."
    )
    volume: Annotated[Figure, Field(ge=0)] | None = Field(
        default=None,
        alias="volym",
        description="Utförda enheter av uppdragets standardkostnadstyp under perioden, t.ex. "
        "utförda timmar (ekonomirapporter).",
    )


class ProviderOutcomes(Model):
    name: Text = Field(alias="namn", description="Den upphandlade utförarens namn.")
    outcomes: list[Outcome] = Field(
        alias="utfall", min_length=1, description="Utförarens utfall, som i en rapport."
    )
    price: Annotated[Figure, Field(gt=0)] | None = Field(
        default=None,
        alias="pris",
        description="Kr per enhet av uppdragets standardkostnadstyp som nämnden betalade "
        "utföraren under perioden, momskompensationen inräknad; utan det gäller katalogens pris.",
    )


class ReferenceOutcomes(Model):
    name: Text = Field(alias="namn", description="Referensen, t.ex. Riket eller Länet.")
    source: Text | None = Field(
        default=None, alias="källa", description="Varifrån siffrorna kommer, om inte filens källa."
    )
    outcomes: list[Outcome] = Field(
        alias="utfall",
        min_length=1,
        description="Referensens utfall för likvärdiga kriterier, som i en rapport; bedöms inte.",
    )


class EqualTerms(Model):
    """`uppfoljning/<uppdrag>/likvardighet-<period>.yaml`: the same criteria at the upphandlade
    utförare (riktlinjen 2.3), written by the förvaltning."""

    model_config = ConfigDict(
        title="Likvärdighet",
        json_schema_extra={
            "description": "Förvaltningens uppföljning av upphandlade utförare, format 1."
        },
    )

    schema_version: SchemaVersion = Field(alias="schemaversion")
    uppdrag: UppdragId = Field(alias="uppdrag")
    period: PeriodField = Field(alias="period")
    source: Text = Field(
        alias="källa",
        description="Varifrån siffrorna kommer: avtalsuppföljning, en nationell mätning.",
    )
    providers: list[ProviderOutcomes] = Field(
        alias="utförare", min_length=1, description="De upphandlade utförarna och deras utfall."
    )
    references: list[ReferenceOutcomes] = Field(
        default_factory=list,
        alias="referens",
        description="Jämförelsetal som inte är utförare (Riket, Länet): visas som referensrader, "
        "bedöms aldrig.",
    )


class GoalJudgement(Model):
    goal: Integer = Field(
        alias="mål", ge=1, description="Målets nummer: 1 är det första i uppdraget."
    )
    judgement: Judgement = Field(alias="bedömning", description="Förvaltningens bedömning.")
    motivation: Markdown = Field(alias="motivering", description="Varför (krävs).")


class Override(Model):
    criterion: Ident = Field(alias="kriterium", description="Kriteriets id, t.ex. KK3.")
    judgement: Judgement = Field(
        alias="bedömning", description="Förvaltningens bedömning för året, bredvid den räknade."
    )
    motivation: Markdown = Field(
        alias="motivering", description="Varför den räknade bedömningen inte står sig (krävs)."
    )


class Review(Model):
    """`uppfoljning/<uppdrag>/bedomning-<år>.yaml`: the förvaltning's assessment of a year."""

    model_config = ConfigDict(
        title="Förvaltningens bedömning",
        json_schema_extra={
            "description": "Förvaltningens samlade bedömning av ett år (riktlinjen 3.2), format 1."
        },
    )

    schema_version: SchemaVersion = Field(alias="schemaversion")
    uppdrag: UppdragId = Field(alias="uppdrag")
    year: Year = Field(alias="år", description="Året som bedöms.")
    date: Day = Field(alias="datum", description="Dagen bedömningen är gjord.")
    prepared_by: Text = Field(
        alias="beredd_av", description="Vem som har berett bedömningen: en roll och förvaltning."
    )
    meeting: Day | None = Field(
        default=None,
        alias="sammanträde",
        description="Sammanträdet som behandlar bedömningen; dokumentet hör till dess handlingar.",
    )
    summary: Markdown = Field(alias="sammanfattning", description="Förvaltningens sammanfattning.")
    goals: list[GoalJudgement] = Field(
        default_factory=list, alias="mål", description="Bedömningen av varje mål i uppdraget."
    )
    overrides: list[Override] = Field(
        default_factory=list,
        alias="kriterier",
        description="Förvaltningens egen bedömning av ett kriterium för året, med motivering.",
    )
    proposal: Markdown = Field(
        alias="förslag_till_beslut", description="Förslag till nämndens beslut."
    )


FollowUpModel = OutcomeReport | EqualTerms | Review
