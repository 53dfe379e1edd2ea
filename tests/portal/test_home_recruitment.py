"""The home page tells the current or latest recruitment as news and the earlier ones as history."""

import datetime

import pytest
from django.utils import timezone
from lxml import html

from committees.models import Committee
from tests.recruitment.factories import open_campaign
from tests.support import text_of

pytestmark = pytest.mark.django_db


def page_of(client, url="/"):
    return html.fromstring(client.get(url).content.decode())


def news_and_history(page):
    (history,) = page.xpath("//section[@aria-labelledby='recruitment-numbers-heading']")
    return text_of(page.xpath("//main")[0]), history


def test_with_nothing_open_the_latest_campaign_is_told_as_past_and_the_rest_as_history(
    client, city_facts
):
    page = page_of(client)
    main, history = news_and_history(page)
    (news,) = page.xpath("//section[@aria-labelledby='recruitment-news-heading']")
    assert text_of(news) == (
        "Jäsenhaku Jäsenhaku ei ole tällä hetkellä auki. Viimeisin jäsenhaku, Jäsenhaku 2021, "
        "päättyi 9.9.2021. Hakijoita oli 89. Kaupunginvaltuusto valitsi jäsenet 13.12.2021."
    )
    assert news.xpath(".//a/@href") == ["/jasenhaku/2021/"]
    # The news comes before the committees' introduction; the history after it.
    assert main.index("Viimeisin jäsenhaku") < main.index("Aluetoimikunnat tarjoavat")
    assert main.index("Aluetoimikunnat tarjoavat") < main.index("Aiemmat jäsenhaut")
    assert text_of(history.find("h2")) == "Aiemmat jäsenhaut"
    assert [text_of(li) for li in history.xpath(".//li")] == [
        "Jäsenhaku 2021 (22.7.2021–9.9.2021): 89 hakijaa",
        "Jäsenhaku 2019 (2019): 55 hakijaa",
        "Jäsenhaku 2018 – pilottialueet (2018): 40 hakijaa",
    ]
    assert "Kuusankoski-Jaala 27" in text_of(history.xpath(".//table")[0])
    # The 2021 text of the city's page is history too: no heading of its own any more,
    # told after the committees' history, and every fact of it is still there.
    headings = [text_of(h) for h in page.xpath("//h2")]
    assert "Jäsenhaku 2021" not in headings
    assert (
        main.index("Hakijoita oli 55")
        < main.index("22.7.–9.9.2021")
        < main.index("Aiemmat jäsenhaut")
    )
    for fact in ["Kuusankoski-Jaala aluetoimikunta 27", "Kiitokset kaikille hakijoille"]:
        assert fact in main


def test_an_open_campaign_is_the_news_with_its_deadline_and_a_call_to_apply(client, city_facts):
    closes_on = timezone.localdate() + datetime.timedelta(days=12)
    campaign = open_campaign(*Committee.objects.all(), title="Jäsenhaku nyt", closes_on=closes_on)
    page = page_of(client)
    main, history = news_and_history(page)
    (news,) = page.xpath("//section[@aria-labelledby='open-recruitment-heading']")
    assert text_of(news).startswith("Jäsenhaku on auki Jäsenhaku nyt: hakemuksia otetaan vastaan")
    assert f"{closes_on:%-d.%-m.%Y} asti" in text_of(news)
    assert news.xpath(".//a[@class='btn btn-primary']/@href") == [
        f"/jasenhaku/{campaign.slug}/hae/"
    ]
    assert main.index("Jäsenhaku nyt") < main.index("Aluetoimikunnat tarjoavat")
    assert not page.xpath("//section[@aria-labelledby='recruitment-news-heading']")
    # The closed ones stay history.
    assert "Jäsenhaku 2021 (22.7.2021–9.9.2021): 89 hakijaa" in text_of(history)
    assert "Jäsenhaku nyt" not in text_of(history)


def test_a_coming_campaign_is_announced_with_its_dates(client, city_facts):
    today = timezone.localdate()
    opens_on, closes_on = today + datetime.timedelta(days=20), today + datetime.timedelta(days=50)
    open_campaign(
        *Committee.objects.all(), title="Tuleva haku", opens_on=opens_on, closes_on=closes_on
    )
    (news,) = page_of(client).xpath("//section[@aria-labelledby='recruitment-news-heading']")
    assert (
        f"Seuraava jäsenhaku, Tuleva haku, on auki {opens_on:%-d.%-m.%Y}–{closes_on:%-d.%-m.%Y}."
        in text_of(news)
    )
    assert "Viimeisin jäsenhaku, Jäsenhaku 2021, päättyi 9.9.2021." in text_of(news)


def test_the_english_home_page_tells_the_same_in_english(client, city_facts):
    page = page_of(client, "/en/")
    (news,) = page.xpath("//section[@aria-labelledby='recruitment-news-heading']")
    assert (
        "The latest recruitment, Recruitment 2021, closed on 9.9.2021 with 89 applicants. "
        "The city council chose the members on 13.12.2021." in text_of(news)
    )
    _main, history = news_and_history(page)
    assert text_of(history.find("h2")) == "Earlier member recruitments"
    assert "Recruitment 2019 (2019): 55 applicants" in text_of(history)
