"""
Hears the domain apps' announcements (``kouvola_alue.events``), after their transaction has
committed, and hands each to the task worker: recording it and finding its subscribers is
done there, never in the request or the clerk's save that announced it.
"""

from django_tasks import task

from kouvola_alue import events


@task()
def record_happening(*, kind, topic, committee_ids, object_id, key):
    from following.services import event_record

    recorded = event_record(
        kind=kind, topic=topic, committee_ids=committee_ids, object_id=object_id, key=key
    )
    return len(recorded)


@events.listen
def queue_happening(happening):
    record_happening.enqueue(
        kind=happening.kind,
        topic=happening.topic,
        committee_ids=list(happening.committee_ids),
        object_id=happening.object_id,
        key=happening.key,
    )
