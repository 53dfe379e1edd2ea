from django.core.management.base import BaseCommand
from django.db import connection

from devtools.scale import scale_demo


class Command(BaseCommand):
    help = (
        "Multiply the demo content N times, in bulk (devtools/scale.py), after "
        "`seed_kouvola --demo` has loaded it once. `seed_kouvola --demo --scale N` calls this."
    )

    def add_arguments(self, parser):
        parser.add_argument("scale", type=int, help="N: the demo ×N (2 or more).")

    def handle(self, *args, scale, **options):
        counts = scale_demo(scale)
        if connection.vendor == "postgresql":
            # Tens of thousands of rows just written: the planner's statistics are those of the
            # empty tables until autovacuum comes by, and a bench run right after would measure
            # plans no live site has (×1000: 27 ms for the latest ideas, 0.1 ms after).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo ×{scale}: created {summary}."))
