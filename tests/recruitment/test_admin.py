"""The clerk's work in the admin: who sees applications, filters, selection, exports."""

import csv
import datetime
import io
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse

from committees.models import Membership, Person
from recruitment.models import Application
from tests import factories
from tests.recruitment.factories import ApplicationFactory, open_campaign

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:recruitment_application_changelist"


@pytest.fixture
def campaign(committee):
    return open_campaign(committee, title="Jäsenhaku 2027")


@pytest.fixture
def application(campaign, committee):
    return ApplicationFactory(
        campaign=campaign,
        committee=committee,
        first_name="Äänekäs",
        last_name="Öljynen",
        email="aanekas@example.fi",
        motivation='=HYPERLINK("http://evil.example")',
    )


def run_action(client, action, *applications, follow=True):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [a.pk for a in applications]},
        follow=follow,
    )


def page_messages(response):
    return [str(m) for m in response.context["messages"]]


def test_the_group_has_the_recruitment_permissions(clerk):
    assert clerk.has_perm("recruitment.view_application")
    assert clerk.has_perm("recruitment.change_application")
    assert clerk.has_perm("recruitment.delete_application")
    assert not clerk.has_perm("recruitment.add_application")
    assert clerk.has_perm("recruitment.add_campaign")
    assert clerk.has_perm("recruitment.change_recordedcount")


def test_the_clerk_sees_applications_with_counts_per_committee(clerk_client, application):
    ApplicationFactory(campaign=application.campaign, committee=application.committee)
    response = clerk_client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Öljynen, Äänekäs" in html
    counts = list(response.context["committee_counts"])
    assert counts == [
        {
            "committee__name": application.committee.name,
            "committee__order": application.committee.order,
            "count": 2,
        }
    ]
    assert "Hakemukset aluetoimikunnittain" in html


@pytest.mark.parametrize(
    "query",
    ["status__exact=received", "willing_to_be_deputy__exact=0", "q=Öljynen"],
)
def test_the_list_filters_and_searches(clerk_client, application, query):
    other = ApplicationFactory(
        campaign=application.campaign,
        committee=factories.CommitteeFactory(),
        status=Application.Status.IN_REVIEW,
        willing_to_be_deputy=True,
    )
    response = clerk_client.get(reverse(CHANGELIST) + "?" + query)
    shown = list(response.context["cl"].queryset)
    assert shown == [application]
    assert other not in shown


def test_filtering_by_committee_narrows_the_counts(clerk_client, application):
    other_committee = factories.CommitteeFactory()
    application.campaign.committees.add(other_committee)
    ApplicationFactory(campaign=application.campaign, committee=other_committee)
    response = clerk_client.get(reverse(CHANGELIST) + f"?committee__id__exact={other_committee.pk}")
    counts = list(response.context["committee_counts"])
    assert [c["committee__name"] for c in counts] == [other_committee.name]


def test_other_staff_cannot_see_applications_even_with_the_permission(client, application):
    staff = factories.UserFactory(is_staff=True)
    staff.user_permissions.add(
        Permission.objects.get(codename="view_application"),
        Permission.objects.get(codename="view_campaign"),
    )
    factories.sign_in_staff(client, staff)
    assert client.get(reverse(CHANGELIST)).status_code == 403
    change = reverse("admin:recruitment_application_change", args=[application.pk])
    assert client.get(change).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/recruitment/application/" not in index


def test_a_superuser_sees_applications(client, application):
    factories.sign_in_staff(client, factories.UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse(CHANGELIST)).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login(client, application):
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_selecting_as_member_seats_the_applicant(clerk_client, application):
    response = run_action(clerk_client, "select_as_member", application)

    assert response.status_code == 200
    membership = Membership.objects.get()
    assert membership.person.last_name == "Öljynen"
    assert membership.term == application.campaign.term
    assert membership.kind == Membership.Kind.MEMBER
    application.refresh_from_db()
    assert application.status == Application.Status.SELECTED_MEMBER
    (message,) = page_messages(response)
    assert "Äänekäs Öljynen valittiin" in message


def test_selecting_as_deputy_seats_a_deputy(clerk_client, application):
    factories.roster(application.committee, application.campaign.term, members=7)
    run_action(clerk_client, "select_as_deputy", application)
    application.refresh_from_db()
    assert application.status == Application.Status.SELECTED_DEPUTY
    assert application.membership.kind == Membership.Kind.DEPUTY


def test_a_twelfth_member_is_refused_with_a_message_not_an_error_page(clerk_client, application):
    factories.roster(application.committee, application.campaign.term, members=11)
    people = Person.objects.count()

    response = run_action(clerk_client, "select_as_member", application)

    assert response.status_code == 200
    (message,) = page_messages(response)
    assert "Henkilöä Äänekäs Öljynen ei valittu" in message
    assert "12 jäsentä" in message
    assert Person.objects.count() == people
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED


def test_selecting_several_reports_each(clerk_client, application):
    factories.roster(application.committee, application.campaign.term, members=10)
    second = ApplicationFactory(
        campaign=application.campaign, committee=application.committee, last_name="Toinen"
    )
    response = run_action(clerk_client, "select_as_member", application, second)
    messages = page_messages(response)
    assert len(messages) == 2
    assert "valittiin" in messages[0]
    assert "ei valittu" in messages[1]
    assert Membership.objects.filter(term=application.campaign.term).count() == 11


def test_marking_in_review_and_not_selected(clerk_client, application):
    run_action(clerk_client, "mark_in_review", application)
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW
    run_action(clerk_client, "mark_not_selected", application)
    application.refresh_from_db()
    assert application.status == Application.Status.NOT_SELECTED


def test_the_change_form_offers_only_the_clerks_statuses(clerk_client, application):
    url = reverse("admin:recruitment_application_change", args=[application.pk])
    response = clerk_client.get(url)
    choices = [value for value, _ in response.context["adminform"].form.fields["status"].choices]
    assert choices == ["received", "in_review", "not_selected"]

    response = clerk_client.post(url, {"status": "in_review", "staff_notes": "Haastatteluun."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW
    assert application.staff_notes == "Haastatteluun."
    assert application.status_changed_at is not None
    # The applicant's own answers cannot be changed here.
    assert application.last_name == "Öljynen"


def test_the_admin_history_keeps_no_names(clerk_client, application):
    url = reverse("admin:recruitment_application_change", args=[application.pk])
    clerk_client.post(url, {"status": "in_review", "staff_notes": ""})
    entry = LogEntry.objects.get()
    assert "Öljynen" not in entry.object_repr
    assert entry.object_repr == f"Hakemus {application.pk}"


def test_csv_export_opens_in_finnish_excel(clerk_client, application):
    response = run_action(clerk_client, "export_csv", application, follow=False)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:5] == ["lähetetty", "jäsenhaku", "aluetoimikunta", "sukunimi", "etunimi"]
    assert rows[1][3:6] == ["Öljynen", "Äänekäs", "aanekas@example.fi"]
    # A formula typed into the form is text in the spreadsheet.
    assert rows[1][rows[0].index("perustelut")].startswith("'=HYPERLINK")
    assert "\r\n" in text


def test_personal_data_export_gathers_every_application_of_the_address(clerk_client, application):
    other_campaign = open_campaign(application.committee, title="Toinen haku")
    ApplicationFactory(
        campaign=other_campaign, committee=application.committee, email="AANEKAS@example.fi"
    )
    ApplicationFactory(campaign=other_campaign, committee=application.committee)

    response = run_action(clerk_client, "export_personal_data", application, follow=False)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content.decode("utf-8"))
    assert [a["campaign"] for a in data["applications"]] == ["Jäsenhaku 2027", "Toinen haku"]
    first = data["applications"][0]
    assert first["last_name"] == "Öljynen"
    assert first["status"] == "vastaanotettu"
    assert str(application.pk) in response["Content-Disposition"]
    assert "Öljynen" not in response["Content-Disposition"]


def test_personal_data_export_gives_the_times_in_helsinki_time(clerk_client, application):
    # Sent at 00:30 on 2 June in Kouvola, which is still 1 June in UTC.
    sent = datetime.datetime(2026, 6, 1, 21, 30, tzinfo=datetime.UTC)
    Application.objects.filter(pk=application.pk).update(
        submitted_at=sent, status_changed_at=sent + datetime.timedelta(days=1)
    )
    response = run_action(clerk_client, "export_personal_data", application, follow=False)

    (exported,) = json.loads(response.content.decode("utf-8"))["applications"]
    assert exported["submitted_at"] == "2026-06-02T00:30:00+03:00"
    assert exported["status_changed_at"] == "2026-06-03T00:30:00+03:00"


def test_personal_data_export_needs_exactly_one_application(clerk_client, application):
    second = ApplicationFactory(campaign=application.campaign, committee=application.committee)
    response = run_action(clerk_client, "export_personal_data", application, second)
    assert response.status_code == 200
    assert page_messages(response) == ["Valitse täsmälleen yksi hakijan hakemus."]


def campaign_post(term, committee, total, counts):
    data = {
        "title": "Jäsenhaku 2017",
        "slug": "2017",
        "term": term.pk,
        "committees": [committee.pk],
        "year": "2017",
        "opens_on": "",
        "closes_on": "",
        "recorded_total": total,
        "recorded_counts-TOTAL_FORMS": str(len(counts)),
        "recorded_counts-INITIAL_FORMS": "0",
        "recorded_counts-MIN_NUM_FORMS": "0",
        "recorded_counts-MAX_NUM_FORMS": "1000",
    }
    for index, count in enumerate(counts):
        data[f"recorded_counts-{index}-committee"] = committee.pk
        data[f"recorded_counts-{index}-applicants"] = count
    return data


def test_recorded_per_area_numbers_must_add_up(clerk_client, committee):
    term = factories.TermFactory()
    url = reverse("admin:recruitment_campaign_add")
    response = clerk_client.post(url, campaign_post(term, committee, "10", ["7"]))
    assert response.status_code == 200
    assert "summa on 7" in response.content.decode()

    response = clerk_client.post(url, campaign_post(term, committee, "7", ["7"]))
    assert response.status_code == 302


def test_a_campaign_on_the_portal_needs_its_dates(clerk_client, committee):
    term = factories.TermFactory()
    response = clerk_client.post(
        reverse("admin:recruitment_campaign_add"), campaign_post(term, committee, "", [])
    )
    assert response.status_code == 200
    assert "on oltava päivämäärät" in response.content.decode()


def test_erasure_removes_the_personal_data_and_keeps_the_row(clerk_client, application):
    response = run_action(clerk_client, "remove_personal_data", application)
    assert page_messages(response) == ["1 hakemuksen henkilötiedot poistettiin."]
    application.refresh_from_db()
    assert application.personal_data_removed_at is not None
    assert application.last_name == application.email == application.motivation == ""
    listing = clerk_client.get(reverse(CHANGELIST)).content.decode()
    assert "(henkilötiedot poistettu)" in listing


def test_the_clerk_manages_campaigns(clerk_client, campaign):
    response = clerk_client.get(reverse("admin:recruitment_campaign_changelist"))
    assert response.status_code == 200
    assert "Jäsenhaku 2027" in response.content.decode()
    response = clerk_client.get(reverse("admin:recruitment_campaign_change", args=[campaign.pk]))
    assert response.status_code == 200
