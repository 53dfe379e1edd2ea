import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models.meetings import Meeting
from committees.models.memberships import Membership


class Invitation(models.Model):
    """
    One person's invitation to a meeting, with their answer: a member's, or their personal
    deputy's when the member answered that they cannot come (``stands_in_for``). Written
    only through ``committees.invitation_services``. The expected attendance, not the
    recorded one (``Attendance``).
    """

    class Answer(models.TextChoices):
        NONE = "", _("no answer yet")
        COMING = "coming", _("will come")
        NOT_COMING = "not_coming", _("cannot come")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("meeting")
    )
    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("member or deputy"),
    )
    stands_in_for = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deputy_invitations",
        verbose_name=_("called up for"),
        help_text=_("For a personal deputy called up: the member who cannot come."),
    )
    # In the signed links only; a new key (an explicit re-send) ends the earlier links.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, blank=True, default=Answer.NONE
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    queued_at = models.DateTimeField(_("queued for sending"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="invitation_once_per_person"
            ),
            models.UniqueConstraint(
                fields=["meeting", "stands_in_for"],
                condition=Q(stands_in_for__isnull=False),
                name="invitation_one_call_up_per_seat",
            ),
            models.CheckConstraint(
                condition=Q(answer="") | Q(answered_at__isnull=False),
                name="invitation_answer_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.membership.person} – {self.meeting}"

    @property
    def is_answered(self):
        return self.answer != self.Answer.NONE
