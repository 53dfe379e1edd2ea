from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailQueueConfig(AppConfig):
    name = "kouvola_alue.mailqueue"
    label = "mailqueue"
    verbose_name = _("Mail")
    default_auto_field = "django.db.models.BigAutoField"
