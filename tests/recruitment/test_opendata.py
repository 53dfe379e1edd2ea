"""The campaigns' numbers in open data: per area, live or recorded, and never who applied."""

import csv
import io
import json

import pytest

from committees.models import Committee
from recruitment.models import Application
from tests.recruitment.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

FIELDS = [
    "campaign",
    "title",
    "year",
    "opens_on",
    "closes_on",
    "term",
    "committees",
    "area",
    "applicants",
    "recorded",
    "is_demo",
    "url",
]


def records(client):
    return json.loads(client.get("/avoin-data/jasenhaut.json").getvalue())["records"]


def test_a_live_campaign_counts_applications_per_area(client, campaign, committees):
    anjalankoski, valkeala = committees
    ApplicationFactory.create_batch(3, campaign=campaign, committee=anjalankoski)
    ApplicationFactory(campaign=campaign, committee=valkeala)
    ApplicationFactory(campaign=campaign, committee=valkeala, status=Application.Status.WITHDRAWN)
    body = json.loads(client.get("/avoin-data/jasenhaut.json").getvalue())
    assert body["fields"] == FIELDS
    rows = {row["area"]: row for row in body["records"]}
    assert rows["Anjalankoski"]["applicants"] == 3
    assert rows["Anjalankoski"]["committees"] == ["anjalankoski"]
    assert rows["Valkeala"]["applicants"] == 1
    assert rows["Valkeala"]["recorded"] is False
    assert rows["Valkeala"]["campaign"] == "testihaku"
    assert rows["Valkeala"]["url"] == "http://testserver/jasenhaku/testihaku/"
    assert rows["Valkeala"]["opens_on"] == campaign.opens_on.isoformat()


def test_the_recorded_campaigns_of_2018_2019_and_2021(client, city_facts):
    rows = records(client)
    in_2021 = {row["area"]: row["applicants"] for row in rows if row["year"] == 2021}
    assert in_2021 == {
        "Anjalankoski": 14,
        "Elimäki-Koria": 11,
        "Kouvolan keskusta-alue": 22,
        "Kuusankoski-Jaala": 27,
        "Valkeala": 15,
    }
    [pilot] = [row for row in rows if row["year"] == 2018]
    assert pilot["applicants"] == 40
    assert sorted(pilot["committees"]) == ["anjalankoski", "valkeala"]
    [second] = [row for row in rows if row["year"] == 2019]
    assert second["applicants"] == 55
    assert len(second["committees"]) == 3
    assert all(row["recorded"] for row in rows)
    assert Committee.objects.count() == 5


def test_the_csv_has_the_same_rows(client, campaign, committees):
    ApplicationFactory(campaign=campaign, committee=committees[0])
    text = client.get("/avoin-data/jasenhaut.csv").getvalue().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
    assert table[0] == FIELDS
    assert len(table) == 1 + 2


def _delimiter(text):
    return ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","


def test_no_applicant_data_in_the_campaign_export(client, campaign, committees):
    ApplicationFactory(
        campaign=campaign,
        committee=committees[0],
        first_name="Salli",
        last_name="Salainen",
        email="salli.salainen@example.fi",
        district="Piilola",
        phone="040 1234567",
    )
    for suffix in ("json", "csv"):
        body = client.get(f"/avoin-data/jasenhaut.{suffix}").getvalue().decode("utf-8-sig")
        for secret in ("Salli", "Salainen", "example.fi", "Piilola", "1234567", "Kyläyhdistys"):
            assert secret not in body


@pytest.mark.parametrize("count", [2, 20])
def test_the_campaign_export_keeps_its_query_budget(
    client, committees, django_assert_max_num_queries, count
):
    from tests.recruitment.factories import closed_campaign

    for _ in range(count):
        campaign = closed_campaign(*committees)
        ApplicationFactory(campaign=campaign, committee=committees[0])
    with django_assert_max_num_queries(6):
        assert client.get("/avoin-data/jasenhaut.json").status_code == 200
