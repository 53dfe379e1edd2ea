import contextlib
import datetime
import gzip
import threading
import zoneinfo

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from committees.calendars import vtimezone
from committees.meeting_services import agenda_add_standard_items, agenda_item_create
from committees.models import Meeting
from tests.committees.factories import (
    CommunitySpaceFactory,
    MeetingFactory,
    helsinki,
    inline_management,
    past,
    upcoming,
)
from tests.factories import CommitteeFactory, clerk, sign_in_staff
from tests.support import run_concurrently

pytestmark = pytest.mark.django_db

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
# Next year's winter and summer, whenever the tests run.
NEXT_YEAR = timezone.localdate().year + 1


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.getvalue())


def events(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def valkeala():
    return CommitteeFactory(slug="valkeala", name="Valkealan aluetoimikunta")


def test_committee_calendar_is_valid_rfc5545_in_helsinki_time(client, valkeala):
    space = CommunitySpaceFactory(committee=valkeala, name="Kylätalo", address="Kuja 1, Valkeala")
    winter = MeetingFactory(
        committee=valkeala,
        starts_at=helsinki(NEXT_YEAR, 1, 15, 18),
        ends_at=helsinki(NEXT_YEAR, 1, 15, 20),
        space=space,
        address="",
        agenda="1. Avaus; kahvit, tervetuloa",
    )
    summer = MeetingFactory(
        committee=valkeala,
        title="Kesäkokous",
        starts_at=helsinki(NEXT_YEAR, 6, 15, 18),
        ends_at=helsinki(NEXT_YEAR, 6, 15, 20),
        online_url="https://meet.example/kesa",
    )
    MeetingFactory(committee=valkeala, is_published=False, starts_at=helsinki(NEXT_YEAR, 2, 1))
    MeetingFactory(starts_at=helsinki(NEXT_YEAR, 3, 1))  # another committee's

    calendar = parse(client.get("/aluetoimikunnat/valkeala/kalenteri.ics"))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert not calendar.get_missing_tzids()
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Helsinki"]

    found = events(calendar)
    assert set(found) == {winter.uid, summer.uid}
    first = found[winter.uid]
    # 18.00 in Helsinki is 16.00 UTC in winter and 15.00 UTC in summer.
    assert first.start == datetime.datetime(NEXT_YEAR, 1, 15, 18, tzinfo=HELSINKI)
    assert first.start.astimezone(datetime.UTC).hour == 16
    assert first["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert found[summer.uid].start.astimezone(datetime.UTC).hour == 15
    assert first.end == datetime.datetime(NEXT_YEAR, 1, 15, 20, tzinfo=HELSINKI)
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
    long_ago = MeetingFactory(
        committee=valkeala, starts_at=timezone.now() - datetime.timedelta(days=3 * 365)
    )
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
    # The committee, its meetings, their items' titles, committees and spaces (one query each
    # for all the meetings) and the version of the meetings' cache scope (the ETag).
    with django_assert_max_num_queries(6):
        assert len(events(parse(client.get("/aluetoimikunnat/valkeala/kalenteri.ics")))) == count
    with django_assert_max_num_queries(5):
        assert len(events(parse(client.get("/kokoukset/kalenteri.ics")))) == count


def test_the_time_zone_recurs_by_rule_and_agrees_with_the_tz_database(client, valkeala):
    upcoming(committee=valkeala)
    calendar = parse(client.get("/aluetoimikunnat/valkeala/kalenteri.ics"))
    (zone,) = calendar.timezones
    (daylight,) = zone.walk("DAYLIGHT")
    (standard,) = zone.walk("STANDARD")
    # Outlook shifts events in zones that list each change as an RDATE.
    assert daylight["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert standard["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert "RDATE" not in daylight and "RDATE" not in standard
    assert (daylight["TZNAME"], standard["TZNAME"]) == ("EEST", "EET")
    # Changes happen at 03.00 and 04.00 local time before the change (RFC 5545 §3.6.5).
    assert daylight.DTSTART.time() == datetime.time(3)
    assert standard.DTSTART.time() == datetime.time(4)

    # A calendar app that knows only this VTIMEZONE computes the same offsets as the tz
    # database, every six hours over the next ten years (the changes fall at 01.00 UTC).
    own = zone.to_tz(lookup_tzid=False)
    instant = datetime.datetime(timezone.localdate().year, 1, 1, tzinfo=datetime.UTC)
    end = instant.replace(year=instant.year + 10)
    while instant < end:
        assert instant.astimezone(own).utcoffset() == instant.astimezone(HELSINKI).utcoffset()
        instant += datetime.timedelta(hours=6)


def _admin_form(meeting, **changes):
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    form = {
        "committee": meeting.committee_id,
        "title": meeting.title,
        "starts_at_0": f"{start.day}.{start.month}.{start.year}",
        "starts_at_1": start.strftime("%H:%M"),
        "ends_at_0": f"{end.day}.{end.month}.{end.year}",
        "ends_at_1": end.strftime("%H:%M"),
        "space": "",
        "address": meeting.address,
        "online_url": meeting.online_url,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "is_published": "on",
        **inline_management(),
    }
    form.update(changes)
    return form


def test_sequence_grows_with_each_edit_a_clerk_makes(clerk_client, client, valkeala):
    meeting = upcoming(committee=valkeala)
    meeting.starts_at = meeting.starts_at.replace(hour=17, minute=0)
    meeting.ends_at = meeting.starts_at + datetime.timedelta(hours=2)
    meeting.save()
    calendar_url = "/aluetoimikunnat/valkeala/kalenteri.ics"

    def event():
        return events(parse(client.get(calendar_url)))[meeting.uid]

    assert event()["SEQUENCE"] == 0
    change_url = reverse("admin:committees_meeting_change", args=[meeting.pk])
    moved = _admin_form(meeting, starts_at_1="18:00", ends_at_1="20:00")
    assert clerk_client.post(change_url, moved).status_code == 302
    assert event()["SEQUENCE"] == 1
    assert event().start.hour == 18

    # Saving without a change tells the calendars nothing new.
    assert clerk_client.post(change_url, moved).status_code == 302
    assert event()["SEQUENCE"] == 1

    cancelled = {**moved, "is_cancelled": "on"}
    assert clerk_client.post(change_url, cancelled).status_code == 302
    assert event()["SEQUENCE"] == 2
    assert str(event()["STATUS"]) == "CANCELLED"

    changelist = reverse("admin:committees_meeting_changelist")
    for action in ("unpublish", "publish"):
        response = clerk_client.post(
            changelist, {"action": action, "_selected_action": [meeting.pk]}
        )
        assert response.status_code == 302
    assert event()["SEQUENCE"] == 4
    assert Meeting.objects.get(pk=meeting.pk).sequence == 4


def test_calendar_answers_304_until_a_meeting_changes(
    client, clerk_client, valkeala, django_capture_on_commit_callbacks
):
    meeting = upcoming(committee=valkeala)
    url = "/aluetoimikunnat/valkeala/kalenteri.ics"
    first = client.get(url)
    etag = first["ETag"]
    assert "Last-Modified" not in first

    repeat = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert repeat.status_code == 304 and repeat.content == b""
    # A date alone is not trusted: it cannot tell an unpublished meeting (pagecache.py).
    tomorrow = http_date((timezone.now() + datetime.timedelta(days=1)).timestamp())
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=tomorrow).status_code == 200

    change_url = reverse("admin:committees_meeting_change", args=[meeting.pk])
    edited = _admin_form(meeting, agenda="1. Avaus\n2. Uusi asia")
    with django_capture_on_commit_callbacks(execute=True):
        assert clerk_client.post(change_url, edited).status_code == 302
    after = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag
    assert "Uusi asia" in str(events(parse(after))[meeting.uid]["DESCRIPTION"])


def test_calendar_is_compressed_when_the_client_accepts_it(client, valkeala):
    for _ in range(3):
        upcoming(committee=valkeala)
    url = "/aluetoimikunnat/valkeala/kalenteri.ics"
    plain = client.get(url)
    assert "Content-Encoding" not in plain
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.getvalue()) == plain.getvalue()
    # The ETag of the compressed response is weak, and still matches on the next request.
    assert packed["ETag"].startswith('W/"')
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("key", "rules"),
    [
        # The second Sunday of March and the first of November, at 02.00.
        (
            "America/New_York",
            [b"FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", b"FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"],
        ),
        # No daylight saving time: one STANDARD and no rule.
        ("Asia/Tokyo", []),
    ],
)
def test_vtimezone_follows_the_rule_of_other_zones_too(key, rules):
    zone = vtimezone(key, first_year=timezone.localdate().year - 1)
    assert [c["RRULE"].to_ical() for c in zone.subcomponents if "RRULE" in c] == rules
    own = zone.to_tz(lookup_tzid=False)
    real = zoneinfo.ZoneInfo(key)
    instant = datetime.datetime(timezone.localdate().year, 1, 1, tzinfo=datetime.UTC)
    for _ in range(4 * 365 * 3):
        assert instant.astimezone(own).utcoffset() == instant.astimezone(real).utcoffset()
        instant += datetime.timedelta(hours=6)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_clerks_editing_a_meeting_at_once_both_raise_its_sequence(monkeypatch):
    meeting = upcoming(committee=CommitteeFactory(slug="valkeala"))
    users = [clerk(username=f"virkailija{n}") for n in range(2)]
    both_read = threading.Barrier(2, timeout=3)
    original_save = Meeting.save

    def save_after_the_other_read(self, *args, **kwargs):
        # Both requests have read the stored revision before either writes, unless the
        # first one keeps the second waiting.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait()
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Meeting, "save", save_after_the_other_read)

    def edit(user, agenda):
        staff = Client()
        sign_in_staff(staff, user)
        change_url = reverse("admin:committees_meeting_change", args=[meeting.pk])
        return staff.post(change_url, _admin_form(meeting, agenda=agenda)).status_code

    statuses = run_concurrently(edit, [(user, f"Esityslista {n}") for n, user in enumerate(users)])
    assert statuses == [302, 302]
    assert Meeting.objects.get(pk=meeting.pk).sequence == 2


# --- The window, the writer and the stream (issue 16) ------------------------------------------


def test_the_calendar_carries_the_past_twelve_months_and_two_years_ahead(client, valkeala):
    now = timezone.now()

    def meeting(days):
        start = now + datetime.timedelta(days=days)
        return MeetingFactory(
            committee=valkeala, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
        )

    kept = [meeting(-360), meeting(-30), meeting(30), meeting(700)]
    left_out = [meeting(-380), meeting(-3 * 365), meeting(760)]
    for address in ("/aluetoimikunnat/valkeala/kalenteri.ics", reverse("meetings:calendar")):
        found = events(parse(client.get(address)))
        assert set(found) == {m.uid for m in kept}
        assert not {m.uid for m in left_out} & set(found)


def _icalendar_reference(request, meetings, name):
    """The calendar as icalendar itself writes it (the portal's writer before issue 16)."""
    from committees.calendars import PRODID, _description, _summary

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Helsinki")
    calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    first_year = timezone.localdate().year
    for meeting in meetings:
        url = request.build_absolute_uri(meeting.get_absolute_url())
        event = icalendar.Event()
        event.add("uid", meeting.uid)
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC))
        event.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
        event.add("created", meeting.created_at.astimezone(datetime.UTC))
        event.add("dtstart", meeting.starts_at.astimezone(HELSINKI))
        event.add("dtend", meeting.ends_at.astimezone(HELSINKI))
        event.add("summary", _summary(meeting))
        event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
        if meeting.place:
            event.add("location", meeting.place)
        event.add("description", _description(meeting, url))
        event.add("url", url)
        event.add("categories", [meeting.committee.name])
        calendar.add_component(event)
        first_year = min(first_year, timezone.localtime(meeting.starts_at).year)
    calendar.add_component(vtimezone("Europe/Helsinki", first_year=first_year - 1))
    return calendar.to_ical()


def test_the_calendar_writer_writes_the_bytes_icalendar_would(rf, valkeala):
    from committees.calendars import calendar_pieces
    from committees.meeting_selectors import calendar_meetings

    space = CommunitySpaceFactory(committee=valkeala, name="Kylä;talo, iso", address="Tie 1\\2")
    MeetingFactory(
        committee=valkeala,
        title="Kokous, jossa; kaikki\\merkit ja hyvin pitkä otsikko joka taittuu rivin yli äöå",
        starts_at=helsinki(NEXT_YEAR, 3, 29, 18),
        ends_at=helsinki(NEXT_YEAR, 3, 29, 20),
        space=space,
        address="",
        agenda="1. Avaus; kahvit, tervetuloa\r\n2. Ääkköset " + "ö" * 80 + "\n3. \\N loppu",
        is_cancelled=True,
    )
    upcoming(committee=valkeala, online_url="https://meet.example/a,b;c")
    past(days_ago=200, committee=valkeala, address="Katu 5, Kouvola")
    request = rf.get("/", HTTP_HOST="testserver")
    meetings = calendar_meetings(committee=valkeala)
    written = "".join(calendar_pieces(request, meetings, "Nimi, jossa; merkkejä")).encode()
    assert written == _icalendar_reference(request, list(meetings), "Nimi, jossa; merkkejä")
    assert len(icalendar.Calendar.from_ical(written).walk("VEVENT")) == 3


def test_a_calendar_is_streamed_as_it_is_written(rf, valkeala):
    import inspect

    from committees.calendars import all_meetings_ics, committee_meetings_ics

    ours = upcoming(committee=valkeala)
    request = rf.get("/", HTTP_HOST="testserver")
    for view, kwargs in ((all_meetings_ics, {}), (committee_meetings_ics, {"slug": "valkeala"})):
        # The view itself, under the decorators that keep or compare its answer.
        response = inspect.unwrap(view)(request, **kwargs)
        assert response.status_code == 200
        assert response.streaming
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        body = b"".join(response.streaming_content)
        assert set(events(icalendar.Calendar.from_ical(body))) == {ours.uid}


def test_long_lines_fold_where_icalendar_folds_them():
    import random

    from icalendar.parser.string import _foldline

    from committees.calendars import ical_line

    rng = random.Random(16)
    alphabet = "ab ,;\\^äö€😀"
    for _ in range(500):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 300)))
        assert ical_line(line) == _foldline(line) + "\r\n"


def test_the_description_carries_the_address_and_the_item_titles(
    client, valkeala, django_assert_max_num_queries
):
    space = CommunitySpaceFactory(committee=valkeala, name="Kylätalo", address="Kuja 1, Valkeala")
    meeting = upcoming(committee=valkeala, space=space, address="")
    before = meeting.sequence
    agenda_add_standard_items(meeting=meeting)
    agenda_item_create(meeting=meeting, title="Uimarannan laituri")
    for _n in range(3):
        upcoming(committee=valkeala, space=space, address="")
    with django_assert_max_num_queries(6):
        event = events(parse(client.get("/aluetoimikunnat/valkeala/kalenteri.ics")))[meeting.uid]
    description = str(event["DESCRIPTION"])
    assert "Paikka: Kylätalo, Kuja 1, Valkeala" in description
    assert "Esityslista:\n§ 1 Kokouksen avaus\n§ 2 Kokouksen laillisuus" in description
    assert "§ 5 Uimarannan laituri" in description
    # A changed agenda is a new revision for the subscribed calendars.
    assert event["SEQUENCE"] > before
