"""
The recruitment campaigns on the city's page (2018, 2019 and 2021, with their recorded
numbers), the privacy notice's sections on applicants' data, and a fictional open campaign
for trying the portal out. Loading is idempotent and never overwrites what staff have edited.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from committees.models import Committee, Term
from committees.seed import DEMO_FIRST_NAMES
from recruitment.models import Application, Campaign, RecordedCount

CAMPAIGNS = [
    {
        "slug": "2018",
        "title": "Jäsenhaku 2018 – pilottialueet",
        "title_en": "Recruitment 2018 – pilot areas",
        "year": 2018,
        "term": "2018-2021",
        "committees": ["anjalankoski", "valkeala"],
        "recorded_total": 40,
        "recorded_counts": {},
        "description": (
            "Aluetoimikunnat aloitettiin pilottikokeiluna Anjalankosken ja Valkealan alueilla "
            "syksyllä 2018. Hakijoita oli silloin 40."
        ),
        "description_en": (
            "The area committees began as a pilot in Anjalankoski and Valkeala in autumn 2018. "
            "There were 40 applicants."
        ),
    },
    {
        "slug": "2019",
        "title": "Jäsenhaku 2019",
        "title_en": "Recruitment 2019",
        "year": 2019,
        "term": "2018-2021",
        "committees": ["elimaki-koria", "keskusta", "kuusankoski-jaala"],
        "recorded_total": 55,
        "recorded_counts": {},
        "description": (
            "Elimäki-Korian, Kouvolan keskustan ja Kuusankoski-Jaalan alueilla aluetoimikunnat "
            "aloittivat kesällä 2019. Hakijoita oli 55."
        ),
        "description_en": (
            "The committees of Elimäki-Koria, the Kouvola city centre and Kuusankoski-Jaala "
            "began in summer 2019. There were 55 applicants."
        ),
    },
    {
        "slug": "2021",
        "title": "Jäsenhaku 2021",
        "title_en": "Recruitment 2021",
        "year": 2021,
        "opens_on": datetime.date(2021, 7, 22),
        "closes_on": datetime.date(2021, 9, 9),
        "council_meeting_on": datetime.date(2021, 12, 13),
        "term": "2022-2025",
        "committees": [
            "anjalankoski",
            "elimaki-koria",
            "keskusta",
            "kuusankoski-jaala",
            "valkeala",
        ],
        "recorded_total": 89,
        "recorded_counts": {
            "anjalankoski": 14,
            "elimaki-koria": 11,
            "keskusta": 22,
            "kuusankoski-jaala": 27,
            "valkeala": 15,
        },
        "description": (
            "Aluetoimikuntien jäseniä haettiin rekrytointikampanjan avulla 22.7.–9.9.2021 "
            "toimikaudelle 2022–2025. Jäsenehdotuksia saatiin yhteensä 89. Kaupunginvaltuusto "
            "valitsi aluetoimikuntien jäsenet kokouksessaan 13.12.2021. Kiitokset kaikille "
            "hakijoille."
        ),
        "description_en": (
            "Members for the term 2022–2025 were sought in a recruitment campaign on "
            "22.7.–9.9.2021. 89 member proposals came in. The city council chose the members "
            "at its meeting on 13.12.2021. Thank you to all applicants."
        ),
    },
]


@transaction.atomic
def seed_campaigns():
    """The campaigns of the source page with their recorded numbers; existing ones are kept."""
    committees = {c.slug: c for c in Committee.objects.all()}
    terms = {t.slug: t for t in Term.objects.all()}
    counts = {"campaigns": 0, "recorded numbers": 0}
    for row in CAMPAIGNS:
        row = dict(row)
        committee_slugs = row.pop("committees")
        recorded_counts = row.pop("recorded_counts")
        row["term"] = terms[row["term"]]
        campaign, created = Campaign.objects.get_or_create(slug=row.pop("slug"), defaults=row)
        counts["campaigns"] += created
        if created:
            campaign.committees.set([committees[slug] for slug in committee_slugs])
        for slug, applicants in recorded_counts.items():
            _, created = RecordedCount.objects.get_or_create(
                campaign=campaign,
                committee=committees[slug],
                defaults={"applicants": applicants},
            )
            counts["recorded numbers"] += created
    return counts


def seed_facts():
    return seed_campaigns()


DEMO_APPLICANT_LAST_NAMES = ["Hakijanen", "Ehdokas", "Kokeilija", "Esittelijä", "Innokas"]
DEMO_APPLICATIONS = 8


@transaction.atomic
def seed_demo():
    """
    A fictional supplementary recruitment for the current term, open from two weeks ago to a
    month from now, with a few fictional applications. Skipped while one is open.
    """
    term = Term.objects.current()
    if term is None or Campaign.objects.open().filter(is_demo=True).exists():
        return {"demo campaign": 0, "demo applications": 0}
    today = timezone.localdate()
    closes_on = today + datetime.timedelta(days=30)
    campaign = Campaign.objects.create(
        slug=f"taydennyshaku-{today:%Y-%m-%d}-demo",
        title=f"Täydennyshaku {today.year} (demo)",
        title_en=f"Supplementary recruitment {today.year} (demo)",
        term=term,
        opens_on=today - datetime.timedelta(days=14),
        closes_on=closes_on,
        council_meeting_on=closes_on + datetime.timedelta(days=40),
        is_demo=True,
        description=(
            "Tämä haku on esittelyaineistoa: se on kuvitteellinen, eikä sen kautta valita "
            "oikeita jäseniä.\n\n"
            "Aluetoimikuntiin haetaan täydennyksenä jäseniä ja varajäseniä kuluvan "
            "toimikauden loppuun. Hakea voivat alueella asuvat eri-ikäiset kaupunkilaiset, "
            "joilla on osaamista elämän eri alueilta ja intoa olla mukana kehittämässä "
            "yhteistä kaupunkiamme."
        ),
        description_en=(
            "This recruitment is demo content: it is fictional, and no real members are "
            "chosen through it.\n\n"
            "The area committees seek additional members and deputy members for the rest of "
            "the current term. Residents of the area of all ages, with know-how from "
            "different walks of life and the will to develop our shared city, may apply."
        ),
    )
    committees = list(Committee.objects.order_by("order"))
    campaign.committees.set(committees)
    rng = random.Random(2026)
    names = rng.sample(
        [(first, last) for first in DEMO_FIRST_NAMES for last in DEMO_APPLICANT_LAST_NAMES],
        DEMO_APPLICATIONS,
    )
    for index, (first, last) in enumerate(names):
        Application.objects.create(
            campaign=campaign,
            committee=committees[index % len(committees)],
            first_name=first,
            last_name=last,
            email=f"demo.hakija{index + 1}@example.invalid",
            district="Esimerkkikylä",
            age_group=rng.choice(Application.AgeGroup.values),
            background="Kuvitteellinen hakija esittelyä varten.",
            motivation="Haluan kehittää asuinaluettani (esittelyaineistoa).",
            willing_to_be_deputy=index % 2 == 0,
            submitted_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 13)),
        )
    return {"demo campaign": 1, "demo applications": len(names)}
