import pytest

from tests.factories import CommitteeFactory
from tests.recruitment.factories import open_campaign


@pytest.fixture
def committees(db):
    return [
        CommitteeFactory(
            slug="anjalankoski",
            name="Anjalankosken aluetoimikunta",
            area_name="Anjalankoski",
            order=1,
        ),
        CommitteeFactory(
            slug="valkeala", name="Valkealan aluetoimikunta", area_name="Valkeala", order=5
        ),
    ]


@pytest.fixture
def campaign(committees):
    return open_campaign(*committees, title="Jäsenhaku testi", slug="testihaku")
