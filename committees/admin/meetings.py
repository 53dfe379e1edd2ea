from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from committees.models import (
    Committee,
    CommunitySpace,
    Meeting,
)
from committees.services import meeting_save, meetings_set_published
from kouvola_alue.cachescopes import ScopesAdminMixin
from kouvola_alue.singleline import one_line


@admin.register(CommunitySpace)
class CommunitySpaceAdmin(ScopesAdminMixin, admin.ModelAdmin):
    list_display = ["name", "committee", "address", "is_demo"]
    list_filter = ["committee", "is_demo"]
    list_select_related = ["committee"]
    search_fields = ["name", "name_en", "address"]
    fields = [
        "committee",
        # Each text beside its English version (shown on /en/; empty = the Finnish one).
        ("name", "name_en"),
        "address",
        ("opening_hours", "opening_hours_en"),
        "accessibility",
        "accessibility_en",
        ("digital_services", "digital_services_en"),
        "description",
        "description_en",
        "order",
        "is_demo",
    ]

    def cache_scopes(self, obj, form=None):
        scopes = obj.cache_scopes()
        if form is not None and "committee" in form.changed_data and form.initial.get("committee"):
            # Moved: the committee it was listed under shows it no more.
            moved_from = Committee.objects.get(pk=form.initial["committee"])
            scopes.append(f"committee:{moved_from.slug}")
        return scopes


def _https_by_default(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class MeetingAdminForm(forms.ModelForm):
    class Meta:
        model = Meeting
        formfield_callback = _https_by_default
        fields = [
            "committee",
            "title",
            "title_en",
            "starts_at",
            "ends_at",
            "space",
            "address",
            "online_url",
            "agenda",
            "agenda_en",
            "minutes",
            "minutes_en",
            "minutes_pdf",
            "is_published",
            "is_cancelled",
            "is_demo",
        ]

    # A title pasted with a line break is kept on one line (the model refuses a break).
    def clean_title(self):
        return one_line(self.cleaned_data["title"])

    def clean_title_en(self):
        return one_line(self.cleaned_data["title_en"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "minutes_pdf" in self.fields:
            self.fields["minutes_pdf"].help_text = gettext(
                "A PDF file of at most %(size)s MB; shown on the site once the meeting is "
                "published."
            ) % {"size": settings.MEETING_DOCUMENT_MAX_MB}
            self.fields["minutes_pdf"].widget.attrs["accept"] = "application/pdf,.pdf"


class MeetingTimeFilter(admin.SimpleListFilter):
    title = _("time")
    parameter_name = "aika"

    def lookups(self, request, model_admin):
        return [("tulevat", _("upcoming")), ("pidetyt", _("past"))]

    def queryset(self, request, queryset):
        if self.value() == "tulevat":
            return queryset.upcoming()
        if self.value() == "pidetyt":
            return queryset.past()
        return queryset


def _delete_when_committed(document):
    """
    Remove a stored file once the change that dropped it is committed: if the admin's
    transaction is rolled back, the meeting still points to the file, so it must stay.
    """
    storage, name = document.storage, document.name
    transaction.on_commit(lambda: storage.delete(name))


@admin.register(Meeting)
class MeetingAdmin(ScopesAdminMixin, admin.ModelAdmin):
    form = MeetingAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "__str__",
        "committee",
        "starts_at",
        "space",
        "is_published",
        "is_cancelled",
        "has_minutes",
    ]
    list_filter = [MeetingTimeFilter, "committee", "is_published", "is_cancelled", "is_demo"]
    list_select_related = ["committee", "space"]
    search_fields = ["title", "agenda", "minutes"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["space"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["committee", ("title", "title_en"), "starts_at", "ends_at"]}),
        (_("Place"), {"fields": ["space", "address", "online_url"]}),
        (
            _("Documents"),
            {"fields": ["agenda", "agenda_en", "minutes", "minutes_en", "minutes_pdf"]},
        ),
        (_("Publishing"), {"fields": ["is_published", "is_cancelled", "is_demo", "sequence"]}),
    ]
    readonly_fields = ["sequence"]

    def cache_scopes(self, obj, form=None):
        # Saved through meeting_save, which forgets what a change shows; deleted here.
        return obj.cache_scopes() if obj.is_published and form is None else []

    def save_model(self, request, obj, form, change):
        replaced = None
        if change and "minutes_pdf" in form.changed_data:
            replaced = form.initial.get("minutes_pdf")
        meeting_save(meeting=obj)
        if replaced:
            # A replaced or cleared PDF leaves no orphan behind in the storage.
            _delete_when_committed(replaced)

    def delete_model(self, request, obj):
        document = obj.minutes_pdf
        super().delete_model(request, obj)
        if document:
            _delete_when_committed(document)

    def delete_queryset(self, request, queryset):
        documents = [m.minutes_pdf for m in queryset if m.minutes_pdf]
        super().delete_queryset(request, queryset)
        for document in documents:
            _delete_when_committed(document)

    @admin.display(boolean=True, description=_("minutes"))
    def has_minutes(self, obj):
        return obj.has_minutes

    @admin.action(description=_("Publish the selected meetings"), permissions=["change"])
    def publish(self, request, queryset):
        count = meetings_set_published(meetings=queryset, published=True)
        self.message_user(request, gettext("%(count)d meetings published.") % {"count": count})

    @admin.action(description=_("Unpublish the selected meetings"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = meetings_set_published(meetings=queryset, published=False)
        self.message_user(request, gettext("%(count)d meetings unpublished.") % {"count": count})
