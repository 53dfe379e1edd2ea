"""
The database going away: pages and form posts answer 503 with Retry-After and say that
nothing was saved, and the portal recovers by itself once the database is back.
"""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.db.backends.utils import CursorWrapper

from tests import factories
from tests.support import free_port

ROOT = Path(__file__).resolve().parent.parent.parent


def failing(error):
    def execute(*args, **kwargs):
        raise error

    return execute


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError("connection refused"), InterfaceError("gone")])
def test_a_page_without_its_database_is_503_with_retry_after(client, monkeypatch, error):
    monkeypatch.setattr(CursorWrapper, "execute", failing(error))
    client.raise_request_exception = False
    response = client.get("/aluetoimikunnat/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Palvelu on tilapäisesti poissa käytöstä" in page
    assert "Mitään ei tallennettu" in page


@pytest.mark.django_db
def test_a_form_sent_while_the_database_is_down_is_told_nothing_was_saved(client, monkeypatch):
    monkeypatch.setattr(CursorWrapper, "execute", failing(OperationalError("server closed")))
    client.raise_request_exception = False
    response = client.post("/en/hankkeet/ehdota/", {"title": "Uusi idea"})
    assert response.status_code == 503
    assert "Nothing was saved: if you were sending a form" in response.content.decode()


@pytest.mark.django_db
def test_healthz_without_its_database_says_when_to_try_again(client, monkeypatch):
    monkeypatch.setattr(CursorWrapper, "execute", failing(OperationalError("connection refused")))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_other_failures_are_still_the_branded_500(client, monkeypatch):
    monkeypatch.setattr(CursorWrapper, "execute", failing(RuntimeError("a bug")))
    client.raise_request_exception = False
    response = client.get("/aluetoimikunnat/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Palvelussa on häiriö" in response.content.decode()


# --- The real thing: gunicorn, a relay to PostgreSQL, the relay cut and restored -------------


class Relay:
    """A TCP relay between the portal and PostgreSQL that can be cut and put back."""

    def __init__(self, target):
        self.target = target
        self.port = free_port()
        self.lock = threading.Lock()
        self.sockets = []
        self.listener = None
        # While hanging, connections are accepted and held, and nothing is forwarded: a
        # database that accepts connections and never answers.
        self.hanging = False

    def open(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def close(self):
        """Refuse new connections and cut the open ones, as a database that went down."""
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        with self.lock:
            sockets, self.sockets = self.sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if self.hanging:
                with self.lock:
                    self.sockets.append(client)
                continue
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)


def fetch(url):
    # Behind docs/OPERATIONS.md's TLS proxy: the proxy says the visitor came over HTTPS.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def production_env(database_url):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_")) and k != "REDIS_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="kouvola_alue.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="relay-test-only-not-secret-kHq8v2LmZp9xRw4NcYb7sJd1Fg",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_EMAIL_HOST="smtp.invalid",
        DATABASE_URL=database_url,
    )
    return env


@contextlib.contextmanager
def gunicorn(database_url):
    port = free_port()
    env = production_env(database_url)
    command = [sys.executable, "-m", "gunicorn", "kouvola_alue.wsgi", "--workers", "1"]
    process = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(base + "/healthz")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(process.stderr.read().decode()[-3000:]) from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_going_away_and_coming_back_without_a_restart():
    factories.CommitteeFactory(name="Relekylän aluetoimikunta", slug="relekyla")
    db = connection.settings_dict
    relay = Relay((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    relay.open()
    url = f"postgresql://{db['USER']}@127.0.0.1:{relay.port}/{db['NAME']}"
    data = "/avoin-data/aluetoimikunnat.json"
    try:
        with gunicorn(url) as base:
            status, _, body = fetch(base + data)
            assert status == 200
            assert "Relekylän aluetoimikunta" in body

            relay.close()
            status, headers, body = fetch(base + data)
            assert status == 503
            assert headers["Retry-After"] == "30"
            assert "Mitään ei tallennettu" in body
            assert fetch(base + "/healthz")[0] == 503

            relay.open()
            status, _, body = fetch(base + data)
            assert status == 200
            assert "Relekylän aluetoimikunta" in body
            assert fetch(base + "/healthz")[0] == 200
    finally:
        relay.close()


def relay_to_test_database():
    db = connection.settings_dict
    relay = Relay((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    return relay, f"postgresql://{db['USER']}@127.0.0.1:{relay.port}/{db['NAME']}"


def timed_fetch(url):
    started = time.monotonic()
    status, headers, body = fetch(url)
    return status, headers, body, time.monotonic() - started


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_hung_database_is_503_with_retry_after_within_five_seconds():
    """Issue 20: PostgreSQL accepts connections and never answers."""
    factories.CommitteeFactory(name="Relekylän aluetoimikunta", slug="relekyla")
    relay, url = relay_to_test_database()
    relay.hanging = True
    relay.open()
    pages = ("/healthz", "/", "/aluetoimikunnat/relekyla/", "/avoin-data/aluetoimikunnat.json")
    try:
        with gunicorn(url) as base:
            for path in pages:
                status, headers, body, seconds = timed_fetch(base + path)
                assert (path, status, headers.get("Retry-After")) == (path, 503, "30")
                assert seconds < 5, f"{path} took {seconds:.1f} s"
            assert "Mitään ei tallennettu" in body

            relay.hanging = False
            status, _, body = fetch(base + "/avoin-data/aluetoimikunnat.json")
            assert status == 200 and "Relekylän aluetoimikunta" in body
            assert fetch(base + "/healthz")[0] == 200
    finally:
        relay.close()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_task_worker_waits_for_the_database_and_goes_on(settings, tmp_path):
    """Issue 20: `manage.py db_worker` (as `make run` and the systemd unit start it)."""
    from django_tasks_db.models import DBTaskResult

    from kouvola_alue.mailqueue.outbox import send_mail

    relay, url = relay_to_test_database()
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
            cwd=ROOT,
            env=production_env(url),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        time.sleep(3)  # refused: nothing listens on the relay's port
        assert worker.poll() is None, log.read_text()[-3000:]
        relay.hanging = True
        relay.open()
        time.sleep(5)  # accepted and never answered
        assert worker.poll() is None, log.read_text()[-3000:]
        assert "The database cannot be reached (OperationalError)" in log.read_text()

        relay.hanging = False
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        result = send_mail.enqueue(mail_id=0)
        deadline = time.monotonic() + 60
        while DBTaskResult.objects.get(pk=result.id).status != "SUCCESSFUL":
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            assert worker.poll() is None, log.read_text()[-3000:]
            time.sleep(0.5)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        relay.close()
