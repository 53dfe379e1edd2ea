"""
The open-data catalogue validates against the official DCAT-AP 3.0.1 SHACL shapes
(tests/standards/dcat-ap-3.0.1, with their source), with nothing added to its graph: the
types of the vocabularies' IRIs it uses are stated by the catalogue itself.
"""

import pathlib

import pytest
from pyshacl import validate
from rdflib import RDF, Graph, Namespace, URIRef

from tests.portal.test_opendata import data  # noqa: F401 – the fixture

pytestmark = [
    pytest.mark.django_db,
    # rdflib's own JSON-LD parser still uses its ConjunctiveGraph.
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

SHAPES = (
    pathlib.Path(__file__).resolve().parents[1]
    / "standards"
    / "dcat-ap-3.0.1"
    / "dcat-ap-3.0.1-SHACL.ttl"
)
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")


def catalogue_graph(client):
    response = client.get("/avoin-data/catalog.jsonld")
    assert response.status_code == 200
    return Graph().parse(data=response.getvalue(), format="json-ld")


SH = Namespace("http://www.w3.org/ns/shacl#")


def official_shapes():
    """
    The shapes as published, less two ``sh:property`` links of the DataService shape that
    name shapes the file never defines (pyshacl refuses to run with them). Dropping a link
    to nothing drops no constraint; should a later release define them, this fails.
    """
    shapes = Graph().parse(SHAPES, format="turtle")
    dangling = [
        (shape, prop)
        for shape, prop in shapes.subject_objects(SH.property)
        if not any(shapes.predicate_objects(prop))
    ]
    assert [str(prop).rsplit("/", 1)[1] for _shape, prop in sorted(dangling)] == [
        "dc08f4dca4377fade57f89454e3fa06a8389d314",
        "eb3ac4e4fdde2e2588a9502c5956060a18c5c99f",
    ]
    for shape, prop in dangling:
        shapes.remove((shape, SH.property, prop))
    return shapes


def test_the_catalogue_has_no_dcat_ap_violations(client, data):  # noqa: F811
    graph = catalogue_graph(client)
    shapes = official_shapes()
    conforms, _report, text = validate(graph, shacl_graph=shapes, inference="none")
    assert conforms, text


def test_each_dataset_has_its_own_typed_landing_page_and_typed_vocabularies(
    client,
    data,  # noqa: F811
):
    graph = catalogue_graph(client)
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    pages = [graph.value(d, DCAT.landingPage) for d in datasets]
    assert len(set(pages)) == len(datasets) > 1
    for dataset, page in zip(datasets, pages, strict=True):
        assert page != dataset
        assert (page, RDF.type, FOAF.Document) in graph
    for licence in graph.objects(None, DCT.license):
        assert (licence, RDF.type, DCT.LicenseDocument) in graph
    media_types = set(graph.objects(None, DCAT.mediaType))
    assert URIRef("https://www.iana.org/assignments/media-types/text/csv") in media_types
    for media_type in media_types:
        assert (media_type, RDF.type, DCT.MediaType) in graph
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert (graph.value(catalogue, FOAF.homepage), RDF.type, FOAF.Document) in graph


def test_the_catalogue_describes_the_oparl_api_as_a_data_service(client, data):  # noqa: F811
    graph = catalogue_graph(client)
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    (service,) = graph.objects(catalogue, DCAT.service)
    assert (service, RDF.type, DCAT.DataService) in graph
    assert graph.value(service, DCAT.endpointURL) == URIRef("http://testserver/oparl/v1/")
    assert graph.value(service, DCAT.endpointDescription) == URIRef("http://testserver/oparl/")
    assert graph.value(service, DCT.conformsTo) == URIRef("https://oparl.org/spezifikation/")
