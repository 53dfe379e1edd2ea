"""What projects keeps of proposers, and for how long (``kouvola_alue.personal_data``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kouvola_alue import personal_data

PROPOSERS = personal_data.Declaration(
    name="idea proposers",
    model="projects.ProjectIdea",
    # The idea itself stays as it is.
    fields=("proposer_name", "proposer_email"),
    retention=personal_data.days_setting("APPLICATION_RETENTION_DAYS"),
    due=lambda rows, *, limit: rows.decided_before(timezone.localdate(limit)),
    kept=_("Proposers' names and e-mail addresses"),
    counted_from=_("after the idea was decided on (carried out, not pursued or rejected)"),
    note=ngettext_lazy(
        "Scheduled purge: proposer's contact details of %(count)d idea erased (decided "
        "more than %(days)d days ago)",
        "Scheduled purge: proposers' contact details of %(count)d ideas erased (decided "
        "more than %(days)d days ago)",
        "count",
    ),
)
