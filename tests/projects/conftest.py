import pytest

from tests.factories import CommitteeFactory, GoalFactory

AREAS = [
    ("anjalankoski", "Anjalankoski"),
    ("elimaki-koria", "Elimäki-Koria"),
    ("keskusta", "Kouvolan keskusta-alue"),
    ("kuusankoski-jaala", "Kuusankoski-Jaala"),
    ("valkeala", "Valkeala"),
]


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
