"""
The WSGI application ``make bench`` serves: the portal's own (kouvola_alue.wsgi), which also
says in an ``X-Bench-Queries`` header how many queries the request made on the portal's own
tables (the cache tables left out). A request answered from what the caches keep makes fewer
than one that renders its content again: the bench's light load over many addresses reads the
header to tell the two apart. Only the bench runs it; production serves kouvola_alue.wsgi.
"""

from django.conf import settings
from django.db import connection

from kouvola_alue.wsgi import application as portal_application

HEADER = "X-Bench-Queries"
_CACHE_TABLES = tuple(
    cache["LOCATION"]
    for cache in settings.CACHES.values()
    if cache["BACKEND"].endswith("DatabaseCache")
)


def application(environ, start_response):
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        if not any(table in sql for table in _CACHE_TABLES):
            count += 1
        return execute(sql, params, many, context)

    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, (HEADER, str(count))], exc_info)

    with connection.execute_wrapper(counter):
        return portal_application(environ, start)
