"""
PageSection moves here from the committees app. Its table and rows stay as they are: this
migration only tells Django's state that the model is the portal's (0002 renames the table).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("committees", "0004_meeting_permissions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PageSection",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("page", models.CharField(choices=[("home", "Home page"), ("accessibility", "Accessibility statement"), ("privacy", "Privacy notice")], max_length=20, verbose_name="page")),
                        ("key", models.SlugField(help_text="A fixed name for the section, e.g. history; not shown on the page.", max_length=40, verbose_name="identifier")),
                        ("title", models.CharField(blank=True, max_length=200, verbose_name="title")),
                        ("title_en", models.CharField(blank=True, max_length=200, verbose_name="title in English")),
                        ("body", models.TextField(help_text="Plain text; an empty line starts a new paragraph.", verbose_name="text")),
                        ("body_en", models.TextField(blank=True, verbose_name="text in English")),
                        ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                    ],
                    options={
                        "verbose_name": "page section",
                        "verbose_name_plural": "page sections",
                        "ordering": ["page", "order", "pk"],
                        "db_table": "committees_pagesection",
                        "constraints": [models.UniqueConstraint(fields=("page", "key"), name="pagesection_unique_key_per_page")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
