from io import StringIO

import pytest
from django.core.management import call_command

from committees import seed
from projects.models import Goal, ProjectIdea
from projects.seed import seed_demo_ideas, seed_goals

pytestmark = pytest.mark.django_db


@pytest.fixture
def facts():
    seed.seed_facts()
    seed_goals()


def test_the_thirteen_goals_are_loaded_once():
    seed_goals()
    assert seed_goals() == {"goals": 0}
    assert Goal.objects.count() == 13


def test_demo_ideas_spread_over_the_five_areas_some_in_several(facts):
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


def test_demo_ideas_are_loaded_once_and_staff_edits_are_kept(facts):
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
