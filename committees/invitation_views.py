"""
The pages behind an invitation's "tulen" / "en pääse" links, a ``PrivateLink``
(``committees.invitation_tokens``) as every private link is: the token moves from the address
into the session at once, the answer goes on to the page's address
(``/kokoukset/kutsu/vastaus/tulen/``), and the session's end, "Leave" and the invalid-link page
are the link's. Opening a link changes nothing: a mail scanner that fetches it only sees the
confirmation page, and the answer is recorded by its button (a POST), the one on the page the
person pressed, whichever link they opened last.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from committees.invitation_selectors import personal_deputy_on_the_day
from committees.invitation_services import answer_refusal, invitation_answer
from committees.invitation_tokens import ANSWER_SLUGS, INVITATION_LINK
from committees.models import Invitation

JUST_ANSWERED_KEY = "committees_invitation_answered"

invitation_link = INVITATION_LINK.open_view("meetings:invitation_answer")
invitation_leave = INVITATION_LINK.leave_view()


@require_http_methods(["GET", "HEAD", "POST"])
@INVITATION_LINK.page
def invitation_answer_page(request, invitation, answer):
    """What the link is for and one button that records the answer."""
    if request.method == "POST":
        try:
            invitation_answer(
                invitation=invitation,
                answer=ANSWER_SLUGS[answer],
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError:
            pass  # the page below says why, from the same judgement
        else:
            request.session[JUST_ANSWERED_KEY] = invitation.pk
        return redirect("meetings:invitation_answer", answer=answer)
    just_answered = request.session.pop(JUST_ANSWERED_KEY, None) == invitation.pk
    context = {
        "invitation": invitation,
        "meeting": invitation.meeting,
        "answer": ANSWER_SLUGS[answer],
        "answer_label": ANSWER_SLUGS[answer].label,
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
    return render(request, "committees/invitation_answer.html", context)
