"""
``{% fragment "name" value… %}…{% endfragment %}``: a part of a page that changes rarely
(committee cards, goals, rosters, meeting lists, staff-written sections), kept in the shared
cache until the next committed public write. The key is the name, the page cache's version, the
language, the day, a period of a few minutes (what is "upcoming" moves with the clock) and the
values given (e.g. the committee, the page's query); the querysets inside are lazy (and a view
may hand over ``pagecache.lazy_context``), so a hit reads neither them nor renders the part
again. With ``CONTENT_CACHE_SECONDS = 0`` (tests) the part is simply rendered, touching no
cache.

A part is shared by every visitor: nothing personal may be in it. A part that used the CSRF
token (a form that posts) is never kept, so a token cannot leak into another visitor's page.
"""

from django import template
from django.conf import settings
from django.core.cache import caches
from django.utils.safestring import mark_safe

from kouvola_alue.pagecache import fragment_key

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        seconds = settings.CONTENT_CACHE_SECONDS
        if seconds <= 0:
            return self.nodelist.render(context)
        key = fragment_key(self.name, *(v.resolve(context) for v in self.vary_on))
        cache = caches["pages"]
        value = cache.get(key)
        if value is None:
            meta = getattr(context.get("request"), "META", {})
            token_used_before = meta.get("CSRF_COOKIE_NEEDS_UPDATE")
            value = self.nodelist.render(context)
            if meta.get("CSRF_COOKIE_NEEDS_UPDATE") and not token_used_before:
                return value
            cache.set(key, str(value), seconds)
        return mark_safe(value)


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return FragmentNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
