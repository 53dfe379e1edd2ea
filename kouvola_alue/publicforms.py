"""
The public forms' one pipeline: an application, a booking request, an idea proposal, a follow,
and any form added later.

A form declares two things:

- its stamp, by being a ``kouvola_alue.abuse.SpamProtectionMixin`` (the honeypot and the
  signed one-time stamp that also says how long the form took to fill in);
- its limit: ``limit = PostLimit("booking", 10)``, posts per client network and hour.

Its view is a ``PublicFormView`` that names the form, its page and what a sent form does
(``submit``: the service, and the mail where the view queues it). The steps and their order
are here, once:

    valid → limit (429, one message, Retry-After) → stamp (409) → service → mail → thanks

The form is validated once. A post refused by the limit or by its used stamp comes back with
the answers kept; a refusal by the service (the campaign closed meanwhile, the slot was taken)
too, with the service's reason (409).
"""

import dataclasses

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.generic.edit import FormView

from kouvola_alue.abuse import SpamProtectionMixin, rate_limit_exceeded

HOUR = 60 * 60


@dataclasses.dataclass(frozen=True)
class PostLimit:
    """
    How many posts of one form a client (``kouvola_alue.abuse.client_network``) may send in a
    fixed window of ``period`` seconds, counted in ``scope`` across every worker and machine.

    Only a post that would be acted on counts, so that corrected mistakes cost nothing; with
    ``every_post`` each post counts and spends its stamp, valid or not (the booking form: a
    script trying dates for a free slot cannot try more than the limit).
    """

    scope: str
    count: int
    period: int = HOUR
    every_post: bool = False


def limited_message(wait):
    """The one message of every public form refused by its limit; ``wait`` is in seconds."""
    minutes = max(1, (wait + 59) // 60)
    return ngettext(
        "Too many forms have been sent from your connection. Your answers are kept below: "
        "please send the form again in %(minutes)s minute.",
        "Too many forms have been sent from your connection. Your answers are kept below: "
        "please send the form again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}


def _privacy_notice_link():
    return format_html(
        '<a href="{}">{}</a>', reverse("privacy"), gettext("Read the privacy notice")
    )


class PrivacyNoticeField(forms.BooleanField):
    """
    The box a public form that keeps personal data (an application, a booking request) asks to
    be ticked: the person has read the privacy notice, which is linked beside it in the
    visitor's language.
    """

    def __init__(self, **kwargs):
        super().__init__(
            label=_("I have read the privacy notice"),
            help_text=lazy(_privacy_notice_link, SafeString)(),
            error_messages={
                "required": _("Please read the privacy notice and tick the box to confirm it.")
            },
            **kwargs,
        )


# The senders' names, addresses and texts stay out of error reports (never personal data in
# logs).
@method_decorator(sensitive_post_parameters(), name="dispatch")
class PublicFormView(FormView):
    """
    A public form's page. A subclass sets ``form_class`` (which declares its ``limit`` and has
    the stamp), ``template_name`` and ``success_url`` (or ``get_success_url``), and implements
    ``submit(form)``: the service call (and the mail, where the view queues it). A
    ``ValidationError`` from the service is shown on the form.
    """

    http_method_names = ["get", "head", "post"]

    def submit(self, form):
        raise NotImplementedError

    @sensitive_variables()
    def post(self, request, *args, **kwargs):
        form = self.get_form()
        limit = getattr(form, "limit", None)
        if not isinstance(limit, PostLimit) or not isinstance(form, SpamProtectionMixin):
            raise ImproperlyConfigured(
                f"{type(form).__name__} needs a PostLimit `limit` and the SpamProtectionMixin."
            )
        valid = form.is_valid()
        if valid or limit.every_post:
            wait = rate_limit_exceeded(request, limit.scope, limit=limit.count, period=limit.period)
            if wait:
                form.add_error(None, ValidationError(limited_message(wait), code="limited"))
                response = self.page(form, status=429)
                response["Retry-After"] = str(wait)
                return response
            if not form.use_stamp():
                # The same post again (a replay, a second click): the answers stay, with a
                # fresh stamp to send them once more.
                return self.page(form, status=409)
        if not valid:
            return self.page(form)
        try:
            self.submit(form)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.page(form, status=409)
        return super().form_valid(form)

    def page(self, form, status=200):
        return self.render_to_response(self.get_context_data(form=form), status=status)
