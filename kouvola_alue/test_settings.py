"""
Test settings: the real settings, with only what makes the suite fast and hermetic changed.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# No SMTP server in tests (pytest-django swaps in locmem anyway); production settings refuse
# to start without one.
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from kouvola_alue.settings import *  # noqa: F403
from kouvola_alue.settings import INSTALLED_APPS, STORAGES

# The development tools (devtools/: the bench, the demo in bulk) have their tests, whatever
# DJANGO_DEBUG or DJANGO_DEV_TOOLS says.
if "devtools" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]

# Tests change data and read the page at once; the page cache has its own tests.
PAGE_CACHE_SECONDS = 0
CONTENT_CACHE_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The manifest needs collectstatic; tests render {% static %} without it.
STORAGES = {
    **STORAGES,
    # Uploads (meeting minutes) stay in memory: no test writes to the worktree's media/.
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the apps and static/ directly, as in development: no collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tasks run at once, in the request, so a test sees their mail; the tests of the queue itself
# switch to the database backend and run the worker (tests/recruitment/test_mail_queue.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The test client and the live server speak plain HTTP; the redirect to HTTPS, which
# production settings turn on, is tested with those settings (tests/security/).
SECURE_SSL_REDIRECT = False
