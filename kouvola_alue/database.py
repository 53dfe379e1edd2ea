"""
How long the portal waits for PostgreSQL, by kind of process: a web request gives up soon and
answers 503 (kouvola_alue/errors.py), a command (the task worker, migrations, purges, seeding)
may run long statements. settings.py declares the timeouts; manage.py switches a command to its
own with ``use_command_timeouts()``.
"""

import re

_STATEMENT_TIMEOUT = re.compile(r"-c\s*statement_timeout=\S+")
POSTGRESQL = "django.db.backends.postgresql"

# How the server runs the portal's queries, unless DATABASE_URL's ``options`` say otherwise.
# The portal's queries are short, many at once: work that pays for one long query alone costs
# the others. Both measured at ×1000 (docs/BENCHMARKS.md, "PostgreSQL's JIT and parallel
# workers"):
# - the JIT compiler turns a query whose estimated cost passes ``jit_above_cost`` into machine
#   code before running it; the spaces' use rates, the ideas' facets and the recruitment lists
#   passed it and spent 30–40 ms compiling what runs in a few (`/` 56 ms a render, 29 without);
# - parallel workers: the ideas' facets took two more processes for a few milliseconds less,
#   on a machine whose cores the other requests need.
SERVER_SETTINGS = {"jit": "off", "max_parallel_workers_per_gather": "0"}


def postgresql_options(options, *, connect_timeout, statement_timeout):
    """
    ``options`` (a database's OPTIONS, as DATABASE_URL gave them) with libpq's
    ``connect_timeout``, the server's ``statement_timeout``, both in seconds (0 = none), and
    ``SERVER_SETTINGS`` where DATABASE_URL does not set them.
    """
    others = _STATEMENT_TIMEOUT.sub("", options.get("options", "")).strip()
    server = [
        f"-c {name}={value}"
        for name, value in SERVER_SETTINGS.items()
        if not re.search(rf"-c\s*{name}=", others)
    ]
    timeout = f"-c statement_timeout={statement_timeout * 1000}"
    return {
        **options,
        "connect_timeout": connect_timeout,
        "options": " ".join(part for part in (others, *server, timeout) if part),
    }


def use_command_timeouts():
    """
    For a command: each new PostgreSQL connection lets statements run
    ``DATABASE_COMMAND_STATEMENT_TIMEOUT`` seconds. Called before the command line is read, so
    the settings (``--settings`` may name them) are only read as each connection opens.
    """
    from django.db.backends.signals import connection_created

    connection_created.connect(_command_statement_timeout, dispatch_uid=__name__)


def _command_statement_timeout(sender, connection, **kwargs):
    from django.conf import settings

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            milliseconds = settings.DATABASE_COMMAND_STATEMENT_TIMEOUT * 1000
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(milliseconds)])


def postgresql_only(forward_sql, backward_sql):
    """
    A migration operation that runs ``forward_sql`` (and ``backward_sql`` when unapplied) on
    PostgreSQL only: the stored full-text vectors, their triggers and GIN indexes, which SQLite
    (development) has no use for.
    """
    from django.db import migrations

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(forward_sql, params=None)

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(backward_sql, params=None)

    return migrations.RunPython(forward, backward)
