"""The goals from projects/data/goals.yaml and the demo ideas from projects/data/demo_ideas.yaml."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from projects.models import Goal, ProjectIdea
from projects.seed import seed_demo_ideas, seed_facts

pytestmark = pytest.mark.django_db


def test_the_thirteen_goals_are_listed_in_order_on_the_site(client, city_facts):
    assert city_facts["goals"] == 13
    page = client.get(reverse("projects:goals")).content.decode()
    for number, title in [
        (1, "kaupungin sisäistä vetovoimaa"),
        (4, "avointa viestintää"),
        (13, "eri toimijoiden välistä yhteistyötä ja verkostoitumista"),
    ]:
        goal = Goal.objects.get(number=number)
        assert goal.title == title
        assert goal.get_absolute_url() in page
    with translation.override("en"):
        english = client.get(reverse("projects:goal", kwargs={"slug": "ennaltaehkaisy"}))
    assert "Goal 12: to increase prevention" in english.content.decode()


def test_the_goals_are_loaded_once_and_staff_edits_are_kept(client, clerk_client, city_facts):
    goal = Goal.objects.get(slug="avoin-viestinta")
    goal.description = "Virkailijan kirjoittama kuvaus."
    goal.title = "avointa ja selkeää viestintää"
    goal.save()
    assert seed_facts() == {"goals": 0}
    assert Goal.objects.count() == 13
    page = client.get(goal.get_absolute_url()).content.decode()
    assert "Tavoite 4: lisätä avointa ja selkeää viestintää" in page
    assert "Virkailijan kirjoittama kuvaus." in page
    admin = clerk_client.get(reverse("admin:projects_goal_changelist")).content.decode()
    assert "avointa ja selkeää viestintää" in admin


def test_demo_ideas_spread_over_the_five_areas_some_in_several(city_facts):
    assert seed_demo_ideas()["demo project ideas"] == 13
    published = ProjectIdea.objects.published()
    assert all(idea.is_demo for idea in ProjectIdea.objects.all())
    for slug in ["anjalankoski", "elimaki-koria", "keskusta", "kuusankoski-jaala", "valkeala"]:
        assert published.in_areas([slug]).count() >= 3, slug
    several = [i for i in published.for_listing() if i.committees.count() > 1]
    assert len(several) >= 4
    assert set(published.values_list("status", flat=True)) == set(ProjectIdea.Status.values)
    assert published.filter(goals__isnull=True).count() == 0
    assert ProjectIdea.objects.pending().count() == 1
    # Each status in an idea's history is dated, and the idea's status is the last one.
    for idea in published:
        history = list(idea.status_changes.all())
        assert history[-1].status == idea.status
        assert [c.changed_on for c in history] == sorted(c.changed_on for c in history)


def test_a_demo_idea_shows_its_dated_history_and_sanitised_description(client, city_facts):
    seed_demo_ideas()
    idea = ProjectIdea.objects.get(slug="jaalan-veneranta")
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Jaalan yhteinen veneranta" in page
    assert "Ranta-alueelle ei saatu lupaa." in page
    assert "14.2.2023" in page
    assert "<strong>kuvitteellinen</strong>" in page
    pending = ProjectIdea.objects.get(slug="koirapuisto-kouvolan-keskustaan")
    assert client.get(pending.get_absolute_url()).status_code == 404


def test_demo_ideas_are_loaded_once_and_staff_edits_are_kept(city_facts):
    seed_demo_ideas()
    for slug in ("keskustan-penkit", "koirapuisto-kouvolan-keskustaan"):
        ProjectIdea.objects.filter(slug=slug).update(title="Muokattu nimi")
    assert seed_demo_ideas() == {"demo project ideas": 0}
    assert ProjectIdea.objects.filter(title="Muokattu nimi").count() == 2
    assert ProjectIdea.objects.count() == 13


def test_the_seed_command_loads_the_demo_ideas(capsys):
    call_command("seed_kouvola", "--demo")
    assert "13 demo project ideas" in capsys.readouterr().out
    assert ProjectIdea.objects.published().count() == 12


def test_the_privacy_notice_covers_idea_proposers(client):
    call_command("seed_kouvola", stdout=StringIO())
    page = client.get("/tietosuoja/").content.decode()
    assert "Hankeideoiden ehdottajat" in page
    assert "Nimesi ja sähköpostiosoitteesi näkevät vain kaupungin" in page
