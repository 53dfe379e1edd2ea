from django import template

from kouvola_alue.templatetags.localized import localized_html
from projects.html import render_html

register = template.Library()


@register.filter
def idea_html(text):
    """``{{ idea.display_description|idea_html }}``: the stored, sanitised description as HTML."""
    return render_html(text)


@register.filter
def idea_description(idea):
    """``{{ idea|idea_description }}``: the description in the visitor's language, as HTML."""
    return localized_html(idea, "description", render=render_html, block=True)
