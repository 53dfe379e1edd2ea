import pytest
from django.core.cache import cache

from tests.factories import CommitteeFactory, GoalFactory

AREAS = [
    ("anjalankoski", "Anjalankoski"),
    ("elimaki-koria", "Elimäki-Koria"),
    ("keskusta", "Kouvolan keskusta-alue"),
    ("kuusankoski-jaala", "Kuusankoski-Jaala"),
    ("valkeala", "Valkeala"),
]


@pytest.fixture(autouse=True)
def _empty_cache(db):
    """Rate limits live in the cache table; each test starts with none counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def areas(db):
    """The five committees by slug."""
    return {
        slug: CommitteeFactory(slug=slug, area_name=name, name=f"{name}n aluetoimikunta")
        for slug, name in AREAS
    }


@pytest.fixture
def goals(db):
    return {
        slug: GoalFactory(slug=slug, title=title)
        for slug, title in [
            ("osallisuus", "asukkaiden osallisuutta"),
            ("ennaltaehkaisy", "ennaltaehkäisyä"),
            ("yhteistyo", "yhteistyötä"),
        ]
    }
