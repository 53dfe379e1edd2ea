"""
What a subscriber is told of each kind of event: read from the domain apps when the mail is
built, so that only what is public at that moment is told (a meeting unpublished meanwhile,
or an idea taken back to moderation, is left out). A new kind (bookings' space events) adds
one function to ``DESCRIBE``.
"""

from dataclasses import dataclass
from urllib.parse import urljoin

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from committees.events import meeting_published, minutes_published
from committees.models import Meeting
from projects.events import idea_published, idea_status_changed
from projects.models import ProjectIdea, StatusChange
from recruitment.events import campaign_opened
from recruitment.models import Campaign


@dataclass
class Notice:
    title: str
    lines: list
    url: str


def _when(meeting):
    return date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")


def _meeting(event, site_url):
    meeting = Meeting.objects.published().with_place().filter(pk=event.object_id).first()
    if meeting is None:
        return None
    if event.kind == minutes_published.kind:
        title = _("Minutes published: %(title)s") % {"title": meeting.display_title}
    else:
        title = _("New meeting: %(title)s") % {"title": meeting.display_title}
    lines = [_when(meeting)]
    if meeting.place:
        lines.append(meeting.place)
    if meeting.is_cancelled:
        lines.append(_("The meeting is cancelled."))
    if event.kind == minutes_published.kind and meeting.minutes_published:
        lines += _decisions(meeting)
    return Notice(title, lines, urljoin(site_url, meeting.get_absolute_url()))


def _decisions(meeting):
    """The titles of the items decided, the standard opening items left out: what was decided."""
    decided = meeting.items.filter(standard="").exclude(decision="").order_by("number")
    titles = [f"§ {item.number} {item.display_title}" for item in decided]
    return [_("Decisions:"), *titles] if titles else []


def _idea(event, site_url):
    idea = ProjectIdea.objects.published().filter(pk=event.object_id).first()
    if idea is None:
        return None
    if event.kind == idea_status_changed.kind:
        change = StatusChange.objects.filter(pk=event.key.rsplit(":", 1)[-1]).first()
        status = change.get_status_display() if change else idea.get_status_display()
        title = _("Project idea “%(title)s” is now: %(status)s") % {
            "title": idea.display_title,
            "status": status,
        }
    else:
        title = _("New project idea: %(title)s") % {"title": idea.display_title}
    return Notice(title, [idea.display_summary], urljoin(site_url, idea.get_absolute_url()))


def _campaign(event, site_url):
    campaign = Campaign.objects.filter(pk=event.object_id).first()
    if campaign is None or not campaign.is_open:
        return None
    title = _("Recruitment of members is open: %(title)s") % {"title": campaign.display_title}
    lines = [
        _("Applications are taken %(opens)s–%(closes)s.")
        % {"opens": date_format(campaign.opens_on), "closes": date_format(campaign.closes_on)}
    ]
    return Notice(title, lines, urljoin(site_url, campaign.get_absolute_url()))


DESCRIBE = {
    meeting_published.kind: _meeting,
    minutes_published.kind: _meeting,
    idea_published.kind: _idea,
    idea_status_changed.kind: _idea,
    campaign_opened.kind: _campaign,
}


def describe(event, site_url):
    """The ``Notice`` of ``event`` in the active language, or None if it is no longer public."""
    describer = DESCRIBE.get(event.kind)
    return describer(event, site_url) if describer else None
