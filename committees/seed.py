"""
The facts of the city's page on the area committees (updated 2.2.2024), and fictional
demo data. Loading is idempotent and never overwrites what staff have since edited.
"""

import datetime
import random
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from committees.models import Committee, Membership, Person, Term
from kouvola_alue.staff_group import GROUP_NAME

TASK = (
    "Aluetoimikunnan tehtävänä on alueensa kehittämishankkeiden ja hyvinvoinnin sekä "
    "paikallisen toiminnan ja kulttuurin edistäminen ja tukeminen."
)
TASK_EN = (
    "The committee's task is to promote and support development projects and well-being "
    "in its area, and local activity and culture."
)

COMMITTEES = [
    {
        "slug": "anjalankoski",
        "name": "Anjalankosken aluetoimikunta",
        "name_en": "Anjalankoski area committee",
        "area_name": "Anjalankoski",
        "statistical_areas": "Anjalankoski",
        "started_on": datetime.date(2018, 9, 1),
        "started_as_pilot": True,
        "history": (
            "Aluetoimikunta aloitti pilottikokeiluna yhdessä Valkealan aluetoimikunnan kanssa "
            "syksyllä 2018. Pilottialueiden jäseniksi haki silloin yhteensä 40 asukasta."
        ),
        "history_en": (
            "The committee began as a pilot together with the Valkeala committee in autumn "
            "2018. 40 residents applied to the two pilot committees."
        ),
    },
    {
        "slug": "elimaki-koria",
        "name": "Elimäki-Korian aluetoimikunta",
        "name_en": "Elimäki-Koria area committee",
        "area_name": "Elimäki-Koria",
        "statistical_areas": "Elimäki\nKoria",
        "started_on": datetime.date(2019, 6, 1),
        "started_as_pilot": False,
        "history": (
            "Aluetoimikunta aloitti kesällä 2019 yhdessä Kouvolan keskusta-alueen ja "
            "Kuusankoski-Jaalan aluetoimikuntien kanssa. Näihin kolmeen haki 55 asukasta."
        ),
        "history_en": (
            "The committee began in summer 2019 together with the committees of the city "
            "centre and Kuusankoski-Jaala. 55 residents applied to these three."
        ),
    },
    {
        "slug": "keskusta",
        "name": "Kouvolan keskusta-alueen aluetoimikunta",
        "name_en": "Kouvola city centre area committee",
        "area_name": "Kouvolan keskusta-alue",
        "statistical_areas": "Kouvolan keskusta-alue",
        "started_on": datetime.date(2019, 6, 1),
        "started_as_pilot": False,
        "history": (
            "Aluetoimikunta aloitti kesällä 2019 yhdessä Elimäki-Korian ja "
            "Kuusankoski-Jaalan aluetoimikuntien kanssa. Näihin kolmeen haki 55 asukasta."
        ),
        "history_en": (
            "The committee began in summer 2019 together with the committees of "
            "Elimäki-Koria and Kuusankoski-Jaala. 55 residents applied to these three."
        ),
    },
    {
        "slug": "kuusankoski-jaala",
        "name": "Kuusankoski-Jaalan aluetoimikunta",
        "name_en": "Kuusankoski-Jaala area committee",
        "area_name": "Kuusankoski-Jaala",
        "statistical_areas": "Kuusankoski\nJaala",
        "started_on": datetime.date(2019, 6, 1),
        "started_as_pilot": False,
        "history": (
            "Aluetoimikunta aloitti kesällä 2019 yhdessä Elimäki-Korian ja Kouvolan "
            "keskusta-alueen aluetoimikuntien kanssa. Näihin kolmeen haki 55 asukasta."
        ),
        "history_en": (
            "The committee began in summer 2019 together with the committees of "
            "Elimäki-Koria and the city centre. 55 residents applied to these three."
        ),
    },
    {
        "slug": "valkeala",
        "name": "Valkealan aluetoimikunta",
        "name_en": "Valkeala area committee",
        "area_name": "Valkeala",
        "statistical_areas": "Valkeala",
        "started_on": datetime.date(2018, 9, 1),
        "started_as_pilot": True,
        "history": (
            "Aluetoimikunta aloitti pilottikokeiluna yhdessä Anjalankosken aluetoimikunnan "
            "kanssa syksyllä 2018. Pilottialueiden jäseniksi haki silloin yhteensä 40 asukasta."
        ),
        "history_en": (
            "The committee began as a pilot together with the Anjalankoski committee in "
            "autumn 2018. 40 residents applied to the two pilot committees."
        ),
    },
]

TERMS = [
    {
        "slug": "2018-2021",
        "name": "2018–2021",
        "starts_on": datetime.date(2018, 9, 1),
        "ends_on": datetime.date(2021, 12, 31),
        "council_decision_on": None,
    },
    {
        "slug": "2022-2025",
        "name": "2022–2025",
        "starts_on": datetime.date(2022, 1, 1),
        "ends_on": datetime.date(2025, 12, 31),
        "council_decision_on": datetime.date(2021, 12, 13),
    },
]

DEMO_USERNAME = "demo-virkailija"


def _get_or_create_all(model, rows, key, **extra):
    created = 0
    for row in rows:
        lookup = {key: row[key], **extra}
        defaults = {k: v for k, v in row.items() if k != key}
        _, was_created = model.objects.get_or_create(**lookup, defaults=defaults)
        created += was_created
    return created


@transaction.atomic
def seed_facts():
    """The source page's facts. Returns counts of rows created (existing rows are kept)."""
    counts = {
        "committees": 0,
        "terms": _get_or_create_all(Term, TERMS, "slug"),
    }
    for order, row in enumerate(COMMITTEES, start=1):
        _, created = Committee.objects.get_or_create(
            slug=row["slug"], defaults={**row, "task": TASK, "task_en": TASK_EN, "order": order}
        )
        counts["committees"] += created
    return counts


DEMO_FIRST_NAMES = [
    "Aino",
    "Eino",
    "Helmi",
    "Väinö",
    "Kerttu",
    "Onni",
    "Siiri",
    "Toivo",
    "Lempi",
    "Eetu",
    "Iida",
    "Lauri",
    "Saara",
    "Matias",
    "Venla",
    "Juho",
    "Elsa",
    "Otto",
    "Hilla",
    "Aapo",
]
DEMO_LAST_NAMES = [
    "Esimerkki",
    "Kuvitelma",
    "Mallinen",
    "Testilä",
    "Demonen",
    "Harjoitus",
    "Kokeilu",
    "Luonnos",
    "Näytteinen",
    "Sepite",
    "Keksitty",
    "Tarinainen",
]
# Members and deputies per committee in the demo term: one roster is left incomplete and
# one member resigned, so that both situations can be seen on the site.
DEMO_ROSTER_SIZES = {
    "anjalankoski": (9, 7),
    "elimaki-koria": (8, 8),
    "keskusta": (11, 11),
    "kuusankoski-jaala": (10, 6),
    "valkeala": (6, 4),
}


def _demo_term():
    """A fictional current term right after the last real one, long enough to contain today."""
    latest = Term.objects.filter(is_demo=False).order_by("-ends_on").first()
    starts_on = latest.ends_on + datetime.timedelta(days=1)
    existing = Term.objects.filter(is_demo=True, starts_on=starts_on).first()
    if existing:
        return existing, False
    end_year = max(starts_on.year + 3, timezone.localdate().year + 1)
    ends_on = datetime.date(end_year, 12, 31)
    term = Term.objects.create(
        name=f"{starts_on.year}–{end_year} (demo)",
        slug=f"{starts_on.year}-{end_year}-demo",
        starts_on=starts_on,
        ends_on=ends_on,
        council_decision_on=starts_on - datetime.timedelta(days=19),
        is_demo=True,
    )
    return term, True


def _demo_people(rng, count):
    names = {(first, last) for first in DEMO_FIRST_NAMES for last in DEMO_LAST_NAMES}
    chosen = rng.sample(sorted(names), count)
    return [
        Person.objects.get_or_create(first_name=first, last_name=last, is_demo=True)[0]
        for first, last in chosen
    ]


@transaction.atomic
def seed_demo():
    """Fictional people seated in a fictional current term; skipped where a roster exists."""
    term, term_created = _demo_term()
    rng = random.Random(2026)
    seated = 0
    for committee in Committee.objects.order_by("order"):
        if not committee.contact_email:
            committee.contact_email = f"{committee.slug}@aluetoimikunnat.example"
            committee.save(update_fields=["contact_email"])
        if Membership.objects.filter(committee=committee, term=term).exists():
            continue
        member_count, deputy_count = DEMO_ROSTER_SIZES.get(committee.slug, (7, 7))
        people = _demo_people(rng, member_count + deputy_count + 1)
        roles = [Membership.Role.CHAIR, Membership.Role.VICE_CHAIR]
        members = [
            Membership.objects.create(
                committee=committee,
                term=term,
                person=person,
                kind=Membership.Kind.MEMBER,
                role=roles[index] if index < len(roles) else Membership.Role.MEMBER,
            )
            for index, person in enumerate(people[:member_count])
        ]
        for member, person in zip(members, people[member_count:-1], strict=False):
            Membership.objects.create(
                committee=committee,
                term=term,
                person=person,
                kind=Membership.Kind.DEPUTY,
                personal_deputy_of=member,
            )
        if member_count < term.max_members:
            # Someone who resigned early in the term, to show that history is kept.
            Membership.objects.create(
                committee=committee,
                term=term,
                person=people[-1],
                kind=Membership.Kind.MEMBER,
                ends_on=term.starts_on + datetime.timedelta(days=120),
            )
        seated += 1
    return {"demo term": int(term_created), "demo rosters": seated}


def demo_staff_user():
    """
    A staff user in the Elinvoimajaosto group for trying the admin out, with a new random
    password on every run. Returns the user and the password.
    """
    user, _ = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME, defaults={"first_name": "Demo", "last_name": "Virkailija"}
    )
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=GROUP_NAME))
    return user, password
