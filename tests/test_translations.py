"""The Finnish catalogue is complete and compiled: no UI string falls back to English."""

import gettext

from tests.support import LOCALE, po_entries, unescape


def test_every_string_has_a_finnish_translation():
    untranslated = [msgid for msgid, strs, flags in po_entries() if not all(strs)]
    fuzzy = [msgid for msgid, strs, flags in po_entries() if "fuzzy" in flags]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy


def test_the_compiled_catalogue_matches_the_sources():
    with open(LOCALE / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = [
        msgid
        for msgid, strs, _ in po_entries()
        if len(strs) == 1 and catalogue.gettext(unescape(msgid)) != unescape(strs[0])
    ]
    assert not stale, f"run compilemessages: {stale[:5]}"
