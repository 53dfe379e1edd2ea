"""What recruitment keeps of applicants, and for how long (``kouvola_alue.personal_data``)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kouvola_alue import personal_data
from recruitment.models import Application

APPLICATIONS = personal_data.Declaration(
    name="applications",
    model="recruitment.Application",
    # The rows stay without them, so the numbers per area stay.
    fields=Application.ERASED_FIELDS,
    erased=Application.erased_values,
    removed_at="personal_data_removed_at",
    retention=personal_data.days_setting("APPLICATION_RETENTION_DAYS"),
    due=lambda rows, *, limit: rows.filter(campaign__closes_on__lt=timezone.localdate(limit)),
    kept=_("Applicants' names, contact details and answers"),
    counted_from=_("after the campaign closed"),
    note=ngettext_lazy(
        "Scheduled purge: personal data of %(count)d application erased (campaign "
        "closed more than %(days)d days ago)",
        "Scheduled purge: personal data of %(count)d applications erased (campaigns "
        "closed more than %(days)d days ago)",
        "count",
    ),
)

# The address a withdrawal confirmation goes to, should the worker never have sent it (it
# tries for about nine hours).
WITHDRAWAL_CONFIRMATIONS = personal_data.Declaration(
    name="withdrawal confirmations",
    model="recruitment.WithdrawalConfirmation",
    fields=(),
    retention=datetime.timedelta(days=2),
    due=lambda rows, *, limit: rows.filter(created_at__lt=limit),
    kept=_("The address a withdrawal confirmation is sent to"),
    counted_from=_("after the application was withdrawn"),
)
