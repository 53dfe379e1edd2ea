"""
A resident follows Valkeala by e-mail: the form, the confirmation mail and its link, the mail
about a meeting published by a clerk, and the one-click unsubscribe of RFC 8058.
"""

import datetime

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from committees.models import Meeting
from committees.services import meeting_save, meetings_set_published
from following.forms import FollowForm
from following.models import Subscription
from tests.committees.factories import MeetingFactory
from tests.following.conftest import form_data
from tests.support import FOLLOW_LINKS, html_of, link_in, path_of

pytestmark = pytest.mark.django_db


def publish_meeting(committee, capture, title="Syyskokous"):
    starts = timezone.now() + datetime.timedelta(days=10)
    meeting = MeetingFactory.build(
        committee=committee,
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        is_published=True,
    )
    with capture(execute=True):
        meeting_save(meeting=meeting)
    return meeting


def test_follow_confirm_hear_of_a_meeting_and_unsubscribe_with_one_click(
    client, valkeala, follow, outbox, django_capture_on_commit_callbacks
):
    page = client.get(reverse("committee", kwargs={"slug": "valkeala"}))
    follow_url = reverse("following:follow", kwargs={"slug": "valkeala"})
    assert f'href="{follow_url}"' in page.content.decode()

    response = follow(valkeala, "Seuraaja@Example.fi ")
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert "Tarkista sähköpostisi" in thanks.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.email == "seuraaja@example.fi"
    assert subscription.confirmed_at is None

    # The first mail: the confirmation link, and the address in no link.
    (first,) = outbox
    assert first.to == ["seuraaja@example.fi"]
    confirm_url = link_in(first, FOLLOW_LINKS["confirm"])
    assert "seuraaja" not in confirm_url and "example" not in path_of(confirm_url)

    # Nothing is sent before the link is opened and confirmed.
    publish_meeting(valkeala, django_capture_on_commit_callbacks, title="Ennen vahvistusta")
    assert len(outbox) == 1

    # Opening the link (as a mail filter scanning it would) confirms nothing by itself. Its
    # token moves into the session: the page has an address without it.
    opened = client.get(path_of(confirm_url))
    assert opened.status_code == 302
    assert opened["Location"] == reverse("following:confirmation")
    page = client.get(opened["Location"])
    assert page.status_code == 200
    assert "Vahvista ja aloita seuraaminen" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    done = client.post(opened["Location"])
    assert "Seuraat nyt" in done.content.decode()
    # Its link to the choices opens them without a token in the address.
    assert f'href="{reverse("following:preferences")}"' in done.content.decode()
    assert "Tallenna muutokset" in client.get(reverse("following:preferences")).content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active

    meeting = publish_meeting(valkeala, django_capture_on_commit_callbacks)
    assert len(outbox) == 2
    notice = outbox[1]
    assert notice.to == ["seuraaja@example.fi"]
    assert "Syyskokous" in notice.subject
    assert f"http://testserver{meeting.get_absolute_url()}" in notice.body
    unsubscribe_url = link_in(notice, FOLLOW_LINKS["unsubscribe"])
    assert notice.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert notice.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link_in(notice, FOLLOW_LINKS["manage"])
    # No tracking: every link in the mail goes straight to the portal's own page.
    assert notice.content_subtype == "plain" and not getattr(notice, "alternatives", None)
    assert "<img" not in notice.body

    # Saving the meeting again (a change to its agenda) tells nobody anything more.
    meeting.agenda = "1. Avaus\n2. Talousarvio"
    with django_capture_on_commit_callbacks(execute=True):
        meeting_save(meeting=meeting)
    assert len(outbox) == 2

    # The mail program's one-click unsubscribe: a POST without cookies or CSRF token.
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        path_of(unsubscribe_url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    # Idempotent: the same POST again is fine and changes nothing.
    again = mail_program.post(
        path_of(unsubscribe_url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert again.status_code == 200

    publish_meeting(valkeala, django_capture_on_commit_callbacks, title="Kevätkokous")
    assert len(outbox) == 2


def test_opening_the_unsubscribe_link_asks_before_it_unsubscribes(
    client, valkeala, confirmed, outbox, django_capture_on_commit_callbacks
):
    subscription = confirmed()
    publish_meeting(valkeala, django_capture_on_commit_callbacks)
    url = path_of(link_in(outbox[0], FOLLOW_LINKS["unsubscribe"]))
    page = client.get(url, follow=True)
    assert page.status_code == 200
    assert page.redirect_chain == [(reverse("following:unsubscription"), 302)]
    assert "Lopeta seuraaminen" in page.content.decode()
    assert 'name="robots" content="noindex' in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active
    client.post(reverse("following:unsubscription"))
    subscription.refresh_from_db()
    assert not subscription.is_active


def test_the_page_does_not_tell_whether_an_address_already_follows(
    client, valkeala, confirmed, follow, outbox
):
    confirmed("jo@example.fi", follows_ideas=False)
    known = follow(valkeala, "jo@example.fi", topics=["ideas"])
    unknown = follow(valkeala, "uusi@example.fi")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # The follower is told by mail, and their choices are not changed by someone else's post.
    by_address = {m.to[0]: m for m in outbox}
    assert by_address["jo@example.fi"].subject == "Seuraat jo: Valkealan aluetoimikunta"
    assert "/seuranta/vahvista/" not in by_address["jo@example.fi"].body
    assert "/seuranta/vahvista/" in by_address["uusi@example.fi"].body
    following = Subscription.objects.get(email="jo@example.fi")
    assert following.follows_meetings and not following.follows_ideas


def test_a_follower_changes_their_choices_on_the_manage_page(
    client, valkeala, confirmed, outbox, django_capture_on_commit_callbacks
):
    subscription = confirmed()
    publish_meeting(valkeala, django_capture_on_commit_callbacks)
    manage = path_of(link_in(outbox[0], FOLLOW_LINKS["manage"]))
    page = client.get(manage, follow=True)
    assert page.status_code == 200
    assert "Valkealan aluetoimikunta" in page.content.decode()
    own = reverse("following:preferences")
    response = client.post(own, {"topics": ["ideas"], "frequency": "weekly"}, follow=True)
    assert "Valintasi tallennettiin" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.topics == ["ideas"]
    assert subscription.frequency == Subscription.Frequency.WEEKLY
    # No longer following meetings: the next one is not told.
    publish_meeting(valkeala, django_capture_on_commit_callbacks, title="Toinen")
    assert len(outbox) == 1
    # A choice of nothing is an error on the page, not a 500.
    bad = client.post(own, {"topics": [], "frequency": "sometimes"})
    assert bad.status_code == 200
    assert "Valitse ainakin yksi seurattava asia" in bad.content.decode()


def test_a_forged_or_changed_link_is_refused(client, valkeala, confirmed):
    subscription = confirmed()
    from following.tokens import confirm_token, manage_token

    for name, token in (
        ("following:confirm", confirm_token(subscription)),
        ("following:manage", manage_token(subscription)),
        ("following:unsubscribe", manage_token(subscription)),
    ):
        url = reverse(name, kwargs={"token": token[:-2] + "xx"})
        assert client.get(url).status_code == 404
        # Only the unsubscribe link takes a POST (RFC 8058's one click); the others move their
        # token into the session on a GET.
        assert client.post(url).status_code == (404 if name == "following:unsubscribe" else 405)
    # A confirmation link does not manage, and the other way round.
    url = reverse("following:manage", kwargs={"token": confirm_token(subscription)})
    assert client.get(url).status_code == 404
    subscription.refresh_from_db()
    assert subscription.is_active


def test_a_confirmation_link_older_than_a_week_says_it_has_expired(
    client, valkeala, follow, outbox, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    follow(valkeala)
    confirm_url = path_of(link_in(outbox[0], FOLLOW_LINKS["confirm"]))
    time_machine.shift(datetime.timedelta(days=7, minutes=1))
    response = client.get(confirm_url)
    # 404 as every private link that opens nothing; the page says why, and what to do.
    assert response.status_code == 404
    page = html_of(response)
    assert "Linkki on vanhentunut" in page and "Linkki ei ole voimassa" not in page
    assert "Vahvistuslinkki toimii viikon" in page
    assert Subscription.objects.get().confirmed_at is None
    # A link of the right age that was altered is not called expired.
    forged = client.get(confirm_url[:-3] + "xx/")
    assert forged.status_code == 404 and "Linkki ei ole voimassa" in html_of(forged)


def test_following_again_after_unsubscribing_makes_old_links_stop_working(
    client, valkeala, confirmed, follow, outbox
):
    subscription = confirmed()
    from following.tokens import manage_token

    old = reverse("following:manage", kwargs={"token": manage_token(subscription)})
    Subscription.objects.filter(pk=subscription.pk).update(unsubscribed_at=timezone.now())
    follow(valkeala, subscription.email)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None and subscription.unsubscribed_at is None
    assert client.get(old).status_code == 404
    assert "/seuranta/vahvista/" in outbox[-1].body


def test_bad_input_is_said_on_the_form(client, valkeala, follow):
    response = follow(valkeala, "ei-osoite", topics=[])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tarkista sähköpostiosoite" in html
    assert "Valitse ainakin yksi seurattava asia" in html
    assert not Subscription.objects.exists()


def test_the_form_is_rate_limited_and_a_replayed_post_refused(client, valkeala, follow, outbox):
    data = form_data("kaksi@example.fi")
    url = reverse("following:follow", kwargs={"slug": "valkeala"})
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 409
    # The replayed post counted too: it would have been acted on but for its used stamp.
    for number in range(FollowForm.limit.count - 2):
        assert follow(valkeala, f"osoite{number}@example.fi").status_code == 302
    blocked = follow(valkeala, "viimeinen@example.fi")
    assert blocked.status_code == 429
    assert "liian monta lomaketta" in blocked.content.decode()
    assert not Subscription.objects.filter(email="viimeinen@example.fi").exists()


def test_one_address_gets_few_confirmation_mails_a_day(valkeala, follow, outbox):
    for _ in range(5):
        follow(valkeala, "kohde@example.fi")
    assert len([m for m in outbox if m.to == ["kohde@example.fi"]]) == 3


def test_the_english_form_sends_english_mail_with_english_links(
    client, valkeala, follow, outbox, django_capture_on_commit_callbacks
):
    follow(valkeala, "english@example.fi", path_prefix="/en")
    (first,) = outbox
    assert first.subject.startswith("Confirm that you follow")
    assert "/en/seuranta/vahvista/" in first.body
    client.post(client.get(path_of(link_in(first, FOLLOW_LINKS["confirm"])))["Location"])
    meeting = MeetingFactory(committee=valkeala, is_published=False, title="Autumn meeting")
    with django_capture_on_commit_callbacks(execute=True):
        meetings_set_published(meetings=Meeting.objects.filter(pk=meeting.pk), published=True)
    assert outbox[-1].subject == "Valkealan aluetoimikunta: New meeting: Autumn meeting"
    assert "/en/seuranta/peru/" in outbox[-1].extra_headers["List-Unsubscribe"]


def test_an_unsubscribe_link_mailed_in_the_earlier_form_still_works(client, confirmed):
    # Before the links had one form, a follower's links signed [pk, key] (signing.dumps); the
    # List-Unsubscribe of a mail already in an inbox must keep working.
    subscription = confirmed()
    old = signing.dumps([subscription.pk, subscription.key], salt="following.manage")
    url = reverse("following:unsubscribe", kwargs={"token": old})
    page = client.get(url, follow=True)
    assert page.redirect_chain == [(reverse("following:unsubscription"), 302)]
    assert "Lopeta seuraaminen" in page.content.decode()
    Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    subscription.refresh_from_db()
    assert not subscription.is_active
    # A link in that form with a key the subscription never had is refused.
    forged = signing.dumps([subscription.pk, "arvattu"], salt="following.manage")
    assert client.get(reverse("following:manage", kwargs={"token": forged})).status_code == 404
