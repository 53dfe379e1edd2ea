"""
Public happenings that residents may follow, as Django signals: each domain app declares its
own (``committees/events.py``: a meeting published, its minutes published; ``projects/events.py``;
``recruitment/events.py``) and announces them from its services; whoever listens connects to
them (the ``following`` app, which mails its subscribers). The platform gives only the kind of
signal:

    meeting_published = PublicEvent("meeting_published", topic=MEETINGS)   # in committees
    meeting_published.announce(committee_ids=(meeting.committee_id,), object_id=meeting.pk)

A ``PublicEvent`` is sent only once the announcing transaction has committed, so nothing a
receiver does (queueing mail) happens inside a clerk's save or survives its rollback. Its
receivers get ``happening``, a ``Happening``: what happened, to what, in which areas.
"""

from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal


@dataclass(frozen=True)
class Happening:
    kind: str
    topic: str
    """What a resident chooses to follow to hear of it (the announcing app's topic)."""
    committee_ids: tuple
    object_id: int
    detail: str = ""
    """Makes the happening's key unique where one object can have several of a kind (the id
    of a status change)."""

    @property
    def key(self):
        """The same happening announced twice has the same key: it is told only once."""
        return ":".join(str(part) for part in (self.kind, self.object_id, self.detail) if part)


class PublicEvent(Signal):
    """A kind of public happening: a signal sent after the announcing transaction commits."""

    def __init__(self, kind, *, topic):
        super().__init__()
        self.kind, self.topic = kind, topic

    def happening(self, *, committee_ids, object_id, detail=""):
        return Happening(
            kind=self.kind,
            topic=self.topic,
            committee_ids=tuple(committee_ids),
            object_id=object_id,
            detail=str(detail),
        )

    def announce(self, *, committee_ids, object_id, detail=""):
        """Tell the receivers, once the current transaction commits; nothing without areas."""
        happening = self.happening(committee_ids=committee_ids, object_id=object_id, detail=detail)
        if not happening.committee_ids:
            return
        # robust: the clerk's change is committed by now; a receiver that fails (the queue's
        # table unreachable) is logged by Django and must not turn the saved change into an
        # error.
        transaction.on_commit(
            lambda: self.send(sender=self.__class__, happening=happening), robust=True
        )

    def __repr__(self):
        return f"<PublicEvent {self.kind} ({self.topic})>"
