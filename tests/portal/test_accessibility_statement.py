"""The accessibility statement: what Act 306/2019 (sections 15–16) asks, written by staff."""

import datetime

import pytest
from lxml import html

from portal.models import PageSection
from tests.support import text_of

pytestmark = pytest.mark.django_db


def statement(client, prefix=""):
    return html.fromstring(client.get(f"{prefix}/saavutettavuus/").content.decode())


def test_the_statement_has_everything_the_law_asks(client, city_facts):
    page = statement(client)
    (main,) = page.xpath("//main")
    text = text_of(main)
    assert [text_of(h) for h in main.xpath(".//h1 | .//h2")] == [
        "Saavutettavuusseloste",
        "Palvelun saavutettavuuden tila",
        "Sisällöt, jotka eivät ole saavutettavia",
        "Selosteen laatiminen ja saavutettavuuden arviointi",
        "Palaute",
        "Valvontaviranomainen",
    ]
    for element in [
        # The service the statement covers.
        "koskee Kouvolan kaupungin aluetoimikuntien verkkopalvelua",
        # Compliance status.
        "täyttää saavutettavuusvaatimukset osittain",
        "WCAG 2.1",
        # Known shortcomings: staff's PDFs; the charts' tables as their alternative.
        "henkilöstön lataamat PDF-tiedostot eivät välttämättä ole saavutettavia",
        # ...for which the meetings' HTML agendas and minutes are the accessible version.
        "Nämä sivut ovat asiakirjojen saavutettava versio",
        "samat luvut ovat taulukkona kaavion alla",
        # When the statement was made, and when and how the service was assessed.
        "Tämä seloste on laadittu 30.11.2026",
        "arvioitu itsearviointina 30.11.2026",
        "axe-työkalulla",
        "näppäimistöllä ja ruudunlukijalla",
        # The feedback channel and its answer within 14 days.
        "aluetoimikunnat@kouvola.fi",
        "Vastaamme 14 päivän kuluessa",
        # The supervisory authority and how to reach it.
        "Etelä-Suomen aluehallintovirasto, saavutettavuuden valvonnan yksikkö",
        "www.saavutettavuusvaatimukset.fi",
        "saavutettavuus@avi.fi",
        "0295 016 000",
    ]:
        assert element in text, element
    hrefs = main.xpath(".//a/@href")
    assert "mailto:aluetoimikunnat@kouvola.fi" in hrefs
    assert "mailto:saavutettavuus@avi.fi" in hrefs
    assert any("www.saavutettavuusvaatimukset.fi" in href for href in hrefs)
    # Linked from the footer of every page.
    assert page.xpath("//footer//a[@href='/saavutettavuus/']")


def test_the_statement_is_edited_by_staff_and_dated_by_the_last_edit(client, city_facts):
    section = PageSection.objects.get(page=PageSection.Page.ACCESSIBILITY, key="shortcomings")
    section.body = "Kokousten pöytäkirjat ovat nyt saavutettavia."
    section.save()
    # Late on 4.1.2026 in UTC is already 5.1.2026 in Helsinki.
    late = datetime.datetime(2026, 1, 4, 23, 30, tzinfo=datetime.UTC)
    PageSection.objects.filter(page=PageSection.Page.ACCESSIBILITY).update(updated_at=late)
    PageSection.objects.filter(key="feedback", page=PageSection.Page.ACCESSIBILITY).update(
        updated_at=late - datetime.timedelta(days=300)
    )
    text = text_of(statement(client).xpath("//main")[0])
    assert "Kokousten pöytäkirjat ovat nyt saavutettavia." in text
    assert "PDF-tiedostot eivät välttämättä" not in text
    assert text.endswith("Päivitetty viimeksi 5.1.2026.")


def test_the_english_statement(client, city_facts):
    page = statement(client, "/en")
    text = text_of(page.xpath("//main")[0])
    assert page.xpath("//html/@lang") == ["en"]
    for element in [
        "Accessibility statement",
        "partially compliant with the accessibility requirements",
        "Non-accessible content",
        "This statement was prepared on 30.11.2026",
        "self-assessment",
        "We answer within 14 days",
        "Supervisory authority",
        "Digital Accessibility Supervision Unit",
        "saavutettavuus@avi.fi",
        "Last updated on",
    ]:
        assert element in text, element
