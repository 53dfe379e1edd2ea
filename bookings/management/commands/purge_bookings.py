from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bookings.services import CONFIRM_HOURS, bookings_expire, bookings_purge


class Command(BaseCommand):
    help = (
        f"Delete booking requests never confirmed within {CONFIRM_HOURS} hours, and remove the "
        "personal data of requests whose dates ended more than APPLICATION_RETENTION_DAYS days "
        "ago (the same schedule as applications). The dates stay, so the use rate stays. Safe "
        "to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days instead of the setting (APPLICATION_RETENTION_DAYS).",
        )

    def handle(self, *args, days=None, **options):
        days = settings.APPLICATION_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("The retention period cannot be negative.")
        expired = bookings_expire()
        removed = bookings_purge(retention_days=days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {expired} unconfirmed booking requests; removed the personal data of "
                f"{removed} booking requests (dates ended more than {days} days ago)."
            )
        )
