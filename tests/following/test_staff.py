"""
What staff see of the followers (counts, never an address), and the roster calendar: the
admin's start page lists what needs doing, and the daily reminders mail each point once.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from lxml import html

from committees.models import Membership
from following.models import REMINDERS_MAIL, StaffReminder, Subscription
from following.staff_todo import mails_failed
from kouvola_alue.mailqueue.models import Mail
from kouvola_alue.mailqueue.outbox import send_mail
from tests.committees.factories import MeetingFactory
from tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    TermFactory,
    UserFactory,
    clerk,
    roster,
    sign_in_staff,
)
from tests.support import text_of

pytestmark = pytest.mark.django_db


def test_staff_see_how_many_follow_and_never_who(clerk_client, valkeala, confirmed):
    confirmed("salainen.seuraaja@example.fi")
    confirmed("viikko@example.fi", frequency=Subscription.Frequency.WEEKLY, follows_ideas=False)
    confirmed("odottaa@example.fi", confirmed_at=None)
    response = clerk_client.get("/admin/following/subscription/")
    assert response.status_code == 200
    page = html.fromstring(response.content.decode())
    (row,) = [r for r in page.xpath("//tbody/tr") if "Valkealan" in text_of(r)]
    assert [text_of(td) for td in row.xpath("td")] == ["2", "2", "1", "2", "1", "1"]
    body = response.content.decode()
    assert "@example.fi" not in body and "salainen" not in body
    # No page of a single subscription, no search, no way to add or delete one.
    subscription = Subscription.objects.get(email="salainen.seuraaja@example.fi")
    for path in (
        f"/admin/following/subscription/{subscription.pk}/change/",
        f"/admin/following/subscription/{subscription.pk}/delete/",
        f"/admin/following/subscription/{subscription.pk}/history/",
        "/admin/following/subscription/add/",
    ):
        assert clerk_client.get(path).status_code == 404
    searched = clerk_client.get("/admin/following/subscription/?q=salainen")
    assert "salainen" not in searched.content.decode().replace("?q=salainen", "")
    # Nor in any other admin list: digests and events are not registered, and the list of
    # deliveries (which mails failed) names no one and has no page of a single delivery.
    deliveries = clerk_client.get("/admin/following/delivery/")
    assert deliveries.status_code == 200
    assert "@example.fi" not in deliveries.content.decode()
    assert clerk_client.get("/admin/following/delivery/1/change/").status_code == 404
    assert clerk_client.get("/admin/following/digest/").status_code == 404
    index = clerk_client.get("/admin/").content.decode()
    assert "/admin/following/subscription/" in index
    assert "@example.fi" not in index


def test_staff_without_the_permission_see_no_counts(client, valkeala):
    other = UserFactory(is_staff=True)
    sign_in_staff(client, other)
    assert client.get("/admin/following/subscription/").status_code == 403


@pytest.fixture
def things_to_do(valkeala):
    """A term ending in three months, a short roster, a resignation, a meeting without minutes."""
    today = timezone.localdate()
    term = TermFactory(
        starts_on=today - datetime.timedelta(days=365 * 3),
        ends_on=today + datetime.timedelta(days=90),
        name="Päättyvä",
        slug="paattyva",
    )
    seated, _ = roster(valkeala, term, members=6)
    Membership.objects.filter(pk=seated[1].pk).update(ends_on=today + datetime.timedelta(days=20))
    held = timezone.now() - datetime.timedelta(days=20)
    MeetingFactory(
        committee=valkeala,
        title="Unohtunut kokous",
        starts_at=held,
        ends_at=held + datetime.timedelta(hours=2),
        minutes="",
    )
    # Minutes published: nothing to do.
    MeetingFactory(
        committee=valkeala,
        starts_at=held,
        ends_at=held + datetime.timedelta(hours=2),
        minutes="Pöytäkirja",
    )
    return term


def test_the_admin_start_page_lists_the_roster_calendar(clerk_client, things_to_do):
    page = html.fromstring(clerk_client.get("/admin/").content.decode())
    (panel,) = page.xpath("//section[@aria-labelledby='todo-heading']")
    assert [text_of(li) for li in panel.xpath(".//li")][2:] == [
        "1 toimikausi päättyy puolen vuoden sisällä eikä jäsenhakua ole suunniteltu",
        # Valkeala's roster: 6 members, 5 once the resignation is recorded.
        "1 kokoonpano, jossa on alle vähimmäismäärän jäseniä tai enemmän varajäseniä kuin jäseniä",
        "1 jäsenyys päättyy 60 päivän sisällä",
        "1 kokous ilman julkaistua pöytäkirjaa kahden viikon jälkeen",
    ]
    links = panel.xpath(".//a/@href")
    assert "/admin/committees/meeting/?aika=pidetyt" in links


def test_a_deputy_surplus_is_a_point_too(valkeala):
    from following.staff_todo import rosters_out_of_line

    term = TermFactory(starts_on=timezone.localdate() - datetime.timedelta(days=10))
    roster(valkeala, term, members=7, deputies=7)
    MembershipFactory(committee=valkeala, term=term, kind=Membership.Kind.DEPUTY)
    points = rosters_out_of_line(term)
    assert [p.key for p in points if p.key.startswith("roster-deputies")] == [
        f"roster-deputies:{valkeala.pk}:{term.pk}"
    ]


def test_staff_reminders_are_mailed_once_each(
    things_to_do, outbox, valkeala, django_capture_on_commit_callbacks
):
    def remind():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_staff_reminders", stdout=io.StringIO())

    # The other committees' empty rosters would be points too; this test is about one.
    CommitteeFactory._meta.model.objects.exclude(pk=valkeala.pk).delete()
    first = clerk(email="virkailija@kouvola.example")
    clerk(email="")  # no address: nothing to send to
    UserFactory(is_staff=True, email="muu@kouvola.example")  # not in the group
    remind()
    (message,) = outbox
    assert message.to == ["virkailija@kouvola.example"]
    assert message.subject == "Aluetoimikunnat: 4 uutta tehtävää"
    assert "Toimikausi Päättyvä päättyy" in message.body
    assert "Kokouksella Unohtunut kokous" in message.body
    assert "Valkealan aluetoimikunta: toimikaudella Päättyvä on 5 jäsentä" in message.body
    assert "/admin/" in message.body

    # Its record holds the ids of the points, never their text or the address.
    (mail,) = Mail.objects.filter(kind=REMINDERS_MAIL)
    reminders = list(StaffReminder.objects.filter(user=first).order_by("pk"))
    assert (mail.object_id, mail.state) == (first.pk, Mail.State.SENT)
    assert mail.params == {"reminders": [r.pk for r in reminders]}
    # The task run again sends nothing.
    assert send_mail.call(mail_id=mail.pk) == "skipped"
    assert len(outbox) == 1

    # The next day: the same points, nothing new, no mail.
    remind()
    assert len(outbox) == 1
    assert StaffReminder.objects.filter(user=first).count() == 4

    # A new point is mailed alone; a clerk who joins later hears of all the points once.
    held = timezone.now() - datetime.timedelta(days=30)
    MeetingFactory(
        committee=valkeala,
        title="Toinen",
        starts_at=held,
        ends_at=held + datetime.timedelta(hours=1),
    )
    clerk(email="uusi@kouvola.example")
    remind()
    by_address = {m.to[0]: m for m in outbox[1:]}
    assert by_address["virkailija@kouvola.example"].subject == "Aluetoimikunnat: 1 uusi tehtävä"
    assert "Kokouksella Toinen" in by_address["virkailija@kouvola.example"].body
    assert by_address["uusi@kouvola.example"].subject == "Aluetoimikunnat: 5 uutta tehtävää"


def test_a_staff_reminder_mail_that_fails_is_on_the_to_do_list(
    things_to_do, settings, outbox, valkeala, django_capture_on_commit_callbacks
):
    CommitteeFactory._meta.model.objects.exclude(pk=valkeala.pk).delete()
    reader = clerk(email="virkailija@kouvola.example")
    settings.EMAIL_BACKEND = "tests.mail.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_staff_reminders", stdout=io.StringIO())
    (mail,) = Mail.objects.filter(kind=REMINDERS_MAIL)
    assert (mail.object_id, mail.state, mail.attempts) == (reader.pk, Mail.State.FAILED, 1)
    (point,) = mails_failed(timezone.now())
    assert point.text == (
        f"Sähköpostia staff-reminders kohteesta numero {reader.pk} ei saatu lähetettyä."
    )
    assert "virkailija@" not in point.text
    # A clerk who has left (inactive) is not written to: the mail is skipped.
    reader.is_active = False
    reader.save()
    later = StaffReminder.objects.create(user=reader, key="uusi", text="Uusi tehtävä")
    skipped = Mail.objects.create(
        kind=REMINDERS_MAIL,
        object_id=reader.pk,
        occasion=later.pk,
        params={"reminders": [later.pk]},
    )
    assert send_mail.call(mail_id=skipped.pk) == "skipped"
    assert outbox == []
