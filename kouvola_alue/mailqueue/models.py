from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Mail(models.Model):
    """
    One mail the portal sends (``kouvola_alue.mailqueue.outbox``): which kind, about which
    object, on which occasion. Only that and parameters without personal data (a language,
    the site's address, the names of the fields corrected); the address and the text are read
    from the object when the worker builds the message. There is one row per kind, object and
    occasion, and the worker claims it before it sends: a mail queued twice, or a task run
    twice, goes once.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("not sent: over the cap, or nobody left to write to")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("object"))
    occasion = models.CharField(
        _("occasion"),
        max_length=64,
        blank=True,
        help_text=_("Tells apart mails of one kind about one object sent on separate occasions."),
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    claimed_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("mail")
        verbose_name_plural = _("mails")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "occasion"], name="mail_once_per_kind_object_occasion"
            )
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="mail_state_created")]

    def __str__(self):
        # Never an address: the name may show in logs and the admin's history.
        return f"{_('mail')} {self.pk}"
