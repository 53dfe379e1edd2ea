"""
Where a page's time goes with every cache off, under gunicorn and wrk as ``make bench`` runs
them: each page whole, its render alone, its reads alone, and its SQL statements alone without
the ORM, as shares of /healthz's requests per second in the same run (``urls.py``).

Run from the project's root against a seeded PostgreSQL database (×100: ``seed_kouvola --demo
--scale 100``), with the production settings' environment (DATABASE_URL, DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS=127.0.0.1) and wrk installed:

    .venv/bin/python docs/experiments/page_floors/measure.py [--seconds 5] [--rounds 2]

Prints a Markdown table: the median share of each round.
"""

import argparse
import os
import pathlib
import re
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[3]
PAGES = {
    "home": "/",
    "committee": "/aluetoimikunnat/valkeala/",
    "ideas": "/hankkeet/",
    "campaigns": "/jasenhaku/",
    "meetings": "/kokoukset/",
}
HEADERS = {"Accept-Encoding": "gzip", "X-Forwarded-Proto": "https"}
PORT = 8731
BASE = f"http://127.0.0.1:{PORT}"


def get(path):
    request = urllib.request.Request(BASE + path, headers=HEADERS)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read()


def rps(path, seconds):
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s"]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, BASE + path], capture_output=True, text=True, check=True)
    if "Non-2xx" in output.stdout:
        raise SystemExit(f"{path}: answers other than 2xx\n{output.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output.stdout).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "page_floors.settings",
        "PYTHONPATH": str(ROOT / "docs" / "experiments"),
        "DJANGO_DEBUG": "false",
        "DJANGO_PAGE_CACHE_SECONDS": "0",
        "DJANGO_CONTENT_CACHE_SECONDS": "0",
    }
    command = [sys.executable, "-m", "gunicorn", "kouvola_alue.wsgi", "--workers", "2"]
    command += ["--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        for _ in range(100):
            try:
                get("/healthz")
                break
            except OSError:
                time.sleep(0.1)
        # Every address answers, and the render alone makes no query.
        for page, path in PAGES.items():
            for address in (path, f"/x/render/{page}/", f"/x/reads/{page}/", f"/x/sql/{page}/"):
                status = get(address)[0]
                assert status == 200, (address, status)
            renders = get(f"/x/render/{page}/")[1]["X-Queries"]
            if page == "home":
                assert get("/x/jinja2/home/")[1]["X-Queries"] == "0"
            reads = get(f"/x/reads/{page}/")[1]["X-Queries"]
            assert renders == "0", f"{page}: its render alone made {renders} queries"
            print(f"{page}: {reads} queries", file=sys.stderr)
        shares = {}
        for _ in range(options.rounds):
            for page, path in [("", "/x/nothing/"), *PAGES.items()]:
                addresses = {"whole": path}
                if page:
                    addresses |= {
                        "render alone": f"/x/render/{page}/",
                        "reads alone": f"/x/reads/{page}/",
                        "SQL alone": f"/x/sql/{page}/",
                    }
                if page == "home":
                    addresses["render alone, Jinja2"] = "/x/jinja2/home/"
                health = rps("/healthz", options.seconds)
                for kind, address in addresses.items():
                    share = rps(address, options.seconds) / health
                    shares.setdefault((path, kind), []).append(share)
    finally:
        server.terminate()
        server.wait()
    kinds = ["whole", "render alone", "render alone, Jinja2", "reads alone", "SQL alone"]
    print("| page | " + " | ".join(kinds) + " |")
    print("|---|" + "---:|" * len(kinds))
    for path in ["/x/nothing/", *PAGES.values()]:
        cells = [
            f"{statistics.median(shares[(path, kind)]):.3f}" if (path, kind) in shares else ""
            for kind in kinds
        ]
        print(f"| `{path}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
