"""The file format, version 1 (`shared/spec/format.md`), as pydantic models.

Attribute names are English; the aliases are the Swedish keys people write. Every field has a
Swedish description: it becomes the JSON Schema that editors use for completion and hover help.
The models check structure and types; the guideline's rules live in `rules/`, so that each rule
gets its own code and section.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Discriminator, Field, Tag
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from uppdrag_docs.findings import Severity
from uppdrag_docs.format.arende import Case
from uppdrag_docs.format.base import (
    PROPERTY_LIMIT,
    UPPDRAG_ID_PATTERN,
    Day,
    Ident,
    Integer,
    Line,
    Markdown,
    Money,
    Text,
    Title,
    word_length,
)
from uppdrag_docs.format.base import Model as _Model
from uppdrag_docs.format.compensation import Compensation
from uppdrag_docs.format.shared import SharedCriterion
from uppdrag_docs.format.words import case_title

Status = Literal["utkast", "förslag", "fastställt", "upphävt"]
DRAFTS: tuple[Status, ...] = ("utkast", "förslag")
"""The statuses of an uppdrag still open to change (`Uppdrag.draft`)."""
ReportType = Literal["kvalitet", "ekonomi", "verksamhet"]
Frequency = Literal["månad", "kvartal", "tertial", "halvår", "år"]
Reason = Literal[
    "myndighetsutövning",
    "svårbedömda_behov",
    "svåravgränsat_uppdrag",
    "utvecklingsinsatser",
    "indikatorer_under_utveckling",
    "samordningsvinster",
    "specialiserad_kompetens",
    "yttersta_ansvaret",
    "känslig_målgrupp",
    "rådighet_över_lokaler",
    "arbetsmarknadsåtgärd",
]


def _fits_the_case_title(value: str) -> str:
    """The title, if the tjänsteskrivelse's title made of it fits Word's document properties."""
    composed = max((case_title(value, repealed=r) for r in (False, True)), key=word_length)
    room = PROPERTY_LIMIT - (word_length(composed) - word_length(value))
    if word_length(value) > room:
        raise PydanticCustomError(
            "composed_too_long",
            "too long for the tjänsteskrivelse's title",  # in Swedish: UD118
            {"room": room, "composed": composed, "what": "tjänsteskrivelsens titel"},
        )
    return value


UppdragTitle = Annotated[
    Line,
    AfterValidator(_fits_the_case_title),
    Field(json_schema_extra={"maxLength": PROPERTY_LIMIT - len(case_title("", repealed=False))}),
]
"""The uppdrag's title: the decision document's Word title, and the tjänsteskrivelse's
"Verksamhetsuppdrag <titel>, fastställande"."""


class Period(_Model):
    start: Day = Field(alias="från", description="Första dagen, den första i en månad.")
    end: Day = Field(alias="till", description="Sista dagen, den sista i en månad.")


class Orderer(_Model):
    board: Title = Field(alias="nämnd", description="Den beställande nämnden.")
    administration: Title = Field(
        alias="förvaltning", description="Förvaltningen som företräder nämnden."
    )
    contact: str | None = Field(
        default=None, alias="kontakt", description="Kontaktperson hos beställaren."
    )


class Provider(_Model):
    name: Text = Field(alias="namn", description="Utföraren, normalt kommunens utförarförvaltning.")
    unit: str | None = Field(default=None, alias="enhet", description="Enhet hos utföraren.")


class Decision(_Model):
    body: Title = Field(alias="organ", description="Organet som beslutar, t.ex. Socialnämnden.")
    meeting: Day = Field(alias="sammanträde", description="Sammanträdets datum.")
    paragraph: Integer | None = Field(
        default=None,
        alias="paragraf",
        ge=1,
        description="Paragrafnummer i protokollet; null så länge uppdraget är ett förslag.",
    )


class Repeal(_Model):
    body: Title = Field(alias="organ", description="Organet som upphävde uppdraget.")
    meeting: Day = Field(alias="sammanträde", description="Sammanträdets datum.")
    paragraph: Integer = Field(alias="paragraf", ge=1, description="Paragrafnummer i protokollet.")


class ProviderShare(_Model):
    name: Text = Field(alias="namn", description="Utförarens namn.")
    clients: Integer = Field(alias="brukare", ge=0, description="Antal brukare hos utföraren.")


class CurrentState(_Model):
    date: Day = Field(alias="datum", description="Datum för nulägesanalysen.")
    clients: Integer = Field(alias="antal_brukare", ge=0, description="Antal brukare totalt.")
    providers: list[ProviderShare] = Field(
        alias="utförare", min_length=1, description="Utförarna och deras brukare (riktlinjen 2.1)."
    )
    market: Markdown = Field(alias="marknadsläge", description="Kort beskrivning av marknadsläget.")
    geography: Markdown | None = Field(
        default=None,
        alias="geografisk_fördelning",
        description="Den geografiska fördelningen, om det finns skäl att redovisa den.",
    )


class Goal(_Model):
    text: Text = Field(alias="text", description="Målet för uppdraget.")
    board_goal: str | None = Field(
        default=None, alias="nämndmål", description="Nämndens eller fullmäktiges mål det stöder."
    )


class Assignment(_Model):
    summary: Markdown = Field(alias="sammanfattning", description="Uppdraget i korthet.")
    scope: Markdown = Field(alias="omfattning", description="Vad uppdraget omfattar.")
    goals: list[Goal] = Field(default_factory=list, alias="mål", description="Uppdragets mål.")


ReportIds = Annotated[
    list[Ident],
    Field(description="Id för de rapporter som redovisar kriteriet (riktlinjen 3.2.1)."),
]


class Criterion(SharedCriterion):
    reports: ReportIds = Field(default_factory=list, alias="rapportering")
    ref: SkipJsonSchema[str | None] = Field(default=None, exclude=True)
    """Set when the criterion was resolved from the shared catalogue (never written by hand)."""


class CriterionRef(_Model):
    ref: Ident = Field(
        alias="ref", description="Nyckel i uppdrag/gemensamt/kvalitetskriterier.yaml."
    )
    reports: ReportIds = Field(default_factory=list, alias="rapportering")


# Tags appear in validation error locations; they are chosen so no key of the format collides.
REF_TAG = "ref-kriterium"
INLINE_TAG = "eget-kriterium"


def _criterion_kind(value: Any) -> str:
    if isinstance(value, dict):
        return REF_TAG if "ref" in value else INLINE_TAG
    return REF_TAG if isinstance(value, CriterionRef) else INLINE_TAG


CriterionEntry = Annotated[
    Annotated[CriterionRef, Tag(REF_TAG)] | Annotated[Criterion, Tag(INLINE_TAG)],
    Discriminator(_criterion_kind),
]


class Report(_Model):
    id: Ident = Field(alias="id", description="Rapportens id, t.ex. R1.")
    type: ReportType = Field(alias="typ", description="kvalitet, ekonomi eller verksamhet.")
    what: Text = Field(alias="vad", description="Vad som rapporteras.")
    frequency: Frequency = Field(
        alias="frekvens", description="månad, kvartal, tertial, halvår eller år."
    )
    recipient: Text = Field(alias="mottagare", description="Vem som tar emot rapporten.")
    form: Text = Field(alias="form", description="Hur rapporten lämnas.")
    days_after: Integer = Field(
        alias="dagar_efter_period",
        ge=0,
        le=366,
        description="Rapporten ska vara inlämnad så många dagar efter att perioden slutat.",
    )


class AdditionalAssignment(_Model):
    id: Ident = Field(alias="id", description="Tilläggsuppdragets id, t.ex. T1.")
    title: Text = Field(alias="titel", description="Rubrik.")
    decision: Decision = Field(alias="beslut", description="Beslutet om tilläggsuppdraget.")
    period: Period = Field(alias="period", description="Tilläggsuppdragets period.")
    amount: Money = Field(
        alias="ersättning", ge=0, description="Ersättning i kr för hela perioden."
    )
    description: Markdown = Field(alias="beskrivning", description="Vad tilläggsuppdraget gäller.")


class Attachment(_Model):
    title: Text = Field(alias="titel", description="Bilagans rubrik.")
    file: Text = Field(
        alias="fil", description="PDF- eller DOCX-fil, relativt uppdragsfilen, inom arkivet."
    )


class Uppdrag(_Model):
    """A verksamhetsuppdrag: one file in `uppdrag/`."""

    model_config = ConfigDict(
        title="Verksamhetsuppdrag",
        json_schema_extra={"description": "Ett verksamhetsuppdrag till egen regi, format 1."},
    )

    schema_version: Literal[1] = Field(alias="schemaversion", description="Formatets version: 1.")
    id: str = Field(
        alias="id",
        pattern=UPPDRAG_ID_PATTERN,
        max_length=100,
        description="Id: gemener a–z, siffror och '-', samma som filnamnet utan .yaml.",
    )
    title: UppdragTitle = Field(alias="titel", description="Uppdragets titel.")
    case_number: Title = Field(
        alias="diarienummer", description="Diarienummer, t.ex. SOCN 2026-0142."
    )
    area: Text = Field(alias="verksamhetsområde", description="Verksamhetsområde.")
    status: Status = Field(alias="status", description="utkast, förslag, fastställt eller upphävt.")
    orderer: Orderer = Field(alias="beställare", description="Beställande nämnd och förvaltning.")
    provider: Provider = Field(alias="utförare", description="Utföraren.")
    period: Period = Field(alias="period", description="Uppdragets period.")
    decision: Decision | None = Field(
        default=None,
        alias="beslut",
        description="Det planerade sammanträdet för ett förslag, beslutet när det är fastställt.",
    )
    repeal: Repeal | None = Field(
        default=None,
        alias="upphävande",
        description="Beslutet som upphävde uppdraget: bara med status upphävt. Registret "
        "(uppdrag webb) visar ett upphävt uppdrag med upphävandets datum och paragraf.",
    )
    competition_plan: Text = Field(
        alias="konkurrensutsättningsplan",
        description="Diarienummer för nämndens konkurrensutsättningsplan (riktlinjen 2.1, 2.2).",
    )
    current_state: CurrentState = Field(
        alias="nulägesanalys", description="Nulägesanalys (riktlinjen 2.1)."
    )
    reasons: list[Reason] = Field(
        alias="skäl", min_length=1, description="Skäl för verksamhetsuppdrag (riktlinjen 2.1)."
    )
    motivation: Markdown | None = Field(
        default=None, alias="motivering", description="Motivering av skälen."
    )
    assignment: Assignment = Field(alias="uppdrag", description="Uppdraget och dess mål.")
    criteria: list[CriterionEntry] = Field(
        alias="kvalitetskriterier",
        min_length=1,
        description="Kvalitetskriterier: 'ref' till katalogen eller ett eget kriterium.",
    )
    reports: list[Report] = Field(
        alias="rapportering", min_length=1, description="Rapportering (riktlinjen 3.2.1)."
    )
    compensation: Compensation | None = Field(
        default=None,
        alias="ersättning",
        description="Ersättning (riktlinjen 3.1.2, 3.1.3). Ett utkast eller förslag får vänta "
        "med den (riktlinjen 2.1); ett fastställt uppdrag måste ha den.",
    )
    additional: list[AdditionalAssignment] = Field(
        default_factory=list, alias="tilläggsuppdrag", description="Tilläggsuppdrag."
    )
    attachments: list[Attachment] = Field(
        default_factory=list, alias="bilagor", description="Bilagor."
    )
    preparedness: Markdown | None = Field(
        default=None,
        alias="krisberedskap",
        description="Uppdragets del i kommunens beredskap för extraordinära händelser och höjd "
        "beredskap (LEH 2006:544, riktlinjen 2.1).",
    )
    case: Case | None = Field(
        default=None,
        alias="ärende",
        description="Tjänsteskrivelsen som lägger fram uppdraget för nämnden.",
    )

    # The states of `status`, named once: no other module compares it with a word.

    @property
    def in_force(self) -> bool:
        """Fastställt: decided by the nämnd and not repealed; its reports are owed."""
        return self.status == "fastställt"

    @property
    def decided(self) -> bool:
        """Fastställt or upphävt: the nämnd has decided on it, and its documents carry that date."""
        return self.status in ("fastställt", "upphävt")

    @property
    def repealed(self) -> bool:
        return self.status == "upphävt"

    @property
    def draft(self) -> bool:
        """An utkast or a förslag: still open to change, dated by its tjänsteskrivelse."""
        return self.status in DRAFTS

    @property
    def presented(self) -> bool:
        """A förslag or fastställt uppdrag: its tjänsteskrivelse goes (or went) before the nämnd."""
        return self.status in ("förslag", "fastställt")

    @property
    def state_severity(self) -> Severity:
        """The severity of a code the registry leaves to the state (severity None): an error
        once the uppdrag is in force, a warning while it may still change."""
        return Severity.ERROR if self.in_force else Severity.WARNING
