"""
Security headers and the deploy check: a strict Content-Security-Policy that the portal's own
pages and the admin keep (no inline script or style anywhere), Permissions-Policy, HTTPS
with HSTS when debug is off, and `check --deploy` clean with only the environment of
docs/CONFIGURATION.md.
"""

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests import factories

ROOT = Path(__file__).resolve().parent.parent.parent
# What docs/OPERATIONS.md's "Production" section sets, and nothing else.
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "t3st-0nly-kHq8v2LmZp9xRw4NcYb7sJd1FgTe6UaVo5Ii0Pl3Kz",
    "DJANGO_ALLOWED_HOSTS": "aluetoimikunnat.kouvola.fi",
    "DJANGO_EMAIL_HOST": "smtp.kouvola.fi",
}


def run_django(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "kouvola_alue.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_of(*names, **env):
    """The settings ``names`` as a process started with ``env`` has them (as str), read in
    one start of Django."""
    values = ", ".join(f"{name!r}: str(settings.{name})" for name in names)
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{{values}}}))"
    )
    result = run_django("-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- The deploy check and the production defaults -------------------------------------------


def test_the_deploy_check_is_clean_with_the_readme_environment():
    result = run_django(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_https_and_hsts_are_on_by_default_when_debug_is_off():
    production = settings_of(
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "STAFF_REQUIRE_2FA", **PRODUCTION_ENV
    )
    assert production["SECURE_SSL_REDIRECT"] == "True"
    assert production["SECURE_HSTS_SECONDS"] == "31536000"
    assert production["STAFF_REQUIRE_2FA"] == "True"


def test_a_proxy_that_redirects_itself_may_turn_the_redirect_off():
    env = {**PRODUCTION_ENV, "DJANGO_SSL_REDIRECT": "false"}
    assert settings_of("SECURE_SSL_REDIRECT", **env)["SECURE_SSL_REDIRECT"] == "False"
    result = run_django("manage.py", "check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_relaxes_https_and_the_second_factor():
    env = {"DJANGO_DEBUG": "true"}
    development = settings_of(
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "STAFF_REQUIRE_2FA", **env
    )
    assert development["SECURE_SSL_REDIRECT"] == "False"
    assert development["SECURE_HSTS_SECONDS"] == "0"
    assert development["STAFF_REQUIRE_2FA"] == "False"


@pytest.mark.django_db
def test_plain_http_is_redirected_and_https_gets_hsts(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # a new client, so SecurityMiddleware reads the changed settings
    response = client.get("/tietosuoja/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/tietosuoja/"
    # The load balancer's health check speaks plain HTTP to gunicorn.
    assert client.get("/healthz").status_code == 200
    secure = client.get("/tietosuoja/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


# --- Content-Security-Policy and Permissions-Policy ----------------------------------------


def policy(response):
    return dict(
        [*part.split(" ", 1), ""][:2]
        for part in (p.strip() for p in response["Content-Security-Policy"].split(";"))
        if part
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/admin/login/", "/healthz", "/jasenhaku/"])
def test_every_response_carries_the_strict_policy(client, path):
    response = client.get(path)
    directives = policy(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["base-uri"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


class InlineFinder(HTMLParser):
    """Everything a policy without 'unsafe-inline' would block in a page."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # A JSON-LD block is data, never run (HTML's "data block"): the policy's script-src
        # does not apply to it, so the page needs no 'unsafe-inline' for it.
        data_block = attributes.get("type") == "application/ld+json"
        if tag == "script" and "src" not in attributes and not data_block:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.found.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.found.append(f"{name} handler on <{tag}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"javascript: URL on <{tag}>")


def inline_code(html):
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


def test_only_a_json_ld_data_block_is_inline_script_the_policy_allows():
    assert inline_code('<script type="application/ld+json">{}</script>') == []
    assert inline_code("<script>alert(1)</script>") == ["<script> without src"]
    assert inline_code('<script type="module">x</script>') == ["<script> without src"]


def test_no_template_of_the_portal_has_inline_script_or_style():
    offenders = {}
    for template in (ROOT / "templates").rglob("*.html"):
        found = inline_code(template.read_text(encoding="utf-8"))
        if found:
            offenders[str(template.relative_to(ROOT))] = found
    assert offenders == {}


@pytest.mark.django_db
def test_no_public_page_has_inline_script_or_style(site_pages):
    # Every public page of both languages, as the session's crawl of the demo found them.
    pages = {
        url: page.content.decode()
        for language in site_pages.values()
        for url, page in language.items()
        if page.status_code == 200 and page.is_html
    }
    assert len(pages) > 40
    offenders = {path: found for path, html in pages.items() if (found := inline_code(html))}
    assert offenders == {}


@pytest.mark.django_db
def test_no_admin_page_of_the_staff_has_inline_script_or_style(client, demo):
    factories.sign_in_staff(client, factories.UserFactory(is_staff=True, is_superuser=True))
    paths = ["/admin/", "/admin/kaksivaihe/varakoodit/", "/admin/password_change/"]
    request = client.get("/admin/").wsgi_request
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        paths.append(reverse(f"{prefix}_changelist"))
        if model_admin.has_add_permission(request):
            paths.append(reverse(f"{prefix}_add"))
        first = model._default_manager.first()
        if first is not None:
            paths.append(reverse(f"{prefix}_change", args=[first.pk]))
    offenders = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        if found := inline_code(response.content.decode()):
            offenders[path] = sorted(set(found))
    assert offenders == {}
