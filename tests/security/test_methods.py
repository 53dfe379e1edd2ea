"""
Every address of the site answers GET and HEAD, POST only where a form is sent, and 405 to
anything else (TRACE, OPTIONS, PUT, DELETE, made-up methods), without the page.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# The views that take a form (each has its own tests); every other public view refuses POST.
FORM_VIEWS = {
    "recruitment:apply",
    "recruitment:withdraw",
    "recruitment:correct",
    "projects:propose",
    # Following by e-mail: the form, and the confirm, manage and (one-click) unsubscribe buttons.
    "following:follow",
    "following:confirmation",
    "following:preferences",
    "following:unsubscription",
    "following:unsubscribe",
    "spaces:book",
    "spaces:own_booking",
    "spaces:cancel_booking",
    # The private pages' "Leave" buttons.
    "recruitment:leave",
    "spaces:leave_booking",
    "following:leave",
    "meetings:invitation_leave",
    # A meeting invitation's answer: the link's page has the button that records it.
    "meetings:invitation_answer",
}
SAMPLES = {"slug": "esimerkki", "int": "1", "str": "esimerkki", "path": "esimerkki"}
OTHER_METHODS = ["TRACE", "OPTIONS", "PUT", "PATCH", "DELETE", "CONNECT", "PROPFIND", "FOO"]


def site_addresses(patterns=None, prefix="", namespace=""):
    """(name, path) of every address of the URLconf, with sample values in its parameters."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                yield "admin:login", prefix + route + "login/"
                yield "admin:index", prefix + route
                continue
            inner = ":".join(n for n in (namespace, pattern.namespace) if n)
            yield from site_addresses(pattern.url_patterns, prefix + route, inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(n for n in (namespace, pattern.name or "") if n)
            # A parameter may stand in an including prefix too (a committee's "<slug>/seuraa/").
            path = re.sub(
                r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], prefix + route
            )
            yield name, "/" + path.lstrip("^").rstrip("$")


ADDRESSES = sorted(set(site_addresses()))


def test_the_list_covers_the_site():
    names = {name for name, _ in ADDRESSES}
    assert {"home", "committee", "meetings:minutes_pdf", "opendata:csv"} <= names
    assert names >= FORM_VIEWS
    assert len(ADDRESSES) > 30


@pytest.mark.parametrize(("name", "path"), ADDRESSES)
def test_other_methods_are_refused_everywhere(client, name, path):
    for method in OTHER_METHODS:
        response = client.generic(method, path)
        assert response.status_code == 405, f"{method} {path}"
        assert response["Allow"] == "GET, HEAD, POST"
        assert response.content == b""


@pytest.mark.parametrize(("name", "path"), ADDRESSES)
def test_post_only_where_a_form_is_sent(client, name, path):
    response = client.post(path)
    if name in FORM_VIEWS or name.startswith("admin:"):
        assert response.status_code != 405, path
    else:
        assert response.status_code == 405, f"POST {path} ({name})"
        assert response["Allow"] == "GET, HEAD"
