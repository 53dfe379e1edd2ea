import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from projects.html import render_html, sanitize_html
from projects.models import ProjectIdea
from tests.projects.factories import ProjectIdeaFactory


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("<p>Hei <strong>kaikki</strong> ja <em>muut</em></p>", None),
        ("<ul><li>yksi</li></ul><ol><li>kaksi</li></ol>", None),
        ("rivi<br>toinen", None),
        ("<script>alert(1)</script>teksti", "teksti"),
        ("<img src=x onerror=alert(1)>kuva", "kuva"),
        ('<p onclick="x()" style="color:red">p</p>', "<p>p</p>"),
        ("<h1>otsikko</h1><div>laatikko</div>", "otsikkolaatikko"),
        ('<a href="javascript:alert(1)">linkki</a>', '<a rel="nofollow noopener">linkki</a>'),
        (
            '<a href="https://kouvola.fi" target="_blank" rel="opener">kaupunki</a>',
            '<a href="https://kouvola.fi" rel="nofollow noopener">kaupunki</a>',
        ),
        ("<style>p{}</style><iframe src=x></iframe>ok", "ok"),
        ("5 < 6 & 7 > 3", "5 &lt; 6 &amp; 7 &gt; 3"),
    ],
)
def test_only_the_safelist_survives(given, expected):
    assert sanitize_html(given) == (given if expected is None else expected)


def test_plain_text_gets_paragraphs_and_markup_is_kept_as_written():
    assert render_html(sanitize_html("Eka kappale\nrivi\n\nToka <strong>kappale</strong>")) == (
        "<p>Eka kappale<br>rivi</p>\n\n<p>Toka <strong>kappale</strong></p>"
    )
    assert render_html(sanitize_html("<p>Valmis</p><ul><li>a</li></ul>")) == (
        "<p>Valmis</p><ul><li>a</li></ul>"
    )
    assert render_html(sanitize_html("<script>x</script>")) == ""


def test_only_sanitised_text_is_marked_safe():
    # Text that has not been through the sanitiser is escaped, whatever it holds.
    assert render_html("Toka <strong>kappale</strong>") == (
        "<p>Toka &lt;strong&gt;kappale&lt;/strong&gt;</p>"
    )
    assert render_html("") == ""


@pytest.mark.django_db
def test_every_write_stores_the_description_clean():
    unsafe = '<p>ok</p><script>x</script><a href="https://a.fi">a</a>'
    clean = '<p>ok</p><a href="https://a.fi" rel="nofollow noopener">a</a>'
    idea = ProjectIdeaFactory(description=unsafe, description_en=unsafe)
    # The saved object holds what the database holds.
    assert (idea.description, idea.description_en) == (clean, clean)
    stored = ProjectIdea.objects.values_list("description", "description_en").get(pk=idea.pk)
    assert stored == (clean, clean)
    ProjectIdea.objects.filter(pk=idea.pk).update(description=unsafe + "<iframe></iframe>")
    assert ProjectIdea.objects.get(pk=idea.pk).description == clean


@pytest.mark.django_db
def test_a_description_stored_unsafe_by_another_path_is_shown_safe(client):
    idea = ProjectIdeaFactory()
    # e.g. written from the shell or a fixture, bypassing the forms.
    ProjectIdea.objects.filter(pk=idea.pk).update(
        description='<p>Teksti</p><script>alert("x")</script><img src=x onerror=alert(1)>'
    )
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "<p>Teksti</p>" in html
    assert "alert(" not in html
    assert "onerror" not in html


@pytest.mark.django_db(transaction=True)
def test_descriptions_stored_before_the_column_promised_sanitised_html_are_sanitised():
    before = [("projects", "0005_projectidea_rejected_at")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    OldIdea = executor.loader.project_state(before).apps.get_model("projects", "ProjectIdea")
    OldIdea.objects.create(
        title="Vanha",
        slug="vanha",
        summary="S",
        description="<p>Teksti</p><script>alert(1)</script>",
        year=2024,
    )
    call_command("migrate", "projects", verbosity=0)
    assert ProjectIdea.objects.get(slug="vanha").description == "<p>Teksti</p>"
