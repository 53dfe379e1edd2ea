"""Content that staff write in Finnish with an optional English version."""

from django.utils.translation import get_language


def localized(obj, field):
    """
    The English variant of a text field (``<field>_en``) when the UI is in English and staff
    have written one; otherwise the Finnish original.
    """
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, field)
