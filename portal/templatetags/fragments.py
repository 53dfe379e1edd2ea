"""
``{% fragment "name" value… %}…{% endfragment %}``: a part of a page that changes rarely
(committee cards, goals, staff-written sections), kept in the shared cache until the next
committed public write. The key is the name, the page cache's version, the language, the day and
the values given (e.g. the current term); the querysets inside are lazy, so a hit reads neither
them nor renders the part again. With ``CONTENT_CACHE_SECONDS = 0`` (tests) the part is
simply rendered, touching no cache.
"""

from django import template
from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from kouvola_alue.pagecache import current_version

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
        # The day too: who is seated and what is upcoming move with the date.
        values = [
            current_version(),
            get_language(),
            timezone.localdate(),
            *(v.resolve(context) for v in self.vary_on),
        ]
        key = make_template_fragment_key(f"fragment:{self.name}", values)
        cache = caches["pages"]
        value = cache.get(key)
        if value is None:
            value = self.nodelist.render(context)
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
