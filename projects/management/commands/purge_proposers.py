from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from projects.models import ProjectIdea
from projects.services import ideas_purge_proposers


class Command(BaseCommand):
    help = (
        "Remove the proposer's name and e-mail from project ideas decided (carried out and "
        "published, not pursued, or rejected) more than APPLICATION_RETENTION_DAYS days ago, "
        "the same schedule as applications. The ideas stay. Safe to run daily."
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
            help="Only tell how many ideas would be purged.",
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.APPLICATION_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("The retention period cannot be negative.")
        if dry_run:
            ideas = ProjectIdea.objects.past_retention(retention_days=days)
            count = ideas.with_proposer_data().count()
            self.stdout.write(
                f"Would remove the proposer's contact details of {count} ideas "
                f"(decided more than {days} days ago)."
            )
            return
        count = ideas_purge_proposers(retention_days=days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed the proposer's contact details of {count} ideas "
                f"(decided more than {days} days ago)."
            )
        )
