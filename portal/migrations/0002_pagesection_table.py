"""
The moved PageSection gets the portal's own table name, and its content type (with the staff
group's permissions on it) follows it to the portal app. Both go back on reversal.
"""

from django.db import migrations


def _move_content_type(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="pagesection").exists():
        ContentType.objects.filter(app_label=old, model="pagesection").update(app_label=new)


def to_portal(apps, schema_editor):
    _move_content_type(apps, "committees", "portal")


def to_committees(apps, schema_editor):
    _move_content_type(apps, "portal", "committees")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("committees", "0005_pagesection_to_portal"),
        ("portal", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="pagesection", table=None),
        migrations.RunPython(to_portal, to_committees),
    ]
