from django.contrib import admin

from kouvola_alue.cachescopes import ScopesAdminMixin
from portal.models import PageSection


@admin.register(PageSection)
class PageSectionAdmin(ScopesAdminMixin, admin.ModelAdmin):
    list_display = ["title", "page", "key", "order", "updated_at"]
    list_display_links = ["title"]
    list_filter = ["page"]
    list_editable = ["order"]
    search_fields = ["title", "body"]
    fields = ["page", "key", "order", "title", "body", "title_en", "body_en"]
