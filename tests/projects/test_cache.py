import pytest
from django.core.cache import caches
from django.urls import reverse

from projects import services
from tests.projects.factories import PendingIdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_the_proposal_form_is_never_served_from_the_page_cache(client, areas, page_cache):
    first = client.get(reverse("projects:propose")).content
    second = client.get(reverse("projects:propose")).content
    # Each visitor gets their own form token (and CSRF token).
    assert first != second


def test_a_published_idea_is_fresh_for_signed_in_staff_at_once(clerk_client, areas, page_cache):
    idea = PendingIdeaFactory(title="Koirapuisto", committees=[areas["valkeala"]])
    url = reverse("projects:list")
    assert "Koirapuisto" not in clerk_client.get(url).content.decode()
    services.idea_publish(idea=idea)
    assert "Koirapuisto" in clerk_client.get(url).content.decode()
