"""PageSection now belongs to the portal (site layer); its table and rows are kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0004_meeting_permissions"),
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PageSection")],
            database_operations=[],
        ),
    ]
