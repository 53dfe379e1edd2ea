from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """For the load balancer: 200 while the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def set_language(request):
    """
    The language switch: a plain GET form, so that public pages carry no CSRF token and can
    be cached. It only sets the visitor's language preference and goes back.
    """
    language = request.GET.get("language")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            httponly=True,
        )
    return response


@require_safe
def favicon(request):
    # Browsers ask for /favicon.ico on pages without an icon link, such as the admin's.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
