import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from tests.committees.factories import CommunitySpaceFactory, MeetingFactory, helsinki, upcoming
from tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def valkeala():
    return CommitteeFactory(slug="valkeala", name="Valkealan aluetoimikunta")


def test_committee_calendar_is_valid_rfc5545_in_helsinki_time(client, valkeala):
    space = CommunitySpaceFactory(committee=valkeala, name="Kylätalo", address="Kuja 1, Valkeala")
    winter = MeetingFactory(
        committee=valkeala,
        starts_at=helsinki(2030, 1, 15, 18),
        ends_at=helsinki(2030, 1, 15, 20),
        space=space,
        address="",
        agenda="1. Avaus; kahvit, tervetuloa",
    )
    summer = MeetingFactory(
        committee=valkeala,
        title="Kesäkokous",
        starts_at=helsinki(2030, 6, 15, 18),
        ends_at=helsinki(2030, 6, 15, 20),
        online_url="https://meet.example/kesa",
    )
    MeetingFactory(committee=valkeala, is_published=False, starts_at=helsinki(2030, 2, 1))
    MeetingFactory(starts_at=helsinki(2030, 3, 1))  # another committee's

    calendar = parse(client.get("/aluetoimikunnat/valkeala/kalenteri.ics"))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert not calendar.get_missing_tzids()
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Helsinki"]

    found = events(calendar)
    assert set(found) == {winter.uid, summer.uid}
    first = found[winter.uid]
    # 18.00 in Helsinki is 16.00 UTC in winter and 15.00 UTC in summer.
    assert first.start == datetime.datetime(2030, 1, 15, 18, tzinfo=HELSINKI)
    assert first.start.astimezone(datetime.UTC).hour == 16
    assert first["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert found[summer.uid].start.astimezone(datetime.UTC).hour == 15
    assert first.end == datetime.datetime(2030, 1, 15, 20, tzinfo=HELSINKI)
    assert str(first["SUMMARY"]) == "Valkealan aluetoimikunta: kokous"
    assert str(first["LOCATION"]) == "Kylätalo, Kuja 1, Valkeala"
    assert "1. Avaus; kahvit, tervetuloa" in str(first["DESCRIPTION"])
    assert str(first["URL"]) == "http://testserver" + winter.get_absolute_url()
    assert str(first["STATUS"]) == "CONFIRMED"
    assert first["DTSTAMP"].dt.tzinfo is not None
    assert "https://meet.example/kesa" in str(found[summer.uid]["DESCRIPTION"])


def test_uids_are_stable_when_a_meeting_changes(client, valkeala):
    meeting = upcoming(committee=valkeala)
    before = events(parse(client.get("/aluetoimikunnat/valkeala/kalenteri.ics")))
    meeting.starts_at += datetime.timedelta(hours=1)
    meeting.ends_at += datetime.timedelta(hours=1)
    meeting.is_cancelled = True
    meeting.save()
    after = events(parse(client.get("/aluetoimikunnat/valkeala/kalenteri.ics")))
    assert set(before) == set(after) == {f"kokous-{meeting.pk}@aluetoimikunnat.kouvola.fi"}
    event = after[meeting.uid]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("Peruttu: ")
    assert event["LAST-MODIFIED"].dt >= before[meeting.uid]["LAST-MODIFIED"].dt


def test_all_committees_calendar_and_its_bounds(client, valkeala):
    other = upcoming(committee=CommitteeFactory())
    ours = upcoming(committee=valkeala)
    long_ago = MeetingFactory(committee=valkeala, starts_at=helsinki(2001, 1, 1))
    found = events(parse(client.get(reverse("meetings:calendar"))))
    assert set(found) == {other.uid, ours.uid}
    assert long_ago.uid not in found


def test_an_empty_calendar_is_still_valid(client, valkeala):
    calendar = parse(client.get("/aluetoimikunnat/valkeala/kalenteri.ics"))
    assert calendar.walk("VEVENT") == []
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Helsinki"]


def test_unknown_committee_calendar_is_404(client):
    assert client.get("/aluetoimikunnat/ei-ole/kalenteri.ics").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_calendar_query_budget(client, valkeala, django_assert_max_num_queries, count):
    space = CommunitySpaceFactory(committee=valkeala)
    for _ in range(count):
        upcoming(committee=valkeala, space=space, address="")
    with django_assert_max_num_queries(2):
        assert len(events(parse(client.get("/aluetoimikunnat/valkeala/kalenteri.ics")))) == count
    with django_assert_max_num_queries(1):
        assert len(events(parse(client.get("/kokoukset/kalenteri.ics")))) == count
