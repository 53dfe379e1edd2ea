from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from kouvola_alue.abuse import SpamProtectionMixin
from kouvola_alue.publicforms import PostLimit
from projects.models import Goal, ProjectIdea


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_area_name


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_title


class ProposalForm(SpamProtectionMixin, forms.Form):
    """A resident's project idea for one or more areas."""

    # A person proposes a few ideas at a time; a flood comes from a script.
    limit = PostLimit("idea-proposal", 5)

    title = forms.CharField(
        label=_("Name of the idea"),
        max_length=ProjectIdea._meta.get_field("title").max_length,
        help_text=_("A short name, e.g. “A reading corner in the village school”."),
    )
    summary = forms.CharField(
        label=_("The idea in brief"),
        max_length=ProjectIdea._meta.get_field("summary").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences (at most 300 characters)."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What should be done, for whom and why? An empty line starts a new paragraph."),
    )
    committees = AreaChoiceField(
        label=_("Areas"),
        queryset=Committee.objects.order_by("order", "name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every area the idea concerns."),
        error_messages={
            "required": _("Choose at least one area."),
            "invalid_choice": _("Choose the areas from the list."),
            "invalid_pk_value": _("Choose the areas from the list."),
        },
    )
    goals = GoalChoiceField(
        label=_("Goals of area activity the idea serves"),
        queryset=Goal.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("Choose the goals from the list."),
            "invalid_pk_value": _("Choose the goals from the list."),
        },
    )
    proposer_name = forms.CharField(
        label=_("Your name"),
        max_length=ProjectIdea._meta.get_field("proposer_name").max_length,
        help_text=_("Only the city's staff see your name and e-mail; they are not published."),
    )
    proposer_email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        help_text=_("We send a receipt of your idea here, and staff may contact you about it."),
    )
    # Unticked unless the proposer ticks it: news by e-mail is their choice (GDPR's consent).
    notify_proposer = forms.BooleanField(
        label=_("Send me a message when the idea is published and when its status changes"),
        required=False,
        initial=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        # The errors are the portal's own, in the page's language and tied to their fields,
        # not the browser's pop-ups.
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Fieldset(_("The idea"), "title", "summary", "description"),
            Fieldset(_("Areas and goals"), "committees", "goals"),
            Fieldset(
                _("Your contact details"), "proposer_name", "proposer_email", "notify_proposer"
            ),
            # The honeypot: hidden from people and from assistive technology alike.
            Div("website", css_class="hp-field", aria_hidden="true"),
            "rendered_at",
            Submit("submit", _("Send the idea")),
        )

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_summary(self):
        return " ".join(self.cleaned_data["summary"].split())
