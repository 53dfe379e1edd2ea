from django import template

from kouvola_alue.i18n import localized as localized_text

register = template.Library()


@register.filter
def localized(obj, field):
    """``{{ committee|localized:"task" }}``: the English text in the English UI, if written."""
    return localized_text(obj, field)
