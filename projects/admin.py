from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from committees.models import AgendaItem
from kouvola_alue.audit.admin import ViewAuditedMixin
from kouvola_alue.cachescopes import ScopesAdminMixin
from kouvola_alue.staff_group import in_staff_group
from projects import services
from projects.models import Goal, ProjectIdea, StatusChange


@admin.register(Goal)
class GoalAdmin(ScopesAdminMixin, admin.ModelAdmin):
    list_display = ["number", "title", "title_en"]
    list_display_links = ["title"]
    search_fields = ["title", "title_en"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["number", "slug", "title", "title_en", "description", "description_en"]


class StatusChangeInline(admin.TabularInline):
    """The history is written by the status field above; here it is only read."""

    model = StatusChange
    fields = ["changed_on", "status", "note", "note_en", "agenda_item", "changed_by", "recorded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


# The proposer's contact details: only the vitality subcommittee's staff and superusers see
# them (the privacy notice says so); anyone else given the idea permissions works without.
PROPOSER_FIELDS = ("proposer_name", "proposer_email", "notify_proposer")


class ProjectIdeaAdminForm(forms.ModelForm):
    status_changed_on = forms.DateField(
        label=_("date of the status change"),
        required=False,
        help_text=_("When the status changed; leave empty for today."),
    )
    status_note = forms.CharField(
        label=_("note on the status change"),
        max_length=StatusChange._meta.get_field("note").max_length,
        required=False,
        help_text=_("Shown in the idea's public status history, e.g. “Opened in May”."),
    )
    status_agenda_item = forms.ModelChoiceField(
        label=_("decided in"),
        queryset=AgendaItem.objects.select_related("meeting__committee"),
        required=False,
        widget=AutocompleteSelect(StatusChange._meta.get_field("agenda_item"), admin.site),
        help_text=_("The meeting's item (§) whose decision changed the status, if one."),
    )
    status_note_en = forms.CharField(
        label=_("note on the status change in English"),
        max_length=StatusChange._meta.get_field("note_en").max_length,
        required=False,
        help_text=_("Shown on the English site; leave empty to show the Finnish note there."),
    )

    class Meta:
        model = ProjectIdea
        fields = [
            "moderation",
            "moderation_note",
            "title",
            "slug",
            "summary",
            "description",
            "year",
            "is_demo",
            "committees",
            "goals",
            "agenda_items",
            "status",
            "title_en",
            "summary_en",
            "description_en",
            "proposer_name",
            "proposer_email",
            "notify_proposer",
        ]
        widgets = {
            "committees": forms.CheckboxSelectMultiple,
            # Thirteen long goals in readable columns (static/css/admin.css), words kept whole.
            "goals": forms.CheckboxSelectMultiple(attrs={"class": "goal-columns"}),
        }

    def clean_status_changed_on(self):
        day = self.cleaned_data["status_changed_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(
                _("A status change cannot be dated in the future."), code="future"
            )
        return day

    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get("status")
        if self.instance.pk and status and status != self.initial.get("status"):
            day = cleaned_data.get("status_changed_on") or timezone.localdate()
            try:
                services.idea_check_status_date(idea=self.instance, changed_on=day)
            except forms.ValidationError as error:
                self.add_error("status_changed_on", error)
        return cleaned_data


@admin.register(ProjectIdea)
class ProjectIdeaAdmin(ViewAuditedMixin, ScopesAdminMixin, admin.ModelAdmin):
    form = ProjectIdeaAdminForm
    view_detail = _("Proposer's contact details shown in the admin")

    class Media:
        css = {"all": ["css/admin.css"]}

    list_display = [
        "title",
        "moderation",
        "status",
        "areas",
        "year",
        "created_at",
        "published_at",
        "is_demo",
    ]
    list_filter = ["moderation", "status", "committees", "goals", "year", "is_demo"]
    search_fields = ["title", "summary", "proposer_name", "proposer_email"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "published_at", "updated_at"]
    autocomplete_fields = ["agenda_items"]
    inlines = [StatusChangeInline]
    actions = ["publish_selected", "reject_selected", "return_to_queue"]
    fieldsets = [
        (_("Moderation"), {"fields": ["moderation", "moderation_note", "published_at"]}),
        (None, {"fields": ["title", "slug", "summary", "description", "year", "is_demo"]}),
        (_("Areas and goals"), {"fields": ["committees", "goals"]}),
        (
            _("Status"),
            {
                "fields": [
                    "status",
                    "status_changed_on",
                    "status_note",
                    "status_note_en",
                    "status_agenda_item",
                    "agenda_items",
                ]
            },
        ),
        (_("In English"), {"fields": ["title_en", "summary_en", "description_en"]}),
        (
            _("Proposer (only staff see this)"),
            {"fields": ["proposer_name", "proposer_email", "notify_proposer"]},
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        # The form is made of these fields, so without them nothing shows or is saved.
        fieldsets = super().get_fieldsets(request, obj)
        if in_staff_group(request.user):
            return fieldsets
        kept = []
        for name, options in fieldsets:
            fields = [f for f in options["fields"] if f not in PROPOSER_FIELDS]
            if fields:
                kept.append((name, {**options, "fields": fields}))
        return kept

    def get_search_fields(self, request):
        # Searching by an address would tell who proposed what without showing it.
        fields = super().get_search_fields(request)
        if in_staff_group(request.user):
            return fields
        return [f for f in fields if f not in PROPOSER_FIELDS]

    def shows_personal_data(self, request, obj):
        # Only the staff group sees the proposer's fields (get_fieldsets).
        return in_staff_group(request.user) and bool(obj.proposer_name or obj.proposer_email)

    def view_on_site(self, obj):
        # Only a published idea has a public page.
        return obj.get_absolute_url() if obj.is_published else None

    def get_queryset(self, request):
        # The moderation queue: pending proposals first, then the rest, newest first.
        queryset = self.model._default_manager.get_queryset()
        return (
            queryset.annotate(
                moderation_order=Case(
                    When(moderation=ProjectIdea.Moderation.PENDING, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .prefetch_related("committees")
            .order_by(*self.get_ordering(request))
        )

    def get_ordering(self, request):
        return ["moderation_order", "-created_at"]

    @admin.display(description=_("areas"))
    def areas(self, obj):
        return ", ".join(c.area_name for c in obj.committees.all())

    def cache_scopes(self, obj, form=None):
        # Saved through the services, which forget what a change shows; deleted here.
        return obj.cache_scopes() if obj.is_published and form is None else []

    def save_model(self, request, obj, form, change):
        """
        Every write goes through the services, given the form's cleaned changes: the status
        change is recorded with its date and note, and publishing stamps the idea.
        """
        data = form.cleaned_data
        history = {
            "status_changed_on": data.get("status_changed_on"),
            "status_note": data.get("status_note", ""),
            "status_note_en": data.get("status_note_en", ""),
            "status_agenda_item": data.get("status_agenda_item"),
            "changed_by": request.user,
            # The proposer's e-mail links to the site this clerk is using.
            "site_url": request.build_absolute_uri("/"),
        }
        fields = ProjectIdeaAdminForm.Meta.fields
        if change:
            changes = {name: data[name] for name in form.changed_data if name in fields}
            services.idea_update(idea=obj, **changes, **history)
        else:
            idea = services.idea_create(**{name: data[name] for name in fields}, **history)
            # The admin goes on with the form's object (its history entry, its redirect).
            obj.pk = idea.pk
            obj.refresh_from_db()
            obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        # The areas and goals were set by the service; only the inlines are left to save.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def _moderate_selected(self, request, queryset, moderation, message):
        ideas = [idea for idea in queryset if idea.moderation != moderation]
        for idea in ideas:
            services.idea_moderate(
                idea=idea, moderation=moderation, site_url=request.build_absolute_uri("/")
            )
        self.message_user(request, message(len(ideas)) % {"count": len(ideas)}, messages.SUCCESS)

    @admin.action(description=_("Publish the selected ideas"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._moderate_selected(
            request,
            queryset,
            ProjectIdea.Moderation.PUBLISHED,
            lambda n: ngettext("%(count)d idea published.", "%(count)d ideas published.", n),
        )

    @admin.action(description=_("Reject the selected ideas"), permissions=["change"])
    def reject_selected(self, request, queryset):
        self._moderate_selected(
            request,
            queryset,
            ProjectIdea.Moderation.REJECTED,
            lambda n: ngettext("%(count)d idea rejected.", "%(count)d ideas rejected.", n),
        )

    @admin.action(
        description=_("Return the selected ideas to the moderation queue"), permissions=["change"]
    )
    def return_to_queue(self, request, queryset):
        self._moderate_selected(
            request,
            queryset,
            ProjectIdea.Moderation.PENDING,
            lambda n: ngettext(
                "%(count)d idea returned to the queue.", "%(count)d ideas returned to the queue.", n
            ),
        )
