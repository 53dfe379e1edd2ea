"""
What several test modules share, in one place (test modules never import each other):
each public page's query budget, running requests at the same moment, reading Atom feeds,
crawling the public site, the Finnish catalogue's entries.

The fixtures every test module may ask for by name are in tests/conftest.py (``demo``,
``demo_site``, ``site_pages``, ``city_facts``, ``clerk_client``, …) and, for the browser,
tests/e2e/conftest.py; its docstring lists them.
"""

import ast
import dataclasses
import datetime
import functools
import html
import os
import re
import socket
import threading
import xml.etree.ElementTree as ET
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from django.db import connection

# With CI=true nothing may be skipped: a missing PostgreSQL, Chromium or Redis is a failure.
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


# --- Query budgets ------------------------------------------------------------------------------

# The most queries each public page may make, whatever the amount of data: every budget test
# reads its number here, with little data and with much more (docs/BUDGETS.md's ceiling is 15).
QUERY_BUDGETS = {
    "home": 8,
    "committee_list": 3,
    "committee": 9,
    "committee_term": 4,
    "page_sections": 1,
    "idea_list": 10,  # with a search: +1 for the search limit's counter
    "idea": 5,
    "goal_list": 2,
    "goal": 4,
    "meeting_list": 7,
    "meeting": 8,
    "meeting_agenda": 8,
    "meeting_minutes": 8,
    "space": 8,
    "space_list": 4,
    "campaign_list": 5,
    "sitemap": 15,
    # A page of any OParl list: the scope versions, a count and the rows per source, and
    # their prefetches (portal/oparl).
    "oparl_list": 10,
}


# --- At the same moment ------------------------------------------------------------------------


def run_concurrently(target, calls, *, timeout=30):
    """
    Call ``target(*args)`` for each ``args`` of ``calls``, each in a thread of its own, all at
    once (as simultaneous requests or clerks would); return the results in the order of
    ``calls``. An exception in a thread is raised here, in the test's own thread. Each thread
    closes its database connection, which a transactional test's teardown needs.
    """
    calls = list(calls)
    results, errors = [None] * len(calls), []
    start = threading.Barrier(len(calls), timeout=timeout)

    def run(index, args):
        try:
            start.wait()
            results[index] = target(*args)
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, args)) for i, args in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    if errors:
        raise errors[0]
    return results


# --- Atom feeds ---------------------------------------------------------------------------------

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root):
    return root.findall(f"{ATOM}entry")


def assert_rfc4287(root):
    """The rules of RFC 4287 §4.1 a feed validator checks, the author rule included."""
    for element in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{element}")) == 1, element
    # §4.1.1: every entry has an author unless the feed has one; the portal's feed has one.
    authors = root.findall(f"{ATOM}author")
    assert len(authors) == 1 and authors[0].findtext(f"{ATOM}name")
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    ids = set()
    for entry in entries(root):
        for element in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{element}")) == 1, element
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        ids.add(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(entries(root))
    stamps = [root.findtext(f"{ATOM}updated")] + [
        e.findtext(f"{ATOM}updated") for e in entries(root)
    ]
    for stamp in stamps:
        assert datetime.datetime.fromisoformat(stamp).tzinfo is not None


# --- An admin form sent back as a clerk sends it ---------------------------------------------


class _FormFields(HTMLParser):
    """The values an admin change form would send as the page shows it."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea, self._in_form = [], None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form or ("name" not in attrs and tag != "option"):
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            checkable = attrs.get("type") in ("checkbox", "radio")
            if not checkable or "checked" in attrs:
                self.fields.append((attrs["name"], attrs.get("value", "on" if checkable else "")))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.fields.append((self._textarea, ""))

    def handle_data(self, data):
        if self._textarea:
            name, text = self.fields.pop()
            self.fields.append((name, text + data))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def admin_form_post(client, url, **changes):
    """Post the admin's form at ``url`` back with ``changes``, as a clerk saves it."""
    parser = _FormFields()
    parser.feed(client.get(url).content.decode())
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value.removeprefix("\n"))
    data.update({name: [value] for name, value in changes.items()})
    return client.post(url, data)


# --- The public site, crawled as a visitor's browser meets it -----------------------------------

SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/i18n/")
MAX_PAGES = 400


class LinkCollector(HTMLParser):
    """The links, h1 count, skip link, heading levels and ids of a page."""

    def __init__(self):
        super().__init__()
        self.links, self.h1, self.skip_link = [], 0, False
        self.headings, self.ids = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if "skip-link" in (attrs.get("class") or ""):
                self.skip_link = True
        if tag == "h1":
            self.h1 += 1
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if attrs.get("id"):
            self.ids.append(attrs["id"])


def internal(href, base):
    """The site's own address ``href`` (on the page at ``base``) leads to, or None."""
    href = urldefrag(href).url
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:", "#")) or not href:
        return None
    if not href.startswith("/"):
        href = base.rsplit("/", 1)[0] + "/" + href
    return None if href.startswith(SKIP_PREFIXES) else href


def in_language(url, language):
    """English pages are under /en/, Finnish ones have no prefix (the switch links across)."""
    return url.startswith("/en/") == (language == "en")


@dataclasses.dataclass(frozen=True)
class Page:
    """One crawled answer, kept after its request: read like the test client's response."""

    url: str
    status_code: int
    headers: dict
    content: bytes

    @classmethod
    def of(cls, url, response):
        # A download (open data, calendars) may stream: read it whole, as a browser does.
        streamed = response.streaming
        content = b"".join(response.streaming_content) if streamed else response.content
        return cls(url, response.status_code, dict(response.headers), content)

    def get(self, header, default=None):
        return self.headers.get(header, default)

    def __getitem__(self, header):
        return self.headers[header]

    @property
    def is_html(self):
        return "text/html" in self.get("Content-Type", "")

    @functools.cached_property
    def collected(self):
        """The page read by LinkCollector (its links, h1s, skip link, headings, ids), once:
        the crawl follows its links, and the checks of ``site_pages`` read the rest."""
        collector = LinkCollector()
        collector.feed(self.content.decode())
        return collector


def crawl(client, language="fi"):
    """
    Every page of one language reachable by links from its home page (query strings kept,
    at most MAX_PAGES), as {url: Page}. The ``site_pages`` fixture (tests/conftest.py) crawls
    the demo site once per session; ask for it rather than crawling again.
    """
    start = "/en/" if language == "en" else "/"
    seen, queue, pages = {start}, deque([start]), {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        page = Page.of(url, client.get(url))
        pages[url] = page
        if not page.is_html:
            continue
        for href in page.collected.links:
            target = internal(href, url)
            if target and target not in seen and in_language(target, language):
                seen.add(target)
                queue.append(target)
    return pages


# --- The Finnish catalogue ----------------------------------------------------------------------

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "fi" / "LC_MESSAGES"


def po_entries(path=None):
    """(msgid, [msgstrs], flags) of each entry of django.po (or of ``path``), read without tools."""
    text = Path(path or LOCALE / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        fields, current = {}, None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            strs = [v for k, v in fields.items() if k.startswith("msgstr")]
            entries.append((fields["msgid"], strs, flags))
    return entries


def unescape(po_string):
    """A string of the catalogue as Python reads it (its escapes undone)."""
    return ast.literal_eval(f'"{po_string}"')


# --- Reading a page -----------------------------------------------------------------------------


def html_of(response):
    """The page's HTML as one line: every run of white space read as one space."""
    return re.sub(r"\s+", " ", response.content.decode())


def visible_text(response):
    """
    The text a reader sees on a page that was found (200): tags left out, entities read,
    every run of white space read as one space.
    """
    assert response.status_code == 200, response.status_code
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+", " ", text)


def text_of(element):
    """The text an lxml element reads as, every run of white space read as one space."""
    return " ".join(element.text_content().split())


# --- Servers a test starts ----------------------------------------------------------------------


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on at the moment of asking."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- Links in a mail ----------------------------------------------------------------------------

# The paths of the private links the portal mails, as regular expressions for ``link_in``.
APPLICATION_LINK = r"/jasenhaku/hakemus/\S+/"
BOOKING_LINK = r"/tilat/varaus/\S+/"
FOLLOW_LINKS = {
    "confirm": r"/seuranta/vahvista/\S+/",
    "manage": r"/seuranta/tilaus/\S+/",
    "unsubscribe": r"/seuranta/peru/\S+/",
}


def invitation_link(answer):
    """The path of a meeting invitation's link that answers ``answer`` ("tulen", "en-paase")."""
    return rf"/kokoukset/kutsu/\S+/{answer}/"


def links_in(message, path):
    """Every whole address in the mail's text whose path matches ``path``, in order."""
    return re.findall(rf"https?://[^\s/]+\S*?{path}", message.body)


def link_in(message, path):
    """The address in the mail's text whose path matches ``path`` (see ``links_in``): there is
    one, written once or more."""
    found = set(links_in(message, path))
    assert len(found) == 1, (found, message.body)
    return found.pop()


def path_of(url):
    """The address without its scheme and host, as the test client asks for it."""
    return re.sub(r"^https?://[^/]+", "", url)


# --- The browser ---------------------------------------------------------------------------------

# No motion in the browser tests (tests/e2e/conftest.py adds it to every stylesheet and page):
# every transition and animation ends at once, so axe never judges a colour mid-way (a focus
# transition under load once read as contrast 4.1).
NO_MOTION_CSS = (
    "*, *::before, *::after { transition: none !important; animation: none !important;"
    " scroll-behavior: auto !important; }"
)
