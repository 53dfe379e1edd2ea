"""
The portal app's template library (``{% load portal %}``).

- The page's head, which base.html fills besides the stylesheets: the page's own title and
  description (captured from the page's blocks once, used for <title>, the meta description
  and Open Graph), its canonical address, its alternates in the other languages, and the
  language switch's links.
- schema.org JSON-LD for the pages (``<script type="application/ld+json">``): the committees
  as GovernmentOrganizations with their members as Roles, meetings as Events, spaces as Places
  with their opening hours, ideas as CreativeWorks and the site as a WebSite one can search.
  The script is data, not code: the Content-Security-Policy's ``script-src`` does not apply
  to it. It is escaped as ``json_script`` does, so no text in it can close the element. The
  tags read what the pages already have (duck-typed, no domain model imported), so they add
  no query. Only what the page itself shows goes in: of people, the names and roles.
- The admin index's "needs doing" counts.
"""

import html
import json
import re

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from kouvola_alue import publisher
from kouvola_alue.i18n import url_in_language
from portal.admin_index import admin_todo as todo_for

register = template.Library()

# --- The page's head -----------------------------------------------------------------------------

# Open Graph names a locale with a country; the portal speaks Finland's Finnish and British
# English (as its English texts are written).
OG_LOCALES = {"fi": "fi_FI", "en": "en_GB"}
# The portal's mark (static/img/favicon.svg) as the 1200×630 PNG that link previews want.
DEFAULT_OG_IMAGE = "img/og-image.png"
# A list's page number is part of what a page shows; every other parameter (filters, search
# words, tracking tags) only narrows or labels the same content, so it is left out of the
# canonical address.
PAGE_PARAMETERS = ("page", "sivu")
DESCRIPTION_LENGTH = 160


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        # Stored as rendered (escaped) markup; ``plain`` and ``describe`` make text of it.
        context[self.name] = mark_safe(self.nodelist.render(context))
        return ""


@register.tag
def capture(parser, token):
    """
    ``{% capture as name %}…{% endcapture %}``: render the content once into ``name``
    instead of the page, so that a block (the page's title) can be used in several places.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


def _text(markup):
    without_tags = re.sub(r"<[^>]*>", " ", str(markup))
    return " ".join(html.unescape(without_tags).split())


@register.filter
def plain(markup):
    """Rendered markup as one line of plain text (autoescaped again when output)."""
    return _text(markup)


@register.filter
def describe(markup):
    """Plain text cut at a word, with an ellipsis, to what search engines show (160)."""
    text = _text(markup)
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    # One character is left for the ellipsis.
    cut = text[: DESCRIPTION_LENGTH - 1]
    if text[DESCRIPTION_LENGTH - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:–-") + "…"


@register.filter
def within(path, section):
    """Whether ``path`` is ``section``'s address or under it (the navigation's current item)."""
    return str(path).startswith(str(section))


def _canonical_path(request):
    path = request.path
    number = request.GET.get(PAGE_PARAMETERS[0]) or request.GET.get(PAGE_PARAMETERS[1])
    only_a_page_number = len(request.GET) == 1 and number and number.isdigit()
    if only_a_page_number and int(number) > 1:
        (name,) = request.GET.keys()
        return f"{path}?{name}={int(number)}"
    return path


@register.simple_tag(takes_context=True)
def page_addresses(context):
    """
    The addresses of the page being shown: ``canonical``, ``alternates`` (hreflang, URL) for
    every language and x-default (Finnish), all absolute; ``switch`` (code, name, URL) to the
    same page, query string kept, in each other language; ``locale`` and ``other_locales``
    for Open Graph. Without a request (a page rendered outside one) it is empty.
    """
    request = context.get("request")
    if request is None:
        return {}
    current = translation.get_language()
    canonical = _canonical_path(request)
    alternates = []
    for code, _name in settings.LANGUAGES:
        url = url_in_language(canonical, code)
        if url is not None:
            alternates.append((code, request.build_absolute_uri(url)))
    if alternates:
        default = dict(alternates).get(settings.LANGUAGE_CODE)
        alternates.append(("x-default", default))
    switch = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        url = url_in_language(request.get_full_path(), code)
        if url is None:
            with translation.override(code):
                url = reverse("home")
        switch.append((code, translation.get_language_info(code)["name_local"], url))
    return {
        "canonical": request.build_absolute_uri(canonical),
        "alternates": alternates,
        "switch": switch,
        "locale": OG_LOCALES.get(current, current),
        "other_locales": [OG_LOCALES.get(c, c) for c, _n in settings.LANGUAGES if c != current],
        # Open Graph's image, absolute: the portal's mark unless a page names its own.
        "image": request.build_absolute_uri(static(DEFAULT_OG_IMAGE)),
    }


# --- schema.org JSON-LD --------------------------------------------------------------------------

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


# --- The admin's index ---------------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def admin_todo(context):
    """The admin index's "needs doing" counts for the signed-in user."""
    return todo_for(context["request"].user)
