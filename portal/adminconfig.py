"""
The admin's app config, in a module of its own: ``portal.apps`` must keep exactly one
AppConfig for Django to pick the portal's.
"""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """
    Django's admin with the portal's own site class (``portal.staff.StaffAdminSite``), which
    asks staff for their second factor; every app's ``@admin.register`` lands on it as usual.
    """

    default_site = "portal.staff.StaffAdminSite"
