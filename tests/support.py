"""
What several test modules share, in one place (test modules never import each other):
each public page's query budget, running requests at the same moment, reading Atom feeds.
"""

import datetime
import os
import threading
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

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
