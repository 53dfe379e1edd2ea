"""
The big downloads' floor in one process, every cache off: each file whole (its body read to the
end), its statements alone (the same SQL sent and fetched by a bare cursor), and gzip of its
bytes, CPU ms per file, the median of ``N`` runs. Results in docs/BENCHMARKS.md, "A page's
floor".

    python manage.py shell -c "exec(open('docs/experiments/page_floors/downloads.py').read())"

with the production settings' environment and a seeded database (×100).
"""

import os
import statistics
import time

from django.db import connection
from django.test import Client, override_settings
from django.utils.text import compress_string

URLS = [
    "/kokoukset/kalenteri.ics",
    "/avoin-data/kokoukset.csv",
    "/avoin-data/hankeideat.json",
    "/sitemap-ideas.xml",
]
runs = int(os.environ.get("N", "7"))
client = Client(HTTP_HOST="127.0.0.1", headers={"X-Forwarded-Proto": "https"})


def cpu_ms(work):
    times = []
    for _ in range(runs):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


print("| file | bytes | rows | statements | whole | statements alone | gzip |")
print("|---|---:|---:|---:|---:|---:|---:|")
with override_settings(PAGE_CACHE_SECONDS=0, CONTENT_CACHE_SECONDS=0):
    for url in URLS:
        statements = []

        def keep(execute, sql, params, many, context, statements=statements):
            statements.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(keep):
            body = client.get(url).getvalue()

        def alone(statements=statements):
            rows = 0
            with connection.cursor() as cursor:
                for sql, params in statements:
                    cursor.execute(sql, params)
                    rows += len(cursor.fetchall())
            return rows

        whole = cpu_ms(lambda url=url: client.get(url).getvalue())
        sql = cpu_ms(alone)
        gzip = cpu_ms(lambda body=body: compress_string(body))
        print(
            f"| `{url}` | {len(body):,} | {alone():,} | {len(statements)} | {whole:.1f} | "
            f"{sql:.1f} | {gzip:.1f} |"
        )
