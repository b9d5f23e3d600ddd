"""The ärende (format.md, "Ärendet: the tjänsteskrivelse"): how an uppdrag is put before the nämnd.

Every key is optional: what is missing is derived from the uppdrag or printed as the guideline's
default text (`render/arende.py`). The rules on it (jämställdhet, the utförare among the samråd
parts) live in `rules/`, like every other rule.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from uppdrag_docs.format.base import Day, Markdown, Model, Number, Text, Year

MblForm = Literal["information", "förhandling"]
Budget = Annotated[Number, Field(gt=0)]


class BasisDocument(Model):
    title: Text = Field(alias="titel", description="Dokumentets titel.")
    date: Day | None = Field(default=None, alias="datum", description="Dokumentets datum.")


class Consultation(Model):
    party: Text = Field(alias="part", description="Vem samrådet skett med, t.ex. Leanlink.")
    position: Text = Field(
        alias="ställningstagande", description="Partens ställningstagande, t.ex. tillstyrker."
    )


class Mbl(Model):
    form: MblForm = Field(
        alias="form", description="information eller förhandling enligt MBL (lag 1976:580)."
    )
    date: Day = Field(alias="datum", description="Dag för informationen eller förhandlingen.")


class Signature(Model):
    name: Text = Field(alias="namn", description="Namnet på den som undertecknar.")
    title: Text = Field(alias="titel", description="Titel, t.ex. socialdirektör.")


class Case(Model):
    """`ärende`: the tjänsteskrivelse, in the kommun's order of headings."""

    date: Day | None = Field(
        default=None,
        alias="datum",
        description="Dagen tjänsteskrivelsen skrivs; ett förslags dokument får detta datum.",
    )
    proposals: list[Text] | None = Field(
        default=None,
        alias="förslag_till_beslut",
        min_length=1,
        description="Beslutspunkterna, numrerade i dokumentet. Utan dem: uppdraget fastställs "
        "för perioden med ersättningen för varje år.",
    )
    description: Markdown | None = Field(
        default=None,
        alias="ärendebeskrivning",
        description="Ärendet i korthet; utan den: uppdragets sammanfattning.",
    )
    basis: list[BasisDocument] = Field(
        default_factory=list,
        alias="beslutsunderlag",
        description="Fler beslutsunderlag; tjänsteskrivelsen, uppdraget och bilagorna läggs till.",
    )
    economics: Markdown | None = Field(
        default=None,
        alias="ekonomiska_konsekvenser",
        description="Text efter den beräknade delen (ersättning per år, förändring mot basåret, "
        "rörlig prognos och andel av ramen).",
    )
    budget: Budget | dict[Year, Budget] | None = Field(
        default=None,
        alias="ram",
        description="Nämndens budget för området i kr per år, eller en tabell år → kr.",
    )
    equality: Markdown | None = Field(
        default=None,
        alias="jämställdhet",
        description="Konsekvenser för jämställdheten; saknas den i ett förslag är det en varning.",
    )
    children: Markdown | None = Field(
        default=None, alias="barnkonsekvens", description="Konsekvenser för barn."
    )
    consultation: list[Consultation] = Field(
        default_factory=list,
        alias="samråd",
        description="Samrådet; utföraren ska vara en av parterna (riktlinjen 3).",
    )
    mbl: Mbl | None = Field(
        default=None, alias="mbl", description="Information eller förhandling enligt MBL."
    )
    signatures: list[Signature] = Field(
        default_factory=list,
        alias="underskrifter",
        description="De som undertecknar, under förvaltningens namn.",
    )
    recipients: list[Text] = Field(
        default_factory=list, alias="skickas_till", description="Beslutet skickas till."
    )
