"""
The home page rendered by Django's template language and by Jinja2 from the same context, in one
process, CPU time per render (issue 16: "measure the alternatives"). The Jinja2 templates in this
folder are a line-for-line port of templates/portal/home.html, templates/base.html and their
includes; the two outputs are compared (whitespace aside) before timing. Not part of the portal.

    DJANGO_DEBUG=false DJANGO_SECRET_KEY=… DJANGO_ALLOWED_HOSTS=127.0.0.1,testserver \\
    DJANGO_EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend \\
    python manage.py shell -c "exec(open('docs/experiments/jinja2-home/measure.py').read())"

with LANG_CODE=fi|en and N=renders in the environment; needs jinja2 (installed with the test
extra), collected static files and a seeded database. Results: docs/BENCHMARKS.md, "Jinja2
measured against the Django templates".
"""

import os
import re
import statistics
import sys
import time

from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.utils import translation

import portal.views

sys.path.insert(0, "docs/experiments/jinja2-home")
from engine import env

home = env.get_template("home.html")

# The view's own context, taken as it renders.
captured = {}
render = portal.views.render


def capture(request, name, context):
    captured.update(request=request, context=context)
    return render(request, name, context)


portal.views.render = capture
language = os.environ.get("LANG_CODE", "fi")
renders = int(os.environ.get("N", "60"))
client = Client(HTTP_HOST="127.0.0.1", headers={"X-Forwarded-Proto": "https"})
with override_settings(PAGE_CACHE_SECONDS=0, CONTENT_CACHE_SECONDS=0):
    client.get("/" if language == "fi" else "/en/")
portal.views.render = render
request, context = captured["request"], dict(captured["context"])
# The querysets read once, as both engines would read them: the rendering alone is timed.
for name in ("sections", "goals", "committees"):
    context[name] = list(context[name])


def django_templates():
    return render_to_string("portal/home.html", context, request)


def jinja():
    return home.render({**context, "request": request})


def normalised(html):
    # Markupsafe writes an apostrophe as &#39;, Django as &#x27;: the same character.
    return re.sub(r"\s+", " ", html).replace("> <", "><").replace("&#39;", "&#x27;").strip()


with translation.override(language):
    same = normalised(django_templates()) == normalised(jinja())
    print(f"the same page from both (whitespace aside): {same}")
    django_times, jinja_times = [], []
    for _ in range(renders):
        started = time.process_time()
        django_templates()
        django_times.append(time.process_time() - started)
        started = time.process_time()
        jinja()
        jinja_times.append(time.process_time() - started)
    dtl, jin = statistics.median(django_times) * 1000, statistics.median(jinja_times) * 1000
    print(
        f"home ({language}), CPU ms per render, median of {renders}: Django templates {dtl:.2f}, "
        f"Jinja2 {jin:.2f}, {dtl / jin:.1f}×"
    )
