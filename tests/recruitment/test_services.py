"""The services: selection into a roster under the roster rules, withdrawal, submission."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from committees.models import Membership, Person
from kouvola_alue import personal_data
from recruitment.models import Application
from recruitment.services import (
    application_select,
    application_submit,
    application_withdraw,
)
from tests import factories
from tests.recruitment.factories import (
    ApplicationFactory,
    CampaignFactory,
    closed_campaign,
    open_campaign,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(committee):
    campaign = open_campaign(committee)
    return ApplicationFactory(
        campaign=campaign, committee=committee, first_name="Aino", last_name="Valittava"
    )


def test_selecting_a_member_creates_the_person_and_the_seat(application):
    membership = application_select(application=application, kind=Membership.Kind.MEMBER)

    assert membership.person.first_name == "Aino"
    assert membership.person.last_name == "Valittava"
    assert membership.committee == application.committee
    assert membership.term == application.campaign.term
    assert membership.kind == Membership.Kind.MEMBER
    # The campaign's term has not begun: the seat is from the term's start.
    assert membership.starts_on is None
    application.refresh_from_db()
    assert application.status == Application.Status.SELECTED_MEMBER
    assert application.person == membership.person
    assert application.membership == membership
    assert application.status_changed_at is not None


def test_selecting_into_a_running_term_starts_the_seat_today(committee):
    term = factories.current_term()
    campaign = open_campaign(committee, term=term)
    application = ApplicationFactory(campaign=campaign, committee=committee)
    membership = application_select(application=application, kind=Membership.Kind.MEMBER)
    assert membership.starts_on == timezone.localdate()


def test_a_twelfth_member_is_refused_and_nothing_is_written(application):
    term = application.campaign.term
    factories.roster(application.committee, term, members=11)
    people = Person.objects.count()

    with pytest.raises(ValidationError) as error:
        application_select(application=application, kind=Membership.Kind.MEMBER)

    assert "12 jäsentä" in " ".join(error.value.messages)
    assert "enintään 11 jäsentä" in " ".join(error.value.messages)
    assert Person.objects.count() == people
    assert Membership.objects.filter(term=term).count() == 11
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED
    assert application.membership is None


def test_the_eleventh_member_fits(application):
    factories.roster(application.committee, application.campaign.term, members=10)
    application_select(application=application, kind=Membership.Kind.MEMBER)
    assert Membership.objects.filter(term=application.campaign.term).count() == 11


def test_a_deputy_needs_a_member_to_stand_in_for(application):
    with pytest.raises(ValidationError) as error:
        application_select(application=application, kind=Membership.Kind.DEPUTY)
    assert "1 varajäsentä mutta vain 0 jäsentä" in " ".join(error.value.messages)

    factories.roster(application.committee, application.campaign.term, members=1)
    membership = application_select(application=application, kind=Membership.Kind.DEPUTY)
    assert membership.kind == Membership.Kind.DEPUTY
    application.refresh_from_db()
    assert application.status == Application.Status.SELECTED_DEPUTY


def test_an_applicant_is_selected_only_once(application):
    application_select(application=application, kind=Membership.Kind.MEMBER)
    with pytest.raises(ValidationError, match="on jo valittu"):
        application_select(application=application, kind=Membership.Kind.MEMBER)
    assert Membership.objects.count() == 1


def test_a_withdrawn_application_cannot_be_selected(application):
    application_withdraw(application=application)
    with pytest.raises(ValidationError, match="henkilötiedot on poistettu"):
        application_select(application=application, kind=Membership.Kind.MEMBER)
    assert not Membership.objects.exists()


def test_nobody_is_selected_into_an_ended_term(committee):
    ended = factories.TermFactory(starts_on=datetime.date(2018, 9, 1))
    campaign = closed_campaign(committee, term=ended)
    application = ApplicationFactory(campaign=campaign, committee=committee)
    with pytest.raises(ValidationError, match=r"päättyi 31\.12\.2021"):
        application_select(application=application, kind=Membership.Kind.MEMBER)


def test_a_demo_campaigns_applicant_becomes_a_demo_person(committee):
    campaign = open_campaign(committee, is_demo=True)
    application = ApplicationFactory(campaign=campaign, committee=committee)
    membership = application_select(application=application, kind=Membership.Kind.MEMBER)
    assert membership.person.is_demo


def test_an_existing_person_can_be_seated_from_an_application(application):
    person = factories.PersonFactory()
    membership = application_select(
        application=application, kind=Membership.Kind.MEMBER, person=person
    )
    assert membership.person == person
    assert Person.objects.count() == 1


def submission(committee, **overrides):
    data = {
        "first_name": "Aino",
        "last_name": "Hakija",
        "email": "Aino.Hakija@Example.FI",
        "phone": "",
        "district": "Kuusankoski",
        "age_group": Application.AgeGroup.UNDER_30,
        "background": "Opiskelija.",
        "motivation": "Nuorten ääni kuuluviin.",
        "willing_to_be_deputy": False,
    }
    data.update(overrides)
    return data


def test_submission_stores_one_application_per_address(committee):
    campaign = open_campaign(committee)
    first, created = application_submit(
        campaign=campaign, committee=committee, **submission(committee)
    )
    assert created
    assert first.email == "aino.hakija@example.fi"
    again, created = application_submit(
        campaign=campaign,
        committee=committee,
        **submission(committee, email="aino.hakija@example.fi"),
    )
    assert not created
    assert again == first
    assert Application.objects.count() == 1


def test_submission_refuses_a_closed_campaign_and_a_foreign_committee(committee):
    with pytest.raises(ValidationError, match="ei ota vastaan"):
        application_submit(
            campaign=closed_campaign(committee), committee=committee, **submission(committee)
        )
    other = factories.CommitteeFactory()
    with pytest.raises(ValidationError, match="ei haeta"):
        application_submit(
            campaign=open_campaign(committee), committee=other, **submission(committee)
        )
    assert not Application.objects.exists()


def test_submission_is_open_through_the_closing_day_in_helsinki(committee):
    campaign = CampaignFactory(
        committees=[committee],
        opens_on=datetime.date(2026, 3, 1),
        closes_on=datetime.date(2026, 3, 31),
    )
    kwargs = {"campaign": campaign, "committee": committee, **submission(committee)}
    application_submit(today=datetime.date(2026, 3, 31), **kwargs)
    with pytest.raises(ValidationError):
        application_submit(today=datetime.date(2026, 4, 1), **kwargs)
    with pytest.raises(ValidationError):
        application_submit(today=datetime.date(2026, 2, 28), **kwargs)


def test_purge_removes_personal_data_after_the_retention_and_keeps_the_counts(committee, settings):
    settings.APPLICATION_RETENTION_DAYS = 365
    old = closed_campaign(committee, days_ago=400)
    recent = closed_campaign(committee, days_ago=100)
    open_now = open_campaign(committee)
    for campaign in (old, old, recent, open_now):
        ApplicationFactory(campaign=campaign, committee=committee, staff_notes="Hyvä hakija.")

    assert personal_data.purge(name="applications") == 2

    purged = Application.objects.filter(campaign=old)
    assert purged.count() == 2
    for application in purged:
        assert application.personal_data_removed_at is not None
        assert not any(
            getattr(application, field)
            for field in (
                "first_name",
                "last_name",
                "email",
                "district",
                "background",
                "motivation",
                "staff_notes",
            )
        )
        assert application.committee == committee
    kept = Application.objects.exclude(campaign=old)
    assert all(a.email and a.personal_data_removed_at is None for a in kept)
    # Running it again changes nothing.
    assert personal_data.purge(name="applications") == 0
