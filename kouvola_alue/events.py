"""
Public happenings that residents may follow (a meeting published, minutes added, an idea
published or its status changed, a recruitment opened), announced by the domain apps'
services and heard by whoever listens (the ``following`` app mails its subscribers).

The domain apps announce without knowing who listens, so they never import the layer above
them; a listener is called only once the announcing transaction has committed, so nothing a
listener does (queueing mail) happens inside a clerk's save or survives its rollback::

    from kouvola_alue import events

    events.announce(events.Happening(kind=events.MEETING_PUBLISHED, topic=events.MEETINGS,
                                     committee_ids=(meeting.committee_id,), object_id=meeting.pk))
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

# Topics a resident chooses to follow, and the kinds of happening in each. A new app (e.g.
# bookings with "space events") adds its own topic and kinds here and announces them.
MEETINGS, IDEAS, RECRUITMENT = "meetings", "ideas", "recruitment"

MEETING_PUBLISHED = "meeting_published"
MINUTES_PUBLISHED = "minutes_published"
IDEA_PUBLISHED = "idea_published"
IDEA_STATUS_CHANGED = "idea_status_changed"
CAMPAIGN_OPENED = "campaign_opened"


@dataclass(frozen=True)
class Happening:
    kind: str
    topic: str
    committee_ids: tuple
    object_id: int
    detail: str = ""
    """Makes the happening's key unique where one object can have several of a kind (the id
    of a status change)."""

    @property
    def key(self):
        """The same happening announced twice has the same key: it is told only once."""
        return ":".join(str(part) for part in (self.kind, self.object_id, self.detail) if part)


_LISTENERS: list[Callable[[Happening], None]] = []


def listen(listener):
    """Call ``listener(happening)`` after each committed announcement (from ``ready()``)."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)
    return listener


def announce(happening):
    """Tell the listeners of ``happening`` once the current transaction commits."""
    if not happening.committee_ids:
        return

    def tell():
        for listener in _LISTENERS:
            listener(happening)

    # robust: the clerk's change is committed by now; a listener that fails (the queue's
    # table unreachable) is logged by Django and must not turn the saved change into an error.
    transaction.on_commit(tell, robust=True)
