"""
Who and what an audit row names. Kept apart from the model so that the package's API can
offer them while the app registry is still loading.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Actor(models.TextChoices):
    STAFF = "staff", _("staff user")
    APPLICANT = "applicant", _("the applicant")
    SYSTEM = "system", _("scheduled purge")


class Action(models.TextChoices):
    VIEW = "view", _("view")
    EXPORT = "export", _("export")
    SELECT = "select", _("selection")
    WITHDRAW = "withdraw", _("withdrawal")
    CORRECT = "correct", _("correction")
    ERASE = "erase", _("erasure")
