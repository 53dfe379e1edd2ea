"""
Open data (/avoin-data/): each dataset is downloadable as JSON and as CSV under the licence
CC BY 4.0, with stable, documented field names.

Each dataset is a ``kouvola_alue.registry.Dataset`` that its domain app registers from its
``AppConfig.ready()``: slug, documented fields and a function yielding one dict per record with
exactly the fields' names as keys. The page, the JSON and the CSV are all made from it.
Only public data belongs here: of people, the names and roles of members, nothing more.
"""

import csv
import datetime
import io

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from committees.selectors import committee_list
from kouvola_alue.pagecache import public_page
from kouvola_alue.registry import dataset as registered_dataset
from kouvola_alue.registry import datasets

LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.fi",
    "attribution": "Kouvolan kaupunki, aluetoimikunnat",
}


def _iso(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# --- Views --------------------------------------------------------------------------------------


def _dataset_or_404(slug):
    dataset = registered_dataset(slug)
    if dataset is None:
        raise Http404("No such dataset.")
    return dataset


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
        "portal/opendata.html",
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
