"""
The platform's rate limits and form stamps (kouvola_alue/abuse.py, kouvola_alue/limits): the
client address behind the proxies, fixed windows under a frozen clock, one-time stamps.
"""

import datetime
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import RequestFactory
from django.utils import timezone

from kouvola_alue import abuse
from kouvola_alue.limits.counters import hit, purge_expired, use_stamp
from kouvola_alue.limits.models import Counter, UsedStamp
from kouvola_alue.logfilters import PrivateDataFormatter

HOUR = 60 * 60


def request(remote="127.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def next_hour_plus(minutes):
    """A moment ``minutes`` past the next full hour, from today's clock (never a fixed date)."""
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    return now + datetime.timedelta(hours=1, minutes=minutes)


# --- The client's address -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # gunicorn faces the clients: X-Forwarded-For is whatever the client wrote.
        (0, "203.0.113.5", "198.51.100.1", "203.0.113.5"),
        (0, "203.0.113.5", None, "203.0.113.5"),
        # One nginx: it appends the address it saw, the last entry.
        (1, "127.0.0.1", "203.0.113.5", "203.0.113.5"),
        # …and what the client wrote before it proves nothing.
        (1, "127.0.0.1", "198.51.100.1, 203.0.113.5", "203.0.113.5"),
        (1, "127.0.0.1", "evil, 203.0.113.5", "203.0.113.5"),
        # Two proxies (a load balancer, then nginx): the second entry from the right.
        (2, "10.0.0.2", "198.51.100.1, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        # Fewer entries than proxies: the request went round them; the connection counts.
        (2, "203.0.113.9", "198.51.100.1", "203.0.113.9"),
        (1, "203.0.113.9", None, "203.0.113.9"),
        # Not an address where the proxy's entry should be: the connection counts.
        (1, "127.0.0.1", "198.51.100.1, not-an-ip", "127.0.0.1"),
        (1, "127.0.0.1", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_from_the_trusted_proxies_entries(
    settings, proxies, remote, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert abuse.client_address(request(remote, forwarded)) == expected


def test_without_trusted_proxies_a_forwarded_header_is_reported_once(settings, caplog, monkeypatch):
    settings.TRUSTED_PROXY_COUNT = 0
    monkeypatch.setattr(abuse, "_told_about_proxies", False)
    with caplog.at_level(logging.WARNING, logger="kouvola_alue.abuse"):
        abuse.client_address(request("127.0.0.1", "203.0.113.5"))
        abuse.client_address(request("127.0.0.1", "203.0.113.6"))
    (record,) = caplog.records
    assert "DJANGO_TRUSTED_PROXY_COUNT is 0" in record.getMessage()
    assert "203.0.113" not in caplog.text


def test_the_key_hides_the_address_and_groups_an_ipv6_network(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    key = abuse.client_key(request("203.0.113.5"))
    assert "203" not in key
    assert key != abuse.client_key(request("203.0.113.6"))
    # One IPv6 connection usually holds a /64 to rotate through.
    assert abuse.client_key(request("2001:db8:1:2::1")) == abuse.client_key(
        request("2001:db8:1:2:ffff::9")
    )
    assert abuse.client_key(request("2001:db8:1:2::1")) != abuse.client_key(
        request("2001:db8:1:3::1")
    )
    # The admin's lockout counts the same network, as an address axes can store.
    assert abuse.client_network(request("2001:db8:1:2:ffff::9")) == "2001:db8:1:2::"
    assert abuse.client_network(request("203.0.113.5")) == "203.0.113.5"


@pytest.mark.parametrize("value", [-1, "1", 1.5, True])
def test_a_wrong_proxy_count_stops_the_system_check(settings, value):
    settings.TRUSTED_PROXY_COUNT = value
    with pytest.raises(SystemCheckError, match=r"limits\.E001"):
        call_command("check")


def test_a_right_proxy_count_passes_the_system_check(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    call_command("check")


# --- Fixed windows under a frozen clock -------------------------------------------------------


@pytest.mark.django_db
def test_a_pause_does_not_restart_the_window(time_machine):
    # The finding: 10 accepted at 08:06, and after a five-minute pause 10 more at 08:11.
    start = next_hour_plus(6)
    time_machine.move_to(start, tick=False)
    counts = [hit("form", "k", period=HOUR).count for _ in range(10)]
    assert counts == list(range(1, 11))

    time_machine.shift(datetime.timedelta(minutes=5))
    assert hit("form", "k", period=HOUR).count == 11
    time_machine.shift(datetime.timedelta(minutes=48, seconds=59))  # 08:59:59
    assert hit("form", "k", period=HOUR).count == 12

    # The next hour is a new window, whatever happened in the last one.
    time_machine.shift(datetime.timedelta(seconds=1))
    result = hit("form", "k", period=HOUR)
    assert result.count == 1
    assert result.resets_at == start + datetime.timedelta(hours=2, minutes=-6)


@pytest.mark.django_db
def test_scopes_and_keys_count_apart(time_machine):
    time_machine.move_to(next_hour_plus(1), tick=False)
    hit("form", "a", period=HOUR)
    hit("form", "a", period=HOUR)
    assert hit("form", "b", period=HOUR).count == 1
    assert hit("search", "a", period=HOUR).count == 1
    assert hit("form", "a", period=HOUR).count == 3


@pytest.mark.django_db
def test_a_rate_limit_says_how_long_to_wait(time_machine, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    time_machine.move_to(next_hour_plus(45), tick=False)
    client = request("203.0.113.5")
    assert [abuse.rate_limit_exceeded(client, "t", limit=2, period=HOUR) for _ in range(3)] == [
        0,
        0,
        15 * 60,
    ]


@pytest.mark.django_db
def test_closed_windows_and_expired_stamps_are_removed_when_a_window_opens(time_machine):
    time_machine.move_to(next_hour_plus(10), tick=False)
    hit("form", "old", period=HOUR)
    assert use_stamp("s1", expires_at=timezone.now() + datetime.timedelta(minutes=30))
    time_machine.shift(datetime.timedelta(hours=1))

    hit("form", "new", period=HOUR)  # opens a window: the closed one goes

    assert list(Counter.objects.values_list("key", flat=True)) == ["new"]
    assert not UsedStamp.objects.exists()
    assert purge_expired() == 0


# --- One-time stamps --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_stamp_is_accepted_once():
    expires = timezone.now() + datetime.timedelta(hours=1)
    assert use_stamp("abc", expires_at=expires) is True
    assert use_stamp("abc", expires_at=expires) is False
    assert use_stamp("abd", expires_at=expires) is True


def test_stamps_are_signed_and_unique():
    first, second = abuse.form_stamp(), abuse.form_stamp()
    assert first != second
    assert abuse._read_stamp(first)[1] != abuse._read_stamp(second)[1]
    assert abuse._read_stamp(first[:-1] + ("A" if first[-1] != "A" else "B")) is None


# --- Search --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_search_is_limited_per_client_with_a_retry_after(client, settings, time_machine):
    time_machine.move_to(timezone.now().replace(second=30, microsecond=0), tick=False)
    settings.SEARCH_RATE_LIMIT = 2
    assert [client.get("/haku/", {"q": f"kylä{n}"}).status_code for n in range(2)] == [200, 200]

    response = client.get("/haku/", {"q": "kylä"})

    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert "Liian monta hakua" in response.content.decode()
    # The search page without a query is no search and is always there.
    assert client.get("/haku/").status_code == 200
    # Another client searches on.
    assert client.get("/haku/", {"q": "kylä"}, REMOTE_ADDR="192.0.2.8").status_code == 200


@pytest.mark.django_db
def test_the_retry_after_rounds_up_what_is_left_of_the_window(client, settings, time_machine):
    # 29.0005 s are left: a client told 29 would come back a moment too early.
    time_machine.move_to(timezone.now().replace(second=30, microsecond=999500), tick=False)
    settings.SEARCH_RATE_LIMIT = 1
    assert client.get("/haku/", {"q": "kylä"}).status_code == 200
    response = client.get("/haku/", {"q": "kylä"})
    assert response.status_code == 429
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "then"), [("/haku/", "/hankkeet/"), ("/hankkeet/", "/haku/")], ids=["haku", "ideas"]
)
def test_one_search_limit_covers_the_site_search_and_the_ideas_search(
    client, settings, time_machine, first, then
):
    time_machine.move_to(timezone.now().replace(second=30, microsecond=0), tick=False)
    settings.SEARCH_RATE_LIMIT = 2
    assert [client.get(first, {"q": f"kylä{n}"}).status_code for n in range(2)] == [200, 200]
    assert client.get(first, {"q": "kylä"}).status_code == 429

    response = client.get(then, {"q": "kylä"})

    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert "Liian monta hakua" in response.content.decode()
    # The list of ideas without a search, however filtered, is no search and stays open.
    assert client.get("/hankkeet/").status_code == 200
    assert client.get("/hankkeet/", {"q": "  "}).status_code == 200
    assert client.get("/hankkeet/", {"tila": "uusi"}).status_code == 200
    # Another client searches on.
    assert client.get(then, {"q": "kylä"}, REMOTE_ADDR="192.0.2.8").status_code == 200


# --- Logs -----------------------------------------------------------------------------------


def test_the_log_formatter_hides_addresses_and_private_link_tokens():
    token = "9f62d24914214e09a4c921ed5afb93c6:VSoiO3SBhuTYQMOZY6-dd6t1Fk8Fr4E9TIO_jzh9-GA"
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"GET /jasenhaku/hakemus/%s/ HTTP/1.1" %s',
        (token + "/x maija@example.fi", 302),
        None,
    )
    line = PrivateDataFormatter().format(record)
    assert line == '"GET /jasenhaku/hakemus/[hidden]/x [hidden]/ HTTP/1.1" 302'
    # The record itself is untouched: other handlers (and the tests' log capture) see it whole.
    assert token in record.getMessage()


def test_the_console_log_uses_it():
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler.formatter, PrivateDataFormatter)
    assert logging.getLogger("django.server").handlers[0] is handler
