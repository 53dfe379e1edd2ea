"""
Open data (/avoin-data/): each dataset is downloadable as JSON and as CSV under the licence
CC BY 4.0, with stable, documented field names, described for harvesters by a DCAT-AP
catalogue in JSON-LD (``catalog.jsonld``) and for programs by a Frictionless Data Package
(``datapackage.json``) whose Table Schemas describe the CSV files exactly.

Each dataset is a ``kouvola_alue.registry.Dataset`` that its domain app registers from its
``AppConfig.ready()``: slug, documented fields and a function yielding one dict per record with
exactly the fields' names as keys. The page, the files, the catalogue and the data package are
all made from it. Only public data belongs here: of people, the names and roles of members.
"""

import csv
import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from committees.selectors import committee_list
from kouvola_alue import publisher
from kouvola_alue.csvsafe import FORMULA_STARTS, csv_cell
from kouvola_alue.pagecache import cached_download, public_page
from kouvola_alue.registry import dataset as registered_dataset
from kouvola_alue.registry import datasets
from kouvola_alue.streaming import chunked

# The files hold every app's public rows: any public change gives them a new key (and ETag).
DATA_SCOPES = ("committees", "ideas", "goals", "meetings", "campaigns", "spaces")

LICENCE = {
    "name": publisher.LICENCE_NAME,
    "url": publisher.LICENCE_URI,
    "attribution": publisher.ATTRIBUTION,
}

# The one separator of list items in a CSV cell: the page, the data package and the files.
LIST_SEPARATOR = ";"

# A registry field type as a Table Schema field (https://specs.frictionlessdata.io/table-schema/).
TABLE_SCHEMA_TYPES = {
    "string": {"type": "string"},
    "html": {"type": "string"},
    "list": {"type": "string"},
    "url": {"type": "string", "format": "uri"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]},
    "date": {"type": "date"},
    "datetime": {"type": "datetime"},
}

# As Python's csv module writes: a quote inside a value is doubled.
CSV_DIALECT = {
    "delimiter": ",",
    "lineTerminator": "\r\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}


def _iso(value, zone):
    """A time as ISO 8601 in ``zone`` (Helsinki), a date as ISO 8601, anything else as it is."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(zone).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _dataset_or_404(slug):
    dataset = registered_dataset(slug)
    if dataset is None:
        raise Http404("No such dataset.")
    return dataset


def _rows(request, dataset):
    """The dataset's rows, each checked against the documented field names, one at a time."""
    names = dataset.field_names
    for row in dataset.rows(request.build_absolute_uri):
        if list(row) != names:
            # The documented field names are a promise: a dataset that breaks it is a bug.
            raise AssertionError(f"{dataset.slug}: fields {list(row)} != {names}")
        yield row


def _records(request, dataset):
    """
    The rows as plain dicts (no model objects are kept), their values ready to serialise, one
    at a time as the dataset yields them: a streamed file never holds all of them.
    """
    # Asked once a file: the current zone is a context variable, costly to read per value.
    zone = timezone.get_current_timezone()
    for row in _rows(request, dataset):
        yield {key: _iso(value, zone) for key, value in row.items()}


def _open_headers(response):
    # Anyone's web page or notebook may fetch the data.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=900"
    return publisher.licence_link(response)


def _json_response(body, content_type="application/json"):
    return JsonResponse(
        body,
        encoder=DjangoJSONEncoder,
        content_type=content_type,
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


# --- The page and the files ---------------------------------------------------------------------


@require_safe
@public_page(*DATA_SCOPES)
def index(request):
    return render(
        request,
        "portal/opendata.html",
        {
            "datasets": datasets(),
            "licence": LICENCE,
            "committees": committee_list(),
            "list_separator": LIST_SEPARATOR,
            "formula_starts": [c for c in FORMULA_STARTS if c.isprintable()],
        },
    )


def _json(value, indent=None):
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, indent=indent)


def _json_pieces(head, records):
    """
    The document written a record at a time, each record on a line of its own; the number of
    records comes last, once they have been written. A record is written on one line because
    Python's JSON encoder runs in C only without indentation: indented, the records took more
    than half of the file's time (×1000 ideas: ~460 against ~200 ms).
    """
    yield "{\n"
    for key, value in head.items():
        text = _json(value, indent=1).replace("\n", "\n ")
        yield f" {_json(key)}: {text},\n"
    yield ' "records": ['
    count = 0
    for record in records:
        yield f"{',' if count else ''}\n  {_json(record)}"
        count += 1
    yield f'{chr(10) + " " if count else ""}],\n "count": {count}\n}}'


@require_safe
@cached_download(*DATA_SCOPES)
def dataset_json(request, slug):
    dataset = _dataset_or_404(slug)
    records = _records(request, dataset)
    # Nothing in the body changes from one request to the next unless the data does, so that
    # the ETag holds (kouvola_alue/conditional.py).
    head = {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "licence": LICENCE,
        "source": request.build_absolute_uri(reverse("opendata:index")),
        "fields": dataset.field_names,
    }
    response = StreamingHttpResponse(
        chunked(_json_pieces(head, records)), content_type="application/json"
    )
    response["Content-Disposition"] = f'inline; filename="{dataset.slug}.json"'
    return _open_headers(response)


def _csv_value(value):
    # Text first: most cells are.
    if isinstance(value, str):
        return csv_cell(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return csv_cell(LIST_SEPARATOR.join(str(v) for v in value))
    return str(value)


class _Line:
    """A file-like object for csv.writer whose write() hands back the line it was given."""

    def write(self, line):
        return line


def _csv_pieces(dataset, rows):
    writer = csv.writer(_Line(), lineterminator=CSV_DIALECT["lineTerminator"])
    # Asked once a file, as in ``_records``.
    zone = timezone.get_current_timezone()
    # A byte order mark makes spreadsheet programs read the file as UTF-8 (ä, ö).
    yield "\ufeff" + writer.writerow(dataset.field_names)
    for row in rows:
        # The row's keys are the field names in order (``_rows`` checks it): its values are
        # written as they come, without a dict of ready values for each row first.
        yield writer.writerow([_csv_value(_iso(value, zone)) for value in row.values()])


@require_safe
@cached_download(*DATA_SCOPES)
def dataset_csv(request, slug):
    dataset = _dataset_or_404(slug)
    response = StreamingHttpResponse(
        chunked(_csv_pieces(dataset, _rows(request, dataset))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{dataset.slug}.csv"'
    return _open_headers(response)


# --- DCAT-AP catalogue --------------------------------------------------------------------------

JSONLD_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
DISTRIBUTIONS = [("opendata:json", "JSON", "application/json"), ("opendata:csv", "CSV", "text/csv")]
OPARL_SPECIFICATION = "https://oparl.org/spezifikation/"

# The catalogue states the class of every IRI it names from a vocabulary (DCAT-AP's shapes
# check each value's class, and a harvester need not fetch the EU vocabularies to know it).
LICENCE_NODE = {"@id": publisher.LICENCE_URI, "@type": "dct:LicenseDocument"}
LANGUAGE_NODES = [
    {"@id": EU_LANGUAGE + code, "@type": "dct:LinguisticSystem"} for code in ("FIN", "ENG")
]


def _texts(text):
    """A translatable text in every language of the site, as JSON-LD language-tagged strings."""
    values = []
    for code, language in (("fi", "fi"), ("en", "en")):
        with translation.override(language):
            values.append({"@value": str(text), "@language": code})
    return values


def _datetime(value):
    value = timezone.localtime(value).replace(microsecond=0)
    return {"@value": value.isoformat(), "@type": "xsd:dateTime"}


def _dataset_node(absolute, dataset, contact_point):
    # The dataset is a thing of the catalogue; its landing page is the section of the open-data
    # page that describes it, a document of its own (DCAT-AP: landingPage is a foaf:Document).
    landing_page = absolute(reverse("opendata:index")) + f"#dataset-{dataset.slug}"
    node = {
        "@id": absolute(reverse("opendata:catalogue")) + f"#{dataset.slug}",
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.slug,
        "dct:title": _texts(dataset.title),
        "dct:description": _texts(dataset.description),
        # The catalogue describes the publisher once; JSON-LD joins the nodes by their @id.
        "dct:publisher": {"@id": publisher.PUBLISHER_URL},
        "dcat:contactPoint": contact_point,
        "dct:license": LICENCE_NODE,
        "dct:language": LANGUAGE_NODES,
        "dcat:landingPage": {"@id": landing_page, "@type": "foaf:Document"},
        "dcat:distribution": [],
    }
    modified = dataset.modified() if dataset.modified else None
    if modified is not None:
        node["dct:modified"] = _datetime(modified)
    for url_name, file_type, media_type in DISTRIBUTIONS:
        url = absolute(reverse(url_name, kwargs={"slug": dataset.slug}))
        node["dcat:distribution"].append(
            {
                "@id": url,
                "@type": "dcat:Distribution",
                "dct:title": [
                    {"@value": f"{value['@value']} ({file_type})", "@language": value["@language"]}
                    for value in _texts(dataset.title)
                ],
                "dcat:accessURL": {"@id": url},
                "dcat:downloadURL": {"@id": url},
                "dcat:mediaType": {"@id": IANA_MEDIA_TYPE + media_type, "@type": "dct:MediaType"},
                "dct:format": {"@id": EU_FILE_TYPE + file_type, "@type": "dct:MediaTypeOrExtent"},
                "dct:license": LICENCE_NODE,
            }
        )
    return node


def _oparl_service(absolute, contact_point):
    """The OParl API (portal/oparl) as a data service of the catalogue."""
    return {
        "@id": absolute(reverse("oparl:system")),
        "@type": "dcat:DataService",
        "dct:title": _texts(translation.gettext_lazy("OParl API")),
        "dct:description": _texts(
            translation.gettext_lazy(
                "A read-only OParl 1.1 API of the area committees: their terms, members, "
                "meetings, agenda items, decisions and the project ideas they handled, as JSON."
            )
        ),
        "dcat:endpointURL": {"@id": absolute(reverse("oparl:system"))},
        "dcat:endpointDescription": {"@id": absolute(reverse("oparl_docs"))},
        "dct:conformsTo": {"@id": OPARL_SPECIFICATION, "@type": "dct:Standard"},
        "dct:publisher": {"@id": publisher.PUBLISHER_URL},
        "dcat:contactPoint": contact_point,
        "dct:license": LICENCE_NODE,
    }


@require_safe
@cached_download(*DATA_SCOPES)
def catalogue(request):
    """The datasets of this page as a DCAT-AP catalogue in JSON-LD, for harvesters."""
    absolute = request.build_absolute_uri
    publisher_node = {
        "@id": publisher.PUBLISHER_URL,
        "@type": "foaf:Agent",
        "foaf:name": _texts(publisher.PUBLISHER_NAME),
    }
    contact_point = {
        # vcard:Organization is a vcard:Kind; said outright, as no inference is assumed.
        "@type": ["vcard:Organization", "vcard:Kind"],
        "vcard:fn": _texts(publisher.CONTACT_NAME),
        "vcard:hasEmail": {"@id": f"mailto:{publisher.CONTACT_EMAIL}"},
    }
    nodes = [_dataset_node(absolute, d, contact_point) for d in datasets()]
    modified = [n["dct:modified"]["@value"] for n in nodes if "dct:modified" in n]
    body = {
        "@context": JSONLD_CONTEXT,
        "@id": absolute(reverse("opendata:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": _texts(translation.gettext_lazy("Open data of Kouvola's area committees")),
        "dct:description": _texts(
            translation.gettext_lazy(
                "The public data of Kouvola's area committees: committees, terms, members, "
                "meetings, community spaces, project ideas, goals and recruitment numbers."
            )
        ),
        "dct:publisher": publisher_node,
        "dct:license": LICENCE_NODE,
        "dct:language": LANGUAGE_NODES,
        "foaf:homepage": {"@id": absolute(reverse("opendata:index")), "@type": "foaf:Document"},
        "dcat:dataset": nodes,
        "dcat:service": [_oparl_service(absolute, contact_point)],
    }
    if modified:
        # Offsets are all Helsinki time, so the strings sort as the instants do.
        body["dct:modified"] = {"@value": max(modified), "@type": "xsd:dateTime"}
    response = _json_response(body, content_type="application/ld+json")
    return _open_headers(response)


# --- Frictionless Data Package ------------------------------------------------------------------


def table_schema(dataset):
    """The Table Schema of ``dataset``'s CSV file: its columns in order, typed as written."""
    fields = []
    for field in dataset.fields:
        description = str(field.description)
        if field.type == "list":
            description += " " + translation.gettext(
                "In CSV the items are in one cell, separated by “%(separator)s”."
            ) % {"separator": LIST_SEPARATOR}
        fields.append(
            {"name": field.name, **TABLE_SCHEMA_TYPES[field.type], "description": description}
        )
    return {"fields": fields, "missingValues": [""]}


@require_safe
@cached_download(*DATA_SCOPES)
def datapackage(request):
    """The CSV files as a Frictionless Data Package (https://specs.frictionlessdata.io/)."""
    resources = [
        {
            "name": dataset.slug,
            "title": str(dataset.title),
            "description": str(dataset.description),
            # Relative to this file: a copy of the folder validates offline.
            "path": f"{dataset.slug}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            # An IANA charset name: readers of UTF-8 skip the byte order mark spreadsheets need.
            "encoding": "utf-8",
            "dialect": CSV_DIALECT,
            "schema": table_schema(dataset),
        }
        for dataset in datasets()
    ]
    body = {
        "name": "kouvolan-aluetoimikunnat",
        "title": translation.gettext("Open data of Kouvola's area committees"),
        "homepage": request.build_absolute_uri(reverse("opendata:index")),
        "profile": "tabular-data-package",
        "licenses": [
            {
                "name": publisher.LICENCE_SPDX,
                "path": publisher.LICENCE_URI,
                "title": publisher.LICENCE_NAME,
            }
        ],
        "contributors": [
            {
                "title": str(publisher.ATTRIBUTION),
                "path": publisher.PUBLISHER_URL,
                "email": publisher.CONTACT_EMAIL,
                "role": "publisher",
            }
        ],
        "resources": resources,
    }
    response = _json_response(body)
    response["Content-Disposition"] = 'inline; filename="datapackage.json"'
    return _open_headers(response)
