from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_safe

from kouvola_alue.abuse import search_limited
from kouvola_alue.charts import stacked_bars
from kouvola_alue.pagecache import number_value, public_page, slug_value, text_value
from kouvola_alue.publicforms import PublicFormView
from projects import selectors, services
from projects.emails import MODERATION_WEEKS
from projects.forms import ProposalForm
from projects.models import Goal, ProjectIdea

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


class Propose(PublicFormView):
    form_class = ProposalForm
    template_name = "projects/propose.html"
    success_url = reverse_lazy("projects:thanks")

    @sensitive_variables()
    def submit(self, form):
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
            site_url=self.request.build_absolute_uri("/"),
        )


propose = Propose.as_view()


@require_safe
@public_page()
def thanks(request):
    return render(request, "projects/thanks.html", {"weeks": MODERATION_WEEKS})
