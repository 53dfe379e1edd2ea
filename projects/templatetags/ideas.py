from django import template

from projects.html import render_html

register = template.Library()


@register.filter
def idea_html(text):
    """``{{ idea.display_description|idea_html }}``: the description, sanitised for the page."""
    return render_html(text)
