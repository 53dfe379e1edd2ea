from django.contrib import admin

from kouvola_alue.mailqueue.models import Mail
from kouvola_alue.readonly_admin import ReadOnlyAdmin


@admin.register(Mail)
class MailAdmin(ReadOnlyAdmin):
    """What the portal mailed, by state: the failed ones are on the staff's to-do list."""

    list_display = ["pk", "kind", "object_id", "state", "attempts", "created_at", "sent_at"]
    list_display_links = None
    list_filter = ["state", "kind"]
    ordering = ["-pk"]
