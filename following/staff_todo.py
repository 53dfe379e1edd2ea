"""
What the staff need to do about rosters, terms and meetings: the one definition of the rules,
read by the admin's start page (counts, ``portal/admin_index.py``) and by
``manage.py send_staff_reminders`` (each point mailed once to each clerk).

Each rule yields ``Point``s with a key that stays the same for as long as the point does,
so that a point is reminded of once, not every day.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from committees.invitation_selectors import (
    declines_without_deputy,
    expected_attendance,
    meetings_soon,
)
from committees.models import Committee, Meeting, Membership, Term
from committees.selectors import term_situation
from following.models import DIGEST_MAIL, NOTICE_MAIL, Delivery, Event
from kouvola_alue.mailqueue.models import Mail
from kouvola_alue.singleline import one_line
from recruitment.models import Campaign

TERM_ENDING_DAYS = 183  # six months
MEMBERSHIP_ENDING_DAYS = 60
MINUTES_DUE_DAYS = 14
# Older meetings without minutes are history, not a task any more.
MINUTES_LOOKBACK_DAYS = 365
# A follower's mail that failed is news to staff for a month.
FAILED_DELIVERY_DAYS = 30
# How long before a meeting its expected quorum is checked.
QUORUM_WARNING_DAYS = 3


@dataclass
class Point:
    key: str
    text: str


@dataclass
class Section:
    kind: str
    permission: str
    url: str
    points: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.points)

    @property
    def label(self):
        return LABELS[self.kind](self.count)


LABELS = {
    "terms": lambda n: ngettext(
        "term ending within six months with no recruitment planned",
        "terms ending within six months with no recruitment planned",
        n,
    ),
    "rosters": lambda n: ngettext(
        "roster below the minimum of members or with more deputies than members",
        "rosters below the minimum of members or with more deputies than members",
        n,
    ),
    "memberships": lambda n: (
        ngettext(
            "membership ending within %(days)d days",
            "memberships ending within %(days)d days",
            n,
        )
        % {"days": MEMBERSHIP_ENDING_DAYS}
    ),
    "minutes": lambda n: ngettext(
        "meeting without published minutes two weeks after",
        "meetings without published minutes two weeks after",
        n,
    ),
    "deliveries": lambda n: ngettext(
        "piece of news that could not be mailed to every follower",
        "pieces of news that could not be mailed to every follower",
        n,
    ),
    "mails": lambda n: ngettext(
        "mail that could not be sent",
        "mails that could not be sent",
        n,
    ),
    "quorum": lambda n: ngettext(
        "meeting within three days without an expected quorum",
        "meetings within three days without an expected quorum",
        n,
    ),
    "deputies": lambda n: ngettext(
        "member who cannot come and has no personal deputy to invite",
        "members who cannot come and have no personal deputy to invite",
        n,
    ),
}


def terms_ending_unplanned(today):
    """Terms ending within six months for which no campaign recruits a later term."""
    ending = Term.objects.filter(
        ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=TERM_ENDING_DAYS)
    ).order_by("ends_on")
    return [
        Point(
            f"term-ending:{term.pk}",
            _("The term %(term)s ends on %(date)s and no recruitment is planned for the next.")
            % {"term": term.name, "date": date_format(term.ends_on)},
        )
        for term in ending
        if not Campaign.objects.filter(term__starts_on__gt=term.starts_on).exists()
    ]


def rosters_out_of_line(term):
    """Current rosters below the term's minimum of members, or with more deputies than members."""
    if term is None:
        return []
    counts = {
        (row["committee_id"], row["kind"]): row["n"]
        for row in Membership.objects.filter(term=term)
        .seated()
        .values("committee_id", "kind")
        .annotate(n=Count("pk"))
    }
    points = []
    for committee in Committee.objects.order_by("order", "name"):
        members = counts.get((committee.pk, Membership.Kind.MEMBER), 0)
        deputies = counts.get((committee.pk, Membership.Kind.DEPUTY), 0)
        values = {
            "committee": committee.name,
            "term": term.name,
            "members": members,
            "deputies": deputies,
            "min": term.min_members,
        }
        if members < term.min_members:
            points.append(
                Point(
                    f"roster-short:{committee.pk}:{term.pk}",
                    _("%(committee)s has %(members)d members in %(term)s, fewer than %(min)d.")
                    % values,
                )
            )
        if deputies > members:
            points.append(
                Point(
                    f"roster-deputies:{committee.pk}:{term.pk}",
                    _(
                        "%(committee)s has %(deputies)d deputy members but only %(members)d "
                        "members in %(term)s."
                    )
                    % values,
                )
            )
    return points


def memberships_ending(today):
    """Seats with an end date (a resignation) within the coming 60 days."""
    ending = (
        Membership.objects.filter(
            ends_on__gte=today,
            ends_on__lte=today + datetime.timedelta(days=MEMBERSHIP_ENDING_DAYS),
        )
        .select_related("person", "committee")
        .order_by("ends_on", "pk")
    )
    return [
        Point(
            f"membership-ending:{m.pk}:{m.ends_on.isoformat()}",
            _("The seat of %(person)s in %(committee)s ends on %(date)s.")
            % {"person": m.person, "committee": m.committee.name, "date": date_format(m.ends_on)},
        )
        for m in ending
    ]


def meetings_without_minutes(now):
    """Meetings held two weeks ago or earlier (in the last year) whose minutes are not public."""
    missing = Q(is_published=False) | (
        Q(minutes="") & Q(minutes_pdf="") & Q(minutes_published_at__isnull=True)
    )
    meetings = (
        Meeting.objects.filter(
            missing,
            is_cancelled=False,
            ends_at__lte=now - datetime.timedelta(days=MINUTES_DUE_DAYS),
            ends_at__gte=now - datetime.timedelta(days=MINUTES_LOOKBACK_DAYS),
        )
        .select_related("committee")
        .order_by("starts_at", "pk")
    )
    return [
        Point(
            f"minutes-missing:{meeting.pk}",
            _("%(meeting)s on %(date)s has no published minutes.")
            % {
                "meeting": meeting.display_title,
                "date": date_format(timezone.localtime(meeting.starts_at).date()),
            },
        )
        for meeting in meetings
    ]


def deliveries_failed(now):
    """News of the last 30 days whose mail to some follower failed after every retry."""
    failed = Counter(
        Delivery.objects.failed()
        .filter(event__created_at__gte=now - datetime.timedelta(days=FAILED_DELIVERY_DAYS))
        .values_list("event_id", flat=True)
    )
    events = Event.objects.filter(pk__in=failed).select_related("committee")
    return [
        Point(
            f"deliveries-failed:{event.pk}",
            ngettext(
                "%(news)s of %(committee)s could not be mailed to %(count)d follower.",
                "%(news)s of %(committee)s could not be mailed to %(count)d followers.",
                failed[event.pk],
            )
            % {"news": event.key, "committee": event.committee.name, "count": failed[event.pk]},
        )
        for event in events.order_by("created_at", "pk")
    ]


def mails_failed(now):
    """
    Mails of the last 30 days (a confirmation, an invitation, a booking's answer…) that
    failed after every retry, each named by its kind and its object's number, never by whom.
    The followers' news are counted by news instead (``deliveries_failed``).
    """
    failed = (
        Mail.objects.filter(
            state=Mail.State.FAILED,
            created_at__gte=now - datetime.timedelta(days=FAILED_DELIVERY_DAYS),
        )
        .exclude(kind__in=[NOTICE_MAIL, DIGEST_MAIL])
        .order_by("created_at", "pk")
    )
    return [
        Point(
            f"mail-failed:{mail.pk}",
            _("The mail %(kind)s about number %(number)d could not be sent.")
            % {"kind": mail.kind, "number": mail.object_id},
        )
        for mail in failed
    ]


def quorum_at_risk(now):
    """
    Meetings within three days for which fewer members (or their deputies called up) have
    answered "tulen" than the committee's quorum needs: the invitations' answers counted
    by the one rule (``committees.quorum``).
    """
    points = []
    for meeting in meetings_soon(now, now + datetime.timedelta(days=QUORUM_WARNING_DAYS)):
        expected = expected_attendance(meeting)
        if expected.expected:
            continue
        points.append(
            Point(
                f"quorum-at-risk:{meeting.pk}",
                _(
                    "%(meeting)s on %(date)s: only %(coming)d of %(seats)d seats will come by "
                    "the answers, %(needed)d needed for a quorum."
                )
                % {
                    "meeting": meeting.display_title,
                    "date": date_format(timezone.localtime(meeting.starts_at).date()),
                    "coming": expected.coming,
                    "seats": expected.quorum.seats,
                    "needed": expected.quorum.needed,
                },
            )
        )
    return points


def members_without_deputy(now):
    """Members who answered "en pääse" to an upcoming meeting and whose deputy was not invited."""
    return [
        Point(
            f"no-deputy:{invitation.pk}",
            _(
                "%(person)s cannot come to %(meeting)s on %(date)s and has no personal deputy "
                "who could be invited (none, or no e-mail address)."
            )
            % {
                "person": invitation.membership.person,
                "meeting": invitation.meeting.display_title,
                "date": date_format(timezone.localtime(invitation.meeting.starts_at).date()),
            },
        )
        for invitation in declines_without_deputy(now)
    ]


def staff_todo(now=None):
    """Every section of the staff's to-do list, in the active language."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return [
        Section(
            "terms",
            "recruitment.add_campaign",
            reverse("admin:committees_term_changelist"),
            terms_ending_unplanned(today),
        ),
        Section(
            "rosters",
            "committees.change_committee",
            reverse("admin:committees_committee_changelist"),
            rosters_out_of_line(term_situation().current),
        ),
        Section(
            "memberships",
            "committees.change_membership",
            reverse("admin:committees_membership_changelist"),
            memberships_ending(today),
        ),
        Section(
            "minutes",
            "committees.change_meeting",
            reverse("admin:committees_meeting_changelist") + "?aika=pidetyt",
            meetings_without_minutes(now),
        ),
        Section(
            "deliveries",
            "following.view_delivery",
            reverse("admin:following_delivery_changelist") + f"?state={Mail.State.FAILED}",
            deliveries_failed(now),
        ),
        Section(
            "mails",
            "mailqueue.view_mail",
            reverse("admin:mailqueue_mail_changelist") + f"?state__exact={Mail.State.FAILED}",
            mails_failed(now),
        ),
        Section(
            "quorum",
            "committees.change_meeting",
            reverse("admin:committees_meeting_changelist") + "?aika=tulevat",
            quorum_at_risk(now),
        ),
        Section(
            "deputies",
            "committees.change_meeting",
            reverse("admin:committees_meeting_changelist") + "?aika=tulevat",
            members_without_deputy(now),
        ),
    ]


def reminder_message(user, texts):
    """A clerk's mail of new points to do, in Finnish as the admin is."""
    with override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "Area committees: %(count)d new thing to do",
            "Area committees: %(count)d new things to do",
            len(texts),
        ) % {"count": len(texts)}
        items = "\n".join(f"- {text}" for text in texts)
        body = _(
            "Hello,\n\nthese need doing in the area committees' admin:\n\n%(items)s\n\n"
            "The admin's start page lists everything that needs doing:\n%(url)s\n\n"
            "Each point is sent to you once.\n"
        ) % {"items": items, "url": urljoin(settings.SITE_URL, reverse("admin:index"))}
    return EmailMessage(
        one_line(subject),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
