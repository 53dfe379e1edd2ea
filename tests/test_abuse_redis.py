"""
The same counters and stamps in Redis, as when REDIS_URL is set: a real redis-server on a
loopback port of its own, started for these tests (Debian's redis-server; CI installs it).
"""

import datetime
import shutil
import socket
import subprocess
import time

import pytest
from django.utils import timezone

from kouvola_alue.limits import counters
from kouvola_alue.limits.models import Counter, UsedStamp
from tests.support import IN_CI, run_concurrently

HOUR = 60 * 60


@pytest.fixture(scope="module")
def redis_url():
    binary = shutil.which("redis-server")
    if binary is None:
        reason = "needs redis-server (apt-get install redis-server; CI installs it)"
        if IN_CI:
            pytest.fail(f"CI must not skip: {reason}")
        pytest.skip(reason)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = counters._client(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except Exception:
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def redis(settings, redis_url):
    settings.REDIS_URL = redis_url
    client = counters._client(redis_url)
    client.flushdb()
    return client


def test_redis_counts_a_fixed_window_that_a_pause_does_not_restart(redis, time_machine):
    hour = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(hours=1)
    time_machine.move_to(hour + datetime.timedelta(minutes=6), tick=False)
    assert [counters.hit("form", "k", period=HOUR).count for _ in range(3)] == [1, 2, 3]
    (name,) = redis.keys("kouvola:limit:form:k:*")
    first_ttl = redis.ttl(name)
    assert 54 * 60 < first_ttl <= 55 * 60

    time_machine.shift(datetime.timedelta(minutes=5))
    assert counters.hit("form", "k", period=HOUR).count == 4
    # EXPIRE … NX: a later attempt never pushes the end of the window back.
    assert redis.ttl(name) <= first_ttl

    time_machine.move_to(hour + datetime.timedelta(hours=1), tick=False)
    assert counters.hit("form", "k", period=HOUR).count == 1


def test_redis_takes_a_stamp_once(redis):
    expires = timezone.now() + datetime.timedelta(hours=1)
    assert counters.use_stamp("abc", expires_at=expires) is True
    assert counters.use_stamp("abc", expires_at=expires) is False
    assert 3500 < redis.ttl("kouvola:stamp:abc") <= 3600


@pytest.mark.django_db
def test_with_redis_nothing_is_written_to_the_database(redis):
    counters.hit("form", "k", period=HOUR)
    counters.use_stamp("abc", expires_at=timezone.now() + datetime.timedelta(hours=1))
    assert not Counter.objects.exists()
    assert not UsedStamp.objects.exists()


def test_twenty_simultaneous_hits_each_get_their_own_count(redis):

    def attempt():
        return counters.hit("form", "one-address", period=HOUR).count

    counts = run_concurrently(attempt, [()] * 20)
    assert sorted(counts) == list(range(1, 21))
