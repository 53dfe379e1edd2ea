import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from committees.models import Committee, Membership, Person, Term
from portal.models import PageSection
from projects.models import Goal


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("slug",)

    area_name = factory.Sequence(lambda n: f"Alue {n}")
    name = factory.LazyAttribute(lambda o: f"{o.area_name}n aluetoimikunta")
    slug = factory.Sequence(lambda n: f"alue-{n}")
    task = "Alueen kehittämishankkeiden edistäminen."
    started_on = datetime.date(2018, 9, 1)
    order = factory.Sequence(int)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    starts_on = datetime.date(2022, 1, 1)
    ends_on = factory.LazyAttribute(
        lambda o: o.starts_on.replace(year=o.starts_on.year + 3, month=12, day=31)
    )
    name = factory.LazyAttribute(lambda o: f"{o.starts_on.year}–{o.ends_on.year}")
    slug = factory.LazyAttribute(lambda o: f"{o.starts_on.year}-{o.ends_on.year}")
    council_decision_on = factory.LazyAttribute(lambda o: o.starts_on - datetime.timedelta(days=19))


def current_term(**kwargs):
    """A term that contains today (Helsinki), from the start of this year."""
    today = timezone.localdate()
    return TermFactory(starts_on=datetime.date(today.year, 1, 1), **kwargs)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Sequence(lambda n: f"Sukunimi{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    committee = factory.SubFactory(CommitteeFactory)
    term = factory.SubFactory(TermFactory)
    person = factory.SubFactory(PersonFactory)
    kind = Membership.Kind.MEMBER
    role = Membership.Role.MEMBER


class DeputyFactory(MembershipFactory):
    kind = Membership.Kind.DEPUTY


def roster(committee, term, members=7, deputies=0, chair=True):
    """Seat ``members`` members (the first is chair) and ``deputies`` personal deputies."""
    seated = [
        MembershipFactory(
            committee=committee,
            term=term,
            role=Membership.Role.CHAIR if chair and index == 0 else Membership.Role.MEMBER,
        )
        for index in range(members)
    ]
    pairs = [
        DeputyFactory(committee=committee, term=term, personal_deputy_of=member)
        for member in seated[:deputies]
    ]
    return seated, pairs


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    number = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"tavoite-{n}")
    title = factory.Sequence(lambda n: f"tavoite numero {n}")


class PageSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PageSection

    page = PageSection.Page.HOME
    key = factory.Sequence(lambda n: f"osio-{n}")
    title = factory.Sequence(lambda n: f"Otsikko {n}")
    body = "Leipäteksti."


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("salasana-testi-123")


def clerk(**kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name="Elinvoimajaosto"))
    return user


def sign_in_staff(client, user):
    """
    Sign a staff member in with the test client as if they had given their password and the
    code of an authenticator app (django-otp marks the session verified), as the admin
    requires with debug off.
    """
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
