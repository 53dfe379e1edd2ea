"""
Fixed-window counters and one-time stamps.

A counter's window starts at a multiple of its period (an hour's window is 08:00–09:00), so a
pause between attempts never restarts it. Each attempt is counted by one statement that the
database (or Redis) carries out atomically: no read-then-write, so simultaneous posts on any
number of workers and machines can never both see the same count.
"""

import datetime
from functools import cache
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from kouvola_alue.limits.models import Counter, UsedStamp


class Hit(NamedTuple):
    count: int
    """Attempts in the current window, this one included."""
    resets_at: datetime.datetime
    """When the window ends and the count starts again from nothing."""


def hashed(value):
    """A key that stands for ``value`` (an address, an e-mail) without storing it."""
    return salted_hmac("kouvola_alue.limits", str(value)).hexdigest()[:32]


def window(period, now=None):
    """The fixed window of ``period`` seconds that contains ``now``: (start, end)."""
    now = now or timezone.now()
    start = int(now.timestamp()) // period * period
    start = datetime.datetime.fromtimestamp(start, tz=datetime.UTC)
    return start, start + datetime.timedelta(seconds=period)


def hit(scope, key, *, period, now=None, purge=True):
    """
    Count one event of ``key`` in ``scope`` and return the count of its current window.
    ``purge=False`` where the key names someone other than the client (a recipient's address):
    a first count would otherwise do more work than a repeat, and the time of the answer would
    tell whether the address was known.
    """
    start, end = window(period, now)
    if settings.REDIS_URL:
        count = _hit_redis(scope, key, start, end)
    else:
        count = _hit_database(scope, key, start, end)
        if count == 1 and purge:
            # A window has just opened: a good moment to forget the ones that have closed, so
            # the table stays as small as the number of clients active in one window.
            purge_expired(now=now)
    return Hit(count=count, resets_at=end)


def use_stamp(stamp, *, expires_at):
    """Record ``stamp`` as used. False if it had been used before (a replayed form)."""
    if settings.REDIS_URL:
        ttl = max(1, int((expires_at - timezone.now()).total_seconds()))
        return bool(_redis().set(f"kouvola:stamp:{stamp}", 1, nx=True, ex=ttl))
    try:
        with transaction.atomic(using=router.db_for_write(UsedStamp)):
            UsedStamp.objects.create(stamp=stamp, expires_at=expires_at)
    except IntegrityError:
        return False
    return True


def purge_expired(now=None):
    """Delete the counters and stamps whose time is over; returns how many rows went."""
    now = now or timezone.now()
    counters, _ = Counter.objects.filter(expires_at__lte=now).delete()
    stamps, _ = UsedStamp.objects.filter(expires_at__lte=now).delete()
    return counters + stamps


def _hit_database(scope, key, start, end):
    # One INSERT … ON CONFLICT DO UPDATE … RETURNING (PostgreSQL 9.5+, SQLite 3.35+): the
    # database creates the window's row or adds one to it under the row's lock, and hands
    # back the count this very statement left there.
    using = router.db_for_write(Counter)
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(Counter._meta.db_table)
    column = {
        name: quote(Counter._meta.get_field(name).column)
        for name in ("scope", "key", "window_start", "count", "expires_at")
    }
    prep = Counter._meta.get_field("window_start").get_db_prep_value
    sql = (
        f"INSERT INTO {table} ({column['scope']}, {column['key']}, {column['window_start']}, "
        f"{column['count']}, {column['expires_at']}) VALUES (%s, %s, %s, 1, %s) "
        f"ON CONFLICT ({column['scope']}, {column['key']}, {column['window_start']}) "
        f"DO UPDATE SET {column['count']} = {table}.{column['count']} + 1 "
        f"RETURNING {column['count']}"
    )
    params = [scope, key, prep(start, connection), prep(end, connection)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _hit_redis(scope, key, start, end):
    name = f"kouvola:limit:{scope}:{key}:{int(start.timestamp())}"
    # INCR and EXPIRE … NX in one MULTI: the first attempt of a window sets when the key goes,
    # and later ones never push it back. A minute's margin covers clocks that differ a little.
    ttl = int((end - timezone.now()).total_seconds()) + 60
    pipe = _redis().pipeline(transaction=True)
    pipe.incr(name)
    pipe.expire(name, max(ttl, 1), nx=True)
    count, _ = pipe.execute()
    return int(count)


@cache
def _client(url):
    import redis  # only needed when REDIS_URL is set

    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def _redis():
    return _client(settings.REDIS_URL)
