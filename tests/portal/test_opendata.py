import csv
import datetime
import io
import json

import pytest

from committees.models import Membership
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
    return json.loads(response.content)


def get_csv(client, slug):
    response = client.get(f"/avoin-data/{slug}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{slug}.csv"'
    text = response.content.decode("utf-8")
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
        starts_at=helsinki(2030, 1, 15, 18),
        ends_at=helsinki(2030, 1, 15, 20),
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
    assert body["licence"]["url"].startswith("https://creativecommons.org/licenses/by/4.0/")
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
        "starts_at": "2030-01-15T18:00:00+02:00",
        "ends_at": "2030-01-15T20:00:00+02:00",
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
    assert row["starts_at"] == "2030-01-15T18:00:00+02:00"
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
            client.get(f"/avoin-data/{dataset.slug}.json").content.decode(),
            client.get(f"/avoin-data/{dataset.slug}.csv").content.decode(),
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
    for dataset in registry.datasets():
        with django_assert_max_num_queries(3):
            client.get(f"/avoin-data/{dataset.slug}.json")
        with django_assert_max_num_queries(3):
            client.get(f"/avoin-data/{dataset.slug}.csv")
    with django_assert_max_num_queries(2):
        assert client.get("/avoin-data/").status_code == 200
