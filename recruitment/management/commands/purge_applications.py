from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recruitment.models import Application
from recruitment.services import applications_purge


class Command(BaseCommand):
    help = (
        "Remove the personal data of applications whose campaign closed more than "
        "APPLICATION_RETENTION_DAYS days ago. The applications stay as rows without personal "
        "data, so the numbers per area are kept. Safe to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days instead of the setting (APPLICATION_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only tell how many applications would be purged.",
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.APPLICATION_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("The retention period cannot be negative.")
        if dry_run:
            count = (
                Application.objects.past_retention(retention_days=days).with_personal_data().count()
            )
            self.stdout.write(
                f"Would remove the personal data of {count} applications "
                f"(campaigns closed more than {days} days ago)."
            )
            return
        count = applications_purge(retention_days=days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed the personal data of {count} applications "
                f"(campaigns closed more than {days} days ago)."
            )
        )
