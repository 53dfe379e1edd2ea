from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from committees import meeting_services
from committees.admin.invitations import MeetingInvitationsMixin
from committees.admin.meeting_pages import MeetingPageMixin
from committees.documents import pdf_accessibility_gaps
from committees.meeting_selectors import meeting_quorum, meeting_roster
from committees.models import (
    AgendaItem,
    AgendaItemAttachment,
    Attendance,
    Committee,
    CommunitySpace,
    Meeting,
    Membership,
    OtherAttendee,
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
        # The admin's label of a date-and-time field names neither of its two inputs: each
        # says what it is (WCAG 1.3.1, 4.1.2).
        for name in ("starts_at", "ends_at"):
            field = self.fields.get(name)
            widgets = getattr(field.widget, "widgets", []) if field else []
            for widget, part in zip(widgets, (gettext("date"), gettext("time")), strict=False):
                widget.attrs["aria-label"] = f"{capfirst(field.label)}: {part}"
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


def _untagged_warning(upload, name):
    """
    The warning for an uploaded PDF that is not accessible (read before it is stored: a
    large upload's temporary file is moved away by the save), or None.
    """
    if not upload or not hasattr(upload, "seek"):
        return None
    gaps = pdf_accessibility_gaps(upload)
    if not gaps:
        return None
    labels = {
        "tags": gettext("it is not tagged (no structure for screen readers)"),
        "language": gettext("its language is not set"),
        "title": gettext("it has no title"),
    }
    return gettext(
        "The PDF %(name)s is not an accessible document: %(gaps)s. The HTML agenda and "
        "minutes on the meeting's page are the accessible version; if you can, export the "
        "PDF again as a tagged PDF with its language and title."
    ) % {"name": name, "gaps": "; ".join(labels[g] for g in gaps)}


class AgendaItemFormSet(forms.BaseInlineFormSet):
    """The agenda's items, written by the agenda services: numbers are theirs to give."""

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        meeting = self.instance
        saved = []
        for form in self.initial_forms:
            if form in self.deleted_forms or not form.has_changed():
                continue
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            saved.append(meeting_services.agenda_item_update(item=form.instance, **changes))
        for form in self.extra_forms:
            if not form.has_changed() or form in self.deleted_forms:
                continue
            texts = {n: form.cleaned_data[n] for n in form.fields if n in AGENDA_TEXTS}
            saved.append(meeting_services.agenda_item_create(meeting=meeting, **texts))
        for form in self.deleted_forms:
            if form.instance.pk:
                meeting_services.agenda_item_delete(item=form.instance)
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        return saved


AGENDA_TEXTS = ["title", "title_en", "proposal", "proposal_en", "decision", "decision_en"]


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    formset = AgendaItemFormSet
    fields = ["number_shown", ("title", "title_en"), "proposal", "proposal_en"]
    fields += ["decision", "decision_en", "attachments_link"]
    readonly_fields = ["number_shown", "attachments_link"]
    extra = 0
    classes = ["agenda-items"]

    @admin.display(description=_("§"))
    def number_shown(self, obj):
        if obj.pk is None:
            return gettext("the next number")
        return f"§ {obj.number}"

    @admin.display(description=_("attachments"))
    def attachments_link(self, obj):
        if obj.pk is None:
            return gettext("Save the item first.")
        url = reverse("admin:committees_agendaitem_change", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a> ({})',
            url,
            gettext("Attachments of § %(number)s") % {"number": obj.number},
            len(obj.attachments.all()),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("attachments")


class _MembershipChoice(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        if membership.kind == Membership.Kind.DEPUTY:
            principal = membership.personal_deputy_of
            if principal is not None:
                return gettext("%(person)s (deputy of %(member)s)") % {
                    "person": membership.person,
                    "member": principal.person,
                }
            return gettext("%(person)s (deputy)") % {"person": membership.person}
        return gettext("%(person)s (member)") % {"person": membership.person}


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["membership", "status", "substitutes_for"]
        field_classes = {"membership": _MembershipChoice, "substitutes_for": _MembershipChoice}

    def clean(self):
        data = super().clean()
        status, membership = data.get("status"), data.get("membership")
        if status != Attendance.Status.SUBSTITUTING:
            data["substitutes_for"] = None
        elif membership is not None and data.get("substitutes_for") is None:
            # A deputy substitutes for their own member: no need to pick them again.
            data["substitutes_for"] = membership.personal_deputy_of
        self.instance.substitutes_for = data.get("substitutes_for")
        return data

    def validate_constraints(self, exclude=None):
        return None


class AttendanceFormSet(forms.BaseInlineFormSet):
    """The attendance rows of a meeting, judged together by ``attendance_errors``."""

    def _rows(self):
        rows, removed = [], []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                if form.instance.pk:
                    removed.append(form.instance)
            elif form.instance.membership_id and (form.instance.pk or form.has_changed()):
                rows.append(form.instance)
        return rows, removed

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        rows, _removed = self._rows()
        errors = meeting_services.attendance_errors(self.instance, rows, roster=self.roster)
        if errors:
            raise ValidationError(errors)

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        rows, removed = self._rows()
        changed = [
            form.instance
            for form in self.forms
            if form.instance in rows and (form.has_changed() or not form.instance.pk)
        ]
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        return meeting_services.attendance_save(
            meeting=self.instance, attendances=changed, removed=removed
        )


class AttendanceInline(admin.TabularInline):
    """Every member and deputy of the meeting's term: the rows to fill come with one button."""

    model = Attendance
    form = AttendanceForm
    formset = AttendanceFormSet
    fields = ["membership", "status", "substitutes_for"]
    extra = 0
    verbose_name_plural = _("attendance of members and deputies")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("membership__person", "membership__personal_deputy_of__person")
            .order_by("membership__kind", "membership__person__last_name")
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        roster = list(meeting_roster(obj)) if obj is not None else []
        # The roster is read once for the page, not once per row's select.
        fields = formset.form.base_fields
        fields["membership"].queryset = Membership.objects.filter(pk__in=[m.pk for m in roster])
        fields["membership"].choices = [("", "---------")] + [
            (m.pk, fields["membership"].label_from_instance(m)) for m in roster
        ]
        members = [m for m in roster if m.kind == Membership.Kind.MEMBER]
        fields["substitutes_for"].queryset = Membership.objects.filter(
            pk__in=[m.pk for m in members]
        )
        fields["substitutes_for"].choices = [("", "---------")] + [
            (m.pk, str(m.person)) for m in members
        ]
        fields["substitutes_for"].required = False
        formset.roster = roster
        return formset


class _SavedThroughService(forms.BaseInlineFormSet):
    """Inline rows saved by the service ``save_rows(parent, saved, removed)`` of the subclass."""

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        saved = [f.instance for f in self.forms if f.has_changed() and f not in self.deleted_forms]
        removed = [f.instance for f in self.deleted_forms if f.instance.pk]
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        return self.save_rows(self.instance, saved, removed)


class OtherAttendeeFormSet(_SavedThroughService):
    def save_rows(self, meeting, saved, removed):
        return meeting_services.other_attendees_save(
            meeting=meeting, attendees=saved, removed=removed
        )


class OtherAttendeeInline(admin.TabularInline):
    model = OtherAttendee
    formset = OtherAttendeeFormSet
    fields = ["name", "role", "role_en", "order"]
    extra = 0
    verbose_name_plural = _("others present (staff, guests)")


class AttachmentFormSet(_SavedThroughService):
    def save_rows(self, item, saved, removed):
        return meeting_services.attachments_save(item=item, attachments=saved, removed=removed)


class AttachmentInline(admin.TabularInline):
    model = AgendaItemAttachment
    formset = AttachmentFormSet
    fields = ["title", "title_en", "document", "order"]
    extra = 1


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    """One item with its attachments; items are added and ordered on the meeting's page."""

    list_display = ["__str__", "meeting"]
    list_select_related = ["meeting__committee"]
    list_filter = ["meeting__committee"]
    search_fields = ["title", "proposal", "decision"]
    fields = ["meeting", "number", ("title", "title_en"), "proposal", "proposal_en"]
    fields += ["decision", "decision_en"]
    readonly_fields = ["meeting", "number"]
    inlines = [AttachmentInline]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        # The items' names say their meeting (also in the ideas' item picker).
        return super().get_queryset(request).select_related("meeting__committee")

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        meeting_services.agenda_item_update(item=obj, **changes)

    def save_formset(self, request, form, formset, change):
        warnings = [
            _untagged_warning(f.cleaned_data.get("document"), f.cleaned_data.get("title"))
            for f in formset.forms
            if "document" in f.changed_data and f not in formset.deleted_forms
        ]
        formset.save()
        for warning in filter(None, warnings):
            self.message_user(request, warning, messages.WARNING)

    def delete_model(self, request, obj):
        meeting_services.agenda_item_delete(item=obj)

    def response_change(self, request, obj):
        if "_continue" not in request.POST and "_addanother" not in request.POST:
            self.message_user(request, gettext("The item was saved."), messages.SUCCESS)
            return redirect("admin:committees_meeting_agenda", obj.meeting_id)
        return super().response_change(request, obj)


@admin.register(Meeting)
class MeetingAdmin(MeetingInvitationsMixin, MeetingPageMixin, ScopesAdminMixin, admin.ModelAdmin):
    form = MeetingAdminForm
    inlines = [AgendaItemInline, AttendanceInline, OtherAttendeeInline]
    change_form_template = "admin/committees/meeting/change_form.html"
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
    actions = [
        "publish",
        "unpublish",
        "add_standard_items",
        "publish_minutes",
        "send_invitations",
    ]
    fieldsets = [
        (None, {"fields": ["committee", ("title", "title_en"), "starts_at", "ends_at"]}),
        (_("Place"), {"fields": ["space", "address", "online_url"]}),
        (
            _("Documents"),
            {"fields": ["agenda", "agenda_en", "minutes", "minutes_en", "minutes_pdf"]},
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "is_published",
                    "is_cancelled",
                    "is_demo",
                    "sequence",
                    "minutes_state",
                    "quorum_state",
                ]
            },
        ),
    ]
    readonly_fields = ["sequence", "minutes_state", "quorum_state"]

    def get_inlines(self, request, obj):
        # Attendance needs the meeting's day (its term's roster): first save the meeting.
        return [AgendaItemInline] if obj is None else self.inlines

    def get_urls(self):
        return [
            self.meeting_page_path("asiat", "agenda", self.agenda_view),
            *super().get_urls(),
        ]

    def cache_scopes(self, obj, form=None):
        # Saved through meeting_save, which forgets what a change shows; deleted here.
        return obj.cache_scopes() if obj.is_published and form is None else []

    def save_model(self, request, obj, form, change):
        replaced = warning = None
        if change and "minutes_pdf" in form.changed_data:
            replaced = form.initial.get("minutes_pdf")
        if "minutes_pdf" in form.changed_data:
            upload = form.cleaned_data.get("minutes_pdf")
            warning = _untagged_warning(upload, getattr(upload, "name", ""))
        meeting_save(meeting=obj)
        if replaced:
            # A replaced or cleared PDF leaves no orphan behind in the storage.
            _delete_when_committed(replaced)
        if warning:
            self.message_user(request, warning, messages.WARNING)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # An attendance error (a deputy for the wrong member …) is said at the top of the
        # page too, not only beside the inline table far below.
        for inline in context.get("inline_admin_formsets", []):
            formset = inline.formset
            if formset.is_bound and formset.non_form_errors():
                messages.error(request, " ".join(formset.non_form_errors()))
        if obj is not None:
            context["agenda_url"] = reverse("admin:committees_meeting_agenda", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("minutes"))
    def minutes_state(self, obj):
        if obj.minutes_published_at:
            return gettext("Checked and published %(when)s") % {
                "when": date_format(timezone.localtime(obj.minutes_published_at), "j.n.Y H.i")
            }
        return gettext("Not yet checked: the decisions and attendance are not on the site.")

    @admin.display(description=_("quorum"))
    def quorum_state(self, obj):
        if obj.pk is None:
            return "-"
        return quorum_text(meeting_quorum(obj))

    @admin.action(
        description=_("Add the standard opening items to the selected meetings"),
        permissions=["change"],
    )
    def add_standard_items(self, request, queryset):
        count = 0
        for meeting in queryset:
            count += len(meeting_services.agenda_add_standard_items(meeting=meeting))
        self.message_user(request, gettext("Standard items added: %(count)d.") % {"count": count})

    @admin.action(
        description=_("Mark the minutes of the selected meetings checked and publish them"),
        permissions=["change"],
    )
    def publish_minutes(self, request, queryset):
        done = 0
        for meeting in queryset:
            try:
                meeting_services.meeting_publish_minutes(meeting=meeting)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{meeting}: {' '.join(error.messages)}", messages.ERROR)
        if done:
            self.message_user(request, gettext("Minutes published: %(count)d.") % {"count": done})

    def agenda_view(self, request, pk):
        """
        The agenda in order with buttons to move an item up or down (no numbers retyped),
        to add the standard opening items, fill the attendance from the roster and mark the
        minutes checked. Each button is a small form of its own: it works without JavaScript.
        """
        return self.meeting_page(
            request, pk, page="agenda", post=self._agenda_post, context=self._agenda_context
        )

    def _agenda_context(self, meeting):
        return {
            "title": gettext("Agenda and attendance: %(meeting)s") % {"meeting": meeting},
            "items": list(meeting.items.order_by("number")),
            "quorum": quorum_text(meeting_quorum(meeting)),
            "public_url": meeting.get_absolute_url() if meeting.is_published else "",
        }

    def _agenda_post(self, request, meeting):
        task = request.POST.get("task")
        try:
            if task in ("up", "down"):
                item = meeting.items.filter(pk=_number_or_none(request.POST.get("item"))).first()
                if item is None:
                    raise ValidationError(gettext("That item is no longer on the agenda."))
                meeting_services.agenda_move(item=item, up=task == "up")
                self.message_user(request, gettext("The agenda was reordered."))
            elif task == "standard":
                added = meeting_services.agenda_add_standard_items(meeting=meeting)
                self.message_user(
                    request, gettext("Standard items added: %(count)d.") % {"count": len(added)}
                )
            elif task == "roster":
                added = meeting_services.attendance_fill_roster(meeting=meeting)
                self.message_user(
                    request,
                    gettext("Members and deputies added as absent: %(count)d. Mark who was there.")
                    % {"count": len(added)},
                )
            elif task == "minutes":
                meeting_services.meeting_publish_minutes(meeting=meeting)
                self.message_user(request, gettext("The minutes are checked and published."))
            else:
                self.message_user(request, gettext("Unknown action."), messages.ERROR)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)

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


def _number_or_none(value):
    return int(value) if str(value or "").isdigit() else None


def quorum_text(quorum):
    if quorum is None:
        return gettext("No attendance recorded yet.")
    return quorum.statement
