"""
The portal's Atom feeds (RFC 4287) share their author, rights, permanent ids and conditional
GET here; each domain app's feed says only what its entries are.
"""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kouvola_alue import publisher
from kouvola_alue.pagecache import cached_download

# Nothing in the feeds is older than the first area committees (autumn 2018).
EMPTY_FEED_UPDATED = datetime.datetime(2018, 9, 1, tzinfo=datetime.UTC)


class StableAtom1Feed(Atom1Feed):
    def latest_post_date(self):
        # Django falls back to "now" for a feed without entries, which would give the same
        # empty feed a new ETag every second.
        if not self.items:
            return EMPTY_FEED_UPDATED
        return super().latest_post_date()


class PortalFeed(Feed):
    """
    An Atom feed of the portal. The feed-level ``<author>`` covers every entry (RFC 4287
    §4.1.1); ``feed_id`` names the feed in a tag URI that no host name changes.
    """

    feed_type = StableAtom1Feed
    author_link = publisher.PUBLISHER_URL
    item_guid_is_permalink = False

    # The cache scopes its entries belong to (kouvola_alue/cachescopes.py), e.g. ("meetings",).
    cache_scopes = ()

    def __call__(self, request, *args, **kwargs):
        # A feed is read, never posted to: other methods get 405 like every page without a form.
        view = require_safe(cached_download(*self.cache_scopes)(super().__call__))
        return view(request, *args, **kwargs)

    def feed_id(self, obj):
        raise NotImplementedError

    def feed_guid(self, obj):
        # Each language's feed is a feed of its own (its titles and texts differ): the
        # default language keeps the plain id, another one adds its code.
        language = get_language()
        suffix = "" if language == settings.LANGUAGE_CODE else f"-{language}"
        return publisher.tag_uri(self.feed_id(obj) + suffix)

    def author_name(self):
        return str(publisher.PUBLISHER_NAME)

    def feed_copyright(self):
        return _("%(attribution)s. Licence: %(licence)s, %(uri)s") % {
            "attribution": publisher.ATTRIBUTION,
            "licence": publisher.LICENCE_NAME,
            "uri": publisher.LICENCE_URI,
        }
