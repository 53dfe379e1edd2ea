from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from committees.models import (
    Committee,
    Membership,
    Person,
    Term,
)
from committees.rosters import is_incomplete, roster_errors
from committees.services import lock_roster


class RosterInlineFormSet(forms.BaseInlineFormSet):
    """Checks each term's roster as a whole: the rows are judged together, as they will be."""

    def clean(self):
        super().clean()
        if self.instance.pk:
            # The admin saves inside a transaction: hold the roster until the rows are saved.
            lock_roster(self.instance.pk)
        rosters = defaultdict(list)
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            term = form.cleaned_data.get("term")
            if term:
                rosters[term].append(form.instance)
        errors = []
        for term, memberships in rosters.items():
            for message in roster_errors(term, memberships):
                errors.append(
                    gettext("Term %(term)s: %(error)s") % {"term": term, "error": message}
                )
        if errors:
            raise ValidationError(errors)


class MembershipInline(admin.TabularInline):
    """
    The rosters of the current and coming terms. Earlier terms are history: they are kept
    in the membership list (filter by committee and term), so this page stays quick however
    long the committee's history grows.
    """

    model = Membership
    formset = RosterInlineFormSet
    fields = ["term", "person", "kind", "role", "personal_deputy_of", "starts_on", "ends_on"]
    autocomplete_fields = ["person", "personal_deputy_of"]
    extra = 1
    ordering = ["-term__starts_on", "kind", "person__last_name"]
    verbose_name_plural = _("rosters of the current and coming terms")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(term__ends_on__gte=timezone.localdate())
            .select_related("term", "person")
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "term":
            kwargs["queryset"] = Term.objects.filter(ends_on__gte=timezone.localdate())
        if db_field.name == "personal_deputy_of":
            kwargs["queryset"] = Membership.objects.select_related("person", "committee", "term")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "area_name", "contact_email", "started_on", "current_roster"]
    search_fields = ["name", "area_name", "memberships__person__last_name"]
    prepopulated_fields = {"slug": ["area_name"]}
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "name_en", "area_name", "slug", "order"]}),
        (
            _("Area and task"),
            {"fields": ["statistical_areas", "task", "task_en", "contact_email"]},
        ),
        (
            _("History"),
            {
                "fields": [
                    "started_on",
                    "started_as_pilot",
                    "history",
                    "history_en",
                    "earlier_rosters",
                ]
            },
        ),
    ]
    readonly_fields = ["earlier_rosters"]

    @admin.display(description=_("rosters of earlier terms"))
    def earlier_rosters(self, obj):
        if obj.pk is None:
            return "-"
        changelist = reverse("admin:committees_membership_changelist")
        terms = Term.objects.filter(ends_on__lt=timezone.localdate(), ends_on__gte=obj.started_on)
        return format_html_join(
            ", ",
            '<a href="{}?committee__id__exact={}&amp;term__id__exact={}">{}</a>',
            ((changelist, obj.pk, term.pk, term.name) for term in terms),
        ) or gettext("none")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        term = Term.objects.current()
        if term is None:
            return queryset
        return queryset.annotate(
            _min_members=Value(term.min_members),
            _seated_members=Count(
                "memberships",
                filter=Q(memberships__term=term, memberships__kind=Membership.Kind.MEMBER)
                & Q(memberships__ends_on__isnull=True),
            ),
        )

    @admin.display(description=_("members in the current term"))
    def current_roster(self, obj):
        count = getattr(obj, "_seated_members", None)
        if count is None:
            return gettext("no current term")
        if count < obj._min_members:
            return gettext("%(count)d – incomplete (minimum %(min)d)") % {
                "count": count,
                "min": obj._min_members,
            }
        return str(count)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        committee = form.instance
        for term in Term.objects.filter(memberships__committee=committee).distinct():
            roster = list(Membership.objects.roster(committee, term))
            if is_incomplete(term, roster):
                self.message_user(
                    request,
                    gettext(
                        "The roster of %(committee)s for %(term)s is incomplete: it has fewer "
                        "than %(min)d members."
                    )
                    % {"committee": committee, "term": term, "min": term.min_members},
                    messages.WARNING,
                )


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = [
            "committee",
            "term",
            "person",
            "kind",
            "role",
            "personal_deputy_of",
            "starts_on",
            "ends_on",
        ]

    def _post_clean(self):
        # The roster is judged with this row as it will be saved, so after the instance is
        # built from the form.
        super()._post_clean()
        if self.errors:
            return
        membership = self.instance
        # The admin saves inside a transaction: hold the roster until this row is saved.
        lock_roster(membership.committee_id)
        others = Membership.objects.filter(
            committee=membership.committee, term=membership.term
        ).exclude(pk=membership.pk)
        for message in roster_errors(membership.term, [*others, membership]):
            self.add_error(None, message)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipAdminForm
    list_display = [
        "person",
        "committee",
        "term",
        "kind",
        "role",
        "personal_deputy_of",
        "starts_on",
        "ends_on",
    ]
    list_filter = ["committee", "term", "kind", "role"]
    search_fields = ["person__first_name", "person__last_name"]
    autocomplete_fields = ["person", "personal_deputy_of"]
    list_select_related = [
        "person",
        "committee",
        "term",
        "personal_deputy_of__person",
        "personal_deputy_of__committee",
        "personal_deputy_of__term",
    ]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The personal-deputy picker offers members only, newest terms first.
        if request.GET.get("field_name") == "personal_deputy_of":
            queryset = queryset.filter(kind=Membership.Kind.MEMBER, ends_on__isnull=True)
            queryset = queryset.select_related("person", "committee", "term")
        return queryset, may_have_duplicates

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        roster = list(Membership.objects.roster(obj.committee, obj.term))
        if is_incomplete(obj.term, roster):
            self.message_user(
                request,
                gettext(
                    "The roster of %(committee)s for %(term)s is incomplete: it has fewer "
                    "than %(min)d members."
                )
                % {"committee": obj.committee, "term": obj.term, "min": obj.term.min_members},
                messages.WARNING,
            )


class MembershipOfPersonInline(admin.TabularInline):
    model = Membership
    fields = ["committee", "term", "kind", "role", "starts_on", "ends_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("committee", "term")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "is_demo"]
    list_filter = ["is_demo", "memberships__committee", "memberships__term"]
    search_fields = ["first_name", "last_name"]
    inlines = [MembershipOfPersonInline]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "starts_on",
        "ends_on",
        "council_decision_on",
        "min_members",
        "max_members",
        "is_demo",
    ]
    list_filter = ["is_demo"]
    prepopulated_fields = {"slug": ["name"]}
