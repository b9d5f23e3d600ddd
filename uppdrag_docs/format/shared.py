"""The shared files of `uppdrag/gemensamt/` (format.md), as pydantic models.

`kommun.yaml` (`Kommun`, with its `uppföljning` and `kalender`), `upprakning.yaml`
(`Indexation`) and `kvalitetskriterier.yaml` (criteria by key, `SharedCriterion`). As in
`schema.py`, attribute names are English, aliases are the Swedish keys, and every field has a
Swedish description that becomes the JSON Schema of the file.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator
from pydantic.config import JsonDict

from uppdrag_docs.format.base import (
    DOMAIN_PATTERN,
    EMAIL_PATTERN,
    FEEDBACK_PATTERN,
    HTTPS_FOLDER_PATTERN,
    MONTH_DAY_PATTERN,
    WEB_ADDRESS_PATTERN,
    Day,
    Flag,
    Ident,
    Integer,
    Number,
    Share,
    Text,
    Title,
    Year,
    given,
)
from uppdrag_docs.format.base import Model as _Model

DEFAULT_CASE_NUMBER_PATTERN = r"^[A-ZÅÄÖ]+ \d{4}-\d{1,5}$"
DEFAULT_FINANCE_DIRECTOR = "Ekonomidirektören"
DEFAULT_REMINDER_DAYS = 7


_NUMERIC: JsonDict = {"anyOf": [given("minst"), given("högst")]}
_TEXT: JsonDict = {"type": "string", "minLength": 1}


class Target(_Model):
    # What `_one_kind` asks, for the editor: a number with its unit, or a text.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [_NUMERIC, given("text", _TEXT)],
            "if": _NUMERIC,
            "then": given("enhet", _TEXT),
        }
    )

    at_least: Number | None = Field(default=None, alias="minst", description="Lägsta godtagbara.")
    at_most: Number | None = Field(default=None, alias="högst", description="Högsta godtagbara.")
    unit: str | None = Field(default=None, alias="enhet", description="Enhet, t.ex. procent.")
    text: str | None = Field(default=None, alias="text", description="Kvalitativt målvärde.")

    @model_validator(mode="after")
    def _one_kind(self) -> Target:
        numeric = self.at_least is not None or self.at_most is not None
        if not numeric and not self.text:
            raise ValueError("ange 'minst' och/eller 'högst' med 'enhet', eller 'text'")
        if numeric and not self.unit:
            raise ValueError("ett numeriskt målvärde behöver 'enhet'")
        return self


class SharedCriterion(_Model):
    """A criterion as the shared catalogue holds it (no reports: those are per uppdrag)."""

    id: Ident = Field(alias="id", description="Kriteriets id, t.ex. KK1.")
    name: Text = Field(alias="namn", description="Kriteriets namn.")
    description: Text = Field(alias="beskrivning", description="Vad som mäts.")
    source: str | None = Field(default=None, alias="källa", description="Källa för måttet.")
    target: Target = Field(alias="målvärde", description="Målvärdet.")
    equal_terms: Flag = Field(
        alias="likvärdig",
        description="Samma kriterium gäller upphandlad verksamhet (riktlinjen 2.3).",
    )


DEFAULT_PARTIAL_MARGIN = Decimal("0.05")


class FollowUpSettings(_Model):
    """`uppföljning` in kommun.yaml: how outcomes are assessed (shared/spec/uppfoljning.md)."""

    partial_margin: Share = Field(
        default=DEFAULT_PARTIAL_MARGIN,
        alias="delvis_marginal",
        description="Hur långt från målvärdet (andel av det, 0.05 = 5 %) ett utfall får ligga "
        "och ändå bedömas 'delvis uppfyllt'.",
    )


class CalendarSettings(_Model):
    """kommun.yaml's `kalender`: how the reporting calendars (`<id>-rapportering.ics`) are made."""

    domain: str | None = Field(
        default=None,
        alias="domän",
        pattern=DOMAIN_PATTERN,
        max_length=253,
        description="Kommunens webbdomän, t.ex. linkoping.se. Varje kalenderhändelses UID slutar "
        "på @domän, så att den är unik bland alla kalendrar; utan den på @uppdrag-docs.",
    )
    reminder_days: Integer | None = Field(
        default=DEFAULT_REMINDER_DAYS,
        alias="påminnelse_dagar",
        ge=0,
        le=366,
        description="Så många dagar före inlämningsdagen påminner kalendern, klockan 9 "
        f"(standard {DEFAULT_REMINDER_DAYS}, en vecka); null för ingen påminnelse.",
    )


DEFAULT_TOLERANCE = Decimal("0.05")
MonthDay = Annotated[str, Field(pattern=MONTH_DAY_PATTERN)]
"""A day that every year has, `MM-DD`: `03-31` (not `02-29`)."""


class StandardSettings(_Model):
    """`standardkostnad` in kommun.yaml (shared/spec/standardkostnad.md)."""

    tolerance: Annotated[Number, Field(gt=0, lt=1)] = Field(
        default=DEFAULT_TOLERANCE,
        alias="tolerans",
        description="Hur långt ersättningen per enhet får ligga från standardkostnaden, som "
        "andel av den (0.05 = 5 %), åt båda hållen; en typ i standardkostnader.yaml kan ha "
        "en egen.",
    )


class BudgetSettings(_Model):
    """`budgetuppföljning` in kommun.yaml: the days of the löpande budgetuppföljning."""

    forecast_dates: list[MonthDay] = Field(
        default_factory=list,
        alias="prognosdatum",
        description="Dagarna för kommunens delårs- och prognosrapporter, MM-DD (t.ex. 03-31): "
        "ekonomirapporten för perioden som innehåller dagen ska ha en prognos för helåret.",
    )


Compliance = Literal["helt förenlig", "delvis förenlig", "inte förenlig"]
Licence = Literal["CC0-1.0", "CC-BY-4.0"]
Situation = Literal[
    "Användning utan syn",
    "Användning med nedsatt syn",
    "Användning utan färgseende",
    "Användning utan hörsel",
    "Användning med nedsatt hörsel",
    "Användning utan talförmåga",
    "Användning med nedsatt motorik eller styrka",
    "Användning med begränsad räckvidd",
    "Minimera risken för ljuskänslighetsanfall",
    "Användning med nedsatt kognition, språkförmåga eller inlärningsförmåga",
]
"""Digg's ten användningssituationer (EN 301 549, 4.2); `words.SITUATIONS` says each's clause."""
METHOD_PATTERN = r"^(självskattning|extern granskning)(\W.*)?$"


class WebContact(_Model):
    name: Title = Field(
        alias="namn", description="En funktion, aldrig en person, t.ex. Kommunens kontaktcenter."
    )
    email: str = Field(alias="epost", pattern=EMAIL_PATTERN, description="En funktionsbrevlåda.")
    phone: Text | None = Field(default=None, alias="telefon", description="Telefonnummer.")


class Shortcoming(_Model):
    shortcoming: Text = Field(alias="brist", description="Vad som inte är tillgängligt.")
    reason: Text = Field(alias="skäl", description="Vilket krav det bryter mot, och varför.")
    situation: Situation | None = Field(
        default=None,
        alias="situation",
        description="Den av Diggs tio användningssituationer som bristen gäller.",
    )


class Exempted(_Model):
    content: Text = Field(alias="innehåll", description="Innehållet.")
    reason: Text = Field(alias="skäl", description="Varför det undantas.")


class Accessibility(_Model):
    compliance: Compliance = Field(
        alias="förenlighet",
        description="helt förenlig, delvis förenlig eller inte förenlig (med lagen 2018:1937).",
    )
    assessed: Day = Field(alias="bedömd", description="Dagen tillgängligheten bedömdes.")
    method: str = Field(
        alias="metod",
        pattern=METHOD_PATTERN,
        description="självskattning eller extern granskning, gärna med några ord efter.",
    )
    updated: Day | None = Field(
        default=None,
        alias="uppdaterad",
        description="När redogörelsen senast uppdaterades (annars dagen den bedömdes).",
    )
    shortcomings: list[Shortcoming] = Field(
        default_factory=list, alias="brister", description="Bristande förenlighet med lagkraven."
    )
    burden: list[Exempted] = Field(
        default_factory=list,
        alias="oskäligt_betungande",
        description="Oskäligt betungande anpassning (12 § lagen 2018:1937).",
    )
    outside_law: list[Exempted] = Field(
        default_factory=list,
        alias="utanför_lagen",
        description="Innehåll som inte omfattas av lagkraven (9 § lagen 2018:1937).",
    )


class WebSettings(_Model):
    """`webb` in kommun.yaml: the public register that `uppdrag webb` builds (webb.md)."""

    name: Title | None = Field(
        default=None,
        alias="namn",
        description="Webbplatsens namn; annars 'Uppdrag i egen regi – <kommun>'.",
    )
    base_url: str | None = Field(
        default=None,
        alias="bas_url",
        pattern=HTTPS_FOLDER_PATTERN,
        description="Adressen där mappen publiceras, med https och '/' sist; "
        "DCAT-katalogen för dataportal.se behöver den.",
    )
    contact: WebContact = Field(
        alias="kontakt", description="Kontakten för frågor om uppgifterna: namn, epost, telefon."
    )
    feedback: str = Field(
        alias="återkoppling",
        pattern=FEEDBACK_PATTERN,
        description="Dit brister i tillgängligheten rapporteras: en e-postadress eller en "
        "https-adress till ett formulär.",
    )
    licence: Licence = Field(
        default="CC0-1.0",
        alias="licens",
        description="Licensen för öppna data: CC0-1.0 (rekommenderas) eller CC-BY-4.0.",
    )
    publisher: str | None = Field(
        default=None,
        alias="utgivare",
        pattern=WEB_ADDRESS_PATTERN,
        description="Utgivarens adress i dataportal.se, t.ex. "
        "http://dataportal.se/organisation/SE2120002627.",
    )
    accessibility: Accessibility = Field(
        alias="tillgänglighet",
        description="Tillgänglighetsredogörelsen (lagen 2018:1937, Diggs föreskrifter).",
    )


class Kommun(_Model):
    """`uppdrag/gemensamt/kommun.yaml`: settings for the whole kommun."""

    model_config = ConfigDict(
        title="Kommunens inställningar",
        json_schema_extra={
            "description": "uppdrag/gemensamt/kommun.yaml: inställningar för hela kommunen, "
            "format 1."
        },
    )

    name: Title = Field(alias="kommun", description="Kommunens namn.")
    provider_administration: Title = Field(
        alias="utförarförvaltning", description="Kommunens utförarförvaltning, t.ex. Leanlink."
    )
    amounts_in: Literal["kr", "tkr"] = Field(
        default="kr", alias="belopp_i", description="Hur belopp visas i dokumenten: kr eller tkr."
    )
    mandate_start: Day = Field(
        alias="mandatperiod_start",
        description="Start för en mandatperiod; en mandatperiod är fyra år.",
    )
    case_number_pattern: str = Field(
        default=DEFAULT_CASE_NUMBER_PATTERN,
        alias="diarienummer_mönster",
        description="Reguljärt uttryck som diarienummer kontrolleras mot.",
    )
    finance_director: Text = Field(
        default=DEFAULT_FINANCE_DIRECTOR,
        alias="ekonomidirektör",
        description="Rollen som godkänner avstämningen av ersättningen (riktlinjen 3.1.2).",
    )
    follow_up: FollowUpSettings = Field(
        default_factory=FollowUpSettings,
        alias="uppföljning",
        description="Uppföljningens inställningar, t.ex. delvis_marginal: 0.05.",
    )
    calendar: CalendarSettings = Field(
        default_factory=CalendarSettings,
        alias="kalender",
        description="Rapporteringskalendrarna: UID-domänen och påminnelsen.",
    )
    standard: StandardSettings = Field(
        default_factory=StandardSettings,
        alias="standardkostnad",
        description="Jämförelsen med standardkostnaden, t.ex. tolerans: 0.05.",
    )
    budget: BudgetSettings = Field(
        default_factory=BudgetSettings,
        alias="budgetuppföljning",
        description='Den löpande budgetuppföljningen, t.ex. prognosdatum: ["03-31", "08-31"].',
    )
    web: WebSettings | None = Field(
        default=None,
        alias="webb",
        description="Det öppna registret (uppdrag webb): kontakt, licens och "
        "tillgänglighetsredogörelsen.",
    )


YearlyIndex = Annotated[Number, Field(gt=-1, le=1)]
"""One year's change of a cost type as a share, 0.035 for 3,5 %: above -1 (a price cannot fall
to nothing) and at most 1 (a doubling). 3.5 written for 3,5 % is a typing mistake, and an index
of many digits could not be raised exactly."""


class Indexation(_Model):
    """`uppdrag/gemensamt/upprakning.yaml`: kommunens uppräkningsmodell."""

    model_config = ConfigDict(
        title="Uppräkningsmodellen",
        json_schema_extra={
            "description": "uppdrag/gemensamt/upprakning.yaml: kommunens uppräkningsmodell, "
            "ett index per år och kostnadsslag (riktlinjen 3.1.2)."
        },
    )

    source: str | None = Field(
        default=None, alias="källa", description="Beslutet indexen kommer från."
    )
    years: dict[Year, dict[str, YearlyIndex]] = Field(
        alias="år",
        description="Index per år och kostnadsslag som andel, t.ex. personal: 0.035 för 3,5 %.",
    )
