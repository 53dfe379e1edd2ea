"""
``make bench``: the budgets of docs/BUDGETS.md, measured under gunicorn on PostgreSQL.

For each size of the demo content (×1 and ×100 by default; ``--scales 1,100,1000`` for ×1000)
and each of three cache settings side by side —

- "off": every cache off (``DJANGO_PAGE_CACHE_SECONDS=0`` and ``DJANGO_CONTENT_CACHE_SECONDS=0``),
  the render path on its own;
- "fragments": the page cache off, the content cache at its default;
- "both": both caches at their defaults —

the command starts gunicorn (two workers, the process's own production settings), loads each
address with wrk (16 connections) in several short samples, and prints per address: its
share of /healthz's requests per second in the same sample and its p99 latency, the queries one
request makes and the bytes the page and its CSS send gzipped.

Then, at the largest size up to ×100, the write trickle: with the default caches, one public-form
submission a second (a pending idea, through the service the form calls) and one staff
publication a minute (through the service): first a light load over many addresses (4 requests
a second over about 40 addresses, each warmed once from an empty page cache before the trickle
starts, the warm-up reported apart) that reports the share of requests rendered again because a
write forgot what they show (the ``X-Bench-Queries`` header of devtools/benchwsgi.py: more
queries than the address makes when it is kept, within its page's lifetime: see ``Ledger``),
then wrk on ``/`` and a committee page.

The tables go to docs/BENCHMARKS.md with the machine and the date. The command exits non-zero
when a budget of docs/BUDGETS.md is broken.

The machine is shared with the load generator (and often with other work): compare the shares
within one run, not the absolute numbers between runs.

It ERASES the database that DATABASE_URL names (every table is dropped, then migrated and
seeded again): point it at a scratch database. Without a PostgreSQL DATABASE_URL it starts a
throwaway PostgreSQL cluster of its own when it can (root, and Debian's PostgreSQL server
binaries installed), on ``--pg-port`` (or ``BENCH_PG_PORT``, else a free port), and refuses
otherwise. gunicorn listens on ``--port`` (or ``BENCH_PORT``, else a free port).
"""

import cProfile
import datetime
import glob
import gzip
import io
import os
import platform
import pstats
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import Resolver404, resolve

# (address, kind): the budgets of docs/BUDGETS.md differ for "html" pages, "search" and the
# "data" answers (downloads, calendars, feeds, the sitemap).
URLS = [
    ("/", "html"),
    ("/aluetoimikunnat/", "html"),
    ("/aluetoimikunnat/valkeala/", "html"),
    ("/hankkeet/", "html"),
    ("/hankkeet/?q=kulttuuri", "html"),
    ("/hankkeet/?alue=valkeala&alue=anjalankoski", "html"),
    ("/hankkeet/aluekeskusten-kulttuuriviikko/", "html"),
    ("/jasenhaku/", "html"),
    ("/kokoukset/", "html"),
    ("/tilat/", "html"),
    ("/tilat/1/", "html"),
    ("/haku/?q=kulttuuri", "search"),
    ("/avoin-data/hankeideat.json", "data"),
    ("/avoin-data/kokoukset.csv", "data"),
    ("/kokoukset/kalenteri.ics", "data"),
    ("/hankkeet/syote.atom", "data"),
    ("/kokoukset/syote.atom", "data"),
    ("/sitemap.xml", "data"),
    ("/sitemap-ideas.xml", "data"),
    ("/sitemap-meetings.xml", "data"),
]
HEALTHZ = "/healthz"
# The three cache settings: (name, DJANGO_PAGE_CACHE_SECONDS, DJANGO_CONTENT_CACHE_SECONDS);
# None leaves the setting at its default.
CACHE_SETTINGS = {
    "off": ("0", "0"),
    "fragments": ("0", None),
    "both": (None, None),
}
# The budgets, as docs/BUDGETS.md states them (judged at ×100, or the largest size below it).
OFF_SHARE_BUDGET = {"html": 0.10, "search": 0.05, "data": 0.0}
OFF_P99_BUDGET_MS = {"html": 250, "search": 400, "data": 500}
SCALE_1000_P99_BUDGET_MS = 1000
TRICKLE_SHARE_BUDGET = 0.45
TRICKLE_P99_BUDGET_MS = 40
RENDERED_AGAIN_BUDGET = 0.05
QUERY_BUDGET = 15
BYTES_BUDGET = 100 * 1024
BUDGETS_FILE = "docs/BUDGETS.md"
# The write trickle reads these with wrk while residents post and staff publish.
TRICKLE_URLS = ["/", "/aluetoimikunnat/valkeala/"]
LIGHT_LOAD_PER_SECOND = 4
ALONE_REQUESTS = 3
# Sent with every request: gzip where the portal offers it, and the proxy's HTTPS header so
# that an HTTPS redirect (if configured) does not answer instead of the page.
HEADERS = {"Accept-Encoding": "gzip", "X-Forwarded-Proto": "https"}
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"


@dataclass
class Row:
    path: str
    kind: str
    rps: list = field(default_factory=list)
    shares: list = field(default_factory=list)
    p50: list = field(default_factory=list)
    p99: list = field(default_factory=list)
    errors: int = 0
    backlog: bool = False
    queries: int | None = None
    bytes: int | None = None
    # One request with the server otherwise idle (median of ALONE_REQUESTS, ms): what p99 is
    # made of under wrk, where 16 connections queue on 2 workers.
    alone: float | None = None

    @property
    def median_rps(self):
        return statistics.median(self.rps) if self.rps else 0.0

    @property
    def share(self):
        return statistics.median(self.shares) if self.shares else 0.0

    @property
    def p99_ms(self):
        return statistics.median(self.p99) if self.p99 else None


@dataclass
class Run:
    scale: int
    caches: str
    rows: list
    load_seconds: float


@dataclass
class Trickle:
    scale: int
    rows: list
    writes: int = 0
    publications: int = 0
    # The warm-up before the trickle: each address read from an empty page cache.
    warm_addresses: int = 0
    warm_latencies: list = field(default_factory=list)
    # The light load during the trickle: requests, and how many of them were rendered again
    # because a write forgot what they show; the rest by outcome (see Ledger).
    light_requests: int = 0
    light_rendered: int = 0
    light_outcomes: dict = field(default_factory=dict)
    light_latencies: list = field(default_factory=list)
    light_by_kind: dict = field(default_factory=dict)

    @property
    def rendered_share(self):
        return self.light_rendered / self.light_requests if self.light_requests else 0.0


# What a request of the light load was, from the queries it made (X-Bench-Queries) and when its
# address was last rendered.
KEPT, RENDERED, EXPIRED, FIRST, FAILED = (
    "kept",
    "rendered again",
    "expired",
    "first visit",
    "failed",
)


class Ledger:
    """
    Tells, for each answer of the light load, why it was or was not kept. The bench is then the
    only reader, so it knows when each address's page was last rendered (and stored):

    - ``kept``: no more queries than the address made when it was just kept;
    - ``expired``: rendered, but its stored page had outlived ``PAGE_CACHE_SECONDS`` since the
      bench last saw it rendered, or, for a page that moves with the clock, a period of the
      clock (kouvola_alue/cachescopes.py ``PERIOD``) had begun since: no write needed;
    - ``rendered again``: rendered within its page's lifetime, so a write forgot a scope it
      shows (what the budget counts);
    - ``first visit``: never rendered before (none after the warm-up);
    - ``failed``: no answer, or one without the header.

    Times are wall-clock seconds (``time.time()``, as the clock periods are); an address counts
    as stored when its rendering answer ended and as checked when the next request started, so
    doubt falls on the side of "rendered again".
    """

    def __init__(self, kept, *, page_seconds, period, clocked=()):
        self.kept = kept
        self.page_seconds = page_seconds
        self.period = period
        self.clocked = set(clocked)
        self.last = {}

    def stored(self, address, at):
        self.last[address] = at

    def outcome(self, address, queries, started, ended):
        if queries is None:
            return FAILED
        if queries <= self.kept.get(address, 0):
            return KEPT
        last = self.last.get(address)
        self.last[address] = ended
        if last is None:
            return FIRST
        if started - last >= self.page_seconds:
            return EXPIRED
        if address in self.clocked and started // self.period != last // self.period:
            return EXPIRED
        return RENDERED


class Command(BaseCommand):
    help = (
        "Measure the public pages under gunicorn and wrk against docs/BUDGETS.md, with the "
        "caches off, fragments only and both, and under a write trickle; write "
        "docs/BENCHMARKS.md. ERASES the database DATABASE_URL names."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scales", default="1,100", help="Sizes of the demo, e.g. 1,100 or 1,100,1000."
        )
        parser.add_argument(
            "--caches",
            default="off,fragments,both",
            help="Cache settings side by side: off, fragments, both (comma-separated).",
        )
        parser.add_argument("--samples", type=int, default=3)
        parser.add_argument("--seconds", type=int, default=3, help="Length of one wrk sample.")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("BENCH_PORT", "0")),
            help="gunicorn's port (default BENCH_PORT, else a free one).",
        )
        parser.add_argument(
            "--pg-port",
            type=int,
            default=int(os.environ.get("BENCH_PG_PORT", "0")),
            help="The throwaway PostgreSQL cluster's port (default BENCH_PG_PORT, else free).",
        )
        parser.add_argument(
            "--trickle-seconds",
            type=int,
            default=10,
            help="wrk's time per address under the write trickle (0: no trickle).",
        )
        parser.add_argument(
            "--light-seconds",
            type=int,
            default=60,
            help="Length of the light load over many addresses under the trickle.",
        )
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "docs" / "BENCHMARKS.md"),
            help="Where the tables go ('' for nowhere).",
        )
        parser.add_argument(
            "--profile",
            nargs="*",
            metavar="URL",
            help="Instead of the bench: render each address (all of the bench's without one) "
            "through the test client in this process, every cache off, against the database "
            "as it is (nothing erased); print ms per render and, with --top, the top costs.",
        )
        parser.add_argument("--renders", type=int, default=20, help="Renders per address.")
        parser.add_argument("--top", type=int, default=0, help="Functions listed per address.")

    def handle(self, *args, **options):
        # Stopped with SIGTERM, the command still stops its gunicorn (and PostgreSQL).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        if settings.DEBUG:
            raise CommandError("Run the bench with production settings: DJANGO_DEBUG=false.")
        if options["profile"] is not None:
            return self.profile(options["profile"], options["renders"], options["top"])
        if not shutil.which("wrk"):
            raise CommandError("make bench needs wrk: apt-get install wrk")
        if connection.vendor != "postgresql":
            return self.rerun_on_throwaway_postgresql(options["pg_port"])
        scales = sorted({int(s) for s in options["scales"].split(",")})
        caches = [c.strip() for c in options["caches"].split(",") if c.strip()]
        unknown = set(caches) - set(CACHE_SETTINGS)
        if unknown:
            raise CommandError(f"--caches: unknown {', '.join(sorted(unknown))}")
        self.options = options
        self.port = options["port"] or _free_port()
        runs, trickles = [], []
        trickle_scale = max((s for s in scales if s <= 100), default=None)
        call_command("collectstatic", interactive=False, verbosity=0)
        for scale in scales:
            self.reset_database()
            started = time.monotonic()
            call_command("seed_kouvola", demo=True, scale=scale, stdout=io.StringIO())
            load_seconds = time.monotonic() - started
            self.stdout.write(f"Demo ×{scale} loaded in {load_seconds:.1f} s.")
            queries = self.count_queries()
            scale_runs = []
            for name in caches:
                rows = self.measure(self.cache_env(name))
                for row in rows:
                    row.queries = queries.get(row.path)
                scale_runs.append(Run(scale, name, rows, load_seconds))
            runs += scale_runs
            self.stdout.write(self.table(scale_runs))
            if scale == trickle_scale and options["trickle_seconds"] > 0:
                trickle = self.trickle(scale)
                trickles.append(trickle)
                self.stdout.write(self.trickle_table(trickle))
        failures = self.check_budgets(runs, trickles)
        report = self.report(runs, trickles, failures)
        if options["output"]:
            self.write(Path(options["output"]), report)
            self.stdout.write(f"Written to {options['output']}.")
        if failures:
            self.stderr.write("Budgets broken:\n" + "\n".join(f"- {f}" for f in failures))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS("Every budget holds."))

    @staticmethod
    def cache_env(name):
        page, content = CACHE_SETTINGS[name]
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DJANGO_PAGE_CACHE_SECONDS", "DJANGO_CONTENT_CACHE_SECONDS")
        }
        if page is not None:
            env["DJANGO_PAGE_CACHE_SECONDS"] = page
        if content is not None:
            env["DJANGO_CONTENT_CACHE_SECONDS"] = content
        return env

    # --- The database --------------------------------------------------------------------------

    def reset_database(self):
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)

    def rerun_on_throwaway_postgresql(self, pg_port=0):
        bin_dir = max(glob.glob("/usr/lib/postgresql/*/bin"), default=None)
        if not bin_dir or os.geteuid() != 0 or not _user_exists("postgres"):
            raise CommandError(
                "The bench runs on PostgreSQL: set DATABASE_URL=postgresql://… to a scratch "
                "database (it is erased), or run as root with Debian's PostgreSQL installed "
                "(apt-get install postgresql) for a throwaway cluster."
            )
        root = Path(tempfile.mkdtemp(prefix="kouvola-bench-pg."))
        port = pg_port or _free_port()
        as_postgres = ["runuser", "-u", "postgres", "--"]
        try:
            shutil.chown(root, "postgres", "postgres")
            for sub in ("data", "sock"):
                (root / sub).mkdir(mode=0o700)
                shutil.chown(root / sub, "postgres", "postgres")
            quiet = {"stdout": subprocess.DEVNULL, "check": True}
            subprocess.run(
                [
                    *as_postgres,
                    f"{bin_dir}/initdb",
                    "-D",
                    root / "data",
                    "--username=postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ],
                **quiet,
            )
            options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root}/sock -c fsync=off"
            subprocess.run(
                [
                    *as_postgres,
                    f"{bin_dir}/pg_ctl",
                    "-D",
                    root / "data",
                    "-l",
                    root / "server.log",
                    "-w",
                    "-o",
                    options,
                    "start",
                ],
                **quiet,
            )
            subprocess.run(
                [
                    f"{bin_dir}/createdb",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "-U",
                    "postgres",
                    "bench",
                ],
                **quiet,
            )
            self.stdout.write(f"A throwaway PostgreSQL cluster in {root}, port {port}.")
            env = {**os.environ, "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{port}/bench"}
            result = subprocess.run([sys.executable, *sys.argv], env=env)
        finally:
            subprocess.run(
                [
                    *as_postgres,
                    f"{bin_dir}/pg_ctl",
                    "-D",
                    root / "data",
                    "-m",
                    "fast",
                    "-w",
                    "stop",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            shutil.rmtree(root, ignore_errors=True)
        sys.exit(result.returncode)

    # --- Profiling -----------------------------------------------------------------------------

    def profile(self, paths, renders, top):
        """
        The CPU one render costs, without gunicorn, wrk or the network: where to look before a
        bench. /healthz is measured first: the budgets ask 0.2 of its rate of an HTML page, so a
        page may cost about five times what it does (ten times for the "data" addresses).
        """
        client = Client(HTTP_HOST="127.0.0.1", headers={"X-Forwarded-Proto": "https"})

        def get(path):
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            return response

        rows = []
        with override_settings(PAGE_CACHE_SECONDS=0, CONTENT_CACHE_SECONDS=0):
            for path in [HEALTHZ, *(paths or [path for path, _kind in URLS])]:
                first = get(path)
                if first.status_code != 200:
                    raise CommandError(f"{path} answered {first.status_code}.")
                with CaptureQueriesContext(connection) as queries:
                    get(path)
                # Counted now: each request's start empties the connection's log.
                count = len(queries)
                timings = []
                profiler = cProfile.Profile() if top else None
                for _render in range(renders):
                    started = time.perf_counter()
                    if profiler:
                        profiler.enable()
                    get(path)
                    if profiler:
                        profiler.disable()
                    timings.append((time.perf_counter() - started) * 1000)
                ms = statistics.median(timings)
                rows.append((path, ms, count))
                self.stdout.write(
                    f"{path}: {ms:.1f} ms per render (median of {renders}, min "
                    f"{min(timings):.1f}), {count} queries, {ms / rows[0][1]:.1f}× /healthz"
                )
                if profiler:
                    out = io.StringIO()
                    stats = pstats.Stats(profiler, stream=out)
                    stats.sort_stats("tottime").print_stats(top)
                    stats.sort_stats("cumulative").print_stats(top)
                    self.stdout.write(out.getvalue())
        self.stdout.write("\n| URL | ms per render | × /healthz | queries |\n|---|---:|---:|---:|")
        for path, ms, count in rows:
            self.stdout.write(f"| `{path}` | {ms:.1f} | {ms / rows[0][1]:.1f} | {count} |")

    # --- Measuring -----------------------------------------------------------------------------

    def count_queries(self):
        """The queries one request makes, every cache off, read through the test client."""
        client = Client(HTTP_HOST="127.0.0.1", headers={"X-Forwarded-Proto": "https"})
        counts = {}
        with override_settings(PAGE_CACHE_SECONDS=0, CONTENT_CACHE_SECONDS=0):
            for path, _kind in URLS:
                # The first request fills per-process caches and the shared one (a streamed
                # download is kept only once it has been read to its end).
                first = client.get(path)
                if hasattr(first, "streaming_content"):
                    b"".join(first.streaming_content)
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(path)
                    if hasattr(response, "streaming_content"):
                        b"".join(response.streaming_content)
                counts[path] = len(queries) if response.status_code == 200 else None
        return counts

    def start_server(self, env):
        env = {
            **env,
            # wrk is one client standing for many visitors: the search's per-visitor limit
            # would answer 429 and measure itself instead of the search.
            "DJANGO_SEARCH_RATE_LIMIT": "1000000000",
        }
        command = [sys.executable, "-m", "gunicorn", "devtools.benchwsgi"]
        command += ["--workers", "2", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--log-level", "warning"]
        server = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)
        _wait_until_up(self.base + HEALTHZ, server)
        return server

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def measure(self, env):
        options = self.options
        base = self.base
        server = self.start_server(env)
        try:
            rows = [Row(path, kind) for path, kind in URLS]
            healthz = Row(HEALTHZ, "health")
            for row in rows:
                row.bytes = _bytes_with_css(base, row.path)
            for _sample in range(options["samples"]):
                base_rps = self.wrk(base + HEALTHZ, healthz)
                for row in rows:
                    rps = self.wrk(base + row.path, row)
                    row.shares.append(rps / base_rps if base_rps else 0.0)
                    # Requests wrk gave up on are still queued in gunicorn: let them finish,
                    # or they would be counted against the next address. A backlog that
                    # does not clear within a minute is a failure of its own.
                    if not _wait_until_idle(base + HEALTHZ):
                        row.backlog = True
                        _stop(server)
                        server = self.start_server(env)
            healthz.shares = [1.0] * len(healthz.rps)
            for row in [healthz, *rows]:
                times = [_get_queries(base + row.path)[1] for _ in range(ALONE_REQUESTS)]
                row.alone = statistics.median(times)
            return [healthz, *rows]
        finally:
            _stop(server)

    # --- The write trickle ---------------------------------------------------------------------

    def trickle(self, scale):
        """
        Default caches while a resident posts a pending idea every second and staff publish
        one a minute (both through the services the form and the admin call): first a light
        load over many addresses, each warmed once before the trickle starts, then wrk on
        TRICKLE_URLS.
        """
        options = self.options
        base = self.base
        result = Trickle(scale, [])
        server = self.start_server(self.cache_env("both"))
        writer = _Writer()
        try:
            addresses = list(dict.fromkeys(self.light_addresses()))
            ledger = self.warm_up(addresses, result)
            writer.start()
            self.light_load(addresses, ledger, result)
            healthz = Row(HEALTHZ, "health")
            rows = [Row(path, "html") for path in TRICKLE_URLS]
            seconds = options["seconds"]
            options["seconds"] = options["trickle_seconds"]
            try:
                base_rps = self.wrk(base + HEALTHZ, healthz)
                for row in rows:
                    rps = self.wrk(base + row.path, row)
                    row.shares.append(rps / base_rps if base_rps else 0.0)
                    _wait_until_idle(base + HEALTHZ)
            finally:
                options["seconds"] = seconds
            healthz.shares = [1.0]
            result.rows = [healthz, *rows]
        finally:
            writer.stop()
            _stop(server)
        result.writes, result.publications = writer.proposals, writer.publications
        if writer.error:
            raise CommandError(f"The write trickle failed: {writer.error!r}")
        return result

    def warm_up(self, addresses, result):
        """
        Before anyone writes: every address of the light load read from an empty page cache
        (rendered and stored), then once more for the queries it makes when it is kept.
        """
        from kouvola_alue.cachescopes import PERIOD

        # Pages, fragments and downloads the earlier runs left; the scopes' versions stay.
        caches["pages"].clear()
        base = self.base
        ledger = Ledger(
            {},
            page_seconds=settings.PAGE_CACHE_SECONDS,
            period=PERIOD,
            clocked=[address for address in addresses if _moves_with_the_clock(address)],
        )
        for address in addresses:
            queries, ms = _get_queries(base + address)
            if queries is None:
                raise CommandError(f"The warm-up read of {address} got no answer.")
            ledger.stored(address, time.time())
            result.warm_latencies.append(ms)
        for address in addresses:
            ledger.kept[address] = _get_queries(base + address)[0] or 0
        result.warm_addresses = len(addresses)
        return ledger

    def light_load(self, addresses, ledger, result):
        """LIGHT_LOAD_PER_SECOND requests a second over the addresses, for --light-seconds."""
        base = self.base
        order = list(addresses)
        random.Random(16).shuffle(order)
        deadline = time.monotonic() + self.options["light_seconds"]
        step = 1 / LIGHT_LOAD_PER_SECOND
        at, index = time.monotonic(), 0
        while time.monotonic() < deadline:
            address = order[index % len(order)]
            index += 1
            started = time.time()
            queries, ms = _get_queries(base + address)
            outcome = ledger.outcome(address, queries, started, time.time())
            counts = result.light_by_kind.setdefault(_kind(address), [0, 0])
            counts[0] += 1
            counts[1] += outcome == RENDERED
            result.light_outcomes[outcome] = result.light_outcomes.get(outcome, 0) + 1
            result.light_requests += 1
            result.light_rendered += outcome == RENDERED
            result.light_latencies.append(ms)
            at += step
            time.sleep(max(0.0, at - time.monotonic()))

    @staticmethod
    def light_addresses():
        """About forty public addresses a light load spreads over, in both languages."""
        from committees.models import Committee
        from projects.models import ProjectIdea

        slugs = list(Committee.objects.order_by("order").values_list("slug", flat=True))
        ideas = ProjectIdea.objects.published().order_by("-published_at", "pk")
        addresses = ["/", "/en/", "/hankkeet/", "/kokoukset/", "/jasenhaku/", "/aluetoimikunnat/"]
        addresses += [f"/aluetoimikunnat/{slug}/" for slug in slugs]
        addresses += [f"/en/aluetoimikunnat/{slug}/" for slug in slugs]
        addresses += [f"/hankkeet/?alue={slug}" for slug in slugs]
        addresses += [f"/hankkeet/{slug}/" for slug in ideas.values_list("slug", flat=True)[:18]]
        return addresses[:40]

    def wrk(self, url, row):
        options = self.options
        command = ["wrk", "-t2", f"-c{options['connections']}", f"-d{options['seconds']}s"]
        command += ["--latency", "--timeout", "10s"]
        for name, value in HEADERS.items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        row.rps.append(rps)
        if not re.search(r"\b[1-9]\d* requests in", output):
            # Not one answer within the sample: no latency to speak of, and a failure.
            row.errors += 1
            return rps
        for percent, target in (("50", row.p50), ("99", row.p99)):
            match = re.search(rf"^\s+{percent}(?:\.000)?%\s+([\d.]+)(us|ms|s|m)\b", output, re.M)
            if match:
                target.append(_milliseconds(float(match.group(1)), match.group(2)))
        bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
        timeouts = re.search(r"Socket errors:.*timeout (\d+)", output)
        row.errors += int(bad.group(1)) if bad else 0
        row.errors += int(timeouts.group(1)) if timeouts else 0
        return rps

    # --- Budgets and the report ----------------------------------------------------------------

    def check_budgets(self, runs, trickles):
        """The budgets of docs/BUDGETS.md that this run measured; a list of what broke."""
        failures = []
        by_key = {(run.scale, run.caches): run for run in runs}
        scales = sorted({run.scale for run in runs})
        judged_scale = max((s for s in scales if s <= 100), default=None)
        off = by_key.get((judged_scale, "off"))
        if off is None:
            return ["the budgets are for every cache off: measure with --caches off"]
        smallest = by_key.get((scales[0], "off"))
        small_queries = {row.path: row.queries for row in smallest.rows} if smallest else {}
        for row in off.rows:
            if row.kind == "health":
                continue
            where = f"{row.path} (×{judged_scale}, caches off)"
            failures += _speed_failures(
                where, row, OFF_SHARE_BUDGET[row.kind], OFF_P99_BUDGET_MS[row.kind]
            )
            if row.queries is None or row.queries > QUERY_BUDGET:
                failures.append(f"{where}: {row.queries} queries, over {QUERY_BUDGET}")
            # More at ×100 than at ×1 is a query per row somewhere; fewer is only a page
            # whose shown rows come from fewer kinds (search).
            elif (small_queries.get(row.path) or 0) < row.queries:
                failures.append(
                    f"{where}: {row.queries} queries, but {small_queries.get(row.path)} at "
                    f"×{scales[0]}"
                )
            if row.kind == "html" and (row.bytes is None or row.bytes > BYTES_BUDGET):
                failures.append(f"{where}: page and CSS {row.bytes} bytes compressed, over 100 KB")
        for run in runs:
            if run.scale < 1000 or run.caches != "off":
                continue
            for row in run.rows:
                if row.kind != "health" and (
                    row.p99_ms is None or row.p99_ms > SCALE_1000_P99_BUDGET_MS
                ):
                    failures.append(
                        f"{row.path} (×{run.scale}, caches off): p99 {_ms(row.p99_ms)} ms, over "
                        f"{SCALE_1000_P99_BUDGET_MS} ms"
                    )
        for trickle in trickles:
            for row in trickle.rows:
                if row.kind == "health":
                    continue
                where = f"{row.path} (×{trickle.scale}, default caches, write trickle)"
                failures += _speed_failures(where, row, TRICKLE_SHARE_BUDGET, TRICKLE_P99_BUDGET_MS)
            if trickle.rendered_share > RENDERED_AGAIN_BUDGET:
                failures.append(
                    f"light load over many addresses (×{trickle.scale}, write trickle): "
                    f"{trickle.rendered_share:.0%} of requests rendered again, over "
                    f"{RENDERED_AGAIN_BUDGET:.0%}"
                )
        return failures

    def table(self, runs):
        """One size's cache settings side by side: share of /healthz and p99 for each."""
        scale = runs[0].scale
        names = [run.caches for run in runs]
        head = "| URL | " + " | ".join(f"{n}: share | {n}: p99 ms | {n}: alone ms" for n in names)
        head += " | queries | bytes (gzip, page + CSS) |"
        lines = [
            "",
            f"#### Demo ×{scale}: {', '.join(names)} side by side",
            "",
            head,
            "|---|" + "---:|---:|---:|" * len(names) + "---:|---:|",
        ]
        for index, first in enumerate(runs[0].rows):
            cells = []
            for run in runs:
                row = run.rows[index]
                flags = f" ({row.errors} failed)" if row.errors else ""
                flags += " (backlog)" if row.backlog else ""
                p99 = f"{_ms(row.p99_ms)}{'+' if self.cut(row.p99_ms) else ''}"
                cells.append(f"{row.share:.2f}{flags} | {p99} | {_ms(row.alone)}")
            if first.kind == "health":
                cells = [
                    f"{statistics.median(run.rows[index].rps):.0f} req/s | "
                    f"{_ms(run.rows[index].p99_ms)} | {_ms(run.rows[index].alone)}"
                    for run in runs
                ]
            bytes_ = "" if first.bytes is None else f"{first.bytes:,}".replace(",", " ")
            queries = "" if first.queries is None else first.queries
            lines.append(f"| `{first.path}` | " + " | ".join(cells) + f" | {queries} | {bytes_} |")
        return "\n".join(lines)

    def cut(self, p99_ms):
        """
        Whether a p99 is cut short by the sample's length: wrk counts only the answers that
        arrive before it stops, so where the queue takes longer than about half a sample to
        drain, the slowest answers are never counted and the real p99 is higher (about
        connections / requests per second, Little's law).
        """
        seconds = getattr(self, "options", {}).get("seconds")
        return bool(seconds and p99_ms and p99_ms >= seconds * 1000 / 2)

    def trickle_table(self, trickle):
        lines = [
            "",
            f"#### Demo ×{trickle.scale}: default caches under the write trickle",
            "",
            f"{trickle.writes} pending ideas posted (one a second) and {trickle.publications} "
            "published by staff (one a minute), both through the services.",
            "",
            "| URL | req/s | share of /healthz | p50 ms | p99 ms |",
            "|---|---:|---:|---:|---:|",
        ]
        for row in trickle.rows:
            p50 = statistics.median(row.p50) if row.p50 else None
            errors = f" ({row.errors} failed)" if row.errors else ""
            lines.append(
                f"| `{row.path}` | {row.median_rps:.0f}{errors} | {row.share:.2f} | {_ms(p50)} | "
                f"{_ms(row.p99_ms)} |"
            )
        warm = sorted(trickle.warm_latencies) or [0.0]
        latencies = sorted(trickle.light_latencies) or [0.0]
        kinds = ", ".join(
            f"{kind} {rendered / count:.0%} of {count}"
            for kind, (count, rendered) in sorted(trickle.light_by_kind.items())
        )
        outcomes = ", ".join(
            f"{trickle.light_outcomes.get(name, 0)} {name}"
            for name in (KEPT, EXPIRED, RENDERED, FIRST, FAILED)
            if trickle.light_outcomes.get(name) or name in (KEPT, EXPIRED, RENDERED)
        )
        lines += [
            "",
            f"Warm-up, before the trickle: {trickle.warm_addresses} addresses read from an empty "
            f"page cache, each rendered once (mean {statistics.mean(warm):.1f} ms, p90 "
            f"{_ms(warm[int(len(warm) * 0.9)])} ms), then once more to learn the queries of a "
            "kept answer.",
            "",
            f"Light load, {LIGHT_LOAD_PER_SECOND} requests a second over the "
            f"{trickle.warm_addresses} warmed addresses during the trickle: "
            f"{trickle.light_requests} requests, **{trickle.rendered_share:.0%} rendered again** "
            f"because a write forgot what they show ({kinds}). All requests: {outcomes} (expired:"
            " the page outlived its PAGE_CACHE_SECONDS, or a clock period began for a page "
            "that moves with the clock; no write needed). Latency mean "
            f"{statistics.mean(latencies):.1f} ms, p50 {_ms(latencies[len(latencies) // 2])} "
            f"ms, p90 {_ms(latencies[int(len(latencies) * 0.9)])} ms.",
        ]
        return "\n".join(lines)

    def report(self, runs, trickles, failures):
        options = self.options
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgresql = cursor.fetchone()[0]
        now = datetime.datetime.now(datetime.UTC)
        loads = ", ".join(
            sorted({f"×{run.scale} in {run.load_seconds:.1f} s" for run in runs}, key=len)
        )
        lines = [
            MARK_START,
            f"Measured {now:%-d.%-m.%Y %H:%M} UTC on {platform.node()}: {_cpu()}, "
            f"{os.cpu_count()} cores, load average before the run {os.getloadavg()[0]:.1f}, "
            f"{platform.system()} {platform.release()}, Python "
            f"{platform.python_version()}, PostgreSQL {postgresql.split()[0]}. gunicorn 2 workers, "
            f"wrk {options['connections']} connections, {options['samples']} samples of "
            f"{options['seconds']} s per address (medians). Demo loaded: {loads}. Budgets: "
            f'{BUDGETS_FILE}. "alone": one request with the server otherwise idle (median '
            f"of {ALONE_REQUESTS}); under wrk {options['connections']} connections queue on 2 "
            "workers, so a p99 near "
            f'{options["connections"] // 2}× "alone" is the queue, not a slower path. A p99 '
            "marked + is at least half a sample long: answers still queued when wrk stopped "
            "are not counted, so the real p99 is higher (connections ÷ requests per second).",
            "",
            "Result: "
            + ("every budget holds." if not failures else "budgets broken:")
            + "".join(f"\n- {failure}" for failure in failures),
        ]
        for scale in sorted({run.scale for run in runs}):
            lines.append(self.table([run for run in runs if run.scale == scale]))
        lines += [self.trickle_table(trickle) for trickle in trickles]
        lines.append(MARK_END)
        return "\n".join(lines) + "\n"

    def write(self, path, report):
        path.parent.mkdir(parents=True, exist_ok=True)
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if MARK_START in old and MARK_END in old:
            head, rest = old.split(MARK_START, 1)
            tail = rest.split(MARK_END, 1)[1].lstrip("\n")
            text = head + report + tail
        else:
            text = (
                "# Benchmarks\n\n"
                "Written by `make bench` (devtools/management/commands/bench.py).\n\n"
            )
            text += report
        path.write_text(text, encoding="utf-8")


def _speed_failures(where, row, share_budget, p99_budget_ms):
    """What broke of one address's budgets: failed or queued requests, share, p99."""
    failures = []
    if row.errors:
        failures.append(f"{where}: {row.errors} failed requests")
    if row.backlog:
        failures.append(f"{where}: requests still queued a minute after the load")
    if row.share < share_budget:
        failures.append(f"{where}: {row.share:.2f} of /healthz, under {share_budget}")
    if row.p99_ms is None or row.p99_ms > p99_budget_ms:
        failures.append(f"{where}: p99 {_ms(row.p99_ms)} ms, over {p99_budget_ms} ms")
    return failures


class _Writer:
    """
    The write trickle, in a thread of its own: a pending idea proposed every second (as a
    resident's form does, through ``idea_propose``) and one of them published every minute (as
    staff do, through ``idea_publish``), the first ten seconds in.
    """

    def __init__(self):
        self.proposals = 0
        self.publications = 0
        self.error = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self):
        from django.db import connection as thread_connection

        from committees.models import Committee
        from projects import services

        try:
            committee = Committee.objects.order_by("order").first()
            started = time.monotonic()
            next_publication = started + 10
            while not self._stop.is_set():
                tick = time.monotonic()
                idea = services.idea_propose(
                    title=f"Penkki rannalle {self.proposals + 1} (bench)",
                    summary="Penkki uimarannalle.",
                    description="<p>Penkki uimarannalle, jotta vanhemmat voivat istua.</p>",
                    committees=[committee],
                    goals=[],
                    proposer_name="Bench Ehdottaja",
                    proposer_email="bench@example.invalid",
                )
                self.proposals += 1
                if tick >= next_publication:
                    services.idea_publish(idea=idea)
                    self.publications += 1
                    next_publication += 60
                self._stop.wait(max(0.0, 1 - (time.monotonic() - tick)))
        except Exception as error:  # reported by the command, which stops then
            self.error = error
        finally:
            thread_connection.close()


def _get_queries(url):
    """One GET: the X-Bench-Queries the server reported (None without it) and the ms taken."""
    request = urllib.request.Request(url, headers=HEADERS)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            header = response.headers.get("X-Bench-Queries")
    except OSError:
        return None, (time.monotonic() - started) * 1000
    return (int(header) if header else None), (time.monotonic() - started) * 1000


def _moves_with_the_clock(address):
    """Whether the address's view is a ``@public_page(..., clock=True)`` (its key has the time)."""
    try:
        # English addresses are the Finnish ones under /en/ (UrlLanguageMiddleware).
        path = urlsplit(address).path
        view = resolve(path.removeprefix("/en") if path.startswith("/en/") else path).func
    except Resolver404:
        return False
    while view is not None:
        code = getattr(view, "__code__", None)
        if code is not None and "clock" in code.co_freevars and view.__closure__:
            return bool(view.__closure__[code.co_freevars.index("clock")].cell_contents)
        view = getattr(view, "__wrapped__", None)
    return False


def _kind(address):
    path = address.removeprefix("/en")
    if path.startswith("/hankkeet/?"):
        return "idea lists"
    if path.startswith("/hankkeet/") and path != "/hankkeet/":
        return "idea pages"
    if path.startswith("/aluetoimikunnat/") and path != "/aluetoimikunnat/":
        return "committee pages"
    return "other pages"


def _wait_until_up(url, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError("gunicorn did not start; see its output above.")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise CommandError(f"{url} did not answer within {seconds} s.")


def _wait_until_idle(url, seconds=60):
    """Whether the server answers /healthz promptly again within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=seconds) as response:
                response.read()
        except OSError:
            pass
        if time.monotonic() - started < 0.2:
            return True
    return False


def _stop(server):
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _fetch(url):
    request = urllib.request.Request(url, headers=HEADERS)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read(), response.headers.get("Content-Encoding", "")


def _bytes_with_css(base, path):
    """What the page sends (compressed if the portal compresses it) plus its stylesheets."""
    try:
        body, encoding = _fetch(base + path)
    except OSError:
        return None
    total = len(body)
    text = gzip.decompress(body) if encoding == "gzip" else body
    for tag in re.findall(rb"<link\b[^>]*>", text):
        if b'rel="stylesheet"' in tag:
            href = re.search(rb'href="([^"]+)"', tag).group(1).decode()
            total += len(_fetch(base + href)[0])
    return total


def _milliseconds(value, unit):
    return value * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def _ms(value):
    return "" if value is None else f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def _cpu():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _user_exists(name):
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
