"""
The fixtures every test module may ask for by name (test modules never import each other):

- ``city_facts``: the city's facts as ``seed_kouvola`` loads them (committees, terms, goals, …).
- ``demo``: the city's facts and the whole demo content (``seed_kouvola --demo``), seeded ONCE
  per session (per xdist worker) and shared by every non-transactional test that asks for it;
  each test's changes are rolled back by its own transaction, as in Django's TestCase. Not for
  transactional or browser tests (their data must be committed: seed there, as tests/e2e do).
- ``demo_site``: ``demo`` as a visitor meets it, with DEBUG off.
- ``site_pages``: the demo site crawled once per session, ``{"fi": {url: Page}, "en": {…}}``
  (tests/support.py's ``crawl`` and ``Page``): every whole-site check reads these pages instead
  of crawling again.
- ``term``, ``committee``, ``clerk``, ``clerk_client``: one current term, one committee, the
  city's clerk and the clerk signed in to the admin.
- tests/e2e/conftest.py adds the browser's: ``demo_content``, ``demo_committees``,
  ``demo_ideas``, ``demo_meetings`` (committed for the live server), ``new_context``,
  ``sign_in_to_admin``, ``assert_accessible``.

Plain helpers (html_of, text_of, link_in, free_port, crawl, …) live in tests/support.py;
docs/TESTING.md has the whole list.
"""

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client, override_settings

from kouvola_alue import cachescopes
from tests import factories
from tests.support import IN_CI, crawl


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
    tests after all the others that use the database (as Django's test runner does), whose
    tables must still hold it (``_order``).
    """
    for item in items:
        if _uses_demo(item) and not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db)
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and "serialized_rollback" not in marker.kwargs
        ):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)
    items.sort(key=_order)
    items[:] = _browser_tests_spread(items)


def _order(item):
    """
    The order the tests run in, as Django's runner has it (tests in a transaction, then the
    transactional ones, then those without a database: pytest-django sorts so too), and:

    - the tests of the shared demo one after the other, so it is seeded only once; and
      first, so that pytest-xdist's first batch (a quarter of a worker's share: its
      LoadScheduling sends consecutive tests) gives them all to one worker, which seeds the
      demo and crawls the site once in the whole run;
    - the browser tests, the longest, before the other transactional ones, and the many short
      tests without a database last: they even out the workers' ends. The browser tests are
      then spread among those after them (``_browser_tests_spread``).
    """
    if _uses_demo(item):
        return 0
    if _transactional(item):
        return 2 if "live_server" in getattr(item, "fixturenames", ()) else 3
    marker = item.get_closest_marker("django_db")
    return 1 if marker or "db" in getattr(item, "fixturenames", ()) else 4


def _browser_tests_spread(items):
    """
    The tests after those in a transaction, with the browser tests (the longest: seconds each)
    spread evenly among the other transactional tests and those without a database, the last
    tenth of them short ones alone. pytest-xdist's ``load`` scheduling hands a worker that runs
    low up to half of its share of what is left at once: with the browser tests together, one
    worker took nearly all of them while the other finished 40 s earlier and waited. Spread,
    every batch holds its share of them. (Tests in a transaction still come first, as
    ``_order`` says: a worker runs its tests in this order.)
    """
    first = next((n for n, item in enumerate(items) if _order(item) >= 2), len(items))
    browser = [item for item in items[first:] if _order(item) == 2]
    others = [item for item in items[first:] if _order(item) != 2]
    if not browser:
        return items
    step = len(others) * 0.9 / len(browser)
    tail = []
    for number, item in enumerate(browser):
        tail.append(item)
        tail.extend(others[round(number * step) : round((number + 1) * step)])
    tail.extend(others[round(len(browser) * step) :])
    return items[:first] + tail


def _uses_demo(item):
    return "_demo_layer" in getattr(item, "fixturenames", ())


class _DemoLayer:
    """
    The demo content in an outer transaction of its own, under every test that asks for
    ``demo``: each test's transaction nests in it as a savepoint and is rolled back, and the
    layer itself is rolled back when the next test no longer needs it (the tests that do run
    together: pytest_collection_modifyitems), before any transactional test.
    """

    def __init__(self):
        self.blocker, self.atomic = None, None

    def open(self):
        if self.atomic is not None:
            return
        from portal import seed

        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            seed.seed_facts()
            seed.seed_demo()
            _clear_caches()

    def close(self):
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
            _clear_caches()
        self.atomic = None


_DEMO = _DemoLayer()


def _clear_caches():
    from django.conf import settings

    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before the test's own transaction opens: a demo test after others reopens the layer.
    if _uses_demo(item) and _DEMO.blocker is not None:
        _DEMO.open()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    # After the test's own transaction is rolled back.
    if nextitem is None or not _uses_demo(nextitem):
        _DEMO.close()


@pytest.fixture(scope="session")
def _demo_layer(django_db_setup, django_db_blocker):
    _DEMO.blocker = django_db_blocker
    _DEMO.open()
    yield _DEMO
    _DEMO.close()


@pytest.fixture
def demo(request, _demo_layer):
    """
    The facts and the whole demo content (tests/conftest.py's docstring), seeded once per
    session. A test that changes it sees its changes until it ends, then they are gone.
    """
    if _transactional(request.node):
        pytest.fail("demo is for non-transactional tests: seed the data in the test")
    request.getfixturevalue("db")


@pytest.fixture
def demo_site(demo, settings):
    """The demo as a visitor meets it: DEBUG off."""
    settings.DEBUG = False


@pytest.fixture(scope="session")
def site_pages(_demo_layer, django_db_blocker):
    """
    The demo site crawled once per session in each language, DEBUG off:
    ``{"fi": {url: Page}, "en": {url: Page}}`` (tests/support.py). Whatever the crawl wrote
    (a counter, a cache) is rolled back and forgotten.
    """
    settings = {"DEBUG": False, "LANGUAGE_CODE": "fi", "PAGE_CACHE_SECONDS": 0}
    with django_db_blocker.unblock(), override_settings(**settings), transaction.atomic():
        _clear_caches()
        cachescopes.versions()
        pages = {language: crawl(Client(), language) for language in ("fi", "en")}
        transaction.set_rollback(True)
    with django_db_blocker.unblock():
        _clear_caches()
    return pages


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
