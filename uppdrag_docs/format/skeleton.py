"""`uppdrag new`: a valid skeleton with a Swedish comment on every field."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from uppdrag_docs.errors import UsageError
from uppdrag_docs.files import refuse_link_out, write_new
from uppdrag_docs.format.base import UPPDRAG_ID_PATTERN
from uppdrag_docs.format.repository import UPPDRAG_DIR, find_root, load_shared

ID_PATTERN = re.compile(UPPDRAG_ID_PATTERN)

SKELETON = """\
# yaml-language-server: $schema=../schema/uppdrag.schema.json
# Verksamhetsuppdrag: en fil per uppdrag, med samma namn som id. Formatet beskrivs i README.md.
schemaversion: 1                 # formatets version
id: {id}                         # samma som filnamnet utan .yaml
titel: Ny verksamhet i egen regi # uppdragets titel
diarienummer: ÄNDRA {prev}-0     # t.ex. SOCN {prev}-0142
verksamhetsområde: Äldreomsorg   # t.ex. Äldreomsorg, Funktionsnedsättning, Arbetsmarknad
status: utkast                   # utkast | förslag | fastställt | upphävt

beställare:
  nämnd: Socialnämnden           # den beställande nämnden
  förvaltning: Social- och omsorgsförvaltningen  # förvaltningen som företräder nämnden
  kontakt: Namn Namnsson, uppdragsansvarig       # frivilligt
utförare:
  namn: {provider}               # normalt kommunens utförarförvaltning
  enhet: Enhetens namn           # frivilligt

period:
  från: {year}-01-01             # första dagen i en månad
  till: {year}-12-31             # sista dagen i en månad

# beslut:                        # planerat sammanträde för ett förslag, beslutet när fastställt
#   organ: Socialnämnden
#   sammanträde: {prev}-12-14
#   paragraf: null               # sätts när uppdraget är fastställt, visas "§ 187"

konkurrensutsättningsplan: ÄNDRA {prev}-0   # diarienummer för nämndens plan (riktlinjen 2.1)

nulägesanalys:                   # riktlinjen 2.1: krävs före beslut
  datum: {prev}-09-30
  antal_brukare: 0               # summan av utförarnas brukare
  utförare:                      # varje utförare och dess brukare
    - namn: {provider}
      brukare: 0
  marknadsläge: |                # Markdown: kort beskrivning av marknadsläget
    Beskriv marknadsläget: antal utförare och fördelningen mellan dem.

skäl:                            # riktlinjen 2.1: minst ett skäl, se README.md för koderna
  - yttersta_ansvaret
motivering: |                    # Markdown: varför verksamheten drivs i egen regi
  Motivera skälen.

uppdrag:
  sammanfattning: |              # Markdown: uppdraget i korthet
    Beskriv uppdraget i korthet.
  omfattning: |                  # Markdown: vad uppdraget omfattar
    Beskriv vad uppdraget omfattar.
  mål:                           # varje mål med frivilligt nämndmål
    - text: Brukarna är nöjda med verksamheten.
      nämndmål: Välfärdstjänster med hög kvalitet, tillgänglighet och individen i centrum

kvalitetskriterier:              # eget kriterium, eller ref: <nyckel> i gemensamt/kvalitetskriterier.yaml
  - id: KK1
    namn: Nöjdhet
    beskrivning: Andel brukare som är nöjda med verksamheten.
    målvärde:                    # minst och/eller högst med enhet, eller text
      minst: 90
      enhet: procent
    likvärdig: true              # samma kriterium gäller upphandlad verksamhet (2.3)
    rapportering: [R1]           # rapporterna som redovisar kriteriet (3.2.1)

rapportering:                    # riktlinjen 3.2.1
  - id: R1
    typ: kvalitet                # kvalitet | ekonomi | verksamhet
    vad: Utfall för kvalitetskriterierna
    frekvens: halvår             # månad | kvartal | tertial | halvår | år
    mottagare: Social- och omsorgsförvaltningen
    form: Skriftlig rapport
    dagar_efter_period: 30       # rapporten lämnas så många dagar efter periodens slut
  - id: R2
    typ: ekonomi                 # riktlinjen 3.1: redovisning enligt öppna böcker
    vad: Redovisning enligt öppna böcker
    frekvens: kvartal
    mottagare: Social- och omsorgsförvaltningen
    form: Ekonomisk rapport
    dagar_efter_period: 20

ersättning:                      # riktlinjen 3.1.2 och 3.1.3
  modell: fast                   # fast | rörlig | kombination
  basår: {prev}                  # året före periodens början
  driftskostnad_basår: 0         # driftskostnaden basåret i kr
  kostnadsfördelning:            # andel per kostnadsslag i uppräkningsmodellen, summa 1
{shares}
  effektiviseringskrav: 0        # andel, 0.01 = 1 %, eller per år: {{{year}: 0.01}}
  oh_andel: 0.03                 # andel av den fasta ersättningen som är OH
  # volymförändringar:           # år, beskrivning, antal, styckkostnad
  # ambitionsförändringar:       # år, beskrivning, belopp (kan vara negativt)
  # rörlig:                      # beskrivning, enhet, pris, prognos
  # förväntad_kostnad:           # utförarens kalkyl per år: {{{year}: 0}}
  # avstämning:                  # godkänd av ekonomidirektören (3.1.2)
  #   godkänd_av: Ekonomidirektören
  #   datum: {prev}-11-20

# tilläggsuppdrag:               # id, titel, beslut, period, ersättning, beskrivning
# bilagor:                       # titel, fil (PDF eller DOCX, relativt den här filen)
# krisberedskap: |               # Markdown: uppdragets del i kommunens krisberedskap (LEH 2006:544)

# ärende:                        # tjänsteskrivelsen till nämnden; allt är frivilligt
#   datum: {prev}-11-25          # dagen den skrivs: ett förslags dokument får detta datum
#   förslag_till_beslut:         # beslutspunkterna; utan dem: uppdraget och varje års ersättning
#     - Verksamhetsuppdraget fastställs för perioden.
#   ärendebeskrivning: |         # Markdown; utan den: uppdragets sammanfattning
#     Beskriv ärendet.
#   beslutsunderlag:             # fler underlag; tjänsteskrivelsen, uppdraget och bilagorna läggs till
#     - titel: Nulägesanalys
#       datum: {prev}-09-30
#   ekonomiska_konsekvenser: |   # Markdown efter den beräknade delen
#     Beskriv konsekvenserna.
#   ram: 10_000_000              # nämndens budgetram för området i kr per år
#   jämställdhet: |              # Markdown; saknas den i ett förslag blir det en varning
#     Beskriv konsekvenserna för kvinnor och män.
#   barnkonsekvens: |            # Markdown
#     Beskriv konsekvenserna för barn.
#   samråd:                      # utföraren ska vara med (riktlinjen 3)
#     - part: {provider}
#       ställningstagande: tillstyrker
#   mbl:                         # information eller förhandling enligt MBL
#     form: förhandling
#     datum: {prev}-12-01
#   underskrifter:               # under förvaltningens namn
#     - namn: Namn Namnsson
#       titel: förvaltningsdirektör
#   skickas_till:                # utan den: utföraren och förvaltningen
#     - {provider}
"""


def skeleton_text(ident: str, *, year: int, provider: str, cost_types: list[str]) -> str:
    kinds = cost_types or ["personal"]
    shares = "\n".join(f"    {kind}: {1 if i == 0 else 0}" for i, kind in enumerate(kinds))
    return SKELETON.format(id=ident, year=year, prev=year - 1, provider=provider, shares=shares)


def write_skeleton(start: Path, ident: str, *, year: int | None = None) -> Path:
    """Write `uppdrag/<ident>.yaml` in the repository around `start`; never overwrite."""
    if not ID_PATTERN.match(ident):
        raise UsageError(f"ogiltigt id '{ident}': använd gemena a–z, siffror och '-'")
    root = find_root(start)
    year = year or dt.date.today().year + 1
    shared = load_shared(root)
    provider = shared.kommun.provider_administration if shared.kommun else "Leanlink"
    cost_types: list[str] = []
    if shared.indexation is not None:
        chosen = shared.indexation.years.get(year) or next(
            iter(shared.indexation.years.values()), {}
        )
        cost_types = list(chosen)
    path = root / UPPDRAG_DIR / f"{ident}.yaml"
    text = skeleton_text(ident, year=year, provider=provider, cost_types=cost_types)
    refuse_link_out(path, root)
    write_new(path, text.encode(), exists=f"'{path}' finns redan; välj ett annat id")
    return path
