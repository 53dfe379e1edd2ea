from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from committees.services import people_purge_emails


class Command(BaseCommand):
    help = (
        "Erase the e-mail address of members and deputies whose last seat ended more than "
        "MEMBER_EMAIL_RETENTION_DAYS days ago (90 by default). Names and roster history stay. "
        "Safe to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days instead of the setting (MEMBER_EMAIL_RETENTION_DAYS).",
        )

    def handle(self, *args, days=None, **options):
        days = settings.MEMBER_EMAIL_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("The retention period cannot be negative.")
        removed = people_purge_emails(retention_days=days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Erased the e-mail address of {removed} people whose last seat ended more "
                f"than {days} days ago."
            )
        )
