"""
The recruitment campaigns on the city's page (``data/campaigns.yaml``: 2018, 2019 and 2021
with their recorded numbers) and a fictional open campaign for trying the portal out
(``data/demo_campaign.yaml``), whose applications go through ``recruitment.services``.
"""

import datetime
import random
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from committees.models import Committee, Term
from committees.seed import demo_people
from kouvola_alue import dataload
from recruitment.models import Application, Campaign
from recruitment.services import application_submit

DATA = Path(__file__).resolve().parent / "data"
CAMPAIGNS = DATA / "campaigns.yaml"
DEMO_CAMPAIGN = DATA / "demo_campaign.yaml"
DEMO_CAMPAIGN_KEYS = {
    "slug",
    "title",
    "title_en",
    "opens_in_days",
    "closes_in_days",
    "council_meeting_after_days",
    "description",
    "description_en",
    "applicant_last_names",
    "applications",
    "submitted_within_days",
    "application",
}


def seed_facts():
    """The campaigns of the source page with their recorded numbers; existing ones are kept."""
    return dataload.load(CAMPAIGNS)


@transaction.atomic
def seed_demo():
    """
    A fictional supplementary recruitment for the current term, open from two weeks ago to a
    month from now, with a few fictional applications. Skipped while one is open.
    """
    demo = dataload.read(DEMO_CAMPAIGN, keys=DEMO_CAMPAIGN_KEYS)
    first_names = demo_people()["first_names"]
    term = Term.objects.current()
    if term is None or Campaign.objects.open().filter(is_demo=True).exists():
        return {"demo campaign": 0, "demo applications": 0}
    today = timezone.localdate()
    closes_on = today + datetime.timedelta(days=demo["closes_in_days"])
    campaign = Campaign.objects.create(
        slug=demo["slug"].format(today=today.isoformat()),
        title=demo["title"].format(year=today.year),
        title_en=demo["title_en"].format(year=today.year),
        term=term,
        opens_on=today + datetime.timedelta(days=demo["opens_in_days"]),
        closes_on=closes_on,
        council_meeting_on=closes_on + datetime.timedelta(days=demo["council_meeting_after_days"]),
        is_demo=True,
        description=demo["description"],
        description_en=demo["description_en"],
    )
    committees = list(Committee.objects.order_by("order"))
    campaign.committees.set(committees)
    rng = random.Random(2026)
    names = rng.sample(
        [(first, last) for first in first_names for last in demo["applicant_last_names"]],
        demo["applications"],
    )
    texts = demo["application"]
    for index, (first, last) in enumerate(names):
        application_submit(
            campaign=campaign,
            committee=committees[index % len(committees)],
            email=texts["email"].format(number=index + 1),
            today=today,
            mail=False,
            first_name=first,
            last_name=last,
            district=texts["district"],
            background=texts["background"],
            motivation=texts["motivation"],
            age_group=rng.choice(Application.AgeGroup.values),
            willing_to_be_deputy=index % 2 == 0,
            submitted_at=timezone.now()
            - datetime.timedelta(days=rng.randint(0, demo["submitted_within_days"])),
        )
    return {"demo campaign": 1, "demo applications": len(names)}
