"""
schema.org JSON-LD for the pages (``<script type="application/ld+json">``): the committees
as GovernmentOrganizations with their members as Roles, meetings as Events, spaces as Places
with their opening hours, ideas as CreativeWorks and the site as a WebSite one can search.

The script is data, not code: the Content-Security-Policy's ``script-src`` does not apply to
it. It is escaped as ``json_script`` does, so no text in it can close the element. The tags
read what the pages already have (duck-typed, no domain model imported), so they add no query.
Only what the page itself shows goes in: of people, the names and roles.
"""

import json

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from kouvola_alue import publisher

register = template.Library()

CONTEXT = "https://schema.org"
# As django.utils.html.json_script: nothing in the data may end the script element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _script(data):
    text = json.dumps({"@context": CONTEXT, **data}, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def _absolute(context, path):
    return context["request"].build_absolute_uri(path)


def _stamp(value):
    return timezone.localtime(value).isoformat(timespec="minutes")


def _city():
    return {
        "@type": "GovernmentOrganization",
        "@id": publisher.PUBLISHER_URL,
        "name": str(publisher.PUBLISHER_NAME),
        "url": publisher.PUBLISHER_URL,
    }


def organization_id(context, committee):
    return _absolute(context, committee.get_absolute_url()) + "#organization"


def _person(context, committee, membership):
    # The page's own anchor for the person: no address outside what the page shows.
    return {
        "@type": "Person",
        "@id": _absolute(context, committee.get_absolute_url()) + f"#person-{membership.person_id}",
        "name": str(membership.person),
    }


def _role(context, committee, term, membership, role_name):
    return {
        "@type": "Role",
        "roleName": str(role_name),
        "startDate": (membership.starts_on or term.starts_on).isoformat(),
        "endDate": (membership.ends_on or term.ends_on).isoformat(),
        "member": _person(context, committee, membership),
    }


@register.simple_tag(takes_context=True)
def committee_json_ld(context, committee, roster=None):
    members = []
    if roster is not None and not getattr(roster, "is_empty", False):
        term = roster.term
        for row in roster.members:
            members.append(
                _role(context, committee, term, row.member, row.member.get_role_display())
            )
            for deputy in row.personal_deputies:
                members.append(_role(context, committee, term, deputy, deputy.get_kind_display()))
        for deputy in roster.deputies_without_member:
            members.append(_role(context, committee, term, deputy, deputy.get_kind_display()))
    data = {
        "@type": "GovernmentOrganization",
        "@id": organization_id(context, committee),
        "name": str(committee.display_name),
        "url": _absolute(context, committee.get_absolute_url()),
        "areaServed": {"@type": "Place", "name": str(committee.display_area_name)},
        "foundingDate": committee.started_on.isoformat(),
        "parentOrganization": _city(),
    }
    if members:
        data["member"] = members
    return _script(data)


def _place(context, meeting):
    places = []
    if meeting.space_id:
        space = meeting.space
        places.append(
            {
                "@type": "Place",
                "@id": _absolute(context, space.get_absolute_url()) + "#place",
                "name": str(space.display_name),
                "address": space.address,
                "url": _absolute(context, space.get_absolute_url()),
            }
        )
    elif meeting.address:
        places.append({"@type": "Place", "name": meeting.address, "address": meeting.address})
    if meeting.online_url:
        places.append({"@type": "VirtualLocation", "url": meeting.online_url})
    return places


@register.simple_tag(takes_context=True)
def meeting_json_ld(context, meeting):
    places = _place(context, meeting)
    if meeting.online_url:
        mode = "MixedEventAttendanceMode" if len(places) > 1 else "OnlineEventAttendanceMode"
    else:
        mode = "OfflineEventAttendanceMode"
    committee = meeting.committee
    data = {
        "@type": "Event",
        "@id": _absolute(context, meeting.get_absolute_url()) + "#event",
        "name": str(meeting.display_title),
        "url": _absolute(context, meeting.get_absolute_url()),
        "startDate": _stamp(meeting.starts_at),
        "endDate": _stamp(meeting.ends_at),
        "eventStatus": CONTEXT + ("/EventCancelled" if meeting.is_cancelled else "/EventScheduled"),
        "eventAttendanceMode": f"{CONTEXT}/{mode}",
        "isAccessibleForFree": True,
        "location": places[0] if len(places) == 1 else places,
        "organizer": {
            "@type": "GovernmentOrganization",
            "@id": organization_id(context, committee),
            "name": str(committee.display_name),
            "url": _absolute(context, committee.get_absolute_url()),
        },
    }
    return _script(data)


@register.simple_tag(takes_context=True)
def space_json_ld(context, space, schedule=None):
    hours = []
    weekly = getattr(schedule, "weekly", {}) or {}
    for weekday in sorted(weekly):
        for opens, closes in sorted(weekly[weekday]):
            hours.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": f"{CONTEXT}/{WEEKDAYS[weekday]}",
                    "opens": opens.strftime("%H:%M"),
                    "closes": closes.strftime("%H:%M"),
                }
            )
    committee = space.committee
    data = {
        "@type": "Place",
        "@id": _absolute(context, space.get_absolute_url()) + "#place",
        "name": str(space.display_name),
        "address": space.address,
        "url": _absolute(context, space.get_absolute_url()),
        "containedInPlace": {"@type": "Place", "name": str(committee.display_area_name)},
        "publicAccess": True,
    }
    if hours:
        data["openingHoursSpecification"] = hours
    return _script(data)


@register.simple_tag(takes_context=True)
def idea_json_ld(context, idea):
    data = {
        "@type": "CreativeWork",
        "@id": _absolute(context, idea.get_absolute_url()) + "#idea",
        "name": str(idea.display_title),
        "abstract": str(idea.display_summary),
        "url": _absolute(context, idea.get_absolute_url()),
        "dateModified": _stamp(idea.updated_at),
        "about": [
            {
                "@type": "GovernmentOrganization",
                "@id": organization_id(context, committee),
                "name": str(committee.display_name),
            }
            for committee in idea.committees.all()
        ],
        "publisher": _city(),
        "license": publisher.LICENCE_URI,
    }
    if idea.published_at:
        data["datePublished"] = _stamp(idea.published_at)
    return _script(data)


@register.simple_tag(takes_context=True)
def website_json_ld(context):
    search = _absolute(context, reverse("search"))
    return _script(
        {
            "@type": "WebSite",
            "@id": _absolute(context, reverse("home")) + "#website",
            "name": str(publisher.CONTACT_NAME),
            "url": _absolute(context, reverse("home")),
            "publisher": _city(),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": f"{search}?q={{search_term_string}}",
                },
                "query-input": "required name=search_term_string",
            },
        }
    )
