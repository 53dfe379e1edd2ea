"""
``make bench``: the budgets of DESIGN.md, measured under gunicorn on PostgreSQL.

For each size of the demo content (×1 and ×100 by default) and with the page cache off and on,
the command starts gunicorn (two workers, the process's own production settings), loads each
address with wrk (16 connections) in several short samples, and prints per address: requests per
second and their share of /healthz's in the same sample, p50 and p99 latency, the queries one
request makes and the bytes the page and its CSS send gzipped. The tables go to
docs/BENCHMARKS.md with the machine and the date. The command exits non-zero when a budget is
broken at the largest size with the page cache off:

- an HTML page serves ≥ 0.2 of /healthz's requests per second; search, downloads, calendars
  and feeds ≥ 0.1;
- p99 ≤ 500 ms at 16 connections;
- ≤ 15 queries, and the same number at every size;
- a page with its CSS ≤ 100 KB compressed.

The machine is shared with the load generator (and often with other work): compare the shares
within one run, not the absolute numbers between runs.

It ERASES the database that DATABASE_URL names (every table is dropped, then migrated and
seeded again): point it at a scratch database. Without a PostgreSQL DATABASE_URL it starts a
throwaway PostgreSQL cluster of its own when it can (root, and Debian's PostgreSQL server
binaries installed), as .ci/run does, and refuses otherwise.
"""

import cProfile
import datetime
import glob
import gzip
import io
import os
import platform
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

# (address, kind): "html" pages must reach 0.2 of /healthz, the heavier "data" answers 0.1.
URLS = [
    ("/", "html"),
    ("/aluetoimikunnat/", "html"),
    ("/aluetoimikunnat/valkeala/", "html"),
    ("/hankkeet/", "html"),
    ("/hankkeet/?q=kulttuuri", "html"),
    ("/hankkeet/aluekeskusten-kulttuuriviikko/", "html"),
    ("/jasenhaku/", "html"),
    ("/kokoukset/", "html"),
    ("/haku/?q=kulttuuri", "data"),
    ("/avoin-data/hankeideat.json", "data"),
    ("/avoin-data/kokoukset.csv", "data"),
    ("/kokoukset/kalenteri.ics", "data"),
    ("/hankkeet/syote.atom", "data"),
]
HEALTHZ = "/healthz"
SHARE_BUDGET = {"html": 0.2, "data": 0.1}
P99_BUDGET_MS = 500
QUERY_BUDGET = 15
BYTES_BUDGET = 100 * 1024
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

    @property
    def median_rps(self):
        return statistics.median(self.rps) if self.rps else 0.0

    @property
    def share(self):
        return statistics.median(self.shares) if self.shares else 0.0


@dataclass
class Run:
    scale: int
    page_cache: bool
    rows: list
    load_seconds: float


class Command(BaseCommand):
    help = (
        "Measure the public pages under gunicorn and wrk against DESIGN.md's budgets; write "
        "docs/BENCHMARKS.md. ERASES the database DATABASE_URL names."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scales", default="1,100", help="Sizes of the demo, e.g. 1,100.")
        parser.add_argument(
            "--page-cache", default="off,on", help="off, on or off,on (the budgets: off)."
        )
        parser.add_argument("--samples", type=int, default=3)
        parser.add_argument("--seconds", type=int, default=3, help="Length of one wrk sample.")
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--port", type=int, default=8790)
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
            "through the test client in this process, page cache off, against the database as "
            "it is (nothing erased); print ms per render and, with --top, the top costs.",
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
            return self.rerun_on_throwaway_postgresql()
        scales = sorted({int(s) for s in options["scales"].split(",")})
        self.options = options
        runs = []
        call_command("collectstatic", interactive=False, verbosity=0)
        for scale in scales:
            self.reset_database()
            started = time.monotonic()
            call_command("seed_kouvola", demo=True, scale=scale, stdout=io.StringIO())
            load_seconds = time.monotonic() - started
            self.stdout.write(f"Demo ×{scale} loaded in {load_seconds:.1f} s.")
            queries = self.count_queries()
            for page_cache in [c == "on" for c in options["page_cache"].split(",")]:
                rows = self.measure(page_cache)
                for row in rows:
                    row.queries = queries.get(row.path)
                run = Run(scale, page_cache, rows, load_seconds)
                runs.append(run)
                self.stdout.write(self.table(run))
        failures = self.check_budgets(runs)
        report = self.report(runs, failures)
        if options["output"]:
            self.write(Path(options["output"]), report)
            self.stdout.write(f"Written to {options['output']}.")
        if failures:
            self.stderr.write("Budgets broken:\n" + "\n".join(f"- {f}" for f in failures))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS("Every budget holds."))

    # --- The database --------------------------------------------------------------------------

    def reset_database(self):
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)

    def rerun_on_throwaway_postgresql(self):
        bin_dir = max(glob.glob("/usr/lib/postgresql/*/bin"), default=None)
        if not bin_dir or os.geteuid() != 0 or not _user_exists("postgres"):
            raise CommandError(
                "The bench runs on PostgreSQL: set DATABASE_URL=postgresql://… to a scratch "
                "database (it is erased), or run as root with Debian's PostgreSQL installed "
                "(apt-get install postgresql) for a throwaway cluster."
            )
        root = Path(tempfile.mkdtemp(prefix="kouvola-bench-pg."))
        port = _free_port()
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
        with override_settings(PAGE_CACHE_SECONDS=0):
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
        """The queries one request makes, page cache off, read through the test client."""
        client = Client(HTTP_HOST="127.0.0.1", headers={"X-Forwarded-Proto": "https"})
        counts = {}
        with override_settings(PAGE_CACHE_SECONDS=0):
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

    def measure(self, page_cache):
        options = self.options
        port = options["port"]
        env = {
            **os.environ,
            "DJANGO_PAGE_CACHE_SECONDS": "60" if page_cache else "0",
            # wrk is one client standing for many visitors: the search's per-visitor limit
            # would answer 429 and measure itself instead of the search.
            "DJANGO_SEARCH_RATE_LIMIT": "1000000000",
        }
        command = [sys.executable, "-m", "gunicorn", "kouvola_alue.wsgi", "--workers", "2"]
        command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
        base = f"http://127.0.0.1:{port}"

        def start():
            server = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)
            _wait_until_up(base + HEALTHZ, server)
            return server

        server = start()
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
                        server = start()
            healthz.shares = [1.0] * len(healthz.rps)
            return [healthz, *rows]
        finally:
            _stop(server)

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

    def check_budgets(self, runs):
        failures = []
        largest = max(run.scale for run in runs)
        by_key = {(run.scale, run.page_cache): run for run in runs}
        if (largest, False) not in by_key:
            return ["the budgets are for the page cache off: measure with --page-cache off"]
        judged = by_key[(largest, False)]
        smallest = by_key[(min(run.scale for run in runs), False)]
        small_queries = {row.path: row.queries for row in smallest.rows}
        for row in judged.rows:
            if row.kind == "health":
                continue
            where = f"{row.path} (×{largest}, page cache off)"
            if row.errors:
                failures.append(f"{where}: {row.errors} failed requests")
            if row.backlog:
                failures.append(f"{where}: requests still queued a minute after the load")
            if row.share < SHARE_BUDGET[row.kind]:
                failures.append(
                    f"{where}: {row.share:.2f} of /healthz, under {SHARE_BUDGET[row.kind]}"
                )
            p99 = statistics.median(row.p99) if row.p99 else None
            if p99 is None or p99 > P99_BUDGET_MS:
                failures.append(f"{where}: p99 {_ms(p99)} ms, over {P99_BUDGET_MS} ms")
            if row.queries is None or row.queries > QUERY_BUDGET:
                failures.append(f"{where}: {row.queries} queries, over {QUERY_BUDGET}")
            # More at ×100 than at ×1 is a query per row somewhere; fewer is only a page
            # whose shown rows come from fewer kinds (search).
            elif (small_queries.get(row.path) or 0) < row.queries:
                failures.append(
                    f"{where}: {row.queries} queries, but {small_queries.get(row.path)} at "
                    f"×{smallest.scale}"
                )
            if row.kind == "html" and (row.bytes is None or row.bytes > BYTES_BUDGET):
                failures.append(f"{where}: page and CSS {row.bytes} bytes compressed, over 100 KB")
        return failures

    def table(self, run):
        cache = "on" if run.page_cache else "off"
        lines = [
            "",
            f"#### Demo ×{run.scale}, page cache {cache}",
            "",
            "| URL | req/s | share of /healthz | p50 ms | p99 ms | queries "
            "| bytes (gzip, page + CSS) |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for row in run.rows:
            p50 = statistics.median(row.p50) if row.p50 else None
            p99 = statistics.median(row.p99) if row.p99 else None
            errors = f" ({row.errors} failed)" if row.errors else ""
            errors += " (backlog)" if row.backlog else ""
            lines.append(
                f"| `{row.path}` | {row.median_rps:.0f}{errors} | {row.share:.2f} | {_ms(p50)} | "
                f"{_ms(p99)} | {'' if row.queries is None else row.queries} | "
                f"{'' if row.bytes is None else f'{row.bytes:,}'.replace(',', ' ')} |"
            )
        return "\n".join(lines)

    def report(self, runs, failures):
        options = self.options
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgresql = cursor.fetchone()[0]
        now = datetime.datetime.now(datetime.UTC)
        loads = ", ".join(
            f"×{run.scale} in {run.load_seconds:.1f} s" for run in runs if not run.page_cache
        )
        lines = [
            MARK_START,
            f"Measured {now:%-d.%-m.%Y %H:%M} UTC on {platform.node()}: {_cpu()}, "
            f"{os.cpu_count()} cores, {platform.system()} {platform.release()}, Python "
            f"{platform.python_version()}, PostgreSQL {postgresql.split()[0]}. gunicorn 2 workers, "
            f"wrk {options['connections']} connections, {options['samples']} samples of "
            f"{options['seconds']} s per address (medians). Demo loaded: {loads}.",
            "",
            "Result: "
            + ("every budget holds." if not failures else "budgets broken:")
            + "".join(f"\n- {failure}" for failure in failures),
        ]
        lines += [self.table(run) for run in runs]
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
                "# Benchmarks\n\nWritten by `make bench` (portal/management/commands/bench.py).\n\n"
            )
            text += report
        path.write_text(text, encoding="utf-8")


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
