"""The project ideas' public happenings, which residents may follow (``kouvola_alue.events``)."""

from kouvola_alue.events import PublicEvent

IDEAS = "ideas"

idea_published = PublicEvent("idea_published", topic=IDEAS)
idea_status_changed = PublicEvent("idea_status_changed", topic=IDEAS)
