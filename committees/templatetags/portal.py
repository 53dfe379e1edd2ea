from django import template
from django.utils import dateformat, timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.text import capfirst

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


@register.simple_tag
def meeting_when(meeting):
    """
    ``{% meeting_when meeting %}``: when a meeting is, as the lists show it ("Tiistai
    8.12.2026 klo 18.00–20.00", each end a ``<time>``): what eight ``date`` filters gave per
    meeting, from one conversion to Helsinki time each.
    """
    starts = timezone.localtime(meeting.starts_at)
    ends = timezone.localtime(meeting.ends_at)
    return format_html(
        '<time datetime="{}">{} {}</time>–<time datetime="{}">{}</time>',
        dateformat.format(starts, "c"),
        capfirst(date_format(starts, "l")),
        date_format(starts, "DATETIME_FORMAT"),
        dateformat.format(ends, "c"),
        time_format(ends),
    )
