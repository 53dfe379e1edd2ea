from django.core.management.base import BaseCommand
from django.utils import timezone

from following.services import digests_prepare, recruitment_announce_opened, subscriptions_purge
from following.tasks import deliveries_reclaim


class Command(BaseCommand):
    help = (
        "Run daily: announce recruitments that have opened, queue the weekly digests that are "
        "due (at most one a week to each subscriber), and delete addresses unsubscribed or "
        "left unconfirmed more than 30 days ago; take back follower mails a stopped worker left "
        "half-sent. Safe to run twice."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        opened = recruitment_announce_opened(today=timezone.localdate(now))
        made = digests_prepare(now=now)
        purged = subscriptions_purge(now=now)
        reclaimed = deliveries_reclaim(now=now)
        self.stdout.write(
            f"{opened} recruitment openings announced, {made} digests queued, "
            f"{purged} old addresses deleted, {reclaimed} half-sent mails taken back."
        )
