"""
Staff-written text in the visitor's language (``kouvola_alue.i18n.localized_with_language``),
marked up for WCAG 3.1.2: on the English site a field without English is shown in Finnish
inside ``lang="fi"`` with a small "(in Finnish)" note that screen readers read too; on the
Finnish site the Finnish text as it is. A builtin of the template engine (settings.TEMPLATES),
so every template has it without ``{% load %}``:

``{{ idea|localized:"title" }}`` inline text (headings, links, list items);
``{{ section|localized_paragraphs:"body" }}`` plain text whose empty lines start paragraphs;
``{{ space|localized_lines:"opening_hours" }}`` plain text whose lines are kept;
``localized_list`` and ``localized_commas``: its lines as a list, or separated by commas.

Where no markup may go (``<title>``, meta descriptions, attributes) ``localized_text`` and the
models' ``display_*`` properties give the same text, plain and without the note.
"""

import re

from django import template
from django.template.defaultfilters import linebreaks_filter, linebreaksbr
from django.utils.html import Urlizer, conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from kouvola_alue.i18n import localized_with_language

register = template.Library()


def in_finnish_note():
    return format_html('<small class="lang-note">{}</small>', gettext("(in Finnish)"))


def localized_html(obj, field, *, render=conditional_escape, block=False):
    """
    The field as HTML: ``render(text)`` (escaped text by default), wrapped in ``lang="fi"``
    with the note when a Finnish text stands in for missing English on the English site.
    """
    text, language = localized_with_language(obj, field)
    if not text:
        return ""
    html = render(text)
    if language != "fi" or not _page_is_english():
        return mark_safe(html)
    if block:
        return format_html('<p>{}</p><div lang="fi">{}</div>', in_finnish_note(), html)
    return format_html('<span lang="fi">{}</span> {}', html, in_finnish_note())


def _page_is_english():
    return (get_language() or "").startswith("en")


@register.filter
def localized(obj, field):
    return localized_html(obj, field)


@register.filter
def localized_paragraphs(obj, field):
    return localized_html(obj, field, render=linebreaks_filter, block=True)


class _QuickUrlizer(Urlizer):
    """
    Django's ``urlize``, word for word, without its cost for words that cannot be links: a word
    becomes one only with "@", "://", "www." or one of the seven top-level domains Django links
    bare (``Urlizer.simple_url_2_re``); every other word comes out escaped, as Django's own
    ``handle_word`` gives it, without trimming its punctuation and matching three patterns.
    A page of staff-written sections cost 10 ms in ``urlize`` at ×100 (issue 16).
    """

    may_link = re.compile(r"@|://|www\.|\.(?:com|edu|gov|int|mil|net|org)", re.IGNORECASE)

    def handle_word(
        self, word, *, safe_input, trim_url_limit=None, nofollow=False, autoescape=False
    ):
        if self.may_link.search(word):
            return super().handle_word(
                word,
                safe_input=safe_input,
                trim_url_limit=trim_url_limit,
                nofollow=nofollow,
                autoescape=autoescape,
            )
        if safe_input:
            return mark_safe(word)
        return escape(word) if autoescape else word


_urlizer = _QuickUrlizer()


def urlize(text):
    """What the ``urlize`` filter gives (escaped, links with rel="nofollow"), sooner."""
    if not _urlizer.may_link.search(str(text)):
        # No word can become a link: every word comes out escaped, so the whole text does.
        return conditional_escape(text)
    return mark_safe(_urlizer(text, nofollow=True, autoescape=True))


@register.filter
def localized_linked_paragraphs(obj, field):
    """Paragraphs whose e-mail and web addresses are links (the page sections' contacts)."""
    return localized_html(
        obj, field, render=lambda text: linebreaks_filter(urlize(text)), block=True
    )


@register.filter
def localized_lines(obj, field):
    return localized_html(obj, field, render=linebreaksbr)


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


@register.filter
def localized_list(obj, field):
    """One item per line, as a list: ``{{ space|localized_list:"digital_services" }}``."""

    def render(text):
        items = format_html_join("", "<li>{}</li>", ((line,) for line in _lines(text)))
        return format_html('<ul class="mb-0">{}</ul>', items)

    return localized_html(obj, field, render=render, block=True)


@register.filter
def localized_commas(obj, field):
    """One item per line, on one line separated by commas."""
    return localized_html(
        obj, field, render=lambda text: conditional_escape(", ".join(_lines(text)))
    )


@register.filter
def localized_text(obj, field):
    """Plain text, where no markup may go: ``<title>``, meta descriptions, attributes."""
    return localized_with_language(obj, field)[0]


@register.filter
def finnish_name(name):
    """
    ``{{ name|finnish_name }}``: an official Finnish name that English keeps as it is (a
    statistical area's), marked ``lang="fi"`` on the English site so that it is read as
    Finnish; no note, as there is nothing to translate.
    """
    if not name or not _page_is_english():
        return name
    return format_html('<span lang="fi">{}</span>', name)
