"""
One function per OParl type turning a row into the JSON object, and the querysets they read.

Identifiers are the API's own URLs (OParl §2.4: the id is the URL the object is fetched at).
The portal's single body is Kouvolan kaupunki; its organisations are the five committees and
the vitality subcommittee (elinvoimajaosto) that appoints their members.
"""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import (
    AgendaItem,
    AgendaItemAttachment,
    Attendance,
    Committee,
    CommunitySpace,
    Meeting,
    Membership,
    Person,
    Term,
)
from kouvola_alue import publisher
from projects.models import ProjectIdea

SCHEMA = "https://schema.oparl.org/1.1/"
BODY_KEY = "kouvola"
APPOINTING_BODY = "elinvoimajaosto"
# The city's municipality key (Amtlicher Gemeindeschlüssel is German; this is Statistics
# Finland's municipality number, given as the body's shortName's companion in the docs).
MUNICIPALITY_NUMBER = "286"


class Urls:
    """Absolute URLs of the API's objects and of the pages they come from."""

    def __init__(self, request):
        self.absolute = request.build_absolute_uri

    def api(self, name, **kwargs):
        return self.absolute(reverse(f"oparl:{name}", kwargs=kwargs))

    def obj(self, kind, key):
        return self.api("object", kind=kind, key=key)

    def web(self, path):
        return self.absolute(path)

    def body(self):
        return self.api("body", key=BODY_KEY)

    def list(self, kind):
        return self.api("list", key=BODY_KEY, kind=kind)


def stamp(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def common(urls, kind, key, type_name, created, modified, web=None):
    data = {
        "id": urls.obj(kind, key),
        "type": SCHEMA + type_name,
        "created": stamp(created),
        "modified": stamp(modified),
    }
    if web:
        data["web"] = urls.web(web)
    return data


def deleted(urls, kind, key, type_name, created, modified):
    """OParl §2.8: an object that is no longer public keeps its id, marked deleted."""
    return {**common(urls, kind, key, type_name, created, modified), "deleted": True}


# --- The system, the body and its terms -------------------------------------------------------


def system(urls, modified):
    return {
        "id": urls.api("system"),
        "type": SCHEMA + "System",
        "oparlVersion": "https://schema.oparl.org/1.1/",
        "license": publisher.LICENCE_URI,
        "body": urls.api("bodies"),
        "name": str(_("Kouvola's area committees")),
        "contactEmail": publisher.CONTACT_EMAIL,
        "contactName": str(publisher.CONTACT_NAME),
        "website": urls.web(reverse("home")),
        "web": urls.web(reverse("oparl_docs")),
        "created": stamp(modified),
        "modified": stamp(modified),
    }


def body(urls, terms, modified):
    created = min((t.created_at for t in terms), default=modified)
    return {
        "id": urls.body(),
        "type": SCHEMA + "Body",
        "system": urls.api("system"),
        "shortName": "Kouvola",
        "name": "Kouvolan kaupunki",
        "website": publisher.PUBLISHER_URL,
        "license": publisher.LICENCE_URI,
        "contactEmail": publisher.CONTACT_EMAIL,
        "contactName": str(publisher.CONTACT_NAME),
        "classification": str(_("city")),
        "organization": urls.list("organization"),
        "person": urls.list("person"),
        "meeting": urls.list("meeting"),
        "paper": urls.list("paper"),
        "legislativeTerm": [legislative_term(urls, term) for term in terms],
        "legislativeTermList": urls.list("legislativeterm"),
        "agendaItem": urls.list("agendaitem"),
        "consultation": urls.list("consultation"),
        "file": urls.list("file"),
        "locationList": urls.list("location"),
        "membership": urls.list("membership"),
        "mainOrganization": urls.obj("organization", APPOINTING_BODY),
        "web": urls.web(reverse("home")),
        "created": stamp(created),
        "modified": stamp(modified),
    }


def legislative_term(urls, term):
    return {
        **common(
            urls, "legislativeterm", term.slug, "LegislativeTerm", term.created_at, term.updated_at
        ),
        "body": urls.body(),
        "name": term.name,
        "startDate": term.starts_on.isoformat(),
        "endDate": term.ends_on.isoformat(),
    }


def terms():
    return Term.objects.order_by("starts_on")


# --- Organisations ---------------------------------------------------------------------------


def committees():
    return Committee.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.only("pk", "committee_id"))
    ).order_by("pk")


def organization(urls, committee):
    return {
        **common(
            urls,
            "organization",
            committee.slug,
            "Organization",
            committee.created_at,
            committee.updated_at,
            committee.get_absolute_url(),
        ),
        "body": urls.body(),
        "name": committee.name,
        "shortName": committee.area_name,
        "membership": [urls.obj("membership", m.pk) for m in committee.memberships.all()],
        "meeting": urls.api("organization_meetings", slug=committee.slug),
        "subOrganizationOf": urls.obj("organization", APPOINTING_BODY),
        "organizationType": "Gremium",
        "classification": str(_("area committee")),
        "startDate": committee.started_on.isoformat(),
        "website": urls.web(committee.get_absolute_url()),
    }


def appointing_body(urls, created, modified):
    """The vitality subcommittee: appoints the committees' members; its own roster is not ours."""
    return {
        **common(urls, "organization", APPOINTING_BODY, "Organization", created, modified),
        "body": urls.body(),
        "name": "Elinvoimajaosto",
        "organizationType": "Gremium",
        "classification": str(_("subcommittee of the city board")),
        "membership": [],
        "website": publisher.PUBLISHER_URL,
    }


# --- People and memberships ------------------------------------------------------------------


def people():
    """Everyone who holds or held a seat: their names and seats are on the committee pages."""
    return (
        Person.objects.filter(memberships__isnull=False)
        .distinct()
        .only("pk", "first_name", "last_name", "created_at", "updated_at")
        .prefetch_related(Prefetch("memberships", queryset=memberships()))
        .order_by("pk")
    )


def person(urls, person):
    # Never the e-mail address: it is staff-only personal data (Person.PERSONAL_FIELDS).
    return {
        **common(urls, "person", person.pk, "Person", person.created_at, person.updated_at),
        "body": urls.body(),
        "name": f"{person.first_name} {person.last_name}",
        "familyName": person.last_name,
        "givenName": person.first_name,
        "membership": [membership(urls, m) for m in person.memberships.all()],
    }


def memberships():
    return Membership.objects.select_related(
        "committee", "term", "personal_deputy_of__person"
    ).order_by("pk")


def membership(urls, seat):
    """
    A seat in one committee for one term. OParl has no deputy: the role names it (``deputy
    member``), a deputy has no vote of their own (``votingRight`` false, they vote only in
    their member's place), and a personal deputy's ``onBehalfOf`` is the member's Person.
    """
    is_deputy = seat.kind == Membership.Kind.DEPUTY
    data = {
        **common(
            urls,
            "membership",
            seat.pk,
            "Membership",
            seat.created_at,
            seat.updated_at,
            seat.committee.get_absolute_url(),
        ),
        "person": urls.obj("person", seat.person_id),
        "organization": urls.obj("organization", seat.committee.slug),
        "role": str(seat.get_kind_display() if is_deputy else seat.get_role_display()),
        "votingRight": not is_deputy,
        "startDate": (seat.starts_on or seat.term.starts_on).isoformat(),
        "endDate": (seat.ends_on or seat.term.ends_on).isoformat(),
        "keyword": [seat.kind, seat.role, f"term:{seat.term.slug}"],
    }
    if seat.personal_deputy_of_id:
        data["onBehalfOf"] = urls.obj("person", seat.personal_deputy_of.person_id)
        data["keyword"].append("personal-deputy")
    return data


# --- Meetings, agenda items, files -------------------------------------------------------------


def meetings():
    return (
        Meeting.objects.published()
        .select_related("committee", "space")
        .prefetch_related(
            Prefetch("items", queryset=agenda_items_of_meeting()),
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(status__in=Attendance.SEATED)
                .only("pk", "meeting_id", "membership__person_id", "status")
                .select_related("membership"),
            ),
        )
        .order_by("pk")
    )


def agenda_items_of_meeting():
    return AgendaItem.objects.prefetch_related(
        "attachments", Prefetch("project_ideas", queryset=ProjectIdea.objects.published())
    ).order_by("number")


def meeting(urls, meeting):
    public_record = meeting.minutes_published
    data = {
        **common(
            urls,
            "meeting",
            meeting.pk,
            "Meeting",
            meeting.created_at,
            meeting.updated_at,
            meeting.get_absolute_url(),
        ),
        "name": str(meeting.display_title),
        "meetingState": _state(meeting),
        "cancelled": meeting.is_cancelled,
        "start": stamp(meeting.starts_at),
        "end": stamp(meeting.ends_at),
        "organization": [urls.obj("organization", meeting.committee.slug)],
        "agendaItem": [agenda_item(urls, item, meeting) for item in meeting.items.all()],
    }
    location_data = meeting_location(urls, meeting)
    if location_data:
        data["location"] = location_data
    if meeting.items.all() or meeting.agenda.strip():
        data["invitation"] = agenda_file(urls, meeting)
    if has_minutes_file(meeting):
        data["resultsProtocol"] = minutes_file(urls, meeting)
    if public_record:
        data["participant"] = sorted(
            {urls.obj("person", a.membership.person_id) for a in meeting.attendances.all()}
        )
    attachments = [
        attachment_file(urls, a, item, meeting)
        for item in meeting.items.all()
        for a in item.attachments.all()
    ]
    if attachments:
        data["auxiliaryFile"] = attachments
    return data


def _state(meeting):
    if meeting.is_cancelled:
        return "cancelled"
    if meeting.minutes_published:
        return "minutes published"
    return "held" if meeting.has_ended else "scheduled"


def agenda_items():
    return (
        AgendaItem.objects.filter(meeting__is_published=True)
        .select_related("meeting__committee")
        .prefetch_related(
            "attachments", Prefetch("project_ideas", queryset=ProjectIdea.objects.published())
        )
        .order_by("pk")
    )


def agenda_item(urls, item, meeting=None):
    meeting = meeting or item.meeting
    data = {
        **common(
            urls,
            "agendaitem",
            item.pk,
            "AgendaItem",
            item.created_at,
            item.updated_at,
            # The item's anchor on its meeting's page (the meeting is at hand, unread).
            f"{meeting.get_absolute_url()}#{item.anchor}",
        ),
        "meeting": urls.obj("meeting", meeting.pk),
        "number": f"§ {item.number}",
        "order": item.number,
        "name": item.title,
        "public": True,
    }
    ideas = list(item.project_ideas.all())
    if ideas:
        # OParl gives an item one consultation: the first idea it handled (the Papers list
        # every item that handled them).
        data["consultation"] = urls.obj("consultation", _consultation_key(item.pk, ideas[0].pk))
    if meeting.minutes_published and item.decision.strip():
        data["result"] = str(_("decided"))
        data["resolutionText"] = item.decision
    attachments = [attachment_file(urls, a, item, meeting) for a in item.attachments.all()]
    if attachments:
        data["auxiliaryFile"] = attachments
    return data


def _file(urls, key, name, file_name, mime, access, created, modified, meeting, item=None):
    data = {
        **common(urls, "file", key, "File", created, modified),
        "name": name,
        "fileName": file_name,
        "mimeType": mime,
        "accessUrl": urls.web(access),
        "fileLicense": publisher.LICENCE_URI,
        "meeting": [urls.obj("meeting", meeting.pk)],
    }
    if mime == "application/pdf":
        data["downloadUrl"] = data["accessUrl"]
    if item is not None:
        data["agendaItem"] = [urls.obj("agendaitem", item.pk)]
    return data


def agenda_file(urls, meeting):
    """The invitation: the agenda page (esityslista), which the invitations link to."""
    return _file(
        urls,
        f"agenda-{meeting.pk}",
        str(_("Agenda")),
        "esityslista.html",
        "text/html",
        reverse("meetings:agenda", kwargs={"pk": meeting.pk}),
        meeting.created_at,
        meeting.updated_at,
        meeting,
    )


def has_minutes_file(meeting):
    return bool(meeting.minutes_pdf) or meeting.minutes_published


def minutes_file(urls, meeting):
    """The minutes: the PDF where one is uploaded, else the checked minutes' own page."""
    if meeting.minutes_pdf:
        access, name, mime = (
            reverse("meetings:minutes_pdf", kwargs={"pk": meeting.pk}),
            "poytakirja.pdf",
            "application/pdf",
        )
    else:
        access, name, mime = (
            reverse("meetings:minutes", kwargs={"pk": meeting.pk}),
            "poytakirja.html",
            "text/html",
        )
    return _file(
        urls,
        f"minutes-{meeting.pk}",
        str(_("Minutes")),
        name,
        mime,
        access,
        meeting.created_at,
        meeting.updated_at,
        meeting,
    )


def attachment_file(urls, attachment, item, meeting):
    return _file(
        urls,
        f"attachment-{attachment.pk}",
        attachment.title,
        f"liite-{attachment.pk}.pdf",
        "application/pdf",
        attachment.get_absolute_url(),
        attachment.created_at,
        attachment.updated_at,
        meeting,
        item,
    )


def attachments():
    return (
        AgendaItemAttachment.objects.filter(item__meeting__is_published=True)
        .select_related("item__meeting")
        .order_by("pk")
    )


# --- Locations -----------------------------------------------------------------------------


def spaces():
    return CommunitySpace.objects.select_related("committee").order_by("pk")


def space_location(urls, space):
    return {
        **common(
            urls,
            "location",
            f"space-{space.pk}",
            "Location",
            space.created_at,
            space.updated_at,
            space.get_absolute_url(),
        ),
        "description": f"{space.name}, {space.address}",
        "streetAddress": space.address,
        "subLocality": space.committee.area_name,
        "locality": "Kouvola",
        "organizations": [urls.obj("organization", space.committee.slug)],
    }


def meeting_location(urls, meeting):
    """A meeting's place: its community space, or the address it is held at, or online."""
    if meeting.space_id:
        return space_location(urls, meeting.space)
    description = meeting.address or meeting.online_url
    return {
        **common(
            urls,
            "location",
            f"meeting-{meeting.pk}",
            "Location",
            meeting.created_at,
            meeting.updated_at,
            meeting.get_absolute_url(),
        ),
        "description": description,
        "locality": "Kouvola",
        "meetings": [urls.obj("meeting", meeting.pk)],
    }


def meeting_places():
    """Meetings held elsewhere than in a community space: each its own Location."""
    return Meeting.objects.published().filter(space__isnull=True).order_by("pk")


# --- Papers and consultations ----------------------------------------------------------------


def papers():
    """Published ideas, and those once published and since taken off the site (deleted)."""
    return (
        ProjectIdea.objects.filter(published_at__isnull=False)
        .prefetch_related(
            "committees",
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.filter(meeting__is_published=True).select_related(
                    "meeting__committee"
                ),
            ),
        )
        .order_by("pk")
    )


def paper(urls, idea):
    if idea.moderation != ProjectIdea.Moderation.PUBLISHED:
        return deleted(urls, "paper", idea.slug, "Paper", idea.created_at, idea.updated_at)
    return {
        **common(
            urls,
            "paper",
            idea.slug,
            "Paper",
            idea.created_at,
            idea.updated_at,
            idea.get_absolute_url(),
        ),
        "body": urls.body(),
        "name": idea.title,
        "reference": idea.slug,
        "date": timezone.localtime(idea.published_at).date().isoformat(),
        "paperType": str(_("project idea")),
        "originatorOrganization": [urls.obj("organization", c.slug) for c in idea.committees.all()],
        "consultation": [consultation(urls, item, idea) for item in idea.agenda_items.all()],
        "keyword": [idea.status],
    }


def _consultation_key(item_pk, idea_pk):
    return f"{item_pk}-{idea_pk}"


def consultation(urls, item, idea):
    meeting = item.meeting
    return {
        **common(
            urls,
            "consultation",
            _consultation_key(item.pk, idea.pk),
            "Consultation",
            item.created_at,
            max(item.updated_at, idea.updated_at),
        ),
        "paper": urls.obj("paper", idea.slug),
        "agendaItem": urls.obj("agendaitem", item.pk),
        "meeting": urls.obj("meeting", meeting.pk),
        "organization": [urls.obj("organization", meeting.committee.slug)],
        "authoritative": meeting.minutes_published and bool(item.decision.strip()),
        "role": str(_("handled")),
    }


def consultations():
    through = ProjectIdea.agenda_items.through
    return (
        through.objects.filter(
            projectidea__moderation=ProjectIdea.Moderation.PUBLISHED,
            agendaitem__meeting__is_published=True,
        )
        .select_related("projectidea", "agendaitem__meeting__committee")
        .order_by("pk")
    )
