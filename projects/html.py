"""
The light formatting allowed in idea descriptions, and its sanitising.

Descriptions are sanitised twice: when saved (the model's ``clean``, used by the proposal
form and the admin), so that the stored text is what the public sees and every other reader
of the field gets safe markup; and again when shown (the ``idea_html`` filter), so that a
row that reached the database another way (shell, fixtures, an import) or was stored under
an older, looser policy is still shown safely.
"""

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"
BLOCK_TAGS = ("<p", "<ul", "<ol")


def sanitize_html(text):
    """The text with only the allowed tags and link addresses left."""
    if not text:
        return ""
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    ).strip()


def render_html(text):
    """
    Safe HTML for a page. A text written without block tags (as most residents write) gets
    its paragraphs and line breaks from empty lines and newlines.
    """
    clean = sanitize_html(text)
    if clean and not any(tag in clean for tag in BLOCK_TAGS):
        # Only inline markup is left, all of it safe: paragraphs around it add no risk.
        clean = linebreaks(clean, autoescape=False)
    return mark_safe(clean)
