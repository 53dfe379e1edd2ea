"""
What needs doing, for the top of the admin's index: counts only (no one's name or data), each
linked to the list where the work is done, and only what the signed-in user may act on.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import ngettext

from following.staff_todo import staff_todo
from kouvola_alue.staff_group import in_staff_group
from projects.models import ProjectIdea
from recruitment.models import Application


@dataclass
class Todo:
    count: int
    text: str
    url: str


def admin_todo(user):
    items = []
    if user.has_perm("projects.change_projectidea"):
        count = ProjectIdea.objects.filter(moderation=ProjectIdea.Moderation.PENDING).count()
        items.append(
            Todo(
                count,
                ngettext(
                    "project idea waiting for moderation",
                    "project ideas waiting for moderation",
                    count,
                ),
                reverse("admin:projects_projectidea_changelist")
                + f"?moderation__exact={ProjectIdea.Moderation.PENDING}",
            )
        )
    # Applications are for the vitality subcommittee's staff and superusers only.
    if in_staff_group(user) and user.has_perm("recruitment.view_application"):
        count = Application.objects.filter(status=Application.Status.RECEIVED).count()
        items.append(
            Todo(
                count,
                ngettext("application not yet handled", "applications not yet handled", count),
                reverse("admin:recruitment_application_changelist")
                + f"?status__exact={Application.Status.RECEIVED}",
            )
        )
    # Terms, rosters, seats and minutes: the rules the daily reminders mail too, each shown
    # only when there is something to do.
    for section in staff_todo():
        if section.count and user.has_perm(section.permission):
            items.append(Todo(section.count, section.label, section.url))
    return items
