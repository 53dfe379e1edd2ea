"""The clerk's work in the admin: rosters kept by the rules, with messages a clerk understands."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees.models import Membership
from tests.committees.factories import MEMBERSHIPS, membership_form
from tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    PersonFactory,
    TermFactory,
    current_term,
    roster,
)

pytestmark = pytest.mark.django_db


def committee_form(committee, rows, initial=0):
    data = {
        "name": committee.name,
        "name_en": "",
        "area_name": committee.area_name,
        "slug": committee.slug,
        "order": committee.order,
        "statistical_areas": "",
        "task": committee.task,
        "task_en": "",
        "contact_email": "",
        "started_on": committee.started_on.strftime("%d.%m.%Y"),
        "history": "",
        "history_en": "",
        "quorum_rule": "majority",
        "quorum_minimum": "",
        "memberships-TOTAL_FORMS": len(rows),
        "memberships-INITIAL_FORMS": initial,
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"memberships-{index}-{field}"] = value
        data[f"memberships-{index}-committee"] = committee.pk
    return data


def new_row(term, person, kind="member", role="member"):
    return {"id": "", "term": term.pk, "person": person.pk, "kind": kind, "role": role}


def test_admin_asks_for_a_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_twelfth_member_is_refused_with_a_message(clerk_client, committee, term):
    roster(committee, term, members=11)
    response = clerk_client.post(
        f"{MEMBERSHIPS}add/", membership_form(committee, term, PersonFactory())
    )
    assert response.status_code == 200
    assert "12 jäsentä; toimikaudella sallitaan enintään 11 jäsentä" in response.content.decode()
    assert Membership.objects.filter(committee=committee, term=term).count() == 11


def test_more_deputies_than_members_is_refused(clerk_client, committee, term):
    roster(committee, term, members=7, deputies=7)
    response = clerk_client.post(
        f"{MEMBERSHIPS}add/",
        membership_form(committee, term, PersonFactory(), kind="deputy"),
    )
    assert "varajäseniä voi olla enintään yhtä monta kuin jäseniä" in response.content.decode()
    assert Membership.objects.deputies().count() == 7


def test_a_personal_deputy_from_another_committee_is_refused(clerk_client, committee, term):
    elsewhere = MembershipFactory(committee=CommitteeFactory(), term=term)
    response = clerk_client.post(
        f"{MEMBERSHIPS}add/",
        membership_form(
            committee, term, PersonFactory(), kind="deputy", personal_deputy_of=elsewhere.pk
        ),
    )
    assert "Jäsenen on oltava samassa toimikunnassa samalla toimikaudella." in (
        response.content.decode()
    )
    assert not Membership.objects.deputies().exists()


def test_a_deputy_in_the_chair_is_refused(clerk_client, committee, term):
    response = clerk_client.post(
        f"{MEMBERSHIPS}add/",
        membership_form(committee, term, PersonFactory(), kind="deputy", role="chair"),
    )
    assert "Varajäsen ei voi olla puheenjohtaja" in response.content.decode()


def test_a_valid_membership_is_saved(clerk_client, committee, term):
    roster(committee, term, members=7)
    response = clerk_client.post(
        f"{MEMBERSHIPS}add/", membership_form(committee, term, PersonFactory())
    )
    assert response.status_code == 302
    assert Membership.objects.filter(committee=committee, term=term).count() == 8


def test_the_roster_inline_judges_all_rows_together(clerk_client, committee, term):
    rows = [new_row(term, PersonFactory()) for _ in range(12)]
    response = clerk_client.post(
        f"/admin/committees/committee/{committee.pk}/change/", committee_form(committee, rows)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Toimikausi {term.name}:" in page
    assert "enintään 11 jäsentä" in page
    assert not Membership.objects.exists()


def test_an_incomplete_roster_is_saved_with_a_warning(clerk_client, committee, term):
    rows = [new_row(term, PersonFactory()) for _ in range(6)]
    response = clerk_client.post(
        f"/admin/committees/committee/{committee.pk}/change/",
        committee_form(committee, rows),
        follow=True,
    )
    assert Membership.objects.filter(committee=committee).count() == 6
    assert "kokoonpano on vajaa, siinä on alle 7 jäsentä" in response.content.decode()


def test_memberships_filter_by_term_kind_and_role_and_search_by_name(clerk_client, committee):
    term = current_term()
    members, deputies = roster(committee, term, members=7, deputies=2)
    chair = members[0].person
    response = clerk_client.get(
        MEMBERSHIPS, {"term__id__exact": term.pk, "kind__exact": "member", "role__exact": "chair"}
    )
    page = response.content.decode()
    assert str(chair) in page
    assert str(members[1].person) not in page
    found = clerk_client.get(MEMBERSHIPS, {"q": deputies[0].person.last_name}).content.decode()
    assert str(deputies[0].person) in found
    assert str(members[5].person) not in found


def test_committee_list_shows_incomplete_rosters(clerk_client, committee, term):
    roster(committee, term, members=5)
    page = clerk_client.get("/admin/committees/committee/").content.decode()
    assert "5 – vajaa (vähintään 7)" in page


def test_the_admin_speaks_finnish(clerk_client, committee):
    page = clerk_client.get(f"/admin/committees/committee/{committee.pk}/change/").content.decode()
    assert "Tilastolliset alueet" in page
    assert "Nykyisen ja tulevien toimikausien kokoonpanot" in page


def test_elinvoimajaosto_has_exactly_the_permissions_its_work_needs():
    group = Group.objects.get(name="Elinvoimajaosto")
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert {
        "committees.view_committee",
        "committees.change_committee",
        "committees.add_membership",
        "committees.change_membership",
        "committees.delete_membership",
        "committees.add_person",
        "committees.add_term",
        "portal.change_pagesection",
        "projects.change_goal",
    } <= granted
    assert "committees.delete_committee" not in granted
    assert "committees.delete_term" not in granted
    assert not any(p.startswith(("auth.", "admin.", "sessions.", "contenttypes.")) for p in granted)


def test_a_clerk_cannot_manage_users(clerk_client):
    assert clerk_client.get("/admin/auth/user/").status_code == 403
    assert clerk_client.get("/admin/committees/committee/add/").status_code == 403


def test_the_committee_change_page_does_not_slow_down_with_history(
    clerk_client, committee, django_assert_max_num_queries
):
    term = current_term()
    roster(committee, term, members=9, deputies=9)
    url = f"/admin/committees/committee/{committee.pk}/change/"
    with CaptureQueriesContext(connection) as baseline:
        clerk_client.get(url)
    for year in (2010, 2014, 2018):
        earlier = TermFactory(starts_on=datetime.date(year, 1, 1))
        roster(committee, earlier, members=11, deputies=11)
    with django_assert_max_num_queries(len(baseline)):
        page = clerk_client.get(url).content.decode()
    assert "2018–2021" not in page.split('id="memberships-group"')[1]


def test_earlier_terms_are_kept_in_the_membership_list(clerk_client, committee):
    earlier = TermFactory(starts_on=datetime.date(2018, 1, 1))
    members, _ = roster(committee, earlier, members=7)
    page = clerk_client.get(
        MEMBERSHIPS, {"committee__id__exact": committee.pk, "term__id__exact": earlier.pk}
    ).content.decode()
    assert all(str(m.person) in page for m in members)


def test_the_committee_page_links_the_rosters_of_earlier_terms(clerk_client, committee):
    earlier = TermFactory(starts_on=datetime.date(2019, 1, 1))
    page = clerk_client.get(f"/admin/committees/committee/{committee.pk}/change/").content.decode()
    assert (
        f"/admin/committees/membership/?committee__id__exact={committee.pk}&amp;"
        f"term__id__exact={earlier.pk}"
    ) in page


def test_a_change_in_the_membership_form_is_judged_by_the_roster_rules(
    clerk_client, committee, term
):
    members, _ = roster(committee, term, members=7, deputies=7)
    changed = members[-1]
    form = membership_form(committee, term, changed.person, kind="deputy")
    response = clerk_client.post(f"{MEMBERSHIPS}{changed.pk}/change/", form)
    assert response.status_code == 200
    assert "varajäseniä voi olla enintään yhtä monta kuin jäseniä" in response.content.decode()
    assert Membership.objects.get(pk=changed.pk).kind == "member"
    # A resignation is saved, and the clerk is told the roster is now incomplete.
    resigned_on = term.starts_on + datetime.timedelta(days=30)
    form = membership_form(
        committee, term, changed.person, ends_on=resigned_on.strftime("%d.%m.%Y")
    )
    response = clerk_client.post(f"{MEMBERSHIPS}{changed.pk}/change/", form, follow=True)
    assert Membership.objects.get(pk=changed.pk).ends_on == resigned_on
    assert "kokoonpano on vajaa, siinä on alle 7 jäsentä" in response.content.decode()


def test_a_membership_added_in_the_admin_warns_of_an_incomplete_roster(
    clerk_client, committee, term
):
    roster(committee, term, members=5)
    response = clerk_client.post(
        f"{MEMBERSHIPS}add/", membership_form(committee, term, PersonFactory()), follow=True
    )
    page = response.content.decode()
    assert "on lisätty." in page
    assert "kokoonpano on vajaa, siinä on alle 7 jäsentä" in page
    assert Membership.objects.filter(committee=committee, term=term).count() == 6


def existing_row(membership, **changes):
    return {
        "id": membership.pk,
        "term": membership.term_id,
        "person": membership.person_id,
        "kind": membership.kind,
        "role": membership.role,
        "personal_deputy_of": membership.personal_deputy_of_id or "",
        "starts_on": "",
        "ends_on": "",
        **changes,
    }


def test_the_roster_inline_saves_a_trade_of_seats_in_a_full_roster(clerk_client, committee, term):
    members, deputies = roster(committee, term, members=11, deputies=11)
    rows = [existing_row(m) for m in [*members, *deputies]]
    rows[10] = existing_row(members[10], kind="deputy")
    rows[21] = existing_row(deputies[10], kind="member", personal_deputy_of="")
    response = clerk_client.post(
        f"/admin/committees/committee/{committee.pk}/change/",
        committee_form(committee, rows, initial=len(rows)),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Membership.objects.get(pk=members[10].pk).kind == "deputy"
    assert Membership.objects.get(pk=deputies[10].pk).kind == "member"


def test_the_roster_inline_refuses_a_change_that_breaks_the_rules(clerk_client, committee, term):
    members, deputies = roster(committee, term, members=11, deputies=11)
    rows = [existing_row(m) for m in [*members, *deputies]]
    rows[21] = existing_row(deputies[10], kind="member", personal_deputy_of="")
    response = clerk_client.post(
        f"/admin/committees/committee/{committee.pk}/change/",
        committee_form(committee, rows, initial=len(rows)),
    )
    assert response.status_code == 200
    assert f"Toimikausi {term.name}:" in response.content.decode()
    assert Membership.objects.get(pk=deputies[10].pk).kind == "deputy"


def test_the_roster_inline_refuses_removing_a_member_the_deputies_need(
    clerk_client, committee, term
):
    members, deputies = roster(committee, term, members=7, deputies=7)
    rows = [existing_row(m) for m in [*members, *deputies]]
    rows[6] = existing_row(members[6], DELETE="on")
    response = clerk_client.post(
        f"/admin/committees/committee/{committee.pk}/change/",
        committee_form(committee, rows, initial=len(rows)),
    )
    assert response.status_code == 200
    assert "varajäseniä voi olla enintään yhtä monta kuin jäseniä" in response.content.decode()
    assert Membership.objects.filter(pk=members[6].pk).exists()


def test_the_roster_rows_cost_no_query_each(clerk_client, committee, django_assert_max_num_queries):
    term = current_term()
    members, _ = roster(committee, term, members=3, deputies=0)
    url = f"/admin/committees/committee/{committee.pk}/change/"
    with CaptureQueriesContext(connection) as baseline:
        clerk_client.get(url)
    more, _ = roster(committee, term, members=8, deputies=8, chair=False)
    with django_assert_max_num_queries(len(baseline)):
        page = clerk_client.get(url).content.decode()
    # Each row's person is still shown, chosen, in its autocomplete.
    rows = page.split('id="memberships-group"')[1]
    assert all(f"selected>{m.person}</option>" in rows for m in members + more)
