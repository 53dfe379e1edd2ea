"""
The staff's side of bookings: each space's bookable hours (rules with the weekly hours and
dated exceptions inline) and the requests, approved or declined by one action each with a
message mailed to the requester. Every decision goes through bookings/services.py.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bookings.models import BookingRequest, BookingRules, BookingSlot, OpeningHours, SpecialDay
from bookings.services import booking_approve, booking_decline
from kouvola_alue.audit.admin import ViewAuditedMixin
from kouvola_alue.cachescopes import ScopesAdminMixin
from kouvola_alue.staff_group import StaffGroupOnlyMixin


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class SpecialDayInline(admin.TabularInline):
    model = SpecialDay
    extra = 0


@admin.register(BookingRules)
class BookingRulesAdmin(ScopesAdminMixin, admin.ModelAdmin):
    list_display = ["space", "is_bookable", "longest_booking_hours", "horizon_days"]
    list_select_related = ["space"]
    list_filter = ["is_bookable", "space__committee"]
    autocomplete_fields = ["space"]
    inlines = [OpeningHoursInline, SpecialDayInline]


class SlotInline(admin.TabularInline):
    model = BookingSlot
    fields = ["starts_at", "ends_at", "is_approved"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the requester"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Mailed with the decision, e.g. where to get the key or why it was declined."),
    )


@admin.register(BookingRequest)
class BookingRequestAdmin(
    ViewAuditedMixin, StaffGroupOnlyMixin, ScopesAdminMixin, admin.ModelAdmin
):
    # Bookers' personal data: the vitality subcommittee's staff and superusers only.
    view_detail = _("Booking request opened in the admin")
    list_display = ["__str__", "space", "first_slot", "slot_count", "status", "created_at"]
    list_filter = ["status", "space__committee", "space", "is_demo"]
    list_select_related = ["space"]
    date_hierarchy = "created_at"
    inlines = [SlotInline]
    actions = ["approve", "decline"]
    fieldsets = [
        (None, {"fields": ["space", "status", "repeat_until", "public_title", "attendees"]}),
        (
            _("Personal data (staff only)"),
            {"fields": [*BookingRequest.PERSONAL_FIELDS]},
        ),
        (
            _("Decision"),
            {"fields": ["decision_message", "decided_by", "decided_at"]},
        ),
        (
            _("Dates"),
            {"fields": ["language", "created_at", "confirmed_at", "personal_data_removed_at"]},
        ),
    ]

    def cache_scopes(self, obj, form=None):
        # Only an approved booking shows on the space's page (its title and times).
        return obj.cache_scopes() if obj.status == BookingRequest.Status.APPROVED else []

    def has_add_permission(self, request):
        # Requests come from the public form only; decisions go through the actions.
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in BookingRequest._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("slots")

    @admin.display(description=_("first date"))
    def first_slot(self, obj):
        slots = list(obj.slots.all())
        return str(slots[0]) if slots else ""

    @admin.display(description=_("dates"))
    def slot_count(self, obj):
        return len(obj.slots.all())

    def _decide(self, request, queryset, service, kind, title):
        """Ask for the message first; then decide each request through ``service``."""
        if "apply" not in request.POST:
            return TemplateResponse(
                request,
                "admin/bookings/decide.html",
                {
                    **self.admin_site.each_context(request),
                    "title": title,
                    "form": DecisionForm(),
                    "bookings": queryset,
                    "action": request.POST.get("action"),
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        form = DecisionForm(request.POST)
        form.is_valid()
        message = form.cleaned_data.get("message", "")
        site_url = request.build_absolute_uri("/")
        done = 0
        for booking in queryset.select_related("space"):
            try:
                service(booking=booking, user=request.user, message=message, site_url=site_url)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                continue
            self.log_change(request, booking, [{"changed": {"fields": ["status"]}}])
            done += 1
        if done:
            text = (
                gettext("%(count)d requests approved; the requesters are mailed.")
                if kind == "approved"
                else gettext("%(count)d requests declined; the requesters are mailed.")
            )
            self.message_user(request, text % {"count": done}, messages.SUCCESS)
        return None

    @admin.action(description=_("Approve the selected requests"), permissions=["change"])
    def approve(self, request, queryset):
        return self._decide(
            request, queryset, booking_approve, "approved", gettext("Approve booking requests")
        )

    @admin.action(description=_("Decline the selected requests"), permissions=["change"])
    def decline(self, request, queryset):
        return self._decide(
            request, queryset, booking_decline, "declined", gettext("Decline booking requests")
        )
