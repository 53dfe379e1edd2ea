"""The admin of the elinvoimajaosto: rosters and texts, meetings and spaces."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from committees.admin import meetings, rosters  # noqa: F401 (registers the model admins)

admin.site.site_header = _("Area committees – administration")
admin.site.site_title = _("Area committees")
admin.site.index_title = _("Administration of the area committees")
