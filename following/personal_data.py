"""What following keeps of followers, and for how long (``kouvola_alue.personal_data``)."""

import datetime

from django.utils.translation import gettext_lazy as _

from kouvola_alue import personal_data

# Unconfirmed and unsubscribed addresses are deleted after this many days.
RETENTION_DAYS = 30

STALE_SUBSCRIPTIONS = personal_data.Declaration(
    name="followers",
    model="following.Subscription",
    # Their deliveries and digests go with them (CASCADE); the events hold no one's data.
    fields=(),
    retention=datetime.timedelta(days=RETENTION_DAYS),
    due=lambda rows, *, limit: rows.stale(limit),
    kept=_("Followers' addresses never confirmed, or unsubscribed"),
    counted_from=_("after the follow was asked for, or ended"),
)
