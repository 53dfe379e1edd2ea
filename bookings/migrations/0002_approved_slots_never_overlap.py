"""
No double booking, by the database: on PostgreSQL two approved slots of the same space may
not overlap in time (an exclusion constraint over the space and the time range, which needs
btree_gist for the space's equality). SQLite has no such constraint: there the services check
under a lock (bookings/services.py), which they also do on PostgreSQL.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations, models
from django.db.models import Func

from bookings.db import AddDatabaseConstraint, OnPostgreSQL


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]

    operations = [
        OnPostgreSQL(BtreeGistExtension()),
        OnPostgreSQL(
            AddDatabaseConstraint(
                "bookingslot",
                ExclusionConstraint(
                    name="bookingslot_approved_never_overlap",
                    index_type="GIST",
                    expressions=[
                        ("space", RangeOperators.EQUAL),
                        (
                            TsTzRange("starts_at", "ends_at", models.Value("[)")),
                            RangeOperators.OVERLAPS,
                        ),
                    ],
                    condition=models.Q(is_approved=True),
                ),
            )
        ),
    ]
