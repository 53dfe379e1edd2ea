import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects import services
from projects.models import ProjectIdea, StatusChange
from tests.projects.factories import PendingIdeaFactory, ProjectIdeaFactory

pytestmark = pytest.mark.django_db


def test_a_new_idea_starts_its_history_with_its_first_status(areas):
    idea = services.idea_create(
        title="Kylätalon kunnostus",
        summary="Kylätalo kuntoon talkoilla.",
        committees=[areas["valkeala"]],
        status=ProjectIdea.Status.PREPARING,
        status_changed_on=datetime.date(2024, 3, 1),
    )
    assert [(c.status, c.changed_on) for c in idea.status_changes.all()] == [
        ("preparing", datetime.date(2024, 3, 1))
    ]
    assert idea.moderation == ProjectIdea.Moderation.PENDING
    assert idea.slug == "kylatalon-kunnostus"


def test_each_status_change_is_recorded_with_its_date_and_the_current_status_follows(areas, clerk):
    idea = services.idea_create(
        title="Idea",
        summary="S",
        committees=[areas["keskusta"]],
        status_changed_on=datetime.date(2024, 11, 5),
    )
    services.idea_change_status(
        idea=idea, status="in_progress", changed_on=datetime.date(2025, 1, 2), changed_by=clerk
    )
    services.idea_change_status(
        idea=idea, status="carried_out", changed_on=datetime.date(2025, 6, 30), note="Valmis."
    )
    idea.refresh_from_db()
    assert idea.status == "carried_out"
    history = list(idea.status_changes.values_list("status", "changed_on", "note", "changed_by"))
    assert history[1:] == [
        ("in_progress", datetime.date(2025, 1, 2), "", clerk.pk),
        ("carried_out", datetime.date(2025, 6, 30), "Valmis.", None),
    ]


def test_setting_the_same_status_again_records_nothing(areas):
    idea = services.idea_create(title="Idea", summary="S", committees=[areas["keskusta"]])
    assert services.idea_change_status(idea=idea, status="proposed") is None
    assert StatusChange.objects.filter(idea=idea).count() == 1


def test_titles_that_make_the_same_address_get_numbered_ones(areas):
    make = lambda: services.idea_create(  # noqa: E731
        title="Kesätori!", summary="S", committees=[areas["keskusta"]]
    )
    assert [make().slug for _ in range(3)] == ["kesatori", "kesatori-2", "kesatori-3"]


def test_an_idea_never_takes_the_address_of_the_apps_own_pages(areas):
    idea = services.idea_create(title="Ehdota", summary="S", committees=[areas["keskusta"]])
    assert idea.slug == "ehdota-idea"


def test_a_proposal_waits_for_moderation_and_staff_are_told_by_email(
    areas, goals, settings, django_capture_on_commit_callbacks
):
    settings.STAFF_NOTIFY_EMAIL = ["moderointi@kouvola.example"]
    with django_capture_on_commit_callbacks(execute=True):
        idea = services.idea_propose(
            title="Koirapuisto",
            summary="Aidattu koirapuisto.",
            description="<p>Hyvä <script>alert(1)</script>idea</p>",
            committees=[areas["keskusta"], areas["valkeala"]],
            goals=[goals["osallisuus"]],
            proposer_name="Maija Ehdottaja",
            proposer_email="maija@example.invalid",
            site_url="https://aluetoimikunnat.example/",
        )
    assert idea.moderation == ProjectIdea.Moderation.PENDING
    assert idea.description == "<p>Hyvä idea</p>"
    assert idea.status_changes.count() == 1
    # The staff's notice; the proposer's receipt follows (tests/projects/test_proposer_mail.py).
    assert [m.to for m in mail.outbox][1:] == [["maija@example.invalid"]]
    message = mail.outbox[0]
    assert message.to == ["moderointi@kouvola.example"]
    # The proposer's title is quoted in the body, never in the subject.
    assert message.subject == "Uusi hankeidea moderoitavaksi"
    assert "Koirapuisto" in message.body
    assert f"https://aluetoimikunnat.example/admin/projects/projectidea/{idea.pk}/change/" in (
        message.body
    )
    assert "Kouvolan keskusta-alue, Valkeala" in message.body
    # The proposer's contact details stay in the admin.
    assert "maija@example.invalid" not in message.body


def test_a_failing_mail_server_does_not_lose_the_proposal(
    areas, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.mail.DownBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_propose(
            title="Idea",
            summary="S",
            description="",
            committees=[areas["keskusta"]],
            goals=[],
            proposer_name="N",
            proposer_email="n@example.invalid",
        )
    assert ProjectIdea.objects.pending().count() == 1


def test_publishing_stamps_the_first_publication_date_and_keeps_it():
    idea = PendingIdeaFactory()
    services.idea_publish(idea=idea)
    first = ProjectIdea.objects.get(pk=idea.pk).published_at
    assert first is not None
    services.idea_unpublish(idea=idea)
    services.idea_publish(idea=idea)
    assert ProjectIdea.objects.get(pk=idea.pk).published_at == first


def test_rejecting_with_a_note_tells_the_proposer_once(django_capture_on_commit_callbacks):
    idea = PendingIdeaFactory(proposer_email="maija@example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_reject(idea=idea, note="Vastaava hanke on jo käynnissä.")
        services.idea_reject(idea=idea)
    idea.refresh_from_db()
    assert idea.moderation == ProjectIdea.Moderation.REJECTED
    assert [m.to for m in mail.outbox] == [["maija@example.invalid"]]
    assert "Vastaava hanke on jo käynnissä." in mail.outbox[0].body


def test_a_refused_note_to_the_proposer_is_logged_without_their_address(
    django_capture_on_commit_callbacks, settings, caplog
):
    # What smtplib raises when the server refuses the address: it names the address.
    settings.EMAIL_BACKEND = "tests.mail.RefusingBackend"
    idea = PendingIdeaFactory(proposer_email="maija@example.invalid")
    with caplog.at_level("ERROR"), django_capture_on_commit_callbacks(execute=True):
        services.idea_reject(idea=idea, note="Vastaava hanke on jo käynnissä.")
    assert ProjectIdea.objects.get(pk=idea.pk).moderation == ProjectIdea.Moderation.REJECTED
    assert f"project idea {idea.pk}" in caplog.text
    assert "SMTPRecipientsRefused" in caplog.text
    assert "maija@example.invalid" not in caplog.text


def test_rejecting_without_a_note_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.idea_reject(idea=PendingIdeaFactory())
    assert mail.outbox == []


def test_a_change_cannot_be_dated_before_the_previous_one(areas):
    idea = services.idea_create(
        title="Idea",
        summary="S",
        committees=[areas["keskusta"]],
        status_changed_on=datetime.date(2025, 3, 1),
    )
    with pytest.raises(ValidationError, match=r"1\.3\.2025"):
        services.idea_change_status(
            idea=idea, status="in_progress", changed_on=datetime.date(2025, 2, 28)
        )
    idea.refresh_from_db()
    assert idea.status == "proposed"
    assert idea.status_changes.count() == 1


def test_the_database_refuses_a_published_idea_without_a_publication_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectIdeaFactory(published_at=None)


def test_the_database_refuses_an_unknown_status():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectIdeaFactory(status="maybe")


def test_an_update_saves_the_changes_records_the_status_and_moderates(areas, goals, clerk):
    idea = services.idea_create(
        title="Idea",
        summary="S",
        committees=[areas["valkeala"]],
        status_changed_on=datetime.date(2024, 1, 1),
    )
    services.idea_update(
        idea=idea,
        title="Uusi nimi",
        description="<p>Kuvaus</p><script>alert(1)</script>",
        committees=[areas["keskusta"], areas["valkeala"]],
        goals=[goals["osallisuus"]],
        status="preparing",
        status_changed_on=datetime.date(2024, 2, 1),
        status_note="Valmistellaan.",
        moderation="published",
        changed_by=clerk,
    )
    stored = ProjectIdea.objects.get(pk=idea.pk)
    assert (stored.title, stored.description, stored.status) == (
        "Uusi nimi",
        "<p>Kuvaus</p>",
        "preparing",
    )
    assert stored.is_published and stored.published_at is not None
    assert sorted(c.slug for c in stored.committees.all()) == ["keskusta", "valkeala"]
    assert [g.slug for g in stored.goals.all()] == ["osallisuus"]
    assert list(stored.status_changes.values_list("status", "changed_on", "note")) == [
        ("proposed", datetime.date(2024, 1, 1), ""),
        ("preparing", datetime.date(2024, 2, 1), "Valmistellaan."),
    ]
    assert stored.status_changes.last().changed_by == clerk


def test_an_update_compares_with_the_stored_idea_not_the_one_in_memory(areas):
    # A form has already put its values on the object; the service still sees the change.
    idea = services.idea_create(title="Idea", summary="S", committees=[areas["valkeala"]])
    idea.status, idea.moderation = "carried_out", "published"
    services.idea_update(idea=idea, status="carried_out", moderation="published")
    stored = ProjectIdea.objects.get(pk=idea.pk)
    assert stored.status == "carried_out" and stored.is_published
    assert stored.status_changes.count() == 2
