"""
A meeting's own pages in the admin beside its change page: the agenda (``<meeting>/asiat/``)
and the invitations (``<meeting>/kutsut/``). Each is shown to staff who may view the meeting;
each button on it is a small form posted back to the page, which needs the change permission
and answers with a redirect to the page, so a reload sends nothing twice.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from committees.models import Meeting


class MeetingPageMixin:
    """For ``MeetingAdmin`` and its mixins: the URL and the view of each of its own pages."""

    def meeting_page_path(self, route, page, view):
        """``<meeting>/<route>/`` behind the admin's login, named ``committees_meeting_<page>``."""
        return path(
            f"<int:pk>/{route}/",
            self.admin_site.admin_view(view),
            name=f"committees_meeting_{page}",
        )

    def meeting_page(self, request, pk, *, page, post, context):
        """
        The meeting's page ``page`` (its template ``admin/committees/meeting/<page>.html``):
        a POST goes to ``post(request, meeting)``; a GET shows ``context(meeting)`` (its
        ``title`` and what the page lists) with the admin's own context.
        """
        meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
        if not self.has_view_permission(request, meeting):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request, meeting):
                raise PermissionDenied
            post(request, meeting)
            return redirect(f"admin:committees_meeting_{page}", meeting.pk)
        return TemplateResponse(
            request,
            f"admin/committees/meeting/{page}.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "meeting": meeting,
                **context(meeting),
                "can_change": self.has_change_permission(request, meeting),
                "change_url": reverse("admin:committees_meeting_change", args=[meeting.pk]),
            },
        )
