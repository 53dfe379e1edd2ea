"""
Two app machines behind one load balancer, as production runs them: two gunicorn instances on
two ports with production settings (debug off, behind a TLS proxy), one PostgreSQL (the test
database), one Redis (Debian's redis-server) and one S3 API (moto in server mode) for the
uploaded documents. A visitor's requests go to either machine with the same cookies, as a load
balancer without sticky sessions sends them; nothing may depend on which one answers.

The last tests check the settings that choose where uploaded documents are kept.
"""

import contextlib
import datetime
import http.client
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from typing import NamedTuple

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kouvola_alue.abuse import SEARCH_PERIOD
from portal.models import PageSection
from tests import factories
from tests.committees.factories import MeetingFactory
from tests.support import IN_CI, free_port

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Kouvola-kaksi-konetta-2026"
BUCKET = "kouvola-asiakirjat"
REGION = "eu-north-1"
S3_KEYS = {"aws_access_key_id": "moto-test", "aws_secret_access_key": "moto-test-secret"}
DEMO_PDF = ROOT / "committees" / "data" / "demo_minutes.pdf"
# Everything below waits for a server with this bound, never for a fixed time.
START_SECONDS = 90


# --- The machines ----------------------------------------------------------------------------


def missing_prerequisite():
    """Why the machines cannot be started here, or None."""
    if connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgresql://… (CI runs it)"
    if shutil.which("redis-server") is None:
        return "needs redis-server (apt-get install redis-server; CI installs it)"
    if moto_server() is None:
        return "needs moto_server (pip install -r requirements-test.txt)"
    return None


def moto_server():
    beside = Path(sys.executable).with_name("moto_server")
    return str(beside) if beside.exists() else shutil.which("moto_server")


def wait_until(ready, process, log, what):
    deadline = time.monotonic() + START_SECONDS
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise RuntimeError(f"{what} did not start:\n{tail}")
        time.sleep(0.2)


def answers(port, path="/"):
    def ready():
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
            return status < 500
        except OSError:
            return False

    return ready


@contextlib.contextmanager
def started(command, log, stop=signal.SIGTERM, **kwargs):
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT, **kwargs
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(stop)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Machine(NamedTuple):
    name: str
    port: int


class Shared(NamedTuple):
    machines: tuple
    redis: object
    s3: object
    media_root: Path


def s3_client(endpoint):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **S3_KEYS)


@pytest.fixture(scope="module")
def shared(django_db_setup, tmp_path_factory):
    """
    Redis, the S3 API and two gunicorn machines on the test database, started once for this
    module; every wait for a server is bounded, and a server that dies shows its log.
    """
    reason = missing_prerequisite()
    if reason:
        if IN_CI:
            pytest.fail(f"CI must not skip: {reason}")
        pytest.skip(reason)
    import redis

    work = tmp_path_factory.mktemp("two-machines")
    redis_port, s3_port = free_port(), free_port()
    redis_command = ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1"]
    redis_command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
    s3_command = [moto_server(), "-H", "127.0.0.1", "-p", str(s3_port)]
    endpoint = f"http://127.0.0.1:{s3_port}"
    database = connection.settings_dict
    password = urllib.parse.quote(database["PASSWORD"] or "", safe="")
    credentials = database["USER"] + (f":{password}" if password else "")
    host = database["HOST"] or "127.0.0.1"
    database_url = f"postgresql://{credentials}@{host}:{database['PORT'] or 5432}/"
    database_url += database["NAME"]
    media_root = work / "media"
    # The machine's own environment, less anything that would choose settings for it.
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_", "REDIS_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="kouvola_alue.settings",
        DJANGO_DEBUG="false",
        # The same secret on every machine: sessions and signed form stamps are read anywhere.
        DJANGO_SECRET_KEY="two-machines-test-only-" + "k7Hq2Lm9Zp4Rw8NcYb1sJd6Fg3Tx5Ve0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # Mail waits in the task queue (the database); no worker runs here.
        DJANGO_EMAIL_HOST="smtp.invalid",
        DATABASE_URL=database_url,
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        # The load balancer appends the visitor's address to X-Forwarded-For.
        DJANGO_TRUSTED_PROXY_COUNT="1",
        DJANGO_PAGE_CACHE_SECONDS="60",
        DJANGO_MEDIA_ROOT=str(media_root),
        DJANGO_STATIC_ROOT=str(work / "static"),
        DJANGO_MEDIA_STORAGE="s3",
        DJANGO_S3_BUCKET=BUCKET,
        DJANGO_S3_ENDPOINT_URL=endpoint,
        DJANGO_S3_REGION=REGION,
        DJANGO_S3_ACCESS_KEY_ID=S3_KEYS["aws_access_key_id"],
        DJANGO_S3_SECRET_ACCESS_KEY=S3_KEYS["aws_secret_access_key"],
        DJANGO_S3_ADDRESSING_STYLE="path",
    )
    ports = (free_port(), free_port())
    gunicorn = [sys.executable, "-m", "gunicorn", "kouvola_alue.wsgi", "--workers", "1"]
    with contextlib.ExitStack() as stack:
        redis_process = stack.enter_context(started(redis_command, work / "redis.log"))
        s3_process = stack.enter_context(started(s3_command, work / "s3.log"))
        # As a release is installed: the hashed, compressed static files the pages name (while
        # Redis and the S3 API start).
        collecting = stack.enter_context(
            started(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
                work / "collectstatic.log",
                env=environment,
            )
        )
        assert collecting.wait(timeout=300) == 0, (work / "collectstatic.log").read_text()
        web = [
            stack.enter_context(
                started(
                    [*gunicorn, "--bind", f"127.0.0.1:{port}"],
                    work / f"gunicorn-{port}.log",
                    env=environment,
                    # gunicorn's quick shutdown: nothing is left to finish.
                    stop=signal.SIGINT,
                )
            )
            for port in ports
        ]
        client = redis.Redis(
            host="127.0.0.1", port=redis_port, socket_timeout=5, socket_connect_timeout=5
        )

        def redis_ready():
            try:
                return client.ping()
            except redis.RedisError:
                return False

        wait_until(redis_ready, redis_process, work / "redis.log", "redis-server")
        wait_until(answers(s3_port), s3_process, work / "s3.log", "moto_server")
        s3 = s3_client(endpoint)
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        for process, port in zip(web, ports, strict=True):
            log = work / f"gunicorn-{port}.log"
            wait_until(answers(port, "/healthz"), process, log, f"gunicorn on {port}")
        yield Shared(
            machines=(Machine("A", ports[0]), Machine("B", ports[1])),
            redis=client,
            s3=s3,
            media_root=media_root,
        )


@pytest.fixture
def machines(shared):
    """Both machines, with the shared cache emptied (as every database test starts)."""
    shared.redis.flushdb()
    return shared


# --- A visitor behind the load balancer ------------------------------------------------------


class Answer(NamedTuple):
    status: int
    headers: object
    body: bytes

    @property
    def text(self):
        return re.sub(r"\s+", " ", self.body.decode(errors="replace"))


class Visitor:
    """
    A browser whose requests reach the machines through the TLS-terminating load balancer:
    the balancer says the visitor came over HTTPS and from which address. The visitor's one
    cookie jar goes to whichever machine answers, Secure cookies included (the browser saw
    HTTPS; the balancer speaks plain HTTP to the machines).
    """

    def __init__(self, address):
        self.address = address
        self.cookies = {}
        self.set_cookies = {}

    def get(self, machine, path):
        return self._send(machine, "GET", path, {}, None)

    def post(self, machine, path, fields, files=None):
        origin = f"https://127.0.0.1:{machine.port}"
        headers = {"Origin": origin, "Referer": origin + path}
        if files:
            boundary = secrets.token_hex(16)
            body = multipart(fields, files, boundary)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self._send(machine, "POST", path, headers, body)

    def _send(self, machine, method, path, headers, body):
        headers = {**headers, "X-Forwarded-Proto": "https", "X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", machine.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            conn.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.set_cookies[name] = header
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value
        return answer

    def submit(self, machine, path, page, changes, files=None):
        """
        Send the post form of ``page`` that sends to ``path`` and has the fields named in
        ``changes`` and ``files``, as a browser would: what the page filled in, the changes
        typed over it.
        """
        files = files or {}
        wanted = {*changes, *files}
        form = next(
            form
            for form in post_forms(page)
            if urllib.parse.urlsplit(form["action"]).path in ("", urllib.parse.urlsplit(path).path)
            and wanted <= form["names"]
        )
        fields = [(name, value) for name, value in form["fields"] if name not in wanted]
        fields += list(changes.items())
        return self.post(machine, path, fields, files)


def multipart(fields, files, boundary):
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + str(value).encode()
            + b"\r\n"
        )
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


class _Forms(HTMLParser):
    """
    Each ``<form method="post">`` of a page: its action, the names of all its fields and
    the fields a browser would send as the page filled them in.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._fields, self._select, self._textarea = (
            [],
            None,
            None,
            None,
            None,
        )

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = self._fields = None
            if (a.get("method") or "").lower() == "post":
                self._fields = []
                self._form = {
                    "action": a.get("action") or "",
                    "fields": self._fields,
                    "names": set(),
                }
                self.forms.append(self._form)
        if self._fields is None or "disabled" in a:
            return
        name = a.get("name")
        if name and tag in {"input", "select", "textarea"}:
            self._form["names"].add(name)
        kind = (a.get("type") or "text").lower()
        if tag == "input" and name and kind not in {"submit", "button", "image", "reset", "file"}:
            if kind not in {"checkbox", "radio"} or "checked" in a:
                self._fields.append((name, a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = {"name": name, "chosen": [], "first": None, "many": "multiple" in a}
        elif tag == "option" and self._select is not None:
            value = a.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = self._fields = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"]
            if not chosen and not self._select["many"] and self._select["first"] is not None:
                chosen = [self._select["first"]]
            self._fields.extend((self._select["name"], value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            # A browser drops the newline that follows <textarea>.
            self._fields.append((name, value.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def post_forms(page):
    parser = _Forms()
    parser.feed(page.body.decode())
    return parser.forms


def code_of(device):
    """The six digits the clerk's authenticator app shows right now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def signed_in_clerk(visitor, a, b):
    """A clerk gives the password to machine A and the app's code to machine B."""
    clerk = factories.clerk(username="virkailija")
    # Hashed as production hashes (the test settings' quick hasher is unknown there), with few
    # rounds: the machine raises them when the clerk signs in.
    hasher = PBKDF2PasswordHasher()
    clerk.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    clerk.save(update_fields=["password"])
    device = TOTPDevice.objects.create(user=clerk, name="puhelin", confirmed=True)
    login = visitor.get(a, "/admin/login/?next=/admin/")
    assert login.status == 200
    sent = visitor.submit(
        a, "/admin/login/", login, {"username": "virkailija", "password": PASSWORD}
    )
    assert sent.status == 302, sent.text[:2000]
    step = sent.headers["Location"]
    assert step.startswith("/admin/kaksivaihe/")
    page = visitor.get(b, step)
    assert "Kaksivaiheinen tunnistautuminen" in page.text
    verified = visitor.submit(b, step, page, {"code": code_of(device)})
    assert verified.status == 302, verified.text[:2000]
    return clerk


# --- What a person sees ----------------------------------------------------------------------


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_staff_session_started_on_one_machine_is_valid_on_the_other(machines):
    a, b = machines.machines
    visitor = Visitor("203.0.113.10")
    signed_in_clerk(visitor, a, b)

    session = visitor.set_cookies["sessionid"]
    # Production cookies: sent over HTTPS only, out of scripts' reach.
    assert "Secure" in session and "HttpOnly" in session
    for machine in (a, b, a):
        page = visitor.get(machine, "/admin/")
        assert page.status == 200, f"machine {machine.name}: {page.status}"
        assert "virkailija" in page.text
        assert "Aluetoimikuntien ylläpito" in page.text

    # Signing out on B ends the session on A too.
    signed_out = visitor.submit(b, "/admin/logout/", visitor.get(b, "/admin/"), {})
    assert signed_out.status == 200
    assert visitor.get(a, "/admin/").status == 302


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_search_limit_counts_requests_to_both_machines_together(machines):
    a, b = machines.machines
    # A fixed window of a minute: a run that straddles two windows is counted in both, so it
    # is run again from another address, whose windows are all new.
    for attempt in range(3):
        visitor = Visitor(f"198.51.100.{20 + attempt}")
        window = int(time.time()) // SEARCH_PERIOD
        answers_seen = []
        while not answers_seen or answers_seen[-1][1] == 200:
            machine = (a, b)[len(answers_seen) % 2]
            page = visitor.get(machine, "/haku/?q=kirjasto")
            answers_seen.append((machine.name, page.status))
            assert len(answers_seen) <= 2 * settings.SEARCH_RATE_LIMIT + 1, (
                "the limit never answered"
            )
        if int(time.time()) // SEARCH_PERIOD == window:
            break
    else:
        pytest.fail("three runs each straddled a minute's window")

    # Half went to each machine, and the limit answered after the same total as it does on
    # one machine (tests/portal/test_search.py): the count is shared.
    assert len(answers_seen) == settings.SEARCH_RATE_LIMIT + 1
    assert {name for name, status in answers_seen if status == 200} == {"A", "B"}
    assert answers_seen[-1][1] == 429
    assert "Liian monta hakua" in page.text
    assert int(page.headers["Retry-After"]) >= 1
    other = a if answers_seen[-1][0] == "B" else b
    assert visitor.get(other, "/haku/?q=kirjasto").status == 429
    # Another visitor searches on as before.
    assert Visitor("198.51.100.99").get(other, "/haku/?q=kirjasto").status == 200


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_staff_edit_through_one_machine_shows_at_once_on_the_other(machines):
    a, b = machines.machines
    section = PageSection.objects.create(
        page=PageSection.Page.PRIVACY,
        key="rekisterinpitaja",
        title="Rekisterinpitäjä",
        body="Rekisteriä pitää Kouvolan kaupungin elinvoimajaosto.",
    )
    resident = Visitor("203.0.113.30")
    for machine in (b, a, b):
        page = resident.get(machine, "/tietosuoja/")
        assert "Rekisteriä pitää Kouvolan kaupungin elinvoimajaosto." in page.text
    # The page cache is on, and kept where both machines read it.
    assert "public" in page.headers["Cache-Control"]
    assert machines.redis.keys("pages:*:page:*")

    clerk = Visitor("203.0.113.31")
    signed_in_clerk(clerk, a, b)
    path = f"/admin/portal/pagesection/{section.pk}/change/"
    form = clerk.get(a, path)
    assert form.status == 200
    saved = clerk.submit(
        a, path, form, {"body": "Rekisteriä pitää Kouvolan kaupunginhallitus, elinvoimajaosto."}
    )
    assert saved.status == 302, saved.text[:3000]

    page = resident.get(b, "/tietosuoja/")
    assert "Rekisteriä pitää Kouvolan kaupunginhallitus, elinvoimajaosto." in page.text
    assert "Rekisteriä pitää Kouvolan kaupungin elinvoimajaosto." not in page.text


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_document_uploaded_through_one_machine_is_served_by_the_other(machines):
    a, b = machines.machines
    meeting = MeetingFactory(
        committee=factories.CommitteeFactory(name="Valkealan aluetoimikunta", slug="valkeala"),
        title="Kevään kokous",
        starts_at=datetime.datetime(2030, 3, 4, 18, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 3, 4, 20, tzinfo=datetime.UTC),
    )
    clerk = Visitor("203.0.113.40")
    signed_in_clerk(clerk, a, b)
    path = f"/admin/committees/meeting/{meeting.pk}/change/"
    form = clerk.get(a, path)
    content = DEMO_PDF.read_bytes()
    upload = {"minutes_pdf": ("poytakirja-2030-03-04.pdf", content, "application/pdf")}
    saved = clerk.submit(a, path, form, {}, files=upload)
    assert saved.status == 302, saved.text[:3000]

    resident = Visitor("203.0.113.41")
    document = resident.get(b, f"/kokoukset/{meeting.pk}/poytakirja.pdf")
    assert document.status == 200
    assert document.headers["Content-Type"] == "application/pdf"
    assert "attachment" in document.headers["Content-Disposition"]
    assert document.body == content

    # In the shared bucket, privately; nothing on either machine's disk.
    (stored,) = machines.s3.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert re.fullmatch(r"kokoukset/[0-9a-f]{32}\.pdf", stored["Key"])
    assert machines.s3.get_object(Bucket=BUCKET, Key=stored["Key"])["Body"].read() == content
    grants = machines.s3.get_object_acl(Bucket=BUCKET, Key=stored["Key"])["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("/AllUsers")]
    assert not list(machines.media_root.rglob("*.pdf"))

    # The admin's link to the stored file on B is signed and expires.
    change = clerk.get(b, path)
    (link,) = re.findall(
        r'href="(http://127\.0\.0\.1:\d+/[^"]+\.pdf\?[^"]+)"', change.body.decode()
    )
    assert "X-Amz-Signature" in link and "X-Amz-Expires=3600" in link


# --- Where uploaded documents are kept -------------------------------------------------------


def started_with(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))}
    program = (
        "import django; django.setup(); from django.core.files.storage import storages;"
        "s = storages['default'];"
        "print(type(s).__name__, getattr(s, 'bucket_name', ''), getattr(s, 'default_acl', ''),"
        " getattr(s, 'querystring_auth', ''), getattr(s, 'endpoint_url', ''))"
    )
    return subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "kouvola_alue.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_uploaded_documents_are_on_local_disk_by_default():
    result = started_with(DJANGO_DEBUG="true")
    assert result.stdout.split()[0] == "FileSystemStorage", result.stderr


def test_an_object_store_is_chosen_with_its_settings_and_stays_private():
    result = started_with(
        DJANGO_DEBUG="true",
        DJANGO_MEDIA_STORAGE="s3",
        DJANGO_S3_BUCKET="kouvola-asiakirjat",
        DJANGO_S3_ENDPOINT_URL="https://s3.example.fi",
    )
    assert result.stdout.split() == [
        "S3Storage",
        "kouvola-asiakirjat",
        "None",
        "True",
        "https://s3.example.fi",
    ], result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_MEDIA_STORAGE": "s3"}, "DJANGO_MEDIA_STORAGE is s3, so DJANGO_S3_BUCKET"),
        ({"DJANGO_MEDIA_STORAGE": "ftp"}, "DJANGO_MEDIA_STORAGE must be local or s3, not 'ftp'"),
    ],
)
def test_an_incomplete_storage_setting_stops_the_start(env, message):
    result = started_with(DJANGO_DEBUG="true", **env)
    assert result.returncode != 0
    assert message in result.stderr
