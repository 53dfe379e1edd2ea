import datetime
import zoneinfo

import factory

from committees.models import CommunitySpace, Meeting
from tests.factories import CommitteeFactory

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def helsinki(year, month, day, hour=18, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=HELSINKI)


class CommunitySpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunitySpace

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"Yhteisötila {n}")
    address = factory.Sequence(lambda n: f"Kylätie {n}, 45100 Kouvola")
    opening_hours = "ma–pe 9–16"
    accessibility = "Esteetön sisäänkäynti."
    digital_services = "Etäyhteys\nTietokone"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    starts_at = factory.Sequence(lambda n: helsinki(2030, 1, 1) + datetime.timedelta(days=n))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    address = "Kaupungintalo, Varuskuntakatu 11, 45100 Kouvola"
    agenda = "1. Kokouksen avaus\n2. Muut asiat"
    is_published = True


def upcoming(**kwargs):
    start = kwargs.pop("starts_at", None) or (
        datetime.datetime.now(HELSINKI).replace(microsecond=0) + datetime.timedelta(days=7)
    )
    return MeetingFactory(starts_at=start, **kwargs)


def past(days_ago=7, **kwargs):
    start = datetime.datetime.now(HELSINKI).replace(microsecond=0) - datetime.timedelta(
        days=days_ago
    )
    return MeetingFactory(starts_at=start, **kwargs)


# A PDF as small as can be and still whole (one blank page): the upload rules parse it.
PDF_BYTES = (
    b"%PDF-1.3\n1 0 obj\n<< /Type /Pages /Count 1 /Kids [ 3 0 R ] >>\nendobj\n"
    b"2 0 obj\n<< /Type /Catalog /Pages 1 0 R >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Resources << >> /MediaBox [ 0 0 200 200 ] /Parent 1 0 R >>\n"
    b"endobj\ntrailer\n<< /Root 2 0 R >>\nstartxref\n0\n%%EOF\n"
)


# The admin's membership form, as a clerk fills it.
MEMBERSHIPS = "/admin/committees/membership/"


def membership_form(committee, term, person, **overrides):
    return {
        "committee": committee.pk,
        "term": term.pk,
        "person": person.pk,
        "kind": "member",
        "role": "member",
        "personal_deputy_of": "",
        "starts_on": "",
        "ends_on": "",
        **overrides,
    }


def inline_management(**rows):
    """The management data of the meeting admin's inlines (items, attendance, others)."""
    data = {}
    for prefix in ("items", "attendances", "other_attendees"):
        total, initial = rows.get(prefix, (0, 0))
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": total,
                f"{prefix}-INITIAL_FORMS": initial,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    return data
