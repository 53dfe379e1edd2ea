import csv
import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from committees.models import Membership
from kouvola_alue import audit, personal_data
from kouvola_alue.audit.admin import ViewAuditedMixin
from kouvola_alue.cachescopes import ScopesAdminMixin
from kouvola_alue.csvsafe import csv_cell
from kouvola_alue.staff_group import StaffGroupOnlyMixin
from recruitment.models import Application, Campaign, RecordedCount
from recruitment.selectors import application_personal_data
from recruitment.services import application_select


class _Line:
    """A file-like object for csv.writer whose write() hands back the line it was given."""

    def write(self, line):
        return line


def _in_language(language, chunks):
    # The body is written after the view has returned: in the staff member's language still.
    with translation.override(language):
        yield from chunks


class _CountedRows:
    """The export's rows: counted by the database, read in chunks, never held all at once."""

    def __init__(self, queryset):
        self.queryset = queryset
        self._count = None

    def __len__(self):
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    def __iter__(self):
        return self.queryset.iterator(chunk_size=2000)


class RecordedCountFormSet(forms.BaseInlineFormSet):
    """The per-area numbers of a campaign run before the portal add up to its total."""

    def clean(self):
        super().clean()
        counts = [
            form.cleaned_data["applicants"]
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and "applicants" in form.cleaned_data
            and not (self.can_delete and self._should_delete_form(form))
        ]
        if not counts:
            return
        total = self.instance.recorded_total
        if total is None:
            raise ValidationError(
                gettext(
                    "Per-area numbers are kept only for a campaign run before the portal: give "
                    "the recorded number of applicants too, or remove the per-area numbers."
                )
            )
        if sum(counts) != total:
            raise ValidationError(
                gettext(
                    "The per-area numbers add up to %(sum)d, but the recorded number of "
                    "applicants is %(total)d."
                )
                % {"sum": sum(counts), "total": total}
            )


class RecordedCountInline(admin.TabularInline):
    model = RecordedCount
    formset = RecordedCountFormSet
    extra = 0
    fields = ["committee", "applicants"]


@admin.register(Campaign)
class CampaignAdmin(ScopesAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "year",
        "opens_on",
        "closes_on",
        "term",
        "state",
        "application_count",
        "is_demo",
    ]
    list_filter = ["term", "is_demo"]
    search_fields = ["title", "title_en"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [RecordedCountInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # The admin shows help texts as HTML: "<address>" would vanish as an unknown tag.
        if field is not None and db_field.name == "slug":
            field.help_text = escape(field.help_text)
        return field

    fieldsets = [
        (None, {"fields": ["title", "title_en", "slug", "term", "committees", "is_demo"]}),
        (_("Application period"), {"fields": ["opens_on", "closes_on", "year"]}),
        (
            _("Description"),
            {"fields": ["description", "description_en", "council_meeting_on"]},
        ),
        (
            _("Before the portal"),
            {
                "fields": ["recorded_total"],
                "description": _(
                    "For a campaign run before the portal, the numbers recorded then; the "
                    "per-area numbers go in the table below."
                ),
            },
        ),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "committees":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("term").with_applicant_count()

    @admin.display(description=_("state"))
    def state(self, obj):
        return obj.state.label

    # Counted as the public pages count them: withdrawn applications are not applicants.
    @admin.display(description=_("applications"), ordering="applicant_count")
    def application_count(self, obj):
        if obj.is_recorded:
            return gettext("%(count)d (recorded)") % {"count": obj.recorded_total}
        return obj.applicant_count


class ApplicationAdminForm(forms.ModelForm):
    # Selection goes through the actions, which seat the person; withdrawing is the
    # applicant's own step. Here the clerk only moves an application along.
    CLERK_STATUSES = [
        Application.Status.RECEIVED,
        Application.Status.IN_REVIEW,
        Application.Status.NOT_SELECTED,
    ]

    class Meta:
        model = Application
        fields = ["status", "staff_notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields:
            self.fields["status"].choices = [
                (value, label)
                for value, label in Application.Status.choices
                if value in self.CLERK_STATUSES
            ]


@admin.register(Application)
class ApplicationAdmin(ViewAuditedMixin, StaffGroupOnlyMixin, admin.ModelAdmin):
    # Only the vitality subcommittee's staff and superusers see applications at all, even if
    # someone else were given the model permissions.
    form = ApplicationAdminForm
    view_detail = _("Application opened in the admin")
    list_display = [
        "applicant",
        "committee_area",
        "campaign",
        "status",
        "willing_to_be_deputy",
        "age_group",
        "submitted_at",
    ]
    list_filter = ["campaign", "committee", "status", "willing_to_be_deputy", "age_group"]
    search_fields = ["first_name", "last_name", "email", "district"]
    list_select_related = ["campaign", "committee"]
    list_per_page = 50
    actions = [
        "select_as_member",
        "select_as_deputy",
        "mark_in_review",
        "mark_not_selected",
        "export_csv",
        "export_personal_data",
        "remove_personal_data",
    ]
    fieldsets = [
        (None, {"fields": ["campaign", "committee", "submitted_at", "language_name"]}),
        (_("Applicant"), {"fields": Application.PERSONAL_FIELDS}),
        (
            _("Processing"),
            {
                "fields": [
                    "status",
                    "status_changed_at",
                    "staff_notes",
                    "person",
                    "membership",
                    "personal_data_removed_at",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        # Applications come from the public form only.
        return False

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            "campaign",
            "committee",
            "submitted_at",
            "language_name",
            *Application.PERSONAL_FIELDS,
            "status_changed_at",
            "person",
            "membership",
            "personal_data_removed_at",
        ]
        if obj and obj.status not in ApplicationAdminForm.CLERK_STATUSES:
            readonly.append("status")
        if obj and not obj.has_personal_data:
            readonly.append("staff_notes")
        return readonly

    @admin.display(description=_("language"))
    def language_name(self, obj):
        # "suomi", "English" rather than the stored code "fi".
        return get_language_info(obj.language)["name_local"] if obj.language else "-"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The page is titled with the applicant's name; str() stays "Application 5" because
        # it is kept in the admin's history, which outlives the personal data.
        obj = self.get_object(request, object_id)
        if obj is not None and obj.has_personal_data:
            name = f"{obj.first_name} {obj.last_name}"
            extra_context = {**(extra_context or {}), "subtitle": name}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.status_changed_at = timezone.now()
        super().save_model(request, obj, form, change)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            response.context_data["committee_counts"] = (
                changelist.queryset.order_by()
                .values("committee__name", "committee__order")
                .annotate(count=Count("pk"))
                .order_by("committee__order", "committee__name")
            )
        return response

    @admin.display(description=_("applicant"), ordering="last_name")
    def applicant(self, obj):
        if not obj.has_personal_data:
            return gettext("(personal data removed)")
        return f"{obj.last_name}, {obj.first_name}"

    @admin.display(description=_("area"), ordering="committee__order")
    def committee_area(self, obj):
        return obj.committee.area_name

    # --- Selection into the roster ------------------------------------------------------

    def _select(self, request, queryset, kind):
        for application in queryset.select_related("campaign__term", "committee").order_by(
            "submitted_at"
        ):
            name = application.full_name or str(application)
            try:
                with transaction.atomic():
                    membership = application_select(application=application, kind=kind)
                    audit.record(
                        user=request.user,
                        action=audit.Action.SELECT,
                        obj=application,
                        detail=lambda m=membership: (
                            gettext("Selected as %(kind)s of %(committee)s for the term %(term)s")
                            % {
                                "kind": m.get_kind_display(),
                                "committee": m.committee,
                                "term": m.term,
                            }
                        ),
                    )
            except ValidationError as error:
                self.message_user(
                    request,
                    gettext("%(name)s was not selected: %(reason)s")
                    % {"name": name, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
                continue
            self.message_user(
                request,
                gettext("%(name)s was selected as %(kind)s of %(committee)s for %(term)s.")
                % {
                    "name": name,
                    "kind": membership.get_kind_display(),
                    "committee": membership.committee,
                    "term": membership.term,
                },
                messages.SUCCESS,
            )

    @admin.action(description=_("Select as member into the term's roster"), permissions=["change"])
    def select_as_member(self, request, queryset):
        self._select(request, queryset, Membership.Kind.MEMBER)

    @admin.action(
        description=_("Select as deputy member into the term's roster"), permissions=["change"]
    )
    def select_as_deputy(self, request, queryset):
        self._select(request, queryset, Membership.Kind.DEPUTY)

    def _move(self, request, queryset, status):
        changed = queryset.filter(status__in=Application.OPEN_STATUSES).update(
            status=status, status_changed_at=timezone.now()
        )
        self.message_user(
            request,
            gettext("%(count)d applications marked “%(status)s”.")
            % {"count": changed, "status": Application.Status(status).label},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark as in review"), permissions=["change"])
    def mark_in_review(self, request, queryset):
        self._move(request, queryset, Application.Status.IN_REVIEW)

    @admin.action(description=_("Mark as not selected"), permissions=["change"])
    def mark_not_selected(self, request, queryset):
        self._move(request, queryset, Application.Status.NOT_SELECTED)

    @admin.action(
        description=_("Remove the personal data (erasure; the counts are kept)"),
        permissions=["delete"],
    )
    def remove_personal_data(self, request, queryset):
        removed = personal_data.erase_rows(
            rows=queryset,
            user=request.user,
            detail=lambda count: (
                ngettext(
                    "Personal data of %(count)d application erased",
                    "Personal data of %(count)d applications erased",
                    count,
                )
                % {"count": count}
            ),
        )
        self.message_user(
            request,
            gettext("The personal data of %(count)d applications was removed.")
            % {"count": removed},
            messages.SUCCESS,
        )

    # --- Exports ----------------------------------------------------------------------------

    @admin.action(description=_("Export as CSV for Excel"), permissions=["view"])
    def export_csv(self, request, queryset):
        rows = _CountedRows(
            queryset.select_related("campaign", "committee").order_by(
                "committee__order", "last_name", "first_name"
            )
        )
        campaigns = ", ".join(sorted(set(rows.queryset.values_list("campaign__title", flat=True))))
        audit.record(
            user=request.user,
            action=audit.Action.EXPORT,
            obj=queryset,
            detail=lambda: (
                ngettext(
                    "CSV export of %(count)d application (%(campaigns)s)",
                    "CSV export of %(count)d applications (%(campaigns)s)",
                    len(rows),
                )
                % {"count": len(rows), "campaigns": campaigns}
            ),
        )
        # Streamed: the rows are read from the database in chunks and written as they come,
        # so tens of thousands of applications neither fill a worker's memory nor run past
        # gunicorn's timeout before the first byte.
        response = StreamingHttpResponse(
            _in_language(translation.get_language(), self._csv_lines(rows)),
            content_type="text/csv; charset=utf-8",
        )
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="hakemukset-{day}.csv"'
        return response

    def _csv_lines(self, rows):
        writer = csv.writer(_Line(), delimiter=";")
        personal = Application.PERSONAL_FIELDS
        # Excel recognises UTF-8 by the byte order mark; Finnish Excel separates by semicolons.
        yield "\ufeff" + writer.writerow(
            [
                gettext("submitted"),
                gettext("campaign"),
                gettext("committee"),
                *(Application._meta.get_field(name).verbose_name for name in personal),
                gettext("status"),
                gettext("staff notes"),
            ]
        )
        lines = []
        for a in rows:
            lines.append(
                writer.writerow(
                    [
                        csv_cell(value)
                        for value in (
                            date_format(
                                timezone.localtime(a.submitted_at), "SHORT_DATETIME_FORMAT"
                            ),
                            a.campaign.title,
                            a.committee.name,
                            *(a.personal_value(name) for name in personal),
                            a.get_status_display(),
                            a.staff_notes,
                        )
                    ]
                )
            )
            if len(lines) == 500:
                yield "".join(lines)
                lines = []
        yield "".join(lines)

    @admin.action(
        description=_("Export everything stored about the applicant (right of access)"),
        permissions=["view"],
    )
    def export_personal_data(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request,
                gettext("Choose exactly one application of the applicant."),
                messages.ERROR,
            )
            return None
        application = queryset.get()
        applications = application_personal_data(application)
        data = {
            "controller": gettext("City of Kouvola, vitality subcommittee (elinvoimajaosto)"),
            "exported_at": timezone.localtime().isoformat(),
            "applications": applications,
        }
        audit.record(
            user=request.user,
            action=audit.Action.EXPORT,
            obj=application,
            detail=lambda: (
                ngettext(
                    "Right-of-access export: %(count)d application of the applicant",
                    "Right-of-access export: %(count)d applications of the applicant",
                    len(applications),
                )
                % {"count": len(applications)}
            ),
        )
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="hakijan-tiedot-{application.pk}.json"'
        )
        return response
