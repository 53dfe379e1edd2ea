"""The committees app's open data (committees, terms, rosters, meetings, spaces): registered
from ``CommitteesConfig.ready``. Of people, only the names and roles of members."""

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from committees.meeting_selectors import all_spaces, published_meetings
from committees.models import (
    AgendaItem,
    Attendance,
    Committee,
    CommunitySpace,
    Meeting,
    Membership,
    OtherAttendee,
    Term,
)
from kouvola_alue.registry import Dataset, Field, url_maker


def committee_rows(absolute):
    for c in Committee.objects.order_by("order", "name"):
        yield {
            "slug": c.slug,
            "name": c.name,
            "name_en": c.name_en,
            "area": c.area_name,
            "statistical_areas": c.statistical_area_list,
            "task": c.task,
            "started_on": c.started_on,
            "started_as_pilot": c.started_as_pilot,
            "contact_email": c.contact_email,
            "url": absolute(c.get_absolute_url()),
            "calendar_url": absolute(reverse("committees:calendar", kwargs={"slug": c.slug})),
        }


def term_rows(absolute):
    for t in Term.objects.order_by("starts_on"):
        yield {
            "slug": t.slug,
            "name": t.name,
            "starts_on": t.starts_on,
            "ends_on": t.ends_on,
            "council_decision_on": t.council_decision_on,
            "min_members": t.min_members,
            "max_members": t.max_members,
            "is_demo": t.is_demo,
        }


def roster_rows(absolute):
    """The seats held now in the current term: public names and roles, nothing else."""
    term = Term.objects.current()
    if term is None:
        return
    seats = (
        Membership.objects.filter(term=term)
        .seated()
        .select_related("committee", "person", "personal_deputy_of__person")
        .order_by("committee__order", "-kind", "person__last_name", "person__first_name")
    )
    for m in seats:
        principal = m.personal_deputy_of
        yield {
            "committee": m.committee.slug,
            "term": term.slug,
            "first_name": m.person.first_name,
            "last_name": m.person.last_name,
            "kind": m.kind,
            "role": m.role,
            "personal_deputy_of": str(principal.person) if principal else "",
        }


def meeting_rows(absolute):
    # Plain values and one reverse() per address: at thousands of meetings the model objects
    # and a reverse() per row were most of the file's cost.
    meeting_url = url_maker(absolute, "meetings:detail", pk=987654321)
    pdf_url = url_maker(absolute, "meetings:minutes_pdf", pk=987654321)
    committees = {c.pk: c for c in Committee.objects.all()}
    # An untitled meeting's title (``title_of``) depends on its committee alone: made once a
    # committee, not translated again for each of its meetings.
    untitled = {pk: str(Meeting.title_of("", c)) for pk, c in committees.items()}
    rows = published_meetings().order_by("starts_at", "pk")
    rows = rows.values(
        "pk",
        "committee_id",
        "title",
        "starts_at",
        "ends_at",
        "space_id",
        "space__name",
        "space__address",
        "address",
        "online_url",
        "agenda",
        "minutes",
        "minutes_pdf",
        "is_cancelled",
        "is_demo",
    )
    for m in rows.iterator(chunk_size=2000):
        committee = committees[m["committee_id"]]
        yield {
            "id": m["pk"],
            "uid": Meeting.uid_of(m["pk"]),
            "committee": committee.slug,
            "title": m["title"] or untitled[m["committee_id"]],
            "starts_at": m["starts_at"],
            "ends_at": m["ends_at"],
            "space_id": m["space_id"],
            "place": (
                f"{m['space__name']}, {m['space__address']}" if m["space_id"] else m["address"]
            ),
            "online_url": m["online_url"],
            "agenda": m["agenda"],
            "minutes": m["minutes"],
            "minutes_pdf_url": pdf_url(m["pk"]) if m["minutes_pdf"] else "",
            "is_cancelled": m["is_cancelled"],
            "is_demo": m["is_demo"],
            "url": meeting_url(m["pk"]),
        }


def agenda_item_rows(absolute):
    """
    The items of published meetings in order; the decision only once the meeting's minutes
    are checked and published (``decided``), as on the meeting's page.
    """
    meeting_url = url_maker(absolute, "meetings:detail", pk=987654321)
    committees = {c.pk: c.slug for c in Committee.objects.all()}
    rows = (
        AgendaItem.objects.filter(meeting__is_published=True)
        .order_by("meeting__starts_at", "meeting_id", "number")
        .values(
            "meeting_id",
            "meeting__committee_id",
            "meeting__starts_at",
            "meeting__minutes_published_at",
            "meeting__is_demo",
            "number",
            "standard",
            "title",
            "title_en",
            "proposal",
            "proposal_en",
            "decision",
            "decision_en",
        )
    )
    for i in rows.iterator(chunk_size=2000):
        decided = i["meeting__minutes_published_at"] is not None
        yield {
            "meeting_id": i["meeting_id"],
            "committee": committees[i["meeting__committee_id"]],
            "meeting_starts_at": i["meeting__starts_at"],
            "number": i["number"],
            "standard": i["standard"],
            "title": i["title"],
            "title_en": i["title_en"],
            "proposal": i["proposal"],
            "proposal_en": i["proposal_en"],
            "decided": decided,
            "decision": i["decision"] if decided else "",
            "decision_en": i["decision_en"] if decided else "",
            "is_demo": i["meeting__is_demo"],
            "url": f"{meeting_url(i['meeting_id'])}#pykala-{i['number']}",
        }


def attendance_rows(absolute):
    """
    Who was at each meeting whose minutes are published: the members and deputies (names,
    seat and attendance, as in any Finnish minutes), then the others present by name and role.
    """
    published = {
        "meeting__is_published": True,
        "meeting__minutes_published_at__isnull": False,
    }
    committees = {c.pk: c.slug for c in Committee.objects.all()}
    attendances = (
        Attendance.objects.filter(**published)
        .order_by(
            "meeting__starts_at", "meeting_id", "membership__kind", "membership__person__last_name"
        )
        .values(
            "meeting_id",
            "meeting__committee_id",
            "meeting__starts_at",
            "membership__person__first_name",
            "membership__person__last_name",
            "membership__kind",
            "membership__role",
            "status",
            "substitutes_for__person__first_name",
            "substitutes_for__person__last_name",
        )
    )
    for a in attendances.iterator(chunk_size=2000):
        substitutes_for = " ".join(
            filter(
                None,
                [a["substitutes_for__person__first_name"], a["substitutes_for__person__last_name"]],
            )
        )
        yield {
            "meeting_id": a["meeting_id"],
            "committee": committees[a["meeting__committee_id"]],
            "meeting_starts_at": a["meeting__starts_at"],
            "first_name": a["membership__person__first_name"],
            "last_name": a["membership__person__last_name"],
            "kind": a["membership__kind"],
            "role": a["membership__role"],
            "status": a["status"],
            "substitutes_for": substitutes_for,
        }
    others = (
        OtherAttendee.objects.filter(**published)
        .order_by("meeting__starts_at", "meeting_id", "order", "pk")
        .values("meeting_id", "meeting__committee_id", "meeting__starts_at", "name", "role")
    )
    for o in others.iterator(chunk_size=2000):
        yield {
            "meeting_id": o["meeting_id"],
            "committee": committees[o["meeting__committee_id"]],
            "meeting_starts_at": o["meeting__starts_at"],
            "first_name": "",
            "last_name": o["name"],
            "kind": "other",
            "role": o["role"],
            "status": Attendance.Status.PRESENT,
            "substitutes_for": "",
        }


def agenda_items_modified():
    # A decision becomes public when its meeting's minutes do (the meeting's updated_at).
    latest = Meeting.objects.aggregate(meeting=Max("updated_at"), item=Max("items__updated_at"))
    return max(filter(None, latest.values()), default=None)


def space_rows(absolute):
    for s in all_spaces().order_by("committee__order", "order", "name"):
        yield {
            "id": s.pk,
            "committee": s.committee.slug,
            "name": s.name,
            "address": s.address,
            "opening_hours": s.opening_hours,
            "accessibility": s.accessibility,
            "digital_services": s.digital_service_list,
            "is_demo": s.is_demo,
            "url": absolute(s.get_absolute_url()),
        }


def meetings_modified():
    # Unpublishing a meeting also moves its updated_at, so all meetings are looked at.
    return Meeting.objects.aggregate(latest=Max("updated_at"))["latest"]


def spaces_modified():
    return CommunitySpace.objects.aggregate(latest=Max("updated_at"))["latest"]


DATASETS = [
    Dataset(
        slug="aluetoimikunnat",
        title=_("Area committees"),
        description=_("The five area committees, their areas and tasks."),
        order=10,
        rows=committee_rows,
        fields=[
            Field("slug", _("Stable identifier, also in the committee's web address.")),
            Field("name", _("Name in Finnish.")),
            Field("name_en", _("Name in English (may be empty).")),
            Field("area", _("The area the committee works in.")),
            Field(
                "statistical_areas",
                _("Statistical major areas."),
                "list",
            ),
            Field("task", _("The committee's task.")),
            Field("started_on", _("The date the committee began."), "date"),
            Field("started_as_pilot", _("Whether it began in the 2018 pilot."), "boolean"),
            Field("contact_email", _("The committee's public contact address.")),
            Field("url", _("The committee's page."), "url"),
            Field("calendar_url", _("The committee's meeting calendar (iCalendar)."), "url"),
        ],
    ),
    Dataset(
        slug="toimikaudet",
        title=_("Terms"),
        description=_("The terms of office with their dates and the number of members."),
        order=20,
        rows=term_rows,
        fields=[
            Field("slug", _("Stable identifier, e.g. 2022-2025.")),
            Field("name", _("Name of the term.")),
            Field("starts_on", _("First day."), "date"),
            Field("ends_on", _("Last day."), "date"),
            Field(
                "council_decision_on", _("Date of the council's decision (may be empty)."), "date"
            ),
            Field("min_members", _("Minimum number of members per committee."), "integer"),
            Field("max_members", _("Maximum number of members per committee."), "integer"),
            Field("is_demo", _("True for fictional demo content."), "boolean"),
        ],
    ),
    Dataset(
        slug="jasenet",
        title=_("Current members and deputy members"),
        description=_(
            "The seats held now in the current term: names and roles only. Empty between terms."
        ),
        order=30,
        rows=roster_rows,
        fields=[
            Field("committee", _("The committee's identifier (slug).")),
            Field("term", _("The term's identifier (slug).")),
            Field("first_name", _("First name.")),
            Field("last_name", _("Last name.")),
            Field("kind", _("member or deputy.")),
            Field("role", _("chair, vice_chair, secretary or member.")),
            Field(
                "personal_deputy_of",
                _("For a personal deputy: the name of the member they stand in for."),
            ),
        ],
    ),
    Dataset(
        slug="kokoukset",
        title=_("Meetings"),
        description=_("The published meetings of all committees, oldest first."),
        order=40,
        rows=meeting_rows,
        modified=meetings_modified,
        fields=[
            Field("id", _("Stable number of the meeting."), "integer"),
            Field("uid", _("The meeting's UID in the iCalendar files.")),
            Field("committee", _("The committee's identifier (slug).")),
            Field("title", _("Title.")),
            Field("starts_at", _("Start, ISO 8601 in Helsinki time with its offset."), "datetime"),
            Field("ends_at", _("End, ISO 8601 in Helsinki time with its offset."), "datetime"),
            Field("space_id", _("The community space's id, if held in one."), "integer"),
            Field("place", _("The place as one line.")),
            Field("online_url", _("Link for following remotely (may be empty)."), "url"),
            Field("agenda", _("Agenda as text.")),
            Field("minutes", _("Memo or minutes as text.")),
            Field("minutes_pdf_url", _("The minutes as PDF (may be empty)."), "url"),
            Field("is_cancelled", _("True if the meeting was cancelled."), "boolean"),
            Field("is_demo", _("True for fictional demo content."), "boolean"),
            Field("url", _("The meeting's page."), "url"),
        ],
    ),
    Dataset(
        slug="asiakohdat",
        title=_("Agenda items and decisions"),
        description=_(
            "The numbered items of the published meetings with their proposals, and their "
            "decisions once the minutes are checked and published."
        ),
        order=42,
        rows=agenda_item_rows,
        modified=agenda_items_modified,
        fields=[
            Field("meeting_id", _("The meeting's number (id in the meetings dataset)."), "integer"),
            Field("committee", _("The committee's identifier (slug).")),
            Field("meeting_starts_at", _("The meeting's start, ISO 8601."), "datetime"),
            Field("number", _("The item's number (§) in the meeting."), "integer"),
            Field(
                "standard",
                _("opening, quorum, checkers or agenda for a standard opening item; else empty."),
            ),
            Field("title", _("Title in Finnish.")),
            Field("title_en", _("Title in English (may be empty).")),
            Field("proposal", _("The proposal in Finnish.")),
            Field("proposal_en", _("The proposal in English (may be empty).")),
            Field("decided", _("True once the minutes are checked and published."), "boolean"),
            Field("decision", _("The decision in Finnish (empty until decided).")),
            Field("decision_en", _("The decision in English (may be empty).")),
            Field("is_demo", _("True for fictional demo content."), "boolean"),
            Field("url", _("The item on the meeting's page."), "url"),
        ],
    ),
    Dataset(
        slug="lasnaolot",
        title=_("Attendance at meetings"),
        description=_(
            "Who was at each meeting whose minutes are published: the members and deputies of "
            "the term, and others present by name and role, as in the minutes."
        ),
        order=44,
        rows=attendance_rows,
        fields=[
            Field("meeting_id", _("The meeting's number (id in the meetings dataset)."), "integer"),
            Field("committee", _("The committee's identifier (slug).")),
            Field("meeting_starts_at", _("The meeting's start, ISO 8601."), "datetime"),
            Field("first_name", _("First name (empty for others present).")),
            Field("last_name", _("Last name, or the whole name of others present.")),
            Field("kind", _("member, deputy or other (staff, guests).")),
            Field(
                "role",
                _("chair, vice_chair, secretary or member; for others present, their role."),
            ),
            Field("status", _("present, remote, absent or substituting.")),
            Field(
                "substitutes_for",
                _("For a deputy substituting: the name of the member they stand in for."),
            ),
        ],
    ),
    Dataset(
        slug="tilat",
        title=_("Community spaces"),
        description=_("The community spaces of the area centres."),
        order=50,
        rows=space_rows,
        modified=spaces_modified,
        fields=[
            Field("id", _("Stable number of the space."), "integer"),
            Field("committee", _("The committee's identifier (slug).")),
            Field("name", _("Name.")),
            Field("address", _("Street address.")),
            Field("opening_hours", _("Opening hours as text.")),
            Field("accessibility", _("Accessibility information as text.")),
            Field(
                "digital_services",
                _("Digital services offered."),
                "list",
            ),
            Field("is_demo", _("True for fictional demo content."), "boolean"),
            Field("url", _("The space's page."), "url"),
        ],
    ),
]
