import threading

import pytest
from django.db import connection

from projects import services
from projects.models import ProjectIdea
from tests.factories import CommitteeFactory


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_proposals_with_the_same_title_at_once_both_get_their_own_address(monkeypatch):
    committee = CommitteeFactory()
    original = services.unique_idea_slug
    both_chose = threading.Barrier(2, timeout=10)
    calls = []

    def choose_then_wait(title):
        # Both transactions pick the same free address before either inserts it.
        slug = original(title)
        calls.append(slug)
        if len(calls) <= 2:
            both_chose.wait()
        return slug

    monkeypatch.setattr(services, "unique_idea_slug", choose_then_wait)
    errors = []

    def propose():
        try:
            services.idea_propose(
                title="Sama idea",
                summary="S",
                description="",
                committees=[committee],
                goals=[],
                proposer_name="N",
                proposer_email="n@example.invalid",
            )
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=propose) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(ProjectIdea.objects.values_list("slug", flat=True)) == [
        "sama-idea",
        "sama-idea-2",
    ]
    assert calls[:2] == ["sama-idea", "sama-idea"]
