"""
The API's views: the System, the Body, one object by its id, and the Body's lists.

Lists are paginated as OParl §2.6 says: ``data``, ``pagination`` and ``links`` (``next`` while
there is more), filtered by ``created_since``/``created_until``/``modified_since``/
``modified_until`` (ISO 8601 date-times) and sized by ``limit`` (at most ``MAX_LIMIT``). Each page
reads a bounded number of queries whatever its size: its rows and their prefetches.
"""

import json
import re
from functools import wraps

from django.conf import settings
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from committees.models import Committee, Term
from kouvola_alue.pagecache import number_value, public_page
from portal.oparl import objects as o

PAGE_SIZE = 50
MAX_LIMIT = 100
# Every public change of what the API shows renews one of these scopes.
SCOPES = ("committees", "meetings", "ideas", "spaces")
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?")


def datetime_value(value):
    value = value.strip()
    return value if _DATETIME.fullmatch(value) else None


PARAMS = {"page": number_value, "limit": number_value} | dict.fromkeys(FILTERS, datetime_value)


class BadRequest(Exception):
    pass


def _json(data, status=200):
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def _error(status, message):
    return _json({"type": "error", "status": status, "message": message}, status=status)


def api_view(view):
    """GET and HEAD only, CORS open (OParl §2.10), JSON errors; the page cache inside."""
    cached = public_page(*SCOPES, params=PARAMS)(view)

    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # One language whatever the client's Accept-Language: the portal's Finnish originals.
        with translation.override(settings.LANGUAGE_CODE):
            try:
                response = cached(request, *args, **kwargs)
            except BadRequest as error:
                response = _error(400, str(error))
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def _modified():
    latest = Committee.objects.aggregate(latest=Max("updated_at"))["latest"]
    return latest or timezone.now()


@api_view
def system(request):
    return _json(o.system(o.Urls(request), _modified()))


@api_view
def bodies(request):
    urls = o.Urls(request)
    body = o.body(urls, list(o.terms()), _modified())
    return _json(_page_document(request, [body], total=1, page=1, limit=PAGE_SIZE))


@api_view
def body(request, key):
    if key != o.BODY_KEY:
        return _error(404, _("No such object."))
    return _json(o.body(o.Urls(request), list(o.terms()), _modified()))


# --- Lists -----------------------------------------------------------------------------------


# Each list: its sources, in order; a source is a queryset, its created and modified fields
# and the function making the object.
def _sources(kind, urls):
    def term_in_list(term):
        return o.legislative_term(urls, term)

    return {
        "organization": [
            (o.committees(), "created_at", "updated_at", lambda c: o.organization(urls, c)),
            (_appointing_body_rows(), "created_at", "updated_at", lambda c: _appointing(urls)),
        ],
        "person": [(o.people(), "created_at", "updated_at", lambda p: o.person(urls, p))],
        "membership": [
            (o.memberships(), "created_at", "updated_at", lambda m: o.membership(urls, m))
        ],
        "meeting": [(o.meetings(), "created_at", "updated_at", lambda m: o.meeting(urls, m))],
        "agendaitem": [
            (o.agenda_items(), "created_at", "updated_at", lambda i: o.agenda_item(urls, i))
        ],
        "paper": [(o.papers(), "created_at", "updated_at", lambda p: o.paper(urls, p))],
        "consultation": [
            (
                o.consultations(),
                "agendaitem__created_at",
                "agendaitem__updated_at",
                lambda row: o.consultation(urls, row.agendaitem, row.projectidea),
            )
        ],
        "file": [
            (
                o.meetings().exclude(minutes_pdf="", minutes_published_at__isnull=True),
                "created_at",
                "updated_at",
                lambda m: o.minutes_file(urls, m),
            ),
            (
                o.attachments(),
                "created_at",
                "updated_at",
                lambda a: o.attachment_file(urls, a, a.item, a.item.meeting),
            ),
        ],
        "location": [
            (o.spaces(), "created_at", "updated_at", lambda s: o.space_location(urls, s)),
            (o.meeting_places(), "created_at", "updated_at", lambda m: o.meeting_location(urls, m)),
        ],
        "legislativeterm": [(o.terms(), "created_at", "updated_at", term_in_list)],
    }.get(kind)


def _appointing_body_rows():
    """The appointing body as a list's last row: dated as the first committee was created."""
    first = Committee.objects.order_by("created_at", "pk").values("pk")[:1]
    return Committee.objects.filter(pk__in=first)


def _appointing(urls):
    first = Committee.objects.order_by("created_at", "pk").first()
    created = first.created_at if first else timezone.now()
    return o.appointing_body(urls, created, _modified())


def _filtered(request, queryset, created, modified):
    for name, field, lookup in (
        ("created_since", created, "gte"),
        ("created_until", created, "lte"),
        ("modified_since", modified, "gte"),
        ("modified_until", modified, "lte"),
    ):
        value = request.GET.get(name)
        if value is None:
            continue
        moment = parse_datetime(value.strip()) if datetime_value(value) else None
        if moment is None:
            raise BadRequest(
                _("%(name)s must be an ISO 8601 date and time, e.g. 2026-01-31T12:00:00+02:00.")
                % {"name": name}
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        queryset = queryset.filter(**{f"{field}__{lookup}": moment})
    return queryset


def _positive(request, name, default):
    value = request.GET.get(name)
    if value is None:
        return default
    number = number_value(value)
    if number is None or int(number) < 1:
        raise BadRequest(_("%(name)s must be a positive whole number.") % {"name": name})
    return int(number)


@api_view
def object_list(request, key, kind):
    urls = o.Urls(request)
    sources = _sources(kind, urls)
    if key != o.BODY_KEY or sources is None:
        return _error(404, _("No such list."))
    return _list_response(request, sources)


@api_view
def organization_meetings(request, slug):
    urls = o.Urls(request)
    if not Committee.objects.filter(slug=slug).exists():
        return _error(404, _("No such object."))
    meetings = o.meetings().filter(committee__slug=slug)
    return _list_response(
        request, [(meetings, "created_at", "updated_at", lambda m: o.meeting(urls, m))]
    )


def _list_response(request, sources):
    page = _positive(request, "page", 1)
    limit = min(_positive(request, "limit", PAGE_SIZE), MAX_LIMIT)
    sources = [
        (_filtered(request, qs, created, modified), make) for qs, created, modified, make in sources
    ]
    counts = [qs.count() for qs, _make in sources]
    start, end = (page - 1) * limit, page * limit
    data, offset = [], 0
    for (qs, make), count in zip(sources, counts, strict=True):
        lo, hi = max(start - offset, 0), min(end - offset, count)
        if lo < hi:
            data.extend(make(row) for row in qs[lo:hi])
        offset += count
    return _json(_page_document(request, data, total=sum(counts), page=page, limit=limit))


def _page_document(request, data, *, total, page, limit):
    pages = max((total + limit - 1) // limit, 1)

    def link(number):
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    links = {"first": link(1), "last": link(pages)}
    if page > 1:
        links["prev"] = link(min(page - 1, pages))
    if page < pages:
        links["next"] = link(page + 1)
    return {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": limit,
            "currentPage": page,
            "totalPages": pages,
        },
        "links": links,
    }


# --- One object ------------------------------------------------------------------------------


def _one(queryset, **lookup):
    return queryset.filter(**lookup).first()


def _find(kind, key, urls):
    """The object of ``kind`` with ``key`` as the API shows it, or None."""
    if kind == "organization":
        if key == o.APPOINTING_BODY:
            return _appointing(urls)
        found = _one(o.committees(), slug=key)
        return found and o.organization(urls, found)
    if kind == "legislativeterm":
        found = _one(Term.objects.all(), slug=key)
        return found and o.legislative_term(urls, found)
    if kind == "paper":
        found = _one(o.papers(), slug=key)
        return found and o.paper(urls, found)
    if kind == "location":
        what, _sep, pk = key.partition("-")
        if not pk.isdigit():
            return None
        if what == "space":
            found = _one(o.spaces(), pk=pk)
            return found and o.space_location(urls, found)
        if what == "meeting":
            found = _one(o.meeting_places(), pk=pk)
            return found and o.meeting_location(urls, found)
        return None
    if kind == "file":
        what, _sep, pk = key.partition("-")
        if not pk.isdigit():
            return None
        if what == "attachment":
            found = _one(o.attachments(), pk=pk)
            return found and o.attachment_file(urls, found, found.item, found.item.meeting)
        found = _one(o.meetings(), pk=pk)
        if what == "agenda" and found:
            return o.agenda_file(urls, found)
        if what == "minutes" and found and o.has_minutes_file(found):
            return o.minutes_file(urls, found)
        return None
    if kind == "consultation":
        item_pk, _sep, idea_pk = key.partition("-")
        if not (item_pk.isdigit() and idea_pk.isdigit()):
            return None
        row = _one(o.consultations(), agendaitem_id=item_pk, projectidea_id=idea_pk)
        return row and o.consultation(urls, row.agendaitem, row.projectidea)
    by_pk = {
        "person": (o.people, o.person),
        "membership": (o.memberships, o.membership),
        "meeting": (o.meetings, o.meeting),
        "agendaitem": (o.agenda_items, o.agenda_item),
    }
    if kind in by_pk and key.isdigit():
        queryset, make = by_pk[kind]
        found = _one(queryset(), pk=key)
        return found and make(urls, found)
    return None


@api_view
def one_object(request, kind, key):
    data = _find(kind, key, o.Urls(request))
    if not data:
        return _error(404, _("No such object."))
    return _json(data)


@require_safe
@public_page()
def docs(request):
    """The API's own page: how to walk it, and how the portal's facts map onto OParl."""
    return render(request, "portal/oparl.html")
