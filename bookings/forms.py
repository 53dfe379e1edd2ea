from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import BookingRequest
from bookings.rules import date_problems, intervals_of, problems, weekly_dates
from kouvola_alue.abuse import SpamProtectionMixin
from kouvola_alue.publicforms import PostLimit, PrivacyNoticeField


class BookingForm(SpamProtectionMixin, forms.ModelForm):
    """A resident's or an association's request for a slot in a community space."""

    # Every post counts and spends its stamp, valid or not: a client trying dates cannot send
    # more than the limit, nor send one form again and again.
    limit = PostLimit("booking", 10, every_post=True)

    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date."),
            "invalid": _("Enter the date in the form 24.3.2027."),
        },
    )
    starts = forms.TimeField(
        label=_("Starts at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Enter the time the booking starts."),
            "invalid": _("Enter the time in the form 17:00."),
        },
    )
    ends = forms.TimeField(
        label=_("Ends at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Enter the time the booking ends."),
            "invalid": _("Enter the time in the form 19:00."),
        },
    )
    weekly = forms.BooleanField(label=_("Repeat every week"), required=False)
    repeat_until = forms.DateField(
        label=_("Every week until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For a weekly booking: the last date. The dates are listed in one request."),
        error_messages={"invalid": _("Enter the date in the form 24.3.2027.")},
    )
    privacy_notice = PrivacyNoticeField()

    class Meta:
        model = BookingRequest
        fields = [
            "purpose",
            "attendees",
            "accessibility_need",
            "public_title",
            "name",
            "email",
            "phone",
            "association",
        ]
        labels = {
            "purpose": _("Purpose of the booking"),
            "attendees": _("Expected number of people"),
            "accessibility_need": _("Accessibility needs (optional)"),
            "public_title": _("Event title to publish (optional)"),
            "name": _("Your name"),
            "email": _("E-mail"),
            "phone": _("Phone (optional)"),
            "association": _("Association (optional)"),
        }
        help_texts = {
            "purpose": _("What the space is for. Only the city's staff see this."),
            "accessibility_need": _("E.g. a wheelchair space or an induction loop."),
            "public_title": _(
                "If you want the event shown on the space's calendar, give its title. "
                "Otherwise the time is shown only as booked."
            ),
            "email": _("We send the link to confirm the request here."),
        }
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            "attendees": forms.NumberInput(attrs={"min": 1, "max": 500}),
            "accessibility_need": forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "association": forms.TextInput(attrs={"autocomplete": "organization"}),
        }
        error_messages = {
            "purpose": {"required": _("Tell briefly what the space is for.")},
            "attendees": {
                "required": _("Enter the expected number of people."),
                "invalid": _("Enter the number of people as a whole number."),
            },
            "name": {"required": _("Enter your name.")},
            "email": {
                "required": _("Enter your e-mail address."),
                "invalid": _("Enter an e-mail address in the form name@example.fi."),
            },
        }

    def __init__(self, *args, space, schedule, **kwargs):
        super().__init__(*args, **kwargs)
        self.space, self.schedule = space, schedule
        for name in ("purpose", "name", "email"):
            self.fields[name].required = True
        self.helper = FormHelper()
        self.helper.form_id = "booking-form"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Fieldset(_("When"), "date", "starts", "ends", "weekly", "repeat_until"),
            Fieldset(_("The event"), "purpose", "attendees", "accessibility_need", "public_title"),
            Fieldset(_("About you"), "name", "email", "phone", "association"),
            "privacy_notice",
            Div("website", css_class="hp-field", aria_hidden="true"),
            "rendered_at",
            Submit("submit", _("Send the request"), css_class="btn-primary"),
        )

    def clean_attendees(self):
        attendees = self.cleaned_data["attendees"]
        if attendees is not None and not 1 <= attendees <= 500:
            raise forms.ValidationError(_("Enter a number of people from 1 to 500."))
        return attendees

    def clean(self):
        cleaned = super().clean()
        date, starts, ends = (cleaned.get(k) for k in ("date", "starts", "ends"))
        until = cleaned.get("repeat_until") if cleaned.get("weekly") else None
        if cleaned.get("weekly") and not until and "repeat_until" not in self.errors:
            self.add_error("repeat_until", _("Enter the last date of the weekly booking."))
            return cleaned
        if not (date and starts and ends):
            return cleaned
        if ends <= starts:
            self.add_error("ends", _("The booking must end after it starts."))
            return cleaned
        if until and until <= date:
            self.add_error("repeat_until", _("The last date must be after the first one."))
            return cleaned
        now = timezone.now()
        # The dates' bounds first: no date is built for a series that is too long or too far.
        found = date_problems(schedule=self.schedule, first=date, until=until, now=now)
        for field, message in found:
            self.add_error(field, message)
        if found:
            return cleaned
        self.intervals = intervals_of(weekly_dates(date, until), starts, ends)
        for message in problems(
            space=self.space, schedule=self.schedule, intervals=self.intervals, now=now
        ):
            self.add_error(None, message)
        return cleaned

    def submission(self):
        """The cleaned answers, as ``booking_request_create`` takes them."""
        cleaned = self.cleaned_data
        return {
            "date": cleaned["date"],
            "starts": cleaned["starts"],
            "ends": cleaned["ends"],
            "repeat_until": cleaned["repeat_until"] if cleaned["weekly"] else None,
            **{name: cleaned[name] for name in self.Meta.fields},
        }


class ConfirmForm(forms.Form):
    """A button: following the link alone (a mail scanner may) does not confirm anything."""


class CancelForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, cancel my booking and remove my data"),
        error_messages={"required": _("Tick the box to confirm that you want to cancel.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "confirm", Submit("submit", _("Cancel the booking"), css_class="btn-danger")
        )
