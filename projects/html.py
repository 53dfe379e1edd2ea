"""
The light formatting allowed in idea descriptions: sanitised once, when it is written.

A description is stored in a ``SanitizedHTMLField``: every write of the column (the services,
the admin's form, a fixture, ``QuerySet.update()``) passes through ``sanitize_html``, so what
the database holds is only the allowed markup. What is read back is a ``SanitizedHTML``
string, and ``render_html`` marks only such a string safe; any other text it is given is
escaped. Readers (the idea page, the feed, open data, search) therefore never sanitise again.
If the policy below is tightened, a data migration re-sanitises the stored rows
(``projects/migrations/0006_description_sanitised_once.py`` shows how).
"""

import nh3
from django.db import models
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"
BLOCK_TAGS = ("<p", "<ul", "<ol")


class SanitizedHTML(str):
    """Text that has been through ``sanitize_html``, or read from a column that holds only such."""


def sanitize_html(text):
    """The text with only the allowed tags and link addresses left."""
    if isinstance(text, SanitizedHTML):
        return text
    if not text:
        return SanitizedHTML("")
    return SanitizedHTML(
        nh3.clean(
            text,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel=LINK_REL,
        ).strip()
    )


def render_html(text):
    """
    HTML for a page. Sanitised text is marked safe, and a text written without block tags (as
    most residents write) gets its paragraphs and line breaks from empty lines and newlines;
    any other text is escaped.
    """
    if not isinstance(text, SanitizedHTML):
        return mark_safe(linebreaks(text, autoescape=True)) if text else ""
    if text and not any(tag in text for tag in BLOCK_TAGS):
        # Only inline markup is left, all of it safe: paragraphs around it add no risk.
        return mark_safe(linebreaks(text, autoescape=False))
    return mark_safe(text)


class SanitizedHTMLField(models.TextField):
    """
    A text column that holds only sanitised HTML. The value is sanitised on its way into the
    database, whichever way it goes (``save()``, ``QuerySet.update()``, fixtures), and read
    back as ``SanitizedHTML``.
    """

    def pre_save(self, model_instance, add):
        # The saved object then holds what the database holds.
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value is None else str(sanitize_html(value))

    def from_db_value(self, value, expression, connection):
        return value if value is None else SanitizedHTML(value)
