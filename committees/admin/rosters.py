from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from committees import services
from committees.models import (
    Committee,
    Membership,
    Person,
    Term,
)
from committees.rosters import incomplete_warning
from kouvola_alue import cachescopes
from kouvola_alue.cachescopes import ScopesAdminMixin


class RosterInlineFormSet(forms.BaseInlineFormSet):
    """
    The committee page's roster rows: judged together and saved together by the roster
    service, as the rows of one roster are (two people may trade seats in a full roster).
    """

    def _changes(self):
        changed, removed = [], []
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                if form.instance.pk:
                    removed.append(form.instance)
            elif form.has_changed() and not form.errors:
                changed.append(form.instance)
        return changed, removed

    def clean(self):
        super().clean()
        changed, removed = self._changes()
        # Inside the admin's transaction: the roster stays locked until the rows are saved.
        services.roster_validate(committee=self.instance, changed=changed, removed=removed)

    def save(self, commit=True):
        memberships = super().save(commit=False)
        if commit:
            services.roster_save(
                committee=self.instance, memberships=memberships, removed=self.deleted_objects
            )
        return memberships


def _warn_if_incomplete(model_admin, request, committee, terms):
    for term in terms:
        roster = list(Membership.objects.filter(committee=committee, term=term))
        message = incomplete_warning(committee, term, roster)
        if message:
            model_admin.message_user(request, message, messages.WARNING)


class _PreloadedAutocomplete(AutocompleteSelect):
    """
    An autocomplete whose selected option's label comes from ``labels``, a dict filled once
    for all the roster's rows (``MembershipInline.get_formset``), instead of a query per row;
    a value missing from it (a row just changed) is looked up as usual.
    """

    labels = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.labels is None or not selected <= self.labels.keys():
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required:
            default[1].append(self.create_option(name, "", "", False, 0))
        for option_value in sorted(selected):
            index = len(default[1])
            default[1].append(
                self.create_option(name, option_value, self.labels[option_value], selected, index)
            )
        return [default]


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
        # Members before deputies (as on the public page), not the kinds' alphabetical order.
        members_first = Case(
            When(kind=Membership.Kind.MEMBER, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return (
            super()
            .get_queryset(request)
            .filter(term__ends_on__gte=timezone.localdate())
            .select_related("term", "person", "committee")
            .order_by("-term__starts_on", members_first, "person__last_name")
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        term = formset.form.base_fields.get("term")
        if term is not None:
            # The few open terms read once for the page, not once per row's select.
            term.choices = list(term.choices)
            getattr(term.widget, "widget", term.widget).choices = term.choices
        if obj is not None:
            # The labels of the people and seats the rows show, in two queries for the page.
            rows = self.get_queryset(request).filter(committee=obj)
            people = Person.objects.filter(pk__in=rows.values("person_id"))
            seats = Membership.objects.filter(
                pk__in=rows.exclude(personal_deputy_of=None).values("personal_deputy_of_id")
            ).select_related("person", "committee", "term")
            fields = formset.form.base_fields
            for name, objects in (("person", people), ("personal_deputy_of", seats)):
                widget = getattr(fields.get(name), "widget", None)
                widget = getattr(widget, "widget", widget)
                if isinstance(widget, _PreloadedAutocomplete):
                    widget.labels = {
                        str(o.pk): fields[name].label_from_instance(o) for o in objects
                    }
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = _PreloadedAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        if db_field.name == "term":
            kwargs["queryset"] = Term.objects.filter(ends_on__gte=timezone.localdate())
        if db_field.name == "personal_deputy_of":
            kwargs["queryset"] = Membership.objects.select_related("person", "committee", "term")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Committee)
class CommitteeAdmin(ScopesAdminMixin, admin.ModelAdmin):
    list_display = ["name", "area_name", "contact_email", "started_on", "current_roster"]
    search_fields = ["name", "area_name", "memberships__person__last_name"]
    prepopulated_fields = {"slug": ["area_name"]}
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "name_en", "area_name", "area_name_en", "slug", "order"]}),
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
        (_("Meetings"), {"fields": ["quorum_rule", "quorum_minimum"]}),
    ]
    readonly_fields = ["earlier_rosters"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # The admin shows help texts as HTML: "<address>" would vanish as an unknown tag.
        if field is not None and db_field.name == "slug":
            field.help_text = escape(field.help_text)
        return field

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # A roster's error (too many members, a second chair …) is said at the top of the
        # page, not only beside the inline table far below.
        for inline in context.get("inline_admin_formsets", []):
            formset = inline.formset
            if formset.is_bound and formset.non_form_errors():
                messages.error(request, " ".join(formset.non_form_errors()))
        return super().render_change_form(request, context, add, change, form_url, obj)

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

    def cache_scopes(self, obj, form=None):
        # Its name and address are on every committee's page (the list of areas), on the
        # meetings and in the calendars: a rename forgets everything; other edits its own pages.
        renamed = {"name", "name_en", "area_name", "area_name_en", "slug", "order"}
        if form is not None and renamed & set(form.changed_data):
            return [cachescopes.EVERYTHING]
        return obj.cache_scopes()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        committee = form.instance
        terms = Term.objects.filter(memberships__committee=committee).distinct()
        _warn_if_incomplete(self, request, committee, terms)


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

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors:
            # The roster is judged with this row as it will be saved. The service locks the
            # roster until the admin's transaction has saved the row.
            membership = Membership(
                pk=self.instance.pk, **{name: cleaned_data[name] for name in self.Meta.fields}
            )
            services.roster_validate(committee=membership.committee, changed=[membership])
        return cleaned_data


@admin.register(Membership)
class MembershipAdmin(ScopesAdminMixin, admin.ModelAdmin):
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
        data = {name: form.cleaned_data[name] for name in MembershipAdminForm.Meta.fields}
        if change:
            services.membership_update(
                membership=obj, **{name: data[name] for name in form.changed_data}
            )
        else:
            saved = services.membership_create(**data)
            # The admin goes on with the form's object (its history entry, its redirect).
            obj.pk, obj._state.adding, obj._state.db = saved.pk, False, saved._state.db
        _warn_if_incomplete(self, request, obj.committee, [obj.term])


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
class PersonAdmin(ScopesAdminMixin, admin.ModelAdmin):
    list_display = ["last_name", "first_name", "is_demo"]
    list_filter = ["is_demo", "memberships__committee", "memberships__term"]
    search_fields = ["first_name", "last_name"]
    inlines = [MembershipOfPersonInline]


@admin.register(Term)
class TermAdmin(ScopesAdminMixin, admin.ModelAdmin):
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
