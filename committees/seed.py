"""
The committees' facts (``data/committees.yaml``, ``data/terms.yaml``) and the fictional demo
rosters (``data/demo_people.yaml``). Facts load through the one loader, which never overwrites
what staff have since edited; demo members are seated through the roster service.
"""

import datetime
import random
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from committees.models import Committee, Membership, Person, Term
from committees.services import membership_create
from kouvola_alue import dataload
from kouvola_alue.staff_group import GROUP_NAME

DATA = Path(__file__).resolve().parent / "data"
FACTS = [DATA / "committees.yaml", DATA / "terms.yaml"]
DEMO_PEOPLE = DATA / "demo_people.yaml"
DEMO_PEOPLE_KEYS = {
    "first_names",
    "last_names",
    "roster_sizes",
    "default_roster_size",
    "resigned_after_days",
}

DEMO_USERNAME = "demo-virkailija"


def seed_facts():
    """The source page's committees and terms. Returns counts of rows created."""
    return dataload.add_counts(*(dataload.load(path) for path in FACTS))


def demo_people():
    """The demo's fictional names and roster sizes (also used for the demo applicants)."""
    return dataload.read(DEMO_PEOPLE, keys=DEMO_PEOPLE_KEYS)


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


def _demo_people(rng, names, count):
    pairs = {(first, last) for first in names["first_names"] for last in names["last_names"]}
    chosen = rng.sample(sorted(pairs), count)
    return [
        Person.objects.get_or_create(first_name=first, last_name=last, is_demo=True)[0]
        for first, last in chosen
    ]


def _seat_demo_roster(committee, term, people, member_count, resigned_after_days):
    roles = [Membership.Role.CHAIR, Membership.Role.VICE_CHAIR]
    members = [
        membership_create(
            committee=committee,
            term=term,
            person=person,
            kind=Membership.Kind.MEMBER,
            role=roles[index] if index < len(roles) else Membership.Role.MEMBER,
        )
        for index, person in enumerate(people[:member_count])
    ]
    for member, person in zip(members, people[member_count:-1], strict=False):
        membership_create(
            committee=committee,
            term=term,
            person=person,
            kind=Membership.Kind.DEPUTY,
            personal_deputy_of=member,
        )
    if member_count < term.max_members:
        # Someone who resigned early in the term, to show that history is kept.
        membership_create(
            committee=committee,
            term=term,
            person=people[-1],
            kind=Membership.Kind.MEMBER,
            ends_on=term.starts_on + datetime.timedelta(days=resigned_after_days),
        )


@transaction.atomic
def seed_demo():
    """Fictional people seated in a fictional current term; skipped where a roster exists."""
    names = demo_people()
    term, term_created = _demo_term()
    rng = random.Random(2026)
    seated = 0
    for committee in Committee.objects.order_by("order"):
        if not committee.contact_email:
            committee.contact_email = f"{committee.slug}@aluetoimikunnat.example"
            committee.save(update_fields=["contact_email"])
        if Membership.objects.filter(committee=committee, term=term).exists():
            continue
        member_count, deputy_count = names["roster_sizes"].get(
            committee.slug, names["default_roster_size"]
        )
        people = _demo_people(rng, names, member_count + deputy_count + 1)
        _seat_demo_roster(committee, term, people, member_count, names["resigned_after_days"])
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
