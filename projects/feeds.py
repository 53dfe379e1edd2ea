"""An Atom feed of the published project ideas (/hankkeet/syote.atom)."""

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

from kouvola_alue.feeds import PortalFeed
from kouvola_alue.publisher import tag_uri
from projects.html import render_html
from projects.models import ProjectIdea

FEED_SIZE = 50


class IdeaFeed(PortalFeed):
    """The latest published ideas, newest first. Pending and rejected proposals never appear."""

    cache_scopes = ("ideas",)

    def feed_id(self, obj):
        return "hankeideat"

    def title(self):
        return _("Project ideas of Kouvola's area committees")

    def subtitle(self):
        return _("The development project ideas of the areas, as they are published.")

    def link(self):
        return reverse("projects:list")

    def items(self):
        return ProjectIdea.objects.published().latest_first().for_listing()[:FEED_SIZE]

    def item_title(self, idea):
        return idea.display_title

    def item_description(self, idea):
        areas = ", ".join(c.display_area_name for c in idea.committees.all())
        # Atom carries the summary as HTML: plain fields are escaped, the description (stored
        # sanitised) keeps the same light formatting as on the idea's page.
        parts = [
            f"<p>{escape(idea.display_summary)}</p>",
            format_html(
                "<p>{}</p>",
                _("Areas: %(areas)s. Status: %(status)s.")
                % {"areas": areas, "status": idea.get_status_display()},
            ),
            render_html(idea.display_description),
        ]
        return "\n".join(part for part in parts if part)

    def item_guid(self, idea):
        return tag_uri(f"hankeidea-{idea.pk}")

    def item_pubdate(self, idea):
        return idea.published_at

    def item_updateddate(self, idea):
        return idea.updated_at

    def item_categories(self, idea):
        return [c.name for c in idea.committees.all()]
