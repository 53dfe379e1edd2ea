"""Anonymous visitors share cached public pages; nobody else does."""

import pytest

from tests.factories import CommitteeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_a_repeated_visit_is_served_from_the_cache(client, page_cache, django_assert_num_queries):
    committee = CommitteeFactory(task="Ensimmäinen kuvaus.")
    assert "Ensimmäinen kuvaus." in client.get(committee.get_absolute_url()).content.decode()
    committee.task = "Toinen kuvaus."
    committee.save()
    with django_assert_num_queries(0):
        response = client.get(committee.get_absolute_url())
    assert "Ensimmäinen kuvaus." in response.content.decode()
    assert "max-age=60" in response["Cache-Control"]


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
