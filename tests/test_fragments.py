"""
The public pages' content is kept as fragments in the shared cache (CONTENT_CACHE_SECONDS)
even with the page cache off: a repeat visit reads none of the page's rows, and a staff edit
(through a service, or a save as the admin makes) shows on the page at once.
"""

import contextlib
import gzip

import pytest
from django.core.cache import caches
from django.db import connection
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.functional import SimpleLazyObject

from committees.models import Meeting
from committees.services import meeting_save, membership_create
from kouvola_alue.i18n import url_in_language
from projects import services as idea_services
from tests.committees.factories import upcoming
from tests.factories import CommitteeFactory, PersonFactory, current_term
from tests.projects.factories import PendingIdeaFactory, ProjectIdeaFactory
from tests.recruitment.factories import open_campaign

pytestmark = pytest.mark.django_db

# A kept page reads the version, its content and whether it shows demo content (and the
# rows it needs before its content, e.g. the committee of its address).
KEPT_QUERIES = 5


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
    """The page again, asserting it was served from its fragments."""
    with CaptureQueriesContext(connection) as queries:
        page = _page(client, url)
    assert len(queries) <= KEPT_QUERIES, [q["sql"] for q in queries]
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


def test_the_committee_list_shows_a_renamed_committee_at_once(client, content_cache, committed):
    committee = CommitteeFactory(name="Ensimmäinen toimikunta")
    assert "Ensimmäinen toimikunta" in _page(client, "/aluetoimikunnat/")
    assert "Ensimmäinen toimikunta" in _kept(client, "/aluetoimikunnat/")
    with committed():
        committee.name = "Toinen toimikunta"
        committee.save()
    page = _page(client, "/aluetoimikunnat/")
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


def test_the_recruitment_page_shows_a_changed_campaign_at_once(client, content_cache, committed):
    campaign = open_campaign(title="Kevään jäsenhaku")
    assert "Kevään jäsenhaku" in _page(client, "/jasenhaku/")
    assert "Kevään jäsenhaku" in _kept(client, "/jasenhaku/")
    # As the admin saves it.
    campaign.title = "Syksyn jäsenhaku"
    with committed():
        campaign.save()
    page = _page(client, "/jasenhaku/")
    assert "Syksyn jäsenhaku" in page and "Kevään jäsenhaku" not in page
    assert "Syksyn jäsenhaku" in _page(client, "/")


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


def test_a_fragment_with_a_csrf_token_is_never_kept(content_cache):
    template = Template(
        "{% load fragments %}{% fragment 'form' %}{% csrf_token %}{% endfragment %}"
    )
    factory = RequestFactory()
    first, second = factory.get("/"), factory.get("/")
    first_html = template.render(Context({"request": first, "csrf_token": _token(first)}))
    second_html = template.render(Context({"request": second, "csrf_token": _token(second)}))
    assert first_html != second_html


def _token(request):
    return SimpleLazyObject(lambda: get_token(request))


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
