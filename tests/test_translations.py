"""The Finnish catalogue is complete and compiled: no UI string falls back to English."""

import ast
import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "fi" / "LC_MESSAGES"


def po_entries():
    """(msgid, [msgstrs], flags) of each entry of django.po, read without extra tools."""
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
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
    return ast.literal_eval(f'"{po_string}"')


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
