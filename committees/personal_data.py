"""What committees keeps of members, and for how long (``kouvola_alue.personal_data``)."""

from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from committees.models import Person
from kouvola_alue import personal_data


def _due(rows, *, limit):
    # A seat ends on its own end date (a resignation) or its term's; someone with a seat in a
    # current or later term keeps the address. Names and roster history stay.
    return rows.annotate(
        last_day=Max(Coalesce("memberships__ends_on", "memberships__term__ends_on"))
    ).filter(last_day__lt=timezone.localdate(limit))


MEMBER_EMAILS = personal_data.Declaration(
    name="member e-mails",
    model="committees.Person",
    fields=Person.PERSONAL_FIELDS,
    retention=personal_data.days_setting("MEMBER_EMAIL_RETENTION_DAYS"),
    due=_due,
    kept=_("Members' and deputies' e-mail addresses"),
    counted_from=_("after their last seat ended"),
    note=ngettext_lazy(
        "Scheduled purge: the e-mail address of %(count)d former member erased (their "
        "last seat ended more than %(days)d days ago)",
        "Scheduled purge: the e-mail addresses of %(count)d former members erased "
        "(their last seat ended more than %(days)d days ago)",
        "count",
    ),
)
