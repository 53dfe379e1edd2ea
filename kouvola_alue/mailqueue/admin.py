from django.contrib import admin

from kouvola_alue.mailqueue.models import Mail


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    """What the portal mailed, by state: the failed ones are on the staff's to-do list."""

    list_display = ["pk", "kind", "object_id", "state", "attempts", "created_at", "sent_at"]
    list_display_links = None
    list_filter = ["state", "kind"]
    ordering = ["-pk"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
