"""
Browser journeys: Playwright drives Debian's Chromium (never a downloaded browser) against
the live server, and axe-core checks each page for WCAG 2.1 A/AA violations and its best
practices.
"""

import os
import shutil
import sqlite3

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.support import IN_CI, NO_MOTION_CSS

# Playwright's sync API runs an event loop in the test thread, beside the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# WCAG 2.1 A/AA and axe's best practices (landmarks, one main, heading order, …).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        reason = "needs Chromium at /usr/bin/chromium (apt-get install chromium; CI installs it)"
        if IN_CI:
            pytest.fail(f"CI must not skip: {reason}")
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Every context the tests open asks for reduced motion, as a person may set it."""
    return {**browser_context_args, "reduced_motion": "reduce"}


# The stylesheets as sent, NO_MOTION_CSS appended, by address: the site's static files do not
# change during a run, and a routed context has no HTTP cache (Playwright turns it off), so
# without this every page of every test fetched them from the live server again.
_STYLESHEETS = {}


def without_motion(context):
    """
    Turn off CSS transitions and animations in ``context``: tests/support.py's NO_MOTION_CSS
    is appended to every stylesheet the site sends, so it holds with JavaScript and without
    (the pages have no inline style: the Content-Security-Policy forbids it).
    """

    def append(route):
        try:
            url = route.request.url
            if url not in _STYLESHEETS:
                response = route.fetch()
                headers = {
                    name: value
                    for name, value in response.headers.items()
                    if name.lower() not in ("content-encoding", "content-length")
                }
                body = response.body() + b"\n" + NO_MOTION_CSS.encode()
                if response.status != 200:
                    route.fulfill(status=response.status, headers=headers, body=body)
                    return
                _STYLESHEETS[url] = headers, body
            headers, body = _STYLESHEETS[url]
            route.fulfill(status=200, headers=headers, body=body)
        except PlaywrightError:
            # The page or its context closed while the stylesheet was on its way (the test
            # has ended): nobody will read it.
            return

    context.route("**/*.css", append)
    return context


@pytest.fixture(scope="session")
def _browser_profile(browser, browser_context_args):
    """
    The browser context every test's ``page`` opens in, one per worker, without motion, with
    one blank tab kept open: Chromium then keeps the renderer it has warmed (the site's pages,
    axe compiled and run) for the next test's tab. A new context per test started a new renderer
    each time, which spent about a second of CPU more on its first page and its first axe check.
    """
    profile = without_motion(browser.new_context(**browser_context_args))
    profile.new_page()
    yield profile
    profile.unroute_all(behavior="ignoreErrors")
    profile.close()


@pytest.fixture
def context(_browser_profile):
    """
    The context ``page`` opens in (pytest-playwright's name), as a new one would be for the test:
    no cookie of an earlier test (a sign-in, a session, the language), no tab of it open. The
    site keeps nothing else in the browser (no web storage, no service worker); the HTTP cache
    is off in a routed context; each test's tab has its own viewport and media.
    """
    _browser_profile.clear_cookies()
    _browser_profile.clear_permissions()
    yield _browser_profile
    for tab in _browser_profile.pages[1:]:  # all but the blank one kept open
        tab.close()


@pytest.fixture
def new_context(browser, browser_context_args):
    """Open another browser context, with ``kwargs`` (java_script_enabled=False, …), without
    motion like every other; it is closed when the test ends."""
    opened = []

    def open_context(**kwargs):
        context = without_motion(browser.new_context(**browser_context_args, **kwargs))
        opened.append(context)
        context.on("close", lambda closed: opened.remove(closed))
        return context

    yield open_context
    for each in list(opened):
        each.unroute_all(behavior="ignoreErrors")
        each.close()


@pytest.fixture(scope="session", autouse=True)
def _serialized_database_under_playwright(request, django_db_setup):
    """
    Playwright runs an event loop in this thread, and from then on Django keeps its database
    connections per async context instead of per thread: a new connection object, without
    the database contents serialized at set-up that transactional tests restore (the
    Elinvoimajaosto group). Hand them over, or a browser test that follows a plain database
    test finds the group gone.
    """
    from django.db import connections

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    request.getfixturevalue("playwright")
    for alias, contents in serialized.items():
        if not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents


# --- The data a journey starts from: committed (the live server reads it), built on ---------
# --- tests/conftest.py's city_facts. The flush after each browser test removes it. ----------


class _Seeds:
    """
    The seeding fixtures' data, seeded once per worker and then copied back. On SQLite the
    first test that asks for a seed runs it and keeps a copy of the whole database as it then
    is (sqlite3's backup: the pages of the file, not its rows); every later test that asks
    finds the database as that test did before seeding (checked: every table's row count)
    and gets the copy back, in a millisecond instead of seconds of seeding. A new day seeds
    again (the demo's dates are relative to today). On other databases every test seeds.
    """

    def __init__(self):
        self.copies = {}

    def seed(self, name, seed):
        from django.db import connection
        from django.utils import timezone

        if connection.vendor != "sqlite":
            seed()
            return
        connection.ensure_connection()
        key = (name, timezone.localdate())
        before = self.row_counts(connection)
        if key not in self.copies:
            seed()
            copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(copy)
            self.copies[key] = (before, copy)
            return
        expected, copy = self.copies[key]
        assert before == expected, (
            f"The database before {name} is not as it was when {name} was seeded, and the "
            "copy would replace what the test made: ask for the seeding fixture first. "
            f"Tables that differ: {sorted(set(before.items()) ^ set(expected.items()))}"
        )
        copy.backup(connection.connection)

    @staticmethod
    def row_counts(connection):
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            counts = {}
            for table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                counts[table] = cursor.fetchone()[0]
        return counts


_SEEDS = _Seeds()


@pytest.fixture
def demo_content(city_facts):
    """The whole demo content, as `seed_kouvola --demo` seeds it (portal/seed.py)."""
    from portal import seed

    _SEEDS.seed("demo_content", seed.seed_demo)


@pytest.fixture
def demo_committees(city_facts):
    """The committees' demo content only: members, terms (committees/seed.py)."""
    from committees import seed

    _SEEDS.seed("demo_committees", seed.seed_demo)


@pytest.fixture
def demo_ideas(demo_committees):
    """The committees' demo content and the demo project ideas."""
    from projects.seed import seed_demo_ideas

    _SEEDS.seed("demo_ideas", seed_demo_ideas)


@pytest.fixture
def demo_meetings(demo_committees):
    """The committees' demo content and the demo meetings (and their spaces)."""
    from committees.seed_meetings import seed_demo_meetings

    _SEEDS.seed("demo_meetings", seed_demo_meetings)


@pytest.fixture
def sign_in_to_admin(live_server):
    """
    A staff member signs in as in real life: the password, then the code their
    authenticator app shows (the device is made here, as if enrolled earlier).
    """

    def sign_in(page, path, user, password):
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "puhelin"}
        )
        page.goto(live_server.url + path)
        page.get_by_label("Käyttäjätunnus").fill(user.get_username())
        page.get_by_label("Salasana").fill(password)
        page.get_by_role("button", name="Kirjaudu sisään").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Kaksivaiheinen tunnistautuminen")
        page.get_by_role("textbox", name="Koodi").fill(f"{TOTP(device.bin_key).token():06d}")
        page.get_by_role("button", name="Vahvista").click()

    return sign_in


@pytest.fixture
def assert_accessible():
    axe = Axe()

    def check(page):
        # The page as a person meets it: loaded, and its scripts' pending frame drawn (the
        # admin names its table inputs from a script), so axe never judges it half-way.
        page.wait_for_load_state("load")
        page.evaluate(
            "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
        results = axe.run(
            page,
            options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
        )
        assert results.violations_count == 0, results.generate_report()

    return check
