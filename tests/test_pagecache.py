"""Anonymous visitors share cached public pages; nobody else does."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from committees.models import Committee
from tests.factories import CommitteeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_a_repeated_visit_is_served_from_the_cache(client, page_cache, django_assert_num_queries):
    committee = CommitteeFactory(task="Ensimmäinen kuvaus.")
    assert "Ensimmäinen kuvaus." in client.get(committee.get_absolute_url()).content.decode()
    # Only the shared cache is read: the page's version, then the page.
    with django_assert_num_queries(2):
        response = client.get(committee.get_absolute_url())
    assert "Ensimmäinen kuvaus." in response.content.decode()
    assert "max-age=60" in response["Cache-Control"]


# Committed for real: the version changes when a transaction commits.
@pytest.mark.django_db(transaction=True)
def test_a_staff_edit_shows_at_once(client, page_cache):
    committee = CommitteeFactory(task="Ensimmäinen kuvaus.")
    client.get(committee.get_absolute_url())
    committee.task = "Toinen kuvaus."
    committee.save()
    assert "Toinen kuvaus." in client.get(committee.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_write_without_signals_shows_at_once(client, page_cache):
    """QuerySet.update() (as the services publish ideas) sends no post_save; it still counts."""
    committee = CommitteeFactory(task="Ensimmäinen kuvaus.")
    client.get(committee.get_absolute_url())
    with transaction.atomic():
        Committee.objects.filter(pk=committee.pk).update(task="Toinen kuvaus.")
        assert "Ensimmäinen" in client.get(committee.get_absolute_url()).content.decode()
    assert "Toinen kuvaus." in client.get(committee.get_absolute_url()).content.decode()


def test_a_write_that_is_rolled_back_keeps_the_pages(
    client, page_cache, django_capture_on_commit_callbacks, django_assert_num_queries
):
    committee = CommitteeFactory(task="Ensimmäinen kuvaus.")
    client.get(committee.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                Committee.objects.filter(pk=committee.pk).update(task="Toinen kuvaus.")
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []
    with django_assert_num_queries(2):
        client.get(committee.get_absolute_url())


def test_pages_live_in_the_shared_cache_not_in_the_worker(client, page_cache):
    """Every worker and machine reads the same copy (the database cache table here)."""
    committee = CommitteeFactory()
    assert not isinstance(caches["pages"], LocMemCache)
    client.get(committee.get_absolute_url())
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM kouvola_pages")
        assert cursor.fetchone()[0] == 2  # the version and the page


def test_each_language_has_its_own_copy(client, page_cache):
    committee = CommitteeFactory(name="Testin aluetoimikunta", name_en="Test area committee")
    assert "Testin aluetoimikunta</h1>" in client.get(committee.get_absolute_url()).content.decode()
    english = client.get("/en" + committee.get_absolute_url()).content.decode()
    assert "Test area committee</h1>" in english


def test_signed_in_staff_see_their_edits_at_once(client, page_cache):
    committee = CommitteeFactory(task="Ensimmäinen kuvaus.")
    client.force_login(UserFactory(is_staff=True))
    client.get(committee.get_absolute_url())
    committee.task = "Toinen kuvaus."
    committee.save()
    assert "Toinen kuvaus." in client.get(committee.get_absolute_url()).content.decode()


def test_public_pages_carry_no_csrf_token(client, page_cache):
    committee = CommitteeFactory()
    response = client.get(committee.get_absolute_url())
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies


def test_a_visitor_with_a_pending_message_gets_a_page_of_their_own(client, page_cache):
    from django.contrib.messages.storage.cookie import CookieStorage

    committee = CommitteeFactory(task="Ensimmäinen kuvaus.")
    client.cookies[CookieStorage.cookie_name] = "pending"
    client.get(committee.get_absolute_url())
    committee.task = "Toinen kuvaus."
    committee.save()
    del client.cookies[CookieStorage.cookie_name]
    assert "Toinen kuvaus." in client.get(committee.get_absolute_url()).content.decode()


# --- Downloads and fragments kept until the data changes (CONTENT_CACHE_SECONDS) ----------------


@pytest.fixture
def content_cache(settings):
    settings.CONTENT_CACHE_SECONDS = 3600
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db(transaction=True)
def test_a_data_file_is_kept_until_the_data_changes(
    client, content_cache, django_assert_num_queries
):
    committee = CommitteeFactory(task="Ensimmäinen kuvaus.")
    url = "/avoin-data/aluetoimikunnat.csv"
    first = client.get(url)
    assert first["Access-Control-Allow-Origin"] == "*"
    assert "Ensimmäinen kuvaus." in _body(first).decode()
    # The version, then the file: no query of the committees.
    with django_assert_num_queries(2):
        again = client.get(url)
    assert _body(again).decode().count("Ensimmäinen kuvaus.") == 1
    assert again["ETag"] == first["ETag"] and again["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    committee.task = "Toinen kuvaus."
    committee.save()
    after = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert "Toinen kuvaus." in _body(after).decode()


@pytest.mark.django_db(transaction=True)
def test_a_calendar_is_kept_until_a_meeting_changes(client, content_cache):
    committee = CommitteeFactory()
    url = f"/aluetoimikunnat/{committee.slug}/kalenteri.ics"
    first = _body(client.get(url))
    assert _body(client.get(url)) == first
    committee.name = "Uusi nimi"
    committee.save()
    assert "Uusi nimi" in _body(client.get(url)).decode()


@pytest.mark.django_db(transaction=True)
def test_home_fragments_are_kept_until_a_public_write(client, content_cache):
    committee = CommitteeFactory(name="Ensimmäinen toimikunta")
    assert "Ensimmäinen toimikunta" in client.get("/").content.decode()
    with CaptureQueriesContext(connection) as cached:
        assert "Ensimmäinen toimikunta" in client.get("/").content.decode()
    committee.name = "Toinen toimikunta"
    committee.save()
    with CaptureQueriesContext(connection) as fresh:
        page = client.get("/").content.decode()
    assert "Toinen toimikunta" in page and "Ensimmäinen toimikunta" not in page
    # A kept fragment spares the committees', goals' and sections' queries.
    assert len(cached.captured_queries) < len(fresh.captured_queries)
    # Each language has its own copy.
    assert "Toinen toimikunta" in client.get("/en/").content.decode()
