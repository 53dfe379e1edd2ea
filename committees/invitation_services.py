"""
Invitations to a meeting and the answers to them: staff send the invitations (once per
person; a re-send is explicit), a member answers "tulen" or "en pääse" by a signed link, and a
member who cannot come has their personal deputy invited at once. The mails are queued
(committees/mail_kinds.py) only once the write has been committed; the queue holds ids only.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.invitation_selectors import personal_deputy_on_the_day
from committees.meeting_selectors import meeting_roster
from committees.models import Invitation, Meeting, Membership
from kouvola_alue.mailqueue.outbox import mail_queue


def _queue(invitations, site_url):
    for invitation in invitations:
        # Its key tells a re-send (new links) from the first mail.
        mail_queue(
            kind="meeting-invitation",
            object_id=invitation.pk,
            occasion=invitation.key,
            site_url=site_url,
        )


def meeting_refusal(meeting, now):
    """Why invitations to ``meeting`` cannot be sent or answered now, or None."""
    if meeting.is_cancelled:
        return _("The meeting has been cancelled.")
    if meeting.starts_at <= now:
        return _("The meeting has already begun or been held.")
    if not meeting.is_published:
        return _("The meeting is not published: the invitation links to its public agenda.")
    return None


def answer_refusal(invitation, now):
    """
    Why ``invitation`` cannot be answered now, or None: the one judgement that the answer
    page shows before the button and that ``invitation_answer`` enforces.
    """
    refusal = meeting_refusal(invitation.meeting, now)
    if refusal:
        return refusal
    if invitation.is_answered:
        return _(
            "This invitation has already been answered: %(answer)s. If your plans have "
            "changed, contact the committee's secretary."
        ) % {"answer": invitation.get_answer_display()}
    return None


@transaction.atomic
def invitations_send(*, meeting, site_url, now=None):
    """
    Invite each member on the meeting's roster who has not been invited yet and has an
    e-mail address. Sending again invites only those added since: nobody is mailed twice.
    Returns ``(invited, already, without_email)``: the new invitations, how many members were
    invited before, and the members left out for want of an address.
    """
    now = now or timezone.now()
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("committee")
        .get(pk=meeting.pk)
    )
    refusal = meeting_refusal(meeting, now)
    if refusal:
        raise ValidationError(refusal, code="closed")
    invited = set(meeting.invitations.values_list("membership_id", flat=True))
    members = [
        m
        for m in meeting_roster(meeting).select_related("person")
        if m.kind == Membership.Kind.MEMBER
    ]
    without_email = [m for m in members if m.pk not in invited and not m.person.email]
    new = Invitation.objects.bulk_create(
        [
            Invitation(meeting=meeting, membership=m, created_at=now, queued_at=now)
            for m in members
            if m.pk not in invited and m.person.email
        ]
    )
    _queue(new, site_url)
    already = sum(1 for m in members if m.pk in invited)
    return new, already, without_email


@transaction.atomic
def invitation_resend(*, invitation, site_url, now=None):
    """
    Send ``invitation`` again, on the staff's explicit request: with a new key, so the links
    of the earlier mail stop working. The answer given so far stays.
    """
    now = now or timezone.now()
    invitation = (
        Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    )
    refusal = meeting_refusal(invitation.meeting, now)
    if refusal:
        raise ValidationError(refusal, code="closed")
    invitation.key = uuid.uuid4()
    invitation.queued_at = now
    invitation.sent_at = None
    invitation.save(update_fields=["key", "queued_at", "sent_at"])
    _queue([invitation], site_url)
    return invitation


def _call_up_deputy(invitation, site_url, now):
    """Invite the personal deputy of the member of ``invitation``, if they have one."""
    deputy = personal_deputy_on_the_day(invitation)
    if deputy is None or not deputy.person.email:
        return None
    called, created = Invitation.objects.get_or_create(
        meeting=invitation.meeting,
        membership=deputy,
        defaults={
            "stands_in_for_id": invitation.membership_id,
            "created_at": now,
            "queued_at": now,
        },
    )
    if created:
        _queue([called], site_url)
    return called


@transaction.atomic
def invitation_answer(*, invitation, answer, site_url, now=None):
    """
    Record the answer ("coming" or "not_coming") to ``invitation``. A member who cannot come
    has their personal deputy invited at once, with links of their own. A used invitation,
    or one to a past or cancelled meeting, is refused and nothing changes. Returns the
    deputy's invitation, or None.
    """
    now = now or timezone.now()
    if answer not in (Invitation.Answer.COMING, Invitation.Answer.NOT_COMING):
        raise ValidationError(_("Unknown answer."), code="answer")
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("meeting__committee", "membership")
        .get(pk=invitation.pk)
    )
    refusal = answer_refusal(invitation, now)
    if refusal:
        raise ValidationError(refusal, code="closed")
    invitation.answer = answer
    invitation.answered_at = now
    invitation.save(update_fields=["answer", "answered_at"])
    if answer == Invitation.Answer.NOT_COMING and invitation.stands_in_for_id is None:
        return _call_up_deputy(invitation, site_url, now)
    return None
