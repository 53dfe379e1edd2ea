"""
The audit trail of personal data: who viewed, exported, selected, withdrew or erased an
applicant's data, or viewed a proposer's contact details, when, and what.

The domain apps call ``record`` inside the transaction of the action they trace, so that the
action and its row commit (or roll back) together::

    from kouvola_alue import audit

    audit.record(user=request.user, action=audit.Action.EXPORT, obj=queryset,
                 detail=lambda: gettext("CSV export of %(count)d applications") % {...})

Superusers read the rows in the admin; nobody can change or delete them there.
"""

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import override

from kouvola_alue.audit.choices import Action, Actor

__all__ = ["Action", "Actor", "record"]

DETAIL_MAX_LENGTH = 300


def _target(obj):
    """The content type and the ids of ``obj``: a model instance or a queryset of one model."""
    from django.contrib.contenttypes.models import ContentType

    if obj is None:
        return None, ""
    if isinstance(obj, QuerySet):
        ids = obj.order_by("pk").values_list("pk", flat=True)
        return ContentType.objects.get_for_model(obj.model), ", ".join(str(pk) for pk in ids)
    return ContentType.objects.get_for_model(type(obj)), str(obj.pk)


def record(*, action, user=None, actor=None, obj=None, detail=""):
    """
    Write one audit row and return it.

    Who: a signed-in staff ``user``, or, when nobody signed in acted, ``actor``
    (``Actor.APPLICANT`` for the applicant's own withdrawal, ``Actor.SYSTEM`` for the
    scheduled purge). What: ``action`` on ``obj`` (a model instance or a queryset of one
    model; the row keeps the type and the ids) and ``detail``, a short description that must
    hold no personal data – counts, numbers, campaign titles, never a name, an address or a
    text the person wrote. ``detail`` may be a callable (or a lazy string): it is then
    rendered in the site's language, so that the trail reads the same whichever language the
    person who caused the row was using.
    """
    # Imported here: this package is imported while the app registry is still loading.
    from kouvola_alue.audit.models import AuditEntry

    if user is not None:
        if not user.is_authenticated:
            raise ValueError("An audit row names a signed-in staff user, not an anonymous one.")
        actor = Actor.STAFF
    elif actor not in (Actor.APPLICANT, Actor.SYSTEM):
        raise ValueError("An audit row needs a staff user, or the applicant or the system.")
    content_type, object_ids = _target(obj)
    with override(settings.LANGUAGE_CODE):
        detail = str(detail() if callable(detail) else detail)
    return AuditEntry.objects.create(
        user=user,
        username=user.get_username() if user is not None else "",
        actor=actor,
        action=action,
        content_type=content_type,
        object_ids=object_ids,
        detail=detail[:DETAIL_MAX_LENGTH],
    )
