"""
Issue 20, defect 2: how long the portal waits for PostgreSQL. A web request gives up soon
(connect and statement timeouts); a command started by manage.py (the task worker, a
migration, a purge) may run long statements. Issue 16: no query waits for the JIT compiler
or takes more processes.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from kouvola_alue.database import postgresql_options

ROOT = Path(__file__).resolve().parent.parent


def test_the_timeouts_join_what_the_database_url_asked_for():
    options = postgresql_options(
        {"sslmode": "require", "options": "-c search_path=kouvola -c statement_timeout=99"},
        connect_timeout=3,
        statement_timeout=5,
    )
    assert options == {
        "sslmode": "require",
        "connect_timeout": 3,
        "options": (
            "-c search_path=kouvola -c jit=off -c max_parallel_workers_per_gather=0 "
            "-c statement_timeout=5000"
        ),
    }


def test_the_server_settings_give_way_to_what_the_database_url_asks():
    asked = postgresql_options({"options": "-c jit=on"}, connect_timeout=3, statement_timeout=5)
    assert asked["options"] == (
        "-c jit=on -c max_parallel_workers_per_gather=0 -c statement_timeout=5000"
    )
    plain = postgresql_options({}, connect_timeout=3, statement_timeout=5)
    assert plain["options"] == (
        "-c jit=off -c max_parallel_workers_per_gather=0 -c statement_timeout=5000"
    )


@pytest.mark.postgresql
@pytest.mark.django_db
def test_postgresql_neither_compiles_nor_splits_a_query_of_the_portal():
    # At ×1000 the JIT spent 30–40 ms compiling queries that run in a few, and the ideas'
    # facets took two more processes (docs/BENCHMARKS.md).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)


@pytest.mark.postgresql
@pytest.mark.django_db
def test_a_web_request_s_statements_are_cancelled_after_five_seconds():
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] == 3
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("5s",)


@pytest.mark.postgresql
@pytest.mark.django_db
def test_a_command_may_run_longer_statements():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kouvola_alue.settings"}
    command = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('SHOW statement_timeout'); print(c.fetchone()[0])"
    )
    shown = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip().splitlines()[-1] == "0"
