import os

import pytest
from django.db import connection

from tests import factories

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(autouse=True)
def _require_postgresql(request):
    """Tests marked ``postgresql`` need PostgreSQL; in CI its absence is a failure."""
    if request.node.get_closest_marker("postgresql") and connection.vendor != "postgresql":
        reason = "needs PostgreSQL: set DATABASE_URL=postgresql://… (CI runs it)"
        if IN_CI:
            pytest.fail(f"CI must not skip: {reason}")
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _finnish_by_default(settings):
    settings.LANGUAGE_CODE = "fi"


@pytest.fixture
def term(db):
    return factories.current_term()


@pytest.fixture
def committee(db):
    return factories.CommitteeFactory()


@pytest.fixture
def clerk(db):
    """A member of the city's Elinvoimajaosto staff group, as the data migration made it."""
    return factories.clerk()


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client
