"""A public page makes the same few queries however large the rosters grow."""

import pytest

from committees import seed
from committees.models import Committee
from projects import seed as projects_seed
from tests.factories import roster

pytestmark = pytest.mark.django_db

# The home page also reads the latest ideas, the next meetings and the open recruitment; a
# committee's page its ideas, its next and past meetings, its community spaces and its open
# recruitment. tests/projects/test_public_pages.py, tests/committees/test_meetings.py and
# tests/recruitment/test_pages.py show those stay flat as the data grows.
PAGES = [
    ("/", 8),
    ("/aluetoimikunnat/", 3),
    ("/aluetoimikunnat/valkeala/", 10),
    ("/aluetoimikunnat/valkeala/{term}/", 4),
    ("/saavutettavuus/", 1),
]


@pytest.fixture
def city(term):
    seed.seed_facts()
    projects_seed.seed_facts()
    return term


def grow_rosters(term, members, deputies, chair):
    for committee in Committee.objects.all():
        roster(committee, term, members=members, deputies=deputies, chair=chair)


@pytest.mark.parametrize(("path", "budget"), PAGES)
def test_budget_holds_for_small_and_full_rosters(
    client, city, django_assert_max_num_queries, path, budget
):
    url = path.format(term=city.slug)
    grow_rosters(city, members=2, deputies=1, chair=True)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200
    grow_rosters(city, members=9, deputies=9, chair=False)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
