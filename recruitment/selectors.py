"""Reads of recruitment campaigns and their numbers, shared by the public pages."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import (
    Count,
    F,
    Func,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Committee
from recruitment.models import (
    Application,
    Campaign,
    CampaignState,
    RecordedCount,
)


@dataclass
class AreaCount:
    label: str
    count: int
    # The committees the count is for: one, or all of a campaign recorded only as a total.
    committee_slugs: list = field(default_factory=list)


@dataclass
class CampaignNumbers:
    """How many applied in a campaign, per area; only counts, never who."""

    campaign: Campaign
    rows: list
    total: int
    # Recorded before the portal only as one number for all its committees together.
    combined: bool = False


def _prefetch(campaigns):
    """Each campaign's committees, and for those run before the portal their recorded counts."""
    prefetch_related_objects(
        campaigns, Prefetch("committees", queryset=Committee.objects.order_by("order", "name"))
    )
    prefetch_related_objects(
        [c for c in campaigns if c.is_recorded],
        Prefetch(
            "recorded_counts",
            queryset=RecordedCount.objects.select_related("committee").order_by("committee__order"),
        ),
    )


def _numbers(campaign, *, committees, recorded, counted):
    """The rows of one campaign from its committees, recorded counts and counted applications."""
    if not campaign.is_recorded:
        rows = [
            AreaCount(c.display_area_name, counted.get((campaign.pk, c.pk), 0), [c.slug])
            for c in committees
        ]
        return CampaignNumbers(campaign, rows, sum(r.count for r in rows))
    if recorded:
        rows = [
            AreaCount(r.committee.display_area_name, r.applicants, [r.committee.slug])
            for r in recorded
        ]
        return CampaignNumbers(campaign, rows, campaign.recorded_total)
    areas = ", ".join(c.display_area_name for c in committees) or _("all areas")
    return CampaignNumbers(
        campaign,
        [AreaCount(areas, campaign.recorded_total, [c.slug for c in committees])],
        campaign.recorded_total,
        True,
    )


def _counted(campaign_ids):
    """Applications per (campaign, committee), all but withdrawn ones, in one query."""
    if not campaign_ids:
        return {}
    rows = (
        Application.objects.counted()
        .filter(campaign__in=campaign_ids)
        .values_list("campaign", "committee")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {(campaign, committee): count for campaign, committee, count in rows}


def campaign_numbers(campaigns):
    """
    The numbers per area of each of ``campaigns`` (a queryset or a list): recorded ones for
    campaigns run before the portal, counted applications (all but withdrawn ones) for the
    others. A fixed number of queries, however many campaigns and applications there are.
    """
    if isinstance(campaigns, QuerySet):
        campaigns = campaigns.select_related("term")
    campaigns = list(campaigns)
    _prefetch(campaigns)
    counted = _counted([c.pk for c in campaigns if not c.is_recorded])
    return [
        _numbers(
            campaign,
            committees=campaign.committees.all(),
            recorded=list(campaign.recorded_counts.all()) if campaign.is_recorded else [],
            counted=counted,
        )
        for campaign in campaigns
    ]


def numbers_of(campaign):
    """The numbers of one campaign."""
    (numbers,) = campaign_numbers([campaign])
    return numbers


# How many closed campaigns /jasenhaku/ shows with their numbers; older ones are listed by name
# and period only (their numbers are on their own pages), OLDER_PER_PAGE at a time, so the page
# stays the same size however many campaigns the city has held.
RECENT_CLOSED = 6
OLDER_PER_PAGE = 20


@dataclass
class CampaignOverview:
    open: list
    upcoming: list
    closed: list
    older: object = field(default_factory=list)
    """Closed campaigns beyond the recent ones: a page of Campaign objects, without numbers."""

    @property
    def has_demo(self):
        shown = [n.campaign for n in self.open + self.upcoming + self.closed] + list(self.older)
        return any(c.is_demo for c in shown)


def _campaigns_shown(today, newest_closed, *, count_closed=False):
    """
    The campaigns not closed on ``today`` by their dates (a campaign with dates is either
    both or neither) and the ``newest_closed`` newest closed ones, newest first, in one
    query (a queryset); with ``count_closed`` each carries ``closed_count``, the number of
    closed campaigns. Also the closed campaigns' queryset.
    """
    not_closed = Campaign.objects.not_closed_on(today).values("pk")
    closed = Campaign.objects.exclude(pk__in=not_closed)
    newest = closed.newest_first().values("pk")[:newest_closed]
    shown = Campaign.objects.filter(Q(pk__in=not_closed) | Q(pk__in=newest)).newest_first()
    if count_closed:
        count = closed.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
        shown = shown.annotate(closed_count=Subquery(count))
    return shown, closed


def campaign_overview(*, recent_closed=RECENT_CLOSED, older_page=1):
    """
    Open and upcoming campaigns and the ``recent_closed`` newest closed ones with their numbers,
    and page ``older_page`` of the older closed ones, newest first (``OLDER_PER_PAGE`` a page).
    A fixed number of queries, each reading only the campaigns the page shows.
    """
    today = timezone.localdate()
    shown, closed = _campaigns_shown(today, recent_closed, count_closed=True)
    shown = list(shown.select_related("term"))
    # Each campaign's state judged once, on one day.
    state = {c.pk: c.state_on(today) for c in shown}
    current = [c for c in shown if state[c.pk] != CampaignState.CLOSED]
    recent = [c for c in shown if state[c.pk] == CampaignState.CLOSED]
    older = closed.newest_first().only(
        "title", "title_en", "slug", "year", "opens_on", "closes_on", "is_demo"
    )
    # The pages of the older ones count them with the campaigns shown: no query of their own.
    pages = Paginator(older[recent_closed:], OLDER_PER_PAGE)
    pages.count = max(0, (shown[0].closed_count if shown else 0) - recent_closed)
    numbers = campaign_numbers(current + recent)
    return CampaignOverview(
        open=[n for n in numbers if state[n.campaign.pk] == CampaignState.OPEN],
        upcoming=[n for n in numbers if state[n.campaign.pk] == CampaignState.UPCOMING],
        closed=numbers[len(current) :],
        older=pages.get_page(older_page),
    )


def open_campaigns(committee=None):
    """Campaigns taking applications today, to ``committee`` if given; soonest closing first."""
    today = timezone.localdate()
    campaigns = Campaign.objects.not_closed_on(today)
    if committee is not None:
        campaigns = campaigns.filter(committees=committee)
    # One query; ``is_open_on`` is the one definition of open.
    return sorted((c for c in campaigns if c.is_open_on(today)), key=lambda c: (c.closes_on, c.pk))


# How many closed campaigns the home page names as its history (2021, 2019, 2018 at first);
# the recruitment page has them all.
HOME_HISTORY = 3


@dataclass
class HomeRecruitment:
    open: list
    latest: CampaignNumbers | None
    upcoming: list = field(default_factory=list)
    history: list = field(default_factory=list)
    """The numbers of the newest closed campaigns, newest first; ``latest`` is the first."""

    @property
    def council_has_chosen(self):
        """Whether the council meeting that chooses the latest campaign's members is past."""
        day = self.latest and self.latest.campaign.council_meeting_on
        return bool(day and day <= timezone.localdate())


def home_recruitment(*, history=HOME_HISTORY):
    """
    For the home page: the news (campaigns open today or coming, else the one that closed
    last) and the history (the numbers of the ``history`` newest closed ones). Four queries:
    the campaigns the page shows (those not closed by their dates and the ``history``
    newest closed ones, judged by ``state_on``), then their numbers.
    """
    # Each campaign's state judged once, on one day: not three properties asking the clock.
    today = timezone.localdate()
    shown, _ = _campaigns_shown(today, history)
    by_state = {state: [] for state in CampaignState}
    for campaign in shown:
        by_state[campaign.state_on(today)].append(campaign)
    closed = campaign_numbers(by_state[CampaignState.CLOSED][:history])
    return HomeRecruitment(
        open=sorted(by_state[CampaignState.OPEN], key=lambda c: (c.closes_on, c.pk)),
        latest=closed[0] if closed else None,
        upcoming=sorted(by_state[CampaignState.UPCOMING], key=lambda c: (c.opens_on, c.pk)),
        history=closed,
    )


def _helsinki(moment):
    """A stored time as ISO 8601 in Helsinki time, as the export's own ``exported_at``."""
    return timezone.localtime(moment).isoformat() if moment else None


def application_personal_data(application):
    """
    Everything stored about the applicant of ``application`` (right of access): their
    applications in every campaign, matched by e-mail address, and the seats they were
    selected to.
    """
    applications = Application.objects.select_related(
        "campaign", "committee", "membership__term", "membership__committee"
    ).order_by("submitted_at")
    if application.email:
        applications = applications.filter(email__iexact=application.email)
    else:
        applications = applications.filter(pk=application.pk)
    return [
        {
            "campaign": a.campaign.title,
            "committee": a.committee.name,
            "submitted_at": _helsinki(a.submitted_at),
            **{name: a.personal_value(name, for_people=False) for name in a.PERSONAL_FIELDS},
            "status": a.get_status_display(),
            "status_changed_at": _helsinki(a.status_changed_at),
            "staff_notes": a.staff_notes,
            "language": a.language,
            "personal_data_removed_at": _helsinki(a.personal_data_removed_at),
            "membership": (
                {
                    "committee": a.membership.committee.name,
                    "term": a.membership.term.name,
                    "kind": a.membership.get_kind_display(),
                    "role": a.membership.get_role_display(),
                    "starts_on": (
                        a.membership.starts_on.isoformat() if a.membership.starts_on else None
                    ),
                    "ends_on": a.membership.ends_on.isoformat() if a.membership.ends_on else None,
                }
                if a.membership
                else None
            ),
        }
        for a in applications
    ]
