from django.conf import settings
from django.core.management.base import BaseCommand

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

    def handle(self, *args, demo=False, **options):
        self.report("Facts", seed.seed_facts())
        if not demo:
            return
        for heading, counts in seed.seed_demo():
            self.report(heading, counts)
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
