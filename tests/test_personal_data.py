"""
The personal-data lifecycle (``kouvola_alue.personal_data``): a model that stores personal
data declares its fields and its retention, and the purge command, the audit trail and the
privacy notice all follow from the declaration alone.
"""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone

from kouvola_alue import audit, personal_data
from kouvola_alue.audit.models import AuditEntry
from tests.support import visible_text

pytestmark = pytest.mark.django_db


class Volunteer(models.Model):
    """A throwaway model with personal data, as a new feature would add one."""

    name = models.CharField(max_length=80)
    email = models.EmailField()
    signed_up_at = models.DateTimeField()

    class Meta:
        app_label = "throwaway"
        db_table = "throwaway_volunteer"

    def __str__(self):
        return f"volunteer {self.pk}"


VOLUNTEERS = personal_data.Declaration(
    name="volunteers",
    model=Volunteer,
    fields=("name", "email"),
    retention=datetime.timedelta(days=30),
    due=lambda rows, *, limit: rows.filter(signed_up_at__lt=limit),
    kept="Volunteers' names",
    counted_from="after signing up",
)


@pytest.fixture
def volunteers():
    # A table for the model, in the test's transaction (rolled back with it).
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE throwaway_volunteer (id integer PRIMARY KEY, name varchar(80) NOT NULL, "
            "email varchar(254) NOT NULL, signed_up_at timestamp with time zone NOT NULL)"
        )
    personal_data.register(VOLUNTEERS)
    now = timezone.now()
    yield {
        "old": Volunteer.objects.create(
            pk=1,
            name="Vanha Vapaaehtoinen",
            email="vanha@example.fi",
            signed_up_at=now - datetime.timedelta(days=31),
        ),
        "new": Volunteer.objects.create(
            pk=2, name="Uusi Vapaaehtoinen", email="uusi@example.fi", signed_up_at=now
        ),
    }
    personal_data.unregister("volunteers")


def test_a_declared_model_is_purged_audited_and_told_of_by_its_declaration(volunteers, client):
    output = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=output)
    assert "volunteers: would erase the personal data of 1 " in output.getvalue()
    assert Volunteer.objects.filter(email="").count() == 0

    output = io.StringIO()
    call_command("purge_personal_data", "--only", "volunteers", stdout=output)
    assert "volunteers: erased the personal data of 1 " in output.getvalue()
    old, new = (Volunteer.objects.get(pk=v.pk) for v in volunteers.values())
    assert (old.name, old.email) == ("", "")
    assert (new.name, new.email) == ("Uusi Vapaaehtoinen", "uusi@example.fi")
    (row,) = AuditEntry.objects.all()
    assert (row.actor, row.action, row.object_ids) == (audit.Actor.SYSTEM, audit.Action.ERASE, "1")
    assert "vanha" not in row.detail.lower()
    # Nothing left to erase the next day: no new row.
    call_command("purge_personal_data", "--only", "volunteers", stdout=io.StringIO())
    assert AuditEntry.objects.count() == 1

    # The person's own erasure, at once, by the same declaration.
    personal_data.erase(
        obj=new, actor=audit.Actor.APPLICANT, action=audit.Action.WITHDRAW, detail="withdrawn"
    )
    new.refresh_from_db()
    assert (new.name, new.email) == ("", "")
    assert AuditEntry.objects.count() == 2

    # The privacy notice lists its retention with the others.
    page = visible_text(client.get("/en" + reverse("privacy")))
    assert "Volunteers' names 30 days after signing up" in page


def test_the_privacy_notice_reads_its_periods_from_the_declarations(client, settings):
    settings.MEMBER_EMAIL_RETENTION_DAYS = 60
    settings.APPLICATION_RETENTION_DAYS = 730
    page = visible_text(client.get(reverse("privacy")))
    assert "Kuinka kauan henkilötietoja säilytetään" in page
    assert (
        "Jäsenten ja varajäsenten sähköpostiosoitteet 60 päivää viimeisen paikan päätyttyä" in page
    )
    assert "Hakijoiden nimet, yhteystiedot ja vastaukset 2 vuotta haun päätyttyä" in page
    assert "Sähköpostilla vahvistamattomat tilavarauspyynnöt 2 päivää" in page


def test_the_privacy_notices_texts_leave_every_period_to_the_table(client, city_facts, settings):
    # The seeded sections say "the time given in the table"; a period written in them as well
    # would go on telling the old one when a setting changes.
    settings.MEMBER_EMAIL_RETENTION_DAYS = 60
    settings.APPLICATION_RETENTION_DAYS = 730
    # Per language: where the table starts, the texts' reference to it, a period in words, and
    # the two changed periods as the table gives them.
    languages = {
        "": (
            "Kuinka kauan henkilötietoja säilytetään",
            "sivun lopun taulukossa kerrottu aika",
            r"\d+ (päivä|vuo[ds]|tunni)|(vuoden|kahden päivän|muutaman päivän) kuluttua",
            ("60 päivää", "2 vuotta"),
        ),
        "/en": (
            "How long personal data is kept",
            "the time given in the table at the end of this page",
            r"\d+ (days?|years?|hours?)|\b(one|two) (days?|years?)|a few days",
            ("60 days", "2 years"),
        ),
    }
    for prefix, (heading, reference, period, changed) in languages.items():
        texts, table = visible_text(client.get(prefix + reverse("privacy"))).split(heading)
        assert reference in texts
        assert re.search(period, texts) is None, re.search(period, texts)
        for value in changed:
            assert value in table


def test_every_model_with_personal_fields_is_declared():
    declared = {d.model_class._meta.label for d in personal_data.declared()}
    assert {
        "recruitment.Application",
        "recruitment.WithdrawalConfirmation",
        "projects.ProjectIdea",
        "bookings.BookingRequest",
        "committees.Person",
        "following.Subscription",
    } <= declared
