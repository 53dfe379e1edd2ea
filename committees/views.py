from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from committees.models import Committee
from committees.models.terms import current_term_of
from committees.selectors import (
    committees_with_current_counts,
    roster_for,
    term_situation,
    terms_of,
)
from kouvola_alue.pagecache import public_page


@require_safe
@public_page("committees", clock=True)
def committee_index(request):
    situation = term_situation()
    context = {
        "committees": committees_with_current_counts(situation.current),
        "situation": situation,
        "demo_content": bool(situation.current and situation.current.is_demo),
    }
    return render(request, "committees/committee_list.html", context)


@require_safe
@public_page("committee:{slug}", clock=True)
def committee_term(request, slug, term):
    committee = get_object_or_404(Committee, slug=slug)
    terms = list(terms_of(committee))
    selected = next((t for t in terms if t.slug == term), None)
    if selected is None:
        return render(
            request, "committees/term_not_found.html", {"committee": committee}, status=404
        )
    roster = roster_for(committee, selected)
    # The committee's terms include every term since it began, so the current one too.
    current = current_term_of(terms, timezone.localdate())
    return render(
        request,
        "committees/committee_term.html",
        {
            "committee": committee,
            "term": selected,
            "is_current": selected == current,
            "roster": roster,
            "demo_content": selected.is_demo or roster.has_demo_people,
            "other_terms": [t for t in terms if t != selected],
        },
    )
