from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from committees.events import MEETINGS
from following.models import TOPIC_FIELDS, Subscription
from kouvola_alue.abuse import SpamProtectionMixin
from kouvola_alue.publicforms import PostLimit
from projects.events import IDEAS
from recruitment.events import RECRUITMENT

TOPIC_CHOICES = [
    (MEETINGS, _("New meetings and their minutes")),
    (IDEAS, _("New project ideas of the area and changes in their status")),
    (RECRUITMENT, _("Recruitment of members opening")),
]
if {topic for topic, _label in TOPIC_CHOICES} != set(TOPIC_FIELDS):
    raise RuntimeError("Every topic of following.models.TOPIC_FIELDS needs a label here.")


class PreferencesForm(forms.Form):
    """What to follow and how often: the same fields when subscribing and when managing."""

    topics = forms.MultipleChoiceField(
        label=_("What would you like to hear of?"),
        choices=TOPIC_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=[topic for topic, _label in TOPIC_CHOICES],
        error_messages={
            "required": _("Choose at least one thing to follow."),
            "invalid_choice": _("Choose from the list."),
        },
    )
    frequency = forms.ChoiceField(
        label=_("How often?"),
        choices=Subscription.Frequency.choices,
        widget=forms.RadioSelect,
        initial=Subscription.Frequency.IMMEDIATE,
        error_messages={
            "required": _("Choose how often you would like e-mail."),
            "invalid_choice": _("Choose from the list."),
        },
    )

    submit_label = _("Save the changes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        # The portal's own errors, tied to their fields, not the browser's pop-ups.
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(*self.layout_fields(), Submit("submit", self.submit_label))

    def layout_fields(self):
        return ["topics", "frequency"]


class FollowForm(SpamProtectionMixin, PreferencesForm):
    """Subscribing: the address too, and the protection of the site's other public forms."""

    # A person follows a committee or two; a flood of requests comes from a script.
    limit = PostLimit("follow", 10)

    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        help_text=_(
            "We send a link to this address; nothing else is sent until you open it and "
            "confirm. The address is used only for this and is shown to no one."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Give your e-mail address."),
            "invalid": _("Check the e-mail address: it should look like name@example.fi."),
        },
    )

    submit_label = _("Follow")

    def layout_fields(self):
        return [
            "email",
            "topics",
            "frequency",
            # The honeypot: hidden from people and from assistive technology alike.
            Div("website", css_class="hp-field", aria_hidden="true"),
            "rendered_at",
        ]
