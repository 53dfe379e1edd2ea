from django.core.management.base import BaseCommand
from django.utils import timezone

from following.services import digests_prepare, recruitment_announce_opened
from kouvola_alue.mailqueue.outbox import mails_reclaim


class Command(BaseCommand):
    help = (
        "Run daily: announce recruitments that have opened, queue the weekly digests that are "
        "due (at most one a week to each subscriber), and take back the mails a stopped worker "
        "left half-sent. Safe to run twice. (Old addresses are deleted by "
        "purge_personal_data.)"
    )

    def handle(self, *args, **options):
        now = timezone.now()
        opened = recruitment_announce_opened(today=timezone.localdate(now))
        made = digests_prepare(now=now)
        reclaimed = mails_reclaim(now=now)
        self.stdout.write(
            f"{opened} recruitment openings announced, {made} digests queued, "
            f"{reclaimed} half-sent mails taken back."
        )
