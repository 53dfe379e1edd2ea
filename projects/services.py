"""
Writes to project ideas. The admin, the proposal form and the demo seed all go through
these, so that every status change lands in the history and every moderation decision is
made the same way.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kouvola_alue import cachescopes
from kouvola_alue.addresses import normalize_email
from kouvola_alue.limits.recipients import mail_allowed
from kouvola_alue.mailqueue.outbox import mail_queue
from projects import events
from projects.models import RESERVED_SLUGS, ProjectIdea, ProposerMessage, StatusChange

SLUG_MAX = ProjectIdea._meta.get_field("slug").max_length


def unique_idea_slug(title):
    """An unused address made of the title: ``kylakirjasto``, ``kylakirjasto-2``, …"""
    base = slugify(title)[: SLUG_MAX - 8].strip("-") or "idea"
    if base in RESERVED_SLUGS:
        base = f"{base}-idea"
    taken = set(ProjectIdea.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def idea_check_status_date(*, idea, changed_on):
    """
    Raise ``ValidationError`` when a status change of ``idea`` dated ``changed_on`` would come
    before its previous change: the history is read in date order.
    """
    previous = idea.status_changes.order_by("-changed_on", "-recorded_at", "-pk").first()
    if previous and changed_on < previous.changed_on:
        raise ValidationError(
            _("The change cannot be dated before the previous one (%(date)s).")
            % {"date": date_format(previous.changed_on)},
            code="before_previous",
        )


def _tell_proposer(*, idea, kind, status_change=None, site_url=""):
    """
    Record a message to the idea's proposer and queue it once the transaction commits. The
    record is unique per idea and kind (per history entry for a status change), so a
    repeated save records and queues nothing more; the task marks it sent. Publication and
    status news go only to a proposer who asked for them; the receipt and a rejection's
    note go to every proposer with an address, as answers to what they sent.
    """
    wanted = (
        ProjectIdea.objects.filter(pk=idea.pk)
        .exclude(proposer_email="")
        .values_list("notify_proposer", flat=True)
        .first()
    )
    if wanted is None:
        return None
    if kind in (ProposerMessage.Kind.PUBLISHED, ProposerMessage.Kind.STATUS) and not wanted:
        return None
    message, created = ProposerMessage.objects.get_or_create(
        idea_id=idea.pk, kind=kind, status_change=status_change
    )
    if not created:
        return None
    mail_queue(
        kind="idea-proposer-message",
        object_id=message.pk,
        site_url=site_url,
        # For the log: which message of which idea (ids and kinds only).
        idea_id=idea.pk,
        message_kind=kind,
    )
    return message


@transaction.atomic
def idea_change_status(
    *,
    idea,
    status,
    changed_on=None,
    note="",
    note_en="",
    changed_by=None,
    site_url="",
    agenda_item=None,
):
    """
    Set the idea's status and record the change with its date: today in Helsinki unless
    given, and never before the previous change. An idea's first entry is recorded even
    when the status stays as it was, so that every idea's history starts somewhere.
    A change of a published idea is e-mailed to a proposer who asked for news.
    ``agenda_item`` cites the meeting's item (§) whose decision made the change; it is also
    linked to the idea as one that handled it.
    Returns the new ``StatusChange``, or None when nothing changed.
    """
    locked = ProjectIdea.objects.select_for_update().get(pk=idea.pk)
    first_entry = not locked.status_changes.exists()
    if not first_entry and locked.status == status:
        idea.status = status
        return None
    changed_on = changed_on or timezone.localdate()
    idea_check_status_date(idea=locked, changed_on=changed_on)
    entry = StatusChange.objects.create(
        idea=locked,
        status=status,
        changed_on=changed_on,
        note=note,
        note_en=note_en,
        changed_by=changed_by,
        agenda_item=agenda_item,
    )
    if agenda_item is not None:
        locked.agenda_items.add(agenda_item)
    ProjectIdea.objects.filter(pk=idea.pk).update(status=status, updated_at=timezone.now())
    idea.status = status
    # News only of what the proposer can see on the site: an idea still in moderation has
    # its status told in the publication message.
    if not first_entry and locked.is_published:
        _tell_proposer(
            idea=idea, kind=ProposerMessage.Kind.STATUS, status_change=entry, site_url=site_url
        )
    if locked.moderation == ProjectIdea.Moderation.PUBLISHED:
        _announce(idea, events.idea_status_changed, detail=entry.pk)
        cachescopes.forget(*locked.cache_scopes())
    return entry


def _announce(idea, event, detail=""):
    """Followers of the idea's areas hear of it (only ever of a published idea)."""
    event.announce(
        committee_ids=idea.committees.values_list("pk", flat=True), object_id=idea.pk, detail=detail
    )


def _create_idea(*, committees, goals=(), status=ProjectIdea.Status.PROPOSED, slug=None, **fields):
    # The description is sanitised by its field as it is written (projects.html).
    if fields.get("proposer_email"):
        fields["proposer_email"] = normalize_email(fields["proposer_email"])
    if slug:
        idea = ProjectIdea.objects.create(slug=slug, status=status, **fields)
    for attempt in range(3 if not slug else 0):
        # A retry sees the address the other transaction has meanwhile committed.
        candidate = unique_idea_slug(fields["title"])
        if attempt == 2:
            candidate = f"{candidate[: SLUG_MAX - 7]}-{get_random_string(6).lower()}"
        try:
            with transaction.atomic():
                idea = ProjectIdea.objects.create(slug=candidate, status=status, **fields)
            break
        except IntegrityError:
            # Someone took the same address at the same moment; try another.
            if attempt == 2:
                raise
    idea.committees.set(committees)
    idea.goals.set(goals)
    return idea


@transaction.atomic
def idea_propose(
    *,
    title,
    summary,
    description,
    committees,
    goals,
    proposer_name,
    proposer_email,
    notify_proposer=False,
    language="fi",
    site_url="",
):
    """
    A resident's proposal: saved as pending (invisible to the public) with its first status
    entry; once the transaction has committed, staff are told by e-mail and the proposer
    gets a receipt in ``language``. ``notify_proposer``: the proposer asked for news of
    publication and status changes. ``site_url`` (e.g. https://aluetoimikunnat.kouvola.fi/)
    makes the e-mails' links absolute.
    """
    idea = _create_idea(
        title=title,
        summary=summary,
        description=description,
        committees=committees,
        goals=goals,
        proposer_name=proposer_name,
        proposer_email=proposer_email,
        notify_proposer=notify_proposer,
        proposer_language=language,
        moderation=ProjectIdea.Moderation.PENDING,
    )
    idea_change_status(idea=idea, status=ProjectIdea.Status.PROPOSED)
    # Staff are mailed by the task worker, once the idea is there for it to read.
    mail_queue(kind="idea-staff-notice", object_id=idea.pk, site_url=site_url)
    # The receipt goes to an address anyone may type: within the cap on visitors' mail.
    if proposer_email and mail_allowed("idea-receipt", proposer_email):
        _tell_proposer(idea=idea, kind=ProposerMessage.Kind.RECEIPT, site_url=site_url)
    return idea


@transaction.atomic
def idea_create(
    *,
    title,
    summary,
    committees,
    goals=(),
    description="",
    year=None,
    status=ProjectIdea.Status.PROPOSED,
    status_changed_on=None,
    status_note="",
    status_note_en="",
    status_agenda_item=None,
    agenda_items=(),
    publish=False,
    moderation=None,
    is_demo=False,
    changed_by=None,
    site_url="",
    **fields,
):
    """
    An idea entered by staff (or the demo seed), with its first status entry. It is
    published with ``publish`` (or ``moderation``), as ``idea_moderate`` decides.
    """
    if publish:
        moderation = ProjectIdea.Moderation.PUBLISHED
    if year is not None:
        fields["year"] = year
    idea = _create_idea(
        title=title,
        summary=summary,
        description=description,
        committees=committees,
        goals=goals,
        status=status,
        is_demo=is_demo,
        **fields,
    )
    if agenda_items:
        idea.agenda_items.set(agenda_items)
    idea_change_status(
        idea=idea,
        status=status,
        changed_on=status_changed_on,
        note=status_note,
        note_en=status_note_en,
        changed_by=changed_by,
        agenda_item=status_agenda_item,
    )
    if moderation and moderation != idea.moderation:
        idea_moderate(idea=idea, moderation=moderation, site_url=site_url)
    return idea


@transaction.atomic
def idea_update(
    *,
    idea,
    status_changed_on=None,
    status_note="",
    status_note_en="",
    status_agenda_item=None,
    changed_by=None,
    site_url="",
    **changes,
):
    """
    Change ``idea`` by ``changes``, the new values of the fields that changed (a form's
    cleaned data): plain fields are saved, ``committees`` and ``goals`` set, a new ``status``
    is recorded in the history dated ``status_changed_on`` with ``status_note``
    (``idea_change_status``), and a new ``moderation`` is decided by ``idea_moderate``.
    What the idea already holds in memory does not matter: the stored row is compared.
    ``site_url`` makes the links of the proposer's e-mail absolute.
    """
    status = changes.pop("status", None)
    moderation = changes.pop("moderation", None)
    committees = changes.pop("committees", None)
    goals = changes.pop("goals", None)
    agenda_items = changes.pop("agenda_items", None)
    if changes.get("proposer_email"):
        changes["proposer_email"] = normalize_email(changes["proposer_email"])
    stored = ProjectIdea.objects.select_for_update().get(pk=idea.pk)
    stored_moderation = stored.moderation
    # Where a published idea showed (its old address and areas) and where it shows now.
    shown_before = stored.cache_scopes() if stored.is_published else []
    for name, value in changes.items():
        setattr(idea, name, value)
    if changes:
        idea.save(update_fields=[*changes, "updated_at"])
    if committees is not None:
        idea.committees.set(committees)
    if goals is not None:
        idea.goals.set(goals)
    if agenda_items is not None:
        idea.agenda_items.set(agenda_items)
    if status is not None:
        idea_change_status(
            idea=idea,
            status=status,
            changed_on=status_changed_on,
            note=status_note,
            note_en=status_note_en,
            changed_by=changed_by,
            site_url=site_url,
            agenda_item=status_agenda_item,
        )
    if moderation is not None and moderation != stored_moderation:
        idea_moderate(idea=idea, moderation=moderation, site_url=site_url)
    if shown_before:
        cachescopes.forget(*shown_before, *idea.cache_scopes())
    return idea


def idea_moderate(*, idea, moderation, site_url=""):
    """Publish, reject or return to the queue, as ``moderation`` says."""
    action = {
        ProjectIdea.Moderation.PUBLISHED: idea_publish,
        ProjectIdea.Moderation.REJECTED: idea_reject,
        ProjectIdea.Moderation.PENDING: idea_unpublish,
    }[moderation]
    return action(idea=idea, site_url=site_url)


@transaction.atomic
def idea_publish(*, idea, site_url=""):
    """
    Show the idea on the site. Publishing again keeps the first publication date. A
    proposer who asked for news is told of the first publication only.
    """
    # QuerySet.update() leaves auto_now alone: the idea's updated time is set with the
    # publication, so a feed's <updated> is never before its <published>.
    now = timezone.now()
    updates = {"moderation": ProjectIdea.Moderation.PUBLISHED, "updated_at": now}
    if idea.published_at is None:
        updates["published_at"] = now
    ProjectIdea.objects.filter(pk=idea.pk).update(**updates)
    for name, value in updates.items():
        setattr(idea, name, value)
    _tell_proposer(idea=idea, kind=ProposerMessage.Kind.PUBLISHED, site_url=site_url)
    _announce(idea, events.idea_published)
    cachescopes.forget(*idea.cache_scopes())
    return idea


@transaction.atomic
def idea_reject(*, idea, note=None, site_url=""):
    """
    Keep the idea off the site. With a note (given here or already on the idea) and the
    proposer's e-mail, the proposer is sent the note once the transaction has committed.
    """
    if note is not None:
        idea.moderation_note = note
    # Locked, so that two clerks rejecting at once cannot both see it unrejected and both
    # e-mail the proposer.
    stored_moderation = (
        ProjectIdea.objects.select_for_update()
        .filter(pk=idea.pk)
        .values_list("moderation", flat=True)
        .first()
    )
    was_rejected = stored_moderation == ProjectIdea.Moderation.REJECTED
    if stored_moderation == ProjectIdea.Moderation.PUBLISHED:
        cachescopes.forget(*idea.cache_scopes())
    updates = {
        "moderation": ProjectIdea.Moderation.REJECTED,
        "moderation_note": idea.moderation_note,
    }
    if not was_rejected:
        # The rejection is a decision: the proposer's data is kept for a retention period
        # from it (projects/personal_data.py).
        updates["rejected_at"] = timezone.now()
    ProjectIdea.objects.filter(pk=idea.pk).update(**updates)
    for name, value in updates.items():
        setattr(idea, name, value)
    if not was_rejected and idea.moderation_note:
        # A rejection without a note is not mailed: "not published", without a reason,
        # would only puzzle the proposer. The note is told once per idea.
        _tell_proposer(idea=idea, kind=ProposerMessage.Kind.REJECTED, site_url=site_url)
    return idea


@transaction.atomic
def idea_unpublish(*, idea, site_url=""):
    """Back to the moderation queue: off the site, the first publication date kept."""
    # Its modified time tells the OParl API's clients when the paper was withdrawn.
    now = timezone.now()
    ProjectIdea.objects.filter(pk=idea.pk).update(
        moderation=ProjectIdea.Moderation.PENDING, updated_at=now
    )
    idea.moderation = ProjectIdea.Moderation.PENDING
    idea.updated_at = now
    cachescopes.forget(*idea.cache_scopes())
    return idea
