"""
The sections' contact links: kouvola_alue.templatetags.localized's ``urlize`` gives exactly what
Django's ``urlize`` filter gives, skipping only the work on words that cannot be links.
"""

import random

import pytest
from django.template.defaultfilters import urlize as django_urlize
from django.utils.safestring import SafeString, mark_safe

from kouvola_alue.templatetags.localized import urlize

TEXTS = [
    "",
    "Ei linkkejä tässä. Eikä (tässäkään), vain pisteitä… ja <tageja> & \"lainauksia\" 'myös'.",
    "Yhteys: aluetoimikunnat@kouvola.fi, puh. 020 615 11.",
    "Katso https://www.kouvola.fi/aluetoimikunnat/?a=1&b=2 tai www.kouvola.fi.",
    "(kouvola.com) [example.org/polku] esimerkki.net: loppu.",
    "http:/vajaa ja mailto:joku ja @-merkki yksin ja a@b",
    "Rivi 1\nRivi 2\n\nKappale <b>lihava</b> &amp; entiteetti",
    "JavaScript:alert(1) ja javascript://x ja HTTPS://ISOT.FI",
    "Kolme.pistettä.sanassa ja sähköposti.osoite@esimerkki.invalid.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_same_links_as_django_makes(text):
    assert urlize(text) == django_urlize(text)
    assert isinstance(urlize(text), SafeString)


def test_the_same_as_django_on_random_texts():
    rng = random.Random(16)
    pieces = [
        "sana",
        " ",
        "\n",
        ".",
        ",",
        "@",
        "www.",
        "://",
        "http",
        ".com",
        ".fi",
        "(",
        ")",
        "<",
        ">",
        "&",
        '"',
        "'",
        "ä",
        "kouvola",
        "/",
        ":",
        "org",
        "x",
    ]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30)))
        assert urlize(text) == django_urlize(text), text


def test_safe_input_stays_as_it_is():
    text = mark_safe("<b>Valmis</b> ja aluetoimikunnat@kouvola.fi")
    assert urlize(text) == django_urlize(text)
    assert urlize(mark_safe("<i>ei linkkiä</i>")) == django_urlize(mark_safe("<i>ei linkkiä</i>"))
