"""`data/dcat.rdf`: the open data as a DCAT-AP-SE catalogue, for dataportal.se to harvest.

A `dcat:Catalog` with one `dcat:Dataset` per table, each with a CSV and a JSON
`dcat:Distribution`; every IRI absolute under the site's base URL and no blank node for the
catalogue, a dataset, a distribution, the publisher or the contact point. Written with rdflib
as RDF/XML, its triples sorted so that the same register gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

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


def catalogue(
    register: Register,
    base: str,
    modified: Mapping[str, dt.date | None],
    tables: Sequence[Table] = TABLES,
) -> bytes:
    """The catalogue under `base` (ending in '/'); `modified` is each table's newest date."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

    VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

    graph = Graph()
    for prefix, space in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD)):
        graph.bind(prefix, space)
    web = register.web
    kommun = register.kommun.name
    licence = URIRef(LICENCES[web.licence])
    publisher = URIRef(web.publisher or f"{base}#utgivare")
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(kommun, lang="sv")))
    contact = URIRef(f"{base}#kontakt")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(web.contact.name)))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{web.contact.email}")))

    dates = [d for d in modified.values() if d is not None]
    catalog = URIRef(f"{base}data/dcat.rdf#katalog")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(register.name, lang="sv")))
    graph.add((catalog, DCTERMS.title, Literal(f"Own-provider assignments – {kommun}", lang="en")))
    graph.add((catalog, DCTERMS.description, Literal(DESCRIPTION_SV, lang="sv")))
    graph.add((catalog, DCTERMS.description, Literal(DESCRIPTION_EN, lang="en")))
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCTERMS.license, licence))
    graph.add((catalog, FOAF.homepage, URIRef(f"{base}index.html")))
    if dates:
        graph.add((catalog, DCTERMS.modified, Literal(max(dates), datatype=XSD.date)))
    for table in tables:
        dataset = URIRef(f"{base}data/{table.name}")
        graph.add((catalog, DCAT.dataset, dataset))
        graph.add((dataset, RDF.type, DCAT.Dataset))
        graph.add((dataset, DCTERMS.title, Literal(f"{table.title} – {register.name}", lang="sv")))
        graph.add((dataset, DCTERMS.title, Literal(f"{table.name} – {kommun}", lang="en")))
        graph.add((dataset, DCTERMS.description, Literal(f"En rad är {table.row}.", lang="sv")))
        graph.add((dataset, DCTERMS.publisher, publisher))
        graph.add((dataset, DCAT.contactPoint, contact))
        graph.add((dataset, DCAT.theme, URIRef(THEME)))
        when = modified.get(table.name)
        if when is not None:
            graph.add((dataset, DCTERMS.modified, Literal(when, datatype=XSD.date)))
        for suffix, (file_type, media) in FILE_TYPES.items():
            dist = URIRef(f"{base}data/{table.name}.{suffix}")
            graph.add((dataset, DCAT.distribution, dist))
            graph.add((dist, RDF.type, DCAT.Distribution))
            graph.add(
                (dist, DCTERMS.title, Literal(f"{table.title} ({suffix.upper()})", lang="sv"))
            )
            graph.add((dist, DCAT.accessURL, URIRef(f"{base}data/index.html")))
            graph.add((dist, DCAT.downloadURL, dist))
            graph.add((dist, DCTERMS.format, URIRef(file_type)))
            graph.add(
                (
                    dist,
                    DCAT.mediaType,
                    URIRef(f"http://www.iana.org/assignments/media-types/{media}"),
                )
            )
            graph.add((dist, DCTERMS.license, licence))
    return _sorted_xml(graph)


def _sorted_xml(graph: object) -> bytes:
    """RDF/XML whose order does not depend on the hash seed: a subject's triples come out in
    the order rdflib's pretty-xml writer finds them, so the graph is rebuilt in sorted order."""
    from rdflib import Graph

    assert isinstance(graph, Graph)
    ordered = Graph()
    for prefix, space in graph.namespaces():
        ordered.bind(prefix, space, replace=True)
    for triple in sorted(graph):
        ordered.add(triple)
    data = ordered.serialize(format="pretty-xml", encoding="utf-8")
    assert isinstance(data, bytes)
    return data
