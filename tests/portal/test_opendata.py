import csv
import datetime
import io
import json
import re

import frictionless
import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from committees.models import Committee, Meeting, Membership
from committees.services import meeting_save
from kouvola_alue import registry
from tests.committees.factories import CommunitySpaceFactory, MeetingFactory, helsinki
from tests.factories import (
    CommitteeFactory,
    DeputyFactory,
    GoalFactory,
    MembershipFactory,
    PersonFactory,
    TermFactory,
    current_term,
)

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate().year + 1
LICENCE_URI = "https://creativecommons.org/licenses/by/4.0/"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

COMMITTEE_FIELDS = [
    "slug",
    "name",
    "name_en",
    "area",
    "statistical_areas",
    "task",
    "started_on",
    "started_as_pilot",
    "contact_email",
    "url",
    "calendar_url",
]
TERM_FIELDS = [
    "slug",
    "name",
    "starts_on",
    "ends_on",
    "council_decision_on",
    "min_members",
    "max_members",
    "is_demo",
]
ROSTER_FIELDS = [
    "committee",
    "term",
    "first_name",
    "last_name",
    "kind",
    "role",
    "personal_deputy_of",
]
MEETING_FIELDS = [
    "id",
    "uid",
    "committee",
    "title",
    "starts_at",
    "ends_at",
    "space_id",
    "place",
    "online_url",
    "agenda",
    "minutes",
    "minutes_pdf_url",
    "is_cancelled",
    "is_demo",
    "url",
]
SPACE_FIELDS = [
    "id",
    "committee",
    "name",
    "address",
    "opening_hours",
    "accessibility",
    "digital_services",
    "is_demo",
    "url",
]
GOAL_FIELDS = ["number", "slug", "title", "title_en", "description"]


def get_json(client, slug):
    response = client.get(f"/avoin-data/{slug}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.getvalue())


def get_csv(client, slug):
    response = client.get(f"/avoin-data/{slug}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.csv"'
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def data():
    committee = CommitteeFactory(
        slug="valkeala",
        name="Valkealan aluetoimikunta",
        area_name="Valkeala",
        statistical_areas="Valkeala\nKääpälä",
        contact_email="valkeala@example.fi",
        started_on=datetime.date(2018, 9, 1),
        started_as_pilot=True,
    )
    term = current_term()
    chair = MembershipFactory(
        committee=committee,
        term=term,
        role=Membership.Role.CHAIR,
        person=PersonFactory(first_name="Aino", last_name="Ahola"),
    )
    DeputyFactory(
        committee=committee,
        term=term,
        personal_deputy_of=chair,
        person=PersonFactory(first_name="Eino", last_name="Esala"),
    )
    MembershipFactory(
        committee=committee,
        term=term,
        person=PersonFactory(first_name="Erkki", last_name="Eronnut"),
        ends_on=term.starts_on + datetime.timedelta(days=30),
    )
    earlier = TermFactory(starts_on=datetime.date(2018, 1, 1), ends_on=datetime.date(2021, 12, 31))
    MembershipFactory(
        committee=committee,
        term=earlier,
        person=PersonFactory(first_name="Vilho", last_name="Vanha"),
    )
    space = CommunitySpaceFactory(
        committee=committee, name="Kylätalo", digital_services="Etäyhteys\nTulostin"
    )
    meeting = MeetingFactory(
        committee=committee,
        starts_at=helsinki(NEXT_YEAR, 1, 15, 18),
        ends_at=helsinki(NEXT_YEAR, 1, 15, 20),
        space=space,
        address="",
        agenda="1. Avaus, ”lainaus”; ja rivi\ntoinen rivi",
    )
    MeetingFactory(committee=committee, is_published=False, title="Salainen")
    GoalFactory(number=1, slug="sisainen-vetovoima", title="kaupungin sisäistä vetovoimaa")
    return {"committee": committee, "term": term, "space": space, "meeting": meeting}


def test_committees_json_and_csv_field_by_field(client, data):
    body = get_json(client, "aluetoimikunnat")
    assert body["licence"]["name"] == "CC BY 4.0"
    assert body["licence"]["url"] == LICENCE_URI
    assert body["fields"] == COMMITTEE_FIELDS
    assert body["count"] == 1
    (record,) = body["records"]
    assert list(record) == COMMITTEE_FIELDS
    assert record["slug"] == "valkeala"
    assert record["area"] == "Valkeala"
    assert record["statistical_areas"] == ["Valkeala", "Kääpälä"]
    assert record["started_on"] == "2018-09-01"
    assert record["started_as_pilot"] is True
    assert record["url"] == "http://testserver/aluetoimikunnat/valkeala/"
    assert record["calendar_url"] == "http://testserver/aluetoimikunnat/valkeala/kalenteri.ics"

    header, row = get_csv(client, "aluetoimikunnat")
    assert header == COMMITTEE_FIELDS
    row = dict(zip(header, row, strict=True))
    assert row["statistical_areas"] == "Valkeala;Kääpälä"
    assert row["started_as_pilot"] == "true"
    assert row["started_on"] == "2018-09-01"


def test_terms(client, data):
    body = get_json(client, "toimikaudet")
    assert body["fields"] == TERM_FIELDS
    assert [r["slug"] for r in body["records"]] == ["2018-2021", data["term"].slug]
    assert body["records"][0]["council_decision_on"] == "2017-12-13"
    header, *rows = get_csv(client, "toimikaudet")
    assert header == TERM_FIELDS and len(rows) == 2
    assert rows[0][TERM_FIELDS.index("is_demo")] == "false"


def test_rosters_carry_names_and_roles_only_and_only_current_seats(client, data):
    body = get_json(client, "jasenet")
    assert body["fields"] == ROSTER_FIELDS
    records = body["records"]
    assert all(list(r) == ROSTER_FIELDS for r in records)
    assert records == [
        {
            "committee": "valkeala",
            "term": data["term"].slug,
            "first_name": "Aino",
            "last_name": "Ahola",
            "kind": "member",
            "role": "chair",
            "personal_deputy_of": "",
        },
        {
            "committee": "valkeala",
            "term": data["term"].slug,
            "first_name": "Eino",
            "last_name": "Esala",
            "kind": "deputy",
            "role": "member",
            "personal_deputy_of": "Aino Ahola",
        },
    ]
    header, *rows = get_csv(client, "jasenet")
    assert header == ROSTER_FIELDS
    assert [row[2:4] for row in rows] == [["Aino", "Ahola"], ["Eino", "Esala"]]


def test_rosters_are_empty_between_terms(client, data):
    Membership.objects.filter(term=data["term"]).delete()
    data["term"].delete()
    assert get_json(client, "jasenet")["records"] == []
    assert get_csv(client, "jasenet") == [ROSTER_FIELDS]


def test_meetings_json_and_csv(client, data):
    meeting = data["meeting"]
    body = get_json(client, "kokoukset")
    assert body["fields"] == MEETING_FIELDS
    (record,) = body["records"]
    assert record == {
        "id": meeting.pk,
        "uid": f"kokous-{meeting.pk}@aluetoimikunnat.kouvola.fi",
        "committee": "valkeala",
        "title": "Valkealan aluetoimikunta: kokous",
        "starts_at": f"{NEXT_YEAR}-01-15T18:00:00+02:00",
        "ends_at": f"{NEXT_YEAR}-01-15T20:00:00+02:00",
        "space_id": data["space"].pk,
        "place": f"Kylätalo, {data['space'].address}",
        "online_url": "",
        "agenda": "1. Avaus, ”lainaus”; ja rivi\ntoinen rivi",
        "minutes": "",
        "minutes_pdf_url": "",
        "is_cancelled": False,
        "is_demo": False,
        "url": f"http://testserver/kokoukset/{meeting.pk}/",
    }
    header, row = get_csv(client, "kokoukset")
    row = dict(zip(header, row, strict=True))
    assert row["agenda"] == "1. Avaus, ”lainaus”; ja rivi\ntoinen rivi"
    assert row["starts_at"] == f"{NEXT_YEAR}-01-15T18:00:00+02:00"
    assert row["space_id"] == str(data["space"].pk)


def test_spaces_and_goals(client, data):
    (space,) = get_json(client, "tilat")["records"]
    assert list(space) == SPACE_FIELDS
    assert space["digital_services"] == ["Etäyhteys", "Tulostin"]
    header, row = get_csv(client, "tilat")
    assert dict(zip(header, row, strict=True))["digital_services"] == "Etäyhteys;Tulostin"
    (goal,) = get_json(client, "tavoitteet")["records"]
    assert goal == {
        "number": 1,
        "slug": "sisainen-vetovoima",
        "title": "kaupungin sisäistä vetovoimaa",
        "title_en": "",
        "description": "",
    }


def test_no_personal_data_in_any_export(client, data):
    for dataset in registry.datasets():
        for body in (
            client.get(f"/avoin-data/{dataset.slug}.json").getvalue().decode(),
            client.get(f"/avoin-data/{dataset.slug}.csv").getvalue().decode(),
        ):
            # A seat that ended and a seat of an earlier term are history, not current rosters.
            assert "Eronnut" not in body and "Vanha" not in body
            assert "Salainen" not in body
    people_fields = {f.name for f in registry.dataset("jasenet").fields}
    assert people_fields == set(ROSTER_FIELDS)


def test_the_page_documents_every_dataset_and_field(client, data):
    page = client.get("/avoin-data/").content.decode()
    assert "CC BY 4.0" in page
    for dataset in registry.datasets():
        assert f'href="/avoin-data/{dataset.slug}.json"' in page
        assert f'href="/avoin-data/{dataset.slug}.csv"' in page
        for field in dataset.fields:
            assert f"<code>{field.name}</code>" in page
    assert 'href="/kokoukset/kalenteri.ics"' in page
    assert 'href="/aluetoimikunnat/valkeala/kalenteri.ics"' in page


def test_unknown_dataset_is_404(client):
    assert client.get("/avoin-data/hakijat.json").status_code == 404
    assert client.get("/avoin-data/hakijat.csv").status_code == 404


def test_another_app_can_register_a_dataset(client, data, monkeypatch):
    dataset = registry.Dataset(
        slug="kokeilu",
        title="Kokeilu",
        description="Testi.",
        fields=[registry.Field("a", "A."), registry.Field("b", "B.", "list")],
        rows=lambda absolute: iter([{"a": 1, "b": ["x", "y"]}]),
    )
    monkeypatch.setitem(registry._DATASETS, dataset.slug, dataset)
    assert get_json(client, "kokeilu")["records"] == [{"a": 1, "b": ["x", "y"]}]
    assert get_csv(client, "kokeilu") == [["a", "b"], ["1", "x;y"]]
    assert "Kokeilu" in client.get("/avoin-data/").content.decode()


def test_every_kind_of_value_gets_its_csv_cell(client, data, monkeypatch):
    # Every kind of value a dataset may yield, as a reader of the file expects its cell.
    class Marked(str):
        pass

    values = {
        "text": "teksti",
        "formula": "=1+1",
        "marked_formula": Marked("-1"),
        "lazy": gettext_lazy("Agenda"),
        "none": None,
        "yes": True,
        "no": False,
        "number": -5,
        "decimal": 2.5,
        "day": datetime.date(2026, 3, 1),
        "moment": datetime.datetime(2026, 7, 1, 9, 30, tzinfo=datetime.UTC),
        "items": ["a", "+b"],
        "pair": ("x", "y"),
    }
    dataset = registry.Dataset(
        slug="kokeilu",
        title="Kokeilu",
        description="Testi.",
        fields=[registry.Field(name, name) for name in values],
        rows=lambda absolute: iter([values]),
    )
    monkeypatch.setitem(registry._DATASETS, dataset.slug, dataset)

    header, row = get_csv(client, "kokeilu")
    assert dict(zip(header, row, strict=True)) == {
        "text": "teksti",
        "formula": "'=1+1",
        "marked_formula": "'-1",
        "lazy": "Esityslista",
        "none": "",
        "yes": "true",
        "no": "false",
        "number": "-5",
        "decimal": "2.5",
        "day": "2026-03-01",
        "moment": "2026-07-01T12:30:00+03:00",
        "items": "a;+b",
        "pair": "x;y",
    }


def test_an_untitled_meetings_title_in_the_files_is_its_committees_in_each_language(client, data):
    Committee.objects.filter(pk=data["committee"].pk).update(name_en="Valkeala area committee")
    assert data["meeting"].title == ""
    (record,) = get_json(client, "kokoukset")["records"]
    assert record["title"] == "Valkealan aluetoimikunta: kokous"
    response = client.get("/en/avoin-data/kokoukset.csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode()[1:])))
    assert dict(zip(*rows, strict=True))["title"] == "Meeting of Valkeala area committee"


@pytest.mark.parametrize("count", [3, 30])
def test_open_data_query_budget(client, django_assert_max_num_queries, count):
    committee = CommitteeFactory()
    term = current_term()
    space = CommunitySpaceFactory(committee=committee)
    for index in range(count):
        MeetingFactory(committee=committee, space=space, address="")
        CommunitySpaceFactory(committee=committee)
        member = MembershipFactory(committee=committee, term=term)
        if index % 2:
            DeputyFactory(committee=committee, term=term, personal_deputy_of=member)
    # Each file with one query more than its rows need: the versions of the cache scopes its
    # ETag comes from (kouvola_alue/pagecache.py: cached_download).
    for dataset in registry.datasets():
        with django_assert_max_num_queries(4):
            client.get(f"/avoin-data/{dataset.slug}.json").getvalue()
        with django_assert_max_num_queries(4):
            client.get(f"/avoin-data/{dataset.slug}.csv").getvalue()
    with django_assert_max_num_queries(2):
        assert client.get("/avoin-data/").status_code == 200
    # The catalogue: the versions of the cache scopes it is kept by (one query), then one
    # aggregate for each dataset that can tell when it last changed: kokoukset, asiakohdat
    # (its meetings' and items' latest change in one query), hankeideat,
    # hankeideoiden-tilahistoria and tilat. None of them grows with the rows.
    assert [d.slug for d in registry.datasets() if d.modified] == [
        "kokoukset",
        "asiakohdat",
        "hankeideat",
        "hankeideoiden-tilahistoria",
        "tilat",
    ]
    with django_assert_max_num_queries(6):
        assert client.get("/avoin-data/catalog.jsonld").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get("/avoin-data/datapackage.json").status_code == 200


def listed_datasets(client):
    """The slugs of the datasets the open-data page offers for download."""
    page = client.get("/avoin-data/").content.decode()
    return re.findall(r'href="/avoin-data/([a-z0-9-]+)\.json" type="application/json">', page)


def test_the_page_links_its_catalogue_and_data_package(client, data):
    page = client.get("/avoin-data/").content.decode()
    head = page.split("</head>")[0]
    assert '<link rel="alternate" type="application/ld+json" href="/avoin-data/catalog.jsonld"' in (
        head
    )
    assert (
        '<link rel="describedby" type="application/json" href="/avoin-data/datapackage.json"'
        in (head)
    )
    assert f'<a href="{LICENCE_URI}" rel="license">CC BY 4.0</a>' in page
    assert "deed" not in page


# rdflib's own JSON-LD parser still uses its ConjunctiveGraph.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_the_catalogue_is_dcat_ap_in_json_ld_naming_every_dataset_on_the_page(client, data):
    response = client.get("/avoin-data/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response["Link"] == f'<{LICENCE_URI}>; rel="license"'
    graph = Graph().parse(data=response.getvalue(), format="json-ld")

    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    publisher = graph.value(catalogue, DCT.publisher)
    assert publisher == URIRef("https://www.kouvola.fi/")
    assert Literal("Kouvolan kaupunki", lang="fi") in set(graph.objects(publisher, FOAF.name))
    assert graph.value(catalogue, DCT.license) == URIRef(LICENCE_URI)

    listed = listed_datasets(client)
    assert listed == [d.slug for d in registry.datasets()]
    datasets = {
        str(graph.value(d, DCT.identifier)): d for d in graph.objects(catalogue, DCAT.dataset)
    }
    assert set(datasets) == set(listed)
    for slug, node in datasets.items():
        assert (node, RDF.type, DCAT.Dataset) in graph
        titles = {t.language: str(t) for t in graph.objects(node, DCT.title)}
        assert titles["fi"] == str(registry.dataset(slug).title)
        assert titles["en"]
        assert graph.value(node, DCT.description)
        assert graph.value(node, DCT.license) == URIRef(LICENCE_URI)
        assert graph.value(node, DCT.publisher) == publisher
        contact = graph.value(node, DCAT.contactPoint)
        assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:aluetoimikunnat@kouvola.fi")
        downloads = {}
        for distribution in graph.objects(node, DCAT.distribution):
            media_type = str(graph.value(distribution, DCAT.mediaType)).rsplit("/", 2)
            downloads["/".join(media_type[-2:])] = str(graph.value(distribution, DCAT.downloadURL))
            assert graph.value(distribution, DCAT.accessURL)
            assert graph.value(distribution, DCT.license) == URIRef(LICENCE_URI)
        assert downloads == {
            "application/json": f"http://testserver/avoin-data/{slug}.json",
            "text/csv": f"http://testserver/avoin-data/{slug}.csv",
        }

    # Datasets whose rows carry their edit time say when they last changed.
    modified = graph.value(datasets["kokoukset"], DCT.modified)
    assert modified.datatype == XSD.dateTime
    # Unpublishing moves a meeting's updated_at too, so every meeting counts.
    latest = Meeting.objects.latest("updated_at").updated_at
    assert modified.toPython() == latest.replace(microsecond=0)


def test_the_data_package_validates_with_frictionless(client, data, tmp_path):
    response = client.get("/avoin-data/datapackage.json")
    assert response.status_code == 200
    assert response["Link"] == f'<{LICENCE_URI}>; rel="license"'
    (tmp_path / "datapackage.json").write_bytes(response.getvalue())
    package = json.loads(response.getvalue())
    assert package["licenses"][0]["path"] == LICENCE_URI
    assert [r["name"] for r in package["resources"]] == listed_datasets(client)
    for resource in package["resources"]:
        # An IANA charset name, and the dialect as Python's csv module writes it.
        assert resource["encoding"] == "utf-8"
        assert resource["dialect"]["doubleQuote"] is True
        slug = resource["name"]
        csv_response = client.get(f"/avoin-data/{slug}.csv")
        (tmp_path / resource["path"]).write_bytes(csv_response.getvalue())
        header = get_csv(client, slug)[0]
        # The Table Schema names the CSV's columns exactly, in order.
        assert [f["name"] for f in resource["schema"]["fields"]] == header
        types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        for field in registry.dataset(slug).fields:
            expected = {"list": "string", "url": "string", "html": "string"}.get(
                field.type, field.type
            )
            assert types[field.name] == expected

    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_list_fields_say_their_separator_in_the_package_and_on_the_page(client, data):
    package = json.loads(client.get("/avoin-data/datapackage.json").getvalue())
    (committees,) = [r for r in package["resources"] if r["name"] == "aluetoimikunnat"]
    (field,) = [f for f in committees["schema"]["fields"] if f["name"] == "statistical_areas"]
    assert field["type"] == "string"
    assert "merkillä ”;” eroteltuina" in field["description"]
    page = client.get("/avoin-data/").content.decode()
    assert "puolipisteellä (<code>;</code>) ilman välilyöntejä" in page
    header, row = get_csv(client, "aluetoimikunnat")
    assert dict(zip(header, row, strict=True))["statistical_areas"] == "Valkeala;Kääpälä"


def test_csv_cells_that_look_like_formulas_are_guarded(client, data):
    meeting = data["meeting"]
    meeting.agenda = '=HYPERLINK("http://evil.example","klikkaa")'
    meeting.title = "-1+1"
    meeting_save(meeting=meeting)
    space = data["space"]
    space.opening_hours = "@SUM(A1)"
    space.accessibility = "\tsisennetty"
    space.digital_services = "+358 40 123\nWifi"
    space.save()

    header, row = get_csv(client, "kokoukset")
    row = dict(zip(header, row, strict=True))
    assert row["agenda"] == '\'=HYPERLINK("http://evil.example","klikkaa")'
    assert row["title"] == "'-1+1"
    assert row["id"] == str(meeting.pk)  # numbers are numbers
    header, row = get_csv(client, "tilat")
    row = dict(zip(header, row, strict=True))
    assert row["opening_hours"] == "'@SUM(A1)"
    assert row["accessibility"] == "'\tsisennetty"
    assert row["digital_services"] == "'+358 40 123;Wifi"
    # The JSON keeps the values as they are.
    (record,) = get_json(client, "kokoukset")["records"]
    assert record["agenda"].startswith("=HYPERLINK")
    (space_record,) = get_json(client, "tilat")["records"]
    assert space_record["digital_services"] == ["+358 40 123", "Wifi"]

    page = client.get("/avoin-data/").content.decode()
    assert "<code>= + - @</code>" in page


@pytest.mark.parametrize("suffix", ["json", "csv"])
def test_data_files_carry_the_licence_and_answer_304_until_the_data_changes(
    client, data, suffix, django_capture_on_commit_callbacks
):
    url = f"/avoin-data/kokoukset.{suffix}"
    first = client.get(url)
    assert first["Link"] == f'<{LICENCE_URI}>; rel="license"'
    etag = first["ETag"]
    repeat = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert repeat.status_code == 304 and repeat.content == b""

    meeting = data["meeting"]
    meeting.agenda = "1. Uusi esityslista"
    with django_capture_on_commit_callbacks(execute=True):
        meeting_save(meeting=meeting)
    after = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag
    assert "Uusi esityslista" in after.getvalue().decode()

    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"


# --- Streamed files (issue 16) -----------------------------------------------------------------


@pytest.mark.parametrize("slug", ["kokoukset", "hankeideat", "aluetoimikunnat"])
def test_big_files_are_streamed_and_parse(rf, data, slug):
    import inspect

    from portal import opendata

    request = rf.get("/", HTTP_HOST="testserver")
    # The views themselves, under the decorators that keep or compare their answers.
    json_response = inspect.unwrap(opendata.dataset_json)(request, slug=slug)
    assert json_response.status_code == 200
    assert json_response.streaming
    assert json_response["Content-Type"] == "application/json"
    body = json.loads(b"".join(json_response.streaming_content))
    assert body["dataset"] == slug
    assert body["count"] == len(body["records"])
    csv_response = inspect.unwrap(opendata.dataset_csv)(request, slug=slug)
    assert csv_response.status_code == 200
    assert csv_response.streaming
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode())))
    assert len(rows) == 1 + body["count"]


def test_a_streamed_file_reads_its_rows_as_it_sends_them(rf, data, monkeypatch):
    """The first bytes leave before the rows are read: nothing holds the whole file."""
    import inspect

    from portal import opendata

    for number in range(5):
        MeetingFactory(committee=data["meeting"].committee, title=f"Kokous {number}")
    from kouvola_alue import streaming

    monkeypatch.setattr(streaming, "CHUNK_CHARACTERS", 1)
    request = rf.get("/", HTTP_HOST="testserver")
    response = inspect.unwrap(opendata.dataset_json)(request, slug="kokoukset")
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first.startswith(b"{")
    # The first bytes have left and no row has been read yet: one added now is in the file.
    MeetingFactory(committee=data["meeting"].committee, title="Myöhemmin lisätty")
    rest = b"".join(chunks)
    body = json.loads(first + rest)
    assert body["count"] == len(body["records"]) == 7
    assert "Myöhemmin lisätty" in [record["title"] for record in body["records"]]


def test_an_empty_dataset_is_still_a_whole_document(rf, db):
    import inspect

    from portal import opendata

    request = rf.get("/", HTTP_HOST="testserver")
    response = inspect.unwrap(opendata.dataset_json)(request, slug="kokoukset")
    body = json.loads(b"".join(response.streaming_content))
    assert body["records"] == [] and body["count"] == 0
