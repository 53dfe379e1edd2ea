"""
The staff group of the city's vitality subcommittee (elinvoimajaosto), and the data
migrations that give it exactly the permissions its work needs: each app grants the
permissions of its own models in a migration of its own.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Elinvoimajaosto"


def in_staff_group(user):
    """
    The vitality subcommittee's staff and superusers: the only ones who see applicants' data
    and proposers' contact details, whatever model permissions anyone else is given.
    """
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_in_staff_group"):
        user._in_staff_group = user.groups.filter(name=GROUP_NAME).exists()
    return user._in_staff_group


class StaffGroupOnlyMixin:
    """
    A ModelAdmin of personal data (applicants, bookers): shown to the vitality subcommittee's
    staff and superusers only (``in_staff_group``), whatever model permissions anyone else is
    given; within the group the model permissions still decide.
    """

    def has_module_permission(self, request):
        return in_staff_group(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return in_staff_group(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return in_staff_group(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return in_staff_group(request.user) and super().has_delete_permission(request, obj)


def _permissions(apps, permissions):
    # Permissions are normally created after all migrations have run; make sure they exist.
    # The migration state's app config has no models module, which create_permissions needs.
    for app_label in {app for app, _ in permissions}:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
        for (app, model), actions in permissions.items()
        for action in actions
    ]


def grant_to_staff_group(permissions):
    """
    A migration operation that grants ``permissions`` – ``{(app_label, model): [actions]}``
    – to the group, creating the group if needed; reversed, it takes them away again.
    """

    def grant(apps, schema_editor):
        group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP_NAME)
        group.permissions.add(*_permissions(apps, permissions))

    def revoke(apps, schema_editor):
        group = apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, permissions))

    return migrations.RunPython(grant, revoke)
