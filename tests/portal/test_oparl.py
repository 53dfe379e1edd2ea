"""
The OParl 1.1 API (/oparl/v1/): a client walks it from the System to the minutes, every
object it meets validates against the OParl 1.1 JSON schemas (tests/standards/oparl-1.1,
CC BY-SA 4.0, with their source), and it shows only what the public pages show.
"""

import datetime
import functools
import json
import pathlib

import jsonschema
import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committees.meeting_services import (
    agenda_add_standard_items,
    agenda_item_create,
    agenda_item_update,
    attachments_save,
    attendance_record,
    meeting_publish_minutes,
)
from committees.models import AgendaItemAttachment
from committees.services import membership_create
from projects.models import ProjectIdea
from projects.services import idea_unpublish
from tests.committees.factories import PDF_BYTES, CommunitySpaceFactory, MeetingFactory, past
from tests.factories import PersonFactory, roster
from tests.projects.factories import PendingIdeaFactory, ProjectIdeaFactory
from tests.support import QUERY_BUDGETS

pytestmark = pytest.mark.django_db

SCHEMAS = pathlib.Path(__file__).resolve().parents[1] / "standards" / "oparl-1.1"
TYPE = "https://schema.oparl.org/1.1/"


@functools.cache
def schema(name):
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


@functools.cache
def validator(name):
    """What jsonschema.validate builds on each call, built once a type: the schema checked
    against its metaschema, and a validator for it."""
    spec = schema(name)
    cls = jsonschema.validators.validator_for(spec)
    cls.check_schema(spec)
    return cls(spec)


def check(data):
    """
    Validate ``data`` against its type's schema, and every object embedded in it against its
    own; the formats the schemas name (url, date, date-time) are checked too.
    Returns the types met.
    """
    name = data["type"].removeprefix(TYPE)
    assert data["type"] == TYPE + name
    spec = schema(name)
    if data.get("deleted"):
        assert set(data) == {"id", "type", "created", "modified", "deleted"}
    # As jsonschema.validate(data, spec) reports it: the most relevant error.
    error = jsonschema.exceptions.best_match(validator(name).iter_errors(data))
    if error is not None:
        raise error
    assert data["id"].startswith("http://testserver/oparl/v1/")
    met = {name}
    for key, value in data.items():
        prop = spec["properties"][key]
        for item in value if isinstance(value, list) else [value]:
            fmt = (prop.get("items", {}) if isinstance(value, list) else prop).get("format")
            if fmt == "url":
                assert item.startswith(("http://", "https://")), (key, item)
            elif fmt == "date-time":
                assert datetime.datetime.fromisoformat(item).tzinfo is not None, (key, item)
            elif fmt == "date":
                datetime.date.fromisoformat(item)
            if isinstance(item, dict):
                met |= check(item)
    for key in ("created", "modified"):
        assert key in data, (name, key)
    return met


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.content[:300])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content.decode("utf-8"))


def every(client, url):
    """All objects of a list, following links.next."""
    objects, seen = [], set()
    while url:
        assert url not in seen
        seen.add(url)
        page = get(client, url)
        assert set(page["pagination"]) >= {"totalElements", "elementsPerPage", "currentPage"}
        objects += page["data"]
        url = page["links"].get("next")
    return objects


@pytest.fixture
def council(committee, term):
    """A held meeting with items, a decision on an idea, attendance and minutes, published."""
    members, deputies = roster(committee, term, members=7, deputies=2)
    space = CommunitySpaceFactory(committee=committee)
    meeting = past(committee=committee, space=space)
    agenda_add_standard_items(meeting=meeting)
    item = agenda_item_create(meeting=meeting, title="Kylätalon katto", proposal="Avustus.")
    agenda_item_update(item=item, decision="Myönnettiin 500 euroa.")
    attachments_save(
        item=item,
        attachments=[
            AgendaItemAttachment(
                title="Tarjous", document=SimpleUploadedFile("t.pdf", PDF_BYTES), order=1
            )
        ],
        removed=[],
    )
    for member in members[1:6]:
        attendance_record(meeting=meeting, membership=member, status="present")
    attendance_record(meeting=meeting, membership=members[0], status="absent")
    attendance_record(
        meeting=meeting,
        membership=deputies[0],
        status="substituting",
        substitutes_for=members[0],
    )
    idea = ProjectIdeaFactory(committees=[committee], title="Kylätalon remontti")
    idea.agenda_items.add(item)
    meeting_publish_minutes(meeting=meeting)
    meeting.refresh_from_db()
    return {
        "committee": committee,
        "members": members,
        "deputies": deputies,
        "meeting": meeting,
        "item": item,
        "idea": idea,
        "space": space,
    }


def test_a_client_walks_from_the_system_to_the_minutes(client, council):
    met = set()
    system = get(client, "/oparl/v1/")
    met |= check(system)
    bodies = get(client, system["body"])
    assert len(bodies["data"]) == 1
    body = get(client, bodies["data"][0]["id"])
    met |= check(body)
    assert body["name"] == "Kouvolan kaupunki"

    organizations = every(client, body["organization"])
    names = {o["name"]: o for o in organizations}
    assert "Elinvoimajaosto" in names
    committee = names[council["committee"].name]
    assert committee["subOrganizationOf"] == names["Elinvoimajaosto"]["id"]
    for organization in organizations:
        met |= check(organization)

    memberships = [get(client, url) for url in committee["membership"]]
    assert len(memberships) == 9
    for membership in memberships:
        met |= check(membership)
    chair = next(m for m in memberships if m["role"] == "puheenjohtaja")
    # The API speaks Finnish whatever the client's language.
    english = client.get(chair["id"], HTTP_ACCEPT_LANGUAGE="en")
    assert json.loads(english.content)["role"] == "puheenjohtaja"
    assert chair["votingRight"] is True
    deputy = next(m for m in memberships if "onBehalfOf" in m)
    assert deputy["votingRight"] is False
    assert deputy["role"] == "varajäsen"
    assert deputy["onBehalfOf"] == chair["person"]
    person = get(client, chair["person"])
    met |= check(person)
    assert person["name"] == str(council["members"][0].person)

    meetings = every(client, committee["meeting"])
    assert [m["id"] for m in meetings] == [
        f"http://testserver/oparl/v1/meeting/{council['meeting'].pk}/"
    ]
    meeting = get(client, meetings[0]["id"])
    met |= check(meeting)
    assert meeting["location"]["streetAddress"] == council["space"].address
    present = {m.person_id for m in council["members"][1:6]} | {council["deputies"][0].person_id}
    assert meeting["participant"] == sorted(
        f"http://testserver/oparl/v1/person/{pk}/" for pk in present
    )
    assert meeting["invitation"]["accessUrl"].endswith(
        reverse("meetings:agenda", kwargs={"pk": council["meeting"].pk})
    )

    items = {i["name"]: i for i in meeting["agendaItem"]}
    item = get(client, items["Kylätalon katto"]["id"])
    met |= check(item)
    assert item["number"] == "§ 5"
    assert item["resolutionText"] == "Myönnettiin 500 euroa."
    assert item["auxiliaryFile"][0]["name"] == "Tarjous"

    consultation = get(client, item["consultation"])
    met |= check(consultation)
    paper = get(client, consultation["paper"])
    met |= check(paper)
    assert paper["name"] == "Kylätalon remontti"
    assert [c["agendaItem"] for c in paper["consultation"]] == [item["id"]]

    minutes = get(client, meeting["resultsProtocol"]["id"])
    met |= check(minutes)
    page = client.get(minutes["accessUrl"])
    assert page.status_code == 200
    assert "Myönnettiin 500 euroa." in page.content.decode()

    for location in every(client, body["locationList"]):
        met |= check(location)
    for term in every(client, body["legislativeTermList"]):
        met |= check(term)
    assert met >= {
        "System", "Body", "LegislativeTerm", "Organization", "Person", "Membership",
        "Meeting", "AgendaItem", "Paper", "Consultation", "File", "Location",
    }  # fmt: skip


def test_every_list_of_the_body_validates(client, council):
    body = get(client, "/oparl/v1/body/kouvola/")
    for key in (
        "organization", "person", "membership", "meeting", "paper", "agendaItem",
        "consultation", "file", "locationList", "legislativeTermList",
    ):  # fmt: skip
        objects = every(client, body[key])
        assert objects, key
        for data in objects:
            check(data)
            # Each object is also found at its id, the same.
            assert get(client, data["id"]) == data


def test_nothing_private_or_unpublished_is_in_the_api(client, committee, term):
    members, _deputies = roster(committee, term, members=7)
    person = members[0].person
    person.email = "salainen@example.invalid"
    person.save()
    PersonFactory(first_name="Ilman", last_name="Paikkaa")
    hidden = MeetingFactory(committee=committee, is_published=False, title="Salainen kokous")
    upcoming_meeting = past(committee=committee)
    item = agenda_item_create(meeting=upcoming_meeting, title="Asia")
    agenda_item_update(item=item, decision="Päätös ennen tarkastusta.")
    attendance_record(meeting=upcoming_meeting, membership=members[1], status="present")
    PendingIdeaFactory(committees=[committee], title="Odottava idea")
    body = get(client, "/oparl/v1/body/kouvola/")
    text = json.dumps(
        [every(client, body[key]) for key in ("person", "meeting", "paper", "agendaItem")],
        ensure_ascii=False,
    )
    assert "salainen@example.invalid" not in text
    assert "Paikkaa" not in text  # a person without a seat is on no public page
    assert "Salainen kokous" not in text
    assert "Odottava idea" not in text
    assert "Päätös ennen tarkastusta." not in text
    meeting = get(client, f"/oparl/v1/meeting/{upcoming_meeting.pk}/")
    assert "participant" not in meeting and "resultsProtocol" not in meeting
    assert client.get(f"/oparl/v1/meeting/{hidden.pk}/").status_code == 404


def test_an_idea_taken_off_the_site_is_a_deleted_paper(client, committee):
    idea = ProjectIdeaFactory(committees=[committee])
    idea_unpublish(idea=idea)
    paper = get(client, f"/oparl/v1/paper/{idea.slug}/")
    check(paper)
    assert paper["deleted"] is True
    assert ProjectIdea.objects.filter(slug=idea.slug).exists()


def test_lists_page_and_filter_as_oparl_says(client, committee, term):
    roster(committee, term, members=7)
    url = "/oparl/v1/body/kouvola/person/"
    first = get(client, url, limit=3)
    assert len(first["data"]) == 3
    assert first["pagination"]["totalElements"] == 7
    assert "prev" not in first["links"]
    names = [p["name"] for p in every(client, first["links"]["next"])]
    assert len(names) == 4
    future = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)).isoformat()
    assert get(client, url, modified_since=future)["data"] == []
    assert len(get(client, url, created_until=future)["data"]) == 7
    bad = client.get(url, {"modified_since": "eilen"})
    assert bad.status_code == 400
    assert "modified_since" in json.loads(bad.content)["message"]
    assert client.get(url, {"page": "0"}).status_code == 400
    assert client.get("/oparl/v1/body/kouvola/nothing/").status_code == 404
    assert client.get("/oparl/v1/person/abc/").status_code == 404


def test_a_list_page_reads_a_bounded_number_of_queries(
    client, council, django_assert_max_num_queries
):
    body = get(client, "/oparl/v1/body/kouvola/")
    keys = ("person", "membership", "meeting", "agendaItem", "paper", "file", "locationList")

    def more_rows():
        for _ in range(5):
            MeetingFactory(committee=council["committee"])
            idea = ProjectIdeaFactory(committees=[council["committee"]])
            idea.agenda_items.add(council["item"])

    more_rows()
    budgets = {}
    for key in keys:
        with django_assert_max_num_queries(QUERY_BUDGETS["oparl_list"]) as context:
            get(client, body[key])
        budgets[key] = len(context.captured_queries)
    # More rows do not make more queries.
    more_rows()
    for key, used in budgets.items():
        with django_assert_max_num_queries(used):
            get(client, body[key])


def test_the_api_page_explains_the_mapping_in_both_languages(client):
    finnish = client.get(reverse("oparl_docs")).content.decode()
    assert "https://oparl.org/spezifikation/" in finnish
    assert "varajäsen" in finnish.lower()
    assert 'href="/oparl/v1/"' in finnish
    # The open-data page leads to it.
    assert 'href="/oparl/"' in client.get(reverse("opendata:index")).content.decode()
    english = client.get("/en/oparl/").content.decode()
    assert "votingRight is false" in english
    assert "onBehalfOf" in english


def test_the_demo_site_walks_and_validates_end_to_end(client, demo):
    """What `make run` serves: every object of every list of the demo data validates."""
    body = get(client, get(client, "/oparl/v1/")["body"])["data"][0]
    met = set()
    for key in (
        "organization", "person", "membership", "meeting", "paper", "agendaItem",
        "consultation", "file", "locationList", "legislativeTermList",
    ):  # fmt: skip
        for data in every(client, body[key]):
            met |= check(data)
    assert {
        "Organization", "Person", "Membership", "Meeting", "AgendaItem", "File", "Paper",
        "Consultation", "Location", "LegislativeTerm",
    } <= met  # fmt: skip


def test_a_kept_answer_is_still_open_to_other_sites_and_forgets_a_change(
    client, committee, term, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    url = "/oparl/v1/body/kouvola/person/"
    roster(committee, term, members=2)
    assert len(get(client, url)["data"]) == 2
    kept = client.get(url)
    assert kept["Access-Control-Allow-Origin"] == "*"
    assert kept.has_header("ETag")
    # An unknown parameter does not get a key of its own: it is answered, never kept.
    assert len(get(client, url, utm_source="x")["data"]) == 2
    # A new seat, through the service the admin uses, forgets the committees' scope.
    with django_capture_on_commit_callbacks(execute=True):
        membership_create(committee=committee, term=term, person=PersonFactory())
    assert len(get(client, url)["data"]) == 3
    caches["pages"].clear()
