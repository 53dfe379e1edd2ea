from django.core.management.base import BaseCommand, CommandError

from kouvola_alue import personal_data


class Command(BaseCommand):
    help = (
        "Erase, or delete, the personal data whose retention has ended, for every model that "
        "declares its personal data (kouvola_alue/personal_data.py): applicants, idea "
        "proposers, booking requesters, followers, members' e-mail addresses. Each erasure is "
        "recorded in the audit trail. Safe to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only tell, per kind of data, how many rows would be erased or deleted.",
        )
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="NAME",
            help="Only this kind of data (as the output names it); may be given again.",
        )

    def handle(self, *args, dry_run=False, only=(), **options):
        declared = personal_data.declared()
        unknown = set(only) - {d.name for d in declared}
        if unknown:
            raise CommandError(
                f"Unknown personal data {', '.join(sorted(unknown))}; known: "
                + ", ".join(d.name for d in declared)
            )
        for declaration in declared:
            if only and declaration.name not in only:
                continue
            if dry_run:
                count = declaration.due_rows().count()
            else:
                count = personal_data.purge(name=declaration.name)
            verb = "delete" if declaration.deletes else "erase the personal data of"
            done = "deleted" if declaration.deletes else "erased the personal data of"
            days = declaration.retention_period().total_seconds() / 86400
            said = f"would {verb}" if dry_run else done
            self.stdout.write(
                f"{declaration.name}: {said} {count} "
                f"({declaration.model_class._meta.model_name} rows kept longer than {days:g} days)"
            )
