"""
Subscribers' addresses are personal data that staff have no need to read: the admin shows
how many follow each committee and what, never who, and which mails could not be sent (the
deliveries, by news and committee, never to whom). There is no list of subscriptions, no
form and no search (a search by address would tell whether someone subscribes).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from following.models import Delivery, Subscription
from kouvola_alue.mailqueue.models import Mail
from kouvola_alue.readonly_admin import ReadOnlyAdmin

_ACTIVE = Q(subscriptions__confirmed_at__isnull=False, subscriptions__unsubscribed_at__isnull=True)


def subscription_counts():
    """Per committee: following now (by topic and by frequency) and waiting for confirmation."""
    return Committee.objects.order_by("order", "name").annotate(
        count_active=Count("subscriptions", filter=_ACTIVE),
        count_meetings=Count(
            "subscriptions", filter=_ACTIVE & Q(subscriptions__follows_meetings=True)
        ),
        count_ideas=Count("subscriptions", filter=_ACTIVE & Q(subscriptions__follows_ideas=True)),
        count_recruitment=Count(
            "subscriptions", filter=_ACTIVE & Q(subscriptions__follows_recruitment=True)
        ),
        count_weekly=Count(
            "subscriptions",
            filter=_ACTIVE & Q(subscriptions__frequency=Subscription.Frequency.WEEKLY),
        ),
        count_waiting=Count(
            "subscriptions",
            filter=Q(
                subscriptions__confirmed_at__isnull=True,
                subscriptions__unsubscribed_at__isnull=True,
            ),
        ),
    )


class ListOnlyAdmin(ReadOnlyAdmin):
    """One page, the list: no page of a single row (it would name the subscription), no form."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "",
                self.admin_site.admin_view(self.changelist_view),
                name="{}_{}_changelist".format(*info),
            )
        ]


@admin.register(Subscription)
class SubscriptionAdmin(ListOnlyAdmin):
    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Followers by e-mail"),
            "committees": subscription_counts(),
        }
        return TemplateResponse(request, "admin/following/subscription_counts.html", context)


class MailStateFilter(admin.SimpleListFilter):
    """By the state of the delivery's mail (its own, or its digest's)."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Mail.State.choices

    def queryset(self, request, queryset):
        if self.value() in Mail.State.values:
            return queryset.in_mail_state(self.value())
        return queryset


@admin.register(Delivery)
class DeliveryAdmin(ListOnlyAdmin):
    """
    The followers' mails by news, with the state of each (the outbox's ``Mail``): the failed
    ones are on the staff's to-do list.
    """

    list_display = ["pk", "news", "committee", "state", "attempts", "claimed_at", "sent_at"]
    list_display_links = None
    list_filter = [MailStateFilter, "event__committee"]
    list_select_related = ["event__committee"]
    ordering = ["-pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_mail()

    @admin.display(description=_("news"), ordering="event__key")
    def news(self, delivery):
        return delivery.event.key

    @admin.display(description=_("committee"), ordering="event__committee")
    def committee(self, delivery):
        return delivery.event.committee

    @admin.display(description=_("state"), ordering="mail_state")
    def state(self, delivery):
        return Mail.State(delivery.mail_state).label if delivery.mail_state else None

    @admin.display(description=_("attempts"), ordering="mail_attempts")
    def attempts(self, delivery):
        return delivery.mail_attempts

    @admin.display(description=_("last attempt"), ordering="mail_claimed_at")
    def claimed_at(self, delivery):
        return delivery.mail_claimed_at

    @admin.display(description=_("sent"), ordering="mail_sent_at")
    def sent_at(self, delivery):
        return delivery.mail_sent_at
