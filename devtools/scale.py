"""
The demo content multiplied (``seed_kouvola --demo --scale N``), for measuring the portal at
sizes a city reaches after years: N times the demo's ideas (with their areas, goals and status
history), meetings, recruitment campaigns with applications, and earlier terms with full
rosters of fictional people.

The copies are written with ``bulk_create``, a few statements per kind of row, so ``--scale 100``
loads in seconds. That bypasses the services, so each copy is made to hold what the services
and the database would hold: the idea copies carry their originals' sanitised descriptions, a
publication date and a status history that ends in their status; every meeting has a place
and ends after it starts; campaigns are closed (only the demo's own one is open) with their
year set as ``Campaign.save()`` would; every roster has one chair and one vice-chair, each
deputy stands in for one member. Everything is marked as demo content.

Copy 1 is the demo itself; copies 2…N are added. Copy k's earlier term has the slug
``demo-scale-<k>``: running the command again with the same N adds nothing, and a database
already scaled to another size is refused (the copies are made from the demo's own rows, which
are told apart from earlier copies only in a fresh database).
"""

import datetime

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from committees.models import Committee, Meeting, Membership, Person, Term
from kouvola_alue.cachescopes import forget_everything
from projects.models import ProjectIdea, StatusChange
from recruitment.models import Application, Campaign

TERM_YEARS = 4
ROSTER_MEMBERS = 7
FIRST_NAMES = ["Aino", "Eino", "Helmi", "Väinö", "Kerttu", "Onni", "Siiri", "Toivo", "Lempi"]
LAST_NAMES = ["Esimerkki", "Kuvitelma", "Mallinen", "Testilä", "Demonen", "Harjoitus", "Sepite"]
APPLICATIONS_PER_CAMPAIGN = 8
# Copies of past meetings go back, copies of upcoming ones forward, a week per copy, so the
# meeting list, the calendars and the feeds grow as they would over the years.
MEETING_SHIFT = datetime.timedelta(days=7)
CAMPAIGN_SHIFT = datetime.timedelta(days=30)


class ScaleError(CommandError):
    pass


def _term_slug(copy):
    return f"demo-scale-{copy}"


@transaction.atomic
def scale_demo(n):
    """Add the copies 2…``n`` of the demo content that do not exist yet; returns the counts."""
    counts = dict.fromkeys(
        ["ideas", "meetings", "campaigns", "applications", "terms", "people", "memberships"], 0
    )
    scaled = Term.objects.filter(slug__startswith="demo-scale-").count() + 1
    if scaled == n or n <= 1:
        return counts
    if scaled > 1:
        raise ScaleError(
            f"The database already holds the demo ×{scaled}; load ×{n} into a fresh database."
        )
    copies = list(range(2, n + 1))
    committees = list(Committee.objects.order_by("order"))
    for name, created in _scale_ideas(copies).items():
        counts[name] += created
    counts["meetings"] = _scale_meetings(copies)
    campaigns, applications = _scale_campaigns(copies, committees)
    counts["campaigns"], counts["applications"] = campaigns, applications
    terms, people, memberships = _scale_terms(copies, committees)
    counts["terms"], counts["people"], counts["memberships"] = terms, people, memberships
    # Rows in bulk, in every scope: every cached page is forgotten once, at the end.
    forget_everything()
    return counts


def _scale_ideas(copies):
    originals = list(
        ProjectIdea.objects.filter(is_demo=True).prefetch_related(
            "committees", "goals", "status_changes"
        )
    )
    ideas = []
    for k in copies:
        shift = datetime.timedelta(days=k)
        for original in originals:
            ideas.append(
                ProjectIdea(
                    title=f"{original.title} {k}",
                    title_en=f"{original.title_en} {k}" if original.title_en else "",
                    slug=f"{original.slug}-x{k}",
                    summary=original.summary,
                    summary_en=original.summary_en,
                    description=original.description,
                    description_en=original.description_en,
                    status=original.status,
                    year=original.year,
                    moderation=original.moderation,
                    is_demo=True,
                    created_at=original.created_at - shift,
                    published_at=original.published_at and original.published_at - shift,
                )
            )
    ProjectIdea.objects.bulk_create(ideas, batch_size=500)
    by_slug = dict(
        ProjectIdea.objects.filter(slug__in=[i.slug for i in ideas]).values_list("slug", "pk")
    )
    area_links, goal_links, history = [], [], []
    Areas, Goals = ProjectIdea.committees.through, ProjectIdea.goals.through
    for k in copies:
        for original in originals:
            pk = by_slug[f"{original.slug}-x{k}"]
            area_links += [
                Areas(projectidea_id=pk, committee_id=c.pk) for c in original.committees.all()
            ]
            goal_links += [Goals(projectidea_id=pk, goal_id=g.pk) for g in original.goals.all()]
            history += [
                StatusChange(
                    idea_id=pk,
                    status=change.status,
                    changed_on=change.changed_on,
                    note=change.note,
                    recorded_at=change.recorded_at,
                )
                for change in original.status_changes.all()
            ]
    Areas.objects.bulk_create(area_links, batch_size=1000)
    Goals.objects.bulk_create(goal_links, batch_size=1000)
    StatusChange.objects.bulk_create(history, batch_size=1000)
    return {"ideas": len(ideas)}


def _scale_meetings(copies):
    now = timezone.now()
    originals = list(Meeting.objects.filter(is_demo=True))
    meetings = []
    for k in copies:
        for original in originals:
            shift = (k - 1) * MEETING_SHIFT * (1 if original.ends_at >= now else -1)
            meetings.append(
                Meeting(
                    committee_id=original.committee_id,
                    space_id=original.space_id,
                    starts_at=original.starts_at + shift,
                    ends_at=original.ends_at + shift,
                    address=original.address,
                    online_url=original.online_url,
                    agenda=original.agenda,
                    # A copy of a meeting whose minutes were a PDF gets them as text: the
                    # file belongs to the original and goes when it is replaced.
                    minutes=original.minutes
                    or ("Pöytäkirja (esittelyaineistoa)." if original.minutes_pdf else ""),
                    is_published=original.is_published,
                    is_cancelled=original.is_cancelled,
                    is_demo=True,
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=500)
    return len(meetings)


def _scale_campaigns(copies, committees):
    original = Campaign.objects.filter(is_demo=True).order_by("-opens_on").first()
    if original is None:
        return 0, 0
    campaigns = []
    for k in copies:
        # Closed, one after another back in time: only the demo's own campaign is open.
        closes_on = original.opens_on - (k - 1) * CAMPAIGN_SHIFT
        opens_on = closes_on - datetime.timedelta(days=21)
        campaigns.append(
            Campaign(
                slug=f"{original.slug}-x{k}",
                title=f"{original.title} {k}",
                title_en=f"{original.title_en} {k}" if original.title_en else "",
                term_id=original.term_id,
                opens_on=opens_on,
                closes_on=closes_on,
                year=opens_on.year,
                council_meeting_on=closes_on + datetime.timedelta(days=40),
                description=original.description,
                description_en=original.description_en,
                is_demo=True,
            )
        )
    Campaign.objects.bulk_create(campaigns, batch_size=500)
    by_slug = dict(
        Campaign.objects.filter(slug__in=[c.slug for c in campaigns]).values_list("slug", "pk")
    )
    Areas = Campaign.committees.through
    links, applications = [], []
    statuses = [Application.Status.NOT_SELECTED, Application.Status.IN_REVIEW]
    for campaign in campaigns:
        pk = by_slug[campaign.slug]
        links += [Areas(campaign_id=pk, committee_id=c.pk) for c in committees]
        for index in range(APPLICATIONS_PER_CAMPAIGN):
            applications.append(
                Application(
                    campaign_id=pk,
                    committee_id=committees[index % len(committees)].pk,
                    first_name=FIRST_NAMES[index % len(FIRST_NAMES)],
                    last_name="Hakijanen",
                    email=f"demo.hakija{index + 1}.{campaign.slug}@example.invalid",
                    district="Esimerkkikylä",
                    age_group=Application.AgeGroup.values[index % 4],
                    background="Kuvitteellinen hakija esittelyä varten.",
                    motivation="Haluan kehittää asuinaluettani (esittelyaineistoa).",
                    willing_to_be_deputy=index % 2 == 0,
                    status=statuses[index % 2],
                    submitted_at=_noon(campaign.opens_on + datetime.timedelta(days=index)),
                )
            )
    Areas.objects.bulk_create(links, batch_size=1000)
    Application.objects.bulk_create(applications, batch_size=1000)
    return len(campaigns), len(applications)


def _noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


# The earliest day an earlier term of the copies may start: far enough back for thousands of
# copies, well within what a date (and PostgreSQL) can hold.
EARLIEST_TERM_DAY = datetime.date(100, 1, 1)


def earlier_terms(before, count):
    """
    ``count`` periods (starts_on, ends_on), newest first, each ending the day before the next
    one starts and the first ending the day before ``before``. Calendar years of ``TERM_YEARS``
    while they fit after ``EARLIEST_TERM_DAY`` (×100 reaches back 400 years); for more copies
    (×1000 would reach year -1996) every period is shortened alike so that all of them fit.
    """
    ends_on = before - datetime.timedelta(days=1)
    if ends_on.year - count * TERM_YEARS >= EARLIEST_TERM_DAY.year:
        periods = []
        for _copy in range(count):
            starts_on = datetime.date(ends_on.year - TERM_YEARS + 1, 1, 1)
            periods.append((starts_on, ends_on))
            ends_on = starts_on - datetime.timedelta(days=1)
        return periods
    days = (ends_on - EARLIEST_TERM_DAY).days // count
    if days < 1:
        raise ScaleError(f"{count} earlier terms do not fit before {before:%-d.%-m.%Y}.")
    periods = []
    for _copy in range(count):
        starts_on = ends_on - datetime.timedelta(days=days - 1)
        periods.append((starts_on, ends_on))
        ends_on = starts_on - datetime.timedelta(days=1)
    return periods


def _scale_terms(copies, committees):
    """
    One earlier term per copy, each ``TERM_YEARS`` long and ending the day before the one
    after it, before every other term: terms must not overlap, so the copies reach back in
    time (before the committees began, so the committees' pages list only their real terms;
    open data and the term pages' lookups see them all).
    """
    first = Term.objects.order_by("starts_on").first()
    terms = []
    periods = earlier_terms(first.starts_on, len(copies))
    for k, (starts_on, ends_on) in zip(sorted(copies), periods, strict=True):
        terms.append(
            Term(
                name=f"{starts_on.year}–{ends_on.year} (demo)",
                slug=_term_slug(k),
                starts_on=starts_on,
                ends_on=ends_on,
                council_decision_on=starts_on - datetime.timedelta(days=19),
                is_demo=True,
            )
        )
    Term.objects.bulk_create(terms)
    terms = list(Term.objects.filter(slug__in=[t.slug for t in terms]))
    seats_per_roster = 2 * ROSTER_MEMBERS
    people = [
        Person(
            first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
            last_name=f"{LAST_NAMES[i % len(LAST_NAMES)]}-{i // len(LAST_NAMES) + 1}",
            is_demo=True,
        )
        for i in range(len(terms) * len(committees) * seats_per_roster)
    ]
    # PostgreSQL and SQLite ≥ 3.35 return the new rows' keys, which the seats refer to.
    people = Person.objects.bulk_create(people, batch_size=1000)
    seats = iter(people)
    roles = [Membership.Role.CHAIR, Membership.Role.VICE_CHAIR]
    members = []
    for term in terms:
        for committee in committees:
            members += [
                Membership(
                    committee=committee,
                    term=term,
                    person=next(seats),
                    kind=Membership.Kind.MEMBER,
                    role=roles[i] if i < len(roles) else Membership.Role.MEMBER,
                )
                for i in range(ROSTER_MEMBERS)
            ]
    members = Membership.objects.bulk_create(members, batch_size=1000)
    deputies = [
        Membership(
            committee=member.committee,
            term=member.term,
            person=next(seats),
            kind=Membership.Kind.DEPUTY,
            personal_deputy_of_id=member.pk,
        )
        for member in members
    ]
    Membership.objects.bulk_create(deputies, batch_size=1000)
    return len(terms), len(people), len(members) + len(deputies)
