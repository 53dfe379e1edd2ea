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

from committees.models import Committee, Membership, PageSection, Person, Term
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

HOME_SECTIONS = [
    {
        "key": "intro",
        "title": "",
        "title_en": "",
        "body": (
            "Aluetoimikunnat tarjoavat asukkaille mahdollisuuden kehittää aluetta, sen "
            "toimintaa ja palveluita, demokratiaa ja yrittäjyyttä."
        ),
        "body_en": (
            "Area committees give residents a way to develop their area, its activities and "
            "services, democracy and entrepreneurship."
        ),
    },
    {
        "key": "areas",
        "title": "Toiminta-alueet",
        "title_en": "The areas",
        "body": (
            "Aluetoimikuntien toiminta-alueet ovat Anjalankoski, Elimäki-Koria, Kouvolan "
            "keskusta-alue, Kuusankoski-Jaala ja Valkeala. Aluejaon lähtökohtana on käytetty "
            "tilastollisia suuralueita. Aluetoimikunnat ovat osa Kouvolan palvelumallin "
            "PM2030 toteuttamista."
        ),
        "body_en": (
            "The committees work in Anjalankoski, Elimäki-Koria, the Kouvola city centre area, "
            "Kuusankoski-Jaala and Valkeala. The division follows the statistical major "
            "areas. The area committees are part of carrying out Kouvola's service model "
            "PM2030."
        ),
    },
    {
        "key": "task",
        "title": "Tehtävä",
        "title_en": "Task",
        "body": (
            "Aluetoimikuntien tehtävänä on alueensa kehittämishankkeiden ja hyvinvoinnin sekä "
            "paikallisen toiminnan ja kulttuurin edistäminen ja tukeminen. Alueet tekevät "
            "yhteistyötä keskenään ja alueiden hankeideoita on toteutettu useammalla alueella. "
            "Aluekeskuksiin perustetaan yhteisölliset kaikille ikäryhmille tarkoitetut tilat, "
            "joissa toimintaa tarjotaan myös digitaalisesti."
        ),
        "body_en": (
            "The committees promote and support development projects and well-being in their "
            "area, and local activity and culture. The areas work together, and project ideas "
            "of the areas have been carried out in several areas. Community spaces for all age "
            "groups are being set up in the area centres, with activities also offered "
            "digitally."
        ),
    },
    {
        "key": "goals",
        "title": "Aluetoiminnan tavoitteet",
        "title_en": "Goals of area activity",
        "body": "Aluetoiminnan tavoitteina on lisätä:",
        "body_en": "The goals of area activity are to increase:",
    },
    {
        "key": "pm2030",
        "title": "",
        "title_en": "",
        "body": (
            "Aluetoiminnasta ja sen tavoitteista voit lukea lisää Palvelumalli PM2030 -raportista."
        ),
        "body_en": (
            "You can read more about area activity and its goals in the report "
            "“Palvelumalli PM2030” (service model PM2030)."
        ),
    },
    {
        "key": "members",
        "title": "Jäsenet",
        "title_en": "Members",
        "body": (
            "Aluetoimikuntien jäsenet ovat eri-ikäisiä ja eri puolilla aluetta asuvia "
            "kaupunkilaisia, joilla on osaamista elämän eri alueilta ja intoa olla mukana "
            "kehittämässä yhteistä kaupunkiamme.\n\n"
            "Kouvolan kaupunginvaltuusto on valinnut aluetoimikuntien uudet jäsenet "
            "kokouksessaan 13.12.2021. Aluetoimikuntiin seuraavalle toimikaudelle 2022–2025 "
            "valittiin alueittain 7–11 jäsentä ja enintään sama määrä varajäseniä. Kaupungin "
            "elinvoimajaosto tukee ja ohjaa aluetoimintaa."
        ),
        "body_en": (
            "The members of the area committees are residents of different ages from different "
            "parts of the area, with know-how from different walks of life and the will to "
            "develop our shared city.\n\n"
            "Kouvola's city council chose the committees' new members at its meeting on "
            "13.12.2021. For the term 2022–2025, 7–11 members and at most as many deputy "
            "members were chosen for each area. The city's vitality subcommittee "
            "(elinvoimajaosto) supports and steers the area activity."
        ),
    },
    {
        "key": "recruitment-2021",
        "title": "Jäsenhaku 2021",
        "title_en": "Recruitment 2021",
        "body": (
            "Aluetoimikuntien jäseniä haettiin rekrytointikampanjan avulla 22.7.–9.9.2021. "
            "Jäsenehdotuksia saatiin yhteensä 89, jotka jakaantuivat seuraavasti: "
            "Anjalankosken aluetoimikunta 14, Elimäki-Koria aluetoimikunta 11, "
            "Keskusta-alueen aluetoimikunta 22, Kuusankoski-Jaala aluetoimikunta 27 ja "
            "Valkealan aluetoimikunta 15. Kiitokset kaikille hakijoille."
        ),
        "body_en": (
            "Members were sought in a recruitment campaign on 22.7.–9.9.2021. 89 member "
            "proposals came in: Anjalankoski 14, Elimäki-Koria 11, city centre 22, "
            "Kuusankoski-Jaala 27 and Valkeala 15. Thank you to all applicants."
        ),
    },
    {
        "key": "history",
        "title": "Historia",
        "title_en": "History",
        "body": (
            "Aluetoimikunnat aloitettiin pilottikokeiluna Anjalankosken ja Valkealan alueilla "
            "syksyllä 2018. Hakijoita oli silloin 40. Elimäki-Korian, Kouvolan keskustan ja "
            "Kuusankoski-Jaalan alueilla aluetoimikunnat aloittivat kesällä 2019. Hakijoita "
            "oli 55."
        ),
        "body_en": (
            "The area committees began as a pilot in Anjalankoski and Valkeala in autumn 2018, "
            "with 40 applicants. The committees of Elimäki-Koria, the Kouvola city centre and "
            "Kuusankoski-Jaala began in summer 2019, with 55 applicants."
        ),
    },
]

ACCESSIBILITY_SECTIONS = [
    {
        "key": "scope",
        "title": "",
        "title_en": "",
        "body": (
            "Kouvolan kaupunki pyrkii takaamaan aluetoimikuntien verkkopalvelun "
            "saavutettavuuden digitaalisten palvelujen tarjoamisesta annetun lain mukaisesti. "
            "Tämä saavutettavuusseloste koskee aluetoimikuntien verkkopalvelua."
        ),
        "body_en": (
            "The City of Kouvola aims to make the area committees' web service accessible "
            "as required by the Finnish Act on the Provision of Digital Services. This "
            "statement covers the area committees' web service."
        ),
    },
    {
        "key": "status",
        "title": "Palvelun saavutettavuuden tila",
        "title_en": "Compliance status",
        "body": (
            "Palvelu on suunniteltu täyttämään WCAG 2.1 -ohjeiston AA-tason vaatimukset. "
            "Sivut toimivat näppäimistöllä ja ilman JavaScriptiä, ja ne tarkistetaan "
            "automaattisesti jokaisen muutoksen yhteydessä."
        ),
        "body_en": (
            "The service is designed to meet the requirements of WCAG 2.1 level AA. The pages "
            "work with a keyboard and without JavaScript, and they are checked automatically "
            "with every change."
        ),
    },
    {
        "key": "feedback",
        "title": "Palaute ja valvonta",
        "title_en": "Feedback and enforcement",
        "body": (
            "Jos huomaat palvelussa saavutettavuuspuutteen, kerro siitä meille aluetoimikunnan "
            "yhteystietojen kautta. Jos et ole tyytyväinen saamaasi vastaukseen, voit tehdä "
            "ilmoituksen saavutettavuutta valvovalle viranomaiselle "
            "(www.saavutettavuusvaatimukset.fi)."
        ),
        "body_en": (
            "If you notice an accessibility problem in the service, please tell us through the "
            "committees' contact details. If you are not satisfied with the answer, you can "
            "notify the authority that enforces accessibility (www.saavutettavuusvaatimukset.fi)."
        ),
    },
]

PRIVACY_SECTIONS = [
    {
        "key": "controller",
        "title": "Rekisterinpitäjä",
        "title_en": "Controller",
        "body": (
            "Kouvolan kaupunki, elinvoimajaosto. Aluetoimikuntien verkkopalvelu näyttää "
            "julkisesti vain aluetoimikuntien jäsenten ja varajäsenten nimet ja roolit."
        ),
        "body_en": (
            "City of Kouvola, vitality subcommittee (elinvoimajaosto). The area committees' "
            "web service shows publicly only the names and roles of the committees' members "
            "and deputy members."
        ),
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


def seed_page_sections(page, sections, *, first_order=10):
    """
    Create the sections of one of the portal's own pages that do not exist yet, in the order
    given from ``first_order`` on; sections staff have edited are kept as they are. Each app
    seeds its own part of a page this way (the privacy notice has several).
    """
    rows = [{**row, "order": first_order + index * 10} for index, row in enumerate(sections)]
    return _get_or_create_all(PageSection, rows, "key", page=page)


@transaction.atomic
def seed_facts():
    """The source page's facts. Returns counts of rows created (existing rows are kept)."""
    counts = {
        "committees": 0,
        "terms": _get_or_create_all(Term, TERMS, "slug"),
        "page sections": 0,
    }
    for order, row in enumerate(COMMITTEES, start=1):
        _, created = Committee.objects.get_or_create(
            slug=row["slug"], defaults={**row, "task": TASK, "task_en": TASK_EN, "order": order}
        )
        counts["committees"] += created
    for page, sections in (
        (PageSection.Page.HOME, HOME_SECTIONS),
        (PageSection.Page.ACCESSIBILITY, ACCESSIBILITY_SECTIONS),
        (PageSection.Page.PRIVACY, PRIVACY_SECTIONS),
    ):
        counts["page sections"] += seed_page_sections(page, sections)
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
