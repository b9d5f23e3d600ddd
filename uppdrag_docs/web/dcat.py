"""`data/dcat.rdf`: the open data as a DCAT-AP-SE catalogue, for dataportal.se to harvest.

A `dcat:Catalog` with one `dcat:Dataset` per table, each with a CSV and a JSON
`dcat:Distribution`; every IRI absolute under the site's base URL and no blank node for the
catalogue, a dataset, a distribution, the publisher or the contact point.

Written here as RDF/XML, one typed element per resource in the order the catalogue is made:
rdflib's writers order the namespaces and the nested resources by hash, so the same register
gave other bytes in another process. The tests read the file back with rdflib.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from uppdrag_docs.web.publish import Register
from uppdrag_docs.web.tables import TABLES, Table

LICENCES = {
    "CC0-1.0": "http://creativecommons.org/publicdomain/zero/1.0/",
    "CC-BY-4.0": "http://creativecommons.org/licenses/by/4.0/",
}
FILE_TYPES = {
    "csv": ("http://publications.europa.eu/resource/authority/file-type/CSV", "text/csv"),
    "json": ("http://publications.europa.eu/resource/authority/file-type/JSON", "application/json"),
}
THEME = "http://publications.europa.eu/resource/authority/data-theme/GOVE"
DESCRIPTION_SV = (
    "Kommunens verksamhetsuppdrag till egen regi: vad nämnderna har beställt, ersättningen, "
    "kvalitetskriterierna och utfallen, och likvärdigheten med upphandlade utförare "
    "(riktlinjen 2.3)."
)
DESCRIPTION_EN = (
    "The municipality's assignments to its own provider: what the boards ordered, the "
    "compensation, the quality criteria and outcomes, and how they compare with contracted "
    "providers."
)
NAMESPACES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
DATE = "http://www.w3.org/2001/XMLSchema#date"


@dataclass
class _Resource:
    """One resource of the catalogue: its IRI, its type (a qname) and its properties in the
    order they are written; a value is an IRI (`_Link`) or a literal (`_Text`)."""

    iri: str
    kind: str
    properties: list[tuple[str, _Link | _Text]] = field(default_factory=list)

    def link(self, name: str, iri: str) -> None:
        self.properties.append((name, _Link(iri)))

    def text(self, name: str, value: str, *, lang: str | None = None) -> None:
        self.properties.append((name, _Text(value, lang=lang)))

    def date(self, name: str, value: dt.date) -> None:
        self.properties.append((name, _Text(value.isoformat(), datatype=DATE)))

    def xml(self) -> str:
        lines = [f"  <{self.kind} rdf:about={quoteattr(self.iri)}>"]
        lines += [f"    {value.xml(name)}" for name, value in self.properties]
        lines.append(f"  </{self.kind}>")
        return "\n".join(lines)


@dataclass(frozen=True)
class _Link:
    iri: str

    def xml(self, name: str) -> str:
        return f"<{name} rdf:resource={quoteattr(self.iri)}/>"


@dataclass(frozen=True)
class _Text:
    value: str
    lang: str | None = None
    datatype: str | None = None

    def xml(self, name: str) -> str:
        if self.lang is not None:
            attribute = f" xml:lang={quoteattr(self.lang)}"
        elif self.datatype is not None:
            attribute = f" rdf:datatype={quoteattr(self.datatype)}"
        else:
            attribute = ""
        return f"<{name}{attribute}>{escape(self.value)}</{name}>"


def catalogue(
    register: Register,
    base: str,
    modified: Mapping[str, dt.date | None],
    tables: Sequence[Table] = TABLES,
) -> bytes:
    """The catalogue under `base` (ending in '/'); `modified` is each table's newest date."""
    web = register.web
    kommun = register.kommun.name
    licence = LICENCES[web.licence]
    catalog = _Resource(f"{base}data/dcat.rdf#katalog", "dcat:Catalog")
    publisher = _Resource(web.publisher or f"{base}#utgivare", "foaf:Agent")
    publisher.text("foaf:name", kommun, lang="sv")
    contact = _Resource(f"{base}#kontakt", "vcard:Organization")
    contact.text("vcard:fn", web.contact.name)
    contact.link("vcard:hasEmail", f"mailto:{web.contact.email}")

    catalog.text("dct:title", register.name, lang="sv")
    catalog.text("dct:title", f"Own-provider assignments – {kommun}", lang="en")
    catalog.text("dct:description", DESCRIPTION_SV, lang="sv")
    catalog.text("dct:description", DESCRIPTION_EN, lang="en")
    catalog.link("dct:publisher", publisher.iri)
    catalog.link("dct:license", licence)
    catalog.link("foaf:homepage", f"{base}index.html")
    dates = [d for d in modified.values() if d is not None]
    if dates:
        catalog.date("dct:modified", max(dates))
    described: list[_Resource] = []
    for table in tables:
        dataset = _Resource(f"{base}data/{table.name}", "dcat:Dataset")
        catalog.link("dcat:dataset", dataset.iri)
        dataset.text("dct:title", f"{table.title} – {register.name}", lang="sv")
        dataset.text("dct:title", f"{table.name} – {kommun}", lang="en")
        dataset.text("dct:description", f"En rad är {table.row}.", lang="sv")
        dataset.link("dct:publisher", publisher.iri)
        dataset.link("dcat:contactPoint", contact.iri)
        dataset.link("dcat:theme", THEME)
        when = modified.get(table.name)
        if when is not None:
            dataset.date("dct:modified", when)
        described.append(dataset)
        for suffix, (file_type, media) in FILE_TYPES.items():
            dist = _Resource(f"{base}data/{table.name}.{suffix}", "dcat:Distribution")
            dataset.link("dcat:distribution", dist.iri)
            dist.text("dct:title", f"{table.title} ({suffix.upper()})", lang="sv")
            dist.link("dcat:accessURL", f"{base}data/index.html")
            dist.link("dcat:downloadURL", dist.iri)
            dist.link("dct:format", file_type)
            dist.link("dcat:mediaType", f"http://www.iana.org/assignments/media-types/{media}")
            dist.link("dct:license", licence)
            described.append(dist)
    return _document([catalog, publisher, contact, *described])


def _document(resources: Sequence[_Resource]) -> bytes:
    spaces = "\n".join(f"  xmlns:{p}={quoteattr(iri)}" for p, iri in NAMESPACES.items())
    body = "\n".join(r.xml() for r in resources)
    text = f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n{spaces}\n>\n{body}\n</rdf:RDF>\n'
    return text.encode("utf-8")
