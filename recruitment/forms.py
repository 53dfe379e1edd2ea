from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from kouvola_alue.abuse import SpamProtectionMixin
from kouvola_alue.publicforms import PostLimit, PrivacyNoticeField
from recruitment.models import Application

# What the applicant must give; the model allows blanks only so that the data can be removed.
REQUIRED = ["first_name", "last_name", "email", "district", "age_group", "background", "motivation"]


class CommitteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ApplicationForm(SpamProtectionMixin, forms.ModelForm):
    """The public application to one of a campaign's committees. Only what a committee needs."""

    # Generous, because a household or a library's public computers share one address.
    limit = PostLimit("application", 10)

    committee = CommitteeChoiceField(
        label=_("The committee you apply to"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the committee you apply to.")},
    )
    privacy_notice = PrivacyNoticeField()

    class Meta:
        model = Application
        # The layout below places each of them; a test checks that every one is on the page.
        fields = [*Application.PERSONAL_FIELDS, "committee"]
        labels = {
            "phone": _("Phone (optional)"),
            "district": _("District or village where you live"),
            "willing_to_be_deputy": _("I am also willing to serve as a deputy member"),
        }
        help_texts = {
            "email": _("We send the confirmation and the link to your application here."),
            "district": _(
                "The council seeks members from different parts of the area, e.g. Myllykoski "
                "or Inkeroinen."
            ),
            "age_group": _("The council seeks members of different ages."),
            "background": _(
                "Your know-how, work, studies, associations or other activity that would help "
                "the committee. At most 2,000 characters."
            ),
            "motivation": _(
                "What would you like to develop in your area? At most 2,000 characters."
            ),
            "willing_to_be_deputy": _(
                "Deputy members stand in for members who cannot attend a meeting."
            ),
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "age_group": forms.RadioSelect,
            "background": forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
            "motivation": forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
        }
        error_messages = {
            "first_name": {"required": _("Enter your first name.")},
            "last_name": {"required": _("Enter your last name.")},
            "email": {
                "required": _("Enter your e-mail address."),
                "invalid": _("Enter an e-mail address in the form name@example.fi."),
            },
            "district": {"required": _("Enter the district or village where you live.")},
            "age_group": {"required": _("Choose your age group.")},
            "background": {"required": _("Tell briefly about your background and know-how.")},
            "motivation": {"required": _("Tell briefly why you would like to join.")},
        }

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        for name in REQUIRED:
            self.fields[name].required = True
        self.fields["age_group"].choices = Application.AgeGroup.choices
        self.fields["committee"].queryset = campaign.committees.order_by("order", "name")
        self.helper = FormHelper()
        self.helper.form_id = "application-form"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Fieldset(
                _("About you"),
                "first_name",
                "last_name",
                "email",
                "phone",
                "district",
                "age_group",
            ),
            Fieldset(
                _("Your application"),
                "committee",
                "background",
                "motivation",
                "willing_to_be_deputy",
            ),
            "privacy_notice",
            Div("website", css_class="hp-field", aria_hidden="true"),
            "rendered_at",
            Submit("submit", _("Send the application"), css_class="btn-primary"),
        )

    def submission(self):
        """The cleaned answers, as ``application_submit`` takes them."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


# What the applicant may correct through the private link: everything they told about
# themselves but the address, which the private link and the mails are tied to (a new one
# could also collide with someone else's application and so reveal it).
CORRECTABLE = [name for name in Application.PERSONAL_FIELDS if name != "email"]


class ApplicationCorrectionForm(forms.ModelForm):
    """
    The applicant's own application, to correct while the campaign is open: the same
    fields, labels, help and error messages as the application form, and the same rules.
    """

    class Meta(ApplicationForm.Meta):
        fields = CORRECTABLE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in REQUIRED:
            if name in self.fields:
                self.fields[name].required = True
        self.fields["age_group"].choices = Application.AgeGroup.choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("About you"), "first_name", "last_name", "phone", "district", "age_group"),
            Fieldset(_("Your application"), "background", "motivation", "willing_to_be_deputy"),
        )

    def changes(self):
        """The cleaned answers, as ``application_update`` takes them."""
        return {name: self.cleaned_data[name] for name in CORRECTABLE}


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, withdraw my application and remove my data"),
        error_messages={"required": _("Tick the box to confirm that you want to withdraw.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # The template places the two buttons, "withdraw" and "keep it", side by side.
        self.helper.form_tag = False
        self.helper.layout = Layout("confirm")
