"""
The answer when something fails on the server: 503 with Retry-After while the database
cannot be reached (the load balancer and the visitor may try again; nothing was saved),
the branded 500 page otherwise.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """
    ``handler500`` of the root URLconf. Django calls it inside the ``except`` block of the
    failed request – wherever it failed, in a view, a template or a middleware – so the
    exception is at hand. The pages render without the request's context processors: with
    the database gone they must not touch it.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        body = loader.get_template("503.html").render()
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())
