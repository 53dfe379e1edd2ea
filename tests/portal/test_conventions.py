"""
The web's conventions as a browser, a search engine or a security researcher meets them:
English under /en/ with the URL alone deciding the language, a language switch that keeps the
page, hreflang/canonical/Open Graph in every page's head, /sitemap.xml, /robots.txt and
/.well-known/security.txt.
"""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from committees.models import Committee, CommunitySpace, Meeting
from projects.models import Goal, ProjectIdea
from recruitment.models import Application, Campaign
from recruitment.tokens import application_token
from tests.committees.factories import MeetingFactory
from tests.projects.factories import PendingIdeaFactory, ProjectIdeaFactory
from tests.support import QUERY_BUDGETS

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
HOST = "http://testserver"


class Head(HTMLParser):
    """What a crawler reads from a page: the head's title, metas and links; the switch."""

    def __init__(self):
        super().__init__()
        self.title, self.meta, self.links, self.switch = "", {}, [], []
        self._in_title = self._in_switch = self._in_svg = False
        self.og_alternate_locales = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg":
            self._in_svg = True  # a chart's <title> names the picture, not the page
        elif tag == "title" and not self._in_svg:
            self._in_title = True
        elif tag == "meta":
            key = attrs.get("name") or attrs.get("property")
            if key == "og:locale:alternate":
                self.og_alternate_locales.append(attrs["content"])
            elif key:
                self.meta[key] = attrs.get("content")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "ul" and "language-switch" in (attrs.get("class") or ""):
            self._in_switch = True
        elif tag == "a" and self._in_switch:
            self.switch.append(attrs)

    def handle_endtag(self, tag):
        if tag == "svg":
            self._in_svg = False
        elif tag == "title":
            self._in_title = False
        elif tag == "ul":
            self._in_switch = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    @property
    def canonical(self):
        found = [link["href"] for link in self.links if link.get("rel") == "canonical"]
        assert len(found) <= 1
        return found[0] if found else None

    @property
    def alternates(self):
        return {
            link["hreflang"]: link["href"]
            for link in self.links
            if link.get("rel") == "alternate" and link.get("hreflang")
        }


def head_of(response):
    parser = Head()
    parser.feed(response.content.decode())
    return parser


# --- The URL decides the language --------------------------------------------------------------


def test_english_home_page_is_at_en_with_hreflang_both_ways(client, demo_site):
    english = client.get("/en/")
    assert english.status_code == 200
    html = english.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Kouvola's area committees</h1>" in html
    expected = {"fi": f"{HOST}/", "en": f"{HOST}/en/", "x-default": f"{HOST}/"}
    assert head_of(english).alternates == expected
    assert head_of(english).canonical == f"{HOST}/en/"
    finnish = client.get("/")
    assert '<html lang="fi">' in finnish.content.decode()
    assert head_of(finnish).alternates == expected
    assert head_of(finnish).canonical == f"{HOST}/"


def test_the_url_decides_the_language_not_an_old_cookie_or_the_browser(client, demo_site):
    # The cookie the old switch set, and an English browser: the Finnish address stays Finnish.
    client.cookies["kouvola_language"] = "en"
    finnish = client.get("/aluetoimikunnat/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="fi">' in finnish.content.decode()
    assert finnish["Content-Language"] == "fi"
    # The browser's language cannot change the page, so caches need not keep a copy per one.
    assert "Accept-Language" not in finnish.get("Vary", "")
    client.cookies["kouvola_language"] = "fi"
    english = client.get("/en/aluetoimikunnat/", HTTP_ACCEPT_LANGUAGE="fi")
    assert "<h1>Area committees</h1>" in english.content.decode()
    assert english["Content-Language"] == "en"


def test_admin_and_machine_files_have_no_english_twin(client, demo_site):
    assert client.get("/admin/login/").status_code == 200
    for path in ("/en/admin/login/", "/en/healthz", "/en/robots.txt", "/en/sitemap.xml"):
        assert client.get(path).status_code == 404, path


def test_an_unknown_english_address_is_an_english_404_without_a_canonical(client, demo_site):
    response = client.get("/en/ei-ole/")
    assert response.status_code == 404
    head = head_of(response)
    assert head.title.startswith("Page not found")
    assert head.canonical is None and head.alternates == {}
    # The switch cannot keep a page that does not exist: it leads to the other home page.
    assert [a["href"] for a in head.switch] == ["/"]


# --- The language switch -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "finnish",
    [
        "/hankkeet/?alue=valkeala&alue=keskusta&tila=proposed",
        "/kokoukset/?alue=valkeala&sivu=2",
        "/aluetoimikunnat/valkeala/2022-2025/",
        "/saavutettavuus/",
        "/haku/?q=kirjasto",
    ],
)
def test_the_switch_is_a_plain_link_to_the_same_page_and_query(client, demo_site, finnish):
    (switch,) = head_of(client.get(finnish)).switch
    assert switch["href"] == "/en" + finnish
    assert switch["hreflang"] == switch["lang"] == "en"
    english = client.get(switch["href"])
    assert english.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    (back,) = head_of(english).switch
    assert back["href"] == finnish
    assert back["lang"] == "fi"


def test_the_switch_is_named_in_the_language_it_leads_to(client, demo_site):
    html = client.get("/").content.decode()
    assert re.search(r'hreflang="en" lang="en">English</a>', html)
    html = client.get("/en/").content.decode()
    assert re.search(r'hreflang="fi" lang="fi">Suomi</a>', html)


def test_an_old_switch_link_leads_to_the_page_in_the_chosen_language(client, demo_site):
    client.cookies["kouvola_language"] = "en"
    response = client.get(
        "/kieli/", {"language": "en", "next": "/hankkeet/?alue=valkeala&tila=proposed"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/hankkeet/?alue=valkeala&tila=proposed"
    # The cookie that used to carry the choice is removed.
    assert response.cookies["kouvola_language"]["max-age"] == 0
    response = client.get("/kieli/", {"language": "fi", "next": "/en/aluetoimikunnat/"})
    assert response["Location"] == "/aluetoimikunnat/"


def test_an_old_switch_link_never_sends_elsewhere(client, demo_site):
    response = client.get("/kieli/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/en/"
    response = client.get("/kieli/", {"language": "xx", "next": "/aluetoimikunnat/"})
    assert response["Location"] == "/aluetoimikunnat/"
    response = client.get("/kieli/", {"language": "en", "next": "/ei-ole/"})
    assert response["Location"] == "/en/"


# --- Every page's head ---------------------------------------------------------------------------


def page_types():
    """One address of each kind of public page, made from the demo content."""
    committee = Committee.objects.get(slug="valkeala")
    idea = ProjectIdea.objects.published().first()
    meeting = Meeting.objects.published().first()
    campaign = Campaign.objects.get(is_demo=True)
    return {
        "home": "/",
        "committees": "/aluetoimikunnat/",
        "committee": committee.get_absolute_url(),
        "term": f"{committee.get_absolute_url()}2022-2025/",
        "recruitment": "/jasenhaku/",
        "campaign": campaign.get_absolute_url(),
        "application form": f"{campaign.get_absolute_url()}hae/",
        "ideas": "/hankkeet/",
        "idea": idea.get_absolute_url(),
        "propose": "/hankkeet/ehdota/",
        "goals": "/hankkeet/tavoitteet/",
        "goal": Goal.objects.first().get_absolute_url(),
        "meetings": "/kokoukset/",
        "meeting": meeting.get_absolute_url(),
        "spaces": "/tilat/",
        "space": CommunitySpace.objects.first().get_absolute_url(),
        "open data": "/avoin-data/",
        "search": "/haku/",
        "accessibility": "/saavutettavuus/",
        "privacy": "/tietosuoja/",
    }


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_page_type_has_its_own_title_description_and_canonical(client, demo_site, prefix):
    titles, descriptions = {}, {}
    images = {HOST + static("img/og-image.png")}
    for kind, path in page_types().items():
        url = prefix + path
        response = client.get(url)
        assert response.status_code == 200, url
        head = head_of(response)
        suffix = " – City of Kouvola" if prefix else " – Kouvolan kaupunki"
        assert head.title.endswith(suffix), url
        own_title = head.title.removesuffix(suffix)
        description = head.meta["description"]
        assert 40 <= len(description) <= 160, (url, description)
        titles.setdefault(own_title, []).append(kind)
        descriptions.setdefault(description, []).append(kind)
        assert head.canonical == HOST + url, url
        assert head.alternates == {
            "fi": HOST + path,
            "en": f"{HOST}/en{path}",
            "x-default": HOST + path,
        }, url
        # Open Graph tells the same as the head.
        assert head.meta["og:title"] == own_title
        assert head.meta["og:description"] == description
        assert head.meta["og:url"] == head.canonical
        assert head.meta["og:locale"] == ("en_GB" if prefix else "fi_FI")
        # Open Graph's fourth required property: the portal's mark unless the page has its own.
        assert head.meta["og:image"] in images, url
        assert head.meta["og:image:alt"], url
        assert head.og_alternate_locales == (["fi_FI"] if prefix else ["en_GB"])
    assert all(len(kinds) == 1 for kinds in titles.values()), titles
    assert all(len(kinds) == 1 for kinds in descriptions.values()), descriptions


def test_the_default_open_graph_image_is_the_mark_as_a_1200_by_630_png():
    path = finders.find("img/og-image.png")
    assert path, "static/img/og-image.png is served with the other static files"
    header = Path(path).read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(header[16:20]) == 1200
    assert int.from_bytes(header[20:24]) == 630


def test_descriptions_come_from_the_content(client, demo_site):
    committee = Committee.objects.get(slug="valkeala")
    head = head_of(client.get(committee.get_absolute_url()))
    assert head.meta["description"].startswith("Valkealan aluetoimikunta (Valkeala):")
    summary = "Kylätalon katto korjataan talkoilla keväällä. " * 6  # under the 300 allowed
    idea = ProjectIdeaFactory(
        title="Kylätalon remontti", summary=summary.strip(), committees=[committee]
    )
    description = head_of(client.get(idea.get_absolute_url())).meta["description"]
    # A long summary is cut at a word, with an ellipsis, to what search engines show.
    assert description.endswith("…") and 140 < len(description) <= 160
    kept = description.removesuffix("…")
    assert summary.startswith(kept)
    assert summary[len(kept)] in " ."


def test_markup_in_a_title_or_description_is_escaped_once(client, demo_site):
    committee = Committee.objects.get(slug="valkeala")
    idea = ProjectIdeaFactory(
        title='Kahvila & "kirjasto" <b>', summary="Ei <script> täällä", committees=[committee]
    )
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "<title>Kahvila &amp; &quot;kirjasto&quot; &lt;b&gt; – Kouvolan kaupunki</title>" in html
    assert 'content="Ei &lt;script&gt; täällä"' in html
    assert "&amp;amp;" not in html


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("?alue=valkeala&tila=proposed", "/kokoukset/"),
        ("?utm_source=uutiskirje&fbclid=x", "/kokoukset/"),
        ("?sivu=2", "/kokoukset/?sivu=2"),
        ("?sivu=1", "/kokoukset/"),
        ("?alue=valkeala&sivu=2", "/kokoukset/"),
        ("?sivu=abc", "/kokoukset/"),
    ],
)
def test_the_canonical_address_leaves_out_filters_and_tracking(client, demo_site, query, canonical):
    head = head_of(client.get("/kokoukset/" + query))
    assert head.canonical == HOST + canonical
    assert head.alternates["en"] == f"{HOST}/en{canonical}"


def test_private_application_pages_carry_no_canonical(client, demo_site):
    application = Application.objects.filter(campaign__is_demo=True).first()
    token = application_token(application)
    # The e-mailed link keeps its token in the session and leads to the pages below.
    assert client.get(f"/jasenhaku/hakemus/{token}/")["Location"] == "/jasenhaku/hakemus/oma/"
    for path in ("/jasenhaku/hakemus/oma/", "/jasenhaku/hakemus/oma/peru/"):
        response = client.get(path)
        assert response.status_code == 200
        head = head_of(response)
        assert head.meta["robots"] == "noindex, nofollow"
        assert head.canonical is None and head.alternates == {}
        # Not for sharing either: no Open Graph card of a private page.
        assert not [key for key in head.meta if key.startswith("og:")]
        assert token not in "".join(str(link) for link in head.links)


# --- Sitemap -----------------------------------------------------------------------------------


def xml(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def sitemap_files(client):
    """The files /sitemap.xml (a sitemap index) names, as {path with query: parsed <urlset>}."""
    index = xml(client, "/sitemap.xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    files = {}
    for loc in index.findall(f"{SITEMAP}sitemap/{SITEMAP}loc"):
        assert loc.text.startswith(f"{HOST}/sitemap-")
        address = urlsplit(loc.text)
        path = address.path + (f"?{address.query}" if address.query else "")
        files[path] = xml(client, path)
    return files


def sitemap(client):
    """Every <url> of every file the index names, gathered in one <urlset>."""
    gathered = etree.Element(f"{SITEMAP}urlset")
    for root in sitemap_files(client).values():
        assert root.tag == f"{SITEMAP}urlset"
        gathered.extend(root.findall(f"{SITEMAP}url"))
    return gathered


def test_the_sitemap_validates_against_the_sitemaps_org_schema(client, demo_site):
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap-with-alternates.xsd")))
    files = sitemap_files(client)
    assert set(files) == {
        f"/sitemap-{section}.xml"
        for section in (
            "pages",
            "committees",
            "terms",
            "campaigns",
            "ideas",
            "goals",
            "meetings",
            "minutes",
            "spaces",
        )
    }
    for path, root in files.items():
        assert schema.validate(root), (path, schema.error_log)
    # And the schema is strict enough to fail: alternates must follow <loc>.
    root = files["/sitemap-ideas.xml"]
    url = root.find(f"{SITEMAP}url")
    url.append(url.find(f"{SITEMAP}loc"))
    assert not schema.validate(root)


def test_a_long_section_is_split_into_files_each_reading_only_its_rows(
    client, demo_site, django_assert_max_num_queries, monkeypatch
):
    from portal.sitemaps import IdeaSitemap

    published = ProjectIdea.objects.published().count()
    # Three addresses (a page in two languages is two) per file: the demo's ideas fill pages.
    monkeypatch.setattr(IdeaSitemap, "limit", 3)
    files = sitemap_files(client)
    pages = [path for path in files if path.startswith("/sitemap-ideas.xml")]
    assert len(pages) == -(-2 * published // 3) > 1
    assert pages[1] == "/sitemap-ideas.xml?p=2"
    assert all(len(files[path].findall(f"{SITEMAP}url")) <= 3 for path in pages)
    locations = [
        loc.text for path in pages for loc in files[path].findall(f"{SITEMAP}url/{SITEMAP}loc")
    ]
    # Every idea once in each language, none twice.
    assert len(locations) == len(set(locations)) == 2 * published
    assert {urlsplit(loc).path for loc in locations} >= {
        idea.get_absolute_url() for idea in ProjectIdea.objects.published()
    }
    with django_assert_max_num_queries(3):
        client.get("/sitemap-ideas.xml?p=2")


def test_no_sitemap_file_may_hold_more_than_the_protocol_allows():
    from portal.sitemaps import SITEMAPS

    assert all(section.limit <= 50_000 for section in SITEMAPS.values())
    assert len(SITEMAPS) <= 50_000


def test_every_address_in_the_sitemap_answers_in_both_languages(client, demo_site, site_pages):
    urls = sitemap(client).findall(f"{SITEMAP}url")
    locations = [url.findtext(f"{SITEMAP}loc") for url in urls]
    assert len(locations) == len(set(locations))
    paths = [urlsplit(loc).path for loc in locations]
    finnish = {p for p in paths if not p.startswith("/en/")}
    assert {f"/en{p}" for p in finnish} == set(paths) - finnish
    # The session's crawl of the same demo, DEBUG off as here, has asked for most of them:
    # its answers are read, and only the addresses it did not reach are asked for again.
    crawled = {**site_pages["fi"], **site_pages["en"]}
    for loc in locations:
        assert loc.startswith(f"{HOST}/")
        path = urlsplit(loc).path
        response = crawled[path] if path in crawled else client.get(path)
        assert response.status_code == 200, loc
    for url in urls:
        path = urlsplit(url.findtext(f"{SITEMAP}loc")).path
        finnish_path = path.removeprefix("/en")
        alternates = {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        assert alternates == {
            "fi": HOST + finnish_path,
            "en": f"{HOST}/en{finnish_path}",
            "x-default": HOST + finnish_path,
        }


def test_the_sitemap_lists_every_kind_of_public_page_and_nothing_unpublished(client, demo_site):
    pending = PendingIdeaFactory(title="Salainen ehdotus")
    hidden = MeetingFactory(is_published=False)
    paths = {
        urlsplit(url.findtext(f"{SITEMAP}loc")).path
        for url in sitemap(client).findall(f"{SITEMAP}url")
    }
    for kind, path in page_types().items():
        if kind in ("search", "propose", "application form"):
            assert path not in paths, kind
        else:
            assert path in paths and f"/en{path}" in paths, kind
    for idea in ProjectIdea.objects.published():
        assert idea.get_absolute_url() in paths
    for meeting in Meeting.objects.published():
        assert meeting.get_absolute_url() in paths
        minutes = reverse("meetings:minutes", kwargs={"pk": meeting.pk})
        assert (minutes in paths) == meeting.minutes_published
    for campaign in Campaign.objects.all():
        assert campaign.get_absolute_url() in paths
    for committee in Committee.objects.all():
        assert f"{committee.get_absolute_url()}2022-2025/" in paths
    assert pending.get_absolute_url() not in paths
    assert hidden.get_absolute_url() not in paths


def test_the_sitemap_says_when_ideas_and_meetings_last_changed(client, demo_site):
    idea = ProjectIdea.objects.published().first()
    ProjectIdea.objects.filter(pk=idea.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=3)
    )
    idea.refresh_from_db()
    lastmods = {
        urlsplit(url.findtext(f"{SITEMAP}loc")).path: url.findtext(f"{SITEMAP}lastmod")
        for url in sitemap(client).findall(f"{SITEMAP}url")
    }
    day = timezone.localtime(idea.updated_at).date().isoformat()
    assert lastmods[idea.get_absolute_url()] == day
    assert lastmods[f"/en{idea.get_absolute_url()}"] == day
    assert lastmods[Meeting.objects.published().first().get_absolute_url()]
    assert lastmods["/tietosuoja/"]
    assert lastmods["/aluetoimikunnat/"] is None  # committees keep no modification time


@pytest.mark.parametrize("extra", [0, 30])
def test_the_sitemap_query_count_does_not_grow_with_the_content(
    client, demo_site, django_assert_max_num_queries, extra
):
    committee = Committee.objects.get(slug="valkeala")
    for _ in range(extra):
        ProjectIdeaFactory(committees=[committee])
        MeetingFactory(committee=committee, is_published=True)
    with django_assert_max_num_queries(QUERY_BUDGETS["sitemap"]):
        xml(client, "/sitemap.xml")
    for section in ("ideas", "meetings", "terms", "pages"):
        with django_assert_max_num_queries(QUERY_BUDGETS["sitemap"]):
            xml(client, f"/sitemap-{section}.xml")


# --- robots.txt and security.txt ---------------------------------------------------------------


def disallowed(robots, path):
    """RFC 9309 matching: a rule is a path prefix in which * stands for any characters."""
    rules = [line.split(":", 1)[1].strip() for line in robots if line.startswith("Disallow:")]
    return any(re.match(re.escape(rule).replace(r"\*", ".*"), path) for rule in rules)


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_off_forms_and_private_links(
    client, demo_site
):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    robots = response.content.decode().splitlines()
    assert robots[0] == "User-agent: *"
    assert f"Sitemap: {HOST}/sitemap.xml" in robots
    campaign = Campaign.objects.get(is_demo=True).get_absolute_url()
    token = application_token(Application.objects.first())
    for prefix in ("", "/en"):
        for path in (
            f"{campaign}hae/",
            f"{campaign}kiitos/",
            "/hankkeet/ehdota/",
            "/hankkeet/ehdota/kiitos/",
            f"/jasenhaku/hakemus/{token}/",
            "/jasenhaku/hakemus/oma/",
            "/jasenhaku/hakemus/oma/peru/",
            "/haku/?q=kirjasto",
            "/tilat/1/varaa/",
            "/tilat/1/varaa/lahetetty/",
            "/tilat/varaus/oma/",
            "/tilat/varaus/abc123/",
            "/aluetoimikunnat/valkeala/seuraa/",
            "/aluetoimikunnat/valkeala/seuraa/kiitos/",
            "/seuranta/vahvista/abc123/",
            "/seuranta/tilaus/abc123/",
            "/seuranta/peru/abc123/",
            "/kokoukset/kutsu/vastaus/tulen/",
            "/kokoukset/kutsu/abc123/tulen/",
        ):
            assert disallowed(robots, prefix + path), prefix + path
    assert disallowed(robots, "/oparl/v1/body/kouvola/person/?page=2")
    assert not disallowed(robots, "/oparl/v1/body/kouvola/person/")
    assert disallowed(robots, "/admin/login/")
    # Everything the sitemap offers may be crawled.
    for url in sitemap(client).findall(f"{SITEMAP}url"):
        assert not disallowed(robots, urlsplit(url.findtext(f"{SITEMAP}loc")).path)


def security_txt(client):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = {}
    for line in response.content.decode().splitlines():
        if line:
            name, value = line.split(": ", 1)
            fields.setdefault(name, []).append(value)
    return fields


def expires(fields):
    (value,) = fields["Expires"]
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_security_txt_follows_rfc_9116(client, db):
    fields = security_txt(client)
    assert fields["Contact"] == ["mailto:kirjaamo@kouvola.fi"]
    assert fields["Preferred-Languages"] == ["fi, en"]
    assert fields["Canonical"] == [f"{HOST}/.well-known/security.txt"]
    # In the future, and less than a year away as the RFC recommends.
    now = timezone.now()
    assert now < expires(fields) < now + datetime.timedelta(days=365)
    assert set(fields) == {"Contact", "Expires", "Preferred-Languages", "Canonical"}


def test_security_txt_never_goes_stale_while_the_portal_runs(client, db):
    later = timezone.now() + datetime.timedelta(days=800)
    with time_machine.travel(later, tick=False):
        assert expires(security_txt(client)) > later


def test_security_txt_contact_comes_from_the_settings(client, db, settings):
    settings.SECURITY_CONTACT = [
        "mailto:tietoturva@kouvola.fi",
        "https://www.kouvola.fi/tietoturva",
    ]
    assert security_txt(client)["Contact"] == settings.SECURITY_CONTACT
