"""
The files that crawlers and security researchers look for at fixed addresses: /robots.txt and
/.well-known/security.txt (RFC 9116). Both are made from the URLconf and the settings, so they
name the addresses that exist in every language and never go out of date by themselves.
"""

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

# security.txt's expiry, counted from the start of the current day (UTC). RFC 9116 asks for
# less than a year; the file is regenerated from the settings on every request, so it expires
# only if the portal stops being served (docs/ARCHITECTURE.md, "Languages and addresses").
SECURITY_TXT_VALID_DAYS = 180
WILDCARD = "robots-wildcard"
# A number stands for the ``*`` of an argument that must be one (``<int:pk>``).
NUMBER_WILDCARD = "987654321"


def _wildcard(name, *arguments):
    """The path of the URL ``name`` with each of its ``arguments`` as robots.txt's ``*``."""
    kwargs = {arg: NUMBER_WILDCARD if arg == "pk" else WILDCARD for arg in arguments}
    path = reverse(name, kwargs=kwargs)
    return path.replace(WILDCARD, "*").replace(NUMBER_WILDCARD, "*")


# Forms and what follows them (nothing to index, and no bot should post), and private links
# (the token is in the address): as URL names with the arguments robots.txt matches with *.
FORMS_AND_PRIVATE_LINKS = [
    ("recruitment:apply", "slug"),
    ("recruitment:thanks", "slug"),
    ("recruitment:application", "token"),
    ("projects:propose",),
    ("spaces:book", "pk"),
    ("spaces:booking_link", "token"),
    ("following:follow", "slug"),
    ("following:follow_requested", "slug"),
    ("following:confirm", "token"),
    ("following:manage", "token"),
    ("following:unsubscribe", "token"),
    ("meetings:invitation_answer", "answer"),
    ("meetings:invitation_link", "token", "answer"),
]


def _disallowed_paths():
    paths = [reverse("admin:index")]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            paths += [_wildcard(name, *arguments) for name, *arguments in FORMS_AND_PRIVATE_LINKS]
            # Search results: endless combinations of the pages already listed.
            paths.append(reverse("search"))
    # The OParl API's lists with a query string (pages, filters): a crawler follows the
    # links of the objects themselves instead.
    paths.append(reverse("oparl:system") + "*?")
    return paths


@require_safe
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in _disallowed_paths()]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def security_txt_expires():
    # From midnight, so that the file is the same all day (cacheable, and easy to compare).
    today = timezone.now().astimezone(datetime.UTC).replace(hour=0, minute=0, second=0)
    return today.replace(microsecond=0) + datetime.timedelta(days=SECURITY_TXT_VALID_DAYS)


@require_safe
@cache_control(public=True, max_age=3600)
def security_txt(request):
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACT]
    lines += [
        f"Expires: {security_txt_expires().strftime('%Y-%m-%dT%H:%M:%SZ')}",
        f"Preferred-Languages: {', '.join(code for code, _name in settings.LANGUAGES)}",
        f"Canonical: {request.build_absolute_uri(reverse('security_txt'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
