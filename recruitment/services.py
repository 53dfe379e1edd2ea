"""
Writes of member recruitment: applications coming in, applicants going into a roster, and
applicants' personal data going out when it is no longer needed.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from committees.models import Membership, Person
from committees.services import membership_create
from kouvola_alue import audit, personal_data
from kouvola_alue.addresses import normalize_email
from kouvola_alue.limits.recipients import mail_allowed
from kouvola_alue.mailqueue.outbox import mail_queue
from recruitment.models import Application, WithdrawalConfirmation

SELECTED_STATUS = {
    Membership.Kind.MEMBER: Application.Status.SELECTED_MEMBER,
    Membership.Kind.DEPUTY: Application.Status.SELECTED_DEPUTY,
}


def _same_application(*, campaign, committee, email):
    return Application.objects.filter(
        campaign=campaign, committee=committee, email__iexact=email
    ).first()


# All variables: the frames below (the ORM's create(**kwargs)) hold the answers too.
@sensitive_variables()
def application_submit(
    *, campaign, committee, email, today=None, language="fi", site_url="", mail=True, **fields
):
    """
    Store an application to ``committee`` in ``campaign``. Returns ``(application, created)``.
    Its confirmation, in ``language`` with links under ``site_url``, is mailed once the
    transaction commits (``_queue_received``); the demo's seed, with ``mail`` False, mails
    its fictional applicants nothing.

    The same address applying again to the same committee in the campaign gets the earlier
    application back and ``created`` False: the database's unique constraint decides, so two
    simultaneous submissions cannot both be stored. Raises ``ValidationError`` when the
    campaign is not open on ``today`` or does not recruit for ``committee``.
    """
    today = today or timezone.localdate()
    if not campaign.is_open_on(today):
        raise ValidationError(_("The campaign is not taking applications."), code="closed")
    if not campaign.committees.filter(pk=committee.pk).exists():
        raise ValidationError(
            _("The campaign does not seek members for this committee."), code="committee"
        )
    email = normalize_email(email)
    application = _same_application(campaign=campaign, committee=committee, email=email)
    created = application is None
    if created:
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    campaign=campaign, committee=committee, email=email, language=language, **fields
                )
        except IntegrityError:
            # Another submission of the same application was stored first.
            application = _same_application(campaign=campaign, committee=committee, email=email)
            if application is None:
                raise
            created = False
    if mail:
        _queue_received(
            application=application, created=created, language=language, site_url=site_url
        )
    return application, created


def _queue_received(*, application, created, language, site_url):
    """
    Queue the confirmation of ``application`` (``created`` False: the note that the address
    had already applied), within the platform's cap on mail that visitors' posts send (the
    form can be sent again and again with someone else's address): "You have already
    applied" goes to an address at most once a day.
    """
    # Every post naming the address counts; a repeat also counts in its own daily one. So a
    # post with an address that had applied writes as much as one with a new address (whose
    # application is the other write), and the mail is recorded and queued either way (it is
    # not sent when ``quiet``): the time of the answer does not tell which it was.
    allowed = mail_allowed("application", application.email)
    if not created:
        allowed = mail_allowed("application-repeat", application.email, per_day=1)
    mail_queue(
        kind="application-received",
        object_id=application.pk,
        # Each post's note is a mail of its own; the application's confirmation is one.
        occasion="" if created else uuid.uuid4().hex,
        quiet=not allowed,
        created=created,
        language=language,
        site_url=site_url,
    )


@transaction.atomic
def application_select(*, application, kind, person=None, starts_on=None):
    """
    Seat the applicant on the committee they applied to, in the campaign's term, as a member
    or a deputy member (``kind``), and mark the application selected.

    The person is created from the application unless an existing ``person`` is given. The
    seat starts at the term's start, or today if the term is already running. The roster
    rules of ``committees.services.membership_create`` apply: a ``ValidationError`` with a
    message for the clerk is raised and nothing is written when a rule would be broken.
    """
    if kind not in SELECTED_STATUS:
        raise ValueError(f"Unknown membership kind {kind!r}")
    application = (
        Application.objects.select_for_update()
        .select_related("campaign__term", "committee")
        .get(pk=application.pk)
    )
    if not application.has_personal_data:
        raise ValidationError(
            _("The personal data of application %(number)s has been removed.")
            % {"number": application.pk}
        )
    if application.status in Application.SELECTED_STATUSES:
        raise ValidationError(
            _("%(name)s has already been selected (%(status)s).")
            % {"name": application.full_name, "status": application.get_status_display()}
        )
    if application.status == Application.Status.WITHDRAWN:
        raise ValidationError(
            _("%(name)s has withdrawn the application.") % {"name": application.full_name}
        )
    term = application.campaign.term
    today = timezone.localdate()
    if term.has_ended:
        raise ValidationError(
            _("The term %(term)s ended on %(day)s; nobody can be selected to it any more.")
            % {"term": term, "day": date_format(term.ends_on)}
        )
    if starts_on is None and term.starts_on < today:
        starts_on = today
    if person is None:
        person = Person.objects.create(
            first_name=application.first_name,
            last_name=application.last_name,
            is_demo=application.campaign.is_demo,
        )
    membership = membership_create(
        committee=application.committee,
        term=term,
        person=person,
        kind=kind,
        starts_on=starts_on,
    )
    application.status = SELECTED_STATUS[kind]
    application.status_changed_at = timezone.now()
    application.person = person
    application.membership = membership
    application.save(update_fields=["status", "status_changed_at", "person", "membership"])
    return membership


@sensitive_variables()
@transaction.atomic
def application_withdraw(*, application, language="fi", site_url=""):
    """
    The applicant withdraws an application not yet decided on: it is marked withdrawn and its
    personal data removed at once, as nothing needs it any more. Raises ``ValidationError``
    once a decision has been made. A confirmation in ``language`` goes to the address the
    application had, which is kept apart (``WithdrawalConfirmation``) only until it has gone.
    ``site_url`` makes the mail's links absolute.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == Application.Status.WITHDRAWN:
        return application
    if not application.is_open:
        raise ValidationError(
            _(
                "A decision has already been made on this application, so it can no longer be "
                "withdrawn here. Please contact the city's staff."
            ),
            code="decided",
        )
    now = timezone.now()
    confirmation = None
    if application.email:
        confirmation = WithdrawalConfirmation.objects.create(
            application=application, email=application.email
        )
    personal_data.erase(
        obj=application,
        actor=audit.Actor.APPLICANT,
        action=audit.Action.WITHDRAW,
        detail=lambda: _("Application withdrawn by the applicant; personal data erased"),
        now=now,
        status=Application.Status.WITHDRAWN,
        status_changed_at=now,
    )
    if confirmation is not None:
        mail_queue(
            kind="application-withdrawn",
            object_id=application.pk,
            language=language,
            site_url=site_url,
        )
    return application


# All variables: the frames hold the applicant's answers.
@sensitive_variables()
@transaction.atomic
def application_update(*, application, changes, language="fi", site_url="", today=None):
    """
    The applicant corrects their application through the private link: ``changes`` holds
    new values of ``Application.PERSONAL_FIELDS`` (a correction form's cleaned data; the
    address and the committee are not among what can be corrected). Only what differs from
    the stored application is written; the correction is audited by the names of the parts
    changed, and a notice in ``language`` is mailed once the transaction commits. Returns
    the names of the fields changed, empty when nothing was.

    Raises ``ValidationError`` when the campaign is no longer open on ``today``, or when the
    application has been decided on, withdrawn or its data removed.
    """
    today = today or timezone.localdate()
    application = (
        Application.objects.select_for_update()
        .select_related("campaign", "committee")
        .get(pk=application.pk)
    )
    if not application.is_open or not application.has_personal_data:
        raise ValidationError(
            _(
                "This application can no longer be corrected: a decision has been made on it, "
                "or it has been withdrawn."
            ),
            code="decided",
        )
    if not application.campaign.is_open_on(today):
        raise ValidationError(
            _(
                "The application period ended on %(day)s, so the application can no longer "
                "be corrected. If something in it must change, please contact the city's staff."
            )
            % {"day": date_format(application.campaign.closes_on)},
            code="closed",
        )
    editable = set(Application.PERSONAL_FIELDS) - {"email"}
    unknown = set(changes) - editable
    if unknown:
        raise ValueError(f"Not correctable by the applicant: {sorted(unknown)}")
    changed = [
        name
        for name in Application.PERSONAL_FIELDS
        if name in changes and getattr(application, name) != changes[name]
    ]
    if not changed:
        return []
    for name in changed:
        setattr(application, name, changes[name])
    application.full_clean(exclude=["campaign", "committee", "person", "membership"])
    application.save(update_fields=changed)
    audit.record(
        actor=audit.Actor.APPLICANT,
        action=audit.Action.CORRECT,
        obj=application,
        # The names of the parts, never what they say.
        detail=lambda: (
            _("Application corrected by the applicant: %(fields)s")
            % {
                "fields": ", ".join(
                    str(Application._meta.get_field(name).verbose_name) for name in changed
                )
            }
        ),
    )
    mail_queue(
        kind="application-corrected",
        object_id=application.pk,
        # Each correction is told of.
        occasion=uuid.uuid4().hex,
        fields=changed,
        language=language,
        site_url=site_url,
    )
    return changed
