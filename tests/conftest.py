import pytest
from django.core.cache import caches
from django.db import connection

from kouvola_alue import cachescopes
from tests import factories
from tests.support import IN_CI


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or "live_server" in fixtures
        or "transactional_db" in fixtures
    )


def pytest_collection_modifyitems(items):
    """
    A transactional test (browser journeys, concurrency) empties the tables when it ends,
    which would also remove what data migrations created, such as the Elinvoimajaosto group.
    Restore it before each such test, as Django's serialized_rollback does, and run those
    tests after all the others (as Django's test runner does), whose tables must still hold
    it.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and "serialized_rollback" not in marker.kwargs
        ):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)
    items.sort(key=_transactional)


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


@pytest.fixture(autouse=True)
def _empty_caches(request, settings):
    """
    Every test that uses the database starts with empty caches: the cache tables are no
    models, so the flush after a transactional test (browser journeys, concurrency) would
    leave what it cached there for the next test.
    """
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        request.getfixturevalue("db")
        for alias in settings.CACHES:
            caches[alias].clear()
        # As on a running site: the scopes' common version exists (kouvola_alue/cachescopes.py),
        # so a query budget counts the one read of the versions, not their first write.
        cachescopes.versions()


@pytest.fixture
def city_facts(db):
    """
    The city's facts loaded from the apps' data files, as `manage.py seed_kouvola` loads them:
    the five committees, both terms, the page sections, the thirteen goals and the campaigns
    with their recorded numbers. Returns the counts of rows created.
    """
    from portal.seed import seed_facts

    return seed_facts()


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
    """The clerk signed in with password and second factor (the admin asks for both)."""
    return factories.sign_in_staff(client, clerk)
