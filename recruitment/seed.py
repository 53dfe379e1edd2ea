"""
The recruitment campaigns on the city's page (2018, 2019 and 2021, with their recorded
numbers), the privacy notice's sections on applicants' data, and a fictional open campaign
for trying the portal out. Loading is idempotent and never overwrites what staff have edited.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from committees.models import Committee, PageSection, Term
from committees.seed import DEMO_FIRST_NAMES, seed_page_sections
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

# The privacy notice's part on applicants. The controller's section is the committees app's.
PRIVACY_SECTIONS = [
    {
        "key": "recruitment-contact",
        "title": "Yhteystiedot",
        "title_en": "Contact",
        "body": (
            "Henkilötietojen käsittelyä koskevissa asioissa voit ottaa yhteyttä Kouvolan "
            "kaupungin kirjaamoon: Kouvolan kaupunki, kirjaamo, PL 85, 45101 Kouvola, "
            "kirjaamo@kouvola.fi. Kirjaamo välittää asian jäsenhakua hoitavalle "
            "elinvoimajaoston henkilöstölle ja tarvittaessa kaupungin tietosuojavastaavalle."
        ),
        "body_en": (
            "For matters concerning the processing of personal data, contact the City of "
            "Kouvola's registry: City of Kouvola, registry (kirjaamo), PL 85, 45101 Kouvola, "
            "Finland, kirjaamo@kouvola.fi. The registry passes the matter on to the staff of "
            "the vitality subcommittee who run the recruitment and, where needed, to the "
            "city's data protection officer."
        ),
    },
    {
        "key": "recruitment-purpose",
        "title": "Jäsenhaku: käsittelyn tarkoitus ja oikeusperuste",
        "title_en": "Member recruitment: purposes and legal basis",
        "body": (
            "Aluetoimikuntien jäseniksi hakevien tietoja käytetään jäsenten valinnan "
            "valmisteluun ja päätöksentekoon: elinvoimajaosto valmistelee ehdotuksen, ja "
            "kaupunginvaltuusto valitsee jäsenet ja varajäsenet. Tietoja käytetään myös "
            "yhteydenpitoon hakijaan haun aikana ja hakijamäärien tilastointiin. Tilastoissa "
            "näytetään vain hakijoiden lukumäärät alueittain.\n\n"
            "Käsittelyn oikeusperuste on yleisen edun mukaisen tehtävän suorittaminen (EU:n "
            "yleinen tietosuoja-asetus, 6 artiklan 1 kohdan e alakohta): kunnan tehtävä "
            "edistää asukkaiden osallistumis- ja vaikuttamismahdollisuuksia (kuntalaki "
            "410/2015, 22 §)."
        ),
        "body_en": (
            "The data of people applying to be members of the area committees is used to "
            "prepare and make the choice of members: the vitality subcommittee prepares a "
            "proposal, and the city council chooses the members and deputy members. The data "
            "is also used to contact applicants during the recruitment and to count the "
            "applicants. The statistics show only the numbers of applicants per area.\n\n"
            "The legal basis is the performance of a task carried out in the public interest "
            "(EU General Data Protection Regulation, Article 6(1)(e)): the municipality's "
            "task of promoting residents' opportunities to participate and influence (Local "
            "Government Act 410/2015, section 22)."
        ),
    },
    {
        "key": "recruitment-data",
        "title": "Käsiteltävät tiedot ja niiden lähde",
        "title_en": "Data processed and where it comes from",
        "body": (
            "Hakemuksesta tallennetaan nimi, sähköpostiosoite, puhelinnumero (vapaaehtoinen), "
            "aluetoimikunta, jota hakemus koskee, asuinalue, ikäryhmä, kuvaus taustasta ja "
            "osaamisesta, perustelut hakemiselle, halukkuus toimia varajäsenenä, lähetysaika ja "
            "asiointikieli sekä hakemuksen käsittelyvaihe ja henkilöstön muistiinpanot. "
            "Valituista tallennetaan lisäksi nimi ja jäsenyys aluetoimikunnassa. Tiedot "
            "saadaan hakijalta itseltään hakulomakkeella.\n\n"
            "Lomakkeiden väärinkäytön estämiseksi palvelu laskee lyhyen aikaa lähetysten "
            "määrää yhteyden osoitteen perusteella. Osoitetta ei tallenneta sellaisenaan vaan "
            "siitä muodostettuna tunnisteena, jota ei voi palauttaa osoitteeksi ja joka "
            "vanhenee tunnissa. Palvelu käyttää vain välttämättömiä evästeitä (kielivalinta ja "
            "lomakkeiden suojaus)."
        ),
        "body_en": (
            "From an application we store the name, e-mail address, phone number (optional), "
            "the area committee applied to, district of residence, age group, a description "
            "of background and know-how, the reasons for applying, willingness to serve as a "
            "deputy member, the time of sending and the language used, and the stage of "
            "processing and staff notes. Of those chosen we also store the name and the "
            "membership of the committee. The data comes from the applicants themselves, "
            "through the application form.\n\n"
            "To prevent misuse of the forms, the service counts submissions per connection "
            "address for a short time. The address is not stored as such but as an "
            "identifier made from it, which cannot be turned back into the address and which "
            "expires within an hour. The service uses only necessary cookies (language choice "
            "and form protection)."
        ),
    },
    {
        "key": "recruitment-recipients",
        "title": "Tietojen luovutukset ja julkisuus",
        "title_en": "Recipients and publicity",
        "body": (
            "Hakemuksia käsittelee vain jäsenhakua hoitava kaupungin henkilöstö. Valittujen "
            "jäsenten ja varajäsenten nimet julkaistaan kaupunginvaltuuston päätöksessä ja "
            "tässä palvelussa. Hakijoiden yhteystietoja ja hakemusten sisältöä ei julkaista "
            "palvelussa eikä avoimena datana.\n\n"
            "Hakemukset ovat viranomaisen asiakirjoja, joiden julkisuus määräytyy "
            "viranomaisten toiminnan julkisuudesta annetun lain (621/1999) mukaan; salassa "
            "pidettäviä tietoja ei luovuteta. Tietoja ei siirretä EU:n tai Euroopan "
            "talousalueen ulkopuolelle."
        ),
        "body_en": (
            "Only the city's staff who run the recruitment handle the applications. The names "
            "of the members and deputy members chosen are published in the city council's "
            "decision and on this service. Applicants' contact details and the contents of "
            "applications are not published on the service or as open data.\n\n"
            "Applications are documents of a public authority, whose publicity is governed by "
            "the Act on the Openness of Government Activities (621/1999); confidential "
            "information is not disclosed. The data is not transferred outside the EU or the "
            "European Economic Area."
        ),
    },
    {
        "key": "recruitment-retention",
        "title": "Säilytysaika",
        "title_en": "Retention period",
        "body": (
            "Hakemusten henkilötiedot poistetaan palvelusta vuoden kuluttua hakuajan "
            "päättymisestä. Poiston jälkeen hakemuksesta jää jäljelle vain tieto haun ja "
            "aluetoimikunnan valinnasta, jotta hakijamäärät alueittain säilyvät. Jos peruut "
            "hakemuksesi, sen henkilötiedot poistetaan heti. Valittujen jäsenten nimet "
            "säilyvät aluetoimikunnan jäsenluettelossa. Päätöksentekoon liittyvät asiakirjat "
            "säilytetään kaupungin arkistonmuodostussuunnitelman mukaisesti."
        ),
        "body_en": (
            "The personal data of applications is removed from the service one year after the "
            "application period has closed. After that only the campaign and the committee "
            "applied to are kept, so that the numbers of applicants per area remain. If you "
            "withdraw your application, its personal data is removed at once. The names of "
            "the members chosen remain in the committee's roster. Documents that are part of "
            "the decision are kept according to the city's records management plan."
        ),
    },
    {
        "key": "recruitment-rights",
        "title": "Sinun oikeutesi ja niiden käyttäminen",
        "title_en": "Your rights and how to use them",
        "body": (
            "Sinulla on oikeus saada tietää, mitä tietoja sinusta on tallennettu, ja saada "
            "niistä kopio; oikeus vaatia virheellisten tietojen oikaisemista; oikeus vaatia "
            "tietojesi poistamista tai niiden käsittelyn rajoittamista sekä oikeus vastustaa "
            "tietojesi käsittelyä erityisen tilanteesi perusteella. Hakemuksia ei käsitellä "
            "automaattisesti eikä niistä tehdä automaattisia päätöksiä.\n\n"
            "Vahvistusviestin yksityisen linkin kautta näet lähettämäsi hakemuksen ja voit "
            "perua sen, jolloin tietosi poistetaan heti. Muissa asioissa ota yhteyttä "
            "kirjaamoon (kirjaamo@kouvola.fi). Pyyntöön vastataan viimeistään kuukauden "
            "kuluessa."
        ),
        "body_en": (
            "You have the right to know what data about you is stored and to get a copy of "
            "it; the right to have wrong data corrected; the right to have your data erased "
            "or its processing restricted; and the right to object to the processing on "
            "grounds relating to your particular situation. Applications are not processed "
            "automatically and no automated decisions are made about them.\n\n"
            "Through the private link in the confirmation e-mail you can see the application "
            "you sent and withdraw it, which removes your data at once. For anything else, "
            "contact the registry (kirjaamo@kouvola.fi). Requests are answered within one "
            "month."
        ),
    },
    {
        "key": "recruitment-complaint",
        "title": "Oikeus tehdä valitus valvontaviranomaiselle",
        "title_en": "Right to lodge a complaint",
        "body": (
            "Jos katsot, että henkilötietojesi käsittelyssä rikotaan tietosuojalainsäädäntöä, "
            "sinulla on oikeus tehdä valitus valvontaviranomaiselle: Tietosuojavaltuutetun "
            "toimisto, PL 800, 00531 Helsinki, www.tietosuoja.fi."
        ),
        "body_en": (
            "If you consider that the processing of your personal data breaks data protection "
            "law, you have the right to lodge a complaint with the supervisory authority: the "
            "Office of the Data Protection Ombudsman, PL 800, 00531 Helsinki, Finland, "
            "www.tietosuoja.fi."
        ),
    },
    {
        "key": "recruitment-security",
        "title": "Tietojen suojaus",
        "title_en": "How the data is protected",
        "body": (
            "Tiedot tallennetaan suojattuun tietokantaan, ja yhteys palveluun on salattu. "
            "Hakemuksia pääsevät katsomaan vain nimetyt kaupungin työntekijät "
            "henkilökohtaisilla tunnuksillaan. Yksityinen linkki hakemukseesi ei sisällä "
            "henkilötietoja, mutta sen haltija näkee hakemuksen: älä jaa linkkiä muille."
        ),
        "body_en": (
            "The data is stored in a protected database, and the connection to the service is "
            "encrypted. Only named city staff, with their personal accounts, can see the "
            "applications. The private link to your application contains no personal data, "
            "but whoever has it can see the application: do not share the link."
        ),
    },
]

# The committees app's controller section is the first (order 10); these follow it.
PRIVACY_FIRST_ORDER = 20


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


@transaction.atomic
def seed_privacy_notice():
    """The privacy notice's sections on applicants' data (page "privacy")."""
    created = seed_page_sections(
        PageSection.Page.PRIVACY, PRIVACY_SECTIONS, first_order=PRIVACY_FIRST_ORDER
    )
    return {"privacy notice sections": created}


def seed_facts():
    return {**seed_campaigns(), **seed_privacy_notice()}


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
