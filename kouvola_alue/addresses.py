"""One spelling of an e-mail address, wherever one is stored or compared."""

from django.contrib.auth.base_user import BaseUserManager


def normalize_email(email):
    """One address, one spelling: the domain is case-insensitive, and people type both."""
    return BaseUserManager.normalize_email((email or "").strip()).lower()
