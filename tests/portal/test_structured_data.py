"""
schema.org JSON-LD in the pages, read as RDF: the committee with its members as Roles of
Persons, its meetings as Events organised by it, the spaces as Places with opening hours,
ideas as CreativeWorks about their committees and the site's SearchAction.
"""

import json
import re

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from committees.meeting_services import agenda_item_create
from tests.bookings.factories import bookable_space
from tests.committees.factories import MeetingFactory, upcoming
from tests.factories import roster
from tests.projects.factories import ProjectIdeaFactory

pytestmark = [
    pytest.mark.django_db,
    # rdflib's own JSON-LD parser still uses its ConjunctiveGraph.
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

SDO = Namespace("https://schema.org/")
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
HOST = "http://testserver"


def json_ld(response):
    assert response.status_code == 200
    return [json.loads(text) for text in SCRIPT.findall(response.content.decode())]


def graph_of(response):
    """The page's JSON-LD as RDF, schema.org's context given inline (the tests run offline)."""
    graph = Graph()
    for data in json_ld(response):
        assert data.pop("@context") == "https://schema.org"
        data["@context"] = {"@vocab": "https://schema.org/"}
        graph.parse(data=json.dumps(data), format="json-ld")
    return graph


def test_the_committee_is_a_government_organization_with_members_as_roles(client, committee, term):
    members, deputies = roster(committee, term, members=7, deputies=1)
    graph = graph_of(client.get(committee.get_absolute_url()))
    organization = URIRef(f"{HOST}{committee.get_absolute_url()}#organization")
    assert (organization, RDF.type, SDO.GovernmentOrganization) in graph
    assert graph.value(organization, SDO.name) == Literal(committee.name)
    city = graph.value(organization, SDO.parentOrganization)
    assert (city, RDF.type, SDO.GovernmentOrganization) in graph
    roles = list(graph.objects(organization, SDO.member))
    assert len(roles) == 8
    people = {}
    for role in roles:
        assert (role, RDF.type, SDO.Role) in graph
        person = graph.value(role, SDO.member)
        assert (person, RDF.type, SDO.Person) in graph
        people[str(graph.value(person, SDO.name))] = str(graph.value(role, SDO.roleName))
        assert str(graph.value(role, SDO.startDate)) == term.starts_on.isoformat()
        assert str(graph.value(role, SDO.endDate)) == term.ends_on.isoformat()
    assert people[str(members[0].person)] == "puheenjohtaja"
    assert people[str(deputies[0].person)] == "varajäsen"
    # Nothing but names and roles of people.
    assert not set(graph.predicates(person)) - {RDF.type, SDO.name}


def test_a_meeting_is_an_event_organised_by_its_committee(client, committee):
    meeting = upcoming(committee=committee, online_url="https://meet.example/abc")
    graph = graph_of(client.get(meeting.get_absolute_url()))
    event = URIRef(f"{HOST}{meeting.get_absolute_url()}#event")
    assert (event, RDF.type, SDO.Event) in graph
    organizer = graph.value(event, SDO.organizer)
    assert organizer == URIRef(f"{HOST}{committee.get_absolute_url()}#organization")
    assert (organizer, RDF.type, SDO.GovernmentOrganization) in graph
    kinds = {graph.value(place, RDF.type) for place in graph.objects(event, SDO.location)}
    assert kinds == {SDO.Place, SDO.VirtualLocation}
    assert str(graph.value(event, SDO.eventStatus)) == "https://schema.org/EventScheduled"

    cancelled = upcoming(committee=committee, is_cancelled=True)
    graph = graph_of(client.get(cancelled.get_absolute_url()))
    event = URIRef(f"{HOST}{cancelled.get_absolute_url()}#event")
    assert str(graph.value(event, SDO.eventStatus)) == "https://schema.org/EventCancelled"


def test_a_meeting_in_a_space_is_at_the_spaces_place(client, committee):
    space = bookable_space(committee=committee)
    meeting = MeetingFactory(committee=committee, space=space, address="")
    graph = graph_of(client.get(meeting.get_absolute_url()))
    event = URIRef(f"{HOST}{meeting.get_absolute_url()}#event")
    place = URIRef(f"{HOST}{space.get_absolute_url()}#place")
    assert graph.value(event, SDO.location) == place
    # The space's own page names the same place, with its opening hours.
    graph = graph_of(client.get(space.get_absolute_url()))
    assert (place, RDF.type, SDO.Place) in graph
    assert str(graph.value(place, SDO.address)) == space.address
    hours = list(graph.objects(place, SDO.openingHoursSpecification))
    assert len(hours) == 7
    days = set()
    for spec in hours:
        assert (spec, RDF.type, SDO.OpeningHoursSpecification) in graph
        assert str(graph.value(spec, SDO.opens)) == "08:00"
        assert str(graph.value(spec, SDO.closes)) == "22:00"
        days.add(str(graph.value(spec, SDO.dayOfWeek)))
    assert "https://schema.org/Monday" in days and len(days) == 7


def test_an_idea_is_a_creative_work_about_its_committees(client, committee):
    idea = ProjectIdeaFactory(committees=[committee], title="Kylätalon remontti")
    graph = graph_of(client.get(idea.get_absolute_url()))
    work = URIRef(f"{HOST}{idea.get_absolute_url()}#idea")
    assert (work, RDF.type, SDO.CreativeWork) in graph
    assert graph.value(work, SDO.name) == Literal("Kylätalon remontti")
    about = graph.value(work, SDO.about)
    assert about == URIRef(f"{HOST}{committee.get_absolute_url()}#organization")


def test_the_home_page_is_a_website_with_a_search_action(client, db):
    graph = graph_of(client.get("/"))
    (site,) = graph.subjects(RDF.type, SDO.WebSite)
    action = graph.value(site, SDO.potentialAction)
    assert (action, RDF.type, SDO.SearchAction) in graph
    target = graph.value(action, SDO.target)
    assert str(graph.value(target, SDO.urlTemplate)) == f"{HOST}/haku/?q={{search_term_string}}"


def test_text_in_the_json_ld_cannot_close_its_script(client, committee):
    title = 'Kokous </script><script>alert("x")</script> & muuta'
    meeting = upcoming(committee=committee, title=title)
    agenda_item_create(meeting=meeting, title="Asia")
    response = client.get(meeting.get_absolute_url())
    (data,) = json_ld(response)
    assert data["name"] == title
    assert '<script>alert("x")' not in response.content.decode()
