"""
The development tools (devtools/: the bench, the demo in bulk) are installed by development and
test settings and by `make bench` (DJANGO_DEV_TOOLS=1), never by production settings alone.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "example.fi",
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "kouvola_alue.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_leave_the_bench_out():
    result = manage("help", "bench", **PRODUCTION)
    assert result.returncode != 0
    assert "Unknown command: 'bench'" in result.stderr


@pytest.mark.parametrize(
    "env",
    [
        {**PRODUCTION, "DJANGO_DEV_TOOLS": "1"},  # make bench
        {"DJANGO_DEBUG": "true"},  # make run
    ],
    ids=["make-bench", "development"],
)
def test_the_bench_is_there_when_asked_for_or_in_development(env):
    result = manage("help", "bench", **env)
    assert result.returncode == 0, result.stderr
    assert "--pg-port" in result.stdout


def test_the_seed_says_when_scaling_is_not_installed(tmp_path):
    # The database does not exist: the refusal comes before anything is read or written.
    database = tmp_path / "never-created.sqlite3"
    result = manage(
        "seed_kouvola", "--demo", "--scale", "2", DATABASE_URL=f"sqlite:///{database}", **PRODUCTION
    )
    assert result.returncode != 0
    assert "--scale 2 needs the development tools" in result.stderr
    assert "DJANGO_DEV_TOOLS=1" in result.stderr
    assert not database.exists() or database.stat().st_size == 0
