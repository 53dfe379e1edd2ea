"""The committees' public happenings, which residents may follow (``kouvola_alue.events``)."""

from kouvola_alue.events import PublicEvent

MEETINGS = "meetings"

meeting_published = PublicEvent("meeting_published", topic=MEETINGS)
minutes_published = PublicEvent("minutes_published", topic=MEETINGS)
