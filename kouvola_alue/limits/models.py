from django.db import models
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    """How many times one client did one thing (``scope``) in one fixed window of time."""

    scope = models.CharField(_("scope"), max_length=40)
    # A keyed hash, never the address or e-mail itself (kouvola_alue.limits.counters.hashed).
    key = models.CharField(_("key"), max_length=64)
    window_start = models.DateTimeField(_("window start"))
    count = models.PositiveIntegerField(_("count"), default=0)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="limits_counter_one_row_per_window"
            )
        ]

    def __str__(self):
        return f"{self.scope} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"


class UsedStamp(models.Model):
    """A form stamp that has been accepted once; it is refused after that until it expires."""

    stamp = models.CharField(_("stamp"), max_length=64, primary_key=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("used form stamp")
        verbose_name_plural = _("used form stamps")

    def __str__(self):
        return self.stamp
