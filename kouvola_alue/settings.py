"""
Settings of the Kouvola area committee portal.

Every setting that differs between machines is read from the environment here, once,
with its type and its development default. With DJANGO_DEBUG off the process refuses to
start unless the secrets a production server needs are given.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kouvola_alue.database import POSTGRESQL, postgresql_options

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    value = env_str(name)
    if not value:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default):
    value = env_str(name)
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=""):
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# --- The environment -----------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A database that does not answer must not hold a gunicorn worker: connecting gives up after
# DATABASE_CONNECT_TIMEOUT seconds, and PostgreSQL cancels a statement of a web request after
# DATABASE_STATEMENT_TIMEOUT seconds; the page then answers 503 (kouvola_alue/errors.py).
# Commands started by manage.py (the task worker, migrations, purges, seeding) may run longer
# statements: they use DATABASE_COMMAND_STATEMENT_TIMEOUT (kouvola_alue/database.py). 0 = none.
DATABASE_CONNECT_TIMEOUT = env_int("DATABASE_CONNECT_TIMEOUT", 3)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 5)
DATABASE_COMMAND_STATEMENT_TIMEOUT = env_int("DATABASE_COMMAND_STATEMENT_TIMEOUT", 0)
if DATABASES["default"]["ENGINE"] == POSTGRESQL:
    DATABASES["default"]["OPTIONS"] = postgresql_options(
        DATABASES["default"].get("OPTIONS", {}),
        connect_timeout=DATABASE_CONNECT_TIMEOUT,
        statement_timeout=DATABASE_STATEMENT_TIMEOUT,
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "aluetoimikunnat@kouvola.fi")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where security researchers report vulnerabilities (/.well-known/security.txt, RFC 9116):
# comma-separated mailto: or https: URIs.
SECURITY_CONTACT = env_list("DJANGO_SECURITY_CONTACT", "mailto:kirjaamo@kouvola.fi")
# Who is told of new resident proposals (project ideas) to moderate; comma-separated.
STAFF_NOTIFY_EMAIL = env_list("DJANGO_STAFF_NOTIFY_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=True)
# Seconds an SMTP connection may wait for the server: a server that never answers costs the
# task worker this long per attempt, then the task retries later (kouvola_alue/mailqueue/).
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
# SMTP when a host is given; without one (development only), mail is written to the console.
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
# Redis for rate-limit counters and form stamps shared by every machine; without it they are
# rows in the shared database (kouvola_alue/limits).
REDIS_URL = env_str("REDIS_URL")
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
LOG_LEVEL = env_str("DJANGO_LOG_LEVEL", "INFO")
# How long a worker may serve a rendered public page to anonymous visitors; 0 turns it off.
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 60)
# How long open-data files, calendars, feeds and page fragments (committee cards, goals) are kept
# in the shared cache; they are keyed on the page cache's version, so a committed public write
# replaces them at once whatever this says. 0 turns it off (kouvola_alue/pagecache.py).
CONTENT_CACHE_SECONDS = env_int("DJANGO_CONTENT_CACHE_SECONDS", 3600)
# Searches per visitor and minute (portal/search.py). `make bench` raises it: its one client
# stands for many visitors, and a 429 there would measure the limit instead of the search.
SEARCH_RATE_LIMIT = env_int("DJANGO_SEARCH_RATE_LIMIT", 60)
# The largest meeting document (PDF) staff may upload, in megabytes.
MEETING_DOCUMENT_MAX_MB = env_int("DJANGO_MEETING_DOCUMENT_MAX_MB", 10)
# How many proxies in front of the portal append to X-Forwarded-For (for rate limits).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
# Days after a campaign closes (an idea is decided, a booking's last date) before
# `purge_personal_data` removes the applicants' (proposers', bookers') personal data.
APPLICATION_RETENTION_DAYS = env_int("APPLICATION_RETENTION_DAYS", 365)
# Days after a person's last seat ends before `purge_personal_data` erases their e-mail address.
MEMBER_EMAIL_RETENTION_DAYS = env_int("MEMBER_EMAIL_RETENTION_DAYS", 90)
# The portal's address in mail sent by scheduled commands, where no request tells it (the
# staff's reminders); a subscriber's mail links to the address they subscribed at.
SITE_URL = env_str("DJANGO_SITE_URL", "https://aluetoimikunnat.kouvola.fi/")
# The development tools (devtools/: `manage.py bench`, `seed_kouvola --demo --scale N`): on in
# development, off in production unless asked for; `make bench` and the tests turn them on.
DEV_TOOLS = env_bool("DJANGO_DEV_TOOLS", default=DEBUG)

if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    missing = [
        name
        for name, value in (
            ("DJANGO_SECRET_KEY", SECRET_KEY),
            ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"DJANGO_DEBUG is off, so {' and '.join(missing)} must be set in the environment "
            "(or set DJANGO_DEBUG=true for development)."
        )

# The console backend writes addresses, names and private links into the logs: production
# has an SMTP host, or names its backend on purpose (e.g. dummy on a benchmark machine).
if not DEBUG and EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is off, so DJANGO_EMAIL_HOST must be set in the environment (or "
        "DJANGO_EMAIL_BACKEND set to a backend other than the console)."
    )

# --- Applications ----------------------------------------------------------------------------

INSTALLED_APPS = [
    # Django's admin on the portal's own site class: a second factor for staff (portal/staff.py).
    "portal.adminconfig.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_tasks",
    # Before django_tasks_db: its `db_worker` waits for the database instead of exiting.
    "kouvola_alue.worker",
    "django_tasks_db",
    "kouvola_alue.limits",
    "kouvola_alue.audit",
    "kouvola_alue.mailqueue",
    "committees",
    "recruitment",
    "projects",
    "following",
    "bookings",
    "portal",
    *(["devtools"] if DEV_TOOLS else []),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "kouvola_alue.middleware.PermissionsPolicyMiddleware",
    "kouvola_alue.middleware.AllowedMethodsMiddleware",
    # Above CommonMiddleware, so it sees the Content-Length that one adds to every answer.
    "kouvola_alue.middleware.NotModifiedMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Gzip only where no CSRF token is in the body (kouvola_alue/compression.py: BREACH).
    "kouvola_alue.compression.PublicGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the URL alone: /en/… is English, everything else Finnish.
    "kouvola_alue.middleware.UrlLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kouvola_alue.middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "kouvola_alue.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # {% cache %}'s arguments in public pages (kouvola_alue/pagecache.py).
                "kouvola_alue.pagecache.fragments",
            ],
            # Staff text in the visitor's language, with lang="fi" where English is missing:
            # in every template without {% load %} (kouvola_alue/templatetags/localized.py).
            "builtins": ["kouvola_alue.templatetags.localized"],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# What must be shared by every gunicorn worker and machine (rate limits, rendered pages) lives
# in the shared database, or in Redis when REDIS_URL is set. Pages have a table of their own,
# so that evicting old pages never evicts a rate-limit counter.
# (Rate limits have a table of their own with an atomic counter, kouvola_alue/limits, or use
# the same Redis.)
if REDIS_URL:
    _redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES = {
        "default": _redis,
        "pages": {**_redis, "KEY_PREFIX": "pages"},
        # Kept without expiry: Redis must not evict keys that have none (docs/DEPLOYMENT.md).
        "scopes": {**_redis, "KEY_PREFIX": "scopes"},
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kouvola_cache",
        },
        # Rendered public pages, fragments and downloads (kouvola_alue/pagecache.py).
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kouvola_pages",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        # The versions of the cache scopes (kouvola_alue/cachescopes.py): a table of their own,
        # never culled (a few hundred rows: one per committee, idea and space at most), so no
        # flood of pages can evict one.
        "scopes": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kouvola_scopes",
            "OPTIONS": {"MAX_ENTRIES": 2**31 - 1},
        },
    }
# {% cache %} in templates uses "pages", or this one (which keeps nothing) when
# CONTENT_CACHE_SECONDS is 0 (kouvola_alue/pagecache.py: fragment_cache).
CACHES["off"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

# Sessions (staff sign-ins) are rows in the shared database, Django's default engine: a session
# started on one machine is valid on every other. Machines must share DJANGO_SECRET_KEY.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Mail and other slow work leave the request through this queue: rows in the shared
# database, run by `manage.py db_worker` (which `make run` starts beside the web server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Language, time and formats ----------------------------------------------------------------

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Helsinki"
USE_TZ = True
# Dates read d.m.yyyy in every language (kouvola_alue/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["kouvola_alue.formats"]
# The cookie the language switch set before English moved to /en/; only the old switch
# address (/kieli/) still reads its name, to delete it.
LANGUAGE_COOKIE_NAME = "kouvola_language"

# --- Static and uploaded files -----------------------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
# Uploaded documents (meeting minutes): on this machine's disk under MEDIA_ROOT by default, or,
# with several app machines, in an S3-compatible object store that every machine reaches
# (django-storages). Nobody fetches them from the store directly: the portal streams a
# published meeting's minutes itself (committees/meeting_views.py), so the bucket stays private.
MEDIA_STORAGE = env_str("DJANGO_MEDIA_STORAGE", "local").lower()
if MEDIA_STORAGE == "local":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    if not env_str("DJANGO_S3_BUCKET"):
        raise ImproperlyConfigured("DJANGO_MEDIA_STORAGE is s3, so DJANGO_S3_BUCKET must be set.")
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("DJANGO_S3_BUCKET"),
            # The object store's address, e.g. https://s3.example.fi; none means AWS itself.
            "endpoint_url": env_str("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": env_str("DJANGO_S3_REGION") or None,
            # Without keys boto3 looks further (AWS_* variables, an instance role).
            "access_key": env_str("DJANGO_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("DJANGO_S3_SECRET_ACCESS_KEY") or None,
            # "path" for most stores other than AWS (https://host/bucket/key), else "virtual".
            "addressing_style": env_str("DJANGO_S3_ADDRESSING_STYLE") or None,
            # Only the admin's link to a stored file uses it; such links are then unsigned.
            "custom_domain": env_str("DJANGO_S3_CUSTOM_DOMAIN") or None,
            # Private files: no ACL is sent, so an object is as private as its bucket (and a
            # bucket whose ACLs are turned off accepts the upload); links are signed, for an hour.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 3600,
            # Names are random already; should two ever meet, the second gets a new name.
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured(f"DJANGO_MEDIA_STORAGE must be local or s3, not {MEDIA_STORAGE!r}.")
STORAGES = {
    "default": _media_storage,
    # Hashed, compressed copies after collectstatic; with DEBUG on, {% static %} gives the
    # plain names, so development needs no collectstatic.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ----------------------------------------------------------------------------------

# The portal runs behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# With debug off, plain HTTP is redirected to HTTPS and browsers are told to stay on HTTPS
# (a year, subdomains too). A proxy that redirects HTTP itself may turn the redirect off with
# DJANGO_SSL_REDIRECT=false; the deploy check's reminder about it is then silenced, since
# that variable is the operator saying the proxy does it.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", default=not DEBUG)
# The load balancer's health check reaches gunicorn directly over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Only has an effect once the city's domain is submitted to the browsers' preload list.
SECURE_HSTS_PRELOAD = True
SILENCED_SYSTEM_CHECKS = [] if SECURE_SSL_REDIRECT or DEBUG else ["security.W008"]

# Content-Security-Policy (django-csp 4): only the portal's own files, no inline script or
# style attribute anywhere (the admin's included), no plugins, no framing, forms post only here.
# data: images are Bootstrap's and the admin's inline SVG icons inside their CSS files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
    },
}
# Powerful browser features the portal never uses (kouvola_alue.middleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# --- Staff sign-in -----------------------------------------------------------------------------

# Django-axes counts failed admin sign-ins in the database (shared by every machine) and locks
# a user name, and separately an address, after AXES_FAILURE_LIMIT failures for the cool-off
# time. A locked attempt is refused before the password is hashed, so guessing costs no CPU.
# Staff unlock early by deleting the attempt in the admin (Axes → Access attempts).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# The same address as the form rate limits count: X-Forwarded-For read by
# DJANGO_TRUSTED_PROXY_COUNT, an IPv6 client by its /64 network.
AXES_CLIENT_IP_CALLABLE = "kouvola_alue.abuse.client_network"
AXES_LOCKOUT_CALLABLE = "portal.staff.lockout_response"
# Two-factor authentication (django-otp, TOTP with single-use backup codes) for every staff
# account. Relaxed only in development (DJANGO_DEBUG=true, as `make run` sets), so that the
# demo login works with one command; there is no other switch.
STAFF_REQUIRE_2FA = not DEBUG
OTP_TOTP_ISSUER = "Kouvolan aluetoimikunnat"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Staff sessions end after half an hour without a request and at the latest after a working
# day (kouvola_alue.middleware.StaffSessionMiddleware); visitors of the public pages need none.
STAFF_SESSION_IDLE_SECONDS = 30 * 60
STAFF_SESSION_MAX_SECONDS = 10 * 60 * 60
# A private link's token (an application's, a booking's) is forgotten after half an hour
# without a request, and when the browser is closed (kouvola_alue/privatelinks.py).
PRIVATE_LINK_IDLE_SECONDS = 30 * 60
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_SECONDS
LOGIN_URL = "admin:login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Personal data and private links stay out of the logs by design; this formatter is the
    # second line, for a message that slips through (kouvola_alue/logfilters.py).
    "formatters": {"private": {"()": "kouvola_alue.logfilters.PrivateDataFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "private"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # runserver's request lines: the first visit of a private link carries its token.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
