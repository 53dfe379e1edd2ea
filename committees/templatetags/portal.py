from django import template
from django.utils.html import format_html

from kouvola_alue.templatetags.localized import localized, localized_html

register = template.Library()

# The platform's filter under the name templates that load this library already use.
register.filter("localized", localized)


@register.filter
def meeting_place(meeting):
    """``{{ meeting|meeting_place }}``: ``Meeting.place`` as HTML, the space's name localised."""
    if meeting.space_id:
        return format_html("{}, {}", localized_html(meeting.space, "name"), meeting.space.address)
    return meeting.address


@register.filter
def meeting_title(meeting):
    """``{{ meeting|meeting_title }}``: ``Meeting.display_title`` as HTML, its title localised."""
    if meeting.title:
        return localized_html(meeting, "title")
    return meeting.display_title
