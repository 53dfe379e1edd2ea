from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from committees.seed import demo_staff_user
from portal import seed
from portal.scale import scale_demo


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
            help="With --demo: N times the demo content, in bulk (portal/scale.py).",
        )

    def handle(self, *args, demo=False, scale=1, **options):
        self.report("Facts", seed.seed_facts())
        if not demo:
            return
        for heading, counts in seed.seed_demo():
            self.report(heading, counts)
        if scale > 1:
            self.report(f"Demo ×{scale}", scale_demo(scale))
            if connection.vendor == "postgresql":
                # Tens of thousands of rows just written: the planner's statistics are those of
                # the empty tables until autovacuum comes by, and a bench run right after would
                # measure plans no live site has (×1000: 27 ms for the latest ideas, 0.1 after).
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
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
