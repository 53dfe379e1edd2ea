import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from projects import services
from projects.models import ProjectIdea
from tests.projects.factories import PendingIdeaFactory, ProjectIdeaFactory, RejectedIdeaFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:projects_projectidea_changelist")


def change_url(idea):
    return reverse("admin:projects_projectidea_change", args=[idea.pk])


def form_data(idea, **changes):
    data = {
        "moderation": idea.moderation,
        "moderation_note": idea.moderation_note,
        "title": idea.title,
        "slug": idea.slug,
        "summary": idea.summary,
        "description": idea.description,
        "year": idea.year,
        "committees": [c.pk for c in idea.committees.all()] if idea.pk else [],
        "goals": [g.pk for g in idea.goals.all()] if idea.pk else [],
        "status": idea.status,
        "status_changed_on": "",
        "status_note": "",
        "title_en": "",
        "summary_en": "",
        "description_en": "",
        "proposer_name": idea.proposer_name,
        "proposer_email": idea.proposer_email,
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        "status_changes-MIN_NUM_FORMS": "0",
        "status_changes-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_the_staff_group_may_moderate_ideas():
    group = Group.objects.get(name="Elinvoimajaosto")
    codenames = set(
        group.permissions.filter(content_type__app_label="projects").values_list(
            "codename", flat=True
        )
    )
    assert {
        "view_projectidea",
        "add_projectidea",
        "change_projectidea",
        "delete_projectidea",
        "view_statuschange",
        "change_goal",
    } <= codenames
    assert not Permission.objects.filter(
        group=group, codename__in=["add_statuschange", "change_statuschange"]
    ).exists()


def test_the_queue_shows_pending_proposals_first(clerk_client):
    ProjectIdeaFactory(title="Idea A")
    PendingIdeaFactory(title="Idea B")
    RejectedIdeaFactory(title="Idea C")
    PendingIdeaFactory(title="Idea D")
    html = clerk_client.get(CHANGELIST).content.decode()
    rows = re.findall(r'<th class="field-title"><a href="[^"]+">(Idea \w)</a>', html)
    assert rows == ["Idea D", "Idea B", "Idea C", "Idea A"]


@pytest.mark.parametrize(
    "params",
    [
        {"moderation__exact": "pending"},
        {"status__exact": "carried_out"},
        {"committees__id__exact": "COMMITTEE"},
        {"goals__id__exact": "GOAL"},
    ],
)
def test_the_queue_filters(clerk_client, areas, goals, params):
    wanted = PendingIdeaFactory(
        title="Haettava",
        status="carried_out",
        committees=[areas["valkeala"]],
        goals=[goals["osallisuus"]],
    )
    ProjectIdeaFactory(title="Toinen hankeidea", committees=[areas["keskusta"]])
    params = {
        key: {"COMMITTEE": areas["valkeala"].pk, "GOAL": goals["osallisuus"].pk}.get(v, v)
        for key, v in params.items()
    }
    html = clerk_client.get(CHANGELIST, params).content.decode()
    assert re.findall(r'<th class="field-title"><a href="[^"]+">([^<]+)</a>', html) == [
        wanted.title
    ]


def test_bulk_publish_puts_ideas_on_the_site(clerk_client, client, areas):
    ideas = [PendingIdeaFactory(committees=[areas["valkeala"]]) for _ in range(2)]
    response = clerk_client.post(
        CHANGELIST,
        {"action": "publish_selected", "_selected_action": [i.pk for i in ideas]},
        follow=True,
    )
    assert "2 ideaa julkaistu." in response.content.decode()
    for idea in ideas:
        idea.refresh_from_db()
        assert idea.is_published and idea.published_at
        assert client.get(idea.get_absolute_url()).status_code == 200
        assert idea.title in client.get("/aluetoimikunnat/valkeala/").content.decode()


def test_bulk_reject_takes_ideas_off_the_site_and_sends_their_notes(
    clerk_client, client, django_capture_on_commit_callbacks
):
    published = ProjectIdeaFactory()
    with_note = PendingIdeaFactory(moderation_note="Ei kuulu aluetoimikunnille.")
    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(
            CHANGELIST,
            {"action": "reject_selected", "_selected_action": [published.pk, with_note.pk]},
        )
    assert ProjectIdea.objects.filter(moderation="rejected").count() == 2
    assert client.get(published.get_absolute_url()).status_code == 404
    assert [m.to for m in mail.outbox] == [[with_note.proposer_email]]


def test_changing_the_status_in_the_admin_records_it_with_its_date(clerk_client, clerk, areas):
    idea = services.idea_create(
        title="Idea",
        summary="S",
        committees=[areas["valkeala"]],
        status_changed_on=datetime.date(2024, 1, 1),
        publish=True,
    )
    response = clerk_client.post(
        change_url(idea),
        form_data(
            idea, status="carried_out", status_changed_on="2.5.2025", status_note="Valmistui."
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    idea.refresh_from_db()
    assert idea.status == "carried_out"
    last = idea.status_changes.order_by("-changed_on").first()
    assert (last.status, last.changed_on, last.note, last.changed_by) == (
        "carried_out",
        datetime.date(2025, 5, 2),
        "Valmistui.",
        clerk,
    )
    # Saving again without a change of status records nothing more.
    clerk_client.post(change_url(idea), form_data(idea, title="Uusi nimi"))
    assert idea.status_changes.count() == 2


def test_the_admin_refuses_a_backdated_or_future_status_change(clerk_client, areas):
    idea = services.idea_create(
        title="Idea",
        summary="S",
        committees=[areas["valkeala"]],
        status_changed_on=datetime.date(2025, 3, 1),
    )
    future = timezone.localdate() + datetime.timedelta(days=2)
    for day, message in [
        ("28.2.2025", "ei voi olla ennen edellistä"),
        (future.strftime("%d.%m.%Y"), "tulevaisuuteen"),
    ]:
        response = clerk_client.post(
            change_url(idea), form_data(idea, status="in_progress", status_changed_on=day)
        )
        assert response.status_code == 200
        assert message in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == "proposed"


def test_publishing_in_the_change_form_goes_through_the_service(clerk_client, areas):
    idea = PendingIdeaFactory(committees=[areas["valkeala"]])
    clerk_client.post(change_url(idea), form_data(idea, moderation="published"))
    idea.refresh_from_db()
    assert idea.is_published
    assert idea.published_at is not None


def test_an_idea_added_in_the_admin_starts_pending_with_its_history(clerk_client, areas):
    response = clerk_client.post(
        reverse("admin:projects_projectidea_add"),
        {
            **form_data(
                PendingIdeaFactory.build(title="Uusi", slug="uusi", year=2025),
                moderation="published",
                status="preparing",
                description="<p>ok</p><script>x</script>",
                committees=[areas["valkeala"].pk],
                goals=[],
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    idea = ProjectIdea.objects.get(slug="uusi")
    assert idea.is_published and idea.published_at
    assert idea.description == "<p>ok</p>"
    assert list(idea.status_changes.values_list("status", flat=True)) == ["preparing"]


def test_an_idea_needs_an_area_and_a_free_address(clerk_client, areas):
    idea = ProjectIdeaFactory(committees=[areas["valkeala"]])
    response = clerk_client.post(change_url(idea), form_data(idea, committees=[], slug="ehdota"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "varattu" in html
    idea.refresh_from_db()
    assert idea.committees.count() == 1


def test_the_admin_pages_render(clerk_client, areas, goals):
    idea = ProjectIdeaFactory(committees=[areas["valkeala"]], goals=[goals["osallisuus"]])
    for url in [
        CHANGELIST,
        change_url(idea),
        reverse("admin:projects_projectidea_add"),
        reverse("admin:projects_goal_changelist"),
        reverse("admin:projects_goal_change", args=[goals["osallisuus"].pk]),
    ]:
        assert clerk_client.get(url).status_code == 200, url
