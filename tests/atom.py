"""Reading the portal's Atom feeds in tests: one parser and the RFC 4287 checks."""

import datetime
import xml.etree.ElementTree as ET

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
