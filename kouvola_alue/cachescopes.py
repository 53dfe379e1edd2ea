"""
Cache scopes: what a cached page, fragment or download shows, named so that a change forgets
only the entries that show it.

A scope is a short name: ``"ideas"`` (every list of ideas), ``"idea:<slug>"`` (one idea's
page), ``"committee:<slug>"`` (one committee's pages), ``"committees"`` (the committee cards and
their counts), ``"meetings"``, ``"spaces"``, ``"space:<pk>"``, ``"campaigns"``, ``"goals"``,
``"sections"`` (the staff-written page sections). Each app says which scopes an object of its
own touches (the models' ``cache_scopes()``), and the services that publish or change
something public call ``forget(*obj.cache_scopes())``. A resident's submission, anything that
waits for moderation or confirmation, mail bookkeeping and purges of personal data show
nowhere on a public page, so they forget nothing.

Each scope has a *version* in the ``scopes`` cache: the shared database table or Redis that
every machine reads (settings.CACHES), with no culling and no expiry, so a flood of page
entries cannot evict a version. A cached entry's key holds the versions of the scopes it shows
(``versions()``); ``forget()`` gives those scopes new versions when the transaction commits,
so a page rendered from the old rows by a concurrent request is never looked up again, and the
old entries expire on their own. Every key also holds the version of ``EVERYTHING``, which
``forget_everything()`` changes (the seed loader, the demo scaling, a renamed committee).
"""

import datetime
import logging
import time
from functools import partial

from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

ALIAS = "scopes"
EVERYTHING = "everything"
# What moves with the clock ("upcoming", "open", this week) is rendered again at least this
# often (seconds), whatever the versions say.
PERIOD = 300


def versions(*scopes, clock=False):
    """
    One string made of the current versions of ``scopes`` (and EVERYTHING): part of a cache
    key, or an ETag. With ``clock``, the day and the period of PERIOD seconds are part of it too.
    One read of the shared cache.
    """
    names = [EVERYTHING, *dict.fromkeys(scopes)]
    cache = caches[ALIAS]
    found = cache.get_many(names)
    if EVERYTHING not in found:
        # A new (or emptied) cache: a version no entry was ever stored under. add(): of two
        # workers that find it missing at once, both end with one.
        value = _new_version()
        if not cache.add(EVERYTHING, value, None):
            value = cache.get(EVERYTHING) or value
        found[EVERYTHING] = value
    # A scope never forgotten since EVERYTHING was made has no version of its own yet: its
    # entries are those of EVERYTHING's version, and its first forget() leaves them behind.
    token = ".".join(found.get(name, "0") for name in names)
    if clock:
        token += f".{timezone.localdate():%Y%m%d}.{int(time.time() // PERIOD)}"
    return token


def forget(*scopes, using=None):
    """Give ``scopes`` new versions when the current transaction commits, on every machine."""
    if scopes:
        transaction.on_commit(partial(_renew, scopes), using=using, robust=True)


def forget_everything(using=None):
    """Forget every cached page, fragment and download when the transaction commits."""
    forget(EVERYTHING, using=using)


def _renew(scopes):
    try:
        caches[ALIAS].set_many({name: _new_version() for name in scopes}, None)
    except Exception as error:
        # E.g. while `migrate` fills a new database before `createcachetable`: nothing is
        # cached yet. Otherwise the old entries live at most their cache's timeout.
        logger.warning("Cache scopes %s were not renewed: %s", scopes, type(error).__name__)


def _new_version():
    # Not a counter: a counter lost with its cache would start again at a number whose
    # entries may still be stored.
    return f"{time.time_ns():x}"


def seconds_until_tomorrow():
    """For entries that are right for the rest of the day (a calendar's window)."""
    now = timezone.localtime()
    tomorrow = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time())
    return int((timezone.make_aware(tomorrow) - now).total_seconds()) + 1


class ScopesAdminMixin:
    """
    For the admin of a public model that it saves without a service: forgets the scopes the
    object touches (``cache_scopes(obj, form)``, by default the model's ``cache_scopes()``)
    when it is saved or deleted.
    """

    def cache_scopes(self, obj, form=None):
        return obj.cache_scopes()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget(*self.cache_scopes(obj, form))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        forget(*self.cache_scopes(form.instance, form))

    def delete_model(self, request, obj):
        scopes = self.cache_scopes(obj)
        super().delete_model(request, obj)
        forget(*scopes)

    def delete_queryset(self, request, queryset):
        scopes = [name for obj in queryset for name in self.cache_scopes(obj)]
        super().delete_queryset(request, queryset)
        forget(*scopes)
