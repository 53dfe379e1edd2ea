"""
The public pages' content is kept as fragments in the shared cache (CONTENT_CACHE_SECONDS)
even with the page cache off (Django's {% cache %}, keyed by the versions of the page's cache
scopes): a repeat visit renders none of it again, and a staff edit (through a service, or a
save as the admin makes) shows on the page at once.
"""

import contextlib
import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Meeting
from committees.services import meeting_save, membership_create
from kouvola_alue.i18n import url_in_language
from projects import services as idea_services
from tests.committees.factories import upcoming
from tests.factories import CommitteeFactory, PersonFactory, current_term
from tests.projects.factories import PendingIdeaFactory, ProjectIdeaFactory
from tests.recruitment.factories import open_campaign
from tests.support import admin_form_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def content_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.CONTENT_CACHE_SECONDS = 3600
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """
    A staff edit, as committed: what runs on commit (the page version's change) runs at its
    end. What the test wrote before (its setup) counts as committed before the edit began.
    """

    @contextlib.contextmanager
    def edit():
        pending = list(connection.run_on_commit)
        connection.run_on_commit.clear()
        for _savepoints, callback, _robust in pending:
            callback()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield
        assert callbacks, "the edit changed no public table"

    return edit


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _kept(client, url):
    """The page again, asserting its fragment was read from the cache, not rendered again."""
    with CaptureQueriesContext(connection) as queries:
        page = _page(client, url)
    fragment_reads = [q for q in queries if "template.cache." in str(q["sql"])]
    writes = [q for q in queries if re.match(r"\s*(INSERT|UPDATE)", q["sql"], re.IGNORECASE)]
    assert fragment_reads and not [q for q in writes if "kouvola_pages" in q["sql"]], [
        q["sql"] for q in queries
    ]
    return page


def test_the_committee_page_shows_a_new_member_at_once(client, content_cache, committed):
    committee = CommitteeFactory(slug="valkeala", name="Valkealan aluetoimikunta")
    term = current_term()
    membership_create(committee=committee, term=term, person=PersonFactory(last_name="Ensinen"))
    url = committee.get_absolute_url()
    assert "Ensinen" in _page(client, url)
    assert "Ensinen" in _kept(client, url)
    with committed():
        membership_create(
            committee=committee, term=term, person=PersonFactory(last_name="Toinenen")
        )
    page = _page(client, url)
    assert "Ensinen" in page and "Toinenen" in page
    # Each language has its own copy, with the new member too.
    assert "Toinenen" in _page(client, url_in_language(url, "en"))


def test_the_committee_list_shows_a_renamed_committee_at_once(
    clerk_client, content_cache, committed
):
    visitor = Client()
    committee = CommitteeFactory(name="Ensimmäinen toimikunta")
    assert "Ensimmäinen toimikunta" in _page(visitor, "/aluetoimikunnat/")
    assert "Ensimmäinen toimikunta" in _kept(visitor, "/aluetoimikunnat/")
    url = reverse("admin:committees_committee_change", args=[committee.pk])
    with committed():
        assert admin_form_post(clerk_client, url, name="Toinen toimikunta").status_code == 302
    page = _page(visitor, "/aluetoimikunnat/")
    assert "Toinen toimikunta" in page and "Ensimmäinen toimikunta" not in page


def test_the_meetings_page_shows_a_changed_meeting_at_once(client, content_cache, committed):
    committee = CommitteeFactory(slug="valkeala")
    CommitteeFactory(slug="muu")
    meeting = upcoming(committee=committee, title="Kevätkokous")
    assert "Kevätkokous" in _page(client, "/kokoukset/")
    assert "Kevätkokous" in _kept(client, "/kokoukset/")
    # Another committee's list is a fragment of its own.
    assert "Kevätkokous" not in _page(client, "/kokoukset/?alue=muu")
    meeting = Meeting.objects.get(pk=meeting.pk)
    meeting.title = "Syyskokous"
    with committed():
        meeting_save(meeting=meeting)
    page = _page(client, "/kokoukset/")
    assert "Syyskokous" in page and "Kevätkokous" not in page
    assert "Syyskokous" in _page(client, "/kokoukset/?alue=valkeala")


def test_the_ideas_page_shows_a_published_idea_at_once(client, content_cache, committed):
    ProjectIdeaFactory(title="Koirapuisto")
    pending = PendingIdeaFactory(title="Kirjastoauto")
    assert "Koirapuisto" in _page(client, "/hankkeet/")
    assert "Kirjastoauto" not in _kept(client, "/hankkeet/")
    # Each query has its own copy.
    assert "Koirapuisto" not in _page(client, "/hankkeet/?q=kirjasto")
    with committed():
        idea_services.idea_publish(idea=pending)
    assert "Kirjastoauto" in _page(client, "/hankkeet/")
    assert "Kirjastoauto" in _page(client, "/hankkeet/?q=kirjasto")
    # The home page's latest ideas too.
    assert "Kirjastoauto" in _page(client, "/")


def test_an_ideas_page_shows_a_status_change_at_once(client, content_cache, committed):
    idea = ProjectIdeaFactory(title="Koirapuisto")
    url = idea.get_absolute_url()
    assert "Toteutettu" not in _page(client, url)
    assert "Koirapuisto" in _kept(client, url)
    with committed():
        idea_services.idea_change_status(idea=idea, status="carried_out", note="Avattu kesäkuussa")
    page = _page(client, url)
    assert "Toteutettu" in page and "Avattu kesäkuussa" in page


def test_the_recruitment_page_shows_a_changed_campaign_at_once(
    clerk_client, content_cache, committed
):
    visitor = Client()
    campaign = open_campaign(title="Kevään jäsenhaku")
    assert "Kevään jäsenhaku" in _page(visitor, "/jasenhaku/")
    assert "Kevään jäsenhaku" in _kept(visitor, "/jasenhaku/")
    # Saved in the admin.
    url = reverse("admin:recruitment_campaign_change", args=[campaign.pk])
    with committed():
        saved = admin_form_post(clerk_client, url, title="Syksyn jäsenhaku")
        assert saved.status_code == 302, saved.content.decode()[:3000]
    page = _page(visitor, "/jasenhaku/")
    assert "Syksyn jäsenhaku" in page and "Kevään jäsenhaku" not in page
    assert "Syksyn jäsenhaku" in _page(visitor, "/")


def test_the_demo_notice_follows_the_content_at_once(client, content_cache, committed):
    committee = CommitteeFactory()
    meeting = upcoming(committee=committee, title="Kevätkokous")
    notice = "This page contains demo content"
    pages = ["/en/", url_in_language(committee.get_absolute_url(), "en"), "/en/kokoukset/"]
    for url in pages:
        assert notice not in _page(client, url)
    meeting = Meeting.objects.get(pk=meeting.pk)
    meeting.is_demo = True
    with committed():
        meeting_save(meeting=meeting)
    for url in pages:
        assert notice in _page(client, url)


TEMPLATES = Path(django_settings.BASE_DIR) / "templates"


def _kept_parts():
    """Each {% cache %} part of the templates, with the templates it includes."""
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for part in re.findall(r"\{% cache .*?%\}(.*?)\{% endcache %\}", text, re.DOTALL):
            included = re.findall(r'\{% include "([^"]+)"', part)
            yield path, part + "".join((TEMPLATES / name).read_text() for name in included)


def test_no_kept_part_holds_a_csrf_token_or_anything_personal():
    """A kept part is shared by every visitor: a token or a form that posts must not be in it."""
    parts = list(_kept_parts())
    assert len(parts) >= 7
    for path, part in parts:
        assert "csrf_token" not in part, path
        assert 'method="post"' not in part.lower(), path
        assert "request.user" not in part, path


def test_a_kept_download_is_sent_as_kept_gzipped(client, content_cache):
    CommitteeFactory(task="Ensimmäinen kuvaus.")
    url = "/avoin-data/aluetoimikunnat.csv"
    first = client.get(url)
    plain = b"".join(first.streaming_content) if first.streaming else first.content
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain
    assert zipped["ETag"].startswith("W/")
    again = client.get(url)
    assert not again.has_header("Content-Encoding") and again.content == plain
    assert client.get(url, HTTP_IF_NONE_MATCH=zipped["ETag"]).status_code == 304
