"""
The site layer's pages: those that gather every domain app's content (the home page, a
committee's page with its ideas and campaigns) and the staff-written pages.
"""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from committees.meeting_selectors import past_meetings, spaces_of, upcoming_meetings
from committees.models import Membership
from committees.selectors import (
    committee_list,
    committees_with_current_counts,
    roster_for,
    term_situation,
)
from kouvola_alue import personal_data
from kouvola_alue.pagecache import public_page
from portal.models import PageSection
from projects.models import Goal
from projects.selectors import ideas_of_committee, latest_ideas
from recruitment.selectors import home_recruitment, open_campaigns

# The home page shows the committees, goals, sections, ideas, meetings and campaigns; what is
# "next" and "open" moves with the clock.
HOME_SCOPES = ("committees", "goals", "sections", "ideas", "meetings", "campaigns")


@require_safe
@public_page(*HOME_SCOPES, clock=True)
def home(request):
    situation = term_situation()
    ideas = list(latest_ideas())
    meetings = list(upcoming_meetings(limit=5))
    recruitment = home_recruitment()
    context = {
        "sections": PageSection.objects.filter(page=PageSection.Page.HOME),
        "committees": committees_with_current_counts(situation.current),
        "goals": Goal.objects.all(),
        "latest_ideas": ideas,
        "next_meetings": meetings,
        "situation": situation,
        "demo_content": bool(situation.current and situation.current.is_demo)
        or any(item.is_demo for item in [*ideas, *meetings]),
        "open_campaigns": recruitment.open,
        "latest_recruitment": recruitment.latest,
        "recruitment": recruitment,
    }
    return render(request, "portal/home.html", context)


@dataclass
class CommitteeSummary:
    """What a visitor wants first on a committee's page, before any scrolling."""

    chair: object
    next_meeting: object
    member_count: int
    deputy_count: int
    contact_email: str


def committee_summary(committee, roster, next_meetings):
    """Built from what the page has already read: no query of its own."""
    members = [row.member for row in roster.members] if roster else []
    deputies = [d for row in roster.members for d in row.personal_deputies] if roster else []
    if roster:
        deputies += roster.deputies_without_member
    chair = next((m.person for m in members if m.role == Membership.Role.CHAIR), None)
    return CommitteeSummary(
        chair=chair,
        next_meeting=next((m for m in next_meetings if not m.is_cancelled), None),
        member_count=len(members),
        deputy_count=len(deputies),
        contact_email=committee.contact_email,
    )


@require_safe
@public_page("committee:{slug}", "campaigns", clock=True)
def committee_detail(request, slug):
    # The five committees, for "other area committees", and this one among them: one query.
    committees = list(committee_list())
    committee = next((c for c in committees if c.slug == slug), None)
    if committee is None:
        raise Http404
    situation, terms = term_situation(committee=committee)
    current = situation.current
    roster = roster_for(committee, current) if current else None
    next_meetings = list(upcoming_meetings(committee=committee, limit=5))
    earlier_meetings = list(past_meetings(committee=committee, limit=5))
    spaces = list(spaces_of(committee))
    ideas = list(ideas_of_committee(committee))
    context = {
        "committee": committee,
        "situation": situation,
        "roster": roster,
        "demo_content": bool(roster and (current.is_demo or roster.has_demo_people))
        or any(item.is_demo for item in [*next_meetings, *earlier_meetings, *spaces, *ideas]),
        "next_meetings": next_meetings,
        "past_meetings": earlier_meetings,
        "spaces": spaces,
        "earlier_terms": [t for t in terms if t.has_ended],
        "committees": committees,
        "open_campaigns": open_campaigns(committee),
        "committee_ideas": ideas,
        "summary": committee_summary(committee, roster, next_meetings),
    }
    return render(request, "portal/committee_detail.html", context)


@require_safe
@public_page("sections")
def page(request, page):
    sections = list(PageSection.objects.filter(page=page))
    return render(
        request,
        "portal/page.html",
        {
            "sections": sections,
            "page_title": PageSection.Page(page).label,
            # The statement's "last updated" (Act 306/2019): the latest edit of any section.
            "updated_at": max((s.updated_at for s in sections), default=None),
            # The periods the purge keeps to, from the same declarations it reads.
            "retention": (
                [
                    {
                        "kept": d.kept,
                        "period": personal_data.period_text(d.retention_period()),
                        "counted_from": d.counted_from,
                    }
                    for d in personal_data.declared()
                ]
                if page == PageSection.Page.PRIVACY
                else []
            ),
        },
    )
