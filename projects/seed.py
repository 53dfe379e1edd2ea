"""The thirteen goals of area activity, as the city's page lists them."""

from django.db import transaction

from projects.models import Goal

# (slug, Finnish as on the page — completing "Aluetoiminnan tavoitteina on lisätä" —, English)
GOALS = [
    ("sisainen-vetovoima", "kaupungin sisäistä vetovoimaa", "the city's internal attractiveness"),
    (
        "osallisuus",
        "asukkaiden osallisuutta ja vaikuttamismahdollisuuksia",
        "residents' participation and opportunities to influence",
    ),
    ("omaleimaisuus", "alueen omaleimaisuutta", "the area's own distinctive character"),
    ("avoin-viestinta", "avointa viestintää", "open communication"),
    ("tasapuolisuus", "kaupunginosien tasapuolisuutta", "equality between city districts"),
    (
        "tulevaisuususko",
        "kaupungin tulevaisuususkoa, innostavaa ilmapiiriä ja myönteisten asioiden esilletuontia",
        "faith in the city's future, an inspiring atmosphere and bringing out positive things",
    ),
    (
        "yhdessa-tekeminen",
        "uudenlaisia yhdessä tekemisen tapoja",
        "new ways of doing things together",
    ),
    (
        "kiinnostava-toiminta",
        "asukkaille mielenkiintoista toimintaa",
        "interesting activities for residents",
    ),
    ("tilojen-kaytto", "tilojen käyttöastetta", "the use rate of facilities"),
    ("sahkoiset-palvelut", "sähköisiä ja liikkuvia palveluja", "electronic and mobile services"),
    (
        "tyo-ja-yritykset",
        "uusia työtilaisuuksia ja yritystoimintaa",
        "new job opportunities and business",
    ),
    ("ennaltaehkaisy", "ennaltaehkäisyä", "prevention"),
    (
        "yhteistyo",
        "eri toimijoiden välistä yhteistyötä ja verkostoitumista",
        "co-operation and networking between different actors",
    ),
]


@transaction.atomic
def seed_goals():
    created = 0
    for number, (slug, title, title_en) in enumerate(GOALS, start=1):
        _, was_created = Goal.objects.get_or_create(
            slug=slug, defaults={"number": number, "title": title, "title_en": title_en}
        )
        created += was_created
    return {"goals": created}
