"""
``manage.py db_worker``: django-tasks-db's worker, which exits when the database cannot be
reached (a restart, a failover, a hung server), made to wait and try again instead. The
options and everything else are django-tasks-db's.
"""

import contextlib
import logging
import os
import time

from django.core.management.base import CommandError
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger(__name__)

# Seconds between attempts while the database is away: doubling from the first to the last.
FIRST_DELAY = 1
LONGEST_DELAY = 30


class PatientWorker(db_worker.Worker):
    def run(self):
        delay = FIRST_DELAY
        while True:
            started = time.monotonic()
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                # Only the kind of error: its text may quote the server's address.
                if time.monotonic() - started > LONGEST_DELAY:
                    delay = FIRST_DELAY  # it had been working: a new outage
                logger.warning(
                    "The database cannot be reached (%s): the worker tries again in %d s.",
                    type(error).__name__,
                    delay,
                )
                with contextlib.suppress(DatabaseError):
                    connections.close_all()
                if not self.running:
                    return None
                time.sleep(delay)
                delay = min(delay * 2, LONGEST_DELAY)


class Command(db_worker.Command):
    help = "Run the task worker; it waits for the database while the database cannot be reached."

    def handle(self, *, verbosity, queue_name, batch, reload, exclude_queues, **options):
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = PatientWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
