import re
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.views.debug import ExceptionReporter

from kouvola_alue.abuse import form_stamp
from projects.forms import ProposalForm
from projects.models import ProjectIdea

pytestmark = pytest.mark.django_db

URL = reverse("projects:propose")


def rendered_seconds_ago(seconds):
    return form_stamp(issued_at=time.time() - seconds)


@pytest.fixture
def proposal(areas, goals):
    return {
        "title": "Koirapuisto keskustaan",
        "summary": "Aidattu koirapuisto keskustan lähelle.",
        "description": "Koirat voisivat <strong>juosta</strong> vapaasti.<script>x</script>",
        "committees": [areas["keskusta"].pk, areas["valkeala"].pk],
        "goals": [goals["osallisuus"].pk],
        "proposer_name": "Maija Ehdottaja",
        "proposer_email": "maija@example.invalid",
        "website": "",
        "rendered_at": rendered_seconds_ago(30),
    }


def test_the_form_has_translated_labels_and_a_hidden_honeypot(client, areas):
    html = client.get(URL).content.decode()
    assert "Idean nimi" in html
    assert "Sähköpostiosoitteesi" in html
    assert re.search(r'class="hp-field"\s+aria-hidden="true">\s*<div id="div_id_website"', html)
    assert "Kouvolan keskusta-alue" in html


def test_a_proposal_is_saved_pending_staff_are_emailed_and_the_proposer_thanked(
    client, proposal, settings, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTIFY_EMAIL = ["moderointi@kouvola.example"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, proposal)
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:thanks")
    idea = ProjectIdea.objects.get()
    assert idea.moderation == ProjectIdea.Moderation.PENDING
    assert idea.slug == "koirapuisto-keskustaan"
    assert sorted(c.slug for c in idea.committees.all()) == ["keskusta", "valkeala"]
    assert [g.slug for g in idea.goals.all()] == ["osallisuus"]
    assert idea.description == "Koirat voisivat <strong>juosta</strong> vapaasti."
    assert (idea.proposer_name, idea.proposer_email) == ("Maija Ehdottaja", "maija@example.invalid")
    assert list(idea.status_changes.values_list("status", flat=True)) == ["proposed"]
    # Staff are told, and the proposer gets a receipt (tests/projects/test_proposer_mail.py).
    assert [m.to for m in mail.outbox] == [["moderointi@kouvola.example"], [idea.proposer_email]]
    # Not on the site until a clerk publishes it.
    assert client.get(idea.get_absolute_url()).status_code == 404
    thanks = client.get(response["Location"]).content.decode()
    assert "Kiitos ideastasi" in thanks
    assert "maija@example.invalid" not in thanks


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"committees": []}, "committees", "Valitse vähintään yksi alue."),
        ({"committees": ["999999"]}, "committees", "Valitse alueet luettelosta."),
        ({"committees": ["abc"]}, "committees", "Valitse alueet luettelosta."),
        ({"goals": ["abc"]}, "goals", "Valitse tavoitteet luettelosta."),
        ({"title": ""}, "title", "Tämä kenttä vaaditaan."),
        ({"title": "x" * 201}, "title", "enintään 200 merkkiä"),
        ({"summary": "x" * 301}, "summary", "enintään 300 merkkiä"),
        ({"proposer_email": "ei-osoite"}, "proposer_email", "Syötä kelvollinen sähköpostiosoite."),
    ],
)
def test_bad_answers_are_errors_on_their_fields_and_the_rest_is_kept(
    client, proposal, change, field, message
):
    response = client.post(URL, {**proposal, **change})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'id="error_1_id_{field}"' in html
    assert 'value="Maija Ehdottaja"' in html
    assert ProjectIdea.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"website": "http://spam.example"}, "Lomaketta ei voitu lähettää"),
        # A number: rendered that many seconds before the post (signed when the test runs).
        ({"rendered_at": 1}, "Lomake lähetettiin liian nopeasti"),
        ({"rendered_at": "forged"}, "Lomake oli vanhentunut"),
        ({"rendered_at": ""}, "Lomake oli vanhentunut"),
    ],
)
def test_bots_are_refused_with_a_message_a_person_can_act_on(client, proposal, change, message):
    if isinstance(change.get("rendered_at"), int):
        change = {"rendered_at": rendered_seconds_ago(change["rendered_at"])}
    response = client.post(URL, {**proposal, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ProjectIdea.objects.count() == 0
    assert mail.outbox == []


def test_the_shared_rate_limit_stops_a_flood(client, proposal):
    for n in range(ProposalForm.limit.count):
        post = {**proposal, "title": f"Idea {n}", "rendered_at": rendered_seconds_ago(30)}
        assert client.post(URL, post).status_code == 302
    response = client.post(URL, {**proposal, "title": "Liikaa"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "liian monta lomaketta" in html
    assert 'value="Liikaa"' in html
    assert ProjectIdea.objects.count() == ProposalForm.limit.count


def test_the_same_post_sent_twice_stores_one_idea(client, proposal):
    assert client.post(URL, proposal).status_code == 302
    response = client.post(URL, proposal)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Lomake on jo lähetetty kerran" in html
    assert 'value="Koirapuisto keskustaan"' in html
    assert ProjectIdea.objects.count() == 1
    # Sent once more with the fresh stamp the page now carries, it goes through.
    fresh = re.search(r'name="rendered_at" value="([^"]+)"', html).group(1)
    assert fresh != proposal["rendered_at"]


def test_corrected_mistakes_do_not_count_against_the_rate_limit(client, proposal):
    # A resident who gets the form wrong a few times has sent nothing yet.
    for _ in range(ProposalForm.limit.count + 1):
        response = client.post(URL, {**proposal, "committees": []})
        assert response.status_code == 200
        assert "Valitse vähintään yksi alue." in response.content.decode()
    response = client.post(URL, proposal)
    assert response.status_code == 302
    assert ProjectIdea.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"committees": "x" * 10000},
        {"title": "\x00", "summary": "\x00"},
        {"committees": ["1", "1", "1"], "goals": [""]},
        {"rendered_at": "a:b:c"},
    ],
)
def test_no_input_makes_a_500(client, areas, data):
    response = client.post(URL, data)
    assert response.status_code == 200
    assert ProjectIdea.objects.count() == 0


def test_the_form_reads_in_english(client, areas):
    html = client.get("/en" + URL).content.decode()
    assert "Name of the idea" in html
    assert "Propose a project idea" in html


def test_an_error_report_of_a_failing_proposal_leaves_out_the_proposers_data(
    client, proposal, monkeypatch, caplog
):
    # What Django's error report (the admins' e-mail) would contain if saving failed.
    def fail(title):
        raise RuntimeError("database went away")

    monkeypatch.setattr("projects.services.unique_idea_slug", fail)
    client.raise_request_exception = False
    with caplog.at_level("ERROR", logger="django.request"):
        response = client.post(URL, proposal)
    assert response.status_code == 500
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    reporter = ExceptionReporter(record.request, *record.exc_info)
    for report in (reporter.get_traceback_text(), reporter.get_traceback_html()):
        assert "database went away" in report
        assert "maija@example.invalid" not in report
        assert "Maija Ehdottaja" not in report


def test_the_proposal_form_leaves_validation_to_the_portal(client):
    # The browser's own pop-ups would be in the browser's language, outside the page's
    # error summary.
    page = client.get("/hankkeet/ehdota/").content.decode()
    [form_tag] = re.findall(r"<form[^>]*method=\"post\"[^>]*>", page)
    assert "novalidate" in form_tag
