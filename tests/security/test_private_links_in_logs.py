"""
Private links never reach a log: the app's own (runserver's request lines, django.request's
warnings, anything else through the console handler) and the access log of the nginx in
docs/DEPLOYMENT.md. Each journey that mails a private link is walked as a person walks it,
and the logs are searched for the token afterwards.
"""

import io
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.servers.basehttp import WSGIRequestHandler
from django.urls import reverse

from bookings.models import BookingRequest
from following.tokens import manage_token
from kouvola_alue.logfilters import (
    HIDDEN,
    PrivateDataFormatter,
    hide_private_data,
    private_link_prefixes,
)
from tests.bookings.factories import bookable_space, booking_data
from tests.factories import CommitteeFactory
from tests.following.conftest import form_data
from tests.recruitment.factories import application_data, open_campaign

pytestmark = pytest.mark.django_db

DEPLOYMENT = Path(settings.BASE_DIR) / "docs" / "DEPLOYMENT.md"
LINK = re.compile(r"http://testserver(/\S+/)")


@pytest.fixture
def app_log():
    """What the console handler writes (through its formatter) while the test runs."""
    handler = next(
        h for h in logging.getLogger().handlers if isinstance(h.formatter, PrivateDataFormatter)
    )
    stream = io.StringIO()
    previous_stream = handler.setStream(stream)
    root = logging.getLogger()
    previous_level = root.level
    root.setLevel(logging.INFO)
    yield stream
    root.setLevel(previous_level)
    handler.setStream(previous_stream)


@pytest.fixture
def visitor(client):
    """
    The test client, with the line runserver writes for each request (django.server, by
    Django's own request handler), as a person's browser would leave them in the log.
    """
    request_handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    request_handler.request = None
    original = client.request

    def request(**environ):
        response = original(**environ)
        path = environ["PATH_INFO"]
        if environ.get("QUERY_STRING"):
            path += "?" + environ["QUERY_STRING"]
        request_line = f"{environ['REQUEST_METHOD']} {path} HTTP/1.1"
        request_handler.log_message(
            '"%s" %s %s', request_line, str(response.status_code), str(len(response.content))
        )
        return response

    client.request = request
    return client


def mailed_links():
    return [LINK.search(message.body).group(1) for message in mail.outbox]


def token_of(path):
    return path.rstrip("/").rsplit("/", 1)[1]


def assert_hidden(log, links):
    text = log.getvalue()
    assert text, "nothing was logged: the test would prove nothing"
    for link in links:
        token = token_of(link)
        assert token not in text
        assert link.replace(token, HIDDEN) in text


def test_the_application_journey_leaves_no_token_in_the_log(
    visitor, app_log, django_capture_on_commit_callbacks
):
    committee = CommitteeFactory()
    campaign = open_campaign(committee, slug="testihaku")
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(f"/jasenhaku/{campaign.slug}/hae/", application_data(committee), follow=True)
    (link,) = mailed_links()
    assert "/jasenhaku/hakemus/" in link
    assert visitor.get(link, follow=True).status_code == 200
    # The English site's address of the same link, and a link copied with a letter missing.
    visitor.get("/en" + link)
    visitor.get(link[:-2] + "/")
    assert_hidden(app_log, [link, "/en" + link])
    assert f"Not Found: {link[:-2].replace(token_of(link)[:-1], HIDDEN)}" in app_log.getvalue()


def test_the_booking_journey_leaves_no_token_in_the_log(
    visitor, app_log, django_capture_on_commit_callbacks
):
    space = bookable_space()
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(f"/tilat/{space.pk}/varaa/", booking_data(), follow=True)
    (link,) = mailed_links()
    assert "/tilat/varaus/" in link
    visitor.get(link, follow=True)
    visitor.post("/tilat/varaus/oma/", follow=True)
    assert BookingRequest.objects.get().status == "pending"
    visitor.get(link, follow=True)
    assert_hidden(app_log, [link])
    # The pages after the link keep their addresses readable.
    assert '"POST /tilat/varaus/oma/ HTTP/1.1" 302' in app_log.getvalue()


def test_the_follow_journey_leaves_no_token_in_the_log(
    visitor, app_log, django_capture_on_commit_callbacks
):
    committee = CommitteeFactory(slug="valkeala")
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post("/aluetoimikunnat/valkeala/seuraa/", form_data(), follow=True)
    (confirm,) = mailed_links()
    assert "/seuranta/vahvista/" in confirm
    # The link moves its token into the session; the page it leads to has the button.
    landing = visitor.get(confirm)["Location"]
    visitor.post(landing)
    subscription = committee.subscriptions.get()
    assert subscription.is_active
    # The links of every later mail: manage the subscription, unsubscribe (RFC 8058's POST).
    token = manage_token(subscription)
    manage = reverse("following:manage", kwargs={"token": token})
    unsubscribe = reverse("following:unsubscribe", kwargs={"token": token})
    assert visitor.get(manage, follow=True).status_code == 200
    visitor.get(unsubscribe)
    visitor.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    subscription.refresh_from_db()
    assert not subscription.is_active
    assert_hidden(app_log, [confirm, manage, unsubscribe])


def test_every_route_with_a_token_is_a_private_link():
    # Read from the URLconf: a new signed link is hidden by naming its parameter "token".
    prefixes = private_link_prefixes()
    for path in (
        "jasenhaku/hakemus/",
        "tilat/varaus/",
        "seuranta/vahvista/",
        "seuranta/tilaus/",
        "seuranta/peru/",
        "kokoukset/kutsu/",
    ):
        assert any(re.fullmatch(prefix, path) for prefix in prefixes), path
    assert not any(re.fullmatch(prefix, "hankkeet/") for prefix in prefixes)
    assert hide_private_data("GET /hankkeet/idea:x/") == "GET /hankkeet/idea:x/"


# --- The documented nginx access log ------------------------------------------------------


def nginx_maps():
    """Each ``map`` of DEPLOYMENT.md's nginx configuration: (source, regex, replacement)."""
    text = DEPLOYMENT.read_text()
    maps = re.findall(
        r'map \$(\w+) \$\w+ \{\s*"~(.+?)"\s+"(.+?)";\s*default \$\1;\s*\}', text, re.S
    )
    assert maps, "DEPLOYMENT.md has no map that masks private links"
    return maps


def nginx_replace(regex, replacement, value):
    # nginx's PCRE named groups (?<name>…) and ${name} in the value, in Python's spelling.
    match = re.search(regex.replace("(?<", "(?P<"), value)
    if match is None:
        return value
    return re.sub(r"\$\{(\w+)\}", lambda m: match.group(m.group(1)) or "", replacement)


@pytest.mark.parametrize("language", ["", "/en"])
@pytest.mark.parametrize("prefix", [p.split(")?")[-1] for p in private_link_prefixes()])
def test_the_documented_nginx_log_hides_every_private_link(prefix, language):
    token = "WzEsImFiYyJd:1vTm0b:Xf3-yQ_9a"
    text = DEPLOYMENT.read_text()
    assert "access_log /var/log/nginx/aluetoimikunnat.access.log private;" in text
    log_format = re.search(r"log_format private (.+?);", text, re.S).group(1)
    assert "$request " not in log_format and "$request_uri" not in log_format
    assert "$http_referer" not in log_format
    for source, regex, replacement in nginx_maps():
        for value in (
            f"{language}/{prefix}{token}/",
            f"{language}/{prefix}{token.replace(':', '%3A')}/?x=1",
            f"https://aluetoimikunnat.kouvola.fi{language}/{prefix}{token}/",
        ):
            if source == "request_uri" and value.startswith("https:"):
                continue
            masked = nginx_replace(regex, replacement, value)
            assert token.split(":")[0] not in masked, (source, value, masked)
            assert f"/{prefix}{HIDDEN}/" in masked
        # The pages after the link stay as they are.
        assert nginx_replace(regex, replacement, f"/{prefix}oma/") == f"/{prefix}oma/"


def test_a_line_logged_before_the_urlconf_can_be_read_still_hides_signed_values(monkeypatch):
    def unreadable():
        raise ImportError("the URLconf is being imported")

    monkeypatch.setattr("kouvola_alue.logfilters.private_link_pattern", unreadable)
    line = '"GET /seuranta/vahvista/WzEsImFiYyJd:1vTm0b:Xf3-yQ_9a/ HTTP/1.1" 200'
    assert hide_private_data(line) == f'"GET /seuranta/vahvista/{HIDDEN}/ HTTP/1.1" 200'
