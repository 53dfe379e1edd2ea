"""
The meeting's invitations in the admin: an action and a page of their own
(``<meeting>/kutsut/``) where staff send the invitations (once per person), send one again
on purpose, and see the expected attendance and whether a quorum is expected. Mixed into
``MeetingAdmin``; every write goes through ``committees.invitation_services``.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from committees import invitation_services
from committees.admin.meeting_pages import MeetingPageMixin
from committees.invitation_selectors import Seat, expected_attendance
from committees.models import Invitation


def expected_text(expected):
    """One line on the expected attendance and the quorum, for the change page and the list."""
    values = {
        "coming": expected.coming,
        "seats": expected.quorum.seats,
        "needed": expected.quorum.needed,
        "waiting": expected.waiting,
    }
    if expected.expected:
        text = gettext(
            "Quorum expected: %(coming)d of %(seats)d seats have answered that they will come "
            "(%(needed)d needed)."
        )
    else:
        text = gettext(
            "Quorum not expected yet: %(coming)d of %(seats)d seats have answered that they "
            "will come (%(needed)d needed)."
        )
    text %= values
    if expected.waiting:
        text += " " + (
            ngettext(
                "%(waiting)d seat has not answered.",
                "%(waiting)d seats have not answered.",
                expected.waiting,
            )
            % values
        )
    return text


class MeetingInvitationsMixin(MeetingPageMixin):
    """For ``MeetingAdmin``: the invitations' action, page and summary."""

    @admin.action(
        description=_("Send the invitations of the selected meetings"), permissions=["change"]
    )
    def send_invitations(self, request, queryset):
        for meeting in queryset.select_related("committee"):
            self._send(request, meeting)

    def _send(self, request, meeting):
        try:
            new, already, without_email = invitation_services.invitations_send(
                meeting=meeting, site_url=request.build_absolute_uri("/")
            )
        except ValidationError as error:
            self.message_user(request, f"{meeting}: {' '.join(error.messages)}", messages.ERROR)
            return
        self.message_user(
            request,
            gettext(
                "%(meeting)s: invitations queued for sending: %(new)d; invited earlier and "
                "not sent again: %(already)d."
            )
            % {"meeting": meeting, "new": len(new), "already": already},
        )
        if without_email:
            self.message_user(
                request,
                gettext("No e-mail address, not invited: %(names)s. Add the address on the person.")
                % {"names": ", ".join(str(m.person) for m in without_email)},
                messages.WARNING,
            )

    def get_urls(self):
        return [
            self.meeting_page_path("kutsut", "invitations", self.invitations_view),
            *super().get_urls(),
        ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append((_("Invitations"), {"fields": ["expected_attendance_state"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "expected_attendance_state"]

    @admin.display(description=_("expected attendance"))
    def expected_attendance_state(self, obj):
        if obj.pk is None:
            return "-"
        return expected_text(expected_attendance(obj))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["invitations_url"] = reverse(
                "admin:committees_meeting_invitations", args=[obj.pk]
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def invitations_view(self, request, pk):
        """
        Each member's seat with the answers of the member and of their deputy called up,
        the expected quorum, and the buttons to send (once per person) and to send again.
        """
        return self.meeting_page(
            request,
            pk,
            page="invitations",
            post=self._invitations_post,
            context=self._invitations_context,
        )

    def _invitations_context(self, meeting):
        expected = expected_attendance(meeting)
        return {
            "title": gettext("Invitations and expected attendance: %(meeting)s")
            % {"meeting": meeting},
            "expected": expected,
            "summary": expected_text(expected),
            "states": {
                Seat.COMING: gettext("will come"),
                Seat.NOT_COMING: gettext("cannot come"),
                Seat.WAITING: gettext("no answer yet"),
                Seat.NOT_INVITED: gettext("not invited"),
            },
        }

    def _invitations_post(self, request, meeting):
        task = request.POST.get("task")
        if task == "send":
            self._send(request, meeting)
        elif task == "resend":
            invitation = get_object_or_404(
                Invitation.objects.select_related("membership__person"),
                meeting=meeting,
                pk=request.POST.get("invitation"),
            )
            try:
                invitation_services.invitation_resend(
                    invitation=invitation, site_url=request.build_absolute_uri("/")
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext(
                        "The invitation of %(person)s is sent again; the links of the earlier "
                        "mail no longer work."
                    )
                    % {"person": invitation.membership.person},
                )
        else:
            self.message_user(request, gettext("Unknown action."), messages.ERROR)
