"""
The pages behind an invitation's "tulen" / "en pääse" links. Opening a link changes nothing:
a mail scanner that fetches it only sees the confirmation page, and the answer is recorded
by its button (a POST). The token moves from the address into the session at once, as with
the applicant's and the booker's links: it does not stay in the browser's history, access
logs or referrers.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from committees.invitation_mail import ANSWER_SLUGS
from committees.invitation_selectors import personal_deputy_on_the_day
from committees.invitation_services import answer_refusal, invitation_answer
from committees.invitation_tokens import EXPIRED, VALID, invitation_for_token
from committees.models import Invitation
from kouvola_alue.privatelinks import private

SESSION_KEY = "committees_invitation"
JUST_ANSWERED_KEY = "committees_invitation_answered"


def _link_problem(request, state):
    return private(
        render(
            request,
            "committees/invitation_link_problem.html",
            {"expired": state == EXPIRED},
            status=410 if state == EXPIRED else 404,
        )
    )


@never_cache
@require_safe
def invitation_link(request, token, answer):
    if answer not in ANSWER_SLUGS:
        return _link_problem(request, None)
    _, state = invitation_for_token(token)
    if state != VALID:
        return _link_problem(request, state)
    request.session[SESSION_KEY] = {"token": token, "answer": answer}
    return redirect("meetings:invitation_answer")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_answer_page(request):
    """What the link is for and one button that records the answer."""
    held = request.session.get(SESSION_KEY) or {}
    invitation, state = invitation_for_token(held.get("token", ""))
    answer = ANSWER_SLUGS.get(held.get("answer"))
    if state != VALID or answer is None:
        return _link_problem(request, state)
    if request.method == "POST":
        try:
            invitation_answer(
                invitation=invitation, answer=answer, site_url=request.build_absolute_uri("/")
            )
        except ValidationError:
            pass  # the page below says why, from the same judgement
        else:
            request.session[JUST_ANSWERED_KEY] = invitation.pk
        return redirect("meetings:invitation_answer")
    invitation.refresh_from_db()
    just_answered = request.session.pop(JUST_ANSWERED_KEY, None) == invitation.pk
    context = {
        "invitation": invitation,
        "meeting": invitation.meeting,
        "answer": answer,
        "answer_label": Invitation.Answer(answer).label,
        "just_answered": just_answered,
        "has_deputy": personal_deputy_on_the_day(invitation) is not None,
        "refusal": None if just_answered else answer_refusal(invitation, timezone.now()),
        "deputy_called": just_answered
        and invitation.answer == Invitation.Answer.NOT_COMING
        and invitation.stands_in_for_id is None
        and invitation.meeting.invitations.filter(
            stands_in_for_id=invitation.membership_id
        ).exists(),
    }
    return private(render(request, "committees/invitation_answer.html", context))
