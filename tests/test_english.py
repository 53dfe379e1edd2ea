"""
The English site is English: every page reachable from /en/ is crawled as a visitor's browser
meets it, and no Finnish word is left outside an element marked ``lang="fi"`` (WCAG 3.1.2).

Finnish words are known two ways, so the check grows with the portal by itself:
- every word of the Finnish catalogue that no English msgid has (the portal's own UI words);
- every word with ä, ö or å (staff-written text that slipped through untranslated),
except proper names: people, places, addresses and the names of areas, which English keeps
as they are (WCAG 3.1.2 exempts proper names).
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from committees.models import Committee, CommunitySpace, Meeting, OtherAttendee, Person
from kouvola_alue.i18n import localized_with_language
from kouvola_alue.templatetags.localized import localized_html
from projects import services
from tests.support import po_entries, unescape

pytestmark = pytest.mark.django_db

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}
# Attributes a person reads or hears as text.
READ_ATTRIBUTES = ("aria-label", "alt", "placeholder", "title")
# Placeholders and markup of the catalogue are no words of either language.
NOT_WORDS = re.compile(
    r"%\([a-z_]+\)[sd]|\{[a-z_]+\}|<[^>]+>|&[a-z]+;"
    # E-mail and web addresses are names, not words of a language.
    r"|\S+@\S+|\bwww\.\S+|https?://\S+"
)


def words(text):
    return {w.lower() for w in WORD.findall(NOT_WORDS.sub(" ", text))}


def finnish_ui_words():
    english, finnish = set(), set()
    for msgid, msgstrs, _ in po_entries():
        english |= words(unescape(msgid))
        for msgstr in msgstrs:
            finnish |= words(unescape(msgstr))
    return finnish - english


def proper_names():
    """Names English keeps as they are: of people, places and addresses."""
    names = set()
    for person in Person.objects.all():
        names |= words(f"{person.first_name} {person.last_name}")
    for committee in Committee.objects.all():
        names |= words(f"{committee.area_name_en} {committee.statistical_areas}")
    for address in CommunitySpace.objects.values_list("address", flat=True):
        names |= words(address)
    for address in Meeting.objects.values_list("address", flat=True):
        names |= words(address)
    # Others present at meetings (staff, guests) are people too.
    for name in OtherAttendee.objects.values_list("name", flat=True):
        names |= words(name)
    return names


class UntaggedText(HTMLParser):
    """The text and read attributes of a page that are outside any ``lang="fi"`` element."""

    def __init__(self):
        super().__init__()
        self.stack, self.texts = [], []

    def in_finnish(self):
        languages = [lang for _, lang in self.stack if lang]
        return bool(languages) and languages[-1].startswith("fi")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in VOID:
            self.stack.append((tag, attrs.get("lang")))
        if tag in VOID and (attrs.get("lang") or "").startswith("fi"):
            return
        if not self.in_finnish():
            self.texts += [attrs[name] for name in READ_ATTRIBUTES if attrs.get(name)]

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        in_code = any(tag in ("script", "style") for tag, _ in self.stack)
        if data.strip() and not in_code and not self.in_finnish():
            self.texts.append(data)


def finnish_findings(pages, vocabulary, names):
    findings = {}
    for url, response in pages.items():
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = UntaggedText()
        parser.feed(response.content.decode())
        for text in parser.texts:
            for word in words(text) - names:
                if word in vocabulary or re.search("[äöå]", word):
                    findings.setdefault(word, (url, " ".join(text.split())[:120]))
    return findings


def test_no_finnish_word_is_left_untagged_on_the_english_site(demo_site, site_pages):
    pages = site_pages["en"]
    assert len(pages) > 100
    findings = finnish_findings(pages, finnish_ui_words(), proper_names())
    assert not findings, "\n".join(f"{w!r} on {url}: {text}" for w, (url, text) in findings.items())


def test_the_check_finds_finnish_left_untagged(client, demo_site):
    """The crawl's check itself: untranslated staff text and a Finnish UI word are found."""
    meeting = Meeting.objects.filter(is_published=True).first()
    opening = meeting.items.get(standard="opening")
    opening.title_en = ""
    opening.save()
    page = client.get(f"/en/kokoukset/{meeting.pk}/")
    html = page.content.decode()
    assert '<span lang="fi">Kokouksen avaus</span>' in html
    assert "(in Finnish)" in html
    bare = html.replace('<span lang="fi">', "<span>")
    findings = finnish_findings({"/x/": _page(bare)}, finnish_ui_words(), proper_names())
    assert "kokouksen" in findings
    assert "jäsen" in finnish_ui_words() and "committee" not in finnish_ui_words()


def _page(html):
    from django.http import HttpResponse

    return HttpResponse(html)


def test_finnish_text_on_the_english_site_is_marked_and_noted(client, demo_site):
    space = CommunitySpace.objects.first()
    space.name_en = ""
    space.description_en = ""
    space.save()
    html = client.get(f"/en/tilat/{space.pk}/").content.decode()
    assert (
        f'<h1><span lang="fi">{space.name}</span> <small class="lang-note">(in Finnish)</small>'
        in html
    )
    assert f'<div lang="fi"><p>{space.description}</p></div>' in html
    # The English written for the other texts is shown without a note.
    assert space.opening_hours_en.splitlines()[0] in html
    finnish = client.get(f"/tilat/{space.pk}/").content.decode()
    assert f"<h1>{space.name}" in finnish
    assert "lang-note" not in finnish and 'lang="fi"' not in finnish.split("<body", 1)[1]


def test_english_written_by_staff_replaces_the_finnish(client, demo_site):
    committee = Committee.objects.get(slug="keskusta")
    html = client.get("/en/aluetoimikunnat/keskusta/").content.decode()
    assert "<dd>Kouvola city centre area</dd>" in html
    # The statistical area keeps its official Finnish name, read as Finnish, without a note.
    assert '<dd><span lang="fi">Kouvolan keskusta-alue</span></dd>' in html
    assert (
        "<dd>Kouvolan keskusta-alue</dd>"
        in client.get("/aluetoimikunnat/keskusta/").content.decode()
    )
    committee.area_name_en = ""
    committee.save()
    html = client.get("/en/aluetoimikunnat/keskusta/").content.decode()
    assert '<dd><span lang="fi">Kouvolan keskusta-alue</span> <small class="lang-note">' in html


def test_the_rule_gives_the_text_and_its_language(committee):
    committee.area_name, committee.area_name_en = "Kouvolan keskusta-alue", ""
    with translation.override("en"):
        assert localized_with_language(committee, "area_name") == ("Kouvolan keskusta-alue", "fi")
        assert "(in Finnish)" in localized_html(committee, "area_name")
        committee.area_name_en = "Kouvola city centre area"
        assert localized_with_language(committee, "area_name") == ("Kouvola city centre area", "en")
        assert localized_html(committee, "area_name") == "Kouvola city centre area"
    with translation.override("fi"):
        assert localized_with_language(committee, "area_name") == ("Kouvolan keskusta-alue", "fi")
        assert localized_html(committee, "area_name") == "Kouvolan keskusta-alue"
    committee.area_name_en = "<b>"
    with translation.override("en"):
        assert localized_html(committee, "area_name") == "&lt;b&gt;"


def test_a_clerk_writes_the_english_beside_the_finnish_in_the_admin(clerk_client, committee):
    space = CommunitySpace.objects.create(committee=committee, name="Kylätalo", address="Tie 1")
    url = reverse("admin:committees_communityspace_change", args=[space.pk])
    html = clerk_client.get(url).content.decode()
    # The admin is Finnish: each English field is labelled as such, right after its original.
    assert html.index('for="id_name"') < html.index('for="id_name_en"') < html.index("id_address")
    assert "Nimi englanniksi" in html and "Kuvaus englanniksi" in html
    response = clerk_client.post(
        url,
        {
            "committee": committee.pk,
            "name": "Kylätalo",
            "name_en": "Village hall",
            "address": "Tie 1",
            "order": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "<h1>Village hall" in Client().get(f"/en/tilat/{space.pk}/").content.decode()
    assert "<h1>Kylätalo" in Client().get(f"/tilat/{space.pk}/").content.decode()


def test_a_status_note_in_english_is_shown_on_the_english_site(client, committee):
    idea = services.idea_create(
        title="Kylätalo",
        title_en="A village hall",
        summary="Tila kaikille.",
        summary_en="A space for everyone.",
        committees=[committee],
        status_note="Valmistui toukokuussa.",
        status_note_en="Finished in May.",
        publish=True,
    )
    english = client.get(f"/en/hankkeet/{idea.slug}/").content.decode()
    assert "Finished in May." in english and "Valmistui" not in english
    assert "Valmistui toukokuussa." in client.get(f"/hankkeet/{idea.slug}/").content.decode()
