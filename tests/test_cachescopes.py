"""
Cached pages are forgotten only where something public changed (kouvola_alue/cachescopes.py):
residents' submissions, mail bookkeeping and purges keep every kept page; a staff publication
gives the pages that show it new keys, on every process that shares the cache.
"""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.services import membership_create
from kouvola_alue import cachescopes, personal_data
from projects.models import ProjectIdea
from projects.services import idea_publish
from tests.bookings.factories import bookable_space, booking_data
from tests.committees.factories import upcoming
from tests.factories import CommitteeFactory, GoalFactory, PersonFactory, current_term
from tests.projects.factories import PendingIdeaFactory, ProjectIdeaFactory, RejectedIdeaFactory
from tests.recruitment.factories import aged_token, application_data, open_campaign
from tests.support import admin_form_post

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.CONTENT_CACHE_SECONDS = 3600


@pytest.fixture
def site(db):
    keskusta = CommitteeFactory(slug="keskusta", name="Keskustan aluetoimikunta", order=1)
    valkeala = CommitteeFactory(slug="valkeala", name="Valkealan aluetoimikunta", order=2)
    term = current_term()
    membership_create(committee=keskusta, term=term, person=PersonFactory(last_name="Ensinen"))
    goal = GoalFactory(slug="osallisuus", title="osallisuutta")
    campaign = open_campaign(keskusta, valkeala, title="Kevään jäsenhaku", slug="kevat")
    idea = ProjectIdeaFactory(title="Koirapuisto", committees=[keskusta], goals=[goal])
    pending = PendingIdeaFactory(title="Kirjastoauto", slug="kirjastoauto", committees=[keskusta])
    space = bookable_space(committee=valkeala, name="Kylätalo")
    upcoming(committee=keskusta, title="Kevätkokous")
    return {
        "keskusta": keskusta,
        "valkeala": valkeala,
        "goal": goal,
        "campaign": campaign,
        "idea": idea,
        "pending": pending,
        "space": space,
    }


def public_urls(site):
    return [
        "/",
        "/en/",
        "/aluetoimikunnat/",
        "/aluetoimikunnat/keskusta/",
        "/aluetoimikunnat/valkeala/",
        "/hankkeet/",
        "/hankkeet/?alue=keskusta",
        site["idea"].get_absolute_url(),
        "/kokoukset/",
        "/jasenhaku/",
        "/jasenhaku/kevat/",
        "/tilat/",
        site["space"].get_absolute_url(),
        "/avoin-data/",
        "/avoin-data/hankeideat.json",
        "/kokoukset/kalenteri.ics",
        "/avoin-data/catalog.jsonld",
    ]


def _rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key, value FROM {table}")
        return dict(cursor.fetchall())


def _bodies(visitor, urls):
    bodies = {}
    for url in urls:
        response = visitor.get(url)
        assert response.status_code == 200, url
        bodies[url] = response.getvalue()
    return bodies


def test_residents_mail_and_purges_leave_every_cached_page(
    client, caching, site, django_capture_on_commit_callbacks
):
    urls = public_urls(site)
    visitor = Client()
    _bodies(visitor, urls)
    versions, pages = _rows("kouvola_scopes"), _rows("kouvola_pages")
    # Every address above is kept: the pages, their fragments and the files.
    assert len(pages) >= len(urls)
    old = timezone.now() - datetime.timedelta(days=800)
    decided = RejectedIdeaFactory(proposer_name="Paula Poistettava", rejected_at=old)

    with django_capture_on_commit_callbacks(execute=True):
        # An application, with its receipt mailed (and marked sent) at once.
        applied = client.post(
            reverse("recruitment:apply", kwargs={"slug": "kevat"}),
            application_data(site["keskusta"]),
        )
        assert applied.status_code == 302
        # A project idea, waiting for moderation.
        proposal = {
            "title": "Uimaranta",
            "summary": "Uimaranta kylälle.",
            "description": "Laituri ja pukukoppi.",
            "committees": [site["valkeala"].pk],
            "goals": [site["goal"].pk],
            "proposer_name": "Maija Ehdottaja",
            "proposer_email": "maija@example.invalid",
            "notify_proposer": "on",
            "website": "",
            "rendered_at": aged_token(),
        }
        assert client.post(reverse("projects:propose"), proposal).status_code == 302
        # A booking request, waiting for the requester's confirmation.
        booked = client.post(f"/tilat/{site['space'].pk}/varaa/", booking_data())
        assert booked.status_code == 302
        # A follow, waiting for its confirmation.
        followed = client.post(
            reverse("following:follow", kwargs={"slug": "valkeala"}),
            {
                "email": "seuraaja@example.fi",
                "topics": ["meetings", "ideas"],
                "frequency": "immediate",
                "website": "",
                "rendered_at": aged_token(),
            },
        )
        assert followed.status_code == 302
        # Purges of personal data.
        # Every declared one (kouvola_alue.personal_data): nothing of it is on a public page.
        personal_data.purge_all()

    assert ProjectIdea.objects.get(title="Uimaranta").moderation == "pending"
    decided.refresh_from_db()
    assert decided.proposer_name == ""
    assert len(mail.outbox) >= 3
    # No scope has a new version, and every address is answered from the entry it had.
    assert _rows("kouvola_scopes") == versions
    assert _bodies(visitor, urls)
    assert _rows("kouvola_pages").keys() == pages.keys()


def test_a_staff_edit_of_one_committee_keeps_the_other_committees_pages(
    clerk_client, caching, site, django_capture_on_commit_callbacks
):
    visitor = Client()
    urls = ["/aluetoimikunnat/keskusta/", "/aluetoimikunnat/valkeala/", "/hankkeet/"]
    _bodies(visitor, urls)
    before = _rows("kouvola_pages")
    url = reverse("admin:committees_committee_change", args=[site["valkeala"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        saved = admin_form_post(clerk_client, url, task="Uusi tehtävänkuvaus Valkealalle.")
    assert saved.status_code == 302, saved.content.decode()[:2000]

    assert "Uusi tehtävänkuvaus" in visitor.get("/aluetoimikunnat/valkeala/").content.decode()
    # The other committee's page and the ideas are answered from their entries: no new key,
    # and only the shared cache read (the versions, the page).
    with CaptureQueriesContext(connection) as queries:
        for other in ("/aluetoimikunnat/keskusta/", "/hankkeet/"):
            assert visitor.get(other).status_code == 200
    assert len(queries) == 4
    # Valkeala's page alone was rendered again: its new entry and its content fragment.
    after = _rows("kouvola_pages")
    assert set(before) < set(after) and len(after) == len(before) + 2


def test_a_renamed_committee_forgets_every_page_that_names_it(
    clerk_client, caching, site, django_capture_on_commit_callbacks
):
    visitor = Client()
    assert "Keskustan aluetoimikunta" in visitor.get("/aluetoimikunnat/valkeala/").content.decode()
    url = reverse("admin:committees_committee_change", args=[site["keskusta"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        saved = admin_form_post(clerk_client, url, name="Keskustan uusi toimikunta")
    assert saved.status_code == 302
    # Every committee's page lists the areas by name.
    assert "Keskustan uusi toimikunta" in visitor.get("/aluetoimikunnat/valkeala/").content.decode()


def _other_process(code):
    """Run ``code`` in a Django shell of its own, on this test database and its cache tables."""
    database = connection.settings_dict
    url = (
        f"postgresql://{database['USER']}:{database['PASSWORD'] or ''}@"
        f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(DJANGO_SETTINGS_MODULE="kouvola_alue.test_settings", DATABASE_URL=url)
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


PUBLISH = (
    "from projects.models import ProjectIdea\n"
    "from projects.services import idea_publish\n"
    "idea_publish(idea=ProjectIdea.objects.get(slug='kirjastoauto'))\n"
)


# Committed for real; "another process" is a Django shell of its own sharing the database and
# its cache tables, as a second machine would (PostgreSQL: SQLite's test database is in memory).
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "publisher", ["this process", pytest.param("another process", marks=pytest.mark.postgresql)]
)
def test_publishing_an_idea_refreshes_the_pages_that_show_it(
    caching, site, publisher, time_machine
):
    # The committee pages' keys carry a five-minute period (clock=True): start at the beginning
    # of one, so the test's seconds (another process starts in several) never cross into the
    # next, which would render Valkeala's page again for a reason that is not the publication.
    period = cachescopes.PERIOD
    start = (timezone.now().timestamp() // period + 1) * period + 1
    time_machine.move_to(datetime.datetime.fromtimestamp(start, tz=datetime.UTC), tick=True)
    visitor = Client()
    shows = ["/", "/hankkeet/", "/hankkeet/?alue=keskusta", "/aluetoimikunnat/keskusta/"]
    for url in shows:
        assert "Kirjastoauto" not in visitor.get(url).content.decode()
    assert visitor.get("/hankkeet/kirjastoauto/").status_code == 404
    visitor.get("/aluetoimikunnat/valkeala/")
    kept = _rows("kouvola_pages")
    if publisher == "this process":
        idea_publish(idea=site["pending"])
    else:
        _other_process(PUBLISH)
    for url in shows:
        assert "Kirjastoauto" in visitor.get(url).content.decode(), url
    assert visitor.get("/hankkeet/kirjastoauto/").status_code == 200
    # Valkeala shows no idea of Keskusta: its page is still answered from its entry (the
    # versions and the page read, nothing else).
    with CaptureQueriesContext(connection) as queries:
        visitor.get("/aluetoimikunnat/valkeala/")
    assert len(queries) == 2
    assert set(kept) <= set(_rows("kouvola_pages"))


# --- The versions themselves -------------------------------------------------------------------


def test_versions_live_apart_from_the_pages_and_are_never_culled(settings):
    scopes = caches[cachescopes.ALIAS]
    assert settings.CACHES["scopes"]["LOCATION"] != settings.CACHES["pages"]["LOCATION"]
    assert scopes._max_entries >= 2**31 - 1
    first = cachescopes.versions("ideas")
    # Emptying the pages' table (the most a flood of addresses can make culling do) leaves the
    # versions as they were.
    caches["pages"].clear()
    assert cachescopes.versions("ideas") == first


def test_forget_changes_only_the_scopes_named_and_only_on_commit(
    django_capture_on_commit_callbacks,
):
    ideas, committee = cachescopes.versions("ideas"), cachescopes.versions("committee:valkeala")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cachescopes.forget("ideas")
    assert cachescopes.versions("ideas") == ideas
    for callback in callbacks:
        callback()
    assert cachescopes.versions("ideas") != ideas
    assert cachescopes.versions("committee:valkeala") == committee
    with django_capture_on_commit_callbacks(execute=True):
        cachescopes.forget_everything()
    assert cachescopes.versions("committee:valkeala") != committee
