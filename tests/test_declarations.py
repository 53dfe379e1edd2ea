"""
Issue 17: a new public form and a new private link need only declarations. A throwaway form
and a throwaway link are declared here and mounted in this module's own URLconf; with nothing
else written they get the limit (the public forms' one 429 message), the one-time stamp, and
the private-link flow: the token out of the address, a 404 for a wrong, expired or gone link
(an expired one saying so), private headers, the session's end, "Leave", the token hidden in
the logs, and a declared extra part of the link carried on to the page's address.
"""

import datetime
import re
import time

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from committees.models import Committee
from kouvola_alue.abuse import SpamProtectionMixin, form_stamp
from kouvola_alue.logfilters import private_link_prefixes
from kouvola_alue.privatelinks import PrivateLink
from kouvola_alue.publicforms import PostLimit, PublicFormView, limited_message
from kouvola_alue.signed_links import SignedKey
from portal.urls import urlpatterns as site_urlpatterns
from tests.factories import CommitteeFactory
from tests.support import html_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

# --- The throwaway form: its limit and its stamp are all it declares -------------------------


class NoteForm(SpamProtectionMixin, forms.Form):
    limit = PostLimit("tests-note", 2)
    note = forms.CharField(label="Muistiinpano")


SENT = []


class NoteView(PublicFormView):
    form_class = NoteForm
    template_name = "tests/note.html"
    success_url = "/kokeilu/kiitos/"

    def submit(self, form):
        SENT.append(form.cleaned_data["note"])


# --- The throwaway private link --------------------------------------------------------------

NOTE_LINK = PrivateLink(
    "tests_note",
    key=SignedKey(salt="tests.note", rows=Committee.objects.all(), key_field="slug", max_age=3600),
    home="home",
    home_label="Etusivu",
    invalid_text="Tarkista muistion linkki.",
    expired_text="Muistion linkki toimii tunnin.",
    left_message="Poistuit muistion sivuilta.",
    carries={"size": {"lyhyt", "pitka"}},
)


@require_safe
@NOTE_LINK.page
def own_note(request, committee):
    return HttpResponse(f"Muistio: {committee.name}")


@require_safe
@NOTE_LINK.page
def sized_note(request, committee, size):
    return HttpResponse(f"Muistio ({size}): {committee.name}")


urlpatterns = [
    path("kokeilu/lomake/", NoteView.as_view(), name="note"),
    path("kokeilu/muistio/oma/", own_note, name="own_note"),
    path("kokeilu/muistio/oma/poistu/", NOTE_LINK.leave_view(), name="leave_note"),
    path("kokeilu/muistio/oma/<slug:size>/", sized_note, name="sized_note"),
    path("kokeilu/muistio/<str:token>/", NOTE_LINK.open_view("own_note"), name="note_link"),
    path(
        "kokeilu/muistio/<str:token>/<slug:size>/",
        NOTE_LINK.open_view("sized_note"),
        name="sized_note_link",
    ),
    *site_urlpatterns,
]


@pytest.fixture(autouse=True)
def note_template(settings):
    """The throwaway form's page: its errors and its fields, nothing else."""
    engine = {**settings.TEMPLATES[0], "APP_DIRS": False}
    engine["OPTIONS"] = {
        **engine["OPTIONS"],
        "loaders": [
            (
                "django.template.loaders.locmem.Loader",
                {
                    "tests/note.html": "{% for e in form.non_field_errors %}<p>{{ e }}</p>"
                    "{% endfor %}<form method='post'>{{ form.as_div }}</form>"
                },
            ),
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    }
    settings.TEMPLATES = [engine]
    SENT.clear()


def note(text, seconds_ago=30):
    return {
        "note": text,
        "website": "",
        "rendered_at": form_stamp(issued_at=time.time() - seconds_ago),
    }


def test_a_declared_form_gets_the_stamp_the_checks_and_the_one_limit(client, time_machine):
    # Whole seconds: at xx:30:00.999… the Retry-After would read 1799.
    time_machine.move_to(timezone.now().replace(minute=30, second=0, microsecond=0), tick=False)
    page = client.get("/kokeilu/lomake/")
    assert page.status_code == 200
    assert 'name="rendered_at"' in page.content.decode()
    assert 'name="website"' in page.content.decode()

    # A bot: the hidden field filled, or the form sent faster than a person types.
    assert "Jätä viimeinen kenttä tyhjäksi" in html_of(
        client.post("/kokeilu/lomake/", {**note("a"), "website": "x"})
    )
    assert "liian nopeasti" in html_of(client.post("/kokeilu/lomake/", note("a", seconds_ago=0)))

    sent = note("ensimmäinen")
    response = client.post("/kokeilu/lomake/", sent)
    assert response.status_code == 302 and response["Location"] == "/kokeilu/kiitos/"
    assert SENT == ["ensimmäinen"]

    # The same post again: refused, the answers kept.
    replay = client.post("/kokeilu/lomake/", sent)
    assert replay.status_code == 409
    assert "Lomake on jo lähetetty kerran" in html_of(replay)
    assert 'value="ensimmäinen"' in replay.content.decode()

    # Two posts that would be acted on: the third of the hour is the limit's.
    limited = client.post("/kokeilu/lomake/", note("kolmas"))
    assert limited.status_code == 429
    assert limited["Retry-After"] == str(30 * 60)
    assert limited_message(30 * 60) in limited.content.decode()
    assert "liian monta lomaketta" in html_of(limited) and "30 minuutin kuluttua" in (
        html_of(limited)
    )
    assert 'value="kolmas"' in limited.content.decode()
    assert SENT == ["ensimmäinen"]
    # Someone else is not stopped by it.
    assert client.post("/kokeilu/lomake/", note("muu"), REMOTE_ADDR="192.0.2.9").status_code == 302


def test_a_declared_private_link_gets_the_whole_flow(client, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    committee = CommitteeFactory(name="Kokeilutoimikunta")
    token = NOTE_LINK.token(committee)
    link = f"/kokeilu/muistio/{token}/"

    opened = client.get(link)
    assert opened.status_code == 302 and opened["Location"] == "/kokeilu/muistio/oma/"
    assert opened["Cache-Control"].count("no-store") == 1
    page = client.get("/kokeilu/muistio/oma/")
    assert page.status_code == 200 and "Muistio: Kokeilutoimikunta" in html_of(page)
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert page["Referrer-Policy"] == "same-origin"
    assert "no-store" in page["Cache-Control"]
    # A browser-session cookie: closing the browser ends it.
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""

    # Half an hour without a request and the link is forgotten.
    time_machine.shift(datetime.timedelta(minutes=31))
    forgotten = client.get("/kokeilu/muistio/oma/")
    assert forgotten.status_code == 404
    assert "Linkki ei ole voimassa" in html_of(forgotten)
    assert "Tarkista muistion linkki." in html_of(forgotten)
    assert forgotten["X-Robots-Tag"] == "noindex, nofollow"

    # "Leave" forgets it at once.
    client.get(link)
    assert client.get("/kokeilu/muistio/oma/").status_code == 200
    left = client.post("/kokeilu/muistio/oma/poistu/", follow=True)
    assert "Poistuit muistion sivuilta." in html_of(left)
    assert client.get("/kokeilu/muistio/oma/").status_code == 404

    # A changed link, an expired one and one whose row is gone answer 404 with the page; the
    # expired one says so, and its own text.
    changed = client.get(f"/kokeilu/muistio/{token[:-2]}xx/")
    assert changed.status_code == 404 and "Linkki ei ole voimassa" in html_of(changed)
    assert "vanhentunut" not in html_of(changed)
    # The page of a link kept in the session, gone past its age while open, says so too:
    # opened at 59 minutes, read at 61.
    time_machine.shift(datetime.timedelta(minutes=28))
    assert client.get(link).status_code == 302
    time_machine.shift(datetime.timedelta(minutes=2))
    lapsed = client.get("/kokeilu/muistio/oma/")
    assert lapsed.status_code == 404 and "Linkki on vanhentunut" in html_of(lapsed)
    expired = client.get(link)
    assert expired.status_code == 404 and "Linkki on vanhentunut" in html_of(expired)
    assert "Muistion linkki toimii tunnin." in html_of(expired)
    assert "Linkki ei ole voimassa" not in html_of(expired)
    assert expired["X-Robots-Tag"] == "noindex, nofollow"
    fresh = NOTE_LINK.token(committee)
    committee.delete()
    assert client.get(f"/kokeilu/muistio/{fresh}/").status_code == 404


def test_a_declared_private_link_carries_its_declared_parts_to_the_page(client):
    committee = CommitteeFactory(name="Kokeilutoimikunta")
    token = NOTE_LINK.token(committee)

    # The part goes on to the page's address; the token does not.
    opened = client.get(f"/kokeilu/muistio/{token}/pitka/")
    assert opened.status_code == 302 and opened["Location"] == "/kokeilu/muistio/oma/pitka/"
    page = client.get("/kokeilu/muistio/oma/pitka/")
    assert page.status_code == 200 and "Muistio (pitka): Kokeilutoimikunta" in html_of(page)
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get("/kokeilu/muistio/oma/lyhyt/").status_code == 200

    # A value it does not declare opens nothing, on the link or on the page, and keeps nothing.
    client.post("/kokeilu/muistio/oma/poistu/")
    refused = client.get(f"/kokeilu/muistio/{token}/jattimainen/")
    assert refused.status_code == 404 and "Linkki ei ole voimassa" in html_of(refused)
    assert client.get("/kokeilu/muistio/oma/").status_code == 404
    client.get(f"/kokeilu/muistio/{token}/lyhyt/")
    assert client.get("/kokeilu/muistio/oma/jattimainen/").status_code == 404
    assert client.get("/kokeilu/muistio/oma/lyhyt/").status_code == 200


def test_a_declared_private_link_is_hidden_in_the_logs():
    prefixes = private_link_prefixes(__name__)
    assert any(re.fullmatch(prefix, "kokeilu/muistio/") for prefix in prefixes)
    assert not any(re.fullmatch(prefix, "kokeilu/muistio/oma/") for prefix in prefixes)


def test_a_link_part_without_its_declaration_is_refused_loudly():
    view = NOTE_LINK.open_view("own_note")
    with pytest.raises(ImproperlyConfigured, match="colour"):
        view(RequestFactory().get("/"), token="x", colour="punainen")


def test_a_form_without_its_declarations_is_refused_loudly():
    class Undeclared(forms.Form):
        note = forms.CharField()

    view = NoteView.as_view(form_class=Undeclared)
    with pytest.raises(ImproperlyConfigured, match="PostLimit"):
        view(RequestFactory().post("/", {"note": "x"}))
