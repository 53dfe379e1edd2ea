"""
Created and modified times on what the OParl API publishes (every OParl object carries
``created``/``modified``, and its lists filter by them). Rows that exist get the time of the
migration: their history before it is unknown.
"""

import django.utils.timezone
from django.db import migrations, models


def _created():
    return models.DateTimeField(
        default=django.utils.timezone.now, editable=False, verbose_name="created"
    )


def _updated():
    return models.DateTimeField(
        auto_now=True, default=django.utils.timezone.now, verbose_name="updated"
    )


class Migration(migrations.Migration):
    dependencies = [("committees", "0014_meeting_title_one_line")]

    operations = [
        *(
            operation
            for model in ("committee", "term", "person", "membership", "agendaitemattachment")
            for operation in (
                migrations.AddField(model_name=model, name="created_at", field=_created()),
                migrations.AddField(
                    model_name=model,
                    name="updated_at",
                    field=_updated(),
                    preserve_default=False,
                ),
            )
        ),
        migrations.AddField(model_name="communityspace", name="created_at", field=_created()),
        migrations.AddField(model_name="agendaitem", name="created_at", field=_created()),
    ]
