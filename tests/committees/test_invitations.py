"""
Invitations to a meeting: sent once per person through the queue, answered by a signed link
behind a confirmation button, the personal deputy called up at once, the expected attendance
and quorum for staff, and the members' addresses kept staff-only and erased in time.
"""

import datetime
import re
from io import StringIO

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from committees import invitation_services
from committees.invitation_selectors import expected_attendance
from committees.invitation_tokens import LINK_MAX_AGE, invitation_token
from committees.models import Invitation, Meeting
from following.staff_todo import members_without_deputy, quorum_at_risk
from kouvola_alue.logfilters import hide_private_data
from kouvola_alue.mailqueue.models import Mail
from kouvola_alue.mailqueue.outbox import send_mail
from tests.committees.factories import upcoming
from tests.factories import MembershipFactory, TermFactory, roster
from tests.support import html_of, invitation_link, links_in, path_of

pytestmark = pytest.mark.django_db

SITE = "https://aluetoimikunnat.example/"


@pytest.fixture
def seats(committee, term):
    """Five members, the first two with a personal deputy; everyone with an address."""
    members, deputies = roster(committee, term, members=5, deputies=2)
    for number, seat in enumerate(members + deputies):
        seat.person.email = f"henkilo{number}@example.fi"
        seat.person.save()
    return members, deputies


@pytest.fixture
def meeting(committee, seats):
    return upcoming(committee=committee)


def send(meeting, capture):
    with capture(execute=True):
        return invitation_services.invitations_send(meeting=meeting, site_url=SITE)


def mail_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def answer_link(message, answer):
    """The path of the invitation's link that answers ``answer``, as the test client asks."""
    (url,) = links_in(message, invitation_link(answer))
    return path_of(url)


def invitation_of(membership, meeting):
    return Invitation.objects.get(meeting=meeting, membership=membership)


# --- Sending ---------------------------------------------------------------------------------


def test_each_member_gets_the_agenda_and_two_private_links_once(
    meeting, seats, django_capture_on_commit_callbacks
):
    members, deputies = seats
    new, already, without = send(meeting, django_capture_on_commit_callbacks)
    assert (len(new), already, without) == (5, 0, [])
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.person.email for m in members)
    message = mail_to(members[2].person.email)[0]
    assert SITE.rstrip("/") + meeting.get_absolute_url() in message.body
    assert answer_link(message, "tulen") and answer_link(message, "en-paase")
    # The deputy's call-up is promised only to members who have a personal deputy.
    promise = "Jos et pääse, henkilökohtainen varajäsenesi kutsutaan heti."
    assert promise in mail_to(members[0].person.email)[0].body
    assert promise not in message.body
    # Deputies are invited only when called up; the mail holds no one else's address.
    assert not any(mail_to(d.person.email) for d in deputies)
    assert members[3].person.email not in message.body
    # Sending again mails nobody twice.
    new, already, _ = send(meeting, django_capture_on_commit_callbacks)
    assert (len(new), already, len(mail.outbox)) == (0, 5, 5)


def test_a_member_without_an_address_is_named_to_staff_and_not_invited(
    meeting, seats, django_capture_on_commit_callbacks
):
    members, _ = seats
    members[4].person.email = ""
    members[4].person.save()
    new, _, without = send(meeting, django_capture_on_commit_callbacks)
    assert len(new) == 4 and without == [members[4]]


def test_the_task_run_twice_sends_one_mail(meeting, seats, django_capture_on_commit_callbacks):
    send(meeting, django_capture_on_commit_callbacks)
    invitation = invitation_of(seats[0][2], meeting)
    assert invitation.sent_at is not None
    mail = Mail.objects.get(kind="meeting-invitation", object_id=invitation.pk)
    assert send_mail.enqueue(mail_id=mail.pk).return_value == "skipped"
    assert len(mail_to(seats[0][2].person.email)) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"is_cancelled": True}, "Kokous on peruttu."),
        ({"is_published": False}, "Kokousta ei ole julkaistu"),
    ],
)
def test_no_invitations_to_a_cancelled_or_hidden_meeting(
    meeting, seats, change, message, django_capture_on_commit_callbacks
):
    Meeting.objects.filter(pk=meeting.pk).update(**change)
    meeting.refresh_from_db()
    with pytest.raises(invitation_services.ValidationError, match=message):
        send(meeting, django_capture_on_commit_callbacks)
    assert not mail.outbox and not Invitation.objects.exists()


def test_a_resend_is_explicit_and_ends_the_earlier_links(
    client, meeting, seats, django_capture_on_commit_callbacks
):
    send(meeting, django_capture_on_commit_callbacks)
    member = seats[0][3]
    old = answer_link(mail_to(member.person.email)[0], "tulen")
    with django_capture_on_commit_callbacks(execute=True):
        invitation_services.invitation_resend(
            invitation=invitation_of(member, meeting), site_url=SITE
        )
    _first, second = mail_to(member.person.email)
    assert answer_link(second, "tulen") != old
    response = client.get(old)
    assert response.status_code == 404 and "Linkki ei ole voimassa" in html_of(response)
    assert client.get(answer_link(second, "tulen")).status_code == 302


# --- The links -------------------------------------------------------------------------------


def answer(client, link):
    """Open the link as the mail's reader does, then press the page's button."""
    opened = client.get(link, follow=True)
    assert opened.status_code == 200
    # The button's form posts to the page itself.
    return client.post(opened.redirect_chain[-1][0], follow=True)


def test_opening_a_link_changes_nothing_until_the_button(
    client, meeting, seats, django_capture_on_commit_callbacks
):
    send(meeting, django_capture_on_commit_callbacks)
    member = seats[0][3]
    response = client.get(answer_link(mail_to(member.person.email)[0], "tulen"), follow=True)
    page = html_of(response)
    assert "Vastaus: tulen" in page and "Lähetä: tulen" in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    # The token left the address bar: the page is the session's, not the link's.
    assert response.redirect_chain[-1][0] == "/kokoukset/kutsu/vastaus/tulen/"
    assert invitation_of(member, meeting).answer == ""
    with django_capture_on_commit_callbacks(execute=True):
        page = html_of(client.post("/kokoukset/kutsu/vastaus/tulen/", follow=True))
    assert "Kiitos. Vastauksesi on tallennettu: tulen." in page
    assert invitation_of(member, meeting).answer == Invitation.Answer.COMING


def test_en_paase_invites_the_personal_deputy_at_once(
    client, meeting, seats, django_capture_on_commit_callbacks
):
    members, deputies = seats
    send(meeting, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        page = html_of(answer(client, answer_link(mail_to(members[0].person.email)[0], "en-paase")))
    assert "Henkilökohtainen varajäsenesi on kutsuttu sijaasi." in page
    (deputy_mail,) = mail_to(deputies[0].person.email)
    assert str(members[0].person) in deputy_mail.body
    assert answer_link(deputy_mail, "tulen") and answer_link(deputy_mail, "en-paase")
    called = invitation_of(deputies[0], meeting)
    assert called.stands_in_for == members[0] and called.sent_at is not None
    # The deputy's own "en pääse" calls up nobody further.
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, answer_link(deputy_mail, "en-paase"))
    assert Invitation.objects.count() == 6 and len(mail.outbox) == 6


def test_a_link_used_twice_answers_clearly_and_changes_nothing(
    client, meeting, seats, django_capture_on_commit_callbacks
):
    members, _deputies = seats
    send(meeting, django_capture_on_commit_callbacks)
    message = mail_to(members[0].person.email)[0]
    with django_capture_on_commit_callbacks(execute=True):
        answer(client, answer_link(message, "en-paase"))
    first = invitation_of(members[0], meeting)
    sent = len(mail.outbox)
    for slug in ("en-paase", "tulen"):
        with django_capture_on_commit_callbacks(execute=True):
            page = html_of(answer(client, answer_link(message, slug)))
        assert "Kutsuun on jo vastattu: en pääse." in page and "Mitään ei muutettu." in page
        assert "<button" not in page.split("Mitään ei muutettu.")[0].split("<h1>")[1]
    again = invitation_of(members[0], meeting)
    assert (again.answer, again.answered_at) == (first.answer, first.answered_at)
    assert len(mail.outbox) == sent and Invitation.objects.count() == 6


def test_the_answer_recorded_is_the_one_of_the_page_pressed(
    client, meeting, seats, django_capture_on_commit_callbacks
):
    # Both links opened in one browser, in two tabs: the "tulen" tab's button records "tulen",
    # though the "en pääse" link was opened last.
    send(meeting, django_capture_on_commit_callbacks)
    member = seats[0][3]
    message = mail_to(member.person.email)[0]
    coming = client.get(answer_link(message, "tulen"), follow=True)
    not_coming = client.get(answer_link(message, "en-paase"), follow=True)
    assert "Lähetä: en pääse" in html_of(not_coming)
    assert "Lähetä: tulen" in html_of(coming)
    with django_capture_on_commit_callbacks(execute=True):
        page = html_of(client.post(coming.redirect_chain[-1][0], follow=True))
    assert "Kiitos. Vastauksesi on tallennettu: tulen." in page
    assert invitation_of(member, meeting).answer == Invitation.Answer.COMING


def test_an_expired_link_answers_clearly_and_changes_nothing(
    client, meeting, seats, monkeypatch, django_capture_on_commit_callbacks
):
    send(meeting, django_capture_on_commit_callbacks)
    invitation = invitation_of(seats[0][2], meeting)
    long_ago = timezone.now().timestamp() - LINK_MAX_AGE - 60
    monkeypatch.setattr(signing.time, "time", lambda: long_ago)
    token = invitation_token(invitation)
    monkeypatch.undo()
    response = client.get(reverse("meetings:invitation_link", args=[token, "tulen"]))
    # 404 as every private link that opens nothing (kouvola_alue.privatelinks); the page
    # says what happened and what to do.
    assert response.status_code == 404
    page = html_of(response)
    assert "Linkki on vanhentunut" in page and "Mitään ei muutettu." in page
    assert "Kutsun vastauslinkit toimivat kuusikymmentä päivää." in page
    assert "Linkki ei ole voimassa" not in page
    assert invitation_of(seats[0][2], meeting).answer == ""


def test_a_link_of_a_past_meeting_answers_clearly_and_changes_nothing(
    client, meeting, seats, django_capture_on_commit_callbacks
):
    members, _ = seats
    send(meeting, django_capture_on_commit_callbacks)
    message = mail_to(members[0].person.email)[0]
    held = timezone.now() - datetime.timedelta(days=1)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=held, ends_at=held + datetime.timedelta(hours=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        page = html_of(answer(client, answer_link(message, "en-paase")))
    assert "Kokous on jo alkanut tai pidetty." in page and "Mitään ei muutettu." in page
    assert invitation_of(members[0], meeting).answer == ""
    assert Invitation.objects.count() == 5 and len(mail.outbox) == 5


def test_a_tampered_link_answers_clearly(
    client, meeting, seats, django_capture_on_commit_callbacks
):
    send(meeting, django_capture_on_commit_callbacks)
    link = answer_link(mail_to(seats[0][2].person.email)[0], "tulen")
    key, _rest = link.split("/kutsu/")[1].split(":", 1)
    forged = link.replace(key, "0" * 32)
    for url in (forged, link.replace("/tulen/", "/ehka/")):
        response = client.get(url)
        assert response.status_code == 404 and "Mitään ei muutettu." in html_of(response)
        assert "Linkki ei ole voimassa" in html_of(response)
    # Neither link was kept: the page has nothing to answer for.
    assert client.post("/kokoukset/kutsu/vastaus/tulen/").status_code == 404
    # Nor does a genuine link's page take an answer that is not one of the two.
    client.get(link)
    assert client.get("/kokoukset/kutsu/vastaus/tulen/").status_code == 200
    assert client.post("/kokoukset/kutsu/vastaus/ehka/").status_code == 404
    assert not Invitation.objects.exclude(answer="").exists()


def test_the_private_link_is_hidden_from_logs(meeting, seats, django_capture_on_commit_callbacks):
    send(meeting, django_capture_on_commit_callbacks)
    message = mail_to(seats[0][2].person.email)[0]
    link = answer_link(message, "tulen")
    token = link.split("/kutsu/")[1].split("/")[0]
    line = hide_private_data(f'"GET {link} HTTP/1.1" 302 0 {seats[0][2].person.email}')
    assert token not in line and "@" not in line


# --- Expected attendance, quorum and the staff's to-do -----------------------------------------


def test_expected_attendance_counts_coming_members_and_deputies_called_up(
    meeting, seats, django_capture_on_commit_callbacks
):
    members, deputies = seats
    send(meeting, django_capture_on_commit_callbacks)
    answer_of = {m: invitation_of(m, meeting) for m in members}
    with django_capture_on_commit_callbacks(execute=True):
        invitation_services.invitation_answer(
            invitation=answer_of[members[0]], answer="not_coming", site_url=SITE
        )
        invitation_services.invitation_answer(
            invitation=invitation_of(deputies[0], meeting), answer="coming", site_url=SITE
        )
        for member in members[2:4]:
            invitation_services.invitation_answer(
                invitation=answer_of[member], answer="coming", site_url=SITE
            )
    expected = expected_attendance(meeting)
    assert (expected.coming, expected.waiting, expected.quorum.needed) == (3, 2, 3)
    assert expected.expected


def test_staff_are_warned_three_days_before_when_the_quorum_is_at_risk(
    clerk_client, committee, seats, django_capture_on_commit_callbacks
):
    members, _ = seats
    soon = upcoming(committee=committee, starts_at=timezone.now() + datetime.timedelta(days=2))
    later = upcoming(committee=committee, starts_at=timezone.now() + datetime.timedelta(days=5))
    send(soon, django_capture_on_commit_callbacks)
    for member in members[:2]:
        invitation_services.invitation_answer(
            invitation=invitation_of(member, soon), answer="coming", site_url=SITE
        )
    (point,) = quorum_at_risk(timezone.now())
    assert point.key == f"quorum-at-risk:{soon.pk}"
    panel = re.sub(r"<[^>]+>", "", html_of(clerk_client.get(reverse("admin:index"))))
    assert "1 kokous kolmen päivän sisällä ilman odotettua päätösvaltaisuutta" in panel
    assert "vastausten mukaan vain 2/5 paikasta tulee, päätösvaltaisuuteen tarvitaan 3" in (
        point.text
    )
    invitation_services.invitation_answer(
        invitation=invitation_of(members[2], soon), answer="coming", site_url=SITE
    )
    assert quorum_at_risk(timezone.now()) == []
    # Five days ahead: no warning yet, though nobody was invited; three days before, one.
    (point,) = quorum_at_risk(timezone.now() + datetime.timedelta(days=3))
    assert point.key == f"quorum-at-risk:{later.pk}"


def test_staff_are_told_when_a_member_who_cannot_come_has_no_deputy(
    meeting, seats, django_capture_on_commit_callbacks
):
    members, _ = seats
    send(meeting, django_capture_on_commit_callbacks)
    for member in members[:3]:
        with django_capture_on_commit_callbacks(execute=True):
            invitation_services.invitation_answer(
                invitation=invitation_of(member, meeting), answer="not_coming", site_url=SITE
            )
    # The first two had their deputies called up; the third has none.
    (point,) = members_without_deputy(timezone.now())
    assert str(members[2].person) in point.text


# --- The admin -------------------------------------------------------------------------------


def test_staff_send_from_the_admin_and_see_the_expected_attendance_change(
    clerk_client, meeting, seats, django_capture_on_commit_callbacks
):
    members, _deputies = seats
    url = reverse("admin:committees_meeting_invitations", args=[meeting.pk])
    assert "Päätösvaltaisuutta ei vielä odoteta: 0/5" in html_of(clerk_client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(url, {"task": "send"}, follow=True)
    assert "kutsuja jonossa lähetettäväksi: 5" in html_of(response)
    assert len(mail.outbox) == 5
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(url, {"task": "send"}, follow=True)
    assert "aiemmin kutsuttuja, joille ei lähetetty uudelleen: 5" in html_of(response)
    assert len(mail.outbox) == 5
    for member in members[:3]:
        invitation_services.invitation_answer(
            invitation=invitation_of(member, meeting), answer="coming", site_url=SITE
        )
    change_url = reverse("admin:committees_meeting_change", args=[meeting.pk])
    assert "Päätösvaltaisuus odotettavissa: 3/5" in html_of(clerk_client.get(change_url))
    # A member who had said "tulen" cannot take it back by link; one who had not answered can.
    with django_capture_on_commit_callbacks(execute=True):
        invitation_services.invitation_answer(
            invitation=invitation_of(members[3], meeting), answer="not_coming", site_url=SITE
        )
    page = html_of(clerk_client.get(url))
    assert "Päätösvaltaisuus odotettavissa: 3/5" in page and "1 paikka ei ole vastannut." in page
    (row,) = [r for r in page.split("<tr>") if str(members[3].person) in r]
    assert "en pääse" in row and "Ei kutsuttavaa henkilökohtaista varajäsentä" in row


def test_the_deputy_called_up_shows_in_the_admin(
    clerk_client, meeting, seats, django_capture_on_commit_callbacks
):
    members, deputies = seats
    send(meeting, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_services.invitation_answer(
            invitation=invitation_of(members[0], meeting), answer="not_coming", site_url=SITE
        )
    url = reverse("admin:committees_meeting_invitations", args=[meeting.pk])
    (row,) = [
        r for r in html_of(clerk_client.get(url)).split("<tr>") if str(members[0].person) in r
    ]
    assert f"{deputies[0].person}: ei vielä vastausta" in row
    invitation_services.invitation_answer(
        invitation=invitation_of(deputies[0], meeting), answer="coming", site_url=SITE
    )
    (row,) = [
        r for r in html_of(clerk_client.get(url)).split("<tr>") if str(members[0].person) in r
    ]
    assert f"{deputies[0].person}: tulen" in row
    assert "1/5 paikasta on vastannut tulevansa" in html_of(clerk_client.get(url))


def test_the_admin_action_sends_once(
    clerk_client, meeting, seats, django_capture_on_commit_callbacks
):
    url = reverse("admin:committees_meeting_changelist")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            clerk_client.post(url, {"action": "send_invitations", "_selected_action": [meeting.pk]})
    assert len(mail.outbox) == 5


# --- Personal data ---------------------------------------------------------------------------


def test_members_addresses_are_not_on_public_pages_or_open_data(
    client, committee, meeting, seats, django_capture_on_commit_callbacks
):
    send(meeting, django_capture_on_commit_callbacks)
    for url in (
        committee.get_absolute_url(),
        meeting.get_absolute_url(),
        reverse("opendata:json", args=["jasenet"]),
        reverse("opendata:csv", args=["jasenet"]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"@example.fi" not in body, url


def test_addresses_are_erased_a_set_time_after_the_last_seat(committee, term, settings):
    ended = TermFactory(
        starts_on=datetime.date(2018, 1, 1), ends_on=timezone.localdate() - datetime.timedelta(100)
    )
    recent = TermFactory(
        starts_on=datetime.date(2017, 1, 1), ends_on=timezone.localdate() - datetime.timedelta(30)
    )
    (old,), _ = roster(committee, ended, members=1, chair=False)
    (fresh,), _ = roster(committee, recent, members=1, chair=False)
    (sitting,), _ = roster(committee, ended, members=1, chair=False)
    MembershipFactory(committee=committee, term=term, person=sitting.person)
    for seat in (old, fresh, sitting):
        seat.person.email = f"{seat.pk}@example.fi"
        seat.person.save()
    assert settings.MEMBER_EMAIL_RETENTION_DAYS == 90
    call_command("purge_personal_data", "--only", "member e-mails")
    for seat, kept in ((old, False), (fresh, True), (sitting, True)):
        seat.person.refresh_from_db()
        assert bool(seat.person.email) is kept


def test_the_privacy_notice_says_when_addresses_are_erased(client, city_facts):
    page = html_of(client.get(reverse("privacy")))
    assert "Aluetoimikuntien jäsenten sähköpostiosoitteet" in page
    assert "sähköpostiosoitteet</th><td>90 päivää</td><td>viimeisen paikan päätyttyä" in page


@pytest.mark.django_db(transaction=True)
def test_the_queue_holds_ids_only_and_a_task_run_twice_mails_once(settings, committee, term):
    from django_tasks_db.models import DBTaskResult

    from tests.mail import run_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    members, _ = roster(committee, term, members=3)
    for number, seat in enumerate(members):
        seat.person.email = f"jono{number}@example.fi"
        seat.person.save()
    meeting = upcoming(committee=committee)
    invitation_services.invitations_send(meeting=meeting, site_url=SITE)
    queued = list(DBTaskResult.objects.all())
    assert len(queued) == 3 and not mail.outbox
    stored = " ".join(str(task.args_kwargs) for task in queued)
    assert "@example.fi" not in stored and "kutsu/" not in stored
    first = Invitation.objects.order_by("pk").first()
    # The same invitation queued again before the worker ran, and once more after.
    recorded = Mail.objects.get(kind="meeting-invitation", object_id=first.pk)
    send_mail.enqueue(mail_id=recorded.pk)
    run_worker()
    send_mail.enqueue(mail_id=recorded.pk)
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == [f"jono{n}@example.fi" for n in range(3)]


def test_the_demo_has_an_upcoming_meeting_with_a_decline_and_its_deputy_invited(
    clerk_client, settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        output = StringIO()
        call_command("seed_kouvola", "--demo", stdout=output)
    assert "Demo invitations: created" in output.getvalue()
    meeting = Meeting.objects.get(
        invitations__isnull=False, invitations__stands_in_for=None, invitations__answer="not_coming"
    )
    assert meeting.committee.slug == "valkeala" and not meeting.has_ended
    assert meeting.items.filter(title="Kylätapahtumien avustukset 2027").exists()
    declined = meeting.invitations.get(answer="not_coming")
    called = meeting.invitations.get(stands_in_for=declined.membership)
    assert called.membership.personal_deputy_of == declined.membership
    assert mail_to(called.membership.person.email)
    assert meeting.invitations.filter(answer="coming").count() == 2
    page = html_of(
        clerk_client.get(reverse("admin:committees_meeting_invitations", args=[meeting.pk]))
    )
    assert f"{called.membership.person}: ei vielä vastausta" in page
    # Run again: nothing more is sent.
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_kouvola", "--demo", stdout=StringIO())
    assert len(mail.outbox) == sent
