"""
Open data (/avoin-data/): each dataset is downloadable as JSON and as CSV under the licence
CC BY 4.0, with stable, documented field names.

A dataset is registered once with ``register_dataset``; the page, the JSON and the CSV are
all made from that one description. Another app adds its own (published project ideas,
recruitment campaigns with their numbers per area) from its ``AppConfig.ready()``::

    from committees.opendata import Dataset, Field, register_dataset
    register_dataset(Dataset(slug="hankeideat", title=..., fields=[...], rows=idea_rows))

where ``idea_rows()`` yields one dict per record with exactly the fields' names as keys.
Only public data belongs here: of people, the names and roles of members, nothing more.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from committees.meeting_selectors import all_spaces, published_meetings
from committees.models import Committee, Membership, Term
from committees.selectors import committee_list
from kouvola_alue.pagecache import public_page
from projects.models import Goal

LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.fi",
    "attribution": "Kouvolan kaupunki, aluetoimikunnat",
}


@dataclass(frozen=True)
class Field:
    name: str
    description: Promise | str
    type: str = "string"


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Promise | str
    description: Promise | str
    fields: list[Field]
    rows: Callable[[Callable[[str], str]], Iterable[dict]]
    """Called with ``absolute(path)`` to make full addresses; yields one dict per record."""
    order: int = 100

    @property
    def field_names(self):
        return [f.name for f in self.fields]


_DATASETS: dict[str, Dataset] = {}


def register_dataset(dataset):
    _DATASETS[dataset.slug] = dataset
    return dataset


def datasets():
    return sorted(_DATASETS.values(), key=lambda d: (d.order, d.slug))


def _iso(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# --- The datasets of the committees app -------------------------------------------------------


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
    for m in published_meetings().order_by("starts_at", "pk"):
        yield {
            "id": m.pk,
            "uid": m.uid,
            "committee": m.committee.slug,
            "title": str(m.display_title),
            "starts_at": m.starts_at,
            "ends_at": m.ends_at,
            "space_id": m.space_id,
            "place": m.place,
            "online_url": m.online_url,
            "agenda": m.agenda,
            "minutes": m.minutes,
            "minutes_pdf_url": (
                absolute(reverse("meetings:minutes_pdf", kwargs={"pk": m.pk}))
                if m.minutes_pdf
                else ""
            ),
            "is_cancelled": m.is_cancelled,
            "is_demo": m.is_demo,
            "url": absolute(m.get_absolute_url()),
        }


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


def goal_rows(absolute):
    for g in Goal.objects.order_by("number"):
        yield {
            "number": g.number,
            "slug": g.slug,
            "title": g.title,
            "title_en": g.title_en,
            "description": g.description,
        }


register_dataset(
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
                _("Statistical major areas (CSV: separated by semicolons)."),
                "list",
            ),
            Field("task", _("The committee's task.")),
            Field("started_on", _("The date the committee began."), "date"),
            Field("started_as_pilot", _("Whether it began in the 2018 pilot."), "boolean"),
            Field("contact_email", _("The committee's public contact address.")),
            Field("url", _("The committee's page."), "url"),
            Field("calendar_url", _("The committee's meeting calendar (iCalendar)."), "url"),
        ],
    )
)
register_dataset(
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
    )
)
register_dataset(
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
    )
)
register_dataset(
    Dataset(
        slug="kokoukset",
        title=_("Meetings"),
        description=_("The published meetings of all committees, oldest first."),
        order=40,
        rows=meeting_rows,
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
    )
)
register_dataset(
    Dataset(
        slug="tilat",
        title=_("Community spaces"),
        description=_("The community spaces of the area centres."),
        order=50,
        rows=space_rows,
        fields=[
            Field("id", _("Stable number of the space."), "integer"),
            Field("committee", _("The committee's identifier (slug).")),
            Field("name", _("Name.")),
            Field("address", _("Street address.")),
            Field("opening_hours", _("Opening hours as text.")),
            Field("accessibility", _("Accessibility information as text.")),
            Field(
                "digital_services",
                _("Digital services offered (CSV: separated by semicolons)."),
                "list",
            ),
            Field("is_demo", _("True for fictional demo content."), "boolean"),
            Field("url", _("The space's page."), "url"),
        ],
    )
)
register_dataset(
    Dataset(
        slug="tavoitteet",
        title=_("Goals of area activity"),
        description=_("The thirteen goals of area activity."),
        order=60,
        rows=goal_rows,
        fields=[
            Field("number", _("The goal's number."), "integer"),
            Field("slug", _("Stable identifier.")),
            Field("title", _("The goal in Finnish.")),
            Field("title_en", _("The goal in English (may be empty).")),
            Field("description", _("Description (may be empty).")),
        ],
    )
)


# --- Views --------------------------------------------------------------------------------------


def _dataset_or_404(slug):
    try:
        return _DATASETS[slug]
    except KeyError:
        raise Http404("No such dataset.") from None


def _records(request, dataset):
    records = []
    for row in dataset.rows(request.build_absolute_uri):
        if list(row) != dataset.field_names:
            # The documented field names are a promise: a dataset that breaks it is a bug.
            raise AssertionError(f"{dataset.slug}: fields {list(row)} != {dataset.field_names}")
        records.append({key: _iso(value) for key, value in row.items()})
    return records


def _open_headers(response):
    # Anyone's web page or notebook may fetch the data.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=900"
    return response


@require_safe
@public_page
def index(request):
    return render(
        request,
        "opendata/index.html",
        {"datasets": datasets(), "licence": LICENCE, "committees": committee_list()},
    )


@require_safe
def dataset_json(request, slug):
    dataset = _dataset_or_404(slug)
    records = _records(request, dataset)
    body = {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "licence": LICENCE,
        "source": request.build_absolute_uri(reverse("opendata:index")),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "fields": dataset.field_names,
        "count": len(records),
        "records": records,
    }
    response = JsonResponse(
        body, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Content-Disposition"] = f'inline; filename="{dataset.slug}.json"'
    return _open_headers(response)


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


@require_safe
def dataset_csv(request, slug):
    dataset = _dataset_or_404(slug)
    buffer = io.StringIO()
    # A byte order mark makes spreadsheet programs read the file as UTF-8 (ä, ö).
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(dataset.field_names)
    for record in _records(request, dataset):
        writer.writerow([_csv_value(record[name]) for name in dataset.field_names])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dataset.slug}.csv"'
    return _open_headers(response)
