"""
Hears the domain apps' public events (``kouvola_alue.events.PublicEvent``), after their
transaction has committed, and hands each to the task worker: recording it and finding its
subscribers is done there, never in the request or the clerk's save that announced it.
"""

from django.dispatch import receiver
from django_tasks import task

from committees.events import meeting_published, minutes_published
from projects.events import idea_published, idea_status_changed


@task()
def record_happening(*, kind, topic, committee_ids, object_id, key):
    from following.services import event_record

    recorded = event_record(
        kind=kind, topic=topic, committee_ids=committee_ids, object_id=object_id, key=key
    )
    return len(recorded)


@receiver(
    [meeting_published, minutes_published, idea_published, idea_status_changed],
    dispatch_uid="following.queue_happening",
)
def queue_happening(sender, *, happening, **kwargs):
    record_happening.enqueue(
        kind=happening.kind,
        topic=happening.topic,
        committee_ids=list(happening.committee_ids),
        object_id=happening.object_id,
        key=happening.key,
    )
