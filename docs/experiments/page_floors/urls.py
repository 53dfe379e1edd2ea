"""
A page split in two, each half served on its own under gunicorn (issue 16: where a page's
time goes with every cache off). ``measure.py`` drives it; results in docs/BENCHMARKS.md,
"What a page costs without its reads, and its reads without the ORM".

- ``/x/render/<page>/``: the page's template rendered from its view's context, read once per
  worker and kept: the render alone, with no query.
- ``/x/reads/<page>/``: the page's view with the render left out: its reads through the
  selectors and the ORM, into the objects the template would get.
- ``/x/sql/<page>/``: the SQL statements those reads send, captured once per worker, each sent
  and fetched with a bare cursor: the reads without the ORM's Python.
- ``/x/jinja2/home/``: the home page's render alone by Jinja2, from ``../jinja2-home``'s
  line-for-line port of its templates.
- ``/x/nothing/``: an empty response through the same middleware.

Not part of the portal: it patches the views' ``render`` to capture their context.
"""

import pathlib
import sys

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render as django_render
from django.urls import path

import committees.meeting_views
import portal.urls
import portal.views
import projects.views
import recruitment.views

PAGES = {
    "home": (portal.views.home, {}),
    "committee": (portal.views.committee_detail, {"slug": "valkeala"}),
    "ideas": (projects.views.idea_list, {}),
    "campaigns": (recruitment.views.campaign_list, {}),
    "meetings": (committees.meeting_views.meeting_list, {}),
}
_kept = {}


def _undecorated(view):
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    return view


def _read(request, page):
    """The page's view run up to its render: (template name, context with every list read)."""
    view, kwargs = PAGES[page]
    view = _undecorated(view)
    module = sys.modules[view.__module__]
    captured = {}

    def capture(request, template_name, context):
        for name, value in context.items():
            if hasattr(value, "_fetch_all"):
                context[name] = list(value)
        captured.update(template_name=template_name, context=context)
        return HttpResponse()

    module.render = capture
    try:
        view(request, **kwargs)
    finally:
        module.render = django_render
    return captured["template_name"], captured["context"]


def _counted(respond):
    """``respond()``, with the number of queries it made in an ``X-Queries`` header."""
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        response = respond()
    response["X-Queries"] = str(count)
    return response


def render_alone(request, page):
    if page not in _kept:
        _kept[page] = _read(request, page)
    template_name, context = _kept[page]
    return _counted(lambda: django_render(request, template_name, context))


def jinja2_render_alone(request):
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "jinja2-home"))
    from engine import env

    if "home" not in _kept:
        _kept["home"] = _read(request, "home")
    context = {**_kept["home"][1], "request": request}
    return _counted(lambda: HttpResponse(env.get_template("home.html").render(context)))


def reads_alone(request, page):
    return _counted(lambda: (_read(request, page), HttpResponse("read"))[1])


def statements_alone(request, page):
    key = ("sql", page)
    if key not in _kept:
        statements = []

        def keep(execute, sql, params, many, context):
            statements.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(keep):
            _read(request, page)
        _kept[key] = statements
    with connection.cursor() as cursor:
        for sql, params in _kept[key]:
            cursor.execute(sql, params)
            cursor.fetchall()
    return HttpResponse(f"{len(_kept[key])} statements")


urlpatterns = [
    path("x/render/<str:page>/", render_alone),
    path("x/reads/<str:page>/", reads_alone),
    path("x/sql/<str:page>/", statements_alone),
    path("x/jinja2/home/", jinja2_render_alone),
    path("x/nothing/", lambda request: HttpResponse("nothing")),
    *portal.urls.urlpatterns,
]
