from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from committees.seed import demo_staff_user
from portal import seed


class Command(BaseCommand):
    help = (
        "Load the facts of the city's page on the area committees from the apps' data files "
        "(safe to run again: rows that exist are kept as staff left them). --demo adds "
        "fictional demo content."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also add fictional people and a current term, marked as demo content.",
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help=(
                "With --demo: N times the demo content, in bulk (the development tools' "
                "scale_demo; installed with DJANGO_DEBUG=true or DJANGO_DEV_TOOLS=1)."
            ),
        )

    def handle(self, *args, demo=False, scale=1, **options):
        if scale > 1 and not apps.is_installed("devtools"):
            # Checked first, so nothing is half-loaded. The bulk loader is development tooling
            # (devtools/scale.py), which production settings do not install.
            raise CommandError(
                f"--scale {scale} needs the development tools, which these settings do not "
                "install: run with DJANGO_DEV_TOOLS=1 (or DJANGO_DEBUG=true), as `make bench` "
                "and `make run` do."
            )
        self.report("Facts", seed.seed_facts())
        if not demo:
            return
        for heading, counts in seed.seed_demo():
            self.report(heading, counts)
        if scale > 1:
            call_command("scale_demo", scale, stdout=self.stdout, stderr=self.stderr)
        if settings.DEBUG:
            user, password = demo_staff_user()
            self.stdout.write(
                self.style.WARNING(
                    f"Demo staff login (development only): username {user.username}, "
                    f"password {password}"
                )
            )
        else:
            self.stdout.write("No demo staff user: DJANGO_DEBUG is off.")

    def report(self, heading, counts):
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"{heading}: created {summary}."))
