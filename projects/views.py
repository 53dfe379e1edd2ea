from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_safe

from kouvola_alue.abuse import rate_limit_exceeded, search_limited
from kouvola_alue.charts import stacked_bars
from kouvola_alue.pagecache import number_value, public_page, slug_value, text_value
from projects import selectors, services
from projects.emails import MODERATION_WEEKS
from projects.forms import ProposalForm
from projects.models import Goal, ProjectIdea

# A person proposes a few ideas at a time; a flood comes from a script.
PROPOSAL_LIMIT = 5
PROPOSAL_PERIOD = 60 * 60


# The filters of /hankkeet/ (selectors.IdeaFilter); no other parameter varies the page.
IDEA_FILTERS = {
    "alue": slug_value,
    "tavoite": slug_value,
    "tila": slug_value,
    "vuosi": number_value,
    "q": text_value,
}


@require_safe
@search_limited
@public_page("ideas", "goals", params=IDEA_FILTERS)
def idea_list(request):
    listing = selectors.idea_listing(request.GET)
    return render(
        request,
        "projects/idea_list.html",
        {"listing": listing, "demo_content": listing.has_demo},
    )


@require_safe
# The meetings too: the page says where the idea was handled and what was decided.
@public_page("idea:{slug}", "goals", "meetings")
def idea_detail(request, slug):
    idea = selectors.published_idea(slug)
    return render(
        request, "projects/idea_detail.html", {"idea": idea, "demo_content": idea.is_demo}
    )


@require_safe
@public_page("ideas", "goals")
def goal_detail(request, slug):
    goal = get_object_or_404(Goal, slug=slug)
    ideas, total = selectors.ideas_serving(goal)
    return render(
        request,
        "projects/goal_detail.html",
        {
            "goal": goal,
            "ideas": ideas,
            "total": total,
            "demo_content": any(i.is_demo for i in ideas),
        },
    )


def ideas_per_goal_chart(goals):
    """The published ideas of each goal by status, from the counts already read."""
    return stacked_bars(
        chart_id="ideas-per-goal-chart",
        title=_("Project ideas per goal and status"),
        description=_(
            "Horizontal bars, one per goal in the order of the list, each divided into the "
            "statuses of its published ideas (colours and patterns as in the legend) and "
            "labelled with the number of ideas serving the goal. An idea serving several goals "
            "counts under each. The same numbers are in the table below the chart."
        ),
        rows=[
            (f"{goal.number}. {capfirst(goal.display_title)}", goal.status_counts) for goal in goals
        ],
        series=[(value, capfirst(label)) for value, label in ProjectIdea.Status.choices],
        row_label=_("Goal"),
        total_label=_("Ideas in all"),
    )


@require_safe
@public_page("ideas", "goals")
def goal_list(request):
    goals = selectors.goals_with_idea_counts()
    return render(
        request,
        "projects/goal_list.html",
        {"goals": goals, "ideas_chart": ideas_per_goal_chart(goals)},
    )


# The proposer's name and e-mail stay out of error reports (personal data never in logs).
@sensitive_variables()
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def propose(request):
    if request.method == "POST":
        form = ProposalForm(request.POST)
        # Only a proposal that would be stored counts: mistakes corrected on the form do not.
        if form.is_valid() and rate_limit_exceeded(
            request, "idea-proposal", limit=PROPOSAL_LIMIT, period=PROPOSAL_PERIOD
        ):
            # The answers stay on the form, with the reason on top.
            form.add_error(
                None,
                _(
                    "Too many proposals have been sent from your address. Please try again in "
                    "an hour."
                ),
            )
            return render(request, "projects/propose.html", {"form": form}, status=429)
        if form.is_valid() and not form.use_stamp():
            # The same post sent twice: the answers stay, with a fresh stamp to send them again.
            return render(request, "projects/propose.html", {"form": form}, status=409)
        if form.is_valid():
            data = form.cleaned_data
            services.idea_propose(
                title=data["title"],
                summary=data["summary"],
                description=data["description"],
                committees=list(data["committees"]),
                goals=list(data["goals"]),
                proposer_name=data["proposer_name"],
                proposer_email=data["proposer_email"],
                notify_proposer=data["notify_proposer"],
                language=get_language(),
                site_url=request.build_absolute_uri("/"),
            )
            return redirect("projects:thanks")
    else:
        form = ProposalForm()
    return render(request, "projects/propose.html", {"form": form})


@require_safe
@public_page()
def thanks(request):
    return render(request, "projects/thanks.html", {"weeks": MODERATION_WEEKS})
