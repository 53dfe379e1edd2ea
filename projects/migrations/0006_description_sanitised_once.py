"""Idea descriptions are sanitised as they are written: the column holds only allowed markup."""

from django.db import migrations

import projects.html


def sanitise_stored_descriptions(apps, schema_editor):
    """
    The column now promises sanitised HTML (the pages mark it safe without sanitising again),
    so rows written before, or under an older policy, are sanitised once here. Re-running it
    changes nothing: sanitising is idempotent.
    """
    ProjectIdea = apps.get_model("projects", "ProjectIdea")
    rows = ProjectIdea.objects.values_list("pk", "description", "description_en")
    for pk, description, description_en in rows.iterator():
        # str(): what is read back is already marked sanitised; here it must be done anew.
        clean = projects.html.sanitize_html(str(description))
        clean_en = projects.html.sanitize_html(str(description_en))
        if (clean, clean_en) != (description, description_en):
            ProjectIdea.objects.filter(pk=pk).update(description=clean, description_en=clean_en)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0005_projectidea_rejected_at"),
    ]

    operations = [
        migrations.AlterField(
            model_name="projectidea",
            name="description",
            field=projects.html.SanitizedHTMLField(
                blank=True,
                help_text=(
                    "An empty line starts a new paragraph. HTML is allowed for paragraphs (p), "
                    "line breaks (br), bold (strong), italics (em), lists (ul, ol, li) and links "
                    "(a href); any other markup is removed."
                ),
                verbose_name="description",
            ),
        ),
        migrations.AlterField(
            model_name="projectidea",
            name="description_en",
            field=projects.html.SanitizedHTMLField(
                blank=True, verbose_name="description in English"
            ),
        ),
        # Sanitised text stays sanitised when the column goes back to a plain text field.
        migrations.RunPython(sanitise_stored_descriptions, migrations.RunPython.noop),
    ]
