import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from recruitment.models import Application, Campaign, CampaignState
from recruitment.selectors import numbers_of
from tests import factories
from tests.recruitment.factories import ApplicationFactory, open_campaign

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_second_application_from_the_same_address(committee):
    campaign = open_campaign(committee)
    ApplicationFactory(campaign=campaign, committee=committee, email="sama@example.fi")
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationFactory(campaign=campaign, committee=committee, email="SAMA@example.fi")
    # Removed data does not block anyone.
    ApplicationFactory(campaign=campaign, committee=committee, email="")
    ApplicationFactory(campaign=campaign, committee=committee, email="")
    assert Application.objects.count() == 3


def test_removed_data_stays_removed(committee):
    application = ApplicationFactory(committee=committee)
    application.personal_data_removed_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        application.save()


def test_a_campaign_cannot_close_before_it_opens(committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        open_campaign(
            committee, opens_on=datetime.date(2026, 5, 2), closes_on=datetime.date(2026, 5, 1)
        )


def test_campaign_validation_for_the_admin(db):
    term = factories.TermFactory()
    campaign = Campaign(title="Haku", slug="hakemus", term=term, opens_on=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert set(error.value.message_dict) == {"slug", "closes_on"}

    campaign = Campaign(title="Haku", slug="haku", term=term)
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert "year" in error.value.message_dict

    campaign = Campaign(title="Haku", slug="haku", term=term, year=2017, recorded_total=12)
    campaign.full_clean()

    campaign = Campaign(
        title="Haku",
        slug="haku",
        term=term,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 1, 31),
    )
    campaign.full_clean()
    assert campaign.year == 2026


def test_an_application_is_named_without_personal_data(committee):
    application = ApplicationFactory(committee=committee, last_name="Salainen")
    assert "Salainen" not in str(application)


def test_a_campaigns_state_is_the_same_in_lists_and_on_its_own(committee):
    today = datetime.date(2026, 3, 10)
    day = datetime.timedelta(days=1)
    expected = {
        "upcoming": [
            open_campaign(committee, opens_on=today + day, closes_on=today + 9 * day),
        ],
        "open": [
            open_campaign(committee, opens_on=today, closes_on=today),
            open_campaign(committee, opens_on=today - 9 * day, closes_on=today),
        ],
        "closed": [
            open_campaign(committee, opens_on=today - 9 * day, closes_on=today - day),
            open_campaign(committee, opens_on=None, closes_on=None, year=2019, recorded_total=5),
        ],
    }
    for state in CampaignState:
        listed = set(Campaign.objects.in_state(state, today))
        assert listed == set(expected[state]), state
        assert {c for c in Campaign.objects.all() if c.state_on(today) == state} == listed


def test_the_admin_counts_applicants_as_the_public_pages_do(clerk_client, client, committee):
    campaign = open_campaign(committee, title="Laskettava haku")
    ApplicationFactory.create_batch(2, campaign=campaign, committee=committee)
    ApplicationFactory(campaign=campaign, committee=committee, status="withdrawn", email="")
    changelist = clerk_client.get(reverse("admin:recruitment_campaign_changelist"))
    cell = re.search(r'<td class="field-application_count">(.*?)</td>', changelist.content.decode())
    assert cell.group(1) == "2"
    assert numbers_of(campaign).total == 2
    assert re.search(r'<td class="field-state">auki</td>', changelist.content.decode())
