from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kouvola_alue.errors import RETRY_AFTER_SECONDS
from kouvola_alue.i18n import url_in_language


@never_cache
@require_safe
def healthz(request):
    """For the load balancer: 200 while the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def set_language(request):
    """
    The old language switch (/kieli/?language=en&next=/aluetoimikunnat/), kept so that links
    and bookmarks made before English moved under /en/ still work: it sends the visitor to the
    same page in the chosen language and removes the cookie that used to hold the choice.
    """
    language = request.GET.get("language")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    target = request.GET.get("next", "/")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    translated = url_in_language(target, language) if safe else None
    if translated is None:
        with translation.override(language):
            translated = reverse("home")
    response = HttpResponseRedirect(translated)
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    return response


@require_safe
def favicon(request):
    # Browsers ask for /favicon.ico on pages without an icon link, such as the admin's.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
