"""The thirteen goals of area activity, as the city's page lists them, and demo ideas."""

import datetime

from django.db import transaction

from committees.models import Committee
from projects import services
from projects.models import Goal, ProjectIdea

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


# Fictional ideas for trying the portal out. (slug, title, English title, summary, areas,
# goals, year, status history as (status, date, note)). Some span several areas.
P, PREP, PROG, DONE, DROP = (
    "proposed",
    "preparing",
    "in_progress",
    "carried_out",
    "not_pursued",
)
DEMO_IDEAS = [
    (
        "kylakoulujen-lukunurkat",
        "Lukunurkat kyläkouluille",
        "Reading corners for village schools",
        "Kyläkoulujen aulaan kirjaston kierrätyskirjoja ja sohva, auki myös iltaisin.",
        ["anjalankoski", "valkeala", "elimaki-koria"],
        ["kiinnostava-toiminta", "tilojen-kaytto", "yhteistyo"],
        2019,
        [(P, "2019-03-12", ""), (PROG, "2019-09-01", ""), (DONE, "2020-05-20", "")],
    ),
    (
        "aluekeskusten-digiapu",
        "Digiapua aluekeskuksissa",
        "Digital help in the area centres",
        "Vapaaehtoiset digiopastajat neuvovat asukkaita sähköisissä palveluissa viikoittain.",
        ["anjalankoski", "elimaki-koria", "keskusta", "kuusankoski-jaala", "valkeala"],
        ["sahkoiset-palvelut", "osallisuus", "tasapuolisuus"],
        2020,
        [(P, "2020-02-03", ""), (PREP, "2020-04-15", ""), (DONE, "2021-01-10", "")],
    ),
    (
        "kuusankosken-rantapolku",
        "Kuusankosken rantapolun valaistus",
        "Lighting for the Kuusankoski riverside path",
        "Rantapolulle led-valaistus, jotta polkua voi käyttää turvallisesti myös talvella.",
        ["kuusankoski-jaala"],
        ["sisainen-vetovoima", "ennaltaehkaisy"],
        2021,
        [(P, "2021-05-04", ""), (PREP, "2021-10-01", ""), (PROG, "2022-06-01", "")],
    ),
    (
        "keskustan-kesatori",
        "Keskustan kesätorin iltatapahtumat",
        "Summer evening events at the city centre market",
        "Kesätorille iltaisin paikallisia esiintyjiä ja yhdistysten esittelyjä.",
        ["keskusta"],
        ["tulevaisuususko", "kiinnostava-toiminta", "tyo-ja-yritykset"],
        2022,
        [(P, "2022-01-20", ""), (DONE, "2022-08-31", "Kolme iltaa kesällä 2022.")],
    ),
    (
        "jaalan-veneranta",
        "Jaalan yhteinen veneranta",
        "A shared boat shore in Jaala",
        "Kylän yhteinen veneranta ja laituri, jota yhdistys hoitaa talkoilla.",
        ["kuusankoski-jaala"],
        ["omaleimaisuus", "yhdessa-tekeminen"],
        2022,
        [(P, "2022-04-02", ""), (DROP, "2023-02-14", "Ranta-alueelle ei saatu lupaa.")],
    ),
    (
        "nuorten-iltapaikka",
        "Nuorten iltapaikka koulun tiloihin",
        "An evening place for young people in school premises",
        "Koulun liikuntasali ja aula nuorten käyttöön perjantai-iltaisin ohjaajan kanssa.",
        ["valkeala", "anjalankoski"],
        ["ennaltaehkaisy", "tilojen-kaytto", "kiinnostava-toiminta"],
        2023,
        [(P, "2023-01-16", ""), (PROG, "2023-08-14", "")],
    ),
    (
        "korian-kylakirppis",
        "Korian kyläkirppis ja korjauskahvila",
        "Koria village flea market and repair café",
        "Kerran kuussa kirpputori ja korjauskahvila, jossa naapurit korjaavat yhdessä.",
        ["elimaki-koria"],
        ["yhdessa-tekeminen", "yhteistyo"],
        2023,
        [(P, "2023-03-08", ""), (DONE, "2023-09-30", "")],
    ),
    (
        "avoimet-kokoukset",
        "Aluetoimikuntien avoimet kokoukset verkossa",
        "Open committee meetings online",
        "Aluetoimikuntien kokouksia voi seurata verkossa ja kysyä kysymyksiä chatissa.",
        ["anjalankoski", "elimaki-koria", "keskusta", "kuusankoski-jaala", "valkeala"],
        ["avoin-viestinta", "osallisuus", "sahkoiset-palvelut"],
        2024,
        [(P, "2024-02-01", ""), (PREP, "2024-05-06", "")],
    ),
    (
        "valkealan-talviuinti",
        "Talviuintipaikka Valkealaan",
        "A winter swimming spot for Valkeala",
        "Avanto ja pukukoppi Valkealan uimarannalle yhdistyksen ylläpitämänä.",
        ["valkeala"],
        ["kiinnostava-toiminta", "omaleimaisuus"],
        2024,
        [(P, "2024-09-10", "")],
    ),
    (
        "yrittajien-aamukahvit",
        "Yrittäjien aamukahvit kylillä",
        "Morning coffee for entrepreneurs in the villages",
        "Paikalliset yrittäjät ja aluetoimikunta tapaavat aamukahvilla vuorotellen eri kylissä.",
        ["elimaki-koria", "anjalankoski", "kuusankoski-jaala"],
        ["tyo-ja-yritykset", "yhteistyo"],
        2025,
        [(P, "2025-01-22", ""), (PROG, "2025-04-01", "")],
    ),
    (
        "keskustan-penkit",
        "Lisää penkkejä keskustan kävelyreiteille",
        "More benches along the city centre walking routes",
        "Ikäihmiset toivovat levähdyspaikkoja noin 200 metrin välein kävelyreittien varrelle.",
        ["keskusta"],
        ["tasapuolisuus", "ennaltaehkaisy"],
        2025,
        [(P, "2025-06-11", "")],
    ),
    (
        "aluekeskusten-kulttuuriviikko",
        "Aluekeskusten yhteinen kulttuuriviikko",
        "A joint culture week of the area centres",
        "Viisi aluetta järjestää saman viikon aikana tapahtumia ja esittelee toisilleen omaa "
        "kulttuuriaan.",
        ["anjalankoski", "elimaki-koria", "keskusta", "kuusankoski-jaala", "valkeala"],
        ["tulevaisuususko", "sisainen-vetovoima", "omaleimaisuus"],
        2026,
        [(P, "2026-01-15", "")],
    ),
]
DEMO_DESCRIPTION = (
    "<p>Tämä on <strong>kuvitteellinen</strong> esimerkki-idea, jolla portaalia voi kokeilla.</p>"
    "<p>Idean vaiheet:</p><ul><li>ehdotus</li><li>valmistelu</li><li>toteutus</li></ul>"
)
DEMO_PENDING = {
    "slug": "koirapuisto-kouvolan-keskustaan",
    "title": "Koirapuisto Kouvolan keskustaan",
    "summary": "Aidattu koirapuisto keskustan lähelle, jossa koirat voivat juosta vapaasti.",
    "areas": ["keskusta", "kuusankoski-jaala"],
    "goals": ["kiinnostava-toiminta"],
    "proposer_name": "Demo Ehdottaja",
    "proposer_email": "ehdottaja@example.invalid",
}


@transaction.atomic
def seed_demo_ideas():
    """Fictional published ideas over the five areas and one proposal waiting in the queue."""
    committees = {c.slug: c for c in Committee.objects.all()}
    goals = {g.slug: g for g in Goal.objects.all()}
    created = 0
    for slug, title, title_en, summary, areas, goal_slugs, year, history in DEMO_IDEAS:
        if ProjectIdea.objects.filter(slug=slug).exists() or not all(
            a in committees for a in areas
        ):
            continue
        first_status, first_day, _note = history[0]
        idea = services.idea_create(
            slug=slug,
            title=title,
            title_en=title_en,
            summary=summary,
            description=DEMO_DESCRIPTION,
            committees=[committees[a] for a in areas],
            goals=[goals[g] for g in goal_slugs if g in goals],
            year=year,
            status=first_status,
            status_changed_on=datetime.date.fromisoformat(first_day),
            is_demo=True,
            publish=True,
        )
        for status, day, note in history[1:]:
            services.idea_change_status(
                idea=idea, status=status, changed_on=datetime.date.fromisoformat(day), note=note
            )
        created += 1
    pending = DEMO_PENDING
    if not ProjectIdea.objects.filter(slug=pending["slug"]).exists():
        services.idea_create(
            slug=pending["slug"],
            title=pending["title"],
            summary=pending["summary"],
            committees=[committees[a] for a in pending["areas"] if a in committees],
            goals=[goals[g] for g in pending["goals"] if g in goals],
            proposer_name=pending["proposer_name"],
            proposer_email=pending["proposer_email"],
            is_demo=True,
        )
        created += 1
    return {"demo project ideas": created}
