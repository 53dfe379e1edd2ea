from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kouvola_alue.audit.choices import Action, Actor


class AuditEntry(models.Model):
    """
    One access to personal data: who, when, what. Written only by ``kouvola_alue.audit.record``;
    the admin shows the rows to superusers and lets nobody change or delete them.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True, editable=False)
    actor = models.CharField(_("who"), max_length=20, choices=Actor.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff user"),
    )
    # The account's name as it was: the row must still say who after the account is removed.
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("object type"),
    )
    object_ids = models.TextField(
        _("object ids"), blank=True, help_text=_("The ids of the objects, comma-separated.")
    )
    detail = models.CharField(
        _("detail"),
        max_length=300,
        blank=True,
        help_text=_("What was done, without personal data."),
    )

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actor__in=Actor.values), name="auditentry_actor_known"
            ),
            models.CheckConstraint(
                condition=models.Q(action__in=Action.values), name="auditentry_action_known"
            ),
            # A staff user's row always says which account, even once the account is gone.
            models.CheckConstraint(
                condition=~models.Q(actor=Actor.STAFF) | ~models.Q(username=""),
                name="auditentry_staff_named",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.pk}"

    @property
    def who(self):
        """The staff account's name, or the applicant or the system."""
        return self.username if self.actor == Actor.STAFF else self.get_actor_display()
