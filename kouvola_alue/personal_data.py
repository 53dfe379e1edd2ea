"""
The lifecycle of personal data, declared once per model and run by one service.

Each app that stores personal data registers what it keeps and for how long, next to the
model (the model's module, so that it is registered whenever the model is loaded)::

    from kouvola_alue import personal_data

    personal_data.register(
        personal_data.Declaration(
            name="applications",
            model="recruitment.Application",
            fields=Application.ERASED_FIELDS,
            retention=personal_data.days_setting("APPLICATION_RETENTION_DAYS"),
            due=lambda rows, *, limit: rows.filter(campaign__closes_on__lt=limit.date()),
            kept=_("Applicants' names, contact details and answers"),
            counted_from=_("after the campaign closed"),
            removed_at="personal_data_removed_at",
        )
    )

From the declarations alone, ``purge`` erases (or deletes) and audits what is due, the
``purge_personal_data`` command runs it for every model (``--dry-run`` tells what it would
do), ``erase`` removes one row's data at the person's own request, and the privacy notice
lists the retention periods (``declared``). Nothing here forgets a cache scope: personal data
is never on a public page.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kouvola_alue import audit

_declarations = {}


def days_setting(name):
    """A retention read from the setting ``name`` (days) each time it is needed."""
    return lambda: datetime.timedelta(days=getattr(settings, name))


@dataclass(frozen=True)
class Declaration:
    name: str
    """Short and unique, in English: the command's output and ``--only`` use it."""
    model: str | type
    """The model, or its label ``"app_label.ModelName"``."""
    fields: tuple
    """The personal fields, erased when the retention ends; empty: the rows are deleted."""
    retention: Callable | datetime.timedelta
    """How long the data is kept: a ``timedelta``, or a callable returning one."""
    due: Callable
    """``due(rows, *, limit)``: those of ``rows`` whose retention ended (``limit`` = now − it)."""
    kept: Promise
    """The privacy notice's name for the data kept ("Applicants' names and answers")."""
    counted_from: Promise
    """From when the retention is counted ("after the campaign closed")."""
    removed_at: str | None = None
    """A field set to the time of erasure; rows with it set hold no personal data."""
    erased: Callable | None = None
    """The values erased fields get (a callable returning a dict); by default ``""``."""
    note: Promise | None = None
    """The audit row's text for a scheduled purge, ``ngettext_lazy(…, "count")`` with
    ``%(count)d`` and ``%(days)d``; a generic one if not given."""

    @property
    def model_class(self):
        return self.model if isinstance(self.model, type) else apps.get_model(self.model)

    @property
    def deletes(self):
        return not self.fields

    def retention_period(self):
        return self.retention() if callable(self.retention) else self.retention

    def erased_values(self):
        return self.erased() if self.erased else dict.fromkeys(self.fields, "")

    def holding_data(self, rows):
        """Those of ``rows`` that still hold personal data."""
        if self.deletes:
            return rows
        if self.removed_at:
            return rows.filter(**{f"{self.removed_at}__isnull": True})
        return rows.filter(reduce(or_, (~Q(**{name: ""}) for name in self.fields)))

    def due_rows(self, *, now=None):
        limit = (now or timezone.now()) - self.retention_period()
        return self.holding_data(self.due(self.model_class.objects.all(), limit=limit))


def register(declaration):
    if declaration.name in _declarations and _declarations[declaration.name] != declaration:
        raise ValueError(f"Personal data {declaration.name!r} is declared twice.")
    _declarations[declaration.name] = declaration
    return declaration


def unregister(name):
    """For tests that declare a throwaway model."""
    _declarations.pop(name, None)


def declared():
    """Every declaration, in the order the apps registered them."""
    return list(_declarations.values())


def declaration(name):
    return _declarations[name]


def _for_model(model):
    found = [d for d in _declarations.values() if d.model_class is model and not d.deletes]
    if len(found) != 1:
        raise LookupError(f"No one declaration of the personal fields of {model.__name__}.")
    return found[0]


def period_text(period):
    """A retention as the privacy notice reads it: "48 hours", "90 days", "1 year"."""
    if period % datetime.timedelta(days=1):
        hours = int(period.total_seconds() // 3600)
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    if period.days % 365 == 0:
        years = period.days // 365
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    return ngettext("%(count)d day", "%(count)d days", period.days) % {"count": period.days}


def _generic_note(declared_data, count, period):
    text = _("%(kind)s: scheduled purge erased the personal data of %(count)d (kept %(period)s)")
    return text % {
        "kind": declared_data.model_class._meta.verbose_name_plural,
        "count": count,
        "period": period_text(period),
    }


@transaction.atomic
def erase_rows(*, rows, detail, user=None, actor=None, now=None):
    """
    Erase the personal fields of ``rows`` (a queryset of a declared model) that still hold
    any, and record it, by staff ``user`` or ``actor``, in one audit row (none when nothing
    was erased). ``detail(count)`` is the row's text. Returns how many were erased.
    """
    declared_data = _for_model(rows.model)
    ids = list(declared_data.holding_data(rows).values_list("pk", flat=True))
    if not ids:
        return 0
    erased = rows.model.objects.filter(pk__in=ids)
    changes = declared_data.erased_values()
    if declared_data.removed_at:
        changes[declared_data.removed_at] = now or timezone.now()
    erased.update(**changes)
    audit.record(
        user=user,
        actor=actor,
        action=audit.Action.ERASE,
        obj=erased,
        detail=lambda: detail(len(ids)),
    )
    return len(ids)


@transaction.atomic
def purge(*, name, now=None):
    """
    Erase (or delete) the personal data of ``name``'s rows whose retention has ended, and
    record the erasure in the audit trail, one row per run that erased anything. Returns how
    many rows were erased or deleted.
    """
    now = now or timezone.now()
    declared_data = _declarations[name]
    due = declared_data.due_rows(now=now)
    if declared_data.deletes:
        # Deleted rows leave nothing behind to name: the trail keeps the erasures.
        ids = list(due.values_list("pk", flat=True))
        declared_data.model_class.objects.filter(pk__in=ids).delete()
        return len(ids)
    period = declared_data.retention_period()

    def note(count):
        if declared_data.note:
            return declared_data.note % {"count": count, "days": period.days}
        return _generic_note(declared_data, count, period)

    return erase_rows(rows=due, detail=note, actor=audit.Actor.SYSTEM, now=now)


def purge_all(*, now=None):
    """``purge`` of every declaration: ``{name: count}``."""
    return {d.name: purge(name=d.name, now=now) for d in declared()}


@transaction.atomic
def erase(*, obj, actor, action, detail, now=None, **changes):
    """
    Erase the personal fields of ``obj`` at once (the person withdrew or cancelled), set
    ``changes`` (its new status…) and record ``action`` by ``actor`` with ``detail`` in the
    audit trail. Returns ``obj``, saved.
    """
    declared_data = _for_model(type(obj))
    now = now or timezone.now()
    values = {**declared_data.erased_values(), **changes}
    if declared_data.removed_at:
        values[declared_data.removed_at] = now
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
    audit.record(actor=actor, action=action, obj=obj, detail=detail)
    return obj
