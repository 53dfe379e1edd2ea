from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kouvola_alue import audit
from kouvola_alue.audit.models import AuditEntry
from kouvola_alue.readonly_admin import ReadOnlyAdmin


def _is_superuser(user):
    return user.is_active and user.is_staff and user.is_superuser


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """
    The trail is read by superusers only and written only by the code that does what it
    records: no one adds, changes or deletes a row here, one by one or in bulk.
    """

    list_display = ["at", "who", "action", "content_type", "object_ids", "detail"]
    list_filter = ["action", "actor", "content_type", "at"]
    search_fields = ["username", "object_ids", "detail"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]
    fields = ["at", "actor", "username", "user", "action", "content_type", "object_ids", "detail"]
    readonly_fields = fields

    @admin.display(description=_("who"), ordering="username")
    def who(self, obj):
        return obj.who

    def has_module_permission(self, request):
        return _is_superuser(request.user)

    def has_view_permission(self, request, obj=None):
        return _is_superuser(request.user)

    def get_actions(self, request):
        # Not even the site-wide bulk delete: the trail has no actions at all.
        return {}


class ViewAuditedMixin:
    """
    A ModelAdmin whose change page shows personal data (applicants, bookers, proposers' contact
    details): each showing of it is traced, a form shown again with errors included; a page of
    removed data shows no one and is not traced. ``view_detail`` is the trail's text.
    """

    view_detail = ""

    def shows_personal_data(self, request, obj):
        return obj.has_personal_data

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.shows_personal_data(request, obj):
            audit.record(
                user=request.user, action=audit.Action.VIEW, obj=obj, detail=self.view_detail
            )
        return super().render_change_form(request, context, add, change, form_url, obj)
