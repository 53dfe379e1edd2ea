"""Anonymous visitors share cached public pages; nobody else does."""

import datetime
import gzip

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
from django.middleware import gzip as gzip_middleware
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from committees.models import Committee
from kouvola_alue import cachescopes, pagecache
from tests.committees.factories import CommunitySpaceFactory
from tests.factories import CommitteeFactory, UserFactory
from tests.projects.factories import ProjectIdeaFactory

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
    # Only the shared cache is read: the versions of the page's scopes, then the page.
    with django_assert_num_queries(2):
        response = client.get(committee.get_absolute_url())
    assert "Ensimmäinen kuvaus." in response.content.decode()
    assert "max-age=60" in response["Cache-Control"]


# Committed for real: the versions change when a transaction commits.
@pytest.mark.django_db(transaction=True)
def test_a_staff_edit_shows_at_once(client, page_cache):
    committee = CommitteeFactory(task="Ensimmäinen kuvaus.")
    client.get(committee.get_absolute_url())
    with transaction.atomic():
        committee.task = "Toinen kuvaus."
        committee.save()
        # What the admin does after a save (cachescopes.ScopesAdminMixin).
        cachescopes.forget(*committee.cache_scopes())
    assert "Toinen kuvaus." in client.get(committee.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_only_a_forgotten_scope_changes_a_page(client, page_cache):
    """
    No write is noticed by itself (the SQL-matching wrapper is gone): a row changed without
    forgetting its scope leaves the kept page as it was, until its scope is forgotten.
    """
    committee = CommitteeFactory(task="Ensimmäinen kuvaus.")
    client.get(committee.get_absolute_url())
    Committee.objects.filter(pk=committee.pk).update(task="Toinen kuvaus.")
    assert "Ensimmäinen" in client.get(committee.get_absolute_url()).content.decode()
    with transaction.atomic():
        cachescopes.forget("committee:someone-else", "ideas")
    assert "Ensimmäinen" in client.get(committee.get_absolute_url()).content.decode()
    with transaction.atomic():
        cachescopes.forget(f"committee:{committee.slug}")
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
                cachescopes.forget(*committee.cache_scopes())
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
        assert cursor.fetchone()[0] == 1  # the page
        # The versions in a table of their own, which pages cannot crowd out.
        cursor.execute("SELECT cache_key FROM kouvola_scopes")
        assert [key for (key,) in cursor.fetchall()] == [f":1:{cachescopes.EVERYTHING}"]


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
    # The versions, then the file: no query of the committees.
    with django_assert_num_queries(2):
        again = client.get(url)
    assert _body(again).decode().count("Ensimmäinen kuvaus.") == 1
    assert again["ETag"] == first["ETag"] and again["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    with transaction.atomic():
        committee.task = "Toinen kuvaus."
        committee.save()
        cachescopes.forget(*committee.cache_scopes())
    after = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert "Toinen kuvaus." in _body(after).decode()


@pytest.mark.django_db(transaction=True)
def test_a_calendar_is_kept_until_a_meeting_changes(client, content_cache):
    committee = CommitteeFactory()
    url = f"/aluetoimikunnat/{committee.slug}/kalenteri.ics"
    first = _body(client.get(url))
    assert _body(client.get(url)) == first
    with transaction.atomic():
        committee.name = "Uusi nimi"
        committee.save()
        # A rename forgets everything (committees/admin/rosters.py: CommitteeAdmin).
        cachescopes.forget_everything()
    assert "Uusi nimi" in _body(client.get(url)).decode()


@pytest.mark.django_db(transaction=True)
def test_home_fragments_are_kept_until_their_scope_is_forgotten(client, content_cache):
    committee = CommitteeFactory(name="Ensimmäinen toimikunta")
    assert "Ensimmäinen toimikunta" in client.get("/").content.decode()
    # The fragment is what is shown: a row changed without forgetting its scope is not.
    Committee.objects.filter(pk=committee.pk).update(name="Toinen toimikunta")
    assert "Ensimmäinen toimikunta" in client.get("/").content.decode()
    with transaction.atomic():
        cachescopes.forget(*committee.cache_scopes())
    page = client.get("/").content.decode()
    assert "Toinen toimikunta" in page and "Ensimmäinen toimikunta" not in page
    # Each language has its own copy.
    assert "Toinen toimikunta" in client.get("/en/").content.decode()


# --- Bounded keys ------------------------------------------------------------------------------


def _page_keys():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM kouvola_pages WHERE cache_key LIKE '%page:%'")
        return {key for (key,) in cursor.fetchall()}


def test_unknown_parameters_make_no_keys_of_their_own(client, page_cache):
    ProjectIdeaFactory(title="Koirapuisto")
    assert "Koirapuisto" in client.get("/hankkeet/").content.decode()
    keys = _page_keys()
    assert len(keys) == 1
    for number in range(5):
        page = client.get(f"/hankkeet/?utm_source=x{number}&fbclid={number}")
        assert page.status_code == 200 and "Koirapuisto" in page.content.decode()
    # Answered from the unfiltered key, and nothing stored under any other.
    assert _page_keys() == keys


def test_known_parameters_are_normalised_and_sorted_into_one_key(client, page_cache):
    ProjectIdeaFactory(title="Koirapuisto")
    client.get("/hankkeet/?alue=valkeala&alue=keskusta&q=koira")
    keys = _page_keys()
    assert len(keys) == 1
    for same in (
        "/hankkeet/?q=koira&alue=keskusta&alue=valkeala",
        "/hankkeet/?alue=Keskusta&q=%20Koira%20&alue=valkeala&alue=keskusta",
    ):
        assert client.get(same).status_code == 200
    assert _page_keys() == keys
    # A value that is no value of the filter is left out of the key: the page is that of the
    # unfiltered list, stored only when asked for without it.
    assert client.get("/hankkeet/?alue=<script>").status_code == 200
    assert _page_keys() == keys
    assert client.get("/hankkeet/").status_code == 200
    assert client.get("/hankkeet/?alue=<script>").status_code == 200
    assert len(_page_keys()) == 2


def test_a_kept_page_is_sent_gzipped_as_kept_and_compressed_once(client, page_cache, monkeypatch):
    committee = CommitteeFactory(task="Ensimmäinen kuvaus.")
    url = committee.get_absolute_url()
    compressed = []
    real = pagecache.compress_string
    monkeypatch.setattr(
        pagecache, "compress_string", lambda data: compressed.append(1) or real(data)
    )
    # Django's own gzip must not run on a kept page: it would compress it on every visit.
    monkeypatch.setattr(gzip_middleware, "compress_string", _never)

    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get(url)

    assert compressed == [1]
    for zipped in (first, again):
        assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
        assert gzip.decompress(zipped.content) == plain.content
        # As GZipMiddleware does: the compressed bytes are not those of the strong ETag.
        assert zipped["ETag"] == "W/" + plain["ETag"]
    assert not plain.has_header("Content-Encoding")
    assert "Ensimmäinen kuvaus." in plain.content.decode()
    assert client.get(url, HTTP_IF_NONE_MATCH=again["ETag"]).status_code == 304


def _never(*args, **kwargs):
    raise AssertionError("compressed again")


# --- Conditional requests: 304 and HEAD --------------------------------------------------------


def test_a_kept_page_answers_304_without_a_content_length(client, page_cache):
    committee = CommitteeFactory()
    first = client.get(committee.get_absolute_url())
    etag = first["ETag"]
    for method in (client.get, client.head):
        repeat = method(committee.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
        assert repeat.status_code == 304
        # RFC 9110 §8.6: a 304 says nothing of a body's length (CommonMiddleware added 0).
        assert not repeat.has_header("Content-Length") and repeat.content == b""
    assert client.get(committee.get_absolute_url(), HTTP_IF_NONE_MATCH='"other"').status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_page_s_etag_changes_exactly_when_its_scope_is_forgotten(client, page_cache):
    keskusta, valkeala = CommitteeFactory(slug="keskusta"), CommitteeFactory(slug="valkeala")
    etags = {c.slug: client.get(c.get_absolute_url())["ETag"] for c in (keskusta, valkeala)}
    with transaction.atomic():
        cachescopes.forget(*valkeala.cache_scopes())
    assert client.get(keskusta.get_absolute_url())["ETag"] == etags["keskusta"]
    again = client.get(valkeala.get_absolute_url(), HTTP_IF_NONE_MATCH=etags["valkeala"])
    assert again.status_code == 200 and again["ETag"] != etags["valkeala"]


@pytest.mark.parametrize("cached", [True, False])
def test_head_answers_downloads_like_get(client, settings, cached):
    """With the content cache on or off: the ETag is known before the body."""
    settings.CONTENT_CACHE_SECONDS = 3600 if cached else 0
    CommitteeFactory()
    url = "/avoin-data/aluetoimikunnat.json"
    first = client.get(url)
    etag = first["ETag"]
    later = http_date((timezone.now() + datetime.timedelta(days=1)).timestamp())
    for method in (client.get, client.head):
        not_modified = method(url, HTTP_IF_NONE_MATCH=etag)
        assert not_modified.status_code == 304
        assert not not_modified.has_header("Content-Length")
        assert method(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
        # No Last-Modified is given (a date cannot tell a removed row), so a date alone gets
        # the whole answer, from HEAD as from GET.
        assert method(url, HTTP_IF_MODIFIED_SINCE=later).status_code == 200
    assert client.head(url)["ETag"] == etag


def test_with_the_content_cache_off_a_download_stays_streamed(client, settings):
    settings.CONTENT_CACHE_SECONDS = 0
    CommitteeFactory(task="Ensimmäinen kuvaus.")
    response = client.get("/avoin-data/aluetoimikunnat.csv")
    assert response.streaming and response.has_header("ETag")
    assert "Ensimmäinen kuvaus." in response.getvalue().decode()


def test_the_spaces_and_the_catalogue_are_kept_too(client, page_cache, settings):
    settings.CONTENT_CACHE_SECONDS = 3600
    space = CommunitySpaceFactory(name="Kylätalo")
    for url in ("/tilat/", space.get_absolute_url(), "/avoin-data/catalog.jsonld"):
        first = client.get(url)
        assert first.status_code == 200
        # The versions of the page's scopes, then the page: none of its rows are read.
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url)
        assert len(queries) == 2, url
        assert again.getvalue() == first.getvalue() and again["ETag"] == first["ETag"]
