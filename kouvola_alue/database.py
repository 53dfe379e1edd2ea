"""
How long the portal waits for PostgreSQL, by kind of process: a web request gives up soon and
answers 503 (kouvola_alue/errors.py), a command (the task worker, migrations, purges, seeding)
may run long statements. settings.py declares the timeouts; manage.py switches a command to its
own with ``use_command_timeouts()``.
"""

import re

_STATEMENT_TIMEOUT = re.compile(r"-c\s*statement_timeout=\S+")
POSTGRESQL = "django.db.backends.postgresql"


def postgresql_options(options, *, connect_timeout, statement_timeout):
    """
    ``options`` (a database's OPTIONS, as DATABASE_URL gave them) with libpq's
    ``connect_timeout`` and the server's ``statement_timeout``, both in seconds (0 = none).
    """
    others = _STATEMENT_TIMEOUT.sub("", options.get("options", "")).strip()
    timeout = f"-c statement_timeout={statement_timeout * 1000}"
    return {
        **options,
        "connect_timeout": connect_timeout,
        "options": f"{others} {timeout}".strip(),
    }


def use_command_timeouts():
    """For a command: statements may run ``DATABASE_COMMAND_STATEMENT_TIMEOUT`` seconds."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == POSTGRESQL:
        database["OPTIONS"] = postgresql_options(
            database.get("OPTIONS", {}),
            connect_timeout=settings.DATABASE_CONNECT_TIMEOUT,
            statement_timeout=settings.DATABASE_COMMAND_STATEMENT_TIMEOUT,
        )
