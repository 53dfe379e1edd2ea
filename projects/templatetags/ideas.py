from django import template

from projects.html import render_html

register = template.Library()


@register.filter
def idea_html(text):
    """``{{ idea.display_description|idea_html }}``: the stored, sanitised description as HTML."""
    return render_html(text)
